// Tests of src/maps/maps.hpp (made in pages.cpp): one mark per site, sites placed inside the face drawing, views,
// byte-stable output; a comparison's panels and its text writers.
#include <doctest/doctest.h>

#include <mesogrid/core/error.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "face.hpp"
#include "flags.hpp"
#include "maps/maps.hpp"
#include "output/report.hpp"
#include "planning.hpp"

using namespace mesogrid;
using namespace mesogrid::cli;

namespace {

size_t count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

const Face& face() {
  static const Face m = load_face(FaceSource{});
  return m;
}

Plan plan_of(const std::string& region, const std::string& technique) {
  PlanFlags f;
  f.region = region;
  f.technique = technique;
  return plan_on_face(parse_plan_flags(f, "table"), face());
}

}  // namespace

TEST_CASE("plan_svg: one site mark per site, inside the map box, byte-stable") {
  const Plan p = plan_of("forehead", "point-by-point");
  REQUIRE(!p.sites.empty());
  MapOptions o;
  const std::string svg = plan_svg(face().mesh, p, {}, o);
  CHECK(count(svg, "class=\"site\"") == p.sites.size());
  CHECK(svg == plan_svg(face().mesh, p, {}, o));
  CHECK(svg.find("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"210mm\" height=\"297mm\"") != std::string::npos);
  CHECK(svg.size() < 600000);
  for (const auto& q : plan_svg_site_positions(face().mesh, p, o)) {
    CHECK(q.x() > 10);
    CHECK(q.x() < 200);
    CHECK(q.y() > 20);
    CHECK(q.y() < 210);
  }
  o.labels = true;
  CHECK(count(plan_svg(face().mesh, p, {}, o), "</text>\n") >= p.sites.size());
}

TEST_CASE("views: front keeps the subject's left on the reader's right; side views show one half") {
  const Plan p = plan_of("cheeks", "nappage");
  MapOptions o;
  const auto pos = plan_svg_site_positions(face().mesh, p, o);
  REQUIRE(pos.size() == p.sites.size());
  const FaceFrame& fr = p.params.frame;
  for (size_t i = 0; i < p.sites.size(); ++i)
    if (std::abs(fr.side(p.sites[i].position)) > 5) CHECK((pos[i].x() > 105) == (fr.side(p.sites[i].position) > 0));
  o.view = "left";
  const size_t left = plan_svg_site_positions(face().mesh, p, o).size();
  o.view = "right";
  const size_t right = plan_svg_site_positions(face().mesh, p, o).size();
  CHECK(left == right);
  CHECK(left < p.sites.size());
  CHECK(2 * left >= p.sites.size());
  try {
    make_map_view(fr, "top");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind == ErrorKind::usage);
    CHECK(std::string(e.what()).find("--view 'top'") != std::string::npos);
  }
}

TEST_CASE("compare: svg panels and text writers") {
  const std::vector<Plan> plans{plan_of("forehead", "point-by-point"), plan_of("forehead", "nappage"),
                                plan_of("forehead", "epidermic")};
  const std::string svg = compare_svg(face().mesh, plans, {}, MapOptions{});
  CHECK(count(svg, "class=\"site\"") == plans[0].sites.size() + plans[1].sites.size() + plans[2].sites.size());
  CHECK(count(svg, "id=\"panel-") == 3);
  const std::string csv = compare_csv(plans);
  CHECK(count(csv, "\n") == 4);
  CHECK(csv.rfind("technique,sites,spacing_mm,depth_mm,volume_per_site_ml,total_volume_ml,session_minutes\n", 0) == 0);
  CHECK(nlohmann::json::parse(compare_json(plans, "m"))["plans"].size() == 3);
  CHECK(compare_table(plans, "m").find("epidermic") != std::string::npos);
  CHECK(site_table_svgs(plans[1]).size() >= 1);
}

TEST_CASE("site sheet: the record on every page, a line to write on where a field is empty, a box per site") {
  const Plan p = plan_of("cheeks", "nappage");
  Record r;
  r.patient = "Jane <Doe>";
  r.date = "2026-12-03";
  const std::vector<std::string> pages = site_table_svgs(p, r);
  REQUIRE(pages.size() == (p.sites.size() + 47) / 48);
  size_t boxes = 0;
  for (const auto& page : pages) {
    CHECK(page.find("Patient:</tspan> Jane &lt;Doe&gt;") != std::string::npos);
    CHECK(page.find("Date:</tspan> 2026-12-03") != std::string::npos);
    CHECK(page.find("Lot:</tspan> </text><path") != std::string::npos);  // empty: a line to write on
    CHECK(page.find(">done</text>") != std::string::npos);
    boxes += count(page, "<rect x=\"187.00\"");
  }
  CHECK(boxes == p.sites.size());
}

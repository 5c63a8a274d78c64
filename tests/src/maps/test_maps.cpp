// Tests of src/maps/maps.hpp (made in pages.cpp): one mark per site, sites placed inside the face drawing, views,
// byte-stable output; a comparison's panels and its text writers.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <mesogrid/core/error.hpp>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "face.hpp"
#include "flags.hpp"
#include "maps/contour.hpp"
#include "maps/maps.hpp"
#include "output/numbers.hpp"
#include "output/report.hpp"
#include "planning.hpp"

#include "../src_support.hpp"

using namespace mesogrid;
using namespace mesogrid::cli;

namespace {

size_t count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

/// The numbers of an SVG attribute's text (a path's d, a coordinate).
std::vector<double> numbers(const std::string& s) {
  std::vector<double> v;
  for (size_t i = 0; i < s.size();) {
    const size_t j = s.find_first_of("-0123456789.", i);
    if (j == std::string::npos) break;
    size_t used = 0;
    v.push_back(std::stod(s.substr(j), &used));
    i = j + used;
  }
  return v;
}

std::string attribute(const std::string& element, const std::string& name) {
  const size_t a = element.find(" " + name + "=\"");
  if (a == std::string::npos) return {};
  const size_t b = a + name.size() + 3;
  return element.substr(b, element.find('"', b) - b);
}

/// The elements of `svg` that start with `head` (e.g. "<path class=\"footprint\""), whole.
std::vector<std::string> elements(const std::string& svg, const std::string& head) {
  std::vector<std::string> out;
  for (size_t p = svg.find(head); p != std::string::npos; p = svg.find(head, p + 1))
    out.push_back(svg.substr(p, svg.find('>', p) - p));
  return out;
}

/// A footprint's loops from its path ("Mx yLx y x y ...Z" per loop).
std::vector<std::vector<Eigen::Vector2d>> footprint_loops(const std::string& d) {
  std::vector<std::vector<Eigen::Vector2d>> loops;
  for (size_t p = 0; p < d.size();) {
    const size_t e = d.find('Z', p);
    const std::vector<double> v = numbers(d.substr(p, e - p));
    std::vector<Eigen::Vector2d> l;
    for (size_t k = 0; k + 1 < v.size(); k += 2) l.emplace_back(v[k], v[k + 1]);
    loops.push_back(l);
    p = e + 1;
  }
  return loops;
}

/// For every site drawn on the map and every zone footprint drawn: the site is in the zone in 3D exactly when its
/// drawn centre is inside the drawn footprint (even-odd, as filled). Sites within `tol_mm` of a zone's edge
/// (reach) are left out: the footprint is traced between pixel centres. Returns the pairs checked.
long check_sites_in_footprints(const std::string& svg, const Plan& plan, const std::vector<Zone>& zones,
                               const std::string& view, double tol_mm) {
  const Eigen::Vector3d toward = make_map_view(plan.params.frame, view).toward;
  std::map<long, const Site*> by_id;
  for (const auto& s : plan.sites) by_id[s.id] = &s;
  std::vector<std::pair<const Zone*, std::vector<std::vector<Eigen::Vector2d>>>> fps;
  for (const auto& e : elements(svg, "<path class=\"footprint\"")) {
    const std::string name = attribute(e, "data-name");
    const Zone* z = nullptr;
    for (const auto& zz : zones)
      if (zz.name == name) z = &zz;
    REQUIRE(z != nullptr);
    fps.emplace_back(z, footprint_loops(attribute(e, "d")));
  }
  REQUIRE(!fps.empty());
  long checked = 0, wrong = 0;
  for (const auto& e : elements(svg, "<circle class=\"site\"")) {
    const Site& s = *by_id.at(std::stol(attribute(e, "data-id")));
    const Eigen::Vector2d c(std::stod(attribute(e, "cx")), std::stod(attribute(e, "cy")));
    for (const auto& [z, loops] : fps) {
      // a pixel's width on paper spans more skin where the skin is seen at a slant
      const double slant = std::max(std::abs(s.normal.dot(toward)), 0.1);
      if (std::abs(zone_distance(*z, s.position) - z->radius_mm) < tol_mm / slant) continue;
      const bool in3d = zone_contains(*z, s.position, plan.params.frame);
      const bool drawn = draw::inside_loops(loops, c);
      if (in3d != drawn) {
        ++wrong;
        const std::string why = "site " + std::to_string(s.id) + (in3d ? " in " : " not in ") + z->name +
                                " but drawn " + (drawn ? "inside" : "outside") + " at distance " +
                                std::to_string(zone_distance(*z, s.position)) + " of reach " +
                                std::to_string(z->radius_mm);
        MESSAGE(why);
      }
      ++checked;
    }
  }
  CHECK(wrong == 0);
  return checked;
}

/// Advance width of `s` in DejaVu Sans (em; the maps' first font): its lower-case letters, digits and space from the
/// font's tables (hmtx, 2048 units per em), 1 em for anything else. Independent of src/maps' estimate.
double dejavu_em(const std::string& s) {
  static const std::map<char, double> w = {
      {' ', 651},  {'a', 1255}, {'b', 1300}, {'c', 1126}, {'d', 1300}, {'e', 1260}, {'f', 721},  {'g', 1300},
      {'h', 1298}, {'i', 569},  {'j', 569},  {'k', 1186}, {'l', 569},  {'m', 1995}, {'n', 1298}, {'o', 1253},
      {'p', 1300}, {'q', 1300}, {'r', 842},  {'s', 1067}, {'t', 803},  {'u', 1298}, {'v', 1212}, {'w', 1675},
      {'x', 1212}, {'y', 1212}, {'z', 1075}, {'0', 1303}, {'1', 1303}, {'2', 1303}, {'3', 1303}, {'4', 1303},
      {'5', 1303}, {'6', 1303}, {'7', 1303}, {'8', 1303}, {'9', 1303}, {'(', 799},  {')', 799}};
  double em = 0;
  for (char c : s) em += w.count(c) ? w.at(c) / 2048.0 : 1.0;
  return em;
}

/// The text of an element "<text ...>TEXT" (up to its closing tag).
std::string text_of(const std::string& svg, size_t at) {
  const size_t b = svg.find('>', at) + 1;
  return svg.substr(b, svg.find('<', b) - b);
}

/// The zone names written on a map: legible at print size (at least 7 pt), no two overlapping, none under a site
/// number (boxes from DejaVu Sans's advance widths, ascent 0.76 em, descent 0.24 em); every zone drawn is named on
/// the face or listed in the legend. Returns how many zones are named on the face.
size_t check_zone_names(const std::string& svg) {
  const std::string group = "<g id=\"zone-names\" font-size=\"";
  const size_t g = svg.find(group);
  REQUIRE(g != std::string::npos);
  const double font = std::stod(svg.substr(g + group.size()));
  CHECK(font * 72 / 25.4 >= 7.0);  // points at A4 (1 unit = 1 mm of paper)
  struct Name {
    std::string zone;
    double x0, y0, x1, y1;
  };
  std::vector<Name> names;
  std::set<std::string> named;
  for (size_t at = svg.find("<text class=\"zone-name\""); at != std::string::npos;
       at = svg.find("<text class=\"zone-name\"", at + 1)) {
    const std::string e = svg.substr(at, svg.find('>', at) - at);
    const std::string line = text_of(svg, at);
    const double x = std::stod(attribute(e, "x")), y = std::stod(attribute(e, "y")), w = dejavu_em(line) * font;
    names.push_back({attribute(e, "data-zone"), x - w / 2, y - 0.76 * font, x + w / 2, y + 0.24 * font});
    named.insert(attribute(e, "data-zone"));
  }
  const auto over = [](const auto& a, const auto& b) {
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
  };
  size_t pairs = 0;
  for (size_t i = 0; i < names.size(); ++i)
    for (size_t j = i + 1; j < names.size(); ++j)
      if (over(names[i], names[j])) {
        ++pairs;
        MESSAGE(std::string(names[i].zone + " over " + names[j].zone));
      }
  CHECK(pairs == 0);
  // site numbers: digits of DejaVu Sans, ascent 0.73 em
  const std::string lg = "<g id=\"labels\" font-size=\"";
  if (const size_t l = svg.find(lg); l != std::string::npos) {
    const double lf = std::stod(svg.substr(l + lg.size()));
    size_t under = 0, labels = 0;
    for (size_t at = svg.find("<text class=\"label\""); at != std::string::npos;
         at = svg.find("<text class=\"label\"", at + 1)) {
      const std::string e = svg.substr(at, svg.find('>', at) - at);
      const double x = std::stod(attribute(e, "x")), y = std::stod(attribute(e, "y"));
      const Name b{"", x, y - 0.73 * lf, x + dejavu_em(text_of(svg, at)) * lf, y};
      ++labels;
      for (const Name& n : names) under += over(n, b);
    }
    CHECK(labels > 0);
    CHECK(under == 0);
  }
  // a zone drawn and not named on the face is in the legend's list
  std::string legend;
  for (size_t at = svg.find("<text class=\"unnamed\""); at != std::string::npos;
       at = svg.find("<text class=\"unnamed\"", at + 1))
    legend += text_of(svg, at) + " ";
  for (const auto& e : elements(svg, "<path class=\"footprint\"")) {
    const std::string zone = attribute(e, "data-name");
    if (named.count(zone)) continue;
    std::string shown = zone;
    for (const char* side : {"_left", "_right"})
      if (shown.size() > std::strlen(side) &&
          shown.compare(shown.size() - std::strlen(side), std::strlen(side), side) == 0)
        shown = shown.substr(0, shown.size() - std::strlen(side)) + " (" + (side + 1) + ")";
    std::replace(shown.begin(), shown.end(), '_', ' ');
    CHECK_MESSAGE(legend.find(shown) != std::string::npos,
                  std::string(zone + " neither named on the face nor in the legend"));
  }
  return named.size();
}

}  // namespace

TEST_CASE("plan_svg: one site mark per site, inside the map box, byte-stable") {
  const Plan p = test::tool_plan("forehead", "point-by-point");
  REQUIRE(!p.sites.empty());
  MapOptions o;
  const std::string svg = plan_svg(test::tool_face().mesh, p, {}, o);
  CHECK(count(svg, "class=\"site\"") == p.sites.size());
  CHECK(svg == plan_svg(test::tool_face().mesh, p, {}, o));
  CHECK(svg.find("width=\"210mm\" height=\"297mm\"") != std::string::npos);
  // the face as an embedded picture at print resolution, under the overlays
  CHECK(count(svg, "xlink:href=\"data:image/png;base64,") == 1);
  CHECK(svg.find("<image") < svg.find("id=\"sites\""));
  CHECK(svg.size() < 1500000);
  for (const auto& q : plan_svg_site_positions(test::tool_face().mesh, p, o)) {
    CHECK(q.x() > 10);
    CHECK(q.x() < 200);
    CHECK(q.y() > 20);
    CHECK(q.y() < 210);
  }
  o.labels = true;
  CHECK(count(plan_svg(test::tool_face().mesh, p, {}, o), "</text>\n") >= p.sites.size());
}

TEST_CASE("views: front keeps the subject's left on the reader's right; side views show one half") {
  const Plan p = test::tool_plan("cheeks", "nappage");
  MapOptions o;
  const auto pos = plan_svg_site_positions(test::tool_face().mesh, p, o);
  REQUIRE(pos.size() == p.sites.size());
  const FaceFrame& fr = p.params.frame;
  for (size_t i = 0; i < p.sites.size(); ++i)
    if (std::abs(fr.side(p.sites[i].position)) > 5) CHECK((pos[i].x() > 105) == (fr.side(p.sites[i].position) > 0));
  o.view = "left";
  const size_t left = plan_svg_site_positions(test::tool_face().mesh, p, o).size();
  o.view = "right";
  const size_t right = plan_svg_site_positions(test::tool_face().mesh, p, o).size();
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
  const std::vector<Plan> plans{test::tool_plan("forehead", "point-by-point"), test::tool_plan("forehead", "nappage"),
                                test::tool_plan("forehead", "epidermic")};
  const std::string svg = compare_svg(test::tool_face().mesh, plans, {}, MapOptions{});
  size_t shown = 0;  // each panel draws the sites its plan's own map shows (exact view rays, not edge-on)
  for (const Plan& p : plans) shown += plan_svg_site_positions(test::tool_face().mesh, p, MapOptions{}).size();
  CHECK(count(svg, "class=\"site\"") == shown);
  CHECK(shown >= (plans[0].sites.size() + plans[1].sites.size() + plans[2].sites.size()) * 99 / 100);
  CHECK(count(svg, "id=\"panel-") == 3);
  const std::string csv = compare_csv(plans);
  CHECK(count(csv, "\n") == 4);
  CHECK(csv.rfind(
            "technique,sites,spacing_mm,depth_min_mm,depth_max_mm,volume_per_site_ml,total_volume_ml,session_minutes,"
            "warnings\n",
            0) == 0);
  // each plan's warnings in every output: counted in the CSV, listed in the JSON, table and map (each text once)
  std::vector<Plan> warned = plans;
  warned[0].warnings.emplace_back("a risk to look at");
  warned[2].warnings.emplace_back("a risk to look at");
  warned[2].warnings.emplace_back("another risk");
  CHECK(compare_csv(warned).find(",1\n") != std::string::npos);
  CHECK(compare_csv(warned).find(",2\n") != std::string::npos);
  const auto wj = nlohmann::json::parse(compare_json(warned, "m"))["plans"];
  CHECK(wj[0]["warnings"] == nlohmann::json::array({"a risk to look at"}));
  CHECK(wj[1]["warnings"].empty());
  CHECK(wj[2]["warnings"].size() == 2);
  CHECK(compare_table(warned, "m").find("epidermic: another risk") != std::string::npos);
  const std::string wsvg = compare_svg(test::tool_face().mesh, warned, {}, MapOptions{});
  CHECK(count(wsvg, "Warnings (2)") == 1);
  CHECK(count(wsvg, "point-by-point, epidermic: a risk to look at") == 1);
  CHECK(count(wsvg, "epidermic: another risk") == 1);
  CHECK(count(svg, "Warnings (") == 0);
  // the depth columns are the depths the plans use (follows the skin: under the preset), not the presets
  for (size_t i = 0; i < plans.size(); ++i) {
    double lo = 1e9, hi = 0;
    for (const auto& s : plans[i].sites) lo = std::min(lo, s.depth_mm), hi = std::max(hi, s.depth_mm);
    const std::string row = std::string(technique_name(plans[i].params.technique)) + "," +
                            std::to_string(plans[i].sites.size()) + "," + fixed(plans[i].params.spacing_mm, 1) + "," +
                            fixed(lo, 2) + "," + fixed(hi, 2) + ",";
    CHECK_MESSAGE(csv.find("\n" + row) != std::string::npos, row);
    const auto j = nlohmann::json::parse(compare_json(plans, "m"))["plans"][i]["depth_mm"];
    CHECK(j["min"].get<double>() == doctest::Approx(lo).epsilon(0.01));
    CHECK(j["max"].get<double>() == doctest::Approx(hi).epsilon(0.01));
    CHECK(svg.find(">" + fixed_range(lo, hi, 2) + "</text>") != std::string::npos);
  }
  CHECK(csv.find("\npoint-by-point,18,15.0,4.00,") == std::string::npos);  // the preset, 4 mm, was shown before
  CHECK(nlohmann::json::parse(compare_json(plans, "m"))["plans"].size() == 3);
  CHECK(compare_table(plans, "m").find("epidermic") != std::string::npos);
  CHECK(site_table_svgs(plans[1]).size() >= 1);
}

TEST_CASE("site sheet: the record on every page, a line to write on where a field is empty, a box per site") {
  const Plan p = test::tool_plan("cheeks", "nappage");
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

TEST_CASE("zones where they are: a site is drawn inside a zone's footprint exactly when it lies in the zone") {
  // full-face nappage reaches every zone; before footprints on the visible surface, sites outside the temporal,
  // mandible and angular zones in 3D were drawn inside their projected bands
  const Plan p = test::tool_plan("full_face", "nappage");
  long views = 0;
  for (const char* view : {"front", "left", "right"}) {
    if (!test::sweep_case(views++, 2)) continue;  // under the sanitizers: front and right (a side view's half)
    MapOptions o;
    o.view = view;
    o.labels = true;  // the zone names keep clear of the site numbers
    const std::string svg = plan_svg(test::tool_face().mesh, p, test::tool_face().zones, o);
    const long checked = check_sites_in_footprints(svg, p, test::tool_face().zones, view, 0.15);
    CHECK(checked > 1000);
    // the page's blocks are those of the picture drawn: the summary counts the dots on it
    CHECK(svg.find(fmt::format("{} shown in this view", count(svg, "<circle class=\"site\""))) != std::string::npos);
    // forbid and cap drawn differently, and named, legibly and without overlap
    CHECK(svg.find("data-rule=\"forbid\"") != std::string::npos);
    CHECK(svg.find("data-rule=\"cap\"") != std::string::npos);
    CHECK(check_zone_names(svg) >= 10);
  }
}

TEST_CASE("shared: zones where they are on an ICT face through its landmarks") {
  const std::string dir = test::shared_dir + "/meshes/ict/";
  if (!test::have(dir + "ict_face_neutral.obj")) return;
  FaceSource src;
  src.path = dir + "ict_face_neutral.obj";
  src.landmarks = dir + "ict_face_neutral_landmarks68.csv";
  const Face ict = load_face(src);
  REQUIRE(!ict.zones.empty());
  const Plan p = test::tool_plan("full_face", "nappage", ict);
  long views = 0;
  for (const char* view : {"front", "left", "right"}) {
    if (!test::sweep_case(views++, 2)) continue;
    MapOptions o;
    o.view = view;
    o.labels = true;
    const std::string svg = plan_svg(ict.mesh, p, ict.zones, o);
    CHECK(check_sites_in_footprints(svg, p, ict.zones, view, 0.15) > 500);
    CHECK(check_zone_names(svg) >= 8);
  }
}

TEST_CASE("only visible sites: a site behind the surface in a view is not drawn") {
  const Plan p = test::tool_plan("full_face", "nappage");
  MapOptions o;
  o.view = "left";
  const std::string svg = plan_svg(test::tool_face().mesh, p, test::tool_face().zones, o);
  // the subject's right half is hidden in the left view: no site of it is drawn
  for (const auto& e : elements(svg, "<circle class=\"site\"")) {
    const long id = std::stol(attribute(e, "data-id"));
    for (const auto& s : p.sites)
      if (s.id == id) CHECK(p.params.frame.side(s.position) > -1.0);
  }
}

TEST_CASE("counts on a map say what they count: the legend's depths count the sites shown, of those in the plan") {
  // a side view shows about half of the cheeks' sites: the legend counted the plan's before
  const Plan p = test::tool_plan("cheeks", "nappage");
  MapOptions o;
  o.view = "left";
  const std::string svg = plan_svg(test::tool_face().mesh, p, {}, o);
  const size_t shown = count(svg, "<circle class=\"site\"");
  REQUIRE(shown < p.sites.size());
  size_t rows = 0, seen = 0, all = 0;
  const std::string legend = svg.substr(svg.find("<g id=\"legend\""));
  const std::string rows_text = legend.substr(0, legend.find("</g>"));
  for (size_t at = rows_text.find(" mm ("); at != std::string::npos; at = rows_text.find(" mm (", at + 1)) {
    const std::string e = rows_text.substr(at + 5, rows_text.find(')', at) - at - 5);  // "K of M sites shown"
    const std::vector<double> v = numbers(e);
    REQUIRE(v.size() == 2);
    CHECK(e.find(" sites shown") != std::string::npos);
    seen += static_cast<size_t>(v[0]);
    all += static_cast<size_t>(v[1]);
    ++rows;
  }
  CHECK(rows > 0);
  CHECK(seen == shown);
  CHECK(all == p.sites.size());
  CHECK(svg.find(fmt::format("Sites:</tspan> {} in the plan, {} shown in this view", p.sites.size(), shown)) !=
        std::string::npos);
  CHECK(svg.find(fmt::format("{} of {} sites shown", shown, p.sites.size())) != std::string::npos);
  // a comparison's panels say how many of each plan's sites they show; its table counts the plans'
  const std::string cmp = compare_svg(test::tool_face().mesh, {p}, {}, o);
  CHECK(cmp.find(fmt::format(">{} of {} sites shown</text>", shown, p.sites.size())) != std::string::npos);
  CHECK(cmp.find(">plan sites</text>") != std::string::npos);
}

// Issue 15's acceptance on the built-in face, through the tool's own path (parse_plan_flags, plan_on_face): default
// plans of every region and pair x 3 techniques x both sexes give no warning; full_face totals per technique; the
// default region; the eyelid, nasal dorsum, commissure, philtrum and forehead-artery zones checked against the
// landmark polylines rebuilt here from the face's vertices (vertex k = MediaPipe landmark k), independently of
// face/zones.hpp; the needle refusal; the session budget; a mesh without zones.
#include <doctest/doctest.h>

#include <mesogrid/face/region.hpp>
#include <mesogrid/face/skin.hpp>
#include <string>
#include <vector>

#include "errors.hpp"
#include "planning.hpp"
#include "src_support.hpp"

using namespace mesogrid;
using namespace mesogrid::cli;

namespace {

/// Distance from p to the polyline through the face's landmarks `ks` (mm).
double to_landmarks(const Eigen::Vector3d& p, std::initializer_list<int> ks) {
  const Mesh& m = test::tool_face().mesh;
  std::vector<Eigen::Vector3d> v;
  for (int k : ks) v.push_back(m.vertex(k));
  if (v.size() == 1) return (p - v[0]).norm();
  double best = 1e18;
  for (size_t i = 0; i + 1 < v.size(); ++i) {
    const Eigen::Vector3d ab = v[i + 1] - v[i];
    const double t = std::clamp((p - v[i]).dot(ab) / ab.squaredNorm(), 0.0, 1.0);
    best = std::min(best, (v[i] + t * ab - p).norm());
  }
  return best;
}

/// y of the landmark polyline `ks` (monotonic in x) at x.
double y_at(double x, std::initializer_list<int> ks) {
  const Mesh& m = test::tool_face().mesh;
  std::vector<int> v(ks);
  for (size_t i = 0; i + 1 < v.size(); ++i) {
    const Eigen::Vector3d a = m.vertex(v[i]), b = m.vertex(v[i + 1]);
    if ((a.x() - x) * (b.x() - x) <= 0 && a.x() != b.x())
      return a.y() + (x - a.x()) / (b.x() - a.x()) * (b.y() - a.y());
  }
  return m.vertex(v.front()).y();
}

/// The deepest skin of the table for a sex (mm): a vessel is never taken shallower than the local skin's bottom.
double thickest_skin(Sex sex) {
  double t = 0;
  for (const SkinRow& r : skin_table()) t = std::max(t, detail::layers_of_row("", r, sex).total_mm());
  return t;
}

const char* const techniques[] = {"point-by-point", "nappage", "epidermic"};

}  // namespace

TEST_CASE("default plans of every built-in region and pair x 3 techniques x f/m: no warning") {
  CHECK(test::tool_face().warnings.empty());
  int plans = 0;
  for (const RegionInfo& r : list_regions(test::tool_face().mesh)) {
    if (r.name == "all") continue;
    for (const char* t : techniques)
      for (const char* sex : {"f", "m"}) {
        // under the sanitizers every 5th: each technique and sex on 4 regions
        if (!test::sweep_case(plans++, 5)) continue;
        PlanFlags f;
        f.region = r.name;
        f.technique = t;
        f.sex = sex;
        const Plan p = test::tool_plan(f);
        const std::string what = r.name + " " + t + " " + sex;
        INFO(what);
        CHECK(p.summary.sites > 0);
        for (const auto& w : p.warnings) CHECK_MESSAGE(false, "warning: " << cli::text(w));
      }
  }
  CHECK(plans == 120);  // 14 regions, 5 pairs and full_face
}

TEST_CASE("full_face default totals per technique lie in 1-3 mL (exact figures on the built-in face)") {
  struct Expect {
    const char* technique;
    long sites;
    double total_ml;
  };
  for (const Expect& e : {Expect{"point-by-point", 81, 2.43}, {"nappage", 2280, 2.28}, {"epidermic", 202, 2.02}}) {
    PlanFlags f;
    f.technique = e.technique;
    const Plan p = test::tool_plan(f);
    const std::string what = e.technique;
    INFO(what);
    CHECK(p.params.region == "full_face");  // the default region
    CHECK(p.summary.sites == e.sites);
    CHECK(p.summary.total_volume_ml == doctest::Approx(e.total_ml).epsilon(1e-9));
    CHECK(p.summary.total_volume_ml >= 1.0);
    CHECK(p.summary.total_volume_ml <= 3.0);
    CHECK(p.warnings.empty());
    long per_region = 0;
    for (const auto& c : p.summary.regions) per_region += c.sites;
    CHECK(per_region == p.summary.sites);
  }
}

TEST_CASE("sites and mL per region: the labels of the planned region, summing to the plan") {
  PlanFlags f;
  f.region = "cheeks";
  f.technique = "nappage";
  const Plan p = test::tool_plan(f);
  REQUIRE(p.summary.regions.size() == 2);
  CHECK(p.summary.regions[0].name == "cheek_left");
  CHECK(p.summary.regions[1].name == "cheek_right");
  CHECK(p.summary.regions[0].sites == p.summary.regions[1].sites);  // mirror-exact
  CHECK(p.summary.regions[0].sites + p.summary.regions[1].sites == p.summary.sites);
  CHECK(p.summary.regions[0].volume_ml == doctest::Approx(0.001 * static_cast<double>(p.summary.regions[0].sites)));
  for (const Site& s : p.sites) CHECK(s.layer == SkinLayer::dermis);  // the superficial dermis
}

TEST_CASE("eyelids, nasal dorsum, commissures, philtrum and forehead arteries: no site at a depth they forbid") {
  const Mesh& m = test::tool_face().mesh;
  long sweep = 0;
  for (const char* t : techniques)
    for (const char* sex : {"f", "m", ""})
      for (const char* depth : {"", "4mm", "1mm"}) {
        if (!test::sweep_case(sweep++, 4)) continue;  // under the sanitizers: each technique, sex and depth still met
        PlanFlags f;
        f.technique = t;
        if (*sex) f.sex = sex;
        if (*depth) f.depth = depth;
        if (*depth && std::string(t) != "point-by-point") f.angle = "90";  // a 4 mm needle: 4 mm deep at 90°
        const Plan p = test::tool_plan(f);
        const double skin_floor = thickest_skin(p.params.sex);
        const std::string what = std::string(t) + " sex '" + sex + "' depth '" + depth + "'";
        INFO(what);
        long forehead_band = 0, forehead_capped = 0;
        for (const Site& s : p.sites) {
          const Eigen::Vector3d q = s.position;
          for (double side : {1.0, -1.0}) {
            const Eigen::Vector3d l(side * q.x(), q.y(), q.z());  // the left side's view of the site
            // upper and lower eyelid: between the canthi, from 3 mm below the lower lid margin to the lid crease
            const double x_in = m.vertex(362).x(), x_out = m.vertex(263).x();
            if (l.x() > x_in && l.x() < x_out && l.y() > m.vertex(374).y() - 3 &&
                l.y() < y_at(l.x(), {413, 441, 442, 443, 444, 445, 342}))
              FAIL_CHECK("site " << s.id << " on the eyelid at (" << q.x() << ", " << q.y() << ")");
            // the mouth corner and the labial arteries' origins (6 mm): 1 mm above their 3 mm
            if (to_landmarks(l, {291}) < 6) CHECK(s.depth_mm <= 2.0 + 1e-9);
          }
          // the nasal dorsum (dorsal nasal arteries 4.4-5.2 mm from the midline, under the skin): at most 1 mm
          // above the bottom of the skin
          if (to_landmarks(q, {168, 6, 197, 195, 5, 4}) < 7.2) CHECK(s.depth_mm <= skin_floor - 1.0 + 1e-9);
          // the philtrum (superior labial artery 3 mm deep at the midline)
          if (to_landmarks(q, {2, 164, 0}) < 8) CHECK(s.depth_mm <= 2.0 + 1e-9);
          // the supratrochlear artery up the forehead (13-14.7 mm from the midline, 2.1 mm deep at least):
          // well within its 6 mm reach of the course (the forehead curves away laterally), at most 1 mm above
          // max(2.1, the skin's bottom)
          const double ax = std::abs(q.x());
          if (q.y() > m.vertex(9).y() + 12 && std::abs(ax - 14) < 3.5) {
            CHECK(s.depth_mm <= std::max(2.1, skin_floor) - 1.0 + 1e-9);
            ++forehead_band;
            if (s.capped) ++forehead_capped;
          }
          // the supraorbital artery (25-26 mm from the midline, 1.9 mm deep at least)
          if (q.y() > m.vertex(9).y() + 12 && std::abs(ax - 25.5) < 4.5)
            CHECK(s.depth_mm <= std::max(1.9, skin_floor) - 1.0 + 1e-9);
        }
        if (std::string(depth) == "4mm") {  // the course reaches up the forehead: every 4 mm site along it is capped
          CHECK(forehead_capped == forehead_band);
          if (std::string(t) == "nappage") CHECK(forehead_band > 20);  // 3 mm apart: many sites on the course
        }
      }
}

TEST_CASE("an insertion longer than the needle is refused before planning, naming the needle") {
  PlanFlags f;
  f.technique = "nappage";
  f.depth = "4";
  f.angle = "30";
  try {
    (void)parse_plan_flags(f, "table");
    FAIL("no refusal");
  } catch (const Error& e) {
    CHECK(e.kind == ErrorKind::usage);
    const std::string m = cli::text(e);
    CHECK(m.find("4 mm needle") != std::string::npos);
    CHECK(m.find("deepest that fits is 2.00 mm") != std::string::npos);
    CHECK(m.find("--needle") != std::string::npos);
  }
  f.needle = "13mm";
  CHECK(test::tool_plan(f).summary.sites > 0);  // a longer needle fits
  f.needle = "14mm";
  CHECK_THROWS_AS(parse_plan_flags(f, "table"), Error);
  PlanFlags g;  // a preset depth at a flat angle: the deepest site must fit the needle
  g.technique = "nappage";
  g.angle = "5";
  CHECK_THROWS_AS(test::tool_plan(g), Error);
}

TEST_CASE("session budget: the preset's volume over it is lowered to fit, within the technique's range, and said") {
  // full_face point-by-point on the built-in face: 81 sites at the preset's 0.03 mL = 2.43 mL
  PlanFlags f;
  f.technique = "point-by-point";
  f.session_max = "2ml";
  const Plan p = test::tool_plan(f);
  REQUIRE(p.summary.sites == 81);
  CHECK(p.warnings.empty());  // the tool fitted the volume: reported, not warned about
  CHECK(p.summary.volume_per_site_ml == doctest::Approx(0.02469));  // 2 / 81 = 0.024691..., floored to 1e-5 mL
  CHECK(p.summary.total_volume_ml <= 2.0);
  for (const Site& s : p.sites) CHECK(s.volume_ml == p.summary.volume_per_site_ml);
  bool said = false;
  for (const Message& n : p.notes)
    said = said || cli::text(n) ==
                       "volume per site 0.02469 mL, to fit the session budget of 2 mL (--session-max): the preset's "
                       "0.03 mL a site would total 2.43 mL over 81 sites; give --volume to choose";
  CHECK(said);
  SUBCASE("the volume that would fit is below the technique's range (0.01-0.05 mL): the preset stays, one warning") {
    f.session_max = "0.5ml";
    const Plan q = test::tool_plan(f);
    CHECK(q.summary.volume_per_site_ml == doctest::Approx(0.03));
    REQUIRE(q.warnings.size() == 1);
    CHECK(cli::text(q.warnings[0]).find("total 2.43 mL is over the session budget of 0.5 mL") == 0);
  }
  SUBCASE("a volume given is used as given: the total over the budget is warned about") {
    f.volume = "0.03ml";
    const Plan q = test::tool_plan(f);
    CHECK(q.summary.volume_per_site_ml == doctest::Approx(0.03));
    REQUIRE(q.warnings.size() == 1);
    CHECK(cli::text(q.warnings[0]).find("at most 0.02469 mL a site fits (--volume)") != std::string::npos);
  }
}

TEST_CASE("session budget: one warning naming the total, the budget and the volume that fits; --session-max") {
  PlanFlags f;
  f.technique = "nappage";
  f.volume = "0.002ml";
  const Plan p = test::tool_plan(f);
  REQUIRE(p.warnings.size() == 1);
  const std::string w = cli::text(p.warnings[0]);
  CHECK(w.find("total 4.56 mL is over the session budget of 3 mL (--session-max)") == 0);
  CHECK(w.find("at most 0.00131 mL a site fits (--volume)") != std::string::npos);
  f.session_max = "5ml";
  CHECK(test::tool_plan(f).warnings.empty());
  f.volume = "0.00131";
  f.session_max.reset();
  CHECK(test::tool_plan(f).warnings.empty());  // the volume it named fits
}

TEST_CASE("an explicit depth below the layer warns once per plan; the depth it suggests does not") {
  PlanFlags f;
  f.technique = "nappage";
  f.depth = "2";
  const Plan p = test::tool_plan(f);
  REQUIRE(p.warnings.size() == 1);
  const std::string w = cli::text(p.warnings[0]);
  CHECK(w.find("--depth 2.00 mm goes below nappage's layer") == 0);
  const auto at = w.find("or use --depth ");
  REQUIRE(at != std::string::npos);
  f.depth = w.substr(at + 15, w.find("mm or less", at) - at - 15) + "mm";
  CHECK(f.depth == "0.46mm");
  CHECK(test::tool_plan(f).warnings.empty());
}

TEST_CASE("a mesh without landmarks: exactly one warning about zones, zones_source none") {
  FaceSource src;
  src.path = test::data_dir + "/cli/plane_100mm.obj";
  const Face face = load_face(src);
  PlanFlags f;
  f.mesh = src.path;
  f.technique = "epidermic";
  const PlanRequest req = parse_plan_flags(f, "table");
  const Plan p = plan_on_face(req, face);
  long zones_warnings = 0;
  for (const auto& w : p.warnings) zones_warnings += cli::text(w).find("no danger zones") != std::string::npos;
  CHECK(zones_warnings == 1);
  CHECK(plan_context(face, &req).zones_source == "none");
  CHECK(plan_context(test::tool_face(), &req).zones_source == "built-in");
}

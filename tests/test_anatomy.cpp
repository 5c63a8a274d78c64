// Tests of the built-in anatomical face (anatomy.hpp, subdivide.hpp), its zones (zones.hpp), the skin
// table (skin.hpp) and the mirror-exact plans of plan.hpp: region areas, symmetry, every region with
// every technique, no site in a keep-out zone, mirrored pairs within 0.5 mm.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <map>
#include <mesogrid/anatomy.hpp>
#include <mesogrid/builtin_face.hpp>
#include <mesogrid/io.hpp>
#include <mesogrid/plan.hpp>
#include <mesogrid/skin.hpp>
#include <mesogrid/subdivide.hpp>
#include <mesogrid/zones.hpp>

#include "support.hpp"

using namespace mesogrid;

namespace {
const Mesh& face() { return test::builtin_face_mm(); }
std::map<std::string, double> areas() {
  std::map<std::string, double> a;
  for (const auto& r : list_regions(face())) a[r.name] = r.area_cm2;
  return a;
}
PlanParams builtin_params(Technique t, const std::string& region) {
  PlanParams p;
  p.technique = t;
  p.region = region;
  p.zones = builtin_zones(face());
  p.report_mirror = p.mirror_mesh = true;
  return p;
}
const char* const names[] = {"forehead",          "glabella",   "temple_left",  "temple_right",    "periorbital_left",
                             "periorbital_right", "cheek_left", "cheek_right",  "nasolabial_left", "nasolabial_right",
                             "perioral",          "chin",       "jawline_left", "jawline_right"};
}  // namespace

TEST_CASE("Loop subdivision: 4x faces, landmarks keep their index, a flat patch stays flat") {
  Mesh q;
  q.V.resize(4, 3);
  q.V << 0, 0, 0, 10, 0, 0, 10, 10, 0, 0, 10, 0;
  q.F.resize(2, 3);
  q.F << 0, 1, 2, 0, 2, 3;
  const Mesh r = loop_subdivide(q, 2);
  CHECK(r.num_faces() == 32);
  CHECK(r.V.col(2).cwiseAbs().maxCoeff() == 0);
  CHECK(face().num_faces() == 898 * 16);
}

TEST_CASE("the built-in face has the 14 regions, exactly mirror-symmetric, with sane areas") {
  const auto a = areas();
  for (const char* n : names) CHECK_MESSAGE(a.count(n) == 1, n);
  for (const char* stem : {"temple", "periorbital", "cheek", "nasolabial", "jawline"}) {
    const double l = a.at(std::string(stem) + "_left"), r = a.at(std::string(stem) + "_right");
    CHECK(std::abs(l - r) <= 0.03 * l);
  }
  CHECK(a.at("forehead") > a.at("chin"));
  CHECK(a.at("forehead") > a.at("glabella"));
  CHECK(a.at("cheek_left") > a.at("nasolabial_left"));
  CHECK(a.at("full_face") < a.at("all"));
  // documented in README (Regions): within 10%
  CHECK(a.at("forehead") == doctest::Approx(39.5).epsilon(0.1));
  CHECK(a.at("cheek_left") == doctest::Approx(27.9).epsilon(0.1));
  CHECK(a.at("chin") == doctest::Approx(16.1).epsilon(0.1));
  CHECK(a.at("cheeks") == doctest::Approx(2 * a.at("cheek_left")));
  const std::vector<int> mir = mirror_map(face(), 1e-9);
  for (int i = 0; i < static_cast<int>(mir.size()); ++i)
    CHECK(mir[static_cast<size_t>(mir[static_cast<size_t>(i)])] == i);
}

TEST_CASE("every region plans with every technique; no site in a keep-out zone; mirror pairs within 0.5 mm") {
  const std::vector<Zone> zones = builtin_zones(face());
  std::vector<std::string> all(std::begin(names), std::end(names));
  for (const char* u : {"cheeks", "temples", "periorbital", "nasolabial", "jawline", "full_face"}) all.push_back(u);
  for (const auto& region : all)
    for (Technique t : {Technique::point_by_point, Technique::nappage, Technique::epidermic}) {
      CAPTURE(region);
      CAPTURE(technique_name(t));
      const Plan plan = make_plan(face(), builtin_params(t, region));
      CHECK(plan.summary.sites > 0);
      for (const Site& s : plan.sites)
        for (const Zone& z : zones) {
          if (z.rule == ZoneRule::exclude)
            CHECK_FALSE(zone_contains(z, s.position, plan.params.frame));
          else if (zone_contains(z, s.position, plan.params.frame))
            CHECK(s.depth_mm <= z.max_depth_mm + 1e-12);
        }
      if (region.find("_left") == std::string::npos && region.find("_right") == std::string::npos)
        CHECK(plan.summary.mirror_error_mm < 0.5);
    }
}

TEST_CASE("the right plan is the mirror of the left (sites pair up within 0.5 mm)") {
  for (const char* stem : {"temple", "periorbital", "cheek", "nasolabial", "jawline"})
    for (Technique t : {Technique::point_by_point, Technique::nappage, Technique::epidermic}) {
      CAPTURE(stem);
      const Plan l = make_plan(face(), builtin_params(t, std::string(stem) + "_left"));
      const Plan r = make_plan(face(), builtin_params(t, std::string(stem) + "_right"));
      REQUIRE(l.sites.size() == r.sites.size());
      double worst = 0;
      for (const Site& s : l.sites) {
        const Eigen::Vector3d m = mirror_point(l.params.frame, s.position);
        double best = 1e9;
        for (const Site& q : r.sites) best = std::min(best, (q.position - m).norm());
        worst = std::max(worst, best);
      }
      CHECK(worst < 0.5);
    }
}

TEST_CASE("zones: glabella caps a 4 mm point-by-point site; --zones off keeps them; user spheres exclude") {
  const Plan on = make_plan(face(), builtin_params(Technique::point_by_point, "glabella"));
  CHECK(on.summary.sites_capped > 0);
  for (const Site& s : on.sites) CHECK(s.depth_mm <= 2.0 + 1e-12);
  PlanParams off = builtin_params(Technique::point_by_point, "glabella");
  off.zones.clear();
  for (const Site& s : make_plan(face(), off).sites) CHECK(s.depth_mm == 4.0);
  PlanParams user = builtin_params(Technique::epidermic, "forehead");
  user.zones = {parse_exclude_zone("sphere:0,65,50,20", 1)};
  const Plan u = make_plan(face(), user);
  CHECK(u.summary.zones.at(0).removed > 0);
  for (const Site& s : u.sites) CHECK((s.position - Eigen::Vector3d(0, 65, 50)).norm() >= 20);
  CHECK_THROWS_AS(parse_exclude_zone("sphere:1,2,3", 1), Error);
  CHECK_THROWS_AS(parse_exclude_zone("box:1,2,3,4", 1), Error);
  CHECK_THROWS_AS(parse_exclude_zone("sphere:1,2,3,-4", 1), Error);
}

TEST_CASE("skin: nappage below the eyelid dermis warns; epidermic at 0.5 mm does not; sex columns") {
  CHECK(skin_layers("periorbital_left", Sex::thinner)->total_mm() == doctest::Approx(0.75));
  CHECK(skin_layers("forehead", Sex::male)->total_mm() == doctest::Approx(1.39));
  CHECK_FALSE(skin_layers("neck_left", Sex::female).has_value());
  CHECK(skin_depth_warning(Technique::nappage, 2.0, {"periorbital_left"}, Sex::thinner).find("eyelid") !=
        std::string::npos);
  CHECK(skin_depth_warning(Technique::epidermic, 0.5, {"periorbital_left", "forehead"}, Sex::thinner).empty());
  CHECK(skin_depth_warning(Technique::epidermic, 1.1, {"forehead"}, Sex::male).empty());
  CHECK_FALSE(skin_depth_warning(Technique::epidermic, 1.1, {"forehead"}, Sex::female).empty());
}

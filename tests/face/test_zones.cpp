// Tests of face/zones.hpp: the built-in zones keep every plan of every region and technique out of the keep-out
// zones and above the depth caps; a zone's distance and closed loops.
#include <doctest/doctest.h>

#include <cmath>
#include <mesogrid/face/zones.hpp>

#include "face_support.hpp"

using namespace mesogrid;
using namespace mesogrid::test;

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

TEST_CASE("zones: the glabella caps a 4 mm point-by-point site; without zones they stay; a sphere excludes") {
  const Plan on = make_plan(face(), builtin_params(Technique::point_by_point, "glabella"));
  CHECK(on.summary.sites_capped > 0);
  for (const Site& s : on.sites) CHECK(s.depth_mm <= 2.0 + 1e-12);
  PlanParams off = builtin_params(Technique::point_by_point, "glabella");
  off.zones.clear();
  for (const Site& s : make_plan(face(), off).sites) CHECK(s.depth_mm == 4.0);
  PlanParams user = builtin_params(Technique::epidermic, "forehead");
  Zone sphere;
  sphere.name = "user_sphere_1";
  sphere.kind = "user";
  sphere.path = {Eigen::Vector3d(0, 65, 50)};
  sphere.radius_mm = 20;
  user.zones = {sphere};
  const Plan u = make_plan(face(), user);
  CHECK(u.summary.zones.at(0).removed > 0);
  for (const Site& s : u.sites) CHECK((s.position - Eigen::Vector3d(0, 65, 50)).norm() >= 20);
}

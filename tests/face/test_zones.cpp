// Tests of face/zones.hpp: the built-in zones keep every plan of every region and technique out of the keep-out
// zones and 1 mm above their vessels; the courses, their depths, a zone's distance and closed loops.
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
  long sweep = 0;
  for (const auto& region : all)
    for (Technique t : {Technique::point_by_point, Technique::nappage, Technique::epidermic}) {
      if (!sweep_case(sweep++, 4)) continue;  // under the sanitizers: each technique on a quarter of the regions
      CAPTURE(region);
      CAPTURE(technique_name(t));
      const Plan plan = make_plan(face(), builtin_params(t, region));
      CHECK(plan.summary.sites > 0);
      for (const Site& s : plan.sites)
        for (const Zone& z : zones) {
          const auto vessel = zone_depth_at(z, s.position, plan.params.frame);
          if (z.keep_out())
            CHECK_FALSE(vessel.has_value());
          else if (vessel)  // at most 1 mm above the vessel, which is never above the bottom of the skin (<= 1.4 mm)
            CHECK(s.depth_mm <= std::max(*vessel, 1.4) - zone_margin_mm + 1e-9);
        }
      if (region.find("_left") == std::string::npos && region.find("_right") == std::string::npos)
        CHECK(plan.summary.mirror_error_mm < 0.5);
    }
}

TEST_CASE("zones: an asked 4 mm depth is capped 1 mm above the glabellar arteries; without zones it stays") {
  PlanParams on = builtin_params(Technique::point_by_point, "glabella");
  on.depth_mm = 4;
  const Plan capped = make_plan(face(), on);
  CHECK(capped.summary.sites_capped > 0);
  for (const Site& s : capped.sites) CHECK(s.depth_mm <= 3.1 - 1.0 + 1e-9);
  PlanParams off = on;
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

TEST_CASE("zones: the forehead arteries are courses up to the top of the forehead, with their depths") {
  const std::vector<Zone> zones = builtin_zones(face());
  auto find = [&](const std::string& n) -> const Zone& {
    for (const Zone& z : zones)
      if (z.name == n) return z;
    FAIL("no zone " << n);
    return zones.front();
  };
  for (const char* n : {"supratrochlear_artery_left", "supraorbital_artery_right"}) {
    const Zone& z = find(n);
    CAPTURE(n);
    REQUIRE(z.path.size() > 10);
    CHECK(z.path.size() == z.vessel_depth_mm.size());
    CHECK(z.path.back().y() - z.path.front().y() > 30);  // from the orbital rim (y ~40) to the top of the forehead
    CHECK(z.path.back().y() > face().vertex(10).y() - 6);
    CHECK(std::abs(std::abs(z.path.front().x()) - (n[5] == 't' ? 14.7 : 25.2)) < 1.5);
  }
  CHECK(zone_min_depth(find("supratrochlear_artery_left")) == doctest::Approx(2.1));
  CHECK(zone_min_depth(find("supraorbital_artery_left")) == doctest::Approx(1.9));
  CHECK(find("eye_left").keep_out());
  CHECK(find("red_lip").keep_out());
  const Zone& ang = find("angular_artery_left");  // 2.7 mm at the ala to 1.0 mm at the medial canthus
  CHECK(ang.vessel_depth_mm.front() == doctest::Approx(2.7));
  CHECK(ang.vessel_depth_mm.back() == doctest::Approx(1.0));
  for (const char* n : {"eyelid_left", "dorsal_nasal_artery", "philtrum", "labial_arteries_commissure_right"})
    CHECK(find(n).radius_mm > 0);
}

TEST_CASE("zone_depth_at: the depth interpolated along the course; inside a loop the shallowest") {
  Zone z;
  z.path = {Eigen::Vector3d(0, 0, 0), Eigen::Vector3d(10, 0, 0)};
  z.vessel_depth_mm = {2.0, 4.0};
  z.radius_mm = 3;
  const FaceFrame fr;
  CHECK(*zone_depth_at(z, Eigen::Vector3d(5, 1, 0), fr) == doctest::Approx(3.0));
  CHECK(*zone_depth_at(z, Eigen::Vector3d(-1, 0, 0), fr) == doctest::Approx(2.0));
  CHECK_FALSE(zone_depth_at(z, Eigen::Vector3d(5, 4, 0), fr));
  Zone loop;
  loop.path = {Eigen::Vector3d(0, 0, 0), Eigen::Vector3d(20, 0, 0), Eigen::Vector3d(20, 20, 0),
               Eigen::Vector3d(0, 20, 0)};
  loop.vessel_depth_mm = {1.0, 2.0, 3.0, 4.0};
  loop.closed = true;
  loop.radius_mm = 1;
  CHECK(*zone_depth_at(loop, Eigen::Vector3d(10, 10, 0), fr) == doctest::Approx(1.0));
  loop.vessel_depth_mm.clear();  // a keep-out
  CHECK(*zone_depth_at(loop, Eigen::Vector3d(10, 10, 0), fr) == 0.0);
}

TEST_CASE("ZoneTest: contains and within answer as zone_contains and zone_distance do, for every zone and point") {
  // the built-in zones (points, courses, closed loops) and a user sphere, at points all over the face and on the
  // edges of the reach; the prepared test skips segments by their boxes, so any disagreement is a wrong box
  std::vector<Zone> zones = builtin_zones(face());
  Zone sphere;
  sphere.name = "user_sphere_1";
  sphere.path = {Eigen::Vector3d(10, 20, 30)};
  sphere.radius_mm = 7;
  zones.push_back(sphere);
  Zone two;  // a closed loop of two points: its two segments, no inside
  two.path = {Eigen::Vector3d(0, 0, 0), Eigen::Vector3d(5, 5, 5)};
  two.closed = true;
  two.radius_mm = 2;
  zones.push_back(two);
  const FaceFrame fr;
  const double extra = 4.5;
  long in = 0, near = 0, checked = 0;
  for (const Zone& z : zones) {
    const ZoneTest t(z, fr, extra);
    CAPTURE(z.name);
    std::vector<Eigen::Vector3d> points;
    for (Eigen::Index v = 0; v < face().num_vertices(); v += 3) points.push_back(face().vertex(v));
    for (const auto& q : z.path)  // around the course: exactly at the reach, just inside and just outside
      for (double d : {z.radius_mm, z.radius_mm + extra})
        for (double f : {1 - 1e-12, 1.0, 1 + 1e-12})
          for (const Eigen::Vector3d& dir :
               {Eigen::Vector3d(1, 0, 0), Eigen::Vector3d(0, -1, 0), Eigen::Vector3d(0, 0, 1)})
            points.push_back(q + d * f * dir);
    for (const auto& p : points) {
      const bool c = zone_contains(z, p, fr), w = zone_distance(z, p) < z.radius_mm + extra;
      CHECK(t.contains(p) == c);
      CHECK(t.within(p) == w);
      in += c, near += w, ++checked;
    }
  }
  CHECK(in > 100);  // the points reach inside the zones, not only outside
  CHECK(near > in);
  CHECK(checked > 10000);
}

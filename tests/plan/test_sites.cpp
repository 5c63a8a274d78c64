// Tests of plan/sites.hpp: the needle's direction and tip at every site.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <mesogrid/plan.hpp>
#include <mesogrid/plan/sites.hpp>

#include "../support.hpp"

using namespace mesogrid;

using test::grid_mesh;
using test::params;
using test::plane;

TEST_CASE("needle direction, insertion length and tip depth") {
  PlanParams p = params(10, LatticeKind::square, 5);
  p.technique = Technique::nappage;
  p.angle_deg = 45;
  p.depth_mm = 2;
  p.advance = Advance::down;
  const Plan plan = make_plan(plane(100, 100, -50, 0), p);
  REQUIRE(!plan.sites.empty());
  for (const Site& s : plan.sites) {
    CHECK(s.needle.isApprox(Eigen::Vector3d(0, -std::sqrt(0.5), -std::sqrt(0.5)), 1e-9));
    CHECK(-(s.tip - s.position).z() == doctest::Approx(2));                     // depth below the skin
    CHECK((s.tip - s.position).norm() == doctest::Approx(2 * std::sqrt(2.0)));  // depth / sin(angle)
  }
  p.advance = Advance::medial;
  const Plan med = make_plan(plane(100, 100, -50, 0), p);
  for (const Site& s : med.sites) CHECK(s.needle.x() * s.position.x() < 0);  // toward the midline
  p.angle_deg = 90;
  const Plan perp = make_plan(plane(100, 100, -50, 0), p);
  for (const Site& s : perp.sites) CHECK(s.needle.isApprox(Eigen::Vector3d(0, 0, -1), 1e-12));
}

TEST_CASE("zones: a sphere removes the sites inside it, a cap brings deeper sites up to it; counts and warnings") {
  const Plan plan = make_plan(plane(100, 100, 0, 0), params(10, LatticeKind::square, 5));
  REQUIRE(plan.sites.size() == 100);
  Zone sphere;
  sphere.name = "s";
  sphere.kind = "user";
  sphere.path = {Eigen::Vector3d(50, 50, 0)};
  sphere.radius_mm = 12;  // the four central sites are 7.07 mm away
  Zone cap = sphere;
  cap.name = "c";
  cap.kind = "artery";
  cap.path = {Eigen::Vector3d(5, 5, 0)};
  cap.radius_mm = 1;
  cap.rule = ZoneRule::cap_depth;
  cap.max_depth_mm = 1.5;
  std::vector<Site> sites = plan.sites;
  PlanSummary sm;
  std::vector<Message> warnings;
  apply_zones(sites, {sphere, cap}, plan.params, sm, warnings);
  CHECK(sites.size() == 96);
  CHECK(sm.sites_removed == 4);
  CHECK(sm.sites_capped == 1);
  REQUIRE(sm.zones.size() == 2);
  CHECK(sm.zones[0].removed == 4);
  CHECK(sm.zones[1].capped == 1);
  for (size_t i = 0; i < sites.size(); ++i) CHECK(sites[i].id == static_cast<long>(i) + 1);
  for (const Site& s : sites)
    if ((s.position - Eigen::Vector3d(5, 5, 0)).norm() < 1) {
      CHECK(s.depth_mm == 1.5);
      CHECK(-(s.tip - s.position).z() == doctest::Approx(1.5));
    }
  REQUIRE(warnings.size() == 2);
  CHECK(warnings[0].str() == "zone s (user, exclude within 12 mm): 4 sites removed");
  CHECK(warnings[1].str() == "zone c (artery, depth capped at 1.5 mm within 1 mm): 1 site capped from 4 mm");
}

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

TEST_CASE(
    "zones, one rule: a keep-out removes; a vessel caps 1 mm above it when that stays in the layer, else removes") {
  PlanParams pp = params(10, LatticeKind::square, 5);
  pp.depth_mm = 4;
  const Plan plan = make_plan(plane(100, 100, 0, 0), pp);
  REQUIRE(plan.sites.size() == 100);
  Zone sphere;
  sphere.name = "s";
  sphere.kind = "user";
  sphere.path = {Eigen::Vector3d(50, 50, 0)};
  sphere.radius_mm = 12;  // the four central sites are 7.07 mm away
  Zone deep = sphere;     // a vessel 2 mm deep: ceiling max(2, 1.06) - 1 = 1 mm, in the point-by-point layer
  deep.name = "deep";
  deep.kind = "artery";
  deep.path = {Eigen::Vector3d(5, 5, 0), Eigen::Vector3d(5, 95, 0)};
  deep.vessel_depth_mm = {2.0, 2.0};
  deep.radius_mm = 1;
  Zone shallow = deep;  // a vessel taken at the skin's bottom: ceiling 0.06 mm, above the layer (0.63): removed
  shallow.name = "shallow";
  shallow.path = {Eigen::Vector3d(95, 5, 0), Eigen::Vector3d(95, 95, 0)};
  shallow.vessel_depth_mm = {0.5, 0.5};
  std::vector<Site> sites = plan.sites;
  const std::vector<SkinLayers> skin = {*skin_layers("forehead", Sex::female)};  // 0.20 + 0.86: pbp 0.63-1.06
  PlanSummary sm;
  apply_zones(sites, {sphere, deep, shallow}, plan.params, skin, sm);
  CHECK(sm.sites_removed == 4 + 10);
  CHECK(sm.sites_capped == 10);
  REQUIRE(sm.zones.size() == 3);
  CHECK(sm.zones[0].removed == 4);
  CHECK(sm.zones[1].capped == 10);
  CHECK(sm.zones[2].removed == 10);
  CHECK(sm.zones[1].vessel_depth_mm == 2.0);
  CHECK(sites.size() == 100 - 14);
  for (size_t i = 0; i < sites.size(); ++i) CHECK(sites[i].id == static_cast<long>(i) + 1);
  for (const Site& s : sites)
    if (std::abs(s.position.x() - 5) < 1) {
      CHECK(s.capped);
      CHECK(s.depth_mm == doctest::Approx(1.0));
      CHECK(-(s.tip - s.position).z() == doctest::Approx(1.0));
    }
  const auto note = zones_note(sm);
  REQUIRE(note);
  CHECK(note->str() ==
        "zones: 14 sites removed, 10 capped to 1 mm above their vessel (s -4, deep capped 10, shallow -10)");
}

// Tests of lattice/lattice.hpp: the surface lattice where the answer is known exactly: plane, cylinder, sphere;
// anchoring on the midline; determinism.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <mesogrid/plan.hpp>

#include "../support.hpp"

using namespace mesogrid;

using test::grid_mesh;
using test::params;
using test::plane;

TEST_CASE("square lattice on a 100 x 100 mm plane, 10 mm spacing, 5 mm margin: exactly 100 sites") {
  for (double x0 : {0.0, -50.0}) {  // off the midline, centred on it
    CAPTURE(x0);
    const Plan plan = make_plan(plane(100, 100, x0, 0), params(10, LatticeKind::square, 5));
    REQUIRE(plan.sites.size() == 100);
    for (const Site& s : plan.sites) {
      CHECK(s.position.x() >= x0 + 5 - 1e-6);
      CHECK(s.position.x() <= x0 + 95 + 1e-6);
      CHECK(s.position.y() >= 5 - 1e-6);
      CHECK(s.position.y() <= 95 + 1e-6);
      CHECK(std::abs(s.position.z()) < 1e-9);
      CHECK(s.normal.isApprox(Eigen::Vector3d(0, 0, 1), 1e-9));
    }
    CHECK(plan.summary.spacing_min_mm == doctest::Approx(10).epsilon(1e-6));
    CHECK(plan.summary.spacing_max_mm == doctest::Approx(10).epsilon(1e-6));
    // rows are horizontal and numbered from the top; columns from the subject's right (-x) to left
    CHECK(plan.sites.front().row == 0);
    CHECK(plan.sites.front().position.y() == doctest::Approx(95));
    CHECK(plan.sites.front().position.x() == doctest::Approx(x0 + 5));
    CHECK(plan.sites.back().row == 9);
    CHECK(plan.sites.back().col == 9);
  }
}

TEST_CASE("the lattice is anchored on the midline where the region crosses it") {
  // plane from x = -37 to 63: columns sit on the midline grid (x = 0 + k * 10 or 5 + k * 10)
  const Plan plan = make_plan(plane(100, 100, -37, 0), params(10, LatticeKind::square, 5));
  CHECK(plan.sites.size() == 100);
  for (const Site& s : plan.sites) {
    const double k = s.position.x() / 10;
    // the outermost columns and rows may be drawn toward the edge (and, to keep the grid symmetric about
    // the midline, the mirror images of sites that move)
    if (s.col == 0 || s.col == 9 || s.row == 0 || s.row == 9) continue;
    CHECK(std::min(std::abs(k - std::round(k)), std::abs(k - 0.5 - std::round(k - 0.5))) < 1e-6);
    CHECK(s.position.x() >= -37 - 1e-9);
    CHECK(s.position.x() <= 63 + 1e-9);
  }
}

TEST_CASE("hex lattice on a plane: nearest neighbours at the spacing, count matches area / cell") {
  const Plan plan = make_plan(plane(120, 90, 0, 0, 30), params(3, LatticeKind::hex));
  const double expected = 120.0 * 90.0 / (std::sqrt(3.0) / 2 * 9);
  CHECK(std::abs(double(plan.sites.size()) / expected - 1) < 0.05);
  // lattice sites sit exactly at the spacing; sites filling edge pockets keep 0.85-1.1 of it
  CHECK(plan.summary.spacing_min_mm >= 0.85 * 3 - 1e-9);
  CHECK(plan.summary.spacing_max_mm <= 1.10 * 3 + 1e-9);
  CHECK(plan.summary.spacing_mean_mm == doctest::Approx(3).epsilon(0.01));
  int exact = 0;
  for (const Site& a : plan.sites)
    for (const Site& b : plan.sites)
      if (a.row == b.row && b.col == a.col + 1 && std::abs((a.position - b.position).norm() - 3) < 1e-9) ++exact;
  CHECK(exact > 0.8 * plan.sites.size());
}

TEST_CASE("spacing along a cylinder's circumference equals the requested spacing within 1%") {
  const double R = 40, H = 100;
  // half cylinder around the y axis facing +z, angle -90..90 degrees
  const Mesh cyl = grid_mesh(60, [=](double u, double v) {
    const double a = (u - 0.5) * pi;
    return Eigen::Vector3d(R * std::sin(a), v * H, R * std::cos(a));
  });
  const Plan plan = make_plan(cyl, params(10, LatticeKind::square));
  REQUIRE(plan.sites.size() > 30);
  int pairs = 0;
  for (const Site& a : plan.sites)
    for (const Site& b : plan.sites)
      if (a.row == b.row && b.col == a.col + 1) {
        const double ang =
            std::abs(std::atan2(b.position.x(), b.position.z()) - std::atan2(a.position.x(), a.position.z()));
        const double r = std::hypot(a.position.x(), a.position.z());
        CHECK(r * ang == doctest::Approx(10).epsilon(0.01));  // arc length along the skin
        ++pairs;
      }
  CHECK(pairs > 20);
  // sites lie on the surface (within the polygonal approximation of the cylinder)
  for (const Site& s : plan.sites)
    CHECK(std::hypot(s.position.x(), s.position.z()) == doctest::Approx(R).epsilon(2e-3));
}

TEST_CASE("spherical cap: spacing along the skin, sites on the surface, normals outward") {
  const double R = 80;
  const Mesh cap = grid_mesh(60, [=](double u, double v) -> Eigen::Vector3d {  // cap of +-35 degrees around +z
    const double a = (u - 0.5) * 70 * pi / 180, b = (v - 0.5) * 70 * pi / 180;
    return Eigen::Vector3d(std::tan(a), std::tan(b), 1).normalized() * R;
  });
  const Plan plan = make_plan(cap, params(8, LatticeKind::hex));
  REQUIRE(plan.sites.size() > 50);
  CHECK(plan.summary.spacing_mean_mm == doctest::Approx(8).epsilon(0.03));
  for (const Site& s : plan.sites) {
    CHECK(s.position.norm() == doctest::Approx(R).epsilon(2e-3));
    CHECK(s.normal.dot(s.position.normalized()) > 0.999);
  }
}

TEST_CASE("same input and parameters give identical plans") {
  const Mesh cap =
      grid_mesh(40, [](double u, double v) { return Eigen::Vector3d(u * 90 - 45, v * 70, 30 * std::cos(u * 2)); });
  const Plan a = make_plan(cap, params(3, LatticeKind::hex)), b = make_plan(cap, params(3, LatticeKind::hex));
  REQUIRE(a.sites.size() == b.sites.size());
  for (size_t i = 0; i < a.sites.size(); ++i) CHECK(a.sites[i].position == b.sites[i].position);
}

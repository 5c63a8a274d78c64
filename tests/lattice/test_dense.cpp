// Tests of lattice/dense.hpp: a dense mesh (or one made mostly of slivers) is planned on its proxy, and the sites land
// on the dense surface.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <mesogrid/geometry/proxy.hpp>
#include <mesogrid/lattice/dense.hpp>
#include <mesogrid/plan.hpp>

#include "../support.hpp"

using namespace mesogrid;

using test::grid_mesh;
using test::params;
using test::plane;

TEST_CASE("a dense mesh is planned on a proxy and the sites land on the dense surface") {
  // 200 x 200 quads = 80,000 triangles: above the proxy threshold
  const Mesh dense = grid_mesh(
      200, [](double u, double v) { return Eigen::Vector3d(u * 100, v * 100, 8 * std::sin(u * 3) * std::cos(v * 2)); });
  const Plan plan = make_plan(dense, params(10, LatticeKind::square, 5));
  const double area = surface_area(dense);
  CHECK(std::abs(double(plan.sites.size()) / (area / 100) - 1) < 0.06);
  CHECK(plan.summary.spacing_mean_mm == doctest::Approx(10).epsilon(0.03));
  for (const Site& s : plan.sites)  // on the dense surface z = f(x, y), within its facet error
    CHECK(std::abs(s.position.z() - 8 * std::sin(s.position.x() / 100 * 3) * std::cos(s.position.y() / 100 * 2)) <
          0.01);
}

TEST_CASE("a dense mesh is planned the same way twice, and its sites lie on dense triangles") {
  const Mesh dense = grid_mesh(
      220, [](double u, double v) { return Eigen::Vector3d(u * 90, v * 110, 10 * std::sin(u * 2) * std::sin(v * 3)); });
  REQUIRE(dense.num_faces() > LatticeOptions{}.proxy_above_faces);
  for (LatticeKind k : {LatticeKind::square, LatticeKind::hex}) {
    const Plan a = make_plan(dense, params(6, k, 3)), b = make_plan(dense, params(6, k, 3));
    REQUIRE(a.sites.size() == b.sites.size());
    for (size_t i = 0; i < a.sites.size(); ++i) {  // bit-identical, so the CSV is byte-identical
      CHECK(a.sites[i].position == b.sites[i].position);
      CHECK(a.sites[i].normal == b.sites[i].normal);
    }
    for (const Site& s : a.sites) {  // on the dense surface: within the chord error of its facets
      CHECK(std::abs(s.position.z() - 10 * std::sin(s.position.x() / 90 * 2) * std::sin(s.position.y() / 110 * 3)) <
            0.01);
      CHECK(s.normal.z() > 0.5);
    }
  }
}

TEST_CASE("a region made mostly of slivers is planned on its proxy: as fast as its area, the lattice as on a plane") {
  // a disc fanned into 20,000 triangles 50 mm long (a polygon's fan triangulation): planned on its own triangles it
  // took 13 s (walks and the triangle index follow their length); on the proxy, the plan of a plane
  const int n = 20000;
  const Mesh fan = test::fan_disc(n, 50);
  REQUIRE(fan.num_faces() <= LatticeOptions{}.proxy_above_faces);
  const std::vector<detail::PieceToPlan> todo = detail::pieces_to_plan(fan, 5, LatticeOptions{}.proxy_above_faces);
  REQUIRE(todo.size() == 1);
  CHECK(todo[0].dense != nullptr);
  CHECK(todo[0].mesh.num_faces() < n / 4);
  for (LatticeKind k : {LatticeKind::square, LatticeKind::hex}) {
    const Plan plan = make_plan(fan, params(5, k, 2.5));
    const double expected = surface_area(fan) / lattice_cell_area(k, 5);
    CHECK(std::abs(double(plan.sites.size()) / expected - 1) < 0.05);
    CHECK(plan.summary.spacing_mean_mm == doctest::Approx(5).epsilon(0.03));
    for (const Site& s : plan.sites) {
      CHECK(std::abs(s.position.z()) < 1e-9);
      CHECK(s.position.head<2>().norm() < 50);
    }
  }
  // a scan-like mesh of the same size keeps its own triangles
  const Mesh grid = grid_mesh(100, [](double u, double v) { return Eigen::Vector3d(u * 100, v * 100, 0); });
  CHECK(detail::pieces_to_plan(grid, 5, LatticeOptions{}.proxy_above_faces)[0].dense == nullptr);
}

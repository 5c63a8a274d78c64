// Tests of lattice/dense.hpp: a dense mesh is planned on its proxy, and the sites land on the dense surface.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <mesogrid/geometry/proxy.hpp>
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

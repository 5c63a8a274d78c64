// Tests of geometry/proxy.hpp: a dense plane's proxy is a coarse plane over the same outline; sites projected back
// lie on the dense triangles with the dense normal; vertex clustering for shading.
#include <doctest/doctest.h>

#include <mesogrid/geometry/pieces.hpp>
#include <mesogrid/geometry/proxy.hpp>

#include "../support.hpp"

using namespace mesogrid;

TEST_CASE("the proxy of a dense plane: far fewer triangles, the same area and outline, exact projection") {
  const Mesh dense = test::plane(100, 60, -50, 0, 120);  // 28,800 triangles
  const DenseProxy proxy(dense, 5);
  const Mesh& pm = proxy.mesh();
  CHECK(pm.num_faces() < dense.num_faces() / 20);
  CHECK(surface_area(pm) == doctest::Approx(6000).epsilon(0.005));  // its edge vertices on the dense edge
  CHECK(pm.V.col(2).cwiseAbs().maxCoeff() == 0);
  for (Eigen::Index f = 0; f < pm.num_faces(); f += 17) {
    const Eigen::Vector3d c = (pm.corner(f, 0) + pm.corner(f, 1) + pm.corner(f, 2)) / 3.0;
    Eigen::Vector3d q, n;
    const double d = proxy.project(c, {pm.F(f, 0), pm.F(f, 1), pm.F(f, 2)}, &q, &n);
    CHECK(d < 1e-9);
    CHECK(q.isApprox(c));
    CHECK(n == Eigen::Vector3d(0, 0, 1));
  }
}

TEST_CASE("vertex clustering: a cell of 10 mm leaves a coarse plane, no collapsed or repeated triangle") {
  const Mesh dense = test::plane(100, 100, 0, 0, 50);
  const Mesh c = cluster_vertices(dense, 10);
  CHECK(c.num_faces() > 0);
  CHECK(c.num_faces() < 400);
  for (Eigen::Index f = 0; f < c.num_faces(); ++f)
    CHECK((c.F(f, 0) != c.F(f, 1) && c.F(f, 1) != c.F(f, 2) && c.F(f, 0) != c.F(f, 2)));
}

TEST_CASE("the proxy of a dense scan keeps the scan's edge") {
  // a 100 x 80 mm plate of 0.5 x 0.4 mm cells, clustered at 3 mm: a proxy vertex on the proxy's edge
  // lies on the plate's edge, corners included (the mean of the whole group would lie up to 1.5 mm inside)
  const Mesh dense = test::grid_mesh(200, [](double u, double v) { return Eigen::Vector3d(u * 100, v * 80, 0); });
  const DenseProxy proxy(dense, 3.0);
  const auto edge = boundary_edges(proxy.mesh());
  REQUIRE(edge.size() > 100);
  for (const auto& [a, b] : edge)
    for (const int v : {a, b}) {
      const Eigen::Vector3d p = proxy.mesh().vertex(v);
      CHECK(std::min({p.x(), 100 - p.x(), p.y(), 80 - p.y()}) < 1e-9);
    }
  CHECK(surface_area(proxy.mesh()) == doctest::Approx(8000).epsilon(0.002));
}

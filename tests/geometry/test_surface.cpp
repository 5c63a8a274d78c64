// Tests of geometry/surface.hpp: a plane as a surface piece: edges and neighbours, outward normals, closest points,
// walks that stay on it, distance to its edge, pushing a point inside.
#include <doctest/doctest.h>

#include <mesogrid/geometry/surface.hpp>

#include "../support.hpp"

using namespace mesogrid;

TEST_CASE("a 100 x 100 mm plane: counts, normals toward the viewer, area") {
  const Mesh p = test::plane(100, 100, 0, 0, 10);
  const SurfacePiece sp(p, FaceFrame{});
  CHECK(sp.area() == doctest::Approx(10000));
  CHECK(sp.boundary().size() == 40);
  CHECK(sp.edges().size() == 10 * 11 * 2 + 100);  // grid lines + one diagonal per quad
  CHECK_FALSE(sp.inward());
  CHECK(sp.normal(0, Eigen::Vector3d(1, 0, 0)) == Eigen::Vector3d(0, 0, 1));
  Mesh flipped = p;
  flipped.F.col(1).swap(flipped.F.col(2));
  const SurfacePiece back(flipped, FaceFrame{});
  CHECK(back.inward());
  CHECK(back.normals().row(0).transpose() == Eigen::Vector3d(0, 0, 1));  // flipped back to face the viewer
}

TEST_CASE("closest point, walks and the distance to the edge") {
  const Mesh p = test::plane(100, 100, 0, 0, 10);
  const SurfacePiece sp(p, FaceFrame{});
  const SurfacePoint a = sp.closest(Eigen::Vector3d(33, 47, 5));
  CHECK(a.position.isApprox(Eigen::Vector3d(33, 47, 0)));
  CHECK(sp.position(a.face, a.bary).isApprox(a.position));
  const SurfacePoint b = sp.walk(a, Eigen::Vector3d(61, 12, -2));
  CHECK(b.position.isApprox(Eigen::Vector3d(61, 12, 0)));
  CHECK(sp.boundary_distance(Eigen::Vector3d(30, 4, 0), 50) == doctest::Approx(4));
  CHECK(sp.boundary_distance(Eigen::Vector3d(50, 50, 0), 20) == 20);  // farther than rmax: rmax
  const SurfacePoint in = sp.push_inside(sp.closest(Eigen::Vector3d(30, 1, 0)), 5);
  CHECK(in.position.y() == doctest::Approx(5).epsilon(1e-6));
  CHECK(in.position.x() == doctest::Approx(30).epsilon(1e-6));
}

// Tests of geometry/surface.hpp: a plane as a surface piece: edges and neighbours, outward normals, closest points,
// walks that stay on it, distance to its edge, pushing a point inside; the same answers on a fan of slivers.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

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

TEST_CASE("a fan of slivers (a 50 mm disc, 398 triangles from one rim point): closest point, edge distance") {
  // the slivers' boxes span hundreds of grid cells; they are indexed in the cells they come near only, which must
  // still find every answer a search over all triangles finds
  const int n = 400;
  Mesh m;
  m.V.resize(n, 3);
  for (int i = 0; i < n; ++i)
    m.V.row(i) << 50 * std::cos(2 * pi * i / n), 50 * std::sin(2 * pi * i / n), 0.1 * std::sin(7.0 * i / n);
  m.F.resize(n - 2, 3);
  for (int i = 1; i + 1 < n; ++i) m.F.row(i - 1) << 0, i, i + 1;
  const SurfacePiece sp(m, FaceFrame{});
  std::uint32_t seed = 7;
  auto uniform = [&] { return (seed = seed * 1664525u + 1013904223u) / 4294967296.0; };
  for (int q = 0; q < 300; ++q) {
    const Eigen::Vector3d p(120 * uniform() - 60, 120 * uniform() - 60, 10 * uniform() - 5);
    double best = std::numeric_limits<double>::infinity(), edge = std::numeric_limits<double>::infinity();
    for (Eigen::Index f = 0; f < m.num_faces(); ++f) {
      Eigen::Vector3d b;
      best =
          std::min(best, (closest_point_on_triangle(p, m.corner(f, 0), m.corner(f, 1), m.corner(f, 2), &b) - p).norm());
    }
    for (const auto& e : sp.boundary()) {
      const Eigen::Vector3d a = m.vertex(e.first), d = m.vertex(e.second) - a;
      edge = std::min(edge, (a + std::clamp((p - a).dot(d) / d.squaredNorm(), 0.0, 1.0) * d - p).norm());
    }
    CHECK((sp.closest(p).position - p).norm() == doctest::Approx(best).epsilon(1e-12));
    CHECK(sp.boundary_distance(p, 200) == doctest::Approx(std::min(edge, 200.0)).epsilon(1e-12));
  }
}

TEST_CASE("which side is out, from the shape: a cap turned any way, wound either way; a plane cannot tell") {
  // a cap of a 60 mm sphere over 80 x 80 mm, bulging toward +z, wound so that its normals point out (+z side)
  const Mesh cap = test::grid_mesh(24, [](double u, double v) {
    const double x = 80 * u - 40, y = 80 * v - 40;
    return Eigen::Vector3d(x, y, std::sqrt(60 * 60 - x * x - y * y));
  });
  const Winding w = outward_winding(cap);
  CHECK(w.side == 1);
  CHECK(w.bulge > 0.3);
  CHECK(w.outward_normal.normalized().z() > 0.99);
  Mesh inside_out = cap;
  inside_out.F.col(1).swap(inside_out.F.col(2));
  CHECK(outward_winding(inside_out).side == -1);
  CHECK(outward_winding(inside_out).outward_normal.normalized().z() > 0.99);  // still the convex side
  // turned to face -z (180 degrees about y) and planned with the default front +z: the shape decides, so the
  // normals still point out of the convex side (away from the sphere's centre), not toward the front
  Mesh turned = cap;
  turned.V.col(0) *= -1, turned.V.col(2) *= -1;
  const Winding wt = outward_winding(turned);
  CHECK(wt.side == 1);
  const SurfacePiece by_shape(turned, FaceFrame{}, wt.side);
  CHECK_FALSE(by_shape.inward());
  for (Eigen::Index v = 0; v < turned.num_vertices(); ++v)
    CHECK(by_shape.normals().row(v).dot(turned.V.row(v)) > 0);  // the sphere's centre is the origin
  CHECK(SurfacePiece(turned, FaceFrame{}).inward());            // without it, the front axis would have turned them in
  // a plane has no convex side: the front decides
  CHECK(outward_winding(test::plane(100, 100, 0, 0)).side == 0);
}

TEST_CASE("a mesh's own axis: the axis of a cylinder however it is turned, signed toward the given direction") {
  // an open cylinder of radius 30 mm and length 80 mm about y, then turned by 50 degrees about (1, 2, 3)
  const Mesh upright = test::grid_mesh(40, [](double u, double v) {
    const double a = 2 * pi * u;
    return Eigen::Vector3d(30 * std::cos(a), 80 * v, 30 * std::sin(a));
  });
  CHECK(normal_axis(upright, Eigen::Vector3d(0, 1, 0)).isApprox(Eigen::Vector3d(0, 1, 0), 1e-9));
  CHECK(normal_axis(upright, Eigen::Vector3d(0.2, -1, 0)).isApprox(Eigen::Vector3d(0, -1, 0), 1e-9));
  const Eigen::Matrix3d R = Eigen::AngleAxisd(50 * pi / 180, Eigen::Vector3d(1, 2, 3).normalized()).toRotationMatrix();
  Mesh turned = upright;
  turned.V = upright.V * R.transpose();
  CHECK(normal_axis(turned, Eigen::Vector3d(0, 1, 0)).isApprox(R * Eigen::Vector3d(0, 1, 0), 1e-9));
  // inside out: the same axis (the winding does not matter)
  turned.F.col(1).swap(turned.F.col(2));
  CHECK(normal_axis(turned, Eigen::Vector3d(0, 1, 0)).isApprox(R * Eigen::Vector3d(0, 1, 0), 1e-9));
}

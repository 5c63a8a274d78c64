// Tests of geometry/closest.hpp: the closest point on a triangle (every Voronoi region of it) and the index over a
// mesh, against brute force.
#include <doctest/doctest.h>

#include <limits>
#include <mesogrid/geometry/closest.hpp>
#include <random>

#include "../support.hpp"

using namespace mesogrid;

TEST_CASE("closest point on a triangle: each vertex, edge and face region, with barycentrics") {
  const Eigen::Vector3d a(0, 0, 0), b(4, 0, 0), c(0, 4, 0);
  Eigen::Vector3d bary;
  CHECK(closest_point_on_triangle({-1, -1, 3}, a, b, c, &bary) == a);
  CHECK(bary == Eigen::Vector3d(1, 0, 0));
  CHECK(closest_point_on_triangle({6, -1, 0}, a, b, c, &bary) == b);
  CHECK(closest_point_on_triangle({-2, 7, 0}, a, b, c, &bary) == c);
  CHECK(closest_point_on_triangle({2, -3, 1}, a, b, c, &bary) == Eigen::Vector3d(2, 0, 0));
  CHECK(bary == Eigen::Vector3d(0.5, 0.5, 0));
  CHECK(closest_point_on_triangle({3, 3, 0}, a, b, c, &bary).isApprox(Eigen::Vector3d(2, 2, 0)));
  CHECK(closest_point_on_triangle({1, 1, -5}, a, b, c, &bary).isApprox(Eigen::Vector3d(1, 1, 0)));
  CHECK(bary.isApprox(Eigen::Vector3d(0.5, 0.25, 0.25)));
}

TEST_CASE("closest point index: the same answers as brute force, on the built-in face and off it") {
  const Mesh& m = test::builtin_face_mm();
  const SurfaceIndex index(m);
  std::mt19937 rng(4);
  std::uniform_real_distribution<double> u(-120, 120);
  for (int q = 0; q < 300; ++q) {
    const Eigen::Vector3d p(u(rng), u(rng), u(rng) * 0.5 + (q % 3 == 0 ? 200 : 0));  // some far outside
    double best = 1e300;
    for (Eigen::Index f = 0; f < m.num_faces(); ++f) {
      Eigen::Vector3d bary;
      best = std::min(best,
                      (closest_point_on_triangle(p, m.corner(f, 0), m.corner(f, 1), m.corner(f, 2), &bary) - p).norm());
    }
    const SurfaceHit h = index.closest(p);
    REQUIRE(h.face >= 0);
    CHECK(h.distance == doctest::Approx(best).epsilon(1e-12));
    const Eigen::Vector3d back =
        h.bary[0] * m.corner(h.face, 0) + h.bary[1] * m.corner(h.face, 1) + h.bary[2] * m.corner(h.face, 2);
    CHECK((back - h.point).norm() < 1e-9);
    // a hint (any face) changes nothing
    const SurfaceHit hh = index.closest(p, std::numeric_limits<double>::infinity(), (q * 7919) % m.num_faces());
    CHECK(hh.face == h.face);
    CHECK(hh.distance == h.distance);
    // a search radius below the distance finds nothing; above it, the same point
    CHECK(index.closest(p, 0.5 * best).face == -1);
    CHECK(index.closest(p, best + 1).distance == doctest::Approx(best).epsilon(1e-12));
  }
  // a vertex is its own closest point
  CHECK(index.closest(m.vertex(10)).distance < 1e-12);
}

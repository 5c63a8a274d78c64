// Tests of io/triangulate.hpp: polygons ear-clipped in their plane (never fanned across a reflex corner), a fan for
// flat-degenerate ones; the triangles keep the polygon's winding.
#include <doctest/doctest.h>

#include <Eigen/Geometry>
#include <mesogrid/io/triangulate.hpp>
#include <vector>

using namespace mesogrid;
using namespace mesogrid::detail;

namespace {
/// Twice the signed area (z of the normal) of the triangles, summed.
double area2(const std::vector<double>& V, const std::vector<int>& t) {
  double a = 0;
  for (size_t k = 0; k < t.size(); k += 3) {
    const Eigen::Vector3d p(V[3 * t[k]], V[3 * t[k] + 1], V[3 * t[k] + 2]);
    const Eigen::Vector3d q(V[3 * t[k + 1]], V[3 * t[k + 1] + 1], V[3 * t[k + 1] + 2]);
    const Eigen::Vector3d r(V[3 * t[k + 2]], V[3 * t[k + 2] + 1], V[3 * t[k + 2] + 2]);
    a += (q - p).cross(r - p).z();
  }
  return a;
}
}  // namespace

TEST_CASE("a concave L-shaped hexagon: 4 triangles covering exactly its area, counter-clockwise kept") {
  // L shape: (0,0) (2,0) (2,1) (1,1) (1,2) (0,2), area 3
  const std::vector<double> V = {0, 0, 0, 2, 0, 0, 2, 1, 0, 1, 1, 0, 1, 2, 0, 0, 2, 0};
  const int poly[6] = {0, 1, 2, 3, 4, 5};
  std::vector<int> out;
  triangulate_polygon(V, poly, 6, out);
  REQUIRE(out.size() == 12);
  CHECK(area2(V, out) == doctest::Approx(6));
  for (size_t k = 0; k < out.size(); k += 3) {  // every triangle counter-clockwise (no fold across the notch)
    const std::vector<int> one(out.begin() + static_cast<long>(k), out.begin() + static_cast<long>(k) + 3);
    CHECK(area2(V, one) > 0);
  }
}

TEST_CASE("a triangle is kept as it is; a clockwise quad stays clockwise") {
  const std::vector<double> V = {0, 0, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0};
  const int tri[3] = {2, 0, 1};
  std::vector<int> out;
  triangulate_polygon(V, tri, 3, out);
  CHECK(out == std::vector<int>{2, 0, 1});
  out.clear();
  const int quad[4] = {0, 1, 2, 3};
  triangulate_polygon(V, quad, 4, out);
  CHECK(out.size() == 6);
  CHECK(area2(V, out) == doctest::Approx(-2));
}

// Tests of io/triangulate.hpp: polygons ear-clipped in their plane (never fanned across a reflex corner), a fan for
// flat-degenerate ones; the triangles keep the polygon's winding.
#include <doctest/doctest.h>

#include <Eigen/Geometry>
#include <cmath>
#include <mesogrid/io/triangulate.hpp>
#include <string>
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

namespace {
/// A star of `k` points (2k corners) around (cx, cy): radii r1 (outer) and r2 (inner), counter-clockwise.
std::vector<double> star(int k, double r1, double r2) {
  std::vector<double> V;
  for (int i = 0; i < 2 * k; ++i) {
    const double a = 3.14159265358979 * i / k, r = i % 2 ? r2 : r1;
    V.insert(V.end(), {r * std::cos(a), r * std::sin(a), 0});
  }
  return V;
}
/// The polygon's own area (shoelace, z = 0).
double shoelace(const std::vector<double>& V) {
  const size_t n = V.size() / 3;
  double a = 0;
  for (size_t i = 0; i < n; ++i) {
    const size_t j = (i + 1) % n;
    a += V[3 * i] * V[3 * j + 1] - V[3 * j] * V[3 * i + 1];
  }
  return a / 2;
}
}  // namespace

TEST_CASE("concave polygons of any size: triangles cover exactly the polygon, none folded") {
  for (int k : {33, 50, 127, 1000}) {  // 66 to 2000 corners (was: fanned beyond 64, many times the area)
    const std::vector<double> V = star(k, 50, 20);
    std::vector<int> poly(V.size() / 3);
    for (size_t i = 0; i < poly.size(); ++i) poly[i] = static_cast<int>(i);
    std::vector<int> out;
    CHECK(triangulate_polygon(V, poly.data(), static_cast<int>(poly.size()), out) == nullptr);
    REQUIRE(out.size() == 3 * (poly.size() - 2));
    CHECK(area2(V, out) / 2 == doctest::Approx(shoelace(V)));
    for (size_t t = 0; t < out.size(); t += 3) {
      const std::vector<int> one(out.begin() + static_cast<long>(t), out.begin() + static_cast<long>(t) + 3);
      CHECK(area2(V, one) > 0);
    }
  }
}

TEST_CASE("a convex polygon of 100000 corners is fanned; crossing and oversized concave polygons are refused") {
  std::vector<double> V;
  const int n = 100000;
  for (int i = 0; i < n; ++i) V.insert(V.end(), {std::cos(6.283185307 * i / n), std::sin(6.283185307 * i / n), 0.0});
  std::vector<int> poly(n);
  for (int i = 0; i < n; ++i) poly[static_cast<size_t>(i)] = i;
  std::vector<int> out;
  CHECK(triangulate_polygon(V, poly.data(), n, out) == nullptr);
  CHECK(out.size() == 3u * (n - 2));
  // bow-tie (no net area) and pentagram (edges cross)
  const std::vector<double> bow = {0, 0, 0, 100, 100, 0, 100, 0, 0, 0, 100, 0};
  const int q[4] = {0, 1, 2, 3};
  out.clear();
  CHECK(triangulate_polygon(bow, q, 4, out) != nullptr);
  const std::vector<double> pent = {50, 100, 0, 79.4, 9.5, 0, 2.4, 65.5, 0, 97.6, 65.5, 0, 20.6, 9.5, 0};
  const int p5[5] = {0, 1, 2, 3, 4};
  CHECK(std::string(triangulate_polygon(pent, p5, 5, out)).find("crosses itself") != std::string::npos);
  const std::vector<double> big = star(2500, 50, 20);  // 5000 corners, concave
  std::vector<int> pb(big.size() / 3);
  for (size_t i = 0; i < pb.size(); ++i) pb[i] = static_cast<int>(i);
  CHECK(std::string(triangulate_polygon(big, pb.data(), static_cast<int>(pb.size()), out)).find("4096") !=
        std::string::npos);
}

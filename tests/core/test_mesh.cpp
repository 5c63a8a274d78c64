// Tests of core/mesh.hpp: face areas (mm²) and normals, total area, vertex normals, edges grouped by vertex.
#include <doctest/doctest.h>

#include <map>
#include <mesogrid/core/mesh.hpp>
#include <utility>

using namespace mesogrid;

namespace {
/// The unit square in the xy plane scaled by 10 mm: two triangles facing +z, and a third on top of the diagonal
/// facing -z (non-manifold diagonal).
Mesh squares() {
  Mesh m;
  m.V.resize(4, 3);
  m.V << 0, 0, 0, 10, 0, 0, 10, 10, 0, 0, 10, 0;
  m.F.resize(3, 3);
  m.F << 0, 1, 2, 0, 2, 3, 2, 1, 0;
  return m;
}
}  // namespace

TEST_CASE("areas and normals of triangles") {
  const Mesh m = squares();
  CHECK(face_area(m, 0) == 50);
  CHECK(surface_area(m) == 150);
  CHECK(face_normal(m, 0) == Eigen::Vector3d(0, 0, 1));
  CHECK(face_normal(m, 2) == Eigen::Vector3d(0, 0, -1));
  Mesh flat = m;
  flat.V.row(2) = flat.V.row(0);
  CHECK(face_normal(flat, 0) == Eigen::Vector3d::Zero());  // degenerate
}

TEST_CASE("vertex normals: area-weighted, unit, zero for an isolated vertex") {
  Mesh m = squares();
  m.F.conservativeResize(2, 3);
  m.V.conservativeResize(5, 3);
  m.V.row(4) << 50, 50, 50;
  const Eigen::MatrixXd N = vertex_normals(m);
  for (int v = 0; v < 4; ++v) CHECK(N.row(v).transpose() == Eigen::Vector3d(0, 0, 1));
  CHECK(N.row(4).norm() == 0);
}

TEST_CASE("for_each_edge: each undirected edge once, with all its triangles, smaller vertex first") {
  const Mesh m = squares();
  std::map<std::pair<int, int>, int> count;
  detail::for_each_edge(m.F, 4, [&](size_t v, const std::uint64_t* g, std::uint32_t n) {
    for (std::uint32_t q = 0; q < n; ++q) {
      const int other = static_cast<int>(g[q] >> 32);
      CHECK(other > static_cast<int>(v));
      CHECK(other == static_cast<int>(g[0] >> 32));
    }
    count[{static_cast<int>(v), static_cast<int>(g[0] >> 32)}] = static_cast<int>(n);
  });
  CHECK(count.size() == 5);
  CHECK(count[{0, 2}] == 3);  // the diagonal: all three triangles
  CHECK(count[{0, 1}] == 2);
  CHECK(count[{0, 3}] == 1);
}

// mesogrid/core/mesh.hpp: the triangle mesh every other header works on, plus per-face geometry
// (areas in mm², unit normals) and basic mesh statistics. Lengths are millimetres.
#pragma once
#include <Eigen/Core>
#include <Eigen/Geometry>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "memory.hpp"

namespace mesogrid {

inline constexpr double pi = 3.14159265358979323846;

/// A triangle mesh with optional per-face region labels.
/// V: #V×3 vertex positions in millimetres. F: #F×3 zero-based vertex indices.
/// label: #F entries, an index into label_names, or -1 when the face has no label; empty when no face has
/// one (so read it through `label.size() == num_faces()`).
struct Mesh {
  Eigen::MatrixXd V;
  Eigen::MatrixXi F;
  Eigen::VectorXi label;
  std::vector<std::string> label_names;

  Eigen::Index num_vertices() const { return V.rows(); }
  Eigen::Index num_faces() const { return F.rows(); }
  Eigen::Vector3d vertex(Eigen::Index i) const { return V.row(i).transpose(); }
  Eigen::Vector3d corner(Eigen::Index f, int k) const { return V.row(F(f, k)).transpose(); }
};

namespace detail {
/// Area of the triangle with corners a, b, c of the column-major positions V (#V = n rows): half the
/// length of (b - a) x (c - a), the operations in the order of the Eigen expression they replace.
inline double triangle_area(const double* V, Eigen::Index n, Eigen::Index a, Eigen::Index b, Eigen::Index c) {
  const double *x = V, *y = V + n, *z = V + 2 * n;
  const double ux = x[b] - x[a], uy = y[b] - y[a], uz = z[b] - z[a];
  const double vx = x[c] - x[a], vy = y[c] - y[a], vz = z[c] - z[a];
  const double nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
  return 0.5 * std::sqrt(nx * nx + ny * ny + nz * nz);
}
}  // namespace detail

/// Area of triangle f, mm².
inline double face_area(const Mesh& m, Eigen::Index f) {
  return detail::triangle_area(m.V.data(), m.V.rows(), m.F(f, 0), m.F(f, 1), m.F(f, 2));
}

/// Unit normal of triangle f (right-hand rule on F's vertex order); zero for a degenerate face.
inline Eigen::Vector3d face_normal(const Mesh& m, Eigen::Index f) {
  Eigen::Vector3d n = (m.corner(f, 1) - m.corner(f, 0)).cross(m.corner(f, 2) - m.corner(f, 0));
  const double len = n.norm();
  return len > 0 ? Eigen::Vector3d(n / len) : Eigen::Vector3d::Zero();
}

namespace detail {
/// Calls fn(f, face_area(m, f)) for every face f in [begin, end) in order (all faces without a range). The
/// corners of the faces a few ahead are prefetched: on a scan they are scattered over MBs.
template <class Fn>
inline void for_each_face_area(const Mesh& m, Fn&& fn, Eigen::Index begin = 0, Eigen::Index end = -1) {
  const Eigen::Index nf = m.num_faces(), nv = m.num_vertices();
  if (end < 0) end = nf;
  const int* c[3] = {m.F.data(), m.F.data() + nf, m.F.data() + 2 * nf};
  const double* V = m.V.data();
  constexpr Eigen::Index ahead = 16;
  for (Eigen::Index f = begin; f < end; ++f) {
#if defined(__GNUC__)
    if (f + ahead < end)
      for (int k = 0; k < 3; ++k)
        for (int d = 0; d < 3; ++d) __builtin_prefetch(V + d * nv + c[k][f + ahead]);
#endif
    fn(f, triangle_area(V, nv, c[0][f], c[1][f], c[2][f]));
  }
}
}  // namespace detail

/// Total surface area, mm² (summed in face order).
inline double surface_area(const Mesh& m) {
  double a = 0;
  detail::for_each_face_area(m, [&](Eigen::Index, double area) { a += area; });
  return a;
}

namespace detail {
/// splitmix64's finaliser: a bijection of 64-bit words that mixes every bit, so sums of it over two sets of vertex
/// indices differ when the sets do (but by a 2^-64 chance): how the vertices where a surface's winding does not
/// close (its edge) are found in one pass over the faces.
inline std::uint64_t mix_index(std::uint64_t x) {
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

/// Groups the 3·#F edges of the triangles F (over nv vertices) by undirected edge and calls
/// visit(std::size_t v, const std::uint64_t* g, std::uint32_t n) once per distinct edge, with v its smaller
/// vertex and its n >= 1 entries (other vertex << 32 | triangle), in increasing order. Edges are bucketed by
/// their smaller vertex (counting sort, linear) and each bucket, a handful of entries, is sorted; buckets in
/// vertex order. Beyond a million edges they are bucketed in two runs of vertices (one more pass over F) so
/// that only about half of the entries are held at once: they are the largest array of the loader's mesh
/// checks, and on a 1.2-million-triangle scan this takes 14 MB off its peak memory. Memory: 8 bytes per
/// triangle edge (about 4 beyond a million), plus 4 per vertex. For #F < 2^32 (every mesh a LoadOptions limit
/// lets through).
template <class Visit>
inline void for_each_edge(const Eigen::MatrixXi& F, std::size_t nv, Visit&& visit) {
  const std::size_t nt = static_cast<std::size_t>(F.rows());
  const int* c[3] = {F.data(), F.data() + nt, F.data() + 2 * nt};
  const BigArray<std::uint32_t> start = big_array<std::uint32_t>(nv + 1);
  std::fill(start.get(), start.get() + nv + 1, 0u);
  for (int k = 0; k < 3; ++k) {
    const int *a = c[k], *b = c[(k + 1) % 3];
    for (std::size_t t = 0; t < nt; ++t) ++start[static_cast<std::size_t>(std::min(a[t], b[t]))];
  }
  for (std::size_t i = 1; i < nv; ++i) start[i] += start[i - 1];  // start[i]: end of bucket i
  if (nv > 0) start[nv] = start[nv - 1];
  const std::size_t total = 3 * nt;
  const std::size_t run_cap = total > (std::size_t(1) << 20) ? (total + 1) / 2 : total;  // entries held at once
  BigArray<std::uint64_t> edge = big_array<std::uint64_t>(std::max<std::size_t>(run_cap, 1));
  std::size_t base = 0;  // entries of the runs done
  for (std::size_t v0 = 0; v0 < nv;) {
    std::size_t v1 = v0 + 1;  // the run [v0, v1): as many buckets as fit in run_cap, at least one
    while (v1 < nv && start[v1] - base <= run_cap) ++v1;
    const std::size_t end = start[v1 - 1];                                  // the run's entries: [base, end)
    if (end - base > run_cap) edge = big_array<std::uint64_t>(end - base);  // one bucket holds more (a fan)
    for (int k = 2; k >= 0; --k) {  // filled backwards: start[i] ends at the bucket's start
      const int *a = c[k], *b = c[(k + 1) % 3];
      for (std::size_t t = nt; t-- > 0;) {
        const auto lo = static_cast<std::size_t>(std::min(a[t], b[t]));
        if (lo < v0 || lo >= v1) continue;
        const auto hi = static_cast<std::uint64_t>(std::max(a[t], b[t]));
        edge[--start[lo] - base] = (hi << 32) | t;
      }
    }
    for (std::size_t i = v0; i < v1; ++i) {
      std::uint64_t* g = edge.get() + (start[i] - base);
      const std::uint32_t n = static_cast<std::uint32_t>((i + 1 < v1 ? start[i + 1] : end) - start[i]);
      if (n <= 32) {
        for (std::uint32_t u = 1; u < n; ++u) {  // insertion sort
          const std::uint64_t v = g[u];
          std::uint32_t w = u;
          for (; w > 0 && g[w - 1] > v; --w) g[w] = g[w - 1];
          g[w] = v;
        }
      } else {
        std::sort(g, g + n);
      }
      for (std::uint32_t r = 0; r < n;) {
        std::uint32_t s = r + 1;
        while (s < n && (g[s] >> 32) == (g[r] >> 32)) ++s;
        visit(i, static_cast<const std::uint64_t*>(g + r), s - r);
        r = s;
      }
    }
    base = end;
    v0 = v1;
  }
}
}  // namespace detail

/// Area-weighted vertex normals (unit length; zero for isolated vertices).
inline Eigen::MatrixXd vertex_normals(const Mesh& m) {
  Eigen::MatrixXd N = Eigen::MatrixXd::Zero(m.num_vertices(), 3);
  for (Eigen::Index f = 0; f < m.num_faces(); ++f) {
    const Eigen::Vector3d n = (m.corner(f, 1) - m.corner(f, 0)).cross(m.corner(f, 2) - m.corner(f, 0));
    for (int k = 0; k < 3; ++k) N.row(m.F(f, k)) += n.transpose();
  }
  for (Eigen::Index i = 0; i < N.rows(); ++i) {
    const double len = N.row(i).norm();
    if (len > 0) N.row(i) /= len;
  }
  return N;
}

}  // namespace mesogrid

// mesogrid/geometry/refine.hpp: a coarse mesh made fine enough for what is laid on it: every edge longer than a
// length is split at its midpoint, until none is (the surface does not change: each new vertex lies on an old
// edge). A scan whose triangles are larger than the lattice's cells cannot carry the lattice's lines: the
// lattice refines its pieces with this first. Lengths in mm.
#pragma once
#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

#include "../core/mesh.hpp"

namespace mesogrid {

/// The longest edge of m (mm); 0 for a mesh without faces.
inline double longest_edge(const Mesh& m) {
  double longest = 0;
  for (Eigen::Index f = 0; f < m.num_faces(); ++f)
    for (int k = 0; k < 3; ++k)
      longest = std::max(longest, (m.corner(f, k) - m.corner(f, (k + 1) % 3)).squaredNorm());
  return std::sqrt(longest);
}

/// Share of m's triangles (0-1; 0 without faces) that are slivers: the height on the longest edge under a tenth
/// of that edge (a fan-triangulated polygon, a CAD strip export). The cotan weights of a sliver are
/// ill-conditioned, and the cost of walking on it or indexing it follows its length, not its area.
inline double sliver_share(const Mesh& m) {
  const Eigen::Index nf = m.num_faces();
  if (nf == 0) return 0;
  Eigen::Index slivers = 0;
  for (Eigen::Index f = 0; f < nf; ++f) {
    double l2 = 0;
    for (int k = 0; k < 3; ++k) l2 = std::max(l2, (m.corner(f, k) - m.corner(f, (k + 1) % 3)).squaredNorm());
    // height h = 2A / l under l / 10  <=>  2A·10 < l²
    slivers += 20 * face_area(m, f) < l2;
  }
  return static_cast<double>(slivers) / static_cast<double>(nf);
}

/// m with its edges longer than max_edge_mm split at their midpoints, pass after pass, until no edge is longer or
/// the next pass would make more than max_faces faces (the last pass that fits is kept). Conforming: an edge is
/// split for every face that has it. A face with one long edge becomes two triangles, with two three (the quad
/// left is cut along its shorter diagonal), with three four (its edges' midpoints joined); the corners keep
/// their order, so normals keep their side. Old vertices keep their indices, new ones follow in order of first
/// use. face_parent, when given, receives the face of m each new face lies in; labels are inherited.
/// Deterministic.
inline Mesh refine_long_edges(const Mesh& m, double max_edge_mm, Eigen::Index max_faces,
                              std::vector<int>* face_parent = nullptr) {
  Mesh cur = m;
  std::vector<int> parent(static_cast<size_t>(m.num_faces()));
  for (size_t f = 0; f < parent.size(); ++f) parent[f] = static_cast<int>(f);
  const double lim2 = max_edge_mm * max_edge_mm;
  const bool labelled = m.label.size() == m.num_faces();
  for (int pass = 0; pass < 32; ++pass) {
    const Eigen::Index nf = cur.num_faces(), nv = cur.num_vertices();
    // the midpoint of every long edge, numbered in order of first use
    std::unordered_map<std::uint64_t, int> mid;
    std::vector<std::array<int, 3>> split(static_cast<size_t>(nf));
    Eigen::Index faces = 0;
    for (Eigen::Index f = 0; f < nf; ++f) {
      int n = 0;
      for (int k = 0; k < 3; ++k) {
        const int a = cur.F(f, k), b = cur.F(f, (k + 1) % 3);
        split[f][k] = -1;
        if ((cur.vertex(a) - cur.vertex(b)).squaredNorm() <= lim2) continue;
        const std::uint64_t key =
            (static_cast<std::uint64_t>(std::min(a, b)) << 32) | static_cast<std::uint32_t>(std::max(a, b));
        split[f][k] = mid.emplace(key, static_cast<int>(nv + static_cast<Eigen::Index>(mid.size()))).first->second;
        ++n;
      }
      faces += n + 1;
    }
    if (mid.empty() || faces > max_faces) break;
    Mesh next;
    next.label_names = cur.label_names;
    next.V.resize(nv + static_cast<Eigen::Index>(mid.size()), 3);
    next.V.topRows(nv) = cur.V;
    for (const auto& [key, v] : mid) {
      const auto a = static_cast<Eigen::Index>(key >> 32), b = static_cast<Eigen::Index>(key & 0xFFFFFFFFu);
      next.V.row(v) = 0.5 * (cur.V.row(a) + cur.V.row(b));
    }
    next.F.resize(faces, 3);
    if (labelled) next.label.resize(faces);
    std::vector<int> next_parent(static_cast<size_t>(faces));
    Eigen::Index at = 0;
    auto emit = [&](Eigen::Index f, int a, int b, int c) {
      next.F.row(at) << a, b, c;
      if (labelled) next.label(at) = cur.label(f);
      next_parent[static_cast<size_t>(at++)] = parent[static_cast<size_t>(f)];
    };
    auto d2 = [&](int a, int b) { return (next.V.row(a) - next.V.row(b)).squaredNorm(); };
    for (Eigen::Index f = 0; f < nf; ++f) {
      const std::array<int, 3> v = {cur.F(f, 0), cur.F(f, 1), cur.F(f, 2)};
      const std::array<int, 3>& s = split[f];  // s[k]: the midpoint of edge (v[k], v[k+1]), or -1
      const int n = (s[0] >= 0) + (s[1] >= 0) + (s[2] >= 0);
      if (n == 0) {
        emit(f, v[0], v[1], v[2]);
      } else if (n == 1) {
        const int k = s[0] >= 0 ? 0 : s[1] >= 0 ? 1 : 2;
        emit(f, v[k], s[k], v[(k + 2) % 3]);
        emit(f, s[k], v[(k + 1) % 3], v[(k + 2) % 3]);
      } else if (n == 2) {  // edges k and k+1 split, edge k+2 not
        const int k = s[0] < 0 ? 1 : s[1] < 0 ? 2 : 0;
        const int a = v[k], b = v[(k + 1) % 3], c = v[(k + 2) % 3], m1 = s[k], m2 = s[(k + 1) % 3];
        emit(f, m1, b, m2);
        if (d2(a, m2) <= d2(m1, c)) {
          emit(f, a, m1, m2);
          emit(f, a, m2, c);
        } else {
          emit(f, a, m1, c);
          emit(f, m1, m2, c);
        }
      } else {
        emit(f, v[0], s[0], s[2]);
        emit(f, s[0], v[1], s[1]);
        emit(f, s[2], s[1], v[2]);
        emit(f, s[0], s[1], s[2]);
      }
    }
    cur = std::move(next);
    parent = std::move(next_parent);
  }
  if (face_parent) *face_parent = std::move(parent);
  return cur;
}

}  // namespace mesogrid

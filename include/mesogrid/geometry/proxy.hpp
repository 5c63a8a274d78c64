// mesogrid/geometry/proxy.hpp: a coarse stand-in for a dense scan, and the way back to the dense surface.
// Planning cost should follow the region and the spacing, not scan detail finer than the spacing needs:
// DenseProxy groups the dense vertices on a grid of cell `cell_mm` (split where the group is not
// connected inside the cell) into a small mesh the lattice is planned on, and projects each site back
// onto the nearby dense triangles. cluster_vertices() is plain vertex clustering (used to shade maps).
// Lengths in mm.
#pragma once
#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <numeric>
#include <vector>

#include "../core/memory.hpp"
#include "../core/mesh.hpp"
#include "closest.hpp"

namespace mesogrid {

/// Vertex clustering: vertices in the same grid cell (size cell_mm) become their mean, triangles that
/// collapse or repeat are dropped. Deterministic (clusters ordered by cell, members in index order).
inline Mesh cluster_vertices(const Mesh& m, double cell_mm) {
  const Eigen::Index n = m.num_vertices();
  const Eigen::RowVector3d lo = m.V.colwise().minCoeff();
  std::vector<std::array<long, 3>> key(static_cast<size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i)
    for (int a = 0; a < 3; ++a) key[i][a] = static_cast<long>(std::floor((m.V(i, a) - lo[a]) / cell_mm));
  std::vector<Eigen::Index> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) { return key[a] < key[b]; });
  std::vector<int> cluster(static_cast<size_t>(n), -1);
  std::vector<Eigen::Vector3d> sum;
  std::vector<int> count;
  for (size_t k = 0; k < order.size(); ++k) {
    if (k == 0 || key[order[k]] != key[order[k - 1]]) {
      sum.emplace_back(Eigen::Vector3d::Zero());
      count.push_back(0);
    }
    cluster[order[k]] = static_cast<int>(sum.size()) - 1;
  }
  for (Eigen::Index i = 0; i < n; ++i) {  // index order: the mean does not depend on the sort
    sum[cluster[i]] += m.vertex(i);
    count[cluster[i]]++;
  }
  std::vector<std::array<int, 4>> tris;  // sorted corners + original position, for de-duplication
  std::vector<std::array<int, 3>> faces;
  std::vector<int> labels;
  for (Eigen::Index f = 0; f < m.num_faces(); ++f) {
    const int a = cluster[m.F(f, 0)], b = cluster[m.F(f, 1)], c = cluster[m.F(f, 2)];
    if (a == b || b == c || a == c) continue;
    std::array<int, 3> s = {a, b, c};
    std::sort(s.begin(), s.end());
    tris.push_back({s[0], s[1], s[2], static_cast<int>(faces.size())});
    faces.push_back({a, b, c});
    labels.push_back(m.label.size() == m.num_faces() ? m.label(f) : -1);
  }
  std::sort(tris.begin(), tris.end());
  std::vector<char> keep(faces.size(), 1);
  for (size_t i = 1; i < tris.size(); ++i)
    if (tris[i][0] == tris[i - 1][0] && tris[i][1] == tris[i - 1][1] && tris[i][2] == tris[i - 1][2])
      keep[tris[i][3]] = 0;
  Mesh out;
  out.label_names = m.label_names;
  out.V.resize(static_cast<Eigen::Index>(sum.size()), 3);
  for (size_t i = 0; i < sum.size(); ++i) out.V.row(static_cast<Eigen::Index>(i)) = (sum[i] / count[i]).transpose();
  const auto kept = static_cast<Eigen::Index>(std::count(keep.begin(), keep.end(), 1));
  out.F.resize(kept, 3);
  out.label.resize(kept);
  Eigen::Index k = 0;
  for (size_t i = 0; i < faces.size(); ++i)
    if (keep[i]) {
      out.F.row(k) << faces[i][0], faces[i][1], faces[i][2];
      out.label(k++) = labels[i];
    }
  return out;
}

/// A coarse stand-in of a dense mesh for planning, and the way back to the dense surface. Built in a few
/// linear passes over the dense mesh, which is referenced, never copied (it must outlive the proxy):
/// - vertices are grouped by a uniform grid of cell `cell_mm`, and a cell's group is split where its
///   vertices are not joined by dense edges inside the cell, so lips, eyelids or nostrils passing through
///   one cell stay apart and separate pieces never merge;
/// - each group becomes one proxy vertex at the mean of its members (a group on the proxy's edge: its
///   member on the dense edge nearest their mean, so the two edges agree); a dense triangle whose corners
///   lie in three different groups becomes a proxy triangle with the same winding (repeats dropped, first
///   kept);
/// - groups are numbered by their lowest dense vertex index: the proxy is deterministic.
/// project() puts a point of a proxy triangle back on the dense surface, searching only the dense
/// triangles that touch the groups of that proxy triangle's corners: the cost follows the sites.
class DenseProxy {
 public:
  DenseProxy(const Mesh& dense, double cell_mm) : dense_(dense), cell_(cell_mm) {
    const Eigen::Index n = dense.num_vertices(), nf = dense.num_faces();
    int groups = 0;
    const detail::BigArray<int> group = group_vertices(groups);
    std::vector<Eigen::Vector3d> sum(static_cast<size_t>(groups), Eigen::Vector3d::Zero());
    std::vector<int> count(static_cast<size_t>(groups), 0);
    for (Eigen::Index i = 0; i < n; ++i) {
      sum[group[i]] += dense.V.row(i).transpose();
      count[group[i]]++;
    }
    // the dense faces by group of their corners (counting sort: sizes, then filled backwards so each
    // list is in face order), and the dense faces whose corners lie in three groups
    const int* corner[3] = {dense.F.data(), dense.F.data() + nf, dense.F.data() + 2 * nf};
    auto groups_of = [&](Eigen::Index f, int g[3]) {
#if defined(__GNUC__)
      constexpr Eigen::Index ahead = 16;  // the groups of a face's corners are scattered: prefetch them
      const Eigen::Index fa = f + ahead < nf ? f + ahead : f >= ahead ? f - ahead : f;
      for (int k = 0; k < 3; ++k) __builtin_prefetch(&group[static_cast<size_t>(corner[k][fa])]);
#endif
      for (int k = 0; k < 3; ++k) g[k] = group[static_cast<size_t>(corner[k][f])];
    };
    std::vector<std::array<int, 4>> tris;  // sorted corners + dense face, for de-duplication
    start_.assign(static_cast<size_t>(groups) + 1, 0);
    for (Eigen::Index f = 0; f < nf; ++f) {
      int g[3];
      groups_of(f, g);
      const int a = g[0], b = g[1], c = g[2];
      start_[a]++;
      if (b != a) start_[b]++;
      if (c != a && c != b) start_[c]++;
      if (a == b || b == c || a == c) continue;
      std::array<int, 3> s3 = {a, b, c};
      std::sort(s3.begin(), s3.end());
      tris.push_back({s3[0], s3[1], s3[2], static_cast<int>(f)});
    }
    for (size_t g = 1; g < start_.size(); ++g) start_[g] += start_[g - 1];
    faces_ = detail::big_array<int>(static_cast<size_t>(start_.back()));
    for (Eigen::Index f = nf - 1; f >= 0; --f) {
      int g[3];
      groups_of(f, g);
      const int a = g[0], b = g[1], c = g[2];
      faces_[--start_[a]] = static_cast<int>(f);
      if (b != a) faces_[--start_[b]] = static_cast<int>(f);
      if (c != a && c != b) faces_[--start_[c]] = static_cast<int>(f);
    }
    std::sort(tris.begin(), tris.end());
    std::vector<int> kept;  // dense faces that become proxy triangles, in dense order
    for (size_t i = 0; i < tris.size(); ++i)
      if (i == 0 || tris[i][0] != tris[i - 1][0] || tris[i][1] != tris[i - 1][1] || tris[i][2] != tris[i - 1][2])
        kept.push_back(tris[i][3]);
    std::sort(kept.begin(), kept.end());
    drop_fins(kept, group.get(), groups);
    proxy_.label_names = dense.label_names;
    proxy_.V.resize(groups, 3);
    for (int g = 0; g < groups; ++g) proxy_.V.row(g) = (sum[g] / count[g]).transpose();
    proxy_.F.resize(static_cast<Eigen::Index>(kept.size()), 3);
    proxy_.label.resize(proxy_.F.rows());
    for (size_t i = 0; i < kept.size(); ++i) {
      for (int k = 0; k < 3; ++k) proxy_.F(static_cast<Eigen::Index>(i), k) = group[dense.F(kept[i], k)];
      proxy_.label(static_cast<Eigen::Index>(i)) = dense.label.size() == nf ? dense.label(kept[i]) : -1;
    }
    snap_edge(group.get(), groups);
  }

  const Mesh& mesh() const { return proxy_; }
  double cell_mm() const { return cell_; }
  /// Calls f(face) for every dense face with a corner in the group of proxy vertex g, in face order.
  template <class F>
  void for_dense_faces(int g, F f) const {
    for (int i = start_[static_cast<size_t>(g)]; i < start_[static_cast<size_t>(g) + 1]; ++i)
      f(faces_[static_cast<size_t>(i)]);
  }

  /// The closest point to p on the dense triangles touching the groups of proxy vertices `corners`
  /// (the proxy triangle p was found on), and the distance. The normal is the area-weighted mean of the
  /// normals of those triangles within half a cell of the closest one (smooth over scan noise), with the
  /// dense mesh's winding. Ties go to the lower dense face. Each triangle is looked at once, in face
  /// order: the three groups' lists (each in face order) are merged.
  double project(const Eigen::Vector3d& p, const std::array<int, 3>& corners, Eigen::Vector3d* q,
                 Eigen::Vector3d* normal) const {
    // the dense faces of the three groups, each once, in increasing order (merge of the three lists)
    std::vector<int> faces;
    int at[3], end[3];
    for (int k = 0; k < 3; ++k) at[k] = start_[corners[k]], end[k] = start_[corners[k] + 1];
    faces.reserve(static_cast<size_t>(end[0] - at[0] + end[1] - at[1] + end[2] - at[2]));
    for (;;) {
      int f = std::numeric_limits<int>::max();
      for (int k = 0; k < 3; ++k)
        if (at[k] < end[k]) f = std::min(f, faces_[at[k]]);
      if (f == std::numeric_limits<int>::max()) break;
      for (int k = 0; k < 3; ++k)
        if (at[k] < end[k] && faces_[at[k]] == f) ++at[k];
      faces.push_back(f);
    }
    const Eigen::Index nf = dense_.num_faces(), nv = dense_.num_vertices();
    const int* corner[3] = {dense_.F.data(), dense_.F.data() + nf, dense_.F.data() + 2 * nf};
    const double* x = dense_.V.data();
    auto prefetch = [&](size_t j) {  // corner indices of faces[j + 8], corner positions of faces[j + 4]
#if defined(__GNUC__)
      if (j + 8 < faces.size())
        for (int k = 0; k < 3; ++k) __builtin_prefetch(corner[k] + faces[j + 8]);
      if (j + 4 < faces.size())
        for (int k = 0; k < 3; ++k)
          for (int a = 0; a < 3; ++a) __builtin_prefetch(x + a * nv + corner[k][faces[j + 4]]);
#else
      (void)j;
#endif
    };
    double best = std::numeric_limits<double>::infinity();
    *q = p;
    std::vector<double> dist(faces.size());
    for (size_t j = 0; j < faces.size(); ++j) {
      prefetch(j);
      const int f = faces[j];
      Eigen::Vector3d b;
      const Eigen::Vector3d y =
          closest_point_on_triangle(p, dense_.corner(f, 0), dense_.corner(f, 1), dense_.corner(f, 2), &b);
      dist[j] = (y - p).norm();
      if (dist[j] < best) best = dist[j], *q = y;  // faces in increasing order: the lowest face wins a tie
    }
    if (normal) {
      Eigen::Vector3d nsum = Eigen::Vector3d::Zero();
      for (size_t j = 0; j < faces.size(); ++j) {
        if (dist[j] > best + 0.5 * cell_) continue;
        const int f = faces[j];
        nsum += (dense_.corner(f, 1) - dense_.corner(f, 0)).cross(dense_.corner(f, 2) - dense_.corner(f, 0));
      }
      *normal = nsum.norm() > 0 ? Eigen::Vector3d(nsum.normalized()) : Eigen::Vector3d::Zero();
    }
    return best;
  }

 private:
  /// The group of every dense vertex, and their number: the vertices of a grid cell joined by dense edges
  /// inside the cell, numbered in the order of their lowest vertex. Union-find by Rem's algorithm (the
  /// root of a set is its lowest vertex, parents are spliced on the way up) over the dense edges, with
  /// the corners of the faces a few ahead prefetched: on a scan they are scattered over MBs.
  detail::BigArray<int> group_vertices(int& groups) const {
    const Mesh& dense = dense_;
    const Eigen::Index n = dense.num_vertices(), nf = dense.num_faces();
    const detail::BigArray<std::uint64_t> key =
        detail::big_array<std::uint64_t>(static_cast<size_t>(n));  // cell, 21 bits per axis
    std::fill(key.get(), key.get() + n, 0);
    const Eigen::RowVector3d lo = dense.V.colwise().minCoeff();
    for (int a = 0; a < 3; ++a) {
      const double* x = dense.V.col(a).data();
      for (Eigen::Index i = 0; i < n; ++i)
        key[i] = (key[i] << 21) | (static_cast<std::uint64_t>(std::floor((x[i] - lo[a]) / cell_)) & 0x1FFFFF);
    }
    detail::BigArray<int> p = detail::big_array<int>(static_cast<size_t>(n));  // union-find parent, p[i] <= i
    std::iota(p.get(), p.get() + n, 0);
    const int* corner[3] = {dense.F.data(), dense.F.data() + nf, dense.F.data() + 2 * nf};
    constexpr Eigen::Index ahead = 16;
    for (Eigen::Index f = 0; f < nf; ++f) {
#if defined(__GNUC__)
      if (f + ahead < nf)
        for (int k = 0; k < 3; ++k) {
          __builtin_prefetch(&p[static_cast<size_t>(corner[k][f + ahead])]);
          __builtin_prefetch(&key[static_cast<size_t>(corner[k][f + ahead])]);
        }
#endif
      for (int k = 0; k < 3; ++k) {
        int x = corner[k][f], y = corner[k == 2 ? 0 : k + 1][f];
        if (p[x] == p[y] || key[x] != key[y]) continue;
        while (p[x] != p[y]) {  // Rem: climb from the side with the higher parent, splicing it lower
          if (p[x] < p[y]) std::swap(x, y);
          if (x == p[x]) {
            p[x] = p[y];
            break;
          }
          const int z = p[x];
          p[x] = p[y];
          x = z;
        }
      }
    }
    for (Eigen::Index i = 0; i < n; ++i) p[i] = p[p[i]];  // p[i] < i is final already: now every p[i] is a root
    groups = 0;  // in index order a root comes first in its set: number it, members copy its number
    for (Eigen::Index i = 0; i < n; ++i) p[i] = p[i] == i ? groups++ : p[p[i]];
    return p;
  }

  /// Puts every proxy vertex on the proxy's edge at its group's vertex on the dense edge nearest to the
  /// mean of those (lowest index on ties), so that the proxy's edge follows the scan's: the mean of the
  /// whole group lies up to half a cell inside it, and sites kept a margin inside the proxy's edge would
  /// leave a strip of the scan uncovered. Only the dense faces touching those groups are read, so the
  /// cost follows the proxy's edge. (On a surface wound inconsistently a vertex where the winding flips
  /// counts as an edge vertex too: its group's vertex is then picked among more candidates.)
  void snap_edge(const int* group, int groups) {
    std::vector<char> on_edge(static_cast<size_t>(groups), 0);
    detail::for_each_edge(proxy_.F, static_cast<size_t>(groups),
                          [&](size_t lo, const std::uint64_t* g, std::uint32_t n) {
                            if (n == 1) on_edge[lo] = on_edge[static_cast<size_t>(g[0] >> 32)] = 1;
                          });
    // A vertex is on the dense edge when the neighbours that follow it in its faces are not the ones
    // that precede it (inside a consistently wound surface each neighbour is both once): sums of a
    // bijective mix of their indices, kept for the vertices of the groups on the proxy's edge only
    // (three short passes over their faces: zero, sum, compare; no sorting).
    const detail::BigArray<std::uint64_t> turn =
        detail::big_array<std::uint64_t>(2 * static_cast<size_t>(dense_.num_vertices()));
    auto corners = [&](int gi, auto&& visit) {  // visit(v, next, previous) for the group's corners
      for (int j = start_[static_cast<size_t>(gi)]; j < start_[static_cast<size_t>(gi) + 1]; ++j) {
        const int f = faces_[static_cast<size_t>(j)];
        for (int k = 0; k < 3; ++k) {
          const int v = dense_.F(f, k);
          if (group[v] == gi) visit(v, dense_.F(f, k == 2 ? 0 : k + 1), dense_.F(f, k == 0 ? 2 : k - 1));
        }
      }
    };
    std::vector<int> members;  // the group's vertices on the dense edge
    for (int gi = 0; gi < groups; ++gi) {
      if (!on_edge[static_cast<size_t>(gi)]) continue;
      corners(gi,
              [&](int v, int, int) { turn[2 * static_cast<size_t>(v)] = turn[2 * static_cast<size_t>(v) + 1] = 0; });
      corners(gi, [&](int v, int next, int prev) {
        turn[2 * static_cast<size_t>(v)] += detail::mix_index(static_cast<std::uint64_t>(next));
        turn[2 * static_cast<size_t>(v) + 1] += detail::mix_index(static_cast<std::uint64_t>(prev));
      });
      members.clear();
      corners(gi, [&](int v, int, int) {
        if (turn[2 * static_cast<size_t>(v)] != turn[2 * static_cast<size_t>(v) + 1]) members.push_back(v);
      });
      if (members.empty()) continue;
      std::sort(members.begin(), members.end());
      members.erase(std::unique(members.begin(), members.end()), members.end());
      Eigen::Vector3d mean = Eigen::Vector3d::Zero();
      for (const int v : members) mean += dense_.vertex(v);
      mean /= static_cast<double>(members.size());
      int best = members[0];  // the member nearest their mean (a corner's mean lies off the edge)
      for (const int v : members)
        if ((dense_.vertex(v) - mean).squaredNorm() < (dense_.vertex(best) - mean).squaredNorm()) best = v;
      proxy_.V.row(gi) = dense_.V.row(best);
    }
  }

  /// Where clustering joins more than two proxy triangles on one edge (a fin: the surface walks and the
  /// stripe patterns need a manifold surface), keeps the first triangle (in dense order) crossing it each way and drops
  /// the others.
  void drop_fins(std::vector<int>& kept, const int* group, int groups) const {
    Eigen::MatrixXi F(static_cast<Eigen::Index>(kept.size()), 3);  // the kept faces over the groups
    for (size_t i = 0; i < kept.size(); ++i)
      for (int k = 0; k < 3; ++k) F(static_cast<Eigen::Index>(i), k) = group[dense_.F(kept[i], k)];
    std::vector<char> drop(kept.size(), 0);
    detail::for_each_edge(F, static_cast<size_t>(groups), [&](size_t lo, const std::uint64_t* g, std::uint32_t n) {
      if (n <= 2) return;
      bool seen[2] = {false, false};  // entries in increasing position: the first each way stays
      for (std::uint32_t q = 0; q < n; ++q) {
        const auto i = static_cast<Eigen::Index>(g[q] & 0xFFFFFFFFu);
        int k = 0;
        while (F(i, k) != static_cast<int>(lo)) ++k;
        const int dir = F(i, (k + 1) % 3) == static_cast<int>(g[q] >> 32) ? 0 : 1;  // 0: lo -> hi
        if (seen[dir]) drop[static_cast<size_t>(i)] = 1;
        seen[dir] = true;
      }
    });
    size_t w = 0;
    for (size_t i = 0; i < kept.size(); ++i)
      if (!drop[i]) kept[w++] = kept[i];
    kept.resize(w);
  }

  const Mesh& dense_;
  double cell_ = 1;
  Mesh proxy_;
  std::vector<int> start_;  // dense faces with a corner in group g: faces_[start_[g] .. start_[g+1]), in face order
  detail::BigArray<int> faces_;
};

}  // namespace mesogrid

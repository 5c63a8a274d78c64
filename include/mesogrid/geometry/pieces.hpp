// mesogrid/geometry/pieces.hpp: the edge-connected pieces of a mesh (a region split where it does not hold
// together: two cheeks, a forehead cut by a keep-out zone) and its boundary edges. No units involved.
#pragma once
#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cstdint>
#include <numeric>
#include <utility>
#include <vector>

#include "../core/mesh.hpp"

namespace mesogrid {

/// Splits a mesh into its edge-connected pieces (faces sharing an edge), each a compact mesh.
/// Pieces are ordered by decreasing area (ties by first face index), so the result is deterministic.
/// With `vertex_of`, (*vertex_of)[k][i] is the vertex of m that vertex i of piece k came from; with `face_of`,
/// (*face_of)[k][i] the face of m that face i of piece k is.
inline std::vector<Mesh> connected_pieces(const Mesh& m, std::vector<std::vector<int>>* vertex_of = nullptr,
                                          std::vector<std::vector<int>>* face_of = nullptr) {
  const Eigen::Index nf = m.num_faces(), nv = m.num_vertices();
  std::vector<int> parent(static_cast<size_t>(nf));  // union-find over faces, joined through shared edges
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](int x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  detail::for_each_edge(m.F, static_cast<size_t>(nv), [&](size_t, const std::uint64_t* g, std::uint32_t n) {
    for (std::uint32_t q = 1; q < n; ++q) {
      const int ra = find(static_cast<int>(g[0] & 0xFFFFFFFFu)), rb = find(static_cast<int>(g[q] & 0xFFFFFFFFu));
      if (ra != rb) parent[std::max(ra, rb)] = std::min(ra, rb);
    }
  });
  std::vector<std::vector<int>> groups;  // faces of each piece, pieces in order of their first face
  std::vector<int> group_of(static_cast<size_t>(nf), -1);
  for (Eigen::Index f = 0; f < nf; ++f) {
    const int r = find(static_cast<int>(f));
    if (group_of[r] < 0) {
      group_of[r] = static_cast<int>(groups.size());
      groups.emplace_back();
    }
    groups[group_of[r]].push_back(static_cast<int>(f));
  }
  std::vector<std::pair<double, Mesh>> pieces;
  std::vector<std::vector<int>> origin;                 // per piece (in group order), its vertices in m
  std::vector<int> remap(static_cast<size_t>(nv), -1);  // vertex of m -> vertex of the piece (reset after each)
  for (const auto& g : groups) {
    Mesh p;
    p.label_names = m.label_names;
    p.F.resize(static_cast<Eigen::Index>(g.size()), 3);
    p.label.resize(p.F.rows());
    std::vector<int> from;  // vertex of the piece -> vertex of m, in order of first use
    double area = 0;
    for (size_t i = 0; i < g.size(); ++i) {
      for (int k = 0; k < 3; ++k) {
        int& v = remap[m.F(g[i], k)];
        if (v < 0) {
          v = static_cast<int>(from.size());
          from.push_back(m.F(g[i], k));
        }
        p.F(static_cast<Eigen::Index>(i), k) = v;
      }
      p.label(static_cast<Eigen::Index>(i)) = m.label.size() == nf ? m.label(g[i]) : -1;
      area += face_area(m, g[i]);
    }
    p.V.resize(static_cast<Eigen::Index>(from.size()), 3);
    for (size_t i = 0; i < from.size(); ++i) {
      p.V.row(static_cast<Eigen::Index>(i)) = m.V.row(from[i]);
      remap[static_cast<size_t>(from[i])] = -1;
    }
    pieces.emplace_back(area, std::move(p));
    if (vertex_of) origin.push_back(std::move(from));
  }
  std::vector<size_t> order(pieces.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return pieces[a].first > pieces[b].first; });
  std::vector<Mesh> out;
  if (vertex_of) vertex_of->clear();
  if (face_of) face_of->clear();
  for (size_t k : order) {
    out.push_back(std::move(pieces[k].second));
    if (vertex_of) vertex_of->push_back(std::move(origin[k]));
    if (face_of) face_of->push_back(groups[k]);
  }
  return out;
}

/// Boundary edges (used by exactly one face) among those whose two ends pass `keep(vertex)`, oriented as in that
/// face: pairs (from, to), ordered by (lower, higher) vertex. Every face holding such an edge is counted, so the
/// answer is exact for the edges kept. Only the half-edges between vertices that can end a boundary edge are held
/// and sorted: a vertex ends one only when the neighbours that follow it in its faces are not those that precede it
/// (inside a surface each neighbour is both as often), found in one pass by a sum of a bijective mix of their
/// indices (next minus previous; zero when they match), and the corners of degenerate faces are taken too. On a
/// million-triangle scan that is its holes' and outline's vertices, not its 3.5 M edges.
template <class Keep>
std::vector<std::pair<int, int>> boundary_edges_where(const Mesh& m, Keep keep) {
  const Eigen::Index nf = m.num_faces(), nv = m.num_vertices();
  auto mix = [](int v) { return detail::mix_index(static_cast<std::uint64_t>(v)); };
  std::vector<std::uint64_t> turn(static_cast<size_t>(nv), 0);  // sum of mix(next) - mix(previous), mod 2^64
  std::vector<char> end(static_cast<size_t>(nv), 0);            // may end a boundary edge, and is kept
  const int* c[3] = {m.F.data(), m.F.data() + nf, m.F.data() + 2 * nf};
  for (Eigen::Index f = 0; f < nf; ++f) {
    const int a = c[0][f], b = c[1][f], d = c[2][f];
    turn[static_cast<size_t>(a)] += mix(b) - mix(d);
    turn[static_cast<size_t>(b)] += mix(d) - mix(a);
    turn[static_cast<size_t>(d)] += mix(a) - mix(b);
    if (a == b || b == d || a == d)
      end[static_cast<size_t>(a)] = end[static_cast<size_t>(b)] = end[static_cast<size_t>(d)] = 1;
  }
  for (Eigen::Index v = 0; v < nv; ++v) {
    char& e = end[static_cast<size_t>(v)];
    e = (e || turn[static_cast<size_t>(v)] != 0) && keep(static_cast<int>(v));
  }
  std::vector<std::uint64_t>().swap(turn);
  std::vector<std::array<int, 4>> e;  // min, max, from, to
  for (Eigen::Index f = 0; f < nf; ++f)
    for (int k = 0; k < 3; ++k) {
      const int a = c[k][f], b = c[(k + 1) % 3][f];
      if (end[static_cast<size_t>(a)] && end[static_cast<size_t>(b)])
        e.push_back({std::min(a, b), std::max(a, b), a, b});
    }
  std::sort(e.begin(), e.end());
  std::vector<std::pair<int, int>> out;
  for (size_t i = 0; i < e.size();) {
    size_t j = i;
    while (j < e.size() && e[j][0] == e[i][0] && e[j][1] == e[i][1]) ++j;
    if (j - i == 1) out.emplace_back(e[i][2], e[i][3]);
    i = j;
  }
  return out;
}

/// Boundary edges (used by exactly one face), oriented as in that face: pairs (from, to).
inline std::vector<std::pair<int, int>> boundary_edges(const Mesh& m) {
  return boundary_edges_where(m, [](int) { return true; });
}

}  // namespace mesogrid

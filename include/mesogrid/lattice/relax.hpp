// mesogrid/lattice/relax.hpp: the sites of a piece thinned where lattice lines end (pairs closer than a
// distance) and relaxed along the skin toward the spacing (Jacobi steps on the surface). Lengths in mm.
#pragma once
#include <Eigen/Core>
#include <algorithm>
#include <vector>

#include "../core/parallel.hpp"
#include "../geometry/point_hash.hpp"
#include "piece.hpp"

namespace mesogrid::detail {

/// Thins sites closer than min_dist (where lattice lines end): keeps the site that comes first in the
/// given order. Returns how many were dropped.
inline int thin_sites(std::vector<Node>& nodes, double min_dist) {
  PointHash hash(2 * min_dist);
  std::vector<Node> kept;
  for (const Node& n : nodes) {
    bool clash = false;
    hash.near(n.at.position, min_dist,
              [&](int j) { clash = clash || (kept[j].at.position - n.at.position).norm() < min_dist; });
    if (clash) continue;
    hash.insert(n.at.position, static_cast<int>(kept.size()));
    kept.push_back(n);
  }
  const int dropped = static_cast<int>(nodes.size() - kept.size());
  nodes = std::move(kept);
  return dropped;
}

/// Relaxes sites on the skin (Jacobi steps): every pair closer than the neighbour cut and off the spacing
/// pulls or pushes toward it; sites stay on the surface and keep_depth inside the edge. Only the sites
/// marked in `movable` move (all when it is null). Up to `iterations` steps, fewer once no site moves by
/// 0.1% of the spacing.
inline void relax_sites(const PieceLattice& pl, std::vector<Node>& nodes, int iterations,
                        const std::vector<char>* movable = nullptr) {
  const SurfacePiece& sp = *pl.sp;
  // pairs closer than 0.999 spacing are pushed toward 1.01 (a site's nearest neighbour is its closest
  // pair, so close pairs are corrected a little beyond the spacing), pairs farther than 1.05 pulled
  // toward it; exact lattice pairs feel nothing
  const double s = pl.s, cut = pl.neighbour_cut(), close = 0.999 * s, lo = 1.01 * s, hi = 1.05 * s;
  const double skin = 0.3 * s;  // neighbour lists hold pairs within cut + skin, rebuilt once a site moved skin/2
  std::vector<std::vector<int>> lists;  // each site's neighbours, in index order
  std::vector<Eigen::Vector3d> built;
  auto rebuild = [&] {  // each site's list on its own (side by side on a large piece)
    PointHash hash(2 * (cut + skin));
    for (size_t i = 0; i < nodes.size(); ++i) hash.insert(nodes[i].at.position, static_cast<int>(i));
    lists.resize(nodes.size());
    parallel_for_many(nodes.size(), [&](size_t i) {
      std::vector<int>& l = lists[i];
      l.clear();
      hash.near(nodes[i].at.position, cut + skin, [&](int j) {
        if (j != static_cast<int>(i) && (nodes[j].at.position - nodes[i].at.position).norm() < cut + skin)
          l.push_back(j);
      });
      std::sort(l.begin(), l.end());
    });
    built.resize(nodes.size());
    for (size_t i = 0; i < nodes.size(); ++i) built[i] = nodes[i].at.position;
  };
  rebuild();
  // each step computes every site's move from the same positions, then moves every site on its own: the
  // sites are independent within a step, so a large piece shares them out among threads (same result)
  auto each = [&](auto&& f) { parallel_for_many(nodes.size(), f); };
  for (int it = 0; it < iterations; ++it) {
    std::vector<Eigen::Vector3d> move(nodes.size(), Eigen::Vector3d::Zero());
    each([&](size_t i) {
      if (movable && !(*movable)[i]) return;
      const Eigen::Vector3d p = nodes[i].at.position;
      Eigen::Vector3d f = Eigen::Vector3d::Zero();
      int active = 0;
      for (const int j : lists[i]) {
        const Eigen::Vector3d d = nodes[j].at.position - p;
        const double l = d.norm();
        if (l >= cut || l < 1e-12 || (l >= close && l <= hi)) continue;
        f += (l > hi ? l - hi : l - lo) * d / l;
        ++active;
      }
      if (active == 0) return;
      const Eigen::Vector3d n = sp.normal(nodes[i].at.face, nodes[i].at.bary);
      move[i] = 0.5 * f / active;
      move[i] -= n * n.dot(move[i]);
    });
    double largest = 0;
    for (const Eigen::Vector3d& m : move) largest = std::max(largest, m.norm());
    if (largest < 1e-3 * s) break;
    each([&](size_t i) {
      if (move[i].squaredNorm() > 0)
        nodes[i].at = sp.push_inside(sp.walk(nodes[i].at, nodes[i].at.position + move[i]), pl.keep_depth());
    });
    double drift = 0;
    for (size_t i = 0; i < nodes.size(); ++i) drift = std::max(drift, (nodes[i].at.position - built[i]).norm());
    if (drift > skin / 2) rebuild();
  }
}

}  // namespace mesogrid::detail

// mesogrid/lattice/pockets.hpp: pockets of skin the lattice leaves uncovered (along the edge, where lattice lines
// end, a vacancy inside the lattice) get a site each; the new sites settle among the others and get lattice
// indices. Lengths in mm, areas in mm².
#pragma once
#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <utility>
#include <vector>

#include "../geometry/point_hash.hpp"
#include "coverage.hpp"
#include "piece.hpp"
#include "relax.hpp"
#include "stripes.hpp"
#include "types.hpp"

namespace mesogrid::detail {

/// Parameters of fill_pockets: `reach` in mm, the others in spacings or counts.
struct PocketFill {
  double reach = 0;      // mm: a point farther than this from every site is uncovered (piece_nodes: 0.57 s hex,
                         // 0.70 s square, the lattice's own farthest point is 0.58 s / 0.71 s from a site)
  double min_nn = 0.85;  // a new site's nearest site lies between min_nn·s ...
  double max_nn = 1.10;  // ... and max_nn·s
  int budget = 0;        // how many sites may be added
  // A pocket that takes no site that far from the others (a vacancy: a site missing inside the lattice,
  // its neighbours drawn in around the hole) takes one as close as vacancy_nn·s while the piece has
  // fewer than vacancy_below sites (the count its area calls for); its neighbours then make room.
  double vacancy_nn = 0.75;
  double vacancy_below = 0;
  // A mirror-symmetric piece (its sites are made symmetric afterwards, mirror_sites): a site goes in with
  // its mirror image, both counted against the budget, so that making the plan symmetric adds no site; a
  // pocket is filled from its points on the subject's left or near the midline (within 0.375 spacing, where
  // mirror_sites puts a site on the midline, counted once).
  bool mirror = false;
};

/// Covers pockets the lattice leaves (along the edge, where lattice lines end). The piece is sampled at
/// about s/4 (coverage_samples) on every face near the edge or near a site missing lattice neighbours;
/// samples farther than `reach` from every site and within 0.3 s of each other form connected pockets; the
/// largest pockets (at least 5% of a
/// cell) get one site each, pushed keep_depth inside, at the sample whose nearest site is closest to one
/// spacing (and within [min_nn, max_nn]·s, or [vacancy_nn, min_nn)·s for a vacancy while the piece is
/// short of sites), until `budget` runs out. Returns how many were added; the indices of the vacancy
/// sites among them are appended to *vacancies; the caller makes room for them (make_room).
inline int fill_pockets(const PieceLattice& pl, std::vector<Node>& nodes, const PocketFill& pf,
                        const std::vector<double>& vertex_edge_distance, std::vector<size_t>* vacancies = nullptr) {
  if (pf.budget <= 0 || nodes.empty()) return 0;
  const SurfacePiece& sp = *pl.sp;
  // g: the grain of a pocket (1.5 g = 0.3 s joins two uncovered samples), not the sample spacing (about s/4)
  const double s = pl.s, g = s / 5, cell = lattice_cell_area(pl.hex ? LatticeKind::hex : LatticeKind::square, s);
  PointHash sites(2 * s);
  for (size_t i = 0; i < nodes.size(); ++i) sites.insert(nodes[i].at.position, static_cast<int>(i));
  auto nearest = [&](const Eigen::Vector3d& p) {  // up to one spacing (farther: infinity or a far site)
    double best = std::numeric_limits<double>::infinity(), beyond2 = best;
    sites.near(p, s, [&](int j) {
      const double d2 = (nodes[j].at.position - p).squaredNorm();
      if (d2 <= beyond2) best = std::min(best, std::sqrt(d2)), beyond2 = square_beyond(best);
    });
    return best;
  };
  // the uncovered samples only (farther than reach from every site)
  const std::vector<Sample> samples = coverage_samples(pl, nodes, vertex_edge_distance,
                                                       [&](const Eigen::Vector3d& p) { return nearest(p) > pf.reach; });
  std::vector<int> open(samples.size());
  std::iota(open.begin(), open.end(), 0);
  // connected pockets: uncovered samples within 1.5 g of each other
  std::vector<int> parent(open.size());
  for (size_t i = 0; i < open.size(); ++i) parent[i] = static_cast<int>(i);
  auto find = [&](int x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  {
    PointHash oh(3 * g);
    for (size_t i = 0; i < open.size(); ++i) {
      const Eigen::Vector3d p = samples[open[i]].position;
      oh.near(p, 1.5 * g, [&](int j) {
        if ((samples[open[j]].position - p).norm() <= 1.5 * g) {
          const int a = find(static_cast<int>(i)), b = find(j);
          if (a != b) parent[std::max(a, b)] = std::min(a, b);
        }
      });
      oh.insert(p, static_cast<int>(i));
    }
  }
  struct Pocket {
    std::vector<int> members;  // indices into samples
    double area = 0, top = -std::numeric_limits<double>::infinity(), medial = std::numeric_limits<double>::infinity();
  };
  std::map<int, Pocket> by_root;
  for (size_t i = 0; i < open.size(); ++i) {
    Pocket& pk = by_root[find(static_cast<int>(i))];
    const Sample& smp = samples[open[i]];
    pk.members.push_back(open[i]);
    pk.area += smp.weight;
    pk.top = std::max(pk.top, smp.position.dot(pl.frame.up));
    pk.medial = std::min(pk.medial, std::abs(pl.frame.side(smp.position)));
  }
  std::vector<Pocket> pockets;
  for (auto& [root, pk] : by_root)
    if (pk.area >= 0.05 * cell) pockets.push_back(std::move(pk));
  const double eps = 1e-9;
  std::stable_sort(pockets.begin(), pockets.end(), [&](const Pocket& a, const Pocket& b) {
    if (std::abs(a.area - b.area) > 1e-9 * cell) return a.area > b.area;
    if (std::abs(a.top - b.top) > eps) return a.top > b.top;
    return a.medial < b.medial - eps;
  });
  const double near_midline = 0.375 * s;
  int added = 0;
  for (const Pocket& pk : pockets) {
    if (added >= pf.budget) break;
    bool still_open = false;
    for (int id : pk.members) still_open = still_open || nearest(samples[id].position) > pf.reach;
    if (!still_open) continue;
    SurfacePoint best;
    double best_score = std::numeric_limits<double>::infinity(), best_up = 0, best_med = 0, best_d = 0;
    for (int id : pk.members) {
      const SurfacePoint q = sp.push_inside(sample_point(samples[id]), pl.keep_depth());
      if (pf.mirror && pl.frame.side(q.position) < -near_midline) continue;  // the image of a left point
      const double d = nearest(q.position);
      if (d < pf.vacancy_nn * s || d > pf.max_nn * s) continue;
      const double score = std::abs(d - s), up = q.position.dot(pl.frame.up), med = std::abs(pl.frame.side(q.position));
      if (score < best_score - eps ||
          (score < best_score + eps && (up > best_up + eps || (up > best_up - eps && med < best_med - eps))))
        best_score = score, best = q, best_up = up, best_med = med, best_d = d;
    }
    if (best.face < 0) continue;
    const bool vacancy = best_d < pf.min_nn * s;
    if (vacancy && static_cast<double>(nodes.size()) >= pf.vacancy_below) continue;
    std::vector<SurfacePoint> put = {best};
    if (pf.mirror && pl.frame.side(best.position) > near_midline) {  // with its image, if there is room for it
      const SurfacePoint image = sp.closest(pl.frame.mirror(best.position));
      if (image.face < 0 || added + 2 > pf.budget) continue;
      const double closest = (vacancy ? pf.vacancy_nn : pf.min_nn) * s;  // as for the site itself
      if (nearest(image.position) < closest || (image.position - best.position).norm() < closest) continue;
      put.push_back(image);
    }
    for (const SurfacePoint& at : put) {
      if (vacancy && vacancies) vacancies->push_back(nodes.size());
      Node n;
      n.at = at;
      sites.insert(at.position, static_cast<int>(nodes.size()));
      nodes.push_back(n);
      ++added;
    }
  }
  return added;
}

/// Lets the sites fill_pockets added (nodes from `first_new` on) settle among the others (20 steps of
/// relax_sites). Around a vacancy site (indices in `vacancies`) every site within three spacings relaxes
/// too, so the vacancy's ring of neighbours moves out around it instead of the new site alone being
/// squeezed; then a pair still closer than min_dist loses its later site (the added one, where the pair
/// has one). Elsewhere the lattice sites stay put (on a plane they keep their exact lattice).
inline void make_room(const PieceLattice& pl, std::vector<Node>& nodes, size_t first_new,
                      const std::vector<size_t>& vacancies, double min_dist) {
  if (nodes.size() <= first_new) return;
  std::vector<char> movable(nodes.size(), 0);
  std::fill(movable.begin() + static_cast<long>(first_new), movable.end(), 1);
  const double ring = 3 * pl.s;
  PointHash around(2 * ring);
  for (size_t i : vacancies) around.insert(nodes[i].at.position, static_cast<int>(i));
  for (size_t i = 0; i < first_new && !vacancies.empty(); ++i)
    around.near(nodes[i].at.position, ring, [&](int j) {
      movable[i] = movable[i] || (nodes[static_cast<size_t>(j)].at.position - nodes[i].at.position).norm() < ring;
    });
  relax_sites(pl, nodes, 20, &movable);
  if (!vacancies.empty()) thin_sites(nodes, min_dist);
}

/// Lattice indices for sites added by fill_pockets (marked ia = ib = INT_MIN), in node order: the free
/// index nearest to the site, judged from its nearest labelled site (a lattice site, or an added one
/// labelled before it; the first in node order among equals) and the local lattice directions.
inline void label_added(const PieceLattice& pl, std::vector<Node>& nodes, const LatticeFields& fields) {
  const SurfacePiece& sp = *pl.sp;
  constexpr int unlabelled = std::numeric_limits<int>::min();
  std::map<std::pair<int, int>, int> taken;
  PointHash labelled(pl.s);  // the labelled sites, so that finding the nearest is not a scan of every node
  for (size_t i = 0; i < nodes.size(); ++i)
    if (nodes[i].ia != unlabelled) taken[{nodes[i].ia, nodes[i].ib}] = 1, labelled.insert(nodes[i].at.position, int(i));
  // The nearest labelled node to p: the lowest index among the nearest, as a scan in node order finds it.
  auto nearest = [&](const Eigen::Vector3d& p) -> const Node* {
    int best_i = -1;
    double best = std::numeric_limits<double>::infinity();
    auto consider = [&](int j) {
      const double d = (nodes[static_cast<size_t>(j)].at.position - p).norm();
      if (d < best || (d == best && j < best_i)) best = d, best_i = j;
    };
    for (double reach = pl.s; reach <= 4 * pl.s; reach *= 2) {
      labelled.near(p, reach, consider);
      if (best <= reach) return &nodes[static_cast<size_t>(best_i)];  // every node within `reach` was looked at
    }
    for (size_t j = 0; j < nodes.size(); ++j)  // far from every labelled site (rare): look at all
      if (nodes[j].ia != unlabelled) consider(static_cast<int>(j));
    return best_i < 0 ? nullptr : &nodes[static_cast<size_t>(best_i)];
  };
  for (size_t i = 0; i < nodes.size(); ++i) {
    Node& n = nodes[i];
    if (n.ia != unlabelled) continue;
    const Node* ref = nearest(n.at.position);
    if (!ref) {
      n.ia = n.ib = 0;
      labelled.insert(n.at.position, static_cast<int>(i));
      continue;
    }
    const int v = sp.mesh().F(ref->at.face, 0);
    const Eigen::Vector3d d = n.at.position - ref->at.position;
    const double fa = ref->ia + fields.ga[v].dot(d) / (2 * pi), fb = ref->ib + fields.gb[v].dot(d) / (2 * pi);
    int ba = static_cast<int>(std::lround(fa)), bb = static_cast<int>(std::lround(fb));
    double bd = std::numeric_limits<double>::infinity();
    for (int a = static_cast<int>(std::floor(fa)) - 1; a <= static_cast<int>(std::ceil(fa)) + 1; ++a)
      for (int b = static_cast<int>(std::floor(fb)) - 1; b <= static_cast<int>(std::ceil(fb)) + 1; ++b) {
        if (taken.count({a, b})) continue;
        const double dd = (a - fa) * (a - fa) + (b - fb) * (b - fb);
        if (dd < bd - 1e-12) bd = dd, ba = a, bb = b;
      }
    n.ia = ba, n.ib = bb;
    taken[{ba, bb}] = 1;
    labelled.insert(n.at.position, static_cast<int>(i));
  }
}

}  // namespace mesogrid::detail

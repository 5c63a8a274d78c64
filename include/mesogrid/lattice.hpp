// mesogrid/lattice.hpp: a square or hexagonal lattice of injection sites laid on a region's surface with
// its spacing measured along the skin (mm).
//
// How, for each connected piece of the region:
// 1. Two stripe patterns (stripes.hpp) give the lattice lines: rows run horizontally in the face frame,
//    columns across them, each family exactly one spacing apart along the skin. Where the skin curves too
//    much for a regular lattice (a dome, the nose, the chin-neck angle), lines end at a few singular
//    points instead of the whole lattice stretching.
// 2. Anchoring: the columns are put on the mid-sagittal plane where the piece crosses it (a column on it,
//    or the midline between two columns), else on the piece's most medial point; of the phases that keep
//    that anchoring (2 along the rows on the midline, else 8; 16 across the rows from the piece's top), the
//    one whose site count best matches area ÷ cell area is kept, isolated sites and an empty piece
//    penalised. A site is kept when it lies at least (margin − half a row) inside the edge.
// 3. Where lines end, sites closer than 0.6 spacing are thinned; then the sites relax on the skin: a pair
//    closer than 0.999 spacing pushes apart, one farther than 1.05 pulls together (exact lattice sites
//    feel nothing, so planes and cylinders keep their exact lattice); pairs the relaxation could not part
//    (closer than 0.75 spacing) are thinned.
// 4. Pockets the lattice leaves uncovered (along the edge, where lines end) get one site each, between 0.85
//    and 1.1 spacing from the others, while the count stays within 4% of area ÷ cell; a vacancy (a site
//    missing inside the lattice, its neighbours drawn in) takes one from 0.75 spacing while the count is
//    below area ÷ cell; the new sites settle among the others, with the sites within 3 spacings of a
//    vacancy's, so the ring around it moves out; where the edge is still uncovered, sites move a little
//    toward it, alone or with the neighbours ahead of them (coverage).
// 5. A piece that crosses the midline and is its own mirror image within 0.05 spacing gets an exactly
//    mirror-symmetric plan: the subject's left half is mirrored onto the right (after the relaxation, so
//    pockets see the midline as it will be, and again at the end).
// Positions are points of mesh triangles, so sites lie on the surface. Dense pieces are planned on a
// coarser proxy (proxy.hpp) and the sites projected onto the dense surface.
#pragma once
#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <numeric>
#include <string>
#include <tuple>
#include <vector>

#include "error.hpp"
#include "frame.hpp"
#include "mesh.hpp"
#include "parallel.hpp"
#include "pieces.hpp"
#include "proxy.hpp"
#include "stripes.hpp"
#include "surface.hpp"
#include "technique.hpp"
#include "timing.hpp"

namespace mesogrid {

struct LatticeOptions {
  LatticeKind kind = LatticeKind::square;
  double spacing_mm = 10;  ///< distance between neighbouring sites along the skin
  /// Edge rule: a lattice site is kept when it lies at least (margin − half a row) inside the region
  /// edge. With the default margin of half the spacing, the sites' lattice cells tile the region up to its
  /// edge.
  double margin_mm = 5;
  FaceFrame frame;
  /// Pieces with more triangles than this are planned on a coarser proxy (proxy.hpp) and the sites are
  /// projected back onto the dense surface: cost follows the spacing, not the scan's resolution.
  Eigen::Index proxy_above_faces = 60000;
  /// The region's area (mm²) when the caller has summed it already (a scan: ~10 ms a pass); < 0: summed
  /// here when needed.
  double region_area_mm2 = -1;
};

struct LatticeSite {
  Eigen::Vector3d position;  ///< on the surface, mm
  Eigen::Vector3d normal;    ///< unit, pointing out of the skin
  int row = 0, col = 0;      ///< row 0 is the top row; columns increase toward the subject's left
  int piece = 0;             ///< connected piece of the region the site lies on
};

/// Row spacing of a lattice: s for square, s·√3/2 for hex.
inline double lattice_row_spacing(LatticeKind k, double s) {
  return k == LatticeKind::square ? s : s * std::sqrt(3.0) / 2;
}

/// Cell area of a lattice, mm²: s² (square) or s²·√3/2 (hex).
inline double lattice_cell_area(LatticeKind k, double s) { return s * lattice_row_spacing(k, s); }

namespace detail {

/// Points hashed on a uniform 3D grid for neighbour queries. A cell of twice the query radius keeps a
/// query to 8 cells. Cells live in an open-addressing table (linear probing, power-of-two size, at most
/// half full) pointing into a list of bins; a bin keeps its points in insertion order.
class PointHash {
 public:
  explicit PointHash(double cell) : cell_(cell), slots_(16, Slot{0, -1}) {}
  void insert(const Eigen::Vector3d& p, int id) { bin_for_insert(key(cell_of(p))).push_back(id); }
  void erase(const Eigen::Vector3d& p, int id) {
    auto& b = bin_for_insert(key(cell_of(p)));
    b.erase(std::find(b.begin(), b.end(), id));
  }
  /// Calls f(id) for every point in the cells the ball of radius r around p touches (a superset of the
  /// points within r).
  template <class F>
  void near(const Eigen::Vector3d& p, double r, F f) const {
    const auto lo = cell_of(p - Eigen::Vector3d::Constant(r)), hi = cell_of(p + Eigen::Vector3d::Constant(r));
    for (std::int64_t a = lo[0]; a <= hi[0]; ++a)
      for (std::int64_t b = lo[1]; b <= hi[1]; ++b)
        for (std::int64_t c = lo[2]; c <= hi[2]; ++c) {
          const int bin = find(key({a, b, c}));
          if (bin >= 0)
            for (int id : bins_[static_cast<size_t>(bin)]) f(id);
        }
  }

 private:
  struct Slot {
    std::uint64_t key;
    int bin;  // index into bins_, -1 when the slot is empty
  };
  std::array<std::int64_t, 3> cell_of(const Eigen::Vector3d& p) const {
    return {static_cast<std::int64_t>(std::floor(p.x() / cell_)), static_cast<std::int64_t>(std::floor(p.y() / cell_)),
            static_cast<std::int64_t>(std::floor(p.z() / cell_))};
  }
  static std::uint64_t key(const std::array<std::int64_t, 3>& c) {
    auto q = [](std::int64_t x) { return static_cast<std::uint64_t>(x + (1 << 20)) & 0x1FFFFF; };
    return (q(c[0]) << 42) | (q(c[1]) << 21) | q(c[2]);
  }
  /// First slot to probe for key k (Fibonacci hashing of the packed cell).
  size_t home(std::uint64_t k) const {
    return static_cast<size_t>((k * 0x9E3779B97F4A7C15ull) >> 32) & (slots_.size() - 1);
  }
  /// The bin of cell key k, or -1.
  int find(std::uint64_t k) const {
    for (size_t i = home(k);; i = (i + 1) & (slots_.size() - 1)) {
      const Slot& sl = slots_[i];
      if (sl.bin < 0) return -1;
      if (sl.key == k) return sl.bin;
    }
  }
  /// The bin of cell key k, created empty when new.
  std::vector<int>& bin_for_insert(std::uint64_t k) {
    const int b = find(k);
    if (b >= 0) return bins_[static_cast<size_t>(b)];
    if (2 * (bins_.size() + 1) > slots_.size()) {  // grow: rehash the cells into a table twice the size
      std::vector<Slot> old(2 * slots_.size(), Slot{0, -1});
      old.swap(slots_);
      for (const Slot& sl : old)
        if (sl.bin >= 0) place(sl);
    }
    bins_.emplace_back();
    place(Slot{k, static_cast<int>(bins_.size()) - 1});
    return bins_.back();
  }
  void place(const Slot& sl) {
    size_t i = home(sl.key);
    while (slots_[i].bin >= 0) i = (i + 1) & (slots_.size() - 1);
    slots_[i] = sl;
  }
  double cell_;
  std::vector<Slot> slots_;
  std::vector<std::vector<int>> bins_;
};

/// A squared distance safely beyond d² (by a relative 1e-12, far above rounding): a point whose squared
/// distance exceeds it is farther than d, so nearest-point searches skip its square root.
inline double square_beyond(double d) { return d * d * (1 + 1e-12); }

/// A site while the lattice of one piece is being made.
struct Node {
  SurfacePoint at;
  int ia = 0, ib = 0;  ///< lattice indices (turns of the two patterns)
};

/// Everything the steps of one piece share.
struct PieceLattice {
  const SurfacePiece* sp = nullptr;
  FaceFrame frame;
  bool hex = false;
  double s = 10, h = 10, margin = 5;
  double keep_depth() const { return std::max(0.0, margin - h / 2); }  // a site lies at least this far inside
  double neighbour_cut() const { return (hex ? 1.35 : 1.25) * s; }     // lattice neighbours are closer than this
  int full_degree() const { return hex ? 6 : 4; }
};

/// How a lattice shift (da, db turns) scores: |count − expected| + 1.5 per isolated site + 0.001 per
/// spacing that sites would need to move to be a whole margin inside (centres the lattice), or twice the
/// expected count when empty. Counts sites at least keep_depth inside; isolated = no lattice neighbour.
inline double score_shift(const PieceLattice& pl, const FaceLattice& fl,
                          const std::vector<double>& vertex_edge_distance, double da, double db, double expected) {
  const SurfacePiece& sp = *pl.sp;
  const Mesh& m = sp.mesh();
  const double keep = pl.keep_depth();
  std::vector<std::uint64_t> keys;
  double push = 0;
  for_each_lattice_point(sp, fl, da, db, [&](const LatticePoint& p) {
    const Eigen::Vector3d x = sp.position(p.face, p.bary);
    double lower = std::numeric_limits<double>::infinity();  // distance to the edge is at least this
    for (int k = 0; k < 3; ++k)
      lower = std::min(lower, vertex_edge_distance[m.F(p.face, k)] - (x - m.corner(p.face, k)).norm());
    if (lower < pl.margin) {
      const double d = sp.boundary_distance(x, pl.margin);
      if (keep > 0 && d < keep - 1e-9) return;
      push += pl.margin - d;
    }
    keys.push_back((static_cast<std::uint64_t>(static_cast<std::uint32_t>(p.ia)) << 32) |
                   static_cast<std::uint32_t>(p.ib));
  });
  if (keys.empty()) return 2 * expected;
  std::sort(keys.begin(), keys.end());
  auto has = [&](int a, int b) {
    return std::binary_search(
        keys.begin(), keys.end(),
        (static_cast<std::uint64_t>(static_cast<std::uint32_t>(a)) << 32) | static_cast<std::uint32_t>(b));
  };
  int isolated = 0;
  for (std::uint64_t k : keys) {
    const int a = static_cast<int>(static_cast<std::uint32_t>(k >> 32)),
              b = static_cast<int>(static_cast<std::uint32_t>(k));
    bool any = has(a - 1, b) || has(a + 1, b) || has(a, b - 1) || has(a, b + 1);
    if (pl.hex) any = any || has(a + 1, b - 1) || has(a - 1, b + 1);
    if (!any) ++isolated;
  }
  return std::abs(static_cast<double>(keys.size()) - expected) + 1.5 * isolated + 1e-3 * push / pl.s;
}

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
  std::vector<int> start, other;
  std::vector<Eigen::Vector3d> built;
  auto rebuild = [&] {
    PointHash hash(2 * (cut + skin));
    for (size_t i = 0; i < nodes.size(); ++i) hash.insert(nodes[i].at.position, static_cast<int>(i));
    start.assign(1, 0);
    other.clear();
    built.resize(nodes.size());
    for (size_t i = 0; i < nodes.size(); ++i) {
      const size_t first = other.size();
      hash.near(nodes[i].at.position, cut + skin, [&](int j) {
        if (j != static_cast<int>(i) && (nodes[j].at.position - nodes[i].at.position).norm() < cut + skin)
          other.push_back(j);
      });
      std::sort(other.begin() + static_cast<long>(first), other.end());
      start.push_back(static_cast<int>(other.size()));
      built[i] = nodes[i].at.position;
    }
  };
  rebuild();
  // each step computes every site's move from the same positions, then moves every site on its own: the
  // sites are independent within a step, so a large piece (2048 sites or more: below, starting the threads
  // costs more than it saves) shares them out among threads (same result)
  auto each = [&](auto&& f) {
    if (nodes.size() >= 2048)
      parallel_for(nodes.size(), f);
    else
      for (size_t i = 0; i < nodes.size(); ++i) f(i);
  };
  for (int it = 0; it < iterations; ++it) {
    std::vector<Eigen::Vector3d> move(nodes.size(), Eigen::Vector3d::Zero());
    each([&](size_t i) {
      if (movable && !(*movable)[i]) return;
      const Eigen::Vector3d p = nodes[i].at.position;
      Eigen::Vector3d f = Eigen::Vector3d::Zero();
      int active = 0;
      for (int k = start[i]; k < start[i + 1]; ++k) {
        const Eigen::Vector3d d = nodes[other[k]].at.position - p;
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

/// A sample of the surface for coverage: a point, the area it stands for (mm²), and where it lies: the
/// centroid of sub-triangle (i, j, up) of face `face` split k×k, packed as ((k·64 + i)·64 + j)·2 + up.
struct Sample {
  Eigen::Vector3d position;
  double weight;
  int face;
  int sub;
};

/// Barycentrics in its face of the centroid of sub-triangle (i, j, up) of a face split k×k.
inline Eigen::Vector3d sub_centroid(int k, int i, int j, int up) {
  const double o = up ? 2.0 / 3 : 1.0 / 3;
  return {1 - (i + o) / k - (j + o) / k, (i + o) / k, (j + o) / k};
}

/// The surface point a sample stands at.
inline SurfacePoint sample_point(const Sample& smp) {
  const int up = smp.sub & 1, j = (smp.sub >> 1) & 63, i = (smp.sub >> 7) & 63, k = smp.sub >> 13;
  SurfacePoint q;
  q.face = smp.face;
  q.bary = sub_centroid(k, i, j, up);
  q.position = smp.position;
  return q;
}

/// Samples where coverage can be short: on every face near the edge (within 1.5 spacing) or near a site
/// missing lattice neighbours, the centroids of the face's sub-triangles when split into pieces of about
/// s/4. Elsewhere the lattice covers the skin by construction. With `keep`, only the samples at whose
/// position it returns true (the array then holds only those: less memory on a large piece); keep is
/// called from several threads at once, so it must only read.
inline std::vector<Sample> coverage_samples(const PieceLattice& pl, const std::vector<Node>& nodes,
                                            const std::vector<double>& vertex_edge_distance,
                                            const std::function<bool(const Eigen::Vector3d&)>& keep = {}) {
  const SurfacePiece& sp = *pl.sp;
  const Mesh& m = sp.mesh();
  const double s = pl.s, g = s / 4;
  PointHash sites(2 * pl.neighbour_cut());
  for (size_t i = 0; i < nodes.size(); ++i) sites.insert(nodes[i].at.position, static_cast<int>(i));
  // faces worth sampling: near the edge, or near a site with missing neighbours
  std::vector<char> want(static_cast<size_t>(m.num_faces()), 0);
  for (Eigen::Index f = 0; f < m.num_faces(); ++f)
    for (int k = 0; k < 3; ++k) want[f] = want[f] || vertex_edge_distance[m.F(f, k)] < s;
  {
    PointHash vh(2 * s);  // vertices near defect sites
    for (Eigen::Index v = 0; v < m.num_vertices(); ++v) vh.insert(m.vertex(v), static_cast<int>(v));
    std::vector<char> vnear(static_cast<size_t>(m.num_vertices()), 0);
    for (const Node& n : nodes) {
      int deg = 0;
      sites.near(n.at.position, pl.neighbour_cut(), [&](int j) {
        const double d = (nodes[j].at.position - n.at.position).norm();
        if (d > 1e-9 && d < pl.neighbour_cut()) ++deg;
      });
      if (deg >= pl.full_degree()) continue;
      vh.near(n.at.position, s, [&](int v) {
        if ((m.vertex(v) - n.at.position).norm() < s) vnear[v] = 1;
      });
    }
    for (Eigen::Index f = 0; f < m.num_faces(); ++f)
      for (int k = 0; k < 3; ++k) want[f] = want[f] || vnear[m.F(f, k)];
  }
  // samples: centroids of the sub-triangles of each wanted face split k×k (counted first, so the array
  // is allocated once at its size)
  auto splits = [&](int f) {
    double longest = 0;
    for (int k = 0; k < 3; ++k) longest = std::max(longest, (m.corner(f, k) - m.corner(f, (k + 1) % 3)).norm());
    return std::clamp(static_cast<int>(std::ceil(longest / g)), 1, 64);
  };
  std::vector<size_t> first(static_cast<size_t>(m.num_faces()) + 1, 0);  // each face's first candidate
  for (Eigen::Index fi = 0; fi < m.num_faces(); ++fi) {
    const int k = want[fi] ? splits(static_cast<int>(fi)) : 0;
    first[static_cast<size_t>(fi) + 1] = first[static_cast<size_t>(fi)] + static_cast<size_t>(k * k);
  }
  // the candidates of face f in order (k² of them), visit(index from first[f], position, weight, sub)
  auto candidates = [&](int f, auto&& visit) {
    const int k = splits(f);
    const double w = face_area(m, f) / (k * k);
    size_t at = first[static_cast<size_t>(f)];
    for (int i = 0; i < k; ++i)
      for (int j = 0; i + j < k; ++j)
        for (int up = 0; up < 2; ++up) {
          if (up && i + j >= k - 1) continue;
          visit(at++, sp.position(f, sub_centroid(k, i, j, up)), w, ((k * 64 + i) * 64 + j) * 2 + up);
        }
  };
  // with `keep`, the candidates are judged first, on every thread (a face's verdicts in its own slots)
  std::vector<char> kept;
  if (keep) {
    kept.assign(first.back(), 0);
    parallel_for(static_cast<size_t>(m.num_faces()), [&](size_t f) {
      if (want[f])
        candidates(static_cast<int>(f), [&](size_t at, const Eigen::Vector3d& p, double, int) { kept[at] = keep(p); });
    });
  }
  std::vector<Sample> samples;
  if (!keep) samples.reserve(first.back());
  for (Eigen::Index fi = 0; fi < m.num_faces(); ++fi) {
    if (!want[fi]) continue;
    const int f = static_cast<int>(fi);
    candidates(f, [&](size_t at, const Eigen::Vector3d& p, double w, int sub) {
      if (!keep || kept[at]) samples.push_back({p, w, f, sub});
    });
  }
  return samples;
}

/// Parameters of fill_pockets (mm).
struct PocketFill {
  double reach = 7;      // a point farther than this from every site is uncovered
  double min_nn = 0.85;  // a new site's nearest site lies between min_nn·s ...
  double max_nn = 1.10;  // ... and max_nn·s
  int budget = 0;        // how many sites may be added
  // A pocket that takes no site that far from the others (a vacancy: a site missing inside the lattice,
  // its neighbours drawn in around the hole) takes one as close as vacancy_nn·s while the piece has
  // fewer than vacancy_below sites (the count its area calls for); its neighbours then make room.
  double vacancy_nn = 0.75;
  double vacancy_below = 0;
};

/// Covers pockets the lattice leaves (along the edge, where lattice lines end). The piece is sampled at
/// about s/5 on every face near the edge or near a site missing lattice neighbours; samples farther than
/// `reach` from every site are grouped into connected pockets; the largest pockets (at least 5% of a
/// cell) get one site each, pushed keep_depth inside, at the sample whose nearest site is closest to one
/// spacing (and within [min_nn, max_nn]·s, or [vacancy_nn, min_nn)·s for a vacancy while the piece is
/// short of sites), until `budget` runs out. Returns how many were added; the indices of the vacancy
/// sites among them are appended to *vacancies; the caller makes room for them (make_room).
inline int fill_pockets(const PieceLattice& pl, std::vector<Node>& nodes, const PocketFill& pf,
                        const std::vector<double>& vertex_edge_distance, std::vector<size_t>* vacancies = nullptr) {
  if (pf.budget <= 0 || nodes.empty()) return 0;
  const SurfacePiece& sp = *pl.sp;
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
    if (vacancy && vacancies) vacancies->push_back(nodes.size());
    Node n;
    n.at = best;
    sites.insert(best.position, static_cast<int>(nodes.size()));
    nodes.push_back(n);
    ++added;
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

/// Parameters of relax_coverage (mm).
struct CoverRelax {
  double reach = 7.2;      // a point farther than this from every site counts as uncovered
  double min_nn = 0.90;    // every nearest-neighbour distance stays within [min_nn, max_nn]·s (or no worse
  double max_nn = 1.10;    // than it was) ...
  double max_cv = 0.03;    // ... and the piece's nearest-neighbour CV at most this (or as it was)
  double min_mean = 0.98;  // ... and their mean at least this many spacings (or as it was)
  int rounds = 12;
};

/// Where the count budget is spent and the edge is still uncovered, moves sites a little (at most 0.35
/// spacing per step, up to `rounds` rounds) toward the uncovered samples they are nearest to; when a step
/// of the site alone breaks the spacing and none is kept, it is tried with its neighbours ahead of it
/// (closer than the neighbour cut, at least 0.25 spacing further along the move) moving the same way, so
/// a corner site can reach the corner without crowding the site it moves toward. A move is kept when it
/// lowers the uncovered cost near it (per sample: its area if farther than `reach` from every site, plus
/// how far beyond, in spacings) and keeps nearest-neighbour distances within [min_nn, max_nn]·s and their
/// CV within max_cv. Returns how many moves were kept.
inline int relax_coverage(const PieceLattice& pl, std::vector<Node>& nodes, const CoverRelax& cr,
                          const std::vector<double>& vertex_edge_distance) {
  if (nodes.size() < 2) return 0;
  const SurfacePiece& sp = *pl.sp;
  const double s = pl.s, eps = 1e-9;
  const std::vector<Sample> samples = coverage_samples(pl, nodes, vertex_edge_distance);
  if (samples.empty()) return 0;
  PointHash sites(2 * s), near_samples(2 * cr.reach);
  for (size_t i = 0; i < nodes.size(); ++i) sites.insert(nodes[i].at.position, static_cast<int>(i));
  for (size_t i = 0; i < samples.size(); ++i) near_samples.insert(samples[i].position, static_cast<int>(i));
  auto nearest_site = [&](const Eigen::Vector3d& p) {                       // distance and index (lowest index on ties)
    double best = std::numeric_limits<double>::infinity(), beyond2 = best;  // squared: cannot win past this
    int who = -1;
    sites.near(p, s, [&](int j) {
      const double d2 = (nodes[j].at.position - p).squaredNorm();
      if (d2 > beyond2) return;
      const double d = std::sqrt(d2);
      if (d < best - eps || (d < best + eps && j < who)) best = d, who = j, beyond2 = square_beyond(best + eps);
    });
    return std::make_pair(best, who);
  };
  auto site_nn = [&](int i) {  // in spacings, capped at 1.5 (no neighbour within one hash cell)
    double best = 1.5 * s, beyond2 = square_beyond(best);
    sites.near(nodes[i].at.position, 1.5 * s, [&](int j) {
      const double d2 = (nodes[j].at.position - nodes[i].at.position).squaredNorm();
      if (j != i && d2 <= beyond2) best = std::min(best, std::sqrt(d2)), beyond2 = square_beyond(best);
    });
    return best / s;
  };
  std::vector<double> nn(nodes.size());
  double sum = 0, sum2 = 0;
  for (size_t i = 0; i < nodes.size(); ++i) nn[i] = site_nn(static_cast<int>(i)), sum += nn[i], sum2 += nn[i] * nn[i];
  const double count = static_cast<double>(nodes.size());
  auto cv_of = [&](double s1, double s2) {
    const double mean = s1 / count;
    return std::sqrt(std::max(0.0, s2 / count - mean * mean)) / mean;
  };
  std::vector<double> dist(samples.size());
  for (size_t i = 0; i < samples.size(); ++i) dist[i] = nearest_site(samples[i].position).first;
  auto cost = [&](size_t i, double d) { return d > cr.reach ? samples[i].weight * (1 + (d - cr.reach) / s) : 0.0; };
  auto move_site = [&](int i, const SurfacePoint& to) {
    sites.erase(nodes[i].at.position, i);
    nodes[i].at = to;
    sites.insert(to.position, i);
  };
  int kept = 0;
  std::vector<char> settled(nodes.size(), 0);  // every move tried failed, and nothing near it moved since
  for (int round = 0; round < cr.rounds; ++round) {
    std::vector<Eigen::Vector3d> pull(nodes.size(), Eigen::Vector3d::Zero());
    std::vector<double> need(nodes.size(), 0.0);
    for (size_t id = 0; id < samples.size(); ++id) {
      if (dist[id] <= cr.reach) continue;
      const Eigen::Vector3d p = samples[id].position;
      const auto [d, who] = nearest_site(p);
      if (who < 0) continue;
      pull[who] += samples[id].weight * (d - cr.reach) * (p - nodes[who].at.position) / d;
      need[who] += samples[id].weight * (d - cr.reach);
    }
    std::vector<int> order;  // sites next to at least 1% of a cell uncovered by 5% of the spacing
    const double cell = lattice_cell_area(pl.hex ? LatticeKind::hex : LatticeKind::square, s);
    for (size_t i = 0; i < nodes.size(); ++i)
      if (need[i] > 0.01 * cell * 0.05 * s && !settled[i]) order.push_back(static_cast<int>(i));
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
      if (std::abs(need[a] - need[b]) > 1e-9 * s * s) return need[a] > need[b];
      const double ua = nodes[a].at.position.dot(pl.frame.up), ub = nodes[b].at.position.dot(pl.frame.up);
      if (std::abs(ua - ub) > eps) return ua > ub;
      return pl.frame.side(nodes[a].at.position) > pl.frame.side(nodes[b].at.position);
    });
    int moved = 0;
    for (int i : order) {
      const Eigen::Vector3d n = sp.normal(nodes[i].at.face, nodes[i].at.bary);
      Eigen::Vector3d dir = pull[i] - n * n.dot(pull[i]);
      if (dir.norm() < 1e-12) continue;
      dir.normalize();
      const SurfacePoint start = nodes[i].at;
      // the site alone, else with its neighbours ahead of it (a site blocked by the one it moves toward
      // takes that one along)
      std::vector<std::vector<int>> groups = {{i}};
      {
        std::vector<int> ahead = {i};
        sites.near(start.position, pl.neighbour_cut(), [&](int j) {
          const Eigen::Vector3d d = nodes[j].at.position - start.position;
          if (j != i && d.norm() < pl.neighbour_cut() && d.dot(dir) > 0.25 * s) ahead.push_back(j);
        });
        std::sort(ahead.begin() + 1, ahead.end());
        if (ahead.size() > 1) groups.push_back(std::move(ahead));
      }
      bool done = false, blocked = false;  // blocked: a step crowded or spread the sites
      for (const std::vector<int>& group : groups) {
        if (group.size() > 1 && !blocked) break;
        std::vector<SurfacePoint> from(group.size()), to(group.size());
        for (size_t g = 0; g < group.size(); ++g) from[g] = nodes[group[g]].at;
        for (double t : {0.35, 0.25, 0.15, 0.08}) {
          bool far_enough = true;
          for (size_t g = 0; g < group.size(); ++g) {  // every member moves along dir in its own tangent plane
            const Eigen::Vector3d ng = sp.normal(from[g].face, from[g].bary);
            Eigen::Vector3d dg = dir - ng * ng.dot(dir);
            if (dg.norm() < 1e-12) dg = dir;
            to[g] = sp.push_inside(sp.walk(from[g], from[g].position + t * s * dg.normalized()), pl.keep_depth());
            far_enough = far_enough && (to[g].position - from[g].position).norm() >= 0.02 * s;
          }
          if (!far_enough) continue;
          // the spacing first (a few sites), then the coverage cost (hundreds of samples)
          for (size_t g = 0; g < group.size(); ++g) move_site(group[g], to[g]);
          std::vector<int> around;
          std::vector<double> nn_new;
          double s1 = sum, s2 = sum2;
          for (size_t g = 0; g < group.size(); ++g)
            for (const Eigen::Vector3d& c : {from[g].position, to[g].position})
              sites.near(c, 1.5 * s, [&](int a) {
                if ((nodes[a].at.position - c).norm() <= 1.5 * s) around.push_back(a);
              });
          std::sort(around.begin(), around.end());
          around.erase(std::unique(around.begin(), around.end()), around.end());
          bool ok = true;
          for (int a : around) {
            const double d = site_nn(a), b = nn[a];
            if ((d < cr.min_nn - eps && d < b - eps) || (d > cr.max_nn + eps && d > b + eps)) ok = false;
            nn_new.push_back(d);
            s1 += d - b, s2 += d * d - b * b;
          }
          ok = ok && cv_of(s1, s2) <= std::max(cr.max_cv, cv_of(sum, sum2)) + eps &&
               s1 / count >= std::min(cr.min_mean, sum / count) - eps;
          blocked = blocked || !ok;
          std::vector<int> window;  // samples whose cost can change: within reach of a position before or after
          std::vector<double> now;
          if (ok) {
            for (size_t g = 0; g < group.size(); ++g)
              for (const Eigen::Vector3d& c : {from[g].position, to[g].position})
                near_samples.near(c, cr.reach, [&](int id) {
                  if ((samples[id].position - c).norm() <= cr.reach) window.push_back(id);
                });
            std::sort(window.begin(), window.end());
            window.erase(std::unique(window.begin(), window.end()), window.end());
            double e0 = 0, e1 = 0;
            now.resize(window.size());
            for (size_t k = 0; k < window.size(); ++k) {
              e0 += cost(static_cast<size_t>(window[k]), dist[window[k]]);
              now[k] = nearest_site(samples[window[k]].position).first;
              e1 += cost(static_cast<size_t>(window[k]), now[k]);
            }
            ok = e1 < e0 - 1e-9 * s * s;
          }
          if (ok) {
            for (size_t k = 0; k < window.size(); ++k) dist[window[k]] = now[k];
            for (size_t k = 0; k < around.size(); ++k) nn[around[k]] = nn_new[k], settled[around[k]] = 0;
            sum = s1, sum2 = s2;
            ++kept, ++moved;
            done = true;
            break;
          }
          for (size_t g = group.size(); g-- > 0;) move_site(group[g], from[g]);
        }
        if (done) break;
      }
      if (!done) settled[i] = 1;
    }
    if (moved == 0) break;
  }
  return kept;
}

/// Lattice indices for sites added by fill_pockets (marked ia = ib = INT_MIN): the free index nearest
/// to the site, judged from its nearest lattice site and the local lattice directions.
inline void label_added(const PieceLattice& pl, std::vector<Node>& nodes, const LatticeFields& fields) {
  const SurfacePiece& sp = *pl.sp;
  std::map<std::pair<int, int>, int> taken;
  for (const Node& n : nodes)
    if (n.ia != std::numeric_limits<int>::min()) taken[{n.ia, n.ib}] = 1;
  for (Node& n : nodes) {
    if (n.ia != std::numeric_limits<int>::min()) continue;
    const Node* ref = nullptr;
    double best = std::numeric_limits<double>::infinity();
    for (const Node& o : nodes) {
      if (o.ia == std::numeric_limits<int>::min()) continue;
      const double d = (o.at.position - n.at.position).norm();
      if (d < best) best = d, ref = &o;
    }
    if (!ref) {
      n.ia = n.ib = 0;
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
  }
}

/// True when the piece is its own mirror image about the mid-sagittal plane within `tol` mm (every
/// vertex's mirror image lies that close to the surface).
inline bool mirror_symmetric_piece(const SurfacePiece& sp, const FaceFrame& frame, double tol) {
  const Mesh& m = sp.mesh();
  const Eigen::Vector3d lat = frame.lateral();
  for (Eigen::Index v = 0; v < m.num_vertices(); ++v) {
    const Eigen::Vector3d p = m.vertex(v), q = p - 2 * frame.side(p) * lat;
    if ((sp.closest(q).position - q).norm() > tol) return false;
  }
  return true;
}

/// Makes the sites of a mirror-symmetric piece exactly mirror-symmetric. Sites closer to the midline than
/// 0.375 spacing are put on it (walked across along the surface); sites on the subject's left are kept
/// with their mirror images (put on the surface); sites on the right are dropped. Midline sites are taken
/// first, then left sites with their images, each only if it (and its image) lies at least 0.75 spacing
/// from those already taken, so the result has no close pair across the midline.
inline void mirror_sites(const PieceLattice& pl, std::vector<Node>& nodes) {
  const SurfacePiece& sp = *pl.sp;
  const FaceFrame& fr = pl.frame;
  const Eigen::Vector3d lat = fr.lateral();
  const double near_midline = 0.375 * pl.s, clash = 0.75 * pl.s;
  std::vector<Node> mid, left;
  for (Node n : nodes) {
    const double side = fr.side(n.at.position);
    if (side < -near_midline) continue;
    if (side > near_midline) {
      left.push_back(n);
      continue;
    }
    for (int k = 0; k < 8 && std::abs(fr.side(n.at.position)) > 1e-12 * pl.s; ++k) {  // across, along the surface
      const Eigen::Vector3d nrm = sp.normal(n.at.face, n.at.bary), t = lat - nrm * nrm.dot(lat);
      if (t.dot(lat) < 1e-3) break;
      n.at = sp.walk(n.at, n.at.position - fr.side(n.at.position) / t.dot(lat) * t);
    }
    mid.push_back(n);
  }
  std::vector<Node> out;
  PointHash taken(2 * clash);
  auto free_at = [&](const Eigen::Vector3d& p) {
    bool ok = true;
    taken.near(p, clash, [&](int j) { ok = ok && (out[j].at.position - p).norm() >= clash; });
    return ok;
  };
  auto take = [&](const Node& n) {
    taken.insert(n.at.position, static_cast<int>(out.size()));
    out.push_back(n);
  };
  for (const Node& n : mid)
    if (free_at(n.at.position)) take(n);
  for (const Node& n : left) {
    Node m = n;
    m.at = sp.closest(n.at.position - 2 * fr.side(n.at.position) * lat);  // the image, put on the surface
    m.ia = std::numeric_limits<int>::min();
    if (!free_at(n.at.position) || !free_at(m.at.position)) continue;
    take(n);
    take(m);
  }
  nodes = std::move(out);
}

/// A piece to plan: its mesh, and for a piece of a dense region's proxy, the proxy (the way back to the
/// dense surface) and the proxy vertex each of the piece's vertices is.
struct PieceToPlan {
  Mesh mesh;
  std::shared_ptr<const DenseProxy> dense;
  std::vector<int> proxy_vertex;
};

/// Cell of the proxy of a dense region: 0.4 of the spacing (the stripe patterns need the surface, not the
/// lattice, resolved: on the 1.18M-triangle ICT face a 4 mm proxy plans 10 mm as well as a 2.5 mm one,
/// twice as fast; 5 mm lost 1.5% of the sites to the proxy's smaller area), but at least 2.5 mm (about
/// the edge of a face mesh at normal resolution) and coarse enough that the proxy has about
/// proxy_above_faces / 2 triangles or fewer (a surface clustered at cell c has about 2·area/c²).
inline double proxy_cell_mm(double area_mm2, double s, Eigen::Index proxy_above_faces) {
  return std::max({0.4 * s, 2.5, std::sqrt(area_mm2 / (0.5 * static_cast<double>(proxy_above_faces)))});
}

/// The region's connected pieces. A region with more than `proxy_above_faces` triangles is not split
/// or copied: it is replaced by the pieces of its DenseProxy, which point back to it (the region must
/// outlive the result).
inline std::vector<PieceToPlan> pieces_to_plan(const Mesh& region, double s, Eigen::Index proxy_above_faces,
                                               double area_mm2 = -1) {
  std::vector<PieceToPlan> out;
  if (region.num_faces() <= proxy_above_faces) {
    for (Mesh& p : connected_pieces(region)) out.push_back({std::move(p), nullptr, {}});
    return out;
  }
  const double area = area_mm2 >= 0 ? area_mm2 : surface_area(region);
  auto proxy = std::make_shared<const DenseProxy>(region, proxy_cell_mm(area, s, proxy_above_faces));
  stage_done("proxy");
  std::vector<std::vector<int>> vertex_of;
  std::vector<Mesh> pieces = connected_pieces(proxy->mesh(), &vertex_of);
  for (size_t k = 0; k < pieces.size(); ++k) out.push_back({std::move(pieces[k]), proxy, std::move(vertex_of[k])});
  stage_done("proxy pieces");
  return out;
}

/// How much the lattice may stretch smoothly (2%) before lattice lines end instead (stripe_pattern's
/// tolerance): on the ICT forehead, 0 leaves too many line ends (nearest-neighbour mean 0.96) and 6% too
/// much stretch (CV 0.05); 1-3% meet the planeval contract on all 16 ICT region cases.
inline constexpr double kStretch = 0.02;

/// The lattice of one connected piece (steps 1-5 of the header comment), as nodes on the piece.
inline std::vector<Node> piece_nodes(const SurfacePiece& sp, const LatticeOptions& opt, LatticeFields* fields_out) {
  const Mesh& m = sp.mesh();
  PieceLattice pl;
  pl.sp = &sp;
  pl.frame = opt.frame;
  pl.hex = opt.kind == LatticeKind::hex;
  pl.s = opt.spacing_mm;
  pl.h = lattice_row_spacing(opt.kind, pl.s);
  pl.margin = opt.margin_mm;
  const FaceFrame& fr = opt.frame;
  const double expected = sp.area() / lattice_cell_area(opt.kind, pl.s);
  // distance from every vertex to the edge (a lower bound for points of its faces, with their distance)
  std::vector<double> edge_dist(static_cast<size_t>(m.num_vertices()));
  const double far = std::max(pl.s, pl.margin);  // the largest depth any step asks about
  for (Eigen::Index v = 0; v < m.num_vertices(); ++v) edge_dist[v] = sp.boundary_distance(m.vertex(v), far);
  stage_done("lattice: edge distance");
  // anchor vertex: the most medial (ties: the highest, then the lowest index)
  int root = 0;
  for (Eigen::Index v = 1; v < m.num_vertices(); ++v) {
    const double a = std::abs(fr.side(m.vertex(v))), b = std::abs(fr.side(m.vertex(root)));
    if (a < b - 1e-12 || (a < b + 1e-12 && m.vertex(v).dot(fr.up) > m.vertex(root).dot(fr.up) + 1e-12))
      root = static_cast<int>(v);
  }
  LatticeFields fields = lattice_fields(sp, fr, opt.kind, pl.s);
  const std::array<StripePattern, 2> patterns = stripe_patterns(sp, fields, root, kStretch);
  const StripePattern &pa = patterns[0], &pb = patterns[1];
  const FaceLattice fl = face_lattice(sp, pa, pb);
  stage_done("stripes");
  // anchoring: phase of the column pattern (a + b/2 for hex, whose odd rows are shifted) on the midline
  const double c = pl.hex ? 0.5 : 0.0;
  const double turn = 2 * pi, fold = pl.hex ? 2.0 : 1.0;  // hex: a + b/2 is defined up to half a turn
  std::complex<double> acc = 0;
  const auto& edges = sp.edges();
  for (size_t e = 0; e < edges.size(); ++e) {
    const int a = edges[e][0], b = edges[e][1];
    const double sa = fr.side(m.vertex(a)), sb = fr.side(m.vertex(b));
    if (!((sa < 0 && sb >= 0) || (sa >= 0 && sb < 0))) continue;
    const double t = sa / (sa - sb);
    const double ph = pa.phase[a] + t * pa.step(edges, static_cast<int>(e), a) +
                      c * (pb.phase[a] + t * pb.step(edges, static_cast<int>(e), a));
    acc += std::polar(1.0, fold * ph);
  }
  const bool crosses = std::abs(acc) > 0;
  const double h_ref = crosses ? std::arg(acc) / (fold * turn) : (pa.phase[root] + c * pb.phase[root]) / turn;
  int top = 0;
  for (Eigen::Index v = 1; v < m.num_vertices(); ++v)
    if (m.vertex(v).dot(fr.up) > m.vertex(top).dot(fr.up) + 1e-12) top = static_cast<int>(v);
  const double b_top = pb.phase[top] / turn;
  const int nu = crosses ? 2 : 8, nvp = 16;
  auto shift = [&](int i) {  // the i-th candidate (iu = i / nvp, iv = i % nvp): (da, db) in turns
    const double db = -b_top + static_cast<double>(i % nvp) / nvp;
    return std::make_pair(-h_ref - c * db + static_cast<double>(i / nvp) / nu, db);
  };
  std::vector<double> scores(static_cast<size_t>(nu * nvp));  // scored in parallel, chosen in order
  parallel_for(scores.size(), [&](size_t i) {
    const auto [da, db] = shift(static_cast<int>(i));
    scores[i] = score_shift(pl, fl, edge_dist, da, db, expected);
  });
  double best = std::numeric_limits<double>::infinity(), best_da = 0, best_db = 0;
  for (int i = 0; i < nu * nvp; ++i)
    if (scores[static_cast<size_t>(i)] < best - 1e-12)
      best = scores[static_cast<size_t>(i)], std::tie(best_da, best_db) = shift(i);
  stage_done("lattice: phase choice");
  std::vector<Node> nodes;
  for_each_lattice_point(sp, fl, best_da, best_db, [&](const LatticePoint& p) {
    Node n;
    n.at.face = p.face;
    n.at.bary = p.bary;
    n.at.position = sp.position(p.face, p.bary);
    n.ia = p.ia, n.ib = p.ib;
    if (pl.keep_depth() > 0 && sp.boundary_distance(n.at.position, pl.keep_depth()) < pl.keep_depth() - 1e-9) return;
    nodes.push_back(n);
  });
  // row-major order (top row first) before thinning, so that the kept site of a close pair is the same
  // whatever the face numbering
  std::stable_sort(nodes.begin(), nodes.end(),
                   [](const Node& a, const Node& b) { return a.ib != b.ib ? a.ib > b.ib : a.ia < b.ia; });
  thin_sites(nodes, 0.6 * pl.s);
  stage_done("lattice: extract");
  relax_sites(pl, nodes, 40);
  thin_sites(nodes, 0.75 * pl.s);  // pairs the relaxation could not part (no room at the edge)
  const bool symmetric = crosses && mirror_symmetric_piece(sp, fr, 0.05 * pl.s);
  if (symmetric) mirror_sites(pl, nodes);  // so that pockets see the midline as it will be
  stage_done("lattice: relax");
  PocketFill pf;
  pf.reach = (pl.hex ? 0.57 : 0.70) * pl.s;
  pf.budget = static_cast<int>(std::floor(1.04 * expected)) - static_cast<int>(nodes.size());
  pf.vacancy_below = expected;
  const size_t before = nodes.size();
  std::vector<size_t> vacancies;
  fill_pockets(pl, nodes, pf, edge_dist, &vacancies);
  stage_done("lattice: pockets");
  for (size_t i = before; i < nodes.size(); ++i) nodes[i].ia = nodes[i].ib = std::numeric_limits<int>::min();
  make_room(pl, nodes, before, vacancies, pf.vacancy_nn * pl.s);
  CoverRelax cr;
  cr.reach = (pl.hex ? 0.58 : 0.72) * pl.s;
  relax_coverage(pl, nodes, cr, edge_dist);
  stage_done("lattice: coverage");
  if (symmetric) mirror_sites(pl, nodes);
  stage_done("lattice: mirror");
  label_added(pl, nodes, fields);
  stage_done("lattice: labels");
  if (fields_out) *fields_out = std::move(fields);
  return nodes;
}

}  // namespace detail

/// Lays the lattice on every piece of `region` (mm), largest piece first. Warnings (pieces too small, sites
/// dropped where pieces meet) are appended.
inline std::vector<LatticeSite> surface_lattice(const Mesh& region, const LatticeOptions& opt,
                                                std::vector<std::string>* warnings = nullptr) {
  const double s = opt.spacing_mm;
  const double cell = lattice_cell_area(opt.kind, s);
  const bool hex = opt.kind == LatticeKind::hex;
  std::vector<LatticeSite> out;
  int piece_index = 0, skipped = 0, crowded = 0;
  detail::PointHash placed(1.4 * s);  // sites of the pieces planned so far (pieces touching at a corner or a seam)
  for (const detail::PieceToPlan& w : detail::pieces_to_plan(region, s, opt.proxy_above_faces, opt.region_area_mm2)) {
    const Mesh& piece = w.mesh;
    if (surface_area(piece) < 0.5 * cell) {
      ++skipped;
      continue;
    }
    const SurfacePiece sp(piece, opt.frame);
    stage_done("surface piece");
    if (sp.boundary().empty())
      throw plan_error(
          "the region is a closed surface (no boundary): the margin and the anchoring need an edge; "
          "plan on an open face region");
    const std::vector<detail::Node> nodes = detail::piece_nodes(sp, opt, nullptr);
    stage_done("lattice");
    if (nodes.empty()) {
      ++piece_index;
      continue;
    }
    // rows from the top, columns toward the subject's left (hex: odd rows shifted by half a column)
    auto col_of = [&](const detail::Node& n) { return hex ? n.ia + static_cast<int>(std::floor(n.ib / 2.0)) : n.ia; };
    int top = std::numeric_limits<int>::min(), left = std::numeric_limits<int>::max();
    for (const auto& n : nodes) top = std::max(top, n.ib), left = std::min(left, col_of(n));
    std::vector<LatticeSite> sites(nodes.size());
    parallel_for(nodes.size(), [&](size_t i) {
      const detail::Node& n = nodes[i];
      LatticeSite& ls = sites[i];
      ls.position = n.at.position;
      ls.normal = sp.normal(n.at.face, n.at.bary);
      if (w.dense) {  // onto the dense surface, with its own normal (outward like the proxy's)
        const int f = n.at.face;
        const std::array<int, 3> corners = {w.proxy_vertex[piece.F(f, 0)], w.proxy_vertex[piece.F(f, 1)],
                                            w.proxy_vertex[piece.F(f, 2)]};
        Eigen::Vector3d q = ls.position, nrm = Eigen::Vector3d::Zero();
        w.dense->project(ls.position, corners, &q, &nrm);
        ls.position = q;
        if (nrm.norm() > 0) ls.normal = sp.inward() ? Eigen::Vector3d(-nrm) : nrm;
      }
      ls.row = top - n.ib;
      ls.col = col_of(n) - left;
      ls.piece = piece_index;
    });
    std::stable_sort(sites.begin(), sites.end(), [](const LatticeSite& a, const LatticeSite& b) {
      return a.row != b.row ? a.row < b.row : a.col < b.col;
    });
    stage_done(w.dense ? "sites onto dense" : "sites");
    const size_t first = out.size();
    for (const LatticeSite& ls : sites) {  // a site closer than 0.7 spacing to another piece's: dropped
      bool clash = false;
      placed.near(ls.position, 0.7 * s,
                  [&](int j) { clash = clash || (out[j].position - ls.position).norm() < 0.7 * s; });
      if (clash) {
        ++crowded;
        continue;
      }
      out.push_back(ls);
    }
    for (size_t i = first; i < out.size(); ++i) placed.insert(out[i].position, static_cast<int>(i));
    ++piece_index;
  }
  if (skipped > 0 && warnings)
    warnings->push_back(std::to_string(skipped) +
                        " piece(s) of the region smaller than half a lattice cell were skipped");
  if (crowded > 0 && warnings)
    warnings->push_back(std::to_string(crowded) +
                        " site(s) dropped where separate pieces of the region meet "
                        "(closer than 0.7x the spacing to a site of another piece)");
  return out;
}

}  // namespace mesogrid

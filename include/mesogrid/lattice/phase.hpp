// mesogrid/lattice/phase.hpp: where the lattice sits on a piece: of the shifts of the two stripe patterns that
// keep the lattice anchored on the midline (or the most medial point), the one whose site count best matches the
// piece's area, with no isolated sites and centred between the edges. Lengths in mm, phases in turns.
#pragma once
#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <complex>
#include <cstdint>
#include <limits>
#include <tuple>
#include <utility>
#include <vector>

#include "../core/parallel.hpp"
#include "piece.hpp"
#include "stripes.hpp"

namespace mesogrid::detail {

/// How a lattice shift (da, db turns) scores: |count − expected| + 1.5 per isolated site + 0.001 per
/// spacing that sites would need to move to be a whole margin inside (centres the lattice), or twice the
/// expected count when empty. Counts sites at least keep_depth inside (their number in *count);
/// isolated = no lattice neighbour.
inline double score_shift(const PieceLattice& pl, const FaceLattice& fl,
                          const std::vector<double>& vertex_edge_distance, double da, double db, double expected,
                          long* count = nullptr) {
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
  if (count) *count = static_cast<long>(keys.size());
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

/// The lattice's phase on a piece (step 2 of lattice.hpp): the shift (da, db turns) of the two patterns.
/// The columns are anchored on the mid-sagittal plane where the piece crosses it (a column on it, or the
/// midline between two: 2 candidates along the rows), else on the `root` vertex (8 candidates); across the
/// rows, 16 candidates from the piece's top vertex. Of these, the one that scores best (score_shift) is kept,
/// the first on ties; the candidates are scored in parallel and chosen in order. A piece of at least half a cell
/// (expected >= 0.5) keeps a candidate with a site whenever one has one: a small separate piece whose one site
/// would be isolated (scored 1.5) is not left empty (scored 2 x expected: 1.2 for 0.6 of a cell).
struct Phase {
  double da = 0, db = 0;  ///< shift of the two patterns, turns
  bool crosses = false;   ///< the piece crosses the mid-sagittal plane
};

inline Phase choose_phase(const PieceLattice& pl, const StripePattern& pa, const StripePattern& pb,
                          const FaceLattice& fl, const std::vector<double>& edge_dist, int root, double expected) {
  const SurfacePiece& sp = *pl.sp;
  const Mesh& m = sp.mesh();
  const FaceFrame& fr = pl.frame;
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
  std::vector<long> counts(scores.size(), 0);
  parallel_for(scores.size(), [&](size_t i) {
    const auto [da, db] = shift(static_cast<int>(i));
    scores[i] = score_shift(pl, fl, edge_dist, da, db, expected, &counts[i]);
  });
  const bool needs_site = expected >= 0.5 && std::any_of(counts.begin(), counts.end(), [](long n) { return n > 0; });
  double best = std::numeric_limits<double>::infinity();
  Phase phase;
  phase.crosses = crosses;
  for (int i = 0; i < nu * nvp; ++i) {
    if (needs_site && counts[static_cast<size_t>(i)] == 0) continue;
    if (scores[static_cast<size_t>(i)] < best - 1e-12)
      best = scores[static_cast<size_t>(i)], std::tie(phase.da, phase.db) = shift(i);
  }
  return phase;
}

}  // namespace mesogrid::detail

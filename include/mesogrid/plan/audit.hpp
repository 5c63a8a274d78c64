// mesogrid/plan/audit.hpp: every plan's own measure of how its sites cover the region, in the terms of the
// independent judge (../shared/tools/planeval.py): the sites the area calls for (area / cell), the nearest-neighbour
// mean and CV, the coverage gap (how far a point of the skin is from the nearest site) at its 99th percentile, and
// the skin left uncovered (farther than the reach, 0.62 spacing hex or 0.75 square, from every site) with where it
// is. The plan is then judged against the lattice's contract (count within 5% of area / cell, uncovered area at most
// 1%, NN CV at most 0.04) on the skin it meant to cover: skin left empty on purpose (inside exclude zones, on pieces
// smaller than half a cell, in a margin wider than half a spacing) is counted apart. Lengths mm, areas mm², gaps
// and NN in spacings.
#pragma once
#include <Eigen/Core>
#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

#include "../core/config.hpp"
#include "../core/error.hpp"
#include "../core/mesh.hpp"
#include "../lattice/types.hpp"
#include "types.hpp"

namespace mesogrid {

/// A point of a mesh standing for (area / samples) of it: its position and face.
struct AreaSample {
  Eigen::Vector3d position;
  int face;
};

/// `count` samples of m spread by area (`area_mm2`: the sum of its face areas), stratified: sample j lies at a
/// pseudo-random point (a hash of j) of the j-th stretch of area / count walked in face order, and at a
/// pseudo-random point of the face it falls in. Deterministic; the faces are walked in blocks on several threads.
MESOGRID_API std::vector<AreaSample> area_samples(const Mesh& m, double area_mm2, size_t count);

/// What the audit is told about the plan besides its sites.
struct AuditInput {
  LatticeKind kind = LatticeKind::square;
  double spacing_mm = 10, margin_mm = 5;
  double area_mm2 = 0;  ///< the region's area (summed already by the plan)
  /// Skin left empty on purpose, by sample: `left_out` for skin not meant to carry sites (a piece under half a cell:
  /// taken out of the expected count), `excused` for skin whose coverage is not held against the plan (inside an
  /// exclude zone or within reach of the sites it removed). Called from several threads: must only read. Not set:
  /// every sample is meant to be covered.
  enum class Design { meant, excused, left_out };
  std::function<Design(const AreaSample&)> by_design;
  /// The region's edge length (mm): with a margin other than half a spacing, the lattice's cells stop
  /// (margin - s/2) inside the edge, so the count the skin calls for changes by that band's area.
  double edge_length_mm = 0;
  std::vector<SmallPiece> small_pieces;  ///< pieces left without a site (listed in the audit)
  /// Sites removed on purpose after the lattice was laid (exclude zones), in mm: the lattice is judged with them
  /// (its count, since whether a zone's few square millimetres held a site is chance, and its spacing, since the
  /// neighbours of a removed site are not irregular for missing it).
  std::vector<Eigen::Vector3d> removed_sites;
};

/// How many samples the audit takes for n sites: 32 per site, at least 20,000, at most 100,000 (64 per site and
/// 200,000 move the 99th-percentile gap by 0.3% at most on the ICT faces and the bust scan).
inline size_t audit_samples(size_t sites) {
  const size_t n = 32 * sites;
  return n < 20000 ? 20000 : n > 100000 ? 100000 : n;
}

/// Measures how `sites` (mm) cover `region` and judges the plan against the contract (PlanSummary::Coverage).
MESOGRID_API PlanCoverage audit_coverage(const Mesh& region, const std::vector<Eigen::Vector3d>& sites,
                                         const AuditInput& in);

/// The message of a plan that misses its contract, saying where; nothing when it meets it. make_plan makes it a
/// warning when skin is left uncovered, else a note.
MESOGRID_API std::optional<Message> coverage_warning(const PlanCoverage& c, double spacing_mm);

}  // namespace mesogrid

#if MESOGRID_DEFINITIONS
#include "audit-inl.hpp"
#endif

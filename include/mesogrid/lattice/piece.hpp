// mesogrid/lattice/piece.hpp: the working state of the lattice on one connected piece: the sites being made
// (Node: a point on the piece and its lattice indices) and what every step shares (PieceLattice: the surface,
// frame, spacing, row height and margin). Lengths in mm.
#pragma once
#include <algorithm>

#include "../core/frame.hpp"
#include "../geometry/surface.hpp"

namespace mesogrid::detail {

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

}  // namespace mesogrid::detail

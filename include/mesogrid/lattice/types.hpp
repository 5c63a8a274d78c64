// mesogrid/lattice/types.hpp: what a surface lattice is asked (LatticeOptions: kind, spacing, margin, frame) and
// what it gives (LatticeSite: a point on the skin, its normal, its lattice row and column), with the geometry
// of square and hex lattices. Lengths in mm, areas in mm².
#pragma once
#include <Eigen/Core>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../core/frame.hpp"
#include "../core/text.hpp"

namespace mesogrid {

enum class LatticeKind { square, hex };

inline std::string_view lattice_name(LatticeKind k) { return k == LatticeKind::square ? "square" : "hex"; }

/// The lattice named "square", "hex" or "hexagonal" (case-insensitive); nullopt for anything else.
inline std::optional<LatticeKind> lattice_from_name(std::string_view name) {
  const std::string s = text::lower(name);
  if (s == "square") return LatticeKind::square;
  if (s == "hex" || s == "hexagonal") return LatticeKind::hex;
  return std::nullopt;
}

struct LatticeOptions {
  LatticeKind kind = LatticeKind::square;
  double spacing_mm = 10;  ///< distance between neighbouring sites along the skin
  /// Edge rule: a lattice site is kept when it lies at least (margin − half a row) inside the region
  /// edge. With the default margin of half the spacing, the sites' lattice cells tile the region up to its
  /// edge.
  double margin_mm = 5;
  FaceFrame frame;
  /// Which way the region's faces are wound: outward_winding(whole mesh).side (+1 outward, −1 inward); 0: the side
  /// frame.front faces is out.
  int winding = 0;
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

/// A piece of the region smaller than half a lattice cell: the lattice leaves it without a site.
struct SmallPiece {
  Eigen::Vector3d centroid_mm = Eigen::Vector3d::Zero();
  double area_mm2 = 0;
};

/// What laying the lattice did besides placing the sites (surface_lattice), as data.
struct LatticeReport {
  int pieces = 0;                ///< pieces planned (at least half a cell)
  int surface_frame_pieces = 0;  ///< of them, rows along the piece's own frame (lattice_fields)
  int axis_frame_pieces = 0;     ///< of them, rows about the piece's own axis (lattice_fields)
  double own_rows_area_mm2 = 0;  ///< area of the pieces whose rows do not follow the given up axis
  /// The own axis (unit) of the largest piece with rows about it.
  Eigen::Vector3d row_axis = Eigen::Vector3d::Zero();
  std::vector<SmallPiece> small_pieces;  ///< pieces under half a cell, without a site, largest first
  std::vector<int> small_piece_faces;    ///< the region's faces on those pieces, increasing
  long crowded = 0;                      ///< sites dropped where separate pieces meet (closer than 0.7 spacing)
  /// Pieces lying over pieces planned before them (two surfaces one over the other: a shell written twice, an inner
  /// surface): at least 10 of their sites, and half, dropped as crowded, where a seam takes a row at most. Each:
  /// its centroid and area, and how many of its sites were dropped.
  struct Overlap {
    Eigen::Vector3d centroid_mm = Eigen::Vector3d::Zero();
    double area_mm2 = 0;
    long dropped = 0, sites = 0;
  };
  std::vector<Overlap> overlaps;
  double edge_length_mm = 0;  ///< the planned pieces' edges (their boundary), summed
  /// How deep the planned pieces are: the largest distance of a vertex from its piece's edge (mm), measured up to
  /// the larger of the spacing and the margin (deeper pieces report that much).
  double depth_mm = 0;
};

/// Row spacing of a lattice: s for square, s·√3/2 for hex.
inline double lattice_row_spacing(LatticeKind k, double s) {
  return k == LatticeKind::square ? s : s * std::sqrt(3.0) / 2;
}

/// Cell area of a lattice, mm²: s² (square) or s²·√3/2 (hex).
inline double lattice_cell_area(LatticeKind k, double s) { return s * lattice_row_spacing(k, s); }

}  // namespace mesogrid

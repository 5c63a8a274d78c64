// mesogrid/lattice/mirror.hpp: mirror-symmetric plans, all in one place. Two cases:
// - a piece that crosses the midline and is its own mirror image (within a tolerance): its sites are made
//   exactly symmetric while the lattice is made (mirror_sites), so that later steps see the midline as it
//   will be;
// - a mesh that is exactly mirror-symmetric with mirrored labels (the built-in face): a region's finished sites
//   are made exactly symmetric (mirror_symmetric_sites), and a right-side region is the mirror image of its
//   left partner's plan.
// mirror_pair_error measures the symmetry of any plan. The mirror of a point is FaceFrame::mirror. Lengths in mm.
#pragma once
#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "../core/frame.hpp"
#include "../geometry/point_hash.hpp"
#include "piece.hpp"
#include "types.hpp"

namespace mesogrid {

namespace detail {

/// True when the piece is its own mirror image about the mid-sagittal plane within `tol` mm (every
/// vertex's mirror image lies that close to the surface).
inline bool mirror_symmetric_piece(const SurfacePiece& sp, const FaceFrame& frame, double tol) {
  const Mesh& m = sp.mesh();
  for (Eigen::Index v = 0; v < m.num_vertices(); ++v) {
    const Eigen::Vector3d q = frame.mirror(m.vertex(v));
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
    m.at = sp.closest(fr.mirror(n.at.position));  // the image, put on the surface
    m.ia = std::numeric_limits<int>::min();
    if (!free_at(n.at.position) || !free_at(m.at.position)) continue;
    take(n);
    take(m);
  }
  nodes = std::move(out);
}

}  // namespace detail

/// Makes lattice sites of a mirror-symmetric mesh exactly mirror-symmetric. With `all_mirrored`, every
/// site is mirrored (a right-side region planned as the mirror of its left partner). Otherwise the sites
/// within spacing/4 of the midline are put on it, the left-half sites are kept and the right half is
/// replaced by their mirror images (taking the lattice indices of the nearest original right-half site).
/// Output order: piece, row, then toward the subject's left.
inline std::vector<LatticeSite> mirror_symmetric_sites(const std::vector<LatticeSite>& ls, const FaceFrame& f,
                                                       double spacing_mm, bool all_mirrored) {
  std::vector<LatticeSite> out;
  auto mirrored = [&](const LatticeSite& a) {
    LatticeSite b = a;
    b.position = f.mirror(a.position);
    b.normal = f.mirror_direction(a.normal);
    b.col = -a.col;
    return b;
  };
  const double tol = spacing_mm / 4;
  for (const LatticeSite& a : ls) {
    const double side = f.side(a.position);
    if (all_mirrored) {
      out.push_back(mirrored(a));
    } else if (std::abs(side) <= tol) {
      LatticeSite b = a;
      b.position = a.position - side * f.lateral();
      b.normal = (a.normal - a.normal.dot(f.lateral()) * f.lateral()).normalized();
      out.push_back(b);
    } else if (side > tol) {
      out.push_back(a);
      LatticeSite b = mirrored(a);
      double best = spacing_mm / 2;
      for (const LatticeSite& r : ls)  // lattice indices of the original right-half site it replaces
        if (f.side(r.position) < -tol && (r.position - b.position).norm() < best)
          best = (r.position - b.position).norm(), b.row = r.row, b.col = r.col, b.piece = r.piece;
      out.push_back(b);
    }
  }
  std::stable_sort(out.begin(), out.end(), [&](const LatticeSite& a, const LatticeSite& b) {
    if (a.piece != b.piece) return a.piece < b.piece;
    if (a.row != b.row) return a.row < b.row;
    return f.side(a.position) < f.side(b.position);
  });
  return out;
}

/// Max over sites of the distance from the site's mirror image to the nearest site, mm (0 for < 1 site).
/// `Site`: any type with a `position` (LatticeSite, the plan's Site).
template <class Site>
double mirror_pair_error(const std::vector<Site>& sites, const FaceFrame& frame) {
  double worst = 0;
  for (const Site& s : sites) {
    const Eigen::Vector3d m = frame.mirror(s.position);
    double best = std::numeric_limits<double>::infinity();
    for (const Site& t : sites) best = std::min(best, (t.position - m).norm());
    worst = std::max(worst, best);
  }
  return worst;
}

}  // namespace mesogrid

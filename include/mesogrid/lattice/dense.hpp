// mesogrid/lattice/dense.hpp: the pieces a region is planned on: its connected pieces, or for a dense scan the
// pieces of a coarser proxy (geometry/proxy.hpp) that point back to the dense surface, so that planning cost
// follows the spacing and not the scan's resolution; a piece whose triangles are too large for the lattice is
// refined first (geometry/refine.hpp). Lengths in mm.
#pragma once
#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <memory>
#include <utility>
#include <vector>

#include "../core/mesh.hpp"
#include "../core/timing.hpp"
#include "../geometry/pieces.hpp"
#include "../geometry/proxy.hpp"
#include "../geometry/refine.hpp"

namespace mesogrid::detail {

/// A piece to plan: its mesh, and for a piece of a dense region's proxy, the proxy (the way back to the
/// dense surface) and the proxy vertex each of the piece's vertices is; for a piece of the region itself, the
/// region's face each of its faces is. A coarse piece is planned refined (refine_piece): `mesh` is then the
/// refinement, `unrefined` the piece before it and parent_face the face of `unrefined` each face of `mesh` lies
/// in (proxy_vertex and region_face refer to `unrefined`).
struct PieceToPlan {
  Mesh mesh;
  std::shared_ptr<const DenseProxy> dense;
  std::vector<int> proxy_vertex;
  std::vector<int> region_face;
  std::shared_ptr<const Mesh> unrefined;
  std::vector<int> parent_face;
  const Mesh& base() const { return unrefined ? *unrefined : mesh; }
  int base_face(int f) const { return unrefined ? parent_face[static_cast<size_t>(f)] : f; }
};

/// Edges longer than this many spacings are split before a piece is planned: a triangle larger than the
/// lattice's cells cannot carry its lines (the phase is interpolated linearly inside it, and where the lines turn
/// across it the face is dropped as singular, with the sites in it). On the ICT neutral face at 3 mm (triangles up
/// to 8 mm around the head), the faces dropped cover 2.2% of the skin unrefined and 0.4% once the edges are at
/// most 1.5 spacings; the bust scan's 5.4 mm triangles leave 3.3% of the count short at 3 mm.
inline constexpr double kLongestEdgeSpacings = 1.5;

/// Refines a piece whose edges are longer than kLongestEdgeSpacings·s (refine_long_edges), within a budget of
/// faces (a refinement that would pass it stops at the last pass within it).
inline void refine_piece(PieceToPlan& p, double s, Eigen::Index max_faces) {
  if (longest_edge(p.mesh) <= kLongestEdgeSpacings * s) return;
  std::vector<int> parent;
  Mesh fine = refine_long_edges(p.mesh, kLongestEdgeSpacings * s, max_faces, &parent);
  if (fine.num_faces() == p.mesh.num_faces()) return;
  p.unrefined = std::make_shared<const Mesh>(std::move(p.mesh));
  p.mesh = std::move(fine);
  p.parent_face = std::move(parent);
}

/// Cell of the proxy of a dense region: 0.4 of the spacing (the stripe patterns need the surface resolved, not
/// the lattice: a coarser proxy loses area where its triangles cut across curves, a finer one only costs time),
/// but at least 2.5 mm (about the edge of a face mesh at normal resolution) and coarse enough that the proxy
/// has about proxy_above_faces / 2 triangles or fewer (a surface clustered at cell c has about 2·area/c²).
inline double proxy_cell_mm(double area_mm2, double s, Eigen::Index proxy_above_faces) {
  return std::max({0.4 * s, 2.5, std::sqrt(area_mm2 / (0.5 * static_cast<double>(proxy_above_faces)))});
}

/// Share of slivers (sliver_share) from which a region is planned on its proxy whatever its size: clustering
/// re-triangulates it at the proxy's cell, so that planning follows the region's area and not its slivers' length.
/// Scans have few (the bust scan 7% of its triangles, the ICT faces under 0.2%).
inline constexpr double kProxySliverShare = 0.25;

/// The region's connected pieces. A region with more than `proxy_above_faces` triangles, or of which a quarter
/// or more are slivers (kProxySliverShare), is not split or copied: it is replaced by the pieces of its DenseProxy,
/// which point back to it (the region must outlive the result).
inline std::vector<PieceToPlan> pieces_to_plan(const Mesh& region, double s, Eigen::Index proxy_above_faces,
                                               double area_mm2 = -1) {
  std::vector<PieceToPlan> out;
  // a refined piece may have up to four times the faces a piece is planned on without a proxy
  const Eigen::Index budget = 4 * proxy_above_faces;
  if (region.num_faces() <= proxy_above_faces && sliver_share(region) < kProxySliverShare) {
    std::vector<std::vector<int>> face_of;
    std::vector<Mesh> pieces = connected_pieces(region, nullptr, &face_of);
    for (size_t k = 0; k < pieces.size(); ++k) {
      out.push_back({std::move(pieces[k]), nullptr, {}, std::move(face_of[k]), nullptr, {}});
      refine_piece(out.back(), s, budget);
    }
    return out;
  }
  const double area = area_mm2 >= 0 ? area_mm2 : surface_area(region);
  auto proxy = std::make_shared<const DenseProxy>(region, proxy_cell_mm(area, s, proxy_above_faces));
  stage_done("proxy");
  std::vector<std::vector<int>> vertex_of;
  std::vector<Mesh> pieces = connected_pieces(proxy->mesh(), &vertex_of);
  for (size_t k = 0; k < pieces.size(); ++k) {
    out.push_back({std::move(pieces[k]), proxy, std::move(vertex_of[k]), {}, nullptr, {}});
    refine_piece(out.back(), s, budget);
  }
  stage_done("proxy pieces");
  return out;
}

}  // namespace mesogrid::detail

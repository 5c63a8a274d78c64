// mesogrid/lattice/dense.hpp: the pieces a region is planned on: its connected pieces, or for a dense scan the
// pieces of a coarser proxy (geometry/proxy.hpp) that point back to the dense surface, so that planning cost
// follows the spacing and not the scan's resolution. Lengths in mm.
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

namespace mesogrid::detail {

/// A piece to plan: its mesh, and for a piece of a dense region's proxy, the proxy (the way back to the
/// dense surface) and the proxy vertex each of the piece's vertices is.
struct PieceToPlan {
  Mesh mesh;
  std::shared_ptr<const DenseProxy> dense;
  std::vector<int> proxy_vertex;
};

/// Cell of the proxy of a dense region: 0.4 of the spacing (the stripe patterns need the surface resolved, not
/// the lattice: a coarser proxy loses area where its triangles cut across curves, a finer one only costs time),
/// but at least 2.5 mm (about the edge of a face mesh at normal resolution) and coarse enough that the proxy
/// has about proxy_above_faces / 2 triangles or fewer (a surface clustered at cell c has about 2·area/c²).
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

}  // namespace mesogrid::detail

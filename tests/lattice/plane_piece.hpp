// tests/lattice/plane_piece.hpp: a plane set up as one lattice piece, as piece_nodes sets up a piece (the piece's
// lattice, every vertex's distance to the edge), with nodes placed on it: shared by the tests of the lattice steps.
// Lengths in mm.
#pragma once
#include <cmath>
#include <mesogrid/lattice/piece.hpp>
#include <vector>

#include "../support.hpp"

namespace mesogrid::test {

struct PlanePiece {
  Mesh mesh;  // test::plane(w, h, x0, y0, n): z = 0, the default frame's midline at x = 0 (+x the subject's left)
  FaceFrame frame;
  SurfacePiece sp;
  detail::PieceLattice pl;        // spacing s, rows s apart (s·√3/2 hex), margin s/2
  std::vector<double> edge_dist;  // every vertex's distance to the edge, up to 30 mm

  PlanePiece(double w, double h, double x0, double y0, int n, double s = 10, bool hex = false)
      : mesh(plane(w, h, x0, y0, n)), sp(mesh, frame) {
    pl.sp = &sp;
    pl.frame = frame;
    pl.hex = hex;
    pl.s = s;
    pl.h = hex ? s * std::sqrt(3.0) / 2 : s;
    pl.margin = s / 2;
    for (Eigen::Index v = 0; v < mesh.num_vertices(); ++v)
      edge_dist.push_back(sp.boundary_distance(mesh.vertex(v), 30));
  }
  PlanePiece(const PlanePiece&) = delete;  // sp and pl point into this object
  PlanePiece& operator=(const PlanePiece&) = delete;

  /// A node on the plane at (x, y), with lattice indices (ia, ib).
  detail::Node node(double x, double y, int ia = 0, int ib = 0) const {
    detail::Node n;
    n.at = sp.closest(Eigen::Vector3d(x, y, 0));
    n.ia = ia, n.ib = ib;
    return n;
  }
};

}  // namespace mesogrid::test

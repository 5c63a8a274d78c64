// mesogrid/lattice/stripes.hpp: the two families of lattice lines as stripe patterns on the surface (Knöppel,
// Crane, Pinkall, Schröder 2015, "Stripe Patterns on Surfaces", ACM TOG 34(4)). A pattern is a complex
// value psi per vertex whose phase should advance by omega_ij = g · (x_j - x_i) along each edge, g being
// the target phase gradient (2π per lattice line, so |g| = 2π / line spacing). psi minimises
//   sum over edges w_ij |psi_j - e^{i omega_ij} psi_i|²  with  sum_i area_i |psi_i|² = 1,
// the smallest eigenvector of a connection Laplacian. Where the surface lets the lines follow g exactly
// (planes, cylinders, any developable patch) the phase is exactly g integrated and the lines are exactly
// the spacing apart; where curvature makes that impossible (a dome, the nose) the lines keep their
// spacing and end or split at a few singular points instead of stretching everywhere.
// Lattice sites are the points where two patterns' phases are both whole turns.
// Units: positions mm, phases radians (lattice coordinates in turns), frequencies rad/mm.
#pragma once
#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <vector>

#include "../core/config.hpp"
#include "../core/frame.hpp"
#include "../core/mesh.hpp"
#include "../geometry/surface.hpp"
#include "types.hpp"

namespace mesogrid {

/// Target phase gradients (rad/mm) of the two patterns of a lattice at every vertex of a piece, from the row
/// direction e_h (a unit tangent) and e_v = n × e_h, which points up along the skin:
///   square: sites at a·s·e_h + b·s·e_v       -> g_a = (2π/s) e_h,              g_b = (2π/s) e_v
///   hex:    sites at a·s·e_h + b·s·(e_h/2 + √3/2 e_v) (rows h = s√3/2 apart, odd rows shifted by s/2)
///                                            -> g_a = (2π/s)(e_h - e_v/√3),   g_b = (2π/s)(2/√3) e_v
struct LatticeFields {
  std::vector<Eigen::Vector3d> ga, gb;
};

/// Where a piece's rows came from (lattice_fields).
struct RowFrame {
  bool mesh_axis = false;      ///< horizontal about the piece's own axis (`axis`), not the given up axis
  bool surface_frame = false;  ///< the piece's own smoothest frame, not an axis
  /// When the given rows were not kept: the axis (unit) of the rows, the piece's own axis (normal_axis) or the
  /// axis whose horizontal rows are the most integrable (when the frame was chosen, that best axis).
  Eigen::Vector3d axis = Eigen::Vector3d::Zero();
  /// Share of the lattice targets no phase potential can realise (least squares over the edges): the rows
  /// along the given axes, about `axis` (when tried), and along the surface's own frame. Where it is large,
  /// lattice lines must end.
  double aligned_residual = 0, axis_residual = 0, frame_residual = 0;
  double best_residual = 0;  ///< the least share of rows about any axis, when the best axis was looked for
};

/// The smoothing length of the row directions (mm): where the skin faces along the up axis the rows take their
/// direction from skin about this far away that does not (a nose tip, the top of a shoulder), and at least
/// two spacings.
inline double row_smoothing_mm(double s) { return std::max(20.0, 2 * s); }

/// The lattice targets of a piece. Rows run horizontally in the face frame: their direction is the tangent
/// field z closest to q = up × n (whose length, the sine of the angle between the skin's normal and up, says
/// how well up defines "horizontal" there) that turns least along the skin,
///   min  sum_edges w_ij |z_j - r_ij z_i|² + λ sum_i area_i |z_i - q_i|²,  λ = 1 / row_smoothing_mm(s)²
/// (r_ij the transport between the tangent planes of vertices i and j; one sparse complex solve), so where the
/// skin faces along up the direction comes from the nearest skin that does not. When the given rows are less
/// integrable than the piece's own smoothest frame (the connection Laplacian's smallest eigenvector, independent
/// of the piece's orientation; up pointing out of the skin over much of the piece: a scan turned in its file and
/// planned with the default axes, where horizontal rows would circle that place and need lines to end all around
/// it), the axis whose horizontal rows have the smallest non-integrable share is searched for (the rows about any
/// axis are a sum of three solves), and the rows are the first of these whose share is within twice the least of
/// the best axis's and the frame's (or, for the given rows and the own axis's, within twice the frame's while the
/// best axis would spare fewer than one line end, about sqrt(share) · sqrt(area) / s): along the given axes,
/// horizontal about the piece's own axis (normal_axis: a head turned in its file keeps rows along its parallels),
/// horizontal about the best axis; else the frame itself, turned as a whole to be as horizontal as it can. *how
/// says which.
MESOGRID_API LatticeFields lattice_fields(const SurfacePiece& sp, const FaceFrame& frame, LatticeKind kind, double s,
                                          RowFrame* how = nullptr);

/// A stripe pattern: psi per vertex, the target phase change omega along each edge (from its lower to
/// its higher vertex, SurfacePiece::edges() order), and psi's phase unwrapped along a spanning tree.
struct StripePattern {
  Eigen::VectorXcd psi;
  std::vector<double> omega;
  Eigen::VectorXd phase;
  /// Phase change along edge e walked from vertex i to the other end: omega plus the pattern's own
  /// deviation from it (in (-π, π]).
  double step(const std::vector<std::array<int, 2>>& edges, int e, int i) const {
    const int a = edges[e][0], b = edges[e][1];
    const double om = i == a ? omega[e] : -omega[e];
    const int j = i == a ? b : a;
    return om + std::arg(psi[j] * std::conj(psi[i]) * std::polar(1.0, -om));
  }
};

/// Computes the two stripe patterns of a lattice (target gradients fields.ga and fields.gb, rad/mm) on a
/// connected piece. `root` is the vertex the start guess and the unwrapped phase begin from.
/// With `stretch` > 0, each target is first moved toward its integrable part (the least-squares phase
/// potential, one Poisson solve) by at most `stretch` of the pattern's frequency per unit length: the
/// lattice may then stretch smoothly by that much before lines end. Edge weights are the cotangent
/// weights (clamped positive on obtuse corners); a few inverse-power iterations from the guess
/// e^{i·(target integrated along a spanning tree)}, each vertex put back on the unit circle after each step
/// (only the phase matters, and on a large piece the plain eigenvector fades to nothing far from where the
/// targets are easiest to meet), give the smallest eigenvector's phase. The two patterns share
/// the weights and the Poisson factorisation; their complex systems are factorised and solved in parallel
/// (each on its own, so the result does not depend on the threads).
MESOGRID_API std::array<StripePattern, 2> stripe_patterns(const SurfacePiece& sp, const LatticeFields& fields, int root,
                                                          double stretch = 0);

/// The lattice coordinates (in turns) of the corners of every face, from two patterns, each branch
/// walked from corner 0 so that the three are consistent; `singular` marks faces around which a pattern
/// winds (a line ends there) or whose phase is undefined (psi ~ 0).
struct FaceLattice {
  std::vector<std::array<double, 3>> a, b;
  std::vector<char> singular;
};

inline FaceLattice face_lattice(const SurfacePiece& sp, const StripePattern& pa, const StripePattern& pb) {
  const Mesh& m = sp.mesh();
  const Eigen::Index nf = m.num_faces();
  const auto& edges = sp.edges();
  FaceLattice fl;
  fl.a.resize(static_cast<size_t>(nf));
  fl.b.resize(static_cast<size_t>(nf));
  fl.singular.assign(static_cast<size_t>(nf), 0);
  // the phase is meaningful wherever psi is not zero to rounding (the smallest eigenvector can be small in
  // places and still carry a clean phase there)
  double ra = 0, rb = 0;
  for (Eigen::Index v = 0; v < m.num_vertices(); ++v)
    ra = std::max(ra, std::norm(pa.psi[v])), rb = std::max(rb, std::norm(pb.psi[v]));
  const double tiny_a = 1e-24 * ra, tiny_b = 1e-24 * rb;
  for (Eigen::Index f = 0; f < nf; ++f) {
    bool sing = false;
    for (int pass = 0; pass < 2; ++pass) {
      const StripePattern& p = pass == 0 ? pa : pb;
      auto& out = pass == 0 ? fl.a[f] : fl.b[f];
      double ph = p.phase[m.F(f, 0)];
      out[0] = ph;
      for (int k = 0; k < 3; ++k) {
        const int i = m.F(f, k);
        if (std::norm(p.psi[i]) <= (pass == 0 ? tiny_a : tiny_b)) sing = true;
        ph += p.step(edges, sp.face_edge(static_cast<int>(f), (k + 2) % 3), i);  // edge (k, k+1)
        if (k < 2) out[k + 1] = ph;
      }
      if (std::abs(ph - out[0]) > pi) sing = true;  // winds by a whole turn: a line ends in this face
      for (double& x : out) x /= 2 * pi;
    }
    fl.singular[f] = sing;
  }
  return fl;
}

/// A lattice point found in a face: face, barycentrics, and its lattice indices (turns of each pattern).
struct LatticePoint {
  int face;
  Eigen::Vector3d bary;
  int ia, ib;
};

/// Calls f(LatticePoint) for every point of the lattice shifted by (da, db) turns that lies in a
/// non-singular face. A point on an edge or a vertex shared by several faces is reported once, by the
/// lowest-numbered non-singular face holding it.
template <class F>
void for_each_lattice_point(const SurfacePiece& sp, const FaceLattice& fl, double da, double db, F f) {
  const Mesh& m = sp.mesh();
  const double eps = 1e-9;
  auto usable = [&](int g) { return g >= 0 && !fl.singular[g]; };
  auto owns_vertex = [&](int face, int v) {  // the lowest non-singular face around v
    int low = face;
    sp.for_faces_at(v, [&](int g) {
      if (usable(g)) low = std::min(low, g);
    });
    return low == face;
  };
  for (Eigen::Index fi = 0; fi < m.num_faces(); ++fi) {
    const int face = static_cast<int>(fi);
    if (fl.singular[face]) continue;
    const auto& A = fl.a[face];
    const auto& B = fl.b[face];
    const Eigen::Vector2d P0(A[0] + da, B[0] + db), P1(A[1] + da, B[1] + db), P2(A[2] + da, B[2] + db);
    Eigen::Matrix2d D;
    D.col(0) = P1 - P0;
    D.col(1) = P2 - P0;
    const double det = D.determinant();
    if (std::abs(det) < 1e-14) continue;
    const Eigen::Matrix2d Di = D.inverse();
    const Eigen::Vector2d lo = P0.cwiseMin(P1).cwiseMin(P2), hi = P0.cwiseMax(P1).cwiseMax(P2);
    for (long ia = static_cast<long>(std::ceil(lo.x() - eps)); ia <= static_cast<long>(std::floor(hi.x() + eps)); ++ia)
      for (long ib = static_cast<long>(std::ceil(lo.y() - eps)); ib <= static_cast<long>(std::floor(hi.y() + eps));
           ++ib) {
        const Eigen::Vector2d l = Di * (Eigen::Vector2d(static_cast<double>(ia), static_cast<double>(ib)) - P0);
        const Eigen::Vector3d bary(1 - l.x() - l.y(), l.x(), l.y());
        if (bary.minCoeff() < -eps) continue;
        bool mine = true;
        int zeros = 0, zero_k = -1, nonzero_k = -1;
        for (int k = 0; k < 3; ++k) {
          if (bary[k] <= eps)
            ++zeros, zero_k = k;
          else
            nonzero_k = k;
        }
        if (zeros == 1) {  // on the edge opposite zero_k
          const int nb = sp.neighbour(face, zero_k);
          mine = !usable(nb) || face < nb;
        } else if (zeros >= 2) {  // at the vertex nonzero_k
          mine = owns_vertex(face, m.F(face, nonzero_k));
        }
        if (mine)
          f(LatticePoint{face, bary.cwiseMax(0.0) / bary.cwiseMax(0.0).sum(), static_cast<int>(ia),
                         static_cast<int>(ib)});
      }
  }
}

}  // namespace mesogrid

#if MESOGRID_DEFINITIONS
#include "stripes-inl.hpp"
#endif

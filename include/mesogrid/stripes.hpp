// mesogrid/stripes.hpp: the two families of lattice lines as stripe patterns on the surface (Knöppel,
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
#include <Eigen/Sparse>
#include <Eigen/SparseCholesky>
#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <vector>

#include "frame.hpp"
#include "mesh.hpp"
#include "parallel.hpp"
#include "surface.hpp"
#include "technique.hpp"

namespace mesogrid {

/// Target phase gradients (rad/mm) of the two patterns of a lattice at every vertex of a piece.
/// Rows run horizontally in the face frame: the row direction e_h is up × n (the horizontal tangent,
/// toward the subject's left on the front of the face; blended toward the lateral axis where the skin
/// faces up or down and up × n vanishes), e_v = n × e_h points up along the skin.
///   square: sites at a·s·e_h + b·s·e_v       -> g_a = (2π/s) e_h,              g_b = (2π/s) e_v
///   hex:    sites at a·s·e_h + b·s·(e_h/2 + √3/2 e_v) (rows h = s√3/2 apart, odd rows shifted by s/2)
///                                            -> g_a = (2π/s)(e_h - e_v/√3),   g_b = (2π/s)(2/√3) e_v
struct LatticeFields {
  std::vector<Eigen::Vector3d> ga, gb;
};

inline LatticeFields lattice_fields(const SurfacePiece& sp, const FaceFrame& frame, LatticeKind kind, double s) {
  const Eigen::MatrixXd& N = sp.normals();
  const Eigen::Index n = N.rows();
  LatticeFields lf;
  lf.ga.resize(static_cast<size_t>(n));
  lf.gb.resize(static_cast<size_t>(n));
  const Eigen::Vector3d up = frame.up.normalized(), lat = frame.lateral().normalized();
  const double k = 2 * pi / s, r3 = std::sqrt(3.0);
  for (Eigen::Index v = 0; v < n; ++v) {
    const Eigen::Vector3d nv = N.row(v).transpose();
    Eigen::Vector3d eh = up.cross(nv) + 0.1 * (lat - nv * nv.dot(lat));
    if (eh.norm() < 1e-9) eh = lat - nv * nv.dot(lat);
    if (eh.norm() < 1e-9) eh = nv.unitOrthogonal();
    eh.normalize();
    const Eigen::Vector3d ev = nv.cross(eh);
    if (kind == LatticeKind::square) {
      lf.ga[v] = k * eh;
      lf.gb[v] = k * ev;
    } else {
      lf.ga[v] = k * (eh - ev / r3);
      lf.gb[v] = k * (2 / r3) * ev;
    }
  }
  return lf;
}

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

/// Inverse iteration stops once the Rayleigh quotient changes by less than this (relative).
inline constexpr double kRayleighTolerance = 1e-5;

namespace detail {

/// Vertex adjacency (CSR) of a piece's edges: neighbours of v are adj[start[v] .. start[v+1]) with the
/// edge ids in the same places, in edge order (deterministic).
struct VertexAdjacency {
  std::vector<int> start, other, edge;
};

inline VertexAdjacency vertex_adjacency(Eigen::Index n, const std::vector<std::array<int, 2>>& edges) {
  VertexAdjacency a;
  a.start.assign(static_cast<size_t>(n) + 1, 0);
  for (const auto& e : edges) ++a.start[e[0] + 1], ++a.start[e[1] + 1];
  for (size_t i = 1; i < a.start.size(); ++i) a.start[i] += a.start[i - 1];
  a.other.resize(static_cast<size_t>(a.start.back()));
  a.edge.resize(a.other.size());
  std::vector<int> fill(a.start.begin(), a.start.end() - 1);
  for (size_t e = 0; e < edges.size(); ++e) {
    a.other[fill[edges[e][0]]] = edges[e][1], a.edge[fill[edges[e][0]]++] = static_cast<int>(e);
    a.other[fill[edges[e][1]]] = edges[e][0], a.edge[fill[edges[e][1]]++] = static_cast<int>(e);
  }
  return a;
}

/// Breadth-first spanning tree from `root` (every vertex of a connected piece): calls
/// f(parent, child, edge) in visiting order.
template <class F>
void spanning_tree(const VertexAdjacency& adj, int root, F f) {
  std::vector<char> seen(adj.start.size() - 1, 0);
  std::vector<int> queue = {root};
  seen[root] = 1;
  for (size_t q = 0; q < queue.size(); ++q) {
    const int i = queue[q];
    for (int k = adj.start[i]; k < adj.start[i + 1]; ++k) {
      const int j = adj.other[k];
      if (seen[j]) continue;
      seen[j] = 1;
      f(i, j, adj.edge[k]);
      queue.push_back(j);
    }
  }
}

}  // namespace detail

/// Computes the two stripe patterns of a lattice (target gradients fields.ga and fields.gb, rad/mm) on a
/// connected piece. `root` is the vertex the start guess and the unwrapped phase begin from.
/// With `stretch` > 0, each target is first moved toward its integrable part (the least-squares phase
/// potential, one Poisson solve) by at most `stretch` of the pattern's frequency per unit length: the
/// lattice may then stretch smoothly by that much before lines end. Edge weights are the cotangent
/// weights (clamped positive on obtuse corners); a few inverse-power iterations from the guess
/// e^{i·(target integrated along a spanning tree)} give the smallest eigenvector. The two patterns share
/// the weights and the Poisson factorisation; their complex systems are factorised and solved in parallel
/// (each on its own, so the result does not depend on the threads).
inline std::array<StripePattern, 2> stripe_patterns(const SurfacePiece& sp, const LatticeFields& fields, int root,
                                                    double stretch = 0) {
  using cd = std::complex<double>;
  const Mesh& m = sp.mesh();
  const Eigen::Index n = m.num_vertices();
  const auto& edges = sp.edges();
  const size_t ne = edges.size();
  std::vector<double> w(ne, 0.0), mass(static_cast<size_t>(n), 0.0);
  for (Eigen::Index f = 0; f < m.num_faces(); ++f) {
    const double a = face_area(m, f);
    for (int k = 0; k < 3; ++k) {
      mass[m.F(f, k)] += a / 3;
      const Eigen::Vector3d u = m.corner(f, (k + 1) % 3) - m.corner(f, k),
                            v = m.corner(f, (k + 2) % 3) - m.corner(f, k);
      const double sn = u.cross(v).norm();
      if (sn > 1e-14 * (u.squaredNorm() + v.squaredNorm()))
        w[sp.face_edge(static_cast<int>(f), k)] += 0.5 * u.dot(v) / sn;
    }
  }
  for (double& x : w) x = std::clamp(x, 0.02, 50.0);
  std::array<StripePattern, 2> out;
  for (int k = 0; k < 2; ++k) {
    const std::vector<Eigen::Vector3d>& g = k == 0 ? fields.ga : fields.gb;
    out[k].omega.resize(ne);
    for (size_t e = 0; e < ne; ++e) {
      const int a = edges[e][0], b = edges[e][1];
      out[k].omega[e] = 0.5 * (g[a] + g[b]).dot(m.vertex(b) - m.vertex(a));
    }
  }
  if (stretch > 0) {
    // the integrable part of omega (least-squares potential u: L u = div omega), then omega moved toward
    // it by at most `stretch` of the pattern's frequency times the edge length
    std::vector<Eigen::Triplet<double>> tr;
    tr.reserve(4 * ne + 1);
    double dsum = 0;
    for (size_t e = 0; e < ne; ++e) {
      const int a = edges[e][0], b = edges[e][1];
      tr.emplace_back(a, a, w[e]), tr.emplace_back(b, b, w[e]), tr.emplace_back(a, b, -w[e]),
          tr.emplace_back(b, a, -w[e]);
      dsum += 2 * w[e];
    }
    // u is defined up to a constant: pin the root with a weight of the order of the diagonal (exact for a
    // compatible right-hand side whatever the weight; a larger one only worsens the conditioning)
    tr.emplace_back(root, root, dsum / static_cast<double>(std::max<Eigen::Index>(n, 1)));
    Eigen::SparseMatrix<double> L(n, n);
    L.setFromTriplets(tr.begin(), tr.end());
    Eigen::SimplicialLDLT<Eigen::SparseMatrix<double>> ldl(L);
    for (int k = 0; k < 2 && ldl.info() == Eigen::Success; ++k) {
      const std::vector<Eigen::Vector3d>& g = k == 0 ? fields.ga : fields.gb;
      std::vector<double>& om = out[k].omega;
      Eigen::VectorXd rhs = Eigen::VectorXd::Zero(n);
      for (size_t e = 0; e < ne; ++e) rhs[edges[e][0]] -= w[e] * om[e], rhs[edges[e][1]] += w[e] * om[e];
      const Eigen::VectorXd u = ldl.solve(rhs);
      if (!u.allFinite()) continue;
      for (size_t e = 0; e < ne; ++e) {
        const int a = edges[e][0], b = edges[e][1];
        const double lim = stretch * 0.5 * (g[a].norm() + g[b].norm()) * (m.vertex(b) - m.vertex(a)).norm();
        om[e] += std::clamp(u[b] - u[a] - om[e], -lim, lim);
      }
    }
  }
  const detail::VertexAdjacency adj = detail::vertex_adjacency(n, edges);
  // K = A + mu M, A the connection Laplacian (Hermitian, positive semi-definite)
  double diag = 0, mtot = 0;
  std::vector<double> d(static_cast<size_t>(n), 0.0);
  for (size_t e = 0; e < ne; ++e) d[edges[e][0]] += w[e], d[edges[e][1]] += w[e];
  for (Eigen::Index v = 0; v < n; ++v) diag += d[v], mtot += mass[v];
  const double mu = 1e-6 * diag / std::max(mtot, 1e-300);
  auto normalise = [&](Eigen::VectorXcd& y) {
    double s2 = 0;
    for (Eigen::Index v = 0; v < n; ++v) s2 += mass[v] * std::norm(y[v]);
    if (s2 > 0 && std::isfinite(s2)) y /= std::sqrt(s2);
  };
  // the two patterns are independent from here on: solved side by side (each writes only its own)
  parallel_for(2, [&](size_t k) {
    StripePattern& p = out[k];
    // K's lower triangle only (edges run from the lower vertex to the higher: entry (b, a) is below the
    // diagonal); the factorisation reads no more, and K's product uses it as self-adjoint
    std::vector<Eigen::Triplet<cd>> t;
    t.reserve(ne + static_cast<size_t>(n));
    for (Eigen::Index v = 0; v < n; ++v) t.emplace_back(v, v, d[v] + mu * mass[v]);
    for (size_t e = 0; e < ne; ++e) {
      const int a = edges[e][0], b = edges[e][1];
      t.emplace_back(b, a, -w[e] * std::polar(1.0, p.omega[e]));
    }
    Eigen::SparseMatrix<cd> K(n, n);
    K.setFromTriplets(t.begin(), t.end());
    std::vector<Eigen::Triplet<cd>>().swap(t);  // freed before the factorisation (peak memory: two run at once)
    const Eigen::SimplicialLDLT<Eigen::SparseMatrix<cd>> ldlt(K);
    // start guess: the target integrated along the spanning tree
    Eigen::VectorXd phi = Eigen::VectorXd::Zero(n);
    detail::spanning_tree(
        adj, root, [&](int i, int j, int e) { phi[j] = phi[i] + (i == edges[e][0] ? p.omega[e] : -p.omega[e]); });
    Eigen::VectorXcd x(n);
    for (Eigen::Index v = 0; v < n; ++v) x[v] = std::polar(1.0, phi[v]);
    normalise(x);
    if (ldlt.info() == Eigen::Success) {
      double prev = -1;
      for (int it = 0; it < 24; ++it) {
        Eigen::VectorXcd b(n);
        for (Eigen::Index v = 0; v < n; ++v) b[v] = mass[v] * x[v];
        Eigen::VectorXcd y = ldlt.solve(b);
        if (!y.allFinite()) break;
        normalise(y);
        const double rq =
            std::real(y.dot(K.selfadjointView<Eigen::Lower>() * y));  // Rayleigh quotient (x^H K x, M-normalised)
        x = y;
        if (it >= 2 && std::abs(rq - prev) <= kRayleighTolerance * std::abs(rq)) break;
        prev = rq;
      }
    }
    p.psi = x;
    p.phase = Eigen::VectorXd::Zero(n);
    p.phase[root] = std::arg(p.psi[root]);
    detail::spanning_tree(adj, root, [&](int i, int j, int e) { p.phase[j] = p.phase[i] + p.step(edges, e, i); });
  });
  return out;
}

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

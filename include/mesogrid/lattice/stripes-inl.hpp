// mesogrid/lattice/stripes-inl.hpp: the definitions of stripes.hpp (included by it when MESOGRID_DEFINITIONS;
// see core/config.hpp): the stripe patterns as the smallest eigenvector of a connection Laplacian (sparse
// LDLT factorisations, inverse iteration).
#pragma once
#include <Eigen/Core>
#include <Eigen/Sparse>
#include <Eigen/SparseCholesky>
#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <vector>

#include "../core/parallel.hpp"
#include "stripes.hpp"

namespace mesogrid {

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

MESOGRID_API std::array<StripePattern, 2> stripe_patterns(const SurfacePiece& sp, const LatticeFields& fields, int root,
                                                          double stretch) {
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

}  // namespace mesogrid

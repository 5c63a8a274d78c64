// mesogrid/lattice/stripes-inl.hpp: the definitions of stripes.hpp (included by it when MESOGRID_DEFINITIONS;
// see core/config.hpp): the stripe patterns as the smallest eigenvector of a connection Laplacian, found by
// inverse iteration with every vertex put back on the unit circle after each step (sparse LDLT factorisations).
#pragma once
#include <Eigen/Core>
#include <Eigen/Geometry>
#include <Eigen/Sparse>
#include <Eigen/SparseCholesky>
#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <limits>
#include <memory>
#include <utility>
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

/// A fill-reducing ordering computed once and handed to every factorisation of a piece. The systems of a piece
/// (the connection Laplacians and the Poisson matrix) all have the pattern of its edges, so AMD gives them the
/// same permutation; computing it once spares each factorisation the symmetrised copy and the AMD run (about a
/// third of a factorisation's time on a 10k-vertex proxy). The permutation is given through a pointer set on
/// the calling thread (Eigen default-constructs the ordering functor inside the solver).
struct GivenOrdering {
  using PermutationType = Eigen::PermutationMatrix<Eigen::Dynamic, Eigen::Dynamic, int>;
  static const PermutationType*& given() {
    thread_local const PermutationType* p = nullptr;
    return p;
  }
  template <class MatrixType>
  void operator()(const MatrixType& m, PermutationType& perm) const {
    if (const PermutationType* g = given(); g && g->size() == m.rows())
      perm = *g;
    else
      Eigen::AMDOrdering<int>()(m, perm);
  }
};

/// The AMD ordering of the pattern of `edges` over n vertices (full symmetric pattern with the diagonal).
inline GivenOrdering::PermutationType edge_ordering(const std::vector<std::array<int, 2>>& edges, Eigen::Index n) {
  std::vector<Eigen::Triplet<double>> tr;
  tr.reserve(2 * edges.size() + static_cast<size_t>(n));
  for (Eigen::Index v = 0; v < n; ++v) tr.emplace_back(v, v, 1.0);
  for (const auto& e : edges) tr.emplace_back(e[0], e[1], 1.0), tr.emplace_back(e[1], e[0], 1.0);
  Eigen::SparseMatrix<double> P(n, n);
  P.setFromTriplets(tr.begin(), tr.end());
  GivenOrdering::PermutationType perm;
  Eigen::AMDOrdering<int>()(P, perm);
  return perm;
}

/// Sets the ordering given to this thread's factorisations for the scope.
class UseOrdering {
 public:
  explicit UseOrdering(const GivenOrdering::PermutationType& p) : old_(GivenOrdering::given()) {
    GivenOrdering::given() = &p;
  }
  ~UseOrdering() { GivenOrdering::given() = old_; }
  UseOrdering(const UseOrdering&) = delete;
  UseOrdering& operator=(const UseOrdering&) = delete;

 private:
  const GivenOrdering::PermutationType* old_;
};

template <class Scalar>
using PieceLDLT = Eigen::SimplicialLDLT<Eigen::SparseMatrix<Scalar>, Eigen::Lower, GivenOrdering>;

/// Cotangent edge weights of a piece (clamped to [0.02, 50]: positive on obtuse corners) and lumped vertex areas
/// (mm²).
inline void cotan_weights(const SurfacePiece& sp, std::vector<double>& w, std::vector<double>& mass) {
  const Mesh& m = sp.mesh();
  w.assign(sp.edges().size(), 0.0);
  mass.assign(static_cast<size_t>(m.num_vertices()), 0.0);
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
}

/// The graph Laplacian of the weights w, pinned at `root` with a weight of the order of its diagonal (the
/// potential is defined up to a constant; exact for a compatible right-hand side whatever the weight).
inline Eigen::SparseMatrix<double> pinned_laplacian(const std::vector<std::array<int, 2>>& edges,
                                                    const std::vector<double>& w, Eigen::Index n, int root) {
  std::vector<Eigen::Triplet<double>> tr;
  tr.reserve(4 * edges.size() + 1);
  double dsum = 0;
  for (size_t e = 0; e < edges.size(); ++e) {
    const int a = edges[e][0], b = edges[e][1];
    tr.emplace_back(a, a, w[e]), tr.emplace_back(b, b, w[e]), tr.emplace_back(a, b, -w[e]),
        tr.emplace_back(b, a, -w[e]);
    dsum += 2 * w[e];
  }
  tr.emplace_back(root, root, dsum / static_cast<double>(std::max<Eigen::Index>(n, 1)));
  Eigen::SparseMatrix<double> L(n, n);
  L.setFromTriplets(tr.begin(), tr.end());
  return L;
}

/// Target phase change along every edge (from its lower to its higher vertex) for the gradients g (rad/mm).
inline std::vector<double> edge_phases(const SurfacePiece& sp, const std::vector<Eigen::Vector3d>& g) {
  const Mesh& m = sp.mesh();
  const auto& edges = sp.edges();
  std::vector<double> om(edges.size());
  for (size_t e = 0; e < edges.size(); ++e) {
    const int a = edges[e][0], b = edges[e][1];
    om[e] = 0.5 * (g[a] + g[b]).dot(m.vertex(b) - m.vertex(a));
  }
  return om;
}

/// The lattice targets for unit row directions `rows` (LatticeFields).
inline LatticeFields fields_from_rows(const SurfacePiece& sp, const std::vector<Eigen::Vector3d>& rows,
                                      LatticeKind kind, double s) {
  const Eigen::MatrixXd& N = sp.normals();
  LatticeFields lf;
  lf.ga.resize(rows.size());
  lf.gb.resize(rows.size());
  const double k = 2 * pi / s, r3 = std::sqrt(3.0);
  for (size_t v = 0; v < rows.size(); ++v) {
    const Eigen::Vector3d eh = rows[v], ev = Eigen::Vector3d(N.row(static_cast<Eigen::Index>(v))).cross(eh);
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

/// Share of the targets of f that no phase potential realises: sum w (omega - du)² / sum w omega² over both
/// patterns, u the least-squares potential (`poisson` factorises the pinned Laplacian of w).
inline double nonintegrable_share(const SurfacePiece& sp, const LatticeFields& f, const std::vector<double>& w,
                                  const PieceLDLT<double>& poisson) {
  const auto& edges = sp.edges();
  const Eigen::Index n = sp.mesh().num_vertices();
  double res = 0, tot = 0;
  for (int k = 0; k < 2; ++k) {
    const std::vector<double> om = edge_phases(sp, k == 0 ? f.ga : f.gb);
    Eigen::VectorXd rhs = Eigen::VectorXd::Zero(n);
    for (size_t e = 0; e < edges.size(); ++e) rhs[edges[e][0]] -= w[e] * om[e], rhs[edges[e][1]] += w[e] * om[e];
    const Eigen::VectorXd u = poisson.solve(rhs);
    if (!u.allFinite()) return std::numeric_limits<double>::infinity();
    for (size_t e = 0; e < edges.size(); ++e) {
      const double r = om[e] - (u[edges[e][1]] - u[edges[e][0]]);
      res += w[e] * r * r, tot += w[e] * om[e] * om[e];
    }
  }
  return tot > 0 ? res / tot : 0;
}

/// The axis u (unit, up to sign) whose horizontal rows have the least non-integrable share `share(u)`: the best of
/// `starts` (axes whose share is known already) and of 13 directions spread over the sphere in the piece's
/// principal frame `E` (its axes, the diagonals of its faces and of its cube), refined by a compass search down to
/// 0.6 degrees. The grid turns with the piece, so a turned piece is searched from the same places. *least is the
/// share found.
template <class Share>
Eigen::Vector3d least_share_axis(const Share& share, const Eigen::Matrix3d& E,
                                 const std::vector<std::pair<Eigen::Vector3d, double>>& starts, double* least) {
  std::vector<Eigen::Vector3d> cand;
  for (const auto& st : starts) cand.push_back(st.first);
  if (E.allFinite() && E.norm() > 0.5)
    for (int a = -1; a <= 1; ++a)
      for (int b = -1; b <= 1; ++b)
        for (int c = 0; c <= 1; ++c)
          if (c == 1 || b == 1 || (b == 0 && a == 1))  // one of each pair u, -u
            cand.push_back((a * E.col(1) + b * E.col(2) + c * E.col(0)).normalized());
  std::vector<double> r(cand.size());
  for (size_t i = 0; i < starts.size(); ++i)
    r[i] = std::isfinite(starts[i].second) ? starts[i].second : std::numeric_limits<double>::infinity();
  parallel_for(cand.size() - starts.size(), [&](size_t i) { r[starts.size() + i] = share(cand[starts.size() + i]); });
  size_t bi = 0;
  for (size_t i = 1; i < cand.size(); ++i)
    if (r[i] < r[bi]) bi = i;
  Eigen::Vector3d best = cand[bi];
  double rb = r[bi];
  for (double step = 0.16; step > 0.005; step /= 2) {
    for (int moves = 0; moves < 8; ++moves) {
      const Eigen::Vector3d t1 = best.unitOrthogonal(), t2 = best.cross(t1);
      const std::array<Eigen::Vector3d, 4> dirs = {t1, -t1, t2, -t2};
      std::array<Eigen::Vector3d, 4> u;
      std::array<double, 4> x;
      for (int k = 0; k < 4; ++k) u[k] = (best + step * dirs[k]).normalized();
      parallel_for(4, [&](size_t k) { x[k] = share(u[k]); });
      int kb = -1;
      for (int k = 0; k < 4; ++k)
        if (x[k] < rb && (kb < 0 || x[k] < x[kb])) kb = k;
      if (kb < 0) break;
      best = u[kb], rb = x[kb];
    }
  }
  if (least) *least = rb;
  return best;
}

}  // namespace detail

MESOGRID_API LatticeFields lattice_fields(const SurfacePiece& sp, const FaceFrame& frame, LatticeKind kind, double s,
                                          RowFrame* how) {
  using cd = std::complex<double>;
  const Eigen::MatrixXd& N = sp.normals();
  const Eigen::Index n = N.rows();
  const auto& edges = sp.edges();
  const Eigen::Vector3d up = frame.up.normalized(), lat = frame.lateral().normalized();
  std::vector<double> w, mass;
  detail::cotan_weights(sp, w, mass);
  // a tangent basis at every vertex, and the angle that carries vertex a's basis into vertex b's tangent plane
  // (the rotation taking n_a to n_b): z_b = e^{i rho} z_a is "the same direction"
  std::vector<Eigen::Vector3d> b1(static_cast<size_t>(n)), b2(static_cast<size_t>(n));
  for (Eigen::Index v = 0; v < n; ++v) {
    const Eigen::Vector3d nv = N.row(v).transpose();
    b1[v] = nv.unitOrthogonal();
    b2[v] = nv.cross(b1[v]);
  }
  std::vector<cd> transport(edges.size());
  std::vector<double> d(static_cast<size_t>(n), 0.0);
  double dsum = 0, msum = 0;
  for (size_t e = 0; e < edges.size(); ++e) {
    const int a = edges[e][0], b = edges[e][1];
    const Eigen::Vector3d x =
        Eigen::Quaterniond::FromTwoVectors(Eigen::Vector3d(N.row(a)), Eigen::Vector3d(N.row(b))) * b1[a];
    transport[e] = std::polar(1.0, std::atan2(x.dot(b2[b]), x.dot(b1[b])));
    d[a] += w[e], d[b] += w[e];
  }
  for (Eigen::Index v = 0; v < n; ++v) dsum += d[v], msum += mass[v];
  // q = up × n in each basis: the horizontal, as long as up defines it; qa the same about the piece's own axis
  const Eigen::Matrix3d directions = normal_directions(sp.mesh());  // the piece's own axis first
  const Eigen::Vector3d axis = normal_axis(directions, up);
  Eigen::VectorXcd q(n), qa(n);
  for (Eigen::Index v = 0; v < n; ++v) {
    const Eigen::Vector3d h = up.cross(Eigen::Vector3d(N.row(v))), ha = axis.cross(Eigen::Vector3d(N.row(v)));
    q[v] = cd(h.dot(b1[v]), h.dot(b2[v]));
    qa[v] = cd(ha.dot(b1[v]), ha.dot(b2[v]));
  }
  // (A + shift·M) with A the connection Laplacian (lower triangle: edges run from the lower vertex to the higher)
  auto factorise = [&](double shift) {
    std::vector<Eigen::Triplet<cd>> t;
    t.reserve(edges.size() + static_cast<size_t>(n));
    for (Eigen::Index v = 0; v < n; ++v) t.emplace_back(v, v, d[v] + shift * mass[v]);
    for (size_t e = 0; e < edges.size(); ++e) t.emplace_back(edges[e][1], edges[e][0], -w[e] * transport[e]);
    Eigen::SparseMatrix<cd> A(n, n);
    A.setFromTriplets(t.begin(), t.end());
    return std::make_unique<detail::PieceLDLT<cd>>(A);
  };
  const double lambda = 1 / (row_smoothing_mm(s) * row_smoothing_mm(s));
  auto rows_of = [&](const Eigen::VectorXcd& z) {
    std::vector<Eigen::Vector3d> rows(static_cast<size_t>(n));
    for (Eigen::Index v = 0; v < n; ++v) {
      const Eigen::Vector3d nv = N.row(v).transpose();
      Eigen::Vector3d eh = z[v].real() * b1[v] + z[v].imag() * b2[v];
      if (!(eh.norm() > 1e-300) || !eh.allFinite()) eh = lat - nv * nv.dot(lat);
      if (eh.norm() < 1e-9) eh = b1[v];
      rows[v] = eh.normalized();
    }
    return rows;
  };
  Eigen::VectorXcd aligned, about_axis, own;
  std::array<Eigen::VectorXcd, 3> unit_rows;
  // the rows along the given axes and about the piece's own axis (one factorisation), and the piece's own
  // smoothest frame, side by side (each on its own)
  const detail::GivenOrdering::PermutationType order = detail::edge_ordering(edges, n);
  parallel_for(2, [&](size_t k) {
    const detail::UseOrdering use(order);
    if (k == 0) {
      const auto ldlt = factorise(lambda);
      Eigen::VectorXcd rhs(n);
      for (Eigen::Index v = 0; v < n; ++v) rhs[v] = lambda * mass[v] * q[v];
      aligned = ldlt->info() == Eigen::Success ? Eigen::VectorXcd(ldlt->solve(rhs)) : q;
      for (Eigen::Index v = 0; v < n; ++v) rhs[v] = lambda * mass[v] * qa[v];
      about_axis = ldlt->info() == Eigen::Success ? Eigen::VectorXcd(ldlt->solve(rhs)) : qa;
      // the rows about each coordinate axis: the solve is linear in q = u × n, so rows about any axis u are
      // the sum of these weighted by u's coordinates
      for (int c = 0; c < 3; ++c) {
        const Eigen::Vector3d u = Eigen::Vector3d::Unit(c);
        for (Eigen::Index v = 0; v < n; ++v) {
          const Eigen::Vector3d h = u.cross(Eigen::Vector3d(N.row(v)));
          rhs[v] = lambda * mass[v] * cd(h.dot(b1[v]), h.dot(b2[v]));
        }
        unit_rows[c] = ldlt->info() == Eigen::Success ? Eigen::VectorXcd(ldlt->solve(rhs)) : Eigen::VectorXcd();
      }
    } else {
      // inverse iteration from q for the smallest eigenvector (a tiny shift keeps A + shift·M definite)
      const auto ldlt = factorise(1e-6 * dsum / std::max(msum, 1e-300));
      Eigen::VectorXcd z = q;
      for (int it = 0; it < 30 && ldlt->info() == Eigen::Success; ++it) {
        double s2 = 0;
        for (Eigen::Index v = 0; v < n; ++v) s2 += mass[v] * std::norm(z[v]);
        if (!(s2 > 0) || !std::isfinite(s2)) break;
        Eigen::VectorXcd b(n);
        for (Eigen::Index v = 0; v < n; ++v) b[v] = mass[v] * z[v] / std::sqrt(s2);
        Eigen::VectorXcd y = ldlt->solve(b);
        if (!y.allFinite()) break;
        z = y;
      }
      cd turn = 0;  // turned as a whole toward q
      for (Eigen::Index v = 0; v < n; ++v) turn += mass[v] * std::conj(z[v]) * q[v];
      if (std::abs(turn) > 0) z *= turn / std::abs(turn);
      own = z;
    }
  });
  // after both factorisations are freed (peak memory: a third one alive beside them costs 10 MB at 3 mm on sub3)
  LatticeFields f_aligned = detail::fields_from_rows(sp, rows_of(aligned), kind, s);
  LatticeFields f_own = detail::fields_from_rows(sp, rows_of(own), kind, s);
  const detail::UseOrdering use(order);
  const detail::PieceLDLT<double> poisson(detail::pinned_laplacian(edges, w, n, 0));
  RowFrame rf;
  rf.aligned_residual = detail::nonintegrable_share(sp, f_aligned, w, poisson);
  rf.frame_residual = detail::nonintegrable_share(sp, f_own, w, poisson);
  LatticeFields chosen;
  if (rf.aligned_residual <= rf.frame_residual) {
    chosen = std::move(f_aligned);
  } else {
    // the given rows are less integrable than the surface's own frame: look for the axis whose horizontal rows
    // are the most integrable (starting from the given up and the piece's own axis); the rows are the first of
    // the given, the own axis's, the best axis's and the frame whose share is within twice the least of all
    auto about = [&](const Eigen::Vector3d& u) {
      return detail::fields_from_rows(sp, rows_of(u[0] * unit_rows[0] + u[1] * unit_rows[1] + u[2] * unit_rows[2]),
                                      kind, s);
    };
    auto share = [&](const Eigen::Vector3d& u) {
      const double x = detail::nonintegrable_share(sp, about(u), w, poisson);
      return std::isfinite(x) ? x : std::numeric_limits<double>::infinity();
    };
    LatticeFields f_axis = detail::fields_from_rows(sp, rows_of(about_axis), kind, s);
    rf.axis_residual = detail::nonintegrable_share(sp, f_axis, w, poisson);
    double least = std::numeric_limits<double>::infinity();  // no search without the solves: the frame decides
    Eigen::Vector3d best = axis;
    if (unit_rows[0].size() == n) {
      best = detail::least_share_axis(share, directions, {{up, rf.aligned_residual}, {axis, rf.axis_residual}}, &least);
      if (best.dot(up) < 0) best = -best;
      rf.best_residual = least;
    }
    const double bound = 2 * std::min(least, rf.frame_residual);
    // about how many lattice lines must end for a share x: its rms part of the targets, sqrt(x), over the lines
    // across the piece, sqrt(area) / s. Rows within twice the frame's share are kept while the best axis would
    // spare fewer than one such end (where every choice is nearly integrable, the given rows fit as well).
    const double lines = std::sqrt(msum) / s;
    auto spared = [&](double x) { return (std::sqrt(x) - std::sqrt(least)) * lines; };
    if (rf.aligned_residual <= bound ||
        (rf.aligned_residual <= 2 * rf.frame_residual && spared(rf.aligned_residual) < 1)) {
      chosen = std::move(f_aligned);
    } else if (rf.axis_residual <= bound ||
               (rf.axis_residual <= 2 * rf.frame_residual && spared(rf.axis_residual) < 1)) {
      rf.mesh_axis = true, rf.axis = axis;
      chosen = std::move(f_axis);
    } else if (least <= bound) {
      rf.mesh_axis = true, rf.axis = best, rf.axis_residual = least;
      chosen = about(best);
    } else {
      rf.surface_frame = true, rf.axis = best, rf.axis_residual = least;
      chosen = std::move(f_own);
    }
  }
  if (how) *how = rf;
  return chosen;
}

MESOGRID_API std::array<StripePattern, 2> stripe_patterns(const SurfacePiece& sp, const LatticeFields& fields, int root,
                                                          double stretch) {
  using cd = std::complex<double>;
  const Mesh& m = sp.mesh();
  const Eigen::Index n = m.num_vertices();
  const auto& edges = sp.edges();
  const size_t ne = edges.size();
  std::vector<double> w, mass;
  detail::cotan_weights(sp, w, mass);
  std::array<StripePattern, 2> out;
  for (int k = 0; k < 2; ++k) out[k].omega = detail::edge_phases(sp, k == 0 ? fields.ga : fields.gb);
  const detail::GivenOrdering::PermutationType order = detail::edge_ordering(edges, n);
  if (stretch > 0) {
    const detail::UseOrdering use(order);
    // the integrable part of omega (least-squares potential u: L u = div omega), then omega moved toward
    // it by at most `stretch` of the pattern's frequency times the edge length
    const Eigen::SparseMatrix<double> L = detail::pinned_laplacian(edges, w, n, root);
    detail::PieceLDLT<double> ldl(L);
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
    const detail::UseOrdering use(order);
    const detail::PieceLDLT<cd> ldlt(K);
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
        // back on the unit circle at every vertex: only the phase is wanted, and left to itself the
        // eigenvector of a large piece concentrates where the target is easiest to meet and fades to
        // rounding noise elsewhere (the bust scan's shoulders: 1e-16 of its largest value), where it has
        // no phase left
        for (Eigen::Index v = 0; v < n; ++v)
          if (std::abs(y[v]) > 0) y[v] /= std::abs(y[v]);
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

// mesogrid/flatten.hpp: near-isometric flattening of an open surface patch (a face region) into the
// plane, so that lengths measured in the plane are lengths along the skin. LSCM (least-squares conformal
// map, Lévy et al. 2002) gives a fold-free start; ARAP iterations (Liu et al. 2008) then make every
// triangle as close to a rigid copy of itself as possible. Units: the plane keeps the mesh's millimetres.
// Also: connected components, boundary edges and a point-location grid over the flattened triangles.
#pragma once
#include <Eigen/Core>
#include <Eigen/SVD>
#include <Eigen/Sparse>
#include <Eigen/SparseCholesky>
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>
#include <vector>

#include "error.hpp"
#include "mesh.hpp"

namespace mesogrid {

/// Splits a mesh into its edge-connected pieces (faces sharing an edge), each a compact mesh.
/// Pieces are ordered by decreasing area (ties by first face index), so the result is deterministic.
/// With `vertex_of`, (*vertex_of)[k][i] is the vertex of m that vertex i of piece k came from.
inline std::vector<Mesh> connected_pieces(const Mesh& m, std::vector<std::vector<int>>* vertex_of = nullptr) {
  const Eigen::Index nf = m.num_faces(), nv = m.num_vertices();
  std::vector<int> parent(static_cast<size_t>(nf));  // union-find over faces, joined through shared edges
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](int x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  detail::for_each_edge(m.F, static_cast<size_t>(nv), [&](size_t, const std::uint64_t* g, std::uint32_t n) {
    for (std::uint32_t q = 1; q < n; ++q) {
      const int ra = find(static_cast<int>(g[0] & 0xFFFFFFFFu)), rb = find(static_cast<int>(g[q] & 0xFFFFFFFFu));
      if (ra != rb) parent[std::max(ra, rb)] = std::min(ra, rb);
    }
  });
  std::vector<std::vector<int>> groups;  // faces of each piece, pieces in order of their first face
  std::vector<int> group_of(static_cast<size_t>(nf), -1);
  for (Eigen::Index f = 0; f < nf; ++f) {
    const int r = find(static_cast<int>(f));
    if (group_of[r] < 0) {
      group_of[r] = static_cast<int>(groups.size());
      groups.emplace_back();
    }
    groups[group_of[r]].push_back(static_cast<int>(f));
  }
  std::vector<std::pair<double, Mesh>> pieces;
  std::vector<std::vector<int>> origin;  // per piece (in group order), its vertices in m
  std::vector<int> remap(static_cast<size_t>(nv), -1);  // vertex of m -> vertex of the piece (reset after each)
  for (const auto& g : groups) {
    Mesh p;
    p.label_names = m.label_names;
    p.F.resize(static_cast<Eigen::Index>(g.size()), 3);
    p.label.resize(p.F.rows());
    std::vector<int> from;  // vertex of the piece -> vertex of m, in order of first use
    double area = 0;
    for (size_t i = 0; i < g.size(); ++i) {
      for (int k = 0; k < 3; ++k) {
        int& v = remap[m.F(g[i], k)];
        if (v < 0) {
          v = static_cast<int>(from.size());
          from.push_back(m.F(g[i], k));
        }
        p.F(static_cast<Eigen::Index>(i), k) = v;
      }
      p.label(static_cast<Eigen::Index>(i)) = m.label.size() == nf ? m.label(g[i]) : -1;
      area += face_area(m, g[i]);
    }
    p.V.resize(static_cast<Eigen::Index>(from.size()), 3);
    for (size_t i = 0; i < from.size(); ++i) {
      p.V.row(static_cast<Eigen::Index>(i)) = m.V.row(from[i]);
      remap[static_cast<size_t>(from[i])] = -1;
    }
    pieces.emplace_back(area, std::move(p));
    if (vertex_of) origin.push_back(std::move(from));
  }
  std::vector<size_t> order(pieces.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return pieces[a].first > pieces[b].first; });
  std::vector<Mesh> out;
  if (vertex_of) vertex_of->clear();
  for (size_t k : order) {
    out.push_back(std::move(pieces[k].second));
    if (vertex_of) vertex_of->push_back(std::move(origin[k]));
  }
  return out;
}

/// Boundary edges (used by exactly one face), oriented as in that face: pairs (from, to).
inline std::vector<std::pair<int, int>> boundary_edges(const Mesh& m) {
  std::vector<std::array<int, 4>> e;  // min, max, from, to
  e.reserve(static_cast<size_t>(m.num_faces()) * 3);
  for (Eigen::Index f = 0; f < m.num_faces(); ++f)
    for (int k = 0; k < 3; ++k) {
      const int a = m.F(f, k), b = m.F(f, (k + 1) % 3);
      e.push_back({std::min(a, b), std::max(a, b), a, b});
    }
  std::sort(e.begin(), e.end());
  std::vector<std::pair<int, int>> out;
  for (size_t i = 0; i < e.size();) {
    size_t j = i;
    while (j < e.size() && e[j][0] == e[i][0] && e[j][1] == e[i][1]) ++j;
    if (j - i == 1) out.emplace_back(e[i][2], e[i][3]);
    i = j;
  }
  return out;
}

namespace detail {

/// cot of the angle at corner k of triangle f (opposite the edge (k+1, k+2)), clamped against slivers.
inline double corner_cot(const Mesh& m, Eigen::Index f, int k) {
  const Eigen::Vector3d a = m.corner(f, (k + 1) % 3) - m.corner(f, k);
  const Eigen::Vector3d b = m.corner(f, (k + 2) % 3) - m.corner(f, k);
  const double s = a.cross(b).norm();
  const double c = a.dot(b);
  if (s <= 1e-14 * (a.squaredNorm() + b.squaredNorm())) return 0.0;
  return std::clamp(c / s, -1e3, 1e3);
}

/// Cotangent Laplacian (n×n, w_ij = cot α + cot β, positive diagonal).
inline Eigen::SparseMatrix<double> cotan_laplacian(const Mesh& m) {
  std::vector<Eigen::Triplet<double>> t;
  t.reserve(static_cast<size_t>(m.num_faces()) * 12);
  for (Eigen::Index f = 0; f < m.num_faces(); ++f)
    for (int k = 0; k < 3; ++k) {
      const int i = m.F(f, (k + 1) % 3), j = m.F(f, (k + 2) % 3);
      const double w = corner_cot(m, f, k);
      t.emplace_back(i, j, -w);
      t.emplace_back(j, i, -w);
      t.emplace_back(i, i, w);
      t.emplace_back(j, j, w);
    }
  Eigen::SparseMatrix<double> L(m.num_vertices(), m.num_vertices());
  L.setFromTriplets(t.begin(), t.end());
  return L;
}

/// Solves the system K x = 0 with the rows/columns of `fixed` held at `values` (others free).
inline Eigen::VectorXd solve_with_fixed(const Eigen::SparseMatrix<double>& K, const Eigen::VectorXd& rhs,
                                        const std::vector<int>& fixed, const Eigen::VectorXd& values) {
  const Eigen::Index n = K.rows();
  std::vector<int> idx(static_cast<size_t>(n), 0);
  for (int f : fixed) idx[f] = -1;
  int nfree = 0;
  for (Eigen::Index i = 0; i < n; ++i)
    if (idx[i] == 0) idx[i] = nfree++;
  Eigen::VectorXd xfix = Eigen::VectorXd::Zero(n);
  for (size_t k = 0; k < fixed.size(); ++k) xfix[fixed[k]] = values[static_cast<Eigen::Index>(k)];
  std::vector<Eigen::Triplet<double>> t;
  Eigen::VectorXd b = Eigen::VectorXd::Zero(nfree);
  for (Eigen::Index c = 0; c < K.outerSize(); ++c)
    for (Eigen::SparseMatrix<double>::InnerIterator it(K, c); it; ++it) {
      const Eigen::Index r = it.row();
      if (idx[r] < 0) continue;
      if (idx[c] >= 0) t.emplace_back(idx[r], idx[c], it.value());
      else b[idx[r]] -= it.value() * xfix[c];
    }
  for (Eigen::Index i = 0; i < n; ++i)
    if (idx[i] >= 0) b[idx[i]] += rhs[i];
  Eigen::SparseMatrix<double> A(nfree, nfree);
  A.setFromTriplets(t.begin(), t.end());
  Eigen::SimplicialLDLT<Eigen::SparseMatrix<double>> ldlt(A);
  Eigen::VectorXd y;
  if (ldlt.info() == Eigen::Success) y = ldlt.solve(b);
  if (ldlt.info() != Eigen::Success || !y.allFinite()) {
    Eigen::SparseLU<Eigen::SparseMatrix<double>> lu(A);
    y = lu.solve(b);
  }
  Eigen::VectorXd x = xfix;
  for (Eigen::Index i = 0; i < n; ++i)
    if (idx[i] >= 0) x[i] = y[idx[i]];
  return x;
}

}  // namespace detail

/// Least-squares conformal map of an open patch (#V×2). Two far-apart boundary vertices are pinned:
/// with `pin_axis`, the boundary vertices lowest and highest along it (a face's lateral axis gives a
/// mirror pair on a symmetric patch, so the map is mirror-symmetric too); otherwise the boundary vertex
/// farthest from the first one and the one farthest from that.
/// Throws plan_error for a closed surface (no boundary: it cannot be laid flat without a cut).
inline Eigen::MatrixXd lscm(const Mesh& m, const Eigen::Vector3d* pin_axis = nullptr) {
  const auto bnd = boundary_edges(m);
  if (bnd.empty())
    throw plan_error("the region is a closed surface (no boundary), so it cannot be laid flat: "
                     "plan on an open face region");
  const int n = static_cast<int>(m.num_vertices());
  // pins: the boundary vertex farthest from the first boundary vertex, then the one farthest from it
  auto farthest = [&](int from) {
    int best = bnd[0].first;
    double bd = -1;
    for (const auto& e : bnd) {
      const double d = (m.vertex(e.first) - m.vertex(from)).squaredNorm();
      if (d > bd) bd = d, best = e.first;
    }
    return best;
  };
  int p0 = farthest(bnd[0].first), p1 = farthest(p0);
  if (pin_axis) {
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const auto& e : bnd) {
      const double t = m.vertex(e.first).dot(*pin_axis);
      if (t < lo || (t == lo && e.first < p0)) lo = t, p0 = e.first;
      if (t > hi || (t == hi && e.first < p1)) hi = t, p1 = e.first;
    }
    if (p0 == p1) p1 = farthest(p0);
  }
  const double len = (m.vertex(p1) - m.vertex(p0)).norm();
  const Eigen::SparseMatrix<double> L = detail::cotan_laplacian(m);
  // E = 1/2 x^T (Dirichlet - 2 * area) x with x = [u; v]; Dirichlet uses L/2 per coordinate.
  std::vector<Eigen::Triplet<double>> t;
  for (Eigen::Index c = 0; c < L.outerSize(); ++c)
    for (Eigen::SparseMatrix<double>::InnerIterator it(L, c); it; ++it) {
      t.emplace_back(static_cast<int>(it.row()), static_cast<int>(c), 0.5 * it.value());
      t.emplace_back(n + static_cast<int>(it.row()), n + static_cast<int>(c), 0.5 * it.value());
    }
  for (const auto& e : bnd) {  // signed area = 1/2 sum (u_i v_j - u_j v_i) over oriented boundary edges
    const int i = e.first, j = e.second;
    t.emplace_back(i, n + j, -0.5);
    t.emplace_back(n + j, i, -0.5);
    t.emplace_back(j, n + i, 0.5);
    t.emplace_back(n + i, j, 0.5);
  }
  Eigen::SparseMatrix<double> K(2 * n, 2 * n);
  K.setFromTriplets(t.begin(), t.end());
  Eigen::VectorXd vals(4);
  vals << 0, len, 0, 0;
  const Eigen::VectorXd x = detail::solve_with_fixed(K, Eigen::VectorXd::Zero(2 * n), {p0, p1, n + p0, n + p1}, vals);
  Eigen::MatrixXd UV(n, 2);
  UV.col(0) = x.head(n);
  UV.col(1) = x.tail(n);
  return UV;
}

/// Signed area of flattened triangle f (positive = same orientation as the mesh).
inline double uv_signed_area(const Eigen::MatrixXd& UV, const Mesh& m, Eigen::Index f) {
  const Eigen::Vector2d a = UV.row(m.F(f, 0)), b = UV.row(m.F(f, 1)), c = UV.row(m.F(f, 2));
  return 0.5 * ((b - a).x() * (c - a).y() - (b - a).y() * (c - a).x());
}

/// Near-isometric flattening (#V×2, mm): LSCM (pinned along `pin_axis` when given) scaled to the surface
/// area, then `iterations` ARAP local/global steps. Lengths in the plane match lengths along the surface up to the patch's
/// unavoidable stretch (zero on developable patches such as planes and cylinders).
inline Eigen::MatrixXd flatten(const Mesh& m, int iterations = 30, const Eigen::Vector3d* pin_axis = nullptr) {
  Eigen::MatrixXd UV = lscm(m, pin_axis);
  double a2 = 0;
  for (Eigen::Index f = 0; f < m.num_faces(); ++f) a2 += uv_signed_area(UV, m, f);
  const double a3 = surface_area(m);
  if (std::abs(a2) > 0 && std::isfinite(a2)) UV *= std::sqrt(a3 / std::abs(a2));
  if (a2 < 0) UV.col(0) *= -1;  // keep the mesh's orientation
  const Eigen::Index nf = m.num_faces();
  // isometric local 2D coordinates of each triangle and the cotangent of each corner
  std::vector<std::array<Eigen::Vector2d, 3>> X(static_cast<size_t>(nf));
  std::vector<std::array<double, 3>> cot(static_cast<size_t>(nf));
  for (Eigen::Index f = 0; f < nf; ++f) {
    const Eigen::Vector3d e1 = m.corner(f, 1) - m.corner(f, 0), e2 = m.corner(f, 2) - m.corner(f, 0);
    const double l1 = e1.norm();
    const double x2 = l1 > 0 ? e2.dot(e1) / l1 : 0;
    const double y2 = l1 > 0 ? e1.cross(e2).norm() / l1 : 0;
    X[f] = {Eigen::Vector2d(0, 0), Eigen::Vector2d(l1, 0), Eigen::Vector2d(x2, y2)};
    for (int k = 0; k < 3; ++k) cot[f][k] = detail::corner_cot(m, f, k);
  }
  const Eigen::SparseMatrix<double> L = detail::cotan_laplacian(m);
  const int n = static_cast<int>(m.num_vertices());
  // factor once: pin vertex 0 (translation); rotation is fixed by the local frames
  std::vector<int> idx(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) idx[i] = i - 1;
  std::vector<Eigen::Triplet<double>> t;
  for (Eigen::Index c = 0; c < L.outerSize(); ++c)
    for (Eigen::SparseMatrix<double>::InnerIterator it(L, c); it; ++it)
      if (it.row() > 0 && c > 0) t.emplace_back(static_cast<int>(it.row()) - 1, static_cast<int>(c) - 1, it.value());
  Eigen::SparseMatrix<double> A(n - 1, n - 1);
  A.setFromTriplets(t.begin(), t.end());
  Eigen::SimplicialLDLT<Eigen::SparseMatrix<double>> ldlt(A);
  if (ldlt.info() != Eigen::Success || n < 3) return UV;
  std::vector<Eigen::Matrix2d> R(static_cast<size_t>(nf));
  for (int iter = 0; iter < iterations; ++iter) {
    for (Eigen::Index f = 0; f < nf; ++f) {  // local step: best rotation per triangle
      Eigen::Matrix2d S = Eigen::Matrix2d::Zero();
      for (int k = 0; k < 3; ++k) {
        const int i = (k + 1) % 3, j = (k + 2) % 3;
        const Eigen::Vector2d du = UV.row(m.F(f, i)).transpose() - UV.row(m.F(f, j)).transpose();
        S += cot[f][k] * du * (X[f][i] - X[f][j]).transpose();
      }
      Eigen::JacobiSVD<Eigen::Matrix2d> svd(S, Eigen::ComputeFullU | Eigen::ComputeFullV);
      Eigen::Matrix2d U = svd.matrixU();
      Eigen::Matrix2d Rt = U * svd.matrixV().transpose();
      if (Rt.determinant() < 0) {
        U.col(1) *= -1;
        Rt = U * svd.matrixV().transpose();
      }
      R[f] = Rt;
    }
    Eigen::MatrixXd b = Eigen::MatrixXd::Zero(n, 2);  // global step
    for (Eigen::Index f = 0; f < nf; ++f)
      for (int k = 0; k < 3; ++k) {
        const int i = (k + 1) % 3, j = (k + 2) % 3;
        const Eigen::Vector2d r = cot[f][k] * R[f] * (X[f][i] - X[f][j]);
        b.row(m.F(f, i)) += r.transpose();
        b.row(m.F(f, j)) -= r.transpose();
      }
    Eigen::MatrixXd next(n, 2);
    next.row(0) = UV.row(0);
    for (int c = 0; c < 2; ++c) {
      Eigen::VectorXd rhs = b.col(c).tail(n - 1);
      for (Eigen::SparseMatrix<double>::InnerIterator it(L, 0); it; ++it)
        if (it.row() > 0) rhs[it.row() - 1] -= it.value() * UV(0, c);
      const Eigen::VectorXd y = ldlt.solve(rhs);
      if (!y.allFinite()) return UV;
      next.col(c).tail(n - 1) = y;
    }
    UV = next;
  }
  return UV;
}

/// Point location over a flattened mesh: which triangle holds a plane point, with barycentrics.
class UVLocator {
 public:
  UVLocator(const Mesh& m, const Eigen::MatrixXd& UV) : m_(m), uv_(UV) {
    lo_ = UV.colwise().minCoeff().transpose();
    hi_ = UV.colwise().maxCoeff().transpose();
    const double area = std::max((hi_ - lo_).prod(), 1e-12);
    const double nf = static_cast<double>(std::max<Eigen::Index>(m.num_faces(), 1));
    cell_ = std::max(std::sqrt(area / nf) * 1.5, 1e-9);
    nx_ = std::max(1, std::min(4096, static_cast<int>(std::ceil((hi_.x() - lo_.x()) / cell_)) + 1));
    ny_ = std::max(1, std::min(4096, static_cast<int>(std::ceil((hi_.y() - lo_.y()) / cell_)) + 1));
    cell_ = std::max((hi_.x() - lo_.x()) / (nx_ - 0.5), (hi_.y() - lo_.y()) / (ny_ - 0.5));
    cell_ = std::max(cell_, 1e-9);
    start_.assign(static_cast<size_t>(nx_) * ny_ + 1, 0);
    std::vector<std::pair<int, int>> items;  // (cell, face)
    for (Eigen::Index f = 0; f < m.num_faces(); ++f) {
      Eigen::Vector2d a = UV.row(m.F(f, 0)), b = UV.row(m.F(f, 1)), c = UV.row(m.F(f, 2));
      const Eigen::Vector2d mn = a.cwiseMin(b).cwiseMin(c), mx = a.cwiseMax(b).cwiseMax(c);
      const int x0 = cx(mn.x()), x1 = cx(mx.x()), y0 = cy(mn.y()), y1 = cy(mx.y());
      for (int y = y0; y <= y1; ++y)
        for (int x = x0; x <= x1; ++x) items.emplace_back(y * nx_ + x, static_cast<int>(f));
    }
    std::sort(items.begin(), items.end());
    faces_.reserve(items.size());
    for (const auto& it : items) {
      start_[static_cast<size_t>(it.first) + 1]++;
      faces_.push_back(it.second);
    }
    for (size_t i = 1; i < start_.size(); ++i) start_[i] += start_[i - 1];
  }

  /// Triangle containing p (-1 if none) and its barycentric coordinates.
  int locate(const Eigen::Vector2d& p, Eigen::Vector3d* bary = nullptr) const {
    if (p.x() < lo_.x() - cell_ || p.y() < lo_.y() - cell_ || p.x() > hi_.x() + cell_ || p.y() > hi_.y() + cell_)
      return -1;
    const int c = cy(p.y()) * nx_ + cx(p.x());
    int best = -1;
    double best_min = -std::numeric_limits<double>::infinity();
    Eigen::Vector3d best_b;
    for (int k = start_[c]; k < start_[c + 1]; ++k) {
      const Eigen::Vector3d b = barycentric(faces_[k], p);
      const double mn = b.minCoeff();
      if (mn > best_min) best_min = mn, best = faces_[k], best_b = b;
    }
    if (best < 0 || best_min < -1e-9) return -1;
    if (bary) *bary = best_b;
    return best;
  }

  Eigen::Vector3d barycentric(int f, const Eigen::Vector2d& p) const {
    const Eigen::Vector2d a = uv_.row(m_.F(f, 0)), b = uv_.row(m_.F(f, 1)), c = uv_.row(m_.F(f, 2));
    const double det = (b - a).x() * (c - a).y() - (b - a).y() * (c - a).x();
    if (std::abs(det) < 1e-300) return Eigen::Vector3d(-1, -1, -1);
    const double l1 = ((p - a).x() * (c - a).y() - (p - a).y() * (c - a).x()) / det;
    const double l2 = ((b - a).x() * (p - a).y() - (b - a).y() * (p - a).x()) / det;
    return Eigen::Vector3d(1 - l1 - l2, l1, l2);
  }

 private:
  int cx(double x) const { return std::clamp(static_cast<int>((x - lo_.x()) / cell_), 0, nx_ - 1); }
  int cy(double y) const { return std::clamp(static_cast<int>((y - lo_.y()) / cell_), 0, ny_ - 1); }
  const Mesh& m_;
  Eigen::MatrixXd uv_;  // a copy: the locator must not depend on where its caller keeps the map
  Eigen::Vector2d lo_, hi_;
  double cell_ = 1;
  int nx_ = 1, ny_ = 1;
  std::vector<int> start_, faces_;
};

}  // namespace mesogrid

// mesogrid/proxy.hpp: a coarse stand-in for a dense scan, and the way back to the dense surface.
// Planning cost should follow the region and the spacing, not scan detail finer than the spacing needs:
// cluster_vertices() merges vertices on a uniform grid of cell `cell_mm` (vertex clustering), and
// SurfaceIndex finds the closest point of the dense mesh (with its interpolated normal) for each site
// planned on the proxy. Lengths in mm.
#pragma once
#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include "mesh.hpp"

namespace mesogrid {

/// Vertex clustering: vertices in the same grid cell (size cell_mm) become their mean, triangles that
/// collapse or repeat are dropped. Deterministic (clusters ordered by cell, members in index order).
inline Mesh cluster_vertices(const Mesh& m, double cell_mm) {
  const Eigen::Index n = m.num_vertices();
  const Eigen::RowVector3d lo = m.V.colwise().minCoeff();
  std::vector<std::array<long, 3>> key(static_cast<size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i)
    for (int a = 0; a < 3; ++a) key[i][a] = static_cast<long>(std::floor((m.V(i, a) - lo[a]) / cell_mm));
  std::vector<Eigen::Index> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) { return key[a] < key[b]; });
  std::vector<int> cluster(static_cast<size_t>(n), -1);
  std::vector<Eigen::Vector3d> sum;
  std::vector<int> count;
  for (size_t k = 0; k < order.size(); ++k) {
    if (k == 0 || key[order[k]] != key[order[k - 1]]) {
      sum.emplace_back(Eigen::Vector3d::Zero());
      count.push_back(0);
    }
    cluster[order[k]] = static_cast<int>(sum.size()) - 1;
  }
  for (Eigen::Index i = 0; i < n; ++i) {  // index order: the mean does not depend on the sort
    sum[cluster[i]] += m.vertex(i);
    count[cluster[i]]++;
  }
  std::vector<std::array<int, 4>> tris;  // sorted corners + original position, for de-duplication
  std::vector<std::array<int, 3>> faces;
  std::vector<int> labels;
  for (Eigen::Index f = 0; f < m.num_faces(); ++f) {
    const int a = cluster[m.F(f, 0)], b = cluster[m.F(f, 1)], c = cluster[m.F(f, 2)];
    if (a == b || b == c || a == c) continue;
    std::array<int, 3> s = {a, b, c};
    std::sort(s.begin(), s.end());
    tris.push_back({s[0], s[1], s[2], static_cast<int>(faces.size())});
    faces.push_back({a, b, c});
    labels.push_back(m.label.size() == m.num_faces() ? m.label(f) : -1);
  }
  std::sort(tris.begin(), tris.end());
  std::vector<char> keep(faces.size(), 1);
  for (size_t i = 1; i < tris.size(); ++i)
    if (tris[i][0] == tris[i - 1][0] && tris[i][1] == tris[i - 1][1] && tris[i][2] == tris[i - 1][2]) keep[tris[i][3]] = 0;
  Mesh out;
  out.label_names = m.label_names;
  out.V.resize(static_cast<Eigen::Index>(sum.size()), 3);
  for (size_t i = 0; i < sum.size(); ++i) out.V.row(static_cast<Eigen::Index>(i)) = (sum[i] / count[i]).transpose();
  const auto kept = static_cast<Eigen::Index>(std::count(keep.begin(), keep.end(), 1));
  out.F.resize(kept, 3);
  out.label.resize(kept);
  Eigen::Index k = 0;
  for (size_t i = 0; i < faces.size(); ++i)
    if (keep[i]) {
      out.F.row(k) << faces[i][0], faces[i][1], faces[i][2];
      out.label(k++) = labels[i];
    }
  return out;
}

/// Closest point on triangle abc to p (Ericson, Real-Time Collision Detection §5.1.5), with barycentrics.
inline Eigen::Vector3d closest_point_on_triangle(const Eigen::Vector3d& p, const Eigen::Vector3d& a,
                                                 const Eigen::Vector3d& b, const Eigen::Vector3d& c,
                                                 Eigen::Vector3d* bary) {
  const Eigen::Vector3d ab = b - a, ac = c - a, ap = p - a;
  const double d1 = ab.dot(ap), d2 = ac.dot(ap);
  if (d1 <= 0 && d2 <= 0) return *bary = {1, 0, 0}, a;
  const Eigen::Vector3d bp = p - b;
  const double d3 = ab.dot(bp), d4 = ac.dot(bp);
  if (d3 >= 0 && d4 <= d3) return *bary = {0, 1, 0}, b;
  const double vc = d1 * d4 - d3 * d2;
  if (vc <= 0 && d1 >= 0 && d3 <= 0) {
    const double v = d1 / (d1 - d3);
    return *bary = {1 - v, v, 0}, a + v * ab;
  }
  const Eigen::Vector3d cp = p - c;
  const double d5 = ab.dot(cp), d6 = ac.dot(cp);
  if (d6 >= 0 && d5 <= d6) return *bary = {0, 0, 1}, c;
  const double vb = d5 * d2 - d1 * d6;
  if (vb <= 0 && d2 >= 0 && d6 <= 0) {
    const double w = d2 / (d2 - d6);
    return *bary = {1 - w, 0, w}, a + w * ac;
  }
  const double va = d3 * d6 - d5 * d4;
  if (va <= 0 && (d4 - d3) >= 0 && (d5 - d6) >= 0) {
    const double w = (d4 - d3) / ((d4 - d3) + (d5 - d6));
    return *bary = {0, 1 - w, w}, b + w * (c - b);
  }
  const double den = 1 / (va + vb + vc);
  const double v = vb * den, w = vc * den;
  return *bary = {1 - v - w, v, w}, a + ab * v + ac * w;
}

/// Closest-point queries on a triangle mesh through a uniform grid of its triangles.
class SurfaceIndex {
 public:
  /// Takes the mesh; normals at the closest point are interpolated from its area-weighted vertex normals.
  explicit SurfaceIndex(Mesh mesh) : m_(std::move(mesh)), N_(vertex_normals(m_)) {
    const Mesh& m = m_;
    lo_ = m.V.colwise().minCoeff().transpose();
    const Eigen::Vector3d ext = m.V.colwise().maxCoeff().transpose() - lo_;
    const double area = std::max(surface_area(m), 1e-12);
    cell_ = std::max(std::sqrt(area / std::max<double>(1.0, static_cast<double>(m.num_faces()))) * 2.0, 1e-6);
    for (int a = 0; a < 3; ++a) dims_[a] = std::clamp(static_cast<long>(ext[a] / cell_) + 1, 1L, 1024L);
    for (int a = 0; a < 3; ++a) cell_ = std::max(cell_, ext[a] / static_cast<double>(dims_[a]) * 1.0001);
    std::vector<std::pair<long, int>> items;
    items.reserve(static_cast<size_t>(m.num_faces()) * 2);
    for (Eigen::Index f = 0; f < m.num_faces(); ++f) {
      Eigen::Vector3d mn = m.corner(f, 0), mx = mn;
      for (int k = 1; k < 3; ++k) mn = mn.cwiseMin(m.corner(f, k)), mx = mx.cwiseMax(m.corner(f, k));
      const auto c0 = cell(mn), c1 = cell(mx);
      for (long x = c0[0]; x <= c1[0]; ++x)
        for (long y = c0[1]; y <= c1[1]; ++y)
          for (long z = c0[2]; z <= c1[2]; ++z) items.emplace_back(id({x, y, z}), static_cast<int>(f));
    }
    std::sort(items.begin(), items.end());
    start_.assign(static_cast<size_t>(dims_[0] * dims_[1] * dims_[2]) + 1, 0);
    faces_.reserve(items.size());
    for (const auto& it : items) {
      start_[static_cast<size_t>(it.first) + 1]++;
      faces_.push_back(it.second);
    }
    for (size_t i = 1; i < start_.size(); ++i) start_[i] += start_[i - 1];
  }

  /// Closest surface point to p, its unit interpolated normal, and the distance.
  double closest(const Eigen::Vector3d& p, Eigen::Vector3d* q, Eigen::Vector3d* normal) const {
    double best = std::numeric_limits<double>::infinity();
    int bf = -1;
    Eigen::Vector3d bb = Eigen::Vector3d::Zero();
    const auto c = cell(p);
    for (long r = 1;; r *= 2) {
      for (long x = std::max(0L, c[0] - r); x <= std::min(dims_[0] - 1, c[0] + r); ++x)
        for (long y = std::max(0L, c[1] - r); y <= std::min(dims_[1] - 1, c[1] + r); ++y)
          for (long z = std::max(0L, c[2] - r); z <= std::min(dims_[2] - 1, c[2] + r); ++z) {
            const long i = id({x, y, z});
            for (int k = start_[i]; k < start_[i + 1]; ++k) {
              const int f = faces_[k];
              Eigen::Vector3d b;
              const Eigen::Vector3d x3 = closest_point_on_triangle(p, m_.corner(f, 0), m_.corner(f, 1), m_.corner(f, 2), &b);
              const double d = (x3 - p).norm();
              if (d < best || (d == best && f < bf)) best = d, bf = f, bb = b, *q = x3;
            }
          }
      // exact once the searched cube holds the ball of radius `best` (or the whole grid was searched)
      if ((bf >= 0 && best <= static_cast<double>(r) * cell_) || r > std::max({dims_[0], dims_[1], dims_[2]})) break;
    }
    if (bf >= 0 && normal) {
      Eigen::Vector3d n = Eigen::Vector3d::Zero();
      for (int k = 0; k < 3; ++k) n += bb[k] * N_.row(m_.F(bf, k)).transpose();
      *normal = n.norm() > 0 ? Eigen::Vector3d(n.normalized()) : face_normal(m_, bf);
    }
    return best;
  }

 private:
  std::array<long, 3> cell(const Eigen::Vector3d& p) const {
    std::array<long, 3> c;
    for (int a = 0; a < 3; ++a) c[a] = std::clamp(static_cast<long>(std::floor((p[a] - lo_[a]) / cell_)), 0L, dims_[a] - 1);
    return c;
  }
  long id(const std::array<long, 3>& c) const { return (c[2] * dims_[1] + c[1]) * dims_[0] + c[0]; }
  Mesh m_;
  Eigen::MatrixXd N_;
  Eigen::Vector3d lo_;
  double cell_ = 1;
  std::array<long, 3> dims_{1, 1, 1};
  std::vector<int> start_, faces_;
};

}  // namespace mesogrid

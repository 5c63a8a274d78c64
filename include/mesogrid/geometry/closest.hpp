// mesogrid/geometry/closest.hpp: closest points on segments, triangles and on a triangle mesh: which triangle of the
// surface is nearest to a point, the nearest surface point and its barycentric coordinates. A uniform grid of triangle
// bounding boxes (CSR buckets) is searched in growing shells around the query, so a query costs a few cells on meshes
// from a few hundred to a few million triangles. Lengths in mm (the mesh's units).
#pragma once
#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "../core/mesh.hpp"

namespace mesogrid {

/// Closest point on segment ab to p (a when the segment has no length).
inline Eigen::Vector3d closest_point_on_segment(const Eigen::Vector3d& p, const Eigen::Vector3d& a,
                                                const Eigen::Vector3d& b) {
  const Eigen::Vector3d d = b - a;
  const double l2 = d.squaredNorm();
  return a + (l2 > 0 ? std::clamp((p - a).dot(d) / l2, 0.0, 1.0) : 0.0) * d;
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

/// The nearest surface point found by SurfaceIndex::closest.
struct SurfaceHit {
  Eigen::Index face = -1;  ///< -1: nothing within the search distance
  Eigen::Vector3d point = Eigen::Vector3d::Zero();
  Eigen::Vector3d bary = Eigen::Vector3d::Zero();             ///< weights of the face's corners 0, 1, 2
  double distance = std::numeric_limits<double>::infinity();  ///< mm
};

/// Closest-point index over a mesh, which it references (the mesh must outlive it and not change).
/// Deterministic: ties go to the lowest face index.
class SurfaceIndex {
 public:
  /// Builds the grid: cells `edges` times the mean edge length, and at least large enough for ~4 cells per
  /// triangle (memory).
  explicit SurfaceIndex(const Mesh& m, double edges = 2.0) : m_(m) {
    const Eigen::Index nf = m.num_faces();
    if (nf == 0 || m.num_vertices() == 0) return;
    lo_ = m.V.colwise().minCoeff().transpose();
    const Eigen::Vector3d hi = m.V.colwise().maxCoeff().transpose();
    double edge = 0;
    for (Eigen::Index f = 0; f < nf; ++f) edge += (m.corner(f, 1) - m.corner(f, 0)).norm();
    edge /= static_cast<double>(nf);
    const Eigen::Vector3d ext = (hi - lo_).cwiseMax(1e-9);
    cell_ = std::max({edges * edge, std::cbrt(ext.prod() / (4.0 * static_cast<double>(nf))), 1e-6});
    for (int a = 0; a < 3; ++a) n_[a] = std::max<long>(1, static_cast<long>(std::ceil(ext[a] / cell_)));
    std::vector<std::int64_t> count(static_cast<size_t>(n_[0] * n_[1] * n_[2]) + 1, 0);
    auto each_cell = [&](Eigen::Index f, auto&& fn) {
      Eigen::Vector3d bmin = m.corner(f, 0), bmax = bmin;
      for (int k = 1; k < 3; ++k) {
        bmin = bmin.cwiseMin(m.corner(f, k));
        bmax = bmax.cwiseMax(m.corner(f, k));
      }
      long a0[3], a1[3];
      for (int a = 0; a < 3; ++a) {
        a0[a] = clamp_cell(a, bmin[a]);
        a1[a] = clamp_cell(a, bmax[a]);
      }
      for (long k = a0[2]; k <= a1[2]; ++k)
        for (long j = a0[1]; j <= a1[1]; ++j)
          for (long i = a0[0]; i <= a1[0]; ++i) fn(flat(i, j, k));
    };
    centre_.resize(static_cast<size_t>(nf));
    radius_.resize(static_cast<size_t>(nf));
    for (Eigen::Index f = 0; f < nf; ++f) {  // bounding sphere of each triangle: a cheap first test
      const Eigen::Vector3d c = (m.corner(f, 0) + m.corner(f, 1) + m.corner(f, 2)) / 3.0;
      centre_[static_cast<size_t>(f)] = c;
      radius_[static_cast<size_t>(f)] =
          std::max({(m.corner(f, 0) - c).norm(), (m.corner(f, 1) - c).norm(), (m.corner(f, 2) - c).norm()});
    }
    for (Eigen::Index f = 0; f < nf; ++f) each_cell(f, [&](size_t c) { ++count[c + 1]; });
    for (size_t c = 1; c < count.size(); ++c) count[c] += count[c - 1];
    start_ = count;
    faces_.resize(static_cast<size_t>(count.back()));
    for (Eigen::Index f = 0; f < nf; ++f)
      each_cell(f, [&](size_t c) { faces_[static_cast<size_t>(count[c]++)] = static_cast<int>(f); });
  }

  /// The nearest point of the surface to p within max_distance (mm); face -1 when there is none. `hint`
  /// (optional): a face likely to be near, e.g. the previous query's, tried first so that the search prunes
  /// early; the answer does not depend on it.
  SurfaceHit closest(const Eigen::Vector3d& p, double max_distance = std::numeric_limits<double>::infinity(),
                     Eigen::Index hint = -1) const {
    SurfaceHit best;
    if (faces_.empty()) return best;
    best.distance = max_distance;
    if (hint >= 0 && hint < m_.num_faces()) {
      Eigen::Vector3d bary;
      const Eigen::Vector3d x =
          closest_point_on_triangle(p, m_.corner(hint, 0), m_.corner(hint, 1), m_.corner(hint, 2), &bary);
      const double d = (x - p).norm();
      if (d <= max_distance) best.face = hint, best.point = x, best.bary = bary, best.distance = d;
    }
    long c[3];
    for (int a = 0; a < 3; ++a) c[a] = static_cast<long>(std::floor((p[a] - lo_[a]) / cell_));
    // shells of cells at Chebyshev distance r from p's cell, nearest first; stop when every cell not yet
    // searched (outside the box of shells 0..r-1, inside the grid) is farther than the best hit
    long rmax = 0;
    for (int a = 0; a < 3; ++a) rmax = std::max({rmax, std::abs(c[a]), std::abs(c[a] - (n_[a] - 1))});
    for (long r = 0; r <= rmax; ++r) {
      if (r > 0) {
        double beyond = std::numeric_limits<double>::infinity();  // distance from p to the unsearched cells
        for (int a = 0; a < 3; ++a) {
          if (c[a] - r + 1 > 0) beyond = std::min(beyond, p[a] - (lo_[a] + static_cast<double>(c[a] - r + 1) * cell_));
          if (c[a] + r - 1 < n_[a] - 1)
            beyond = std::min(beyond, lo_[a] + static_cast<double>(c[a] + r) * cell_ - p[a]);
        }
        if ((best.face >= 0 && best.distance <= beyond) || beyond > max_distance) break;
      }
      long a0[3], a1[3];
      bool empty = false;
      for (int a = 0; a < 3; ++a) {
        a0[a] = std::max(0L, c[a] - r);
        a1[a] = std::min(n_[a] - 1, c[a] + r);
        empty = empty || a0[a] > a1[a];
      }
      if (empty) continue;
      for (long k = a0[2]; k <= a1[2]; ++k)
        for (long j = a0[1]; j <= a1[1]; ++j)
          for (long i = a0[0]; i <= a1[0]; ++i) {
            if (std::max({std::abs(i - c[0]), std::abs(j - c[1]), std::abs(k - c[2])}) != r) {
              // interior of the shell: jump to its far side in x
              if (i < c[0] + r && i >= c[0] - r + 1 && std::abs(j - c[1]) < r && std::abs(k - c[2]) < r)
                i = c[0] + r - 1;
              continue;
            }
            const size_t cell = flat(i, j, k);
            if (start_[cell] == start_[cell + 1]) continue;
            if (best.face >= 0) {  // skip a cell farther than the best hit
              double d2 = 0;
              const long idx[3] = {i, j, k};
              for (int a = 0; a < 3; ++a) {
                const double lo = lo_[a] + static_cast<double>(idx[a]) * cell_, hi = lo + cell_;
                const double e = p[a] < lo ? lo - p[a] : p[a] > hi ? p[a] - hi : 0.0;
                d2 += e * e;
              }
              if (d2 > best.distance * best.distance) continue;
            }
            for (std::int64_t q = start_[cell]; q < start_[cell + 1]; ++q) {
              const int f = faces_[static_cast<size_t>(q)];
              const Eigen::Vector3d& sc = centre_[static_cast<size_t>(f)];
              if (best.face >= 0 && (p - sc).norm() - radius_[static_cast<size_t>(f)] > best.distance) continue;
              Eigen::Vector3d bary;
              const Eigen::Vector3d x =
                  closest_point_on_triangle(p, m_.corner(f, 0), m_.corner(f, 1), m_.corner(f, 2), &bary);
              const double d = (x - p).norm();
              if (d < best.distance || (d == best.distance && best.face >= 0 && f < best.face)) {
                best.face = f;
                best.point = x;
                best.bary = bary;
                best.distance = d;
              }
            }
          }
    }
    if (best.face < 0) best.distance = std::numeric_limits<double>::infinity();
    return best;
  }

 private:
  long clamp_cell(int a, double x) const {
    return std::clamp(static_cast<long>(std::floor((x - lo_[a]) / cell_)), 0L, n_[a] - 1);
  }
  size_t flat(long i, long j, long k) const { return static_cast<size_t>(i + n_[0] * (j + n_[1] * k)); }
  const Mesh& m_;
  Eigen::Vector3d lo_ = Eigen::Vector3d::Zero();
  double cell_ = 1;
  long n_[3] = {1, 1, 1};
  std::vector<std::int64_t> start_;
  std::vector<int> faces_;
  std::vector<Eigen::Vector3d> centre_;
  std::vector<double> radius_;
};

}  // namespace mesogrid

// mesogrid/geometry/point_tree.hpp: the nearest of a fixed set of points to any query point, through a balanced
// k-d tree built once (median splits, leaves of up to 8 points). Lengths in the points' units (mm).
#pragma once
#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

namespace mesogrid {

class PointTree {
 public:
  /// The tree of `points`, which must outlive it.
  explicit PointTree(const std::vector<Eigen::Vector3d>& points) : p_(points), idx_(points.size()) {
    std::iota(idx_.begin(), idx_.end(), 0);
    build(0, idx_.size(), 0);
  }
  /// Distance from q to the nearest point other than point `skip` (infinity when there is none); that point's
  /// index in *who (the lowest index on a tie).
  double nearest(const Eigen::Vector3d& q, int skip = -1, int* who = nullptr) const {
    double best2 = std::numeric_limits<double>::infinity();
    int w = -1;
    search(0, idx_.size(), 0, q, skip, best2, w);
    if (who) *who = w;
    return std::sqrt(best2);
  }

 private:
  static constexpr size_t leaf = 8;
  void build(size_t lo, size_t hi, int axis) {
    if (hi - lo <= leaf) return;
    const size_t mid = (lo + hi) / 2;
    std::nth_element(idx_.begin() + static_cast<long>(lo), idx_.begin() + static_cast<long>(mid),
                     idx_.begin() + static_cast<long>(hi),
                     [&](int a, int b) { return p_[a][axis] < p_[b][axis] || (p_[a][axis] == p_[b][axis] && a < b); });
    build(lo, mid, (axis + 1) % 3);
    build(mid + 1, hi, (axis + 1) % 3);
  }
  void consider(int i, const Eigen::Vector3d& q, int skip, double& best2, int& w) const {
    if (i == skip) return;
    const double d2 = (p_[i] - q).squaredNorm();
    if (d2 < best2 || (d2 == best2 && i < w)) best2 = d2, w = i;
  }
  void search(size_t lo, size_t hi, int axis, const Eigen::Vector3d& q, int skip, double& best2, int& w) const {
    if (hi - lo <= leaf) {
      for (size_t k = lo; k < hi; ++k) consider(idx_[k], q, skip, best2, w);
      return;
    }
    const size_t mid = (lo + hi) / 2;
    consider(idx_[mid], q, skip, best2, w);
    const double diff = q[axis] - p_[idx_[mid]][axis];
    const int next = (axis + 1) % 3;
    if (diff < 0) {
      search(lo, mid, next, q, skip, best2, w);
      if (diff * diff <= best2) search(mid + 1, hi, next, q, skip, best2, w);
    } else {
      search(mid + 1, hi, next, q, skip, best2, w);
      if (diff * diff <= best2) search(lo, mid, next, q, skip, best2, w);
    }
  }
  const std::vector<Eigen::Vector3d>& p_;
  std::vector<int> idx_;
};

}  // namespace mesogrid

// mesogrid/geometry/point_hash.hpp: points hashed on a uniform 3D grid for neighbour queries, and the
// nearest-neighbour distance of every point of a set. Lengths in mm (the points' units).
#pragma once
#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace mesogrid {

namespace detail {

/// Points hashed on a uniform 3D grid for neighbour queries. A cell of twice the query radius keeps a
/// query to 8 cells. Cells live in an open-addressing table (linear probing, power-of-two size, at most
/// half full) pointing into a list of bins; a bin keeps its points in insertion order.
class PointHash {
 public:
  explicit PointHash(double cell) : cell_(cell), slots_(16, Slot{0, -1}) {}
  void insert(const Eigen::Vector3d& p, int id) { bin_for_insert(key(cell_of(p))).push_back(id); }
  void erase(const Eigen::Vector3d& p, int id) {
    auto& b = bin_for_insert(key(cell_of(p)));
    b.erase(std::find(b.begin(), b.end(), id));
  }
  /// Calls f(id) for every point in the cells the ball of radius r around p touches (a superset of the
  /// points within r).
  template <class F>
  void near(const Eigen::Vector3d& p, double r, F f) const {
    const auto lo = cell_of(p - Eigen::Vector3d::Constant(r)), hi = cell_of(p + Eigen::Vector3d::Constant(r));
    for (std::int64_t a = lo[0]; a <= hi[0]; ++a)
      for (std::int64_t b = lo[1]; b <= hi[1]; ++b)
        for (std::int64_t c = lo[2]; c <= hi[2]; ++c) {
          const int bin = find(key({a, b, c}));
          if (bin >= 0)
            for (int id : bins_[static_cast<size_t>(bin)]) f(id);
        }
  }

 private:
  struct Slot {
    std::uint64_t key;
    int bin;  // index into bins_, -1 when the slot is empty
  };
  std::array<std::int64_t, 3> cell_of(const Eigen::Vector3d& p) const {
    return {static_cast<std::int64_t>(std::floor(p.x() / cell_)), static_cast<std::int64_t>(std::floor(p.y() / cell_)),
            static_cast<std::int64_t>(std::floor(p.z() / cell_))};
  }
  static std::uint64_t key(const std::array<std::int64_t, 3>& c) {
    auto q = [](std::int64_t x) { return static_cast<std::uint64_t>(x + (1 << 20)) & 0x1FFFFF; };
    return (q(c[0]) << 42) | (q(c[1]) << 21) | q(c[2]);
  }
  /// First slot to probe for key k (Fibonacci hashing of the packed cell).
  size_t home(std::uint64_t k) const {
    return static_cast<size_t>((k * 0x9E3779B97F4A7C15ull) >> 32) & (slots_.size() - 1);
  }
  /// The bin of cell key k, or -1.
  int find(std::uint64_t k) const {
    for (size_t i = home(k);; i = (i + 1) & (slots_.size() - 1)) {
      const Slot& sl = slots_[i];
      if (sl.bin < 0) return -1;
      if (sl.key == k) return sl.bin;
    }
  }
  /// The bin of cell key k, created empty when new.
  std::vector<int>& bin_for_insert(std::uint64_t k) {
    const int b = find(k);
    if (b >= 0) return bins_[static_cast<size_t>(b)];
    if (2 * (bins_.size() + 1) > slots_.size()) {  // grow: rehash the cells into a table twice the size
      std::vector<Slot> old(2 * slots_.size(), Slot{0, -1});
      old.swap(slots_);
      for (const Slot& sl : old)
        if (sl.bin >= 0) place(sl);
    }
    bins_.emplace_back();
    place(Slot{k, static_cast<int>(bins_.size()) - 1});
    return bins_.back();
  }
  void place(const Slot& sl) {
    size_t i = home(sl.key);
    while (slots_[i].bin >= 0) i = (i + 1) & (slots_.size() - 1);
    slots_[i] = sl;
  }
  double cell_;
  std::vector<Slot> slots_;
  std::vector<std::vector<int>> bins_;
};

/// A squared distance safely beyond d² (by a relative 1e-12, far above rounding): a point whose squared
/// distance exceeds it is farther than d, so nearest-point searches skip its square root.
inline double square_beyond(double d) { return d * d * (1 + 1e-12); }

}  // namespace detail

/// Nearest-neighbour distance of every point (Euclidean, mm; infinity for a set of fewer than 2). The points
/// are hashed in cells of `cell` (use the spacing); a search within r·cell is exact for distances up to r·cell
/// and widens (1, 2, 4 cells) until that holds, then scans all points (an isolated point).
inline std::vector<double> nearest_neighbour_distances(const std::vector<Eigen::Vector3d>& P, double cell) {
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> d(P.size(), inf);
  if (P.size() < 2) return d;
  detail::PointHash hash(cell);
  for (size_t i = 0; i < P.size(); ++i) hash.insert(P[i], static_cast<int>(i));
  for (size_t i = 0; i < P.size(); ++i) {
    for (long r = 1;; r *= 2) {
      const double reach = static_cast<double>(r) * cell;
      hash.near(P[i], reach, [&](int j) {
        if (static_cast<size_t>(j) != i) d[i] = std::min(d[i], (P[static_cast<size_t>(j)] - P[i]).norm());
      });
      if (d[i] <= reach) break;
      if (r >= 4) {  // isolated point: scan all (rare; keeps the search bounded)
        for (size_t j = 0; j < P.size(); ++j)
          if (j != i) d[i] = std::min(d[i], (P[j] - P[i]).norm());
        break;
      }
    }
  }
  return d;
}

}  // namespace mesogrid

// mesogrid/geometry/polygon.hpp: the even-odd point-in-polygon test in a plane (region outlines of the built-in
// face, closed zones seen from the front). Coordinates in the plane's unit (mm).
#pragma once
#include <Eigen/Core>
#include <vector>

namespace mesogrid::detail {

/// True when q lies inside the polygon (even-odd rule; the polygon is closed implicitly).
inline bool inside_polygon(const std::vector<Eigen::Vector2d>& poly, const Eigen::Vector2d& q) {
  bool in = false;
  for (size_t i = 0, j = poly.size() - 1; i < poly.size(); j = i++) {
    const Eigen::Vector2d &a = poly[i], &b = poly[j];
    if ((a.y() > q.y()) != (b.y() > q.y()) && q.x() < (b.x() - a.x()) * (q.y() - a.y()) / (b.y() - a.y()) + a.x())
      in = !in;
  }
  return in;
}

}  // namespace mesogrid::detail

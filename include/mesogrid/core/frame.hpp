// mesogrid/core/frame.hpp: the face frame (up, front and lateral axes) and the mid-sagittal plane, with the
// mirror image of points and directions about that plane. Axes are unit vectors in the mesh frame;
// lateral = up × front points to the subject's left. Lengths in mm.
#pragma once
#include <Eigen/Core>
#include <Eigen/Geometry>
#include <optional>
#include <string_view>

#include "text.hpp"

namespace mesogrid {

struct FaceFrame {
  Eigen::Vector3d up{0, 1, 0};
  Eigen::Vector3d front{0, 0, 1};
  double midline_mm = 0;  ///< position of the mid-sagittal plane along lateral(), mm
  Eigen::Vector3d lateral() const { return up.cross(front); }
  /// Signed distance of p from the mid-sagittal plane, mm (positive = subject's left).
  double side(const Eigen::Vector3d& p) const { return p.dot(lateral()) - midline_mm; }
  /// Mirror image of point p about the mid-sagittal plane.
  Eigen::Vector3d mirror(const Eigen::Vector3d& p) const { return p - 2 * side(p) * lateral(); }
  /// Mirror image of direction v about the mid-sagittal plane.
  Eigen::Vector3d mirror_direction(const Eigen::Vector3d& v) const { return v - 2 * v.dot(lateral()) * lateral(); }
};

/// The axis named "+y", "-Z", "x" (case-insensitive; no sign means +); nullopt for anything else.
inline std::optional<Eigen::Vector3d> axis_from_name(std::string_view s) {
  std::string k = text::lower(s);
  double sign = 1;
  if (!k.empty() && (k[0] == '+' || k[0] == '-')) {
    sign = k[0] == '-' ? -1 : 1;
    k.erase(0, 1);
  }
  if (k == "x") return Eigen::Vector3d(sign, 0, 0);
  if (k == "y") return Eigen::Vector3d(0, sign, 0);
  if (k == "z") return Eigen::Vector3d(0, 0, sign);
  return std::nullopt;
}

}  // namespace mesogrid

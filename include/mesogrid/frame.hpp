// mesogrid/frame.hpp: the face frame (up, front, lateral axes) and the mid-sagittal plane.
// Axes are unit vectors in the mesh frame; lateral = up × front points to the subject's left.
#pragma once
#include <Eigen/Core>
#include <Eigen/Geometry>
#include <cctype>
#include <string>
#include <string_view>

#include "error.hpp"

namespace mesogrid {

struct FaceFrame {
  Eigen::Vector3d up{0, 1, 0};
  Eigen::Vector3d front{0, 0, 1};
  double midline_mm = 0;  ///< position of the mid-sagittal plane along lateral(), mm
  Eigen::Vector3d lateral() const { return up.cross(front); }
  /// Signed distance of p from the mid-sagittal plane, mm (positive = subject's left).
  double side(const Eigen::Vector3d& p) const { return p.dot(lateral()) - midline_mm; }
};

/// Parses an axis such as "+y", "-Z", "x" (case-insensitive; no sign means +).
inline Eigen::Vector3d parse_axis(std::string_view s, std::string_view flag) {
  std::string k;
  for (char c : s) k += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  double sign = 1;
  if (!k.empty() && (k[0] == '+' || k[0] == '-')) {
    sign = k[0] == '-' ? -1 : 1;
    k.erase(0, 1);
  }
  if (k == "x") return Eigen::Vector3d(sign, 0, 0);
  if (k == "y") return Eigen::Vector3d(0, sign, 0);
  if (k == "z") return Eigen::Vector3d(0, 0, sign);
  throw usage_error(std::string(flag) + " '" + std::string(s) + "' is not an axis: use +x, -x, +y, -y, +z or -z");
}

/// Builds a frame from --up/--front axis strings; they must be perpendicular.
inline FaceFrame make_frame(std::string_view up, std::string_view front) {
  FaceFrame f;
  f.up = parse_axis(up, "--up");
  f.front = parse_axis(front, "--front");
  if (std::abs(f.up.dot(f.front)) > 0.5)
    throw usage_error("--up " + std::string(up) + " and --front " + std::string(front) +
                      " are the same axis: they must be perpendicular (default --up +y --front +z)");
  return f;
}

}  // namespace mesogrid

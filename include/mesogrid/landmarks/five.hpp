// mesogrid/landmarks/five.hpp: a face detector's 5 points (right eye, left eye, nose tip, right mouth corner, left
// mouth corner, the subject's own sides: the order of MTCNN, RetinaFace and InsightFace, whose first eye is the
// one on the left of the image, whatever their names call it) as a guide to a search for the 68 iBUG points: whether
// they are shaped like a face, the view they give (up, front: unit vectors), and how far the 68 found lie from them
// (mm). Too few to carry the regions themselves (a landmark set's transfer needs its groups), enough to say where the
// face is and to check what was found. Lengths in the points' units (mm once the caller has scaled them).
#pragma once
#include <Eigen/Core>
#include <Eigen/Geometry>
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string>

#include "../core/text.hpp"
#include "file.hpp"
#include "sets.hpp"

namespace mesogrid {

/// The 5 points in file order (five_point_names, sets.hpp).
using FivePoints = std::array<Eigen::Vector3d, 5>;

/// The view the 5 points give: unit vectors, up from the mouth to the eyes, front out of the face (the side of
/// the eyes' and mouth's plane the nose tip is on). Which side is left is not used: a mirror-image scan shows a
/// face as plausible as the patient's, so the sides are judged against the face found (match_five_points).
struct FiveView {
  Eigen::Vector3d up{0, 1, 0}, front{0, 0, 1};
};

/// Empty when the 5 points are shaped like a face (scale-free: eyes and mouth corners side by side at
/// comparable widths, the mouth below the eyes, the nose tip between them in height and out of their plane);
/// else what is wrong, in words.
inline std::string five_point_shape_problem(const FivePoints& p) {
  const Eigen::Vector3d eyes = p[1] - p[0], mouth = p[4] - p[3];
  const double e = eyes.norm();
  for (size_t i = 0; i < p.size(); ++i)
    for (size_t j = i + 1; j < p.size(); ++j)
      if (!((p[i] - p[j]).norm() > 0.05 * e))
        return "the " + std::string(five_point_names[i]) + " and the " + five_point_names[j] + " are at the same place";
  const double m = mouth.norm();
  if (m < 0.3 * e || m > 3 * e)
    return "the mouth corners are " + text::general(m / e, 2) + " times as far apart as the eyes (0.3 to 3 in a face)";
  if (eyes.dot(mouth) < std::cos(45 * 3.141592653589793 / 180) * e * m)
    return "the eyes and the mouth corners do not run the same way (right to left)";
  const Eigen::Vector3d up = 0.5 * (p[0] + p[1]) - 0.5 * (p[3] + p[4]);
  const double h = up.norm();
  if (h < 0.4 * e || h > 3.5 * e)
    return "the mouth is " + text::general(h / e, 2) + " eye distances below the eyes (0.4 to 3.5 in a face)";
  const Eigen::Vector3d side = (eyes / e + mouth / m).normalized();
  if (std::abs(side.dot(up / h)) > 0.5)
    return "the line of the eyes is not across the face (it runs from eyes to mouth)";
  const Eigen::Vector3d u = (up - up.dot(side) * side).normalized();
  const Eigen::Vector3d c = 0.25 * (p[0] + p[1] + p[3] + p[4]);
  const double t = (p[2] - 0.5 * (p[3] + p[4])).dot(u) / h;  // 0 at the mouth, 1 at the eyes
  if (t < 0.05 || t > 1.0) return "the nose tip is not between the eyes and the mouth in height";
  const double out = std::abs((p[2] - c).dot(side.cross(u)));
  if (out < 0.1 * e) return "the nose tip is not in front of the eyes and the mouth (it lies in their plane)";
  return {};
}

/// The view of 5 points shaped like a face (five_point_shape_problem empty).
inline FiveView five_point_view(const FivePoints& p) {
  const Eigen::Vector3d side = ((p[1] - p[0]).normalized() + (p[4] - p[3]).normalized()).normalized();
  const Eigen::Vector3d up0 = 0.5 * (p[0] + p[1]) - 0.5 * (p[3] + p[4]);
  FiveView v;
  v.up = (up0 - up0.dot(side) * side).normalized();
  v.front = side.cross(v.up).normalized();
  if ((p[2] - 0.25 * (p[0] + p[1] + p[3] + p[4])).dot(v.front) < 0) v.front = -v.front;
  return v;
}

/// How far the iBUG points found lie from the 5 points (mm when both are): each eye point from the segment
/// between its eye's corners as seen from the front (a pupil, an eye centre and an inner corner all lie on it
/// there; in depth the eyeball bulges up to a centimetre ahead of the outer corner), the nose tip from iBUG 30,
/// the mouth corners from 48 and 54. `swapped`: the 5 points fit the found face better with their sides
/// exchanged (their distances are then those of the exchanged sides). A point whose iBUG points were not found
/// has distance NaN.
struct FiveMatch {
  std::array<double, 5> distance{};
  bool swapped = false;
  double eye_width = std::numeric_limits<double>::quiet_NaN();  ///< between the found outer eye corners (36, 45)
  /// The point farthest from the face found (-1: none measured).
  int worst() const {
    int w = -1;
    for (int k = 0; k < 5; ++k)
      if (!std::isnan(distance[static_cast<size_t>(k)]) &&
          (w < 0 || distance[static_cast<size_t>(k)] > distance[static_cast<size_t>(w)]))
        w = k;
    return w;
  }
};

/// Matches `p` against `found` (a named ibug68 subset in the same units and frame), the face seen along `front`
/// (a unit vector out of the face).
inline FiveMatch match_five_points(const FivePoints& p, const LandmarkFile& found, const Eigen::Vector3d& front) {
  std::array<const Eigen::Vector3d*, 68> at{};
  if (found.set == LandmarkSet::ibug68)
    for (size_t i = 0; i < found.index.size() && i < found.point.size(); ++i)
      if (found.index[i] >= 0 && found.index[i] < 68) at[static_cast<size_t>(found.index[i])] = &found.point[i];
  const double nan = std::numeric_limits<double>::quiet_NaN();
  auto to_point = [&](const Eigen::Vector3d& q, int k) {
    return at[static_cast<size_t>(k)] ? (q - *at[static_cast<size_t>(k)]).norm() : nan;
  };
  const Eigen::Matrix3d across = Eigen::Matrix3d::Identity() - front * front.transpose();  // drops the depth
  auto to_segment = [&](const Eigen::Vector3d& q, int a, int b) {
    if (!at[static_cast<size_t>(a)] || !at[static_cast<size_t>(b)]) return nan;
    const Eigen::Vector3d s = across * *at[static_cast<size_t>(a)];
    const Eigen::Vector3d d = across * *at[static_cast<size_t>(b)] - s;
    const Eigen::Vector3d r = across * q;
    const double l2 = d.squaredNorm();
    const double t = l2 > 0 ? std::clamp((r - s).dot(d) / l2, 0.0, 1.0) : 0.0;
    return (r - (s + t * d)).norm();
  };
  // distances with the file's sides as given (straight) or exchanged
  auto measure = [&](bool exchange) {
    std::array<double, 5> d{};
    d[0] = exchange ? to_segment(p[0], 42, 45) : to_segment(p[0], 36, 39);
    d[1] = exchange ? to_segment(p[1], 36, 39) : to_segment(p[1], 42, 45);
    d[2] = to_point(p[2], 30);
    d[3] = to_point(p[3], exchange ? 54 : 48);
    d[4] = to_point(p[4], exchange ? 48 : 54);
    return d;
  };
  auto total = [](const std::array<double, 5>& d) {
    double s = 0;
    for (double v : d)
      if (!std::isnan(v)) s += v;
    return s;
  };
  FiveMatch m;
  const std::array<double, 5> straight = measure(false), exchanged = measure(true);
  m.swapped = total(exchanged) < total(straight);
  m.distance = m.swapped ? exchanged : straight;
  if (at[36] && at[45]) m.eye_width = (*at[36] - *at[45]).norm();
  return m;
}

/// Farthest the 5 points may lie from the face found, as a share of its outer eye corners' distance (about
/// 11 mm on an adult face: a detector's points, or a person's clicks, agree with the found ones within a few mm;
/// another scan, frame or unit puts them tens of mm away).
inline constexpr double five_point_limit_share = 0.12;

}  // namespace mesogrid

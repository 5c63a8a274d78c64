// mesogrid/face/zones.hpp: keep-out and danger zones that remove injection sites or cap their depth.
// A zone is a point or polyline (optionally a closed loop, which also covers what it encloses seen
// from the front) with a radius, and a rule. Built-in zones sit on the built-in anatomical face
// (anatomy.hpp), placed by MediaPipe landmarks and measured distances from the anatomical literature (each
// zone carries its source); a caller adds its own zones, e.g. spheres, on any mesh. Lengths mm, in the mesh
// frame.
#pragma once
#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../core/frame.hpp"
#include "../core/mesh.hpp"
#include "../geometry/polygon.hpp"

namespace mesogrid {

/// The one rule of every zone: a site within a zone's reach whose needle tip comes within this margin of the
/// vessel's shallowest depth is brought up to (vessel depth - margin) when that still lies in the technique's
/// layer, else removed (plan/sites.hpp). Forehead meta-analysis: <= 2.5 mm over the supratrochlear artery at
/// 3.53 mm; Scheuer 2017: <= 3 mm over the inferior labial artery at 4.2 mm.
inline constexpr double zone_margin_mm = 1.0;

struct Zone {
  std::string name;                   ///< e.g. "supraorbital_artery_left", "user_sphere_1"
  std::string kind;                   ///< "keep-out", "artery", "nerve", "user"
  std::string source;                 ///< where the position and the depth come from
  std::vector<Eigen::Vector3d> path;  ///< one point, or a polyline (mm, mesh frame): the vessel's course on the skin
  bool closed = false;                ///< closed loop: also everything inside it, seen along frame.front
  double radius_mm = 0;               ///< lateral reach from the course
  /// Shallowest depth of the vessel (mm) at each point of `path`, interpolated between them; a value is never
  /// taken shallower than the bottom of the local skin (the vessels run under the dermis). Empty: a keep-out,
  /// where no depth is safe (eye, red lip, nostril, user spheres).
  std::vector<double> vessel_depth_mm;
  bool keep_out() const { return vessel_depth_mm.empty(); }
};

namespace detail {

/// The segments of a zone's course: path[i] to path[(i + 1) % n] for i below this count (a closed loop's last one
/// back to its start); a single point is one segment of length 0.
inline size_t course_segments(const Zone& z) {
  const size_t n = z.path.size();
  return n < 2 ? n : z.closed ? n : n - 1;
}

/// Distance from p to segment i of the course, mm; `t` receives where along it the nearest point lies (0-1).
inline double course_segment_distance(const Zone& z, size_t i, const Eigen::Vector3d& p, double& t) {
  const size_t n = z.path.size();
  const Eigen::Vector3d a = z.path[i], b = z.path[(i + 1) % n], ab = b - a;
  const double len2 = ab.squaredNorm();
  t = len2 > 0 ? std::clamp((p - a).dot(ab) / len2, 0.0, 1.0) : 0.0;
  return (a + t * ab - p).norm();
}

}  // namespace detail

/// Distance from p to the zone's point or polyline, mm; `depth_mm` (optional) receives the vessel depth at the
/// nearest point of the course (0 for a keep-out).
inline double zone_distance(const Zone& z, const Eigen::Vector3d& p, double* depth_mm = nullptr) {
  auto depth_at = [&](size_t i) {
    return z.keep_out() ? 0.0 : z.vessel_depth_mm[std::min(i, z.vessel_depth_mm.size() - 1)];
  };
  if (z.path.size() == 1) {
    if (depth_mm) *depth_mm = depth_at(0);
    return (p - z.path[0]).norm();
  }
  double best = std::numeric_limits<double>::infinity();
  const size_t n = z.path.size();
  for (size_t i = 0; i < detail::course_segments(z); ++i) {
    double t = 0;
    const double d = detail::course_segment_distance(z, i, p, t);
    if (d < best) {
      best = d;
      if (depth_mm) *depth_mm = (1 - t) * depth_at(i) + t * depth_at((i + 1) % n);
    }
  }
  return best;
}

/// The vessel depth (mm; 0 for a keep-out) under p when p lies in the zone: within its reach of the course, or
/// (closed loop) inside the loop seen from the front (then the shallowest depth of the loop); else nullopt.
inline std::optional<double> zone_depth_at(const Zone& z, const Eigen::Vector3d& p, const FaceFrame& frame) {
  double depth = 0;
  if (zone_distance(z, p, &depth) < z.radius_mm) return depth;
  if (!z.closed || z.path.size() < 3) return std::nullopt;
  const Eigen::Vector3d lat = frame.lateral(), up = frame.up;
  std::vector<Eigen::Vector2d> poly;
  for (const auto& q : z.path) poly.emplace_back(q.dot(lat), q.dot(up));
  if (!detail::inside_polygon(poly, Eigen::Vector2d(p.dot(lat), p.dot(up)))) return std::nullopt;
  return z.keep_out() ? 0.0 : *std::min_element(z.vessel_depth_mm.begin(), z.vessel_depth_mm.end());
}

/// True when p lies in the zone (zone_depth_at has a value).
inline bool zone_contains(const Zone& z, const Eigen::Vector3d& p, const FaceFrame& frame) {
  return zone_depth_at(z, p, frame).has_value();
}

/// A zone prepared for many zone_contains questions (every pixel of a map, every vertex of a 3D export, every
/// sample of the audit): each segment of the course with its box widened by the reach (and `extra_mm` more), the
/// whole course's box, and a closed loop's outline seen from the front, computed once. contains(p) ==
/// zone_contains(z, p, frame) and within(p) == (zone_distance(z, p) < z.radius_mm + extra_mm) for every p: a
/// segment is measured as zone_distance measures it, and skipped only when p lies outside its widened box (then it
/// is farther than either reach: the box is widened by a hair more, so rounding cannot decide otherwise).
class ZoneTest {
 public:
  using Box = std::array<double, 6>;  ///< lo x, y, z, hi x, y, z

  ZoneTest(const Zone& z, const FaceFrame& frame, double extra_mm = 0)
      : z_(&z), reach_(z.radius_mm), wider_(z.radius_mm + extra_mm) {
    const double pad = std::max(reach_, wider_) * (1 + 1e-9) + 1e-9;
    const double inf = std::numeric_limits<double>::infinity();
    all_ = {inf, inf, inf, -inf, -inf, -inf};
    for (size_t i = 0; i < detail::course_segments(z); ++i) {
      const Eigen::Vector3d& a = z.path[i];
      const Eigen::Vector3d& b = z.path[(i + 1) % z.path.size()];
      const Eigen::Vector3d lo = a.cwiseMin(b).array() - pad, hi = a.cwiseMax(b).array() + pad;
      box_.push_back({lo.x(), lo.y(), lo.z(), hi.x(), hi.y(), hi.z()});
      for (int k = 0; k < 3; ++k) all_[k] = std::min(all_[k], lo[k]), all_[k + 3] = std::max(all_[k + 3], hi[k]);
    }
    if (z.closed && z.path.size() >= 3) {
      lat_ = frame.lateral(), up_ = frame.up;
      for (const auto& q : z.path) poly_.emplace_back(q.dot(lat_), q.dot(up_));
    }
  }

  const Zone& zone() const { return *z_; }

  /// p lies in the zone: within its reach of the course, or inside a closed loop seen from the front.
  bool contains(const Eigen::Vector3d& p) const {
    return closer_than(p, reach_) ||
           (!poly_.empty() && detail::inside_polygon(poly_, Eigen::Vector2d(p.dot(lat_), p.dot(up_))));
  }
  /// p lies within the reach and extra_mm of the course.
  bool within(const Eigen::Vector3d& p) const { return closer_than(p, wider_); }

 private:
  // plain comparisons: this runs per pixel and per sample
  static bool outside(const Box& b, const Eigen::Vector3d& p) {
    return p.x() < b[0] || p.y() < b[1] || p.z() < b[2] || p.x() > b[3] || p.y() > b[4] || p.z() > b[5];
  }
  bool closer_than(const Eigen::Vector3d& p, double d) const {
    if (outside(all_, p)) return false;  // (no segment: the box is empty)
    for (size_t i = 0; i < box_.size(); ++i) {
      if (outside(box_[i], p)) continue;
      double t = 0;
      if (detail::course_segment_distance(*z_, i, p, t) < d) return true;
    }
    return false;
  }

  const Zone* z_;
  double reach_, wider_;
  std::vector<Box> box_;  ///< per segment
  Box all_{};             ///< the whole course (every segment's box)
  std::vector<Eigen::Vector2d> poly_;
  Eigen::Vector3d lat_ = Eigen::Vector3d::Zero(), up_ = Eigen::Vector3d::Zero();
};

/// The shallowest vessel depth of a zone, mm (0 for a keep-out).
inline double zone_min_depth(const Zone& z) {
  return z.keep_out() ? 0.0 : *std::min_element(z.vessel_depth_mm.begin(), z.vessel_depth_mm.end());
}

namespace detail {

/// The mesh vertex nearest to p (mm): snaps construction points onto the skin.
inline Eigen::Vector3d snap_to_vertex(const Mesh& m, const Eigen::Vector3d& p) {
  Eigen::Index best = 0;
  (m.V.rowwise() - p.transpose()).rowwise().squaredNorm().minCoeff(&best);
  return m.vertex(best);
}

/// The front-most vertex of the face near (x, y) (within 3 mm in the xy plane): a point on the skin
/// seen from the front.
inline Eigen::Vector3d skin_at_xy(const Mesh& m, double x, double y) {
  Eigen::Index best = -1;
  for (Eigen::Index i = 0; i < m.num_vertices(); ++i) {
    const double d = std::hypot(m.V(i, 0) - x, m.V(i, 1) - y);
    if (d < 3 && (best < 0 || m.V(i, 2) > m.V(best, 2))) best = i;
  }
  if (best < 0) return snap_to_vertex(m, Eigen::Vector3d(x, y, 0));
  // the nearest front-facing vertex in xy among those within 0.5 mm of the front-most depth
  Eigen::Index pick = best;
  double dbest = std::numeric_limits<double>::infinity();
  for (Eigen::Index i = 0; i < m.num_vertices(); ++i) {
    const double d = std::hypot(m.V(i, 0) - x, m.V(i, 1) - y);
    if (d < 3 && m.V(i, 2) > m.V(best, 2) - 8 && d < dbest) dbest = d, pick = i;
  }
  return m.vertex(pick);
}

/// y of a landmark polyline (left half, in order of increasing or decreasing x) at lateral position x.
inline double polyline_y_at_x(const Mesh& face, const std::vector<int>& lms, double x) {
  for (size_t i = 0; i + 1 < lms.size(); ++i) {
    const Eigen::Vector3d a = face.vertex(lms[i]), b = face.vertex(lms[i + 1]);
    if ((a.x() - x) * (b.x() - x) <= 0 && a.x() != b.x())
      return a.y() + (x - a.x()) / (b.x() - a.x()) * (b.y() - a.y());
  }
  return face.vertex(lms.front()).y();
}

/// A polyline on the skin through `key` points: densified every ~2 mm and snapped to mesh vertices,
/// so that distances to it are measured from the skin and not from a chord under it.
inline std::vector<Eigen::Vector3d> skin_polyline(const Mesh& face, const std::vector<Eigen::Vector3d>& key) {
  std::vector<Eigen::Vector3d> out;
  for (size_t i = 0; i + 1 < key.size(); ++i) {
    const int n = std::max(1, static_cast<int>(std::ceil((key[i + 1] - key[i]).norm() / 2.0)));
    for (int k = 0; k < n; ++k) out.push_back(snap_to_vertex(face, key[i] + (key[i + 1] - key[i]) * (double(k) / n)));
  }
  out.push_back(snap_to_vertex(face, key.back()));
  return out;
}

}  // namespace detail

/// The built-in keep-out and danger zones on the anatomical face (anatomy.hpp; mm, +x = subject's left).
/// Arteries and nerves are courses on the skin with their shallowest measured depth along the course; keep-outs
/// (eye, red lip, nostril) have none. Left-side zones are placed by landmarks and measured distances; right-side
/// ones are their mirror images (the face is exactly symmetric). Each zone carries its sources.
inline std::vector<Zone> builtin_zones(const Mesh& face) {
  auto lm = [&](int k) { return face.vertex(k); };
  auto lms = [&](std::initializer_list<int> ks) {
    std::vector<Eigen::Vector3d> v;
    for (int k : ks) v.push_back(lm(k));
    return v;
  };
  // lines used to place points: the brow's lower edge and the upper-lid crease bracket the upper orbital rim;
  // MediaPipe leftEyeLower2 follows the lower orbital margin; the silhouette's lower part follows the mandible
  // border; the silhouette's upper part is the top of the forehead
  const std::vector<int> brow_lower = {295, 282, 283, 276, 353}, lid_crease = {413, 441, 442, 443, 444, 445, 342};
  const std::vector<int> lower_rim = {464, 453, 452, 451, 450, 449, 448, 261, 446};
  const std::vector<int> mandible = {152, 377, 400, 378, 379, 365, 397, 288};
  const std::vector<int> hairline = {10, 338, 297, 332, 284};
  auto upper_rim_y = [&](double x) {
    return 0.5 * (detail::polyline_y_at_x(face, brow_lower, x) + detail::polyline_y_at_x(face, lid_crease, x));
  };
  auto top_y = [&](double x) { return detail::polyline_y_at_x(face, hairline, x) - 2.0; };
  std::vector<Zone> left, mid;
  // a course through `key` points on the skin, densified every ~2 mm, with the vessel depth at each key point
  // interpolated along it (an empty `depth`: a keep-out)
  auto add = [&](std::vector<Zone>& to, std::string name, std::string kind, std::string source,
                 const std::vector<Eigen::Vector3d>& key, std::vector<double> depth, bool closed, double r,
                 bool densify = true) {
    Zone z;
    z.name = std::move(name);
    z.kind = std::move(kind);
    z.source = std::move(source);
    z.closed = closed;
    z.radius_mm = r;
    if (!densify || key.size() == 1) {
      z.path = key;
      if (!depth.empty()) z.vessel_depth_mm.assign(key.size(), depth.front());
      if (depth.size() == key.size()) z.vessel_depth_mm = depth;
    } else {
      for (size_t i = 0; i + 1 < key.size(); ++i) {
        const int n = std::max(1, static_cast<int>(std::ceil((key[i + 1] - key[i]).norm() / 2.0)));
        for (int k = 0; k < n; ++k) {
          const double t = double(k) / n;
          z.path.push_back(detail::snap_to_vertex(face, key[i] + (key[i + 1] - key[i]) * t));
          if (!depth.empty()) {
            const double a = depth[std::min(i, depth.size() - 1)], b = depth[std::min(i + 1, depth.size() - 1)];
            z.vessel_depth_mm.push_back(a + (b - a) * t);
          }
        }
      }
      z.path.push_back(detail::snap_to_vertex(face, key.back()));
      if (!depth.empty()) z.vessel_depth_mm.push_back(depth.back());
    }
    to.push_back(std::move(z));
  };
  // ---- keep-outs: no depth is safe ----
  add(left, "eye", "keep-out",
      "palpebral fissure (MediaPipe leftEyeUpper0 + leftEyeLower0) plus 5 mm: the globe lies under a 1.6 mm lid "
      "(UBM, Indian J Ophthalmol 2018 66:383); thin periorbital skin (Restylane Vital Light warnings)",
      lms({263, 466, 388, 387, 386, 385, 384, 398, 362, 382, 381, 380, 374, 373, 390, 249}), {}, true, 5.0, false);
  add(mid, "red_lip", "keep-out",
      "vermilion (MediaPipe lipsUpperOuter + lipsLowerOuter) plus 2 mm: mucosa over the labial arteries, which run "
      "subcutaneously in 2.1-5.3 % (Cotofana 2017, PRS 139:1075; Cotofana 2020, ASJ 40:1327)",
      lms({61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291, 375, 321, 405, 314, 17, 84, 181, 91, 146}), {}, true, 2.0,
      false);
  {
    Eigen::Vector3d c = Eigen::Vector3d::Zero();
    for (int k : {250, 290, 305, 289, 392, 309, 459, 458, 462}) c += lm(k) / 9.0;
    add(left, "nostril", "keep-out", "nostril opening (MediaPipe landmarks around the left naris) plus margin",
        {detail::snap_to_vertex(face, c)}, {}, false, 6.0);
  }
  {  // the eyelids: from the upper orbital rim to 3-4 mm below the lower lid margin
    std::vector<Eigen::Vector3d> loop;
    for (double x = lm(263).x() + 1; x >= lm(362).x() - 1; x -= 2)
      loop.push_back(detail::skin_at_xy(face, x, upper_rim_y(x)));
    for (int k : {463, 341, 256, 252, 253, 254, 339, 255, 359}) loop.push_back(lm(k));
    add(left, "eyelid", "artery",
        "upper lid up to the orbital rim, lower lid to 3-4 mm below its margin: the palpebral arcades lie 0.57-1.6 mm "
        "deep (marginal arcade 2 mm above the upper margin in front of the tarsus; lower marginal arcade 1.5 mm above "
        "the tarsal edge; skin-orbicularis 0.57-0.62 mm, whole lid 1.6 mm by UBM); eyelid skin <= 1 mm, the thinnest "
        "of the body (Patel, Eyelid Anatomy, Medscape 2016); plus 2 mm",
        loop, {0.57}, true, 2.0, false);
  }
  // ---- arteries up the forehead ----
  add(left, "supratrochlear_artery", "artery",
      "supratrochlear artery from the orbital rim 14.7 mm from the midline (Phumyoo 2020, Clin Anat 33:370) up the "
      "forehead 8-11 mm from the midline, 3.3 +- 0.6 mm deep, changing plane 13-14 mm above the rim (Cotofana 2020, "
      "ASJ 40:1341); 1-2 cm from the midline in 94-97 % (Shen 2022, Aesthetic Plast Surg); 3.53 mm deep above the "
      "brow (Folia Morphol 2025 meta-analysis); depth used 3.3 - 2 SD = 2.1 mm; reach 6 mm",
      {detail::skin_at_xy(face, 14.7, upper_rim_y(14.7)), detail::skin_at_xy(face, 14, upper_rim_y(14) + 15),
       detail::skin_at_xy(face, 13, top_y(13))},
      {2.1}, false, 6.0);
  add(left, "supraorbital_artery", "artery",
      "supraorbital artery and nerve from the notch 25.2 +- 3.8 mm from the midline (qxmd 23299811) up the forehead "
      "20.7-22.4 mm from the midline, 3.5 +- 0.8 mm deep (Cotofana 2020, ASJ 40:1341); mid-forehead branches 4.1-4.3 "
      "mm deep (Phumyoo 2020, J Craniofac Surg 31:2029); 2-4 cm from the midline (Shen 2022); depth used 3.5 - 2 SD "
      "= 1.9 mm; reach 2 SD of the notch = 7.6 mm",
      {detail::skin_at_xy(face, 25.2, upper_rim_y(25.2)), detail::skin_at_xy(face, 25.5, upper_rim_y(25.2) + 15),
       detail::skin_at_xy(face, 26, top_y(26))},
      {1.9}, false, 7.6);
  {
    // the arteries run vertically, up from the orbital rim past the glabella: a course half-way between 4.7 and
    // 19.2 mm from the midline, reaching both, over the height of the glabellar region (12 mm either side of the
    // glabellar point)
    const double y = lm(9).y(), x = 0.5 * (4.7 + 19.2), reach = 0.5 * (19.2 - 4.7);
    add(left, "glabellar_arteries", "artery",
        "central, paracentral and supratrochlear arteries 4.7-19.2 mm from the midline at the glabellar point, "
        "running vertically up the glabella, 3.1-5.9 mm deep (Phumyoo 2020, Clin Anat 33:370; supratrochlear "
        "4.45 mm at the glabella, Folia Morphol 2025): depth used 3.1 mm; a vertical course 12 mm either side of "
        "the glabellar point, 11.95 mm from the midline, reach 7.25 mm",
        {detail::skin_at_xy(face, x, y - 12), detail::skin_at_xy(face, x, y), detail::skin_at_xy(face, x, y + 12)},
        {3.1}, false, reach);
  }
  {
    // from the temple near the tragus to the frontalis edge ~15 mm above the brow and ~16 mm lateral of
    // the lateral canthus, then up and medially onto the forehead
    const double x = lm(263).x() + 15.8;
    const Eigen::Vector3d edge = detail::skin_at_xy(face, x, upper_rim_y(std::min(x, lm(353).x())) + 14.8);
    add(left, "superficial_temporal_frontal_branch", "artery",
        "frontal branch of the superficial temporal artery: meets the frontalis edge 14.8 +- 7.7 mm above the brow "
        "and 15.8 +- 9.1 mm from the lateral canthus (Lee 2015, Surg Radiol Anat 37:61); the temple line from "
        "tragus to brow; as shallow as 1.15 mm in the temple (microvascular imaging, 62 patients), 2.7 mm at the "
        "lateral canthal line (Phumyoo 2020, J Craniofac Surg 31:2029), in the superficial temporal fascia under "
        "scant fat (Sigrist 2024, Diagnostics 14:1718); depth used 1.15 mm; reach 5 mm",
        {lm(356), edge, detail::skin_at_xy(face, edge.x() - 10, edge.y() + 15)}, {1.15}, false, 5.0);
  }
  // ---- midface and nose ----
  add(left, "angular_artery", "artery",
      "angular artery along the nasal side wall from the ala to the medial canthus: 13.7 +- 3.7 mm deep (range "
      "2.7-25) at the ala, 1.02 +- 0.62 mm (1.0-3.0) at the medial canthus (Cotofana 2021, ASJ); Nicolau syndrome "
      "reported there (Rinaldi 2017); depth used 2.7 -> 1.0 mm; reach 4 mm",
      lms({327, 429, 355, 357, 464}), {2.7, 2.2, 1.8, 1.4, 1.0}, false, 4.0);
  add(mid, "dorsal_nasal_artery", "artery",
      "dorsal nasal arteries 4.4-5.2 mm either side of the nasal midline, superficial to the muscle (Choi 2018, J "
      "Cosmet Dermatol 17:637); all periorbital arteries in the superficial subcutaneous fascia (Shen 2022); no "
      "depth measured: taken at the bottom of the nose skin; reach 5.2 + 2 mm",
      lms({168, 6, 197, 195, 5, 4}), {0.0}, false, 7.2);
  {
    // the facial artery from the antegonial notch (half-way along silhouette 379-365) past the mouth corner
    // (10 mm lateral of the cheilion, toward the lower ear attachment 288) to the ala
    const Eigen::Vector3d f1 = 0.5 * (lm(379) + lm(365)), corner = lm(291);
    const Eigen::Vector3d f3 = detail::snap_to_vertex(face, corner + 10.0 * (lm(288) - corner).normalized());
    const Eigen::Vector3d f5 = lm(327);
    add(left, "facial_artery", "artery",
        "facial artery from the mandible to the ala, by Doppler (40 volunteers): 9.3 +- 2.2 mm deep at the "
        "antegonial notch, 8.8 +- 3.0 midway, 6.9 +- 3.5 mm 1 cm lateral of the cheilion, 4.8 +- 1.4 midway to the "
        "ala, 5.0 +- 1.6 at the ala (J Korean Soc Dent Hyg 2025 25:499); exposed 20-25 mm lateral of the mouth "
        "corner (Lee 2019, Clin Anat); lateral of the fold (Gelezhe 2021, ASJ 41:697); depth used mean - 2 SD: "
        "4.9, 2.8, 0 (the skin's bottom), 2.0, 1.8 mm; reach 6 mm",
        {f1, detail::snap_to_vertex(face, 0.5 * (f1 + f3)), f3, detail::snap_to_vertex(face, 0.5 * (f3 + f5)), f5},
        {4.9, 2.8, 0.0, 2.0, 1.8}, false, 6.0);
  }
  {
    const Eigen::Vector3d c = lm(291);
    add(left, "labial_arteries_commissure", "artery",
        "superior labial artery from its origin 12.1 +- 3.1 mm lateral of the mouth corner, running along the "
        "vermilion 3 mm deep (Lee 2015, PRS 135:445); inferior labial origin 15.1 mm below, 19.6 mm lateral (Yu, "
        "Korean morphometric study); depth used 3 mm; reach 2 SD = 6 mm",
        {detail::skin_at_xy(face, c.x() + 12.1, c.y() + 5.8), c, detail::skin_at_xy(face, c.x() + 19.6, c.y() - 15.1)},
        {3.0}, false, 6.0);
  }
  add(mid, "philtrum", "artery",
      "the philtrum from subnasale to the Cupid's bow: ascending philtral arteries along the columns in the "
      "superficial fat (Garcia de Mitchell 2008, PRS 122:1756); the superior labial artery reaches the midline 3 mm "
      "deep (Lee 2015, PRS 135:445); depth used 3 mm; reach the columns + 2 mm = 8 mm",
      lms({2, 164, 0}), {3.0}, false, 8.0);
  // ---- nerve and vessel exits (foramina) ----
  add(left, "infraorbital_foramen", "nerve",
      "infraorbital foramen 28.5 +- 2.5 mm from the midline, 5.8-7.3 mm below the lower orbital rim (PMC5220386; "
      "pubmed 25503092); placed 6.5 mm below it; depth 3 mm derived (skin ~1 mm + subcutaneous fat >= 2 mm, "
      "Iyengar 2018: no measured soft-tissue depth); radius 2 SD = 5 mm",
      {detail::skin_at_xy(face, 28.5, detail::polyline_y_at_x(face, lower_rim, 28.5) - 6.5)}, {3.0}, false, 5.0);
  add(left, "mental_foramen", "nerve",
      "mental foramen 25.5-25.9 mm from the midline, 12.3-13.4 mm above the lower border of the mandible "
      "(PMC5141544; PMC5892272; Laher 2017 ultrasound); depth 3 mm derived as for the infraorbital foramen; "
      "radius 5 mm",
      {detail::skin_at_xy(face, 25.7, detail::polyline_y_at_x(face, mandible, 25.7) + 13.0)}, {3.0}, false, 5.0);
  std::vector<Zone> out;
  for (const Zone& z : left) {
    Zone l = z, r = z;
    l.name += "_left";
    r.name += "_right";
    for (auto& p : r.path) p.x() = -p.x();
    if (r.closed) {
      std::reverse(r.path.begin(), r.path.end());
      std::reverse(r.vessel_depth_mm.begin(), r.vessel_depth_mm.end());
    }
    out.push_back(std::move(l));
    out.push_back(std::move(r));
  }
  for (Zone& z : mid) out.push_back(std::move(z));
  return out;
}

}  // namespace mesogrid

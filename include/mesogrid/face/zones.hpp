// mesogrid/face/zones.hpp: keep-out and danger zones that remove injection sites or cap their depth.
// A zone is a point or polyline (optionally a closed loop, which also covers what it encloses seen
// from the front) with a radius, and a rule. Built-in zones sit on the built-in anatomical face
// (anatomy.hpp), placed by MediaPipe landmarks and measured distances from the anatomical literature (each
// zone carries its source); a caller adds its own zones, e.g. spheres, on any mesh. Lengths mm, in the mesh
// frame.
#pragma once
#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "../core/frame.hpp"
#include "../core/mesh.hpp"
#include "../geometry/polygon.hpp"

namespace mesogrid {

/// What a zone does to the sites inside it.
enum class ZoneRule {
  exclude,   ///< sites inside are removed
  cap_depth  ///< sites inside deeper than max_depth_mm are brought up to it
};

inline std::string_view zone_rule_name(ZoneRule r) { return r == ZoneRule::exclude ? "exclude" : "cap_depth"; }

struct Zone {
  std::string name;                   ///< e.g. "supraorbital_left", "user_sphere_1"
  std::string kind;                   ///< "keep-out", "artery", "nerve", "user"
  std::string source;                 ///< where the position and the rule come from
  std::vector<Eigen::Vector3d> path;  ///< one point, or a polyline (mm, mesh frame)
  bool closed = false;                ///< closed loop: also everything inside it, seen along frame.front
  double radius_mm = 0;
  ZoneRule rule = ZoneRule::exclude;
  double max_depth_mm = 0;  ///< cap_depth only
};

/// Distance from p to the zone's point or polyline, mm.
inline double zone_distance(const Zone& z, const Eigen::Vector3d& p) {
  if (z.path.size() == 1) return (p - z.path[0]).norm();
  double best = std::numeric_limits<double>::infinity();
  const size_t n = z.path.size(), segs = z.closed ? n : n - 1;
  for (size_t i = 0; i < segs; ++i) {
    const Eigen::Vector3d a = z.path[i], b = z.path[(i + 1) % n], ab = b - a;
    const double len2 = ab.squaredNorm();
    const double t = len2 > 0 ? std::clamp((p - a).dot(ab) / len2, 0.0, 1.0) : 0.0;
    best = std::min(best, (a + t * ab - p).norm());
  }
  return best;
}

/// True when p lies in the zone: within its radius of the path, or (closed loop) inside the loop seen
/// from the front (projected on the lateral/up plane of `frame`).
inline bool zone_contains(const Zone& z, const Eigen::Vector3d& p, const FaceFrame& frame) {
  if (zone_distance(z, p) < z.radius_mm) return true;
  if (!z.closed || z.path.size() < 3) return false;
  const Eigen::Vector3d lat = frame.lateral(), up = frame.up;
  std::vector<Eigen::Vector2d> poly;
  for (const auto& q : z.path) poly.emplace_back(q.dot(lat), q.dot(up));
  return detail::inside_polygon(poly, Eigen::Vector2d(p.dot(lat), p.dot(up)));
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
/// Left-side zones are placed by landmarks and measured distances; right-side ones are their mirror
/// images (the face is exactly symmetric). Each zone carries its sources.
inline std::vector<Zone> builtin_zones(const Mesh& face) {
  auto lm = [&](int k) { return face.vertex(k); };
  auto lms = [&](std::initializer_list<int> ks) {
    std::vector<Eigen::Vector3d> v;
    for (int k : ks) v.push_back(lm(k));
    return v;
  };
  // lines used to place points: the brow's lower edge and the upper-lid crease bracket the upper
  // orbital rim; MediaPipe leftEyeLower2 follows the lower orbital margin; the silhouette's lower part
  // follows the mandible border
  const std::vector<int> brow_lower = {295, 282, 283, 276, 353}, lid_crease = {413, 441, 442, 443, 444, 445, 342};
  const std::vector<int> lower_rim = {464, 453, 452, 451, 450, 449, 448, 261, 446};
  const std::vector<int> mandible = {152, 377, 400, 378, 379, 365, 397, 288};
  auto upper_rim_y = [&](double x) {
    return 0.5 * (detail::polyline_y_at_x(face, brow_lower, x) + detail::polyline_y_at_x(face, lid_crease, x));
  };
  std::vector<Zone> left, mid;
  auto add = [](std::vector<Zone>& to, std::string name, std::string kind, std::string source,
                std::vector<Eigen::Vector3d> path, bool closed, double r, ZoneRule rule, double cap = 0) {
    Zone z;
    z.name = std::move(name);
    z.kind = std::move(kind);
    z.source = std::move(source);
    z.path = std::move(path);
    z.closed = closed;
    z.radius_mm = r;
    z.rule = rule;
    z.max_depth_mm = cap;
    to.push_back(std::move(z));
  };
  // ---- keep-out ----
  add(left, "eye", "keep-out",
      "palpebral fissure (MediaPipe leftEyeUpper0 + leftEyeLower0) plus a 5 mm margin; thin periorbital skin "
      "(Restylane Vital Light warnings)",
      lms({263, 466, 388, 387, 386, 385, 384, 398, 362, 382, 381, 380, 374, 373, 390, 249}), true, 5.0,
      ZoneRule::exclude);
  add(mid, "red_lip", "keep-out",
      "vermilion (MediaPipe lipsUpperOuter + lipsLowerOuter) plus 2 mm: labial arteries lie 4.2-5.6 mm deep, "
      "usually inside the red lip (Cotofana 2020, ASJ 40:1327; Lee 2020, Clin Anat)",
      lms({61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291, 375, 321, 405, 314, 17, 84, 181, 91, 146}), true, 2.0,
      ZoneRule::exclude);
  {
    Eigen::Vector3d c = Eigen::Vector3d::Zero();
    for (int k : {250, 290, 305, 289, 392, 309, 459, 458, 462}) c += lm(k) / 9.0;
    add(left, "nostril", "keep-out", "nostril opening (MediaPipe landmarks around the left naris) plus margin",
        {detail::snap_to_vertex(face, c)}, false, 6.0, ZoneRule::exclude);
  }
  // ---- nerve and vessel exits (foramina) ----
  add(left, "supratrochlear_exit", "artery",
      "supratrochlear artery/nerve exit at the upper orbital rim, 14.7 mm from the midline (Phumyoo 2020, Clin "
      "Anat 33:370; medial to the supraorbital notch, radiopaedia); radius 5 mm",
      {detail::skin_at_xy(face, 14.7, upper_rim_y(14.7))}, false, 5.0, ZoneRule::exclude);
  add(left, "supraorbital_exit", "nerve",
      "supraorbital foramen/notch 25.2 +- 3.8 mm from the midline at the upper orbital rim (qxmd 23299811); "
      "radius 2 SD = 7.6 mm",
      {detail::skin_at_xy(face, 25.2, upper_rim_y(25.2))}, false, 7.6, ZoneRule::exclude);
  add(left, "infraorbital_foramen", "nerve",
      "infraorbital foramen 28.5 +- 2.5 mm from the midline, 5.8-7.3 mm below the lower orbital rim "
      "(PMC5220386; Anat Cell Biol 2011; pubmed 25503092); placed 6.5 mm below it, radius 2 SD = 5 mm",
      {detail::skin_at_xy(face, 28.5, detail::polyline_y_at_x(face, lower_rim, 28.5) - 6.5)}, false, 5.0,
      ZoneRule::exclude);
  add(left, "mental_foramen", "nerve",
      "mental foramen 25.5-25.9 mm from the midline, 12.3-13.4 mm above the lower border of the mandible "
      "(PMC5141544; PMC5892272); radius 5 mm",
      {detail::skin_at_xy(face, 25.7, detail::polyline_y_at_x(face, mandible, 25.7) + 13.0)}, false, 5.0,
      ZoneRule::exclude);
  // ---- arteries ----
  {
    const double y = lm(9).y();  // glabellar point height
    std::vector<Eigen::Vector3d> key;
    for (double x = -19.2; x <= 19.2 + 1e-9; x += 4.8) key.push_back(detail::skin_at_xy(face, x, y));
    add(mid, "glabellar_arteries", "artery",
        "central, paracentral and supratrochlear arteries 4.7-19.2 mm from the midline at the glabellar point, "
        "3.1-5.9 mm deep (Phumyoo 2020, Clin Anat 33:370): depth capped at 2 mm, 1 mm above "
        "the shallowest (3.1 mm); band 12 mm either side of the glabellar line",
        detail::skin_polyline(face, key), false, 12.0, ZoneRule::cap_depth, 2.0);
  }
  add(left, "angular_artery", "artery",
      "angular artery along the nasal side wall from the ala to the medial canthus; Nicolau syndrome reported "
      "there (Rinaldi 2017; Gelezhe 2021, ASJ 41:697); radius 4 mm",
      detail::skin_polyline(face, lms({327, 429, 355, 357, 464})), false, 4.0, ZoneRule::exclude);
  add(left, "facial_artery_nasolabial", "artery",
      "facial artery beside the nasolabial fold: lateral 11.9-13.7 mm (Gelezhe 2021, ASJ 41:697) or medial/"
      "crossing (Yang, in Scheuer 2017, PRS 139); stay intradermal in the lower two-thirds (Aesth Plast Surg "
      "CT-angiography): depth capped at 1 mm in a corridor up to ~15 mm lateral of the fold",
      detail::skin_polyline(face, lms({423, 426, 436, 432})), false, 8.0, ZoneRule::cap_depth, 1.0);
  {
    // crossing of the mandible (antegonial notch, half-way along silhouette 379-365) up to the exposed
    // segment 20-25 mm lateral to the mouth corner on the line mouth corner - lower ear attachment (288)
    const Eigen::Vector3d crossing = 0.5 * (lm(379) + lm(365));
    const Eigen::Vector3d corner = lm(291), toward_ear = (lm(288) - corner).normalized();
    add(left, "facial_artery_mandible", "artery",
        "facial artery where it crosses the mandible and its exposed segment 20-25 mm lateral to the mouth corner, "
        "2.2 mm above to 4.2 mm below the line to the lower ear attachment (Lee 2019, Clin Anat); radius 5 mm",
        detail::skin_polyline(face, {crossing, corner + 22.5 * toward_ear}), false, 5.0, ZoneRule::exclude);
  }
  {
    // from the temple near the tragus to the frontalis edge ~15 mm above the brow and ~16 mm lateral of
    // the lateral canthus, then up and medially onto the forehead
    const double x = lm(263).x() + 15.8;
    const Eigen::Vector3d edge = detail::skin_at_xy(face, x, upper_rim_y(std::min(x, lm(353).x())) + 14.8);
    add(left, "superficial_temporal_frontal_branch", "artery",
        "frontal branch of the superficial temporal artery: meets the frontalis edge 14.8 +- 7.7 mm above the brow "
        "and 15.8 +- 9.1 mm from the lateral canthus (Lee 2015, Surg Radiol Anat 37:61); the temple line from "
        "tragus to brow; radius 5 mm",
        detail::skin_polyline(face, {lm(356), edge, detail::skin_at_xy(face, edge.x() - 10, edge.y() + 15)}), false,
        5.0, ZoneRule::exclude);
  }
  std::vector<Zone> out;
  for (const Zone& z : left) {
    Zone l = z, r = z;
    l.name += "_left";
    r.name += "_right";
    for (auto& p : r.path) p.x() = -p.x();
    if (r.closed) std::reverse(r.path.begin(), r.path.end());
    out.push_back(std::move(l));
    out.push_back(std::move(r));
  }
  for (Zone& z : mid) out.push_back(std::move(z));
  return out;
}

}  // namespace mesogrid

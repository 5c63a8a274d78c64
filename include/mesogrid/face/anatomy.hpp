// mesogrid/face/anatomy.hpp: the built-in face as an anatomical model: the MediaPipe canonical face made exactly
// mirror-symmetric, refined by Loop subdivision into a smooth skin, and labelled with the 14 injection
// regions of the planner (forehead, glabella, temples, periorbital, cheeks, nasolabial, perioral, chin,
// jawline). Regions are polygons through MediaPipe landmarks (vertex k of the canonical face is landmark
// k, and Loop subdivision keeps old vertices first, so landmark k stays vertex k). Lengths are mm,
// areas cm². Subject's left = +x on the canonical face (lateral() of the default frame).
#pragma once
#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../core/error.hpp"
#include "../core/mesh.hpp"
#include "../geometry/polygon.hpp"
#include "../geometry/subdivide.hpp"

namespace mesogrid {

/// Number of MediaPipe landmarks (= vertices of the canonical face).
inline constexpr int mediapipe_landmarks = 468;

/// A point given by landmarks: landmark a, or the point a fraction t of the way from landmark a to b.
struct LandmarkPoint {
  int a;
  int b = -1;
  double t = 0;
};

/// Which side of the face a region lies on.
enum class RegionSide { midline, left, right };

/// One anatomical region of the built-in face.
struct AnatomicalRegion {
  std::string_view name;
  std::string_view description;  ///< one line, for `mesogrid regions`
  RegionSide side;
  /// Outline on the subject's left half (x >= 0), through landmarks. A midline region's outline starts
  /// and ends on the midline (it is closed along it); a bilateral region's is closed on itself.
  /// The right-side region is its mirror image.
  std::vector<LandmarkPoint> outline;
  std::vector<std::vector<LandmarkPoint>> holes;  ///< left-half outlines cut out of the region
};

/// The 14 regions in label order. Outlines follow the anatomy: brows (MediaPipe eyebrow groups),
/// orbital margin (eye groups lower2/lower3), nasolabial fold (ala 327 to mouth corner 287/291),
/// vermilion border (lipsUpperOuter/lipsLowerOuter), mandible line (silhouette 152..288).
inline const std::vector<AnatomicalRegion>& anatomical_regions() {
  using P = LandmarkPoint;
  static const std::vector<P> red_lip = {{0}, {267}, {269}, {270}, {409}, {291}, {375}, {321}, {405}, {314}, {17}};
  static const std::vector<AnatomicalRegion> regions = {
      {"forehead",
       "above the brows, between the temporal lines, up to the top of the face",
       RegionSide::midline,
       {{9, 151, 0.35}, {336}, {296}, {334}, {293}, {300}, {298}, {284}, {332}, {297}, {338}, {10}},
       {}},
      {"glabella",
       "between the brow heads, from the nasion to just above the brows",
       RegionSide::midline,
       {{168}, {417}, {285}, {336}, {9, 151, 0.35}},
       {}},
      {"temple_left",
       "left temple: lateral to the brow tail and temporal line, above the zygomatic arch",
       RegionSide::left,
       {{383}, {300}, {298}, {284}, {251}, {389}, {356}, {264}, {372}},
       {}},
      {"temple_right",
       "right temple: lateral to the brow tail and temporal line, above the zygomatic arch",
       RegionSide::right,
       {},
       {}},
      {"periorbital_left",
       "left lateral canthus (crow's feet) and lower-lid zone, down to the orbital margin",
       RegionSide::left,
       {{362}, {382}, {381}, {380}, {374}, {373}, {390}, {249}, {263}, {342}, {353},
        {383}, {372}, {340}, {346}, {347}, {348}, {349}, {350}, {357}, {464}},
       {}},
      {"periorbital_right",
       "right lateral canthus (crow's feet) and lower-lid zone, down to the orbital margin",
       RegionSide::right,
       {},
       {}},
      {"cheek_left",
       "left malar/zygomatic cheek: below the orbital margin, above the level of the ala",
       RegionSide::left,
       {{350},
        {349},
        {348},
        {347},
        {346},
        {340},
        {372},
        {264},
        {447},
        {366},
        {401},
        {376},
        {411},
        {427},
        {426},
        {423},
        {358},
        {355},
        {277}},
       {}},
      {"cheek_right",
       "right malar/zygomatic cheek: below the orbital margin, above the level of the ala",
       RegionSide::right,
       {},
       {}},
      {"nasolabial_left",
       "left nasolabial fold band, from the ala to beside the mouth corner",
       RegionSide::left,
       {{327}, {423}, {426}, {436}, {432}, {287}, {410}, {322}, {391}},
       {}},
      {"nasolabial_right",
       "right nasolabial fold band, from the ala to beside the mouth corner",
       RegionSide::right,
       {},
       {}},
      {"perioral",
       "skin of the upper and lower lip around the mouth (not the red lip)",
       RegionSide::midline,
       {{164}, {393}, {391}, {322}, {410}, {287}, {273}, {335}, {406}, {313}, {18}},
       {red_lip}},
      {"chin",
       "below the mentolabial sulcus down to the menton",
       RegionSide::midline,
       {{18}, {313}, {406}, {418}, {369}, {400}, {377}, {152}},
       {}},
      {"jawline_left",
       "left mandible line, from beside the chin to the angle of the jaw",
       RegionSide::left,
       {{400}, {378}, {379}, {365}, {397}, {288}, {435}, {367}, {364}, {394}, {395}, {369}},
       {}},
      {"jawline_right", "right mandible line, from beside the chin to the angle of the jaw", RegionSide::right, {}, {}},
  };
  return regions;
}

/// One-line description of a built-in region or region group name ("" when unknown).
inline std::string region_description(std::string_view name) {
  for (const auto& r : anatomical_regions())
    if (r.name == name) return std::string(r.description);
  return "";
}

/// The mirror partner of every vertex (about x = 0) of a mesh that is mirror-symmetric within `tol_mm`.
/// Throws plan_error when a vertex has no partner or the faces do not mirror onto faces.
inline std::vector<int> mirror_map(const Mesh& m, double tol_mm = 1e-3) {
  const Eigen::Index n = m.num_vertices();
  std::vector<Eigen::Index> order(static_cast<size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) order[static_cast<size_t>(i)] = i;
  // sort by (y, z) to find partners quickly
  std::sort(order.begin(), order.end(),
            [&](Eigen::Index a, Eigen::Index b) { return m.V(a, 1) != m.V(b, 1) ? m.V(a, 1) < m.V(b, 1) : a < b; });
  std::vector<int> mir(static_cast<size_t>(n), -1);
  for (size_t k = 0; k < order.size(); ++k) {
    const Eigen::Index i = order[k];
    const Eigen::Vector3d q(-m.V(i, 0), m.V(i, 1), m.V(i, 2));
    double best = tol_mm;
    auto scan = [&](size_t j) {
      const double d = (m.vertex(order[j]) - q).norm();
      if (d <= best) best = d, mir[static_cast<size_t>(i)] = static_cast<int>(order[j]);
    };
    for (size_t j = k; j < order.size() && m.V(order[j], 1) <= q.y() + tol_mm; ++j) scan(j);
    for (size_t j = k; j-- > 0 && m.V(order[j], 1) >= q.y() - tol_mm;) scan(j);
    if (mir[static_cast<size_t>(i)] < 0)
      throw plan_error("the face is not mirror-symmetric about x = 0: vertex " + std::to_string(i) +
                       " has no mirror partner within " + std::to_string(tol_mm) + " mm");
  }
  return mir;
}

/// Makes a mesh exactly mirror-symmetric given its vertex mirror map: each pair gets the mean of |x|,
/// y and z; self-mirrored vertices get x = 0.
inline void symmetrise(Mesh& m, const std::vector<int>& mir) {
  for (Eigen::Index i = 0; i < m.num_vertices(); ++i) {
    const int j = mir[static_cast<size_t>(i)];
    if (j < i) continue;
    if (j == i) {
      m.V(i, 0) = 0;
      continue;
    }
    const double x = 0.5 * (m.V(i, 0) - m.V(j, 0)), y = 0.5 * (m.V(i, 1) + m.V(j, 1)),
                 z = 0.5 * (m.V(i, 2) + m.V(j, 2));
    m.V.row(i) << x, y, z;
    m.V.row(j) << -x, y, z;
  }
}

/// Position of a landmark point on the (refined) face, mm.
inline Eigen::Vector3d landmark_position(const Mesh& face, const LandmarkPoint& p) {
  const Eigen::Vector3d a = face.vertex(p.a);
  return p.b < 0 ? a : Eigen::Vector3d((1 - p.t) * a + p.t * face.vertex(p.b));
}

namespace detail {

/// Cylindrical "front" projection used to test region membership: angle around a vertical axis 40 mm
/// behind the face's z = 0 (scaled to mm at 100 mm radius) and height. Unrolls the temples and jaw,
/// which a plain xy projection squeezes against the silhouette. Odd in x, so mirror-exact.
inline Eigen::Vector2d anatomy_projection(const Eigen::Vector3d& p) {
  const double u = 100.0 * std::atan2(std::abs(p.x()), p.z() + 40.0);
  return Eigen::Vector2d(p.x() < 0 ? -u : u, p.y());
}

}  // namespace detail

/// The built-in anatomical face: `canonical` is the MediaPipe canonical face in mm (468 vertices, as read
/// from builtin_face.hpp), made exactly mirror-symmetric, refined by `levels` Loop steps, exactly
/// symmetrised again, and labelled with anatomical_regions() (faces outside every region get -1).
/// Labels are exactly mirror-symmetric: each face on the right half takes the mirror of its partner's.
/// `mirror` (optional) receives the vertex mirror map of the result.
inline Mesh anatomical_face(const Mesh& canonical, int levels = 2, std::vector<int>* mirror = nullptr) {
  if (canonical.num_vertices() != mediapipe_landmarks)
    throw plan_error("the anatomical face needs the MediaPipe canonical face (468 vertices), not a mesh with " +
                     std::to_string(canonical.num_vertices()));
  Mesh m = canonical;
  m.label = Eigen::VectorXi();
  m.label_names.clear();
  std::vector<int> mir = mirror_map(m, 0.05);
  symmetrise(m, mir);
  for (int l = 0; l < levels; ++l) {
    LoopStep step = loop_subdivide_once(m);
    std::map<std::array<int, 2>, int> by_parents;
    for (size_t v = 0; v < step.parents.size(); ++v) by_parents[step.parents[v]] = static_cast<int>(v);
    std::vector<int> next(step.parents.size());
    for (size_t v = 0; v < step.parents.size(); ++v) {
      const auto [a, b] = step.parents[v];
      const int ma = mir[static_cast<size_t>(a)], mb = mir[static_cast<size_t>(b)];
      next[v] = by_parents.at({std::min(ma, mb), std::max(ma, mb)});
    }
    m = std::move(step.mesh);
    mir = std::move(next);
    symmetrise(m, mir);
  }
  // face mirror map: the face with the mirrored corner set
  std::map<std::array<int, 3>, Eigen::Index> face_of;
  auto sorted = [](int a, int b, int c) {
    std::array<int, 3> k{a, b, c};
    std::sort(k.begin(), k.end());
    return k;
  };
  for (Eigen::Index f = 0; f < m.num_faces(); ++f) face_of[sorted(m.F(f, 0), m.F(f, 1), m.F(f, 2))] = f;
  const auto& regions = anatomical_regions();
  const int nreg = static_cast<int>(regions.size());
  // polygons in the projection plane (left half), one per region: outline + holes
  std::vector<std::vector<Eigen::Vector2d>> outline(regions.size());
  std::vector<std::vector<std::vector<Eigen::Vector2d>>> holes(regions.size());
  std::vector<int> left_label(regions.size());  // label used when a left-half face falls in region r
  auto project = [&](const std::vector<LandmarkPoint>& pts) {
    std::vector<Eigen::Vector2d> out;
    for (const auto& p : pts) out.push_back(detail::anatomy_projection(landmark_position(m, p)));
    return out;
  };
  for (int r = 0; r < nreg; ++r) {
    m.label_names.emplace_back(regions[static_cast<size_t>(r)].name);
    outline[static_cast<size_t>(r)] = project(regions[static_cast<size_t>(r)].outline);
    for (const auto& h : regions[static_cast<size_t>(r)].holes) holes[static_cast<size_t>(r)].push_back(project(h));
  }
  auto right_of = [&](int r) {  // label of the right-side partner of left region r
    const std::string want =
        std::string(regions[static_cast<size_t>(r)].name.substr(0, regions[static_cast<size_t>(r)].name.size() - 5)) +
        "_right";
    for (int k = 0; k < nreg; ++k)
      if (regions[static_cast<size_t>(k)].name == want) return k;
    return -1;
  };
  m.label = Eigen::VectorXi::Constant(m.num_faces(), -1);
  std::vector<char> done(static_cast<size_t>(m.num_faces()), 0);
  for (Eigen::Index f = 0; f < m.num_faces(); ++f) {
    if (done[static_cast<size_t>(f)]) continue;
    const Eigen::Index g = face_of.at(sorted(mir[static_cast<size_t>(m.F(f, 0))], mir[static_cast<size_t>(m.F(f, 1))],
                                             mir[static_cast<size_t>(m.F(f, 2))]));
    // test whichever of f, g lies on the left half (x >= 0); the other takes the mirrored label
    const Eigen::Vector3d cf = (m.corner(f, 0) + m.corner(f, 1) + m.corner(f, 2)) / 3.0;
    const Eigen::Index left = cf.x() >= 0 ? f : g, right = left == f ? g : f;
    const Eigen::Vector3d c = (m.corner(left, 0) + m.corner(left, 1) + m.corner(left, 2)) / 3.0;
    const Eigen::Vector2d q = detail::anatomy_projection(Eigen::Vector3d(std::abs(c.x()), c.y(), c.z()));
    int lab = -1;
    for (int r = 0; r < nreg && lab < 0; ++r) {
      const auto& reg = regions[static_cast<size_t>(r)];
      if (reg.side == RegionSide::right || !detail::inside_polygon(outline[static_cast<size_t>(r)], q)) continue;
      bool in_hole = false;
      for (const auto& h : holes[static_cast<size_t>(r)]) in_hole = in_hole || detail::inside_polygon(h, q);
      if (!in_hole) lab = r;
    }
    m.label(left) = lab;
    m.label(right) = lab >= 0 && regions[static_cast<size_t>(lab)].side == RegionSide::left ? right_of(lab) : lab;
    if (left == right && lab >= 0 && regions[static_cast<size_t>(lab)].side == RegionSide::left) m.label(left) = -1;
    done[static_cast<size_t>(f)] = done[static_cast<size_t>(g)] = 1;
  }
  if (mirror) *mirror = mir;
  return m;
}

}  // namespace mesogrid

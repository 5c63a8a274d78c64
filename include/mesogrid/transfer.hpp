// mesogrid/transfer.hpp: the anatomy of the built-in face carried onto a patient's scan through facial
// landmarks. The built-in face's landmarks (landmarks.hpp) are fitted to the scan's by a similarity and a
// thin-plate spline (warp.hpp); the fit is checked (degenerate, mirrored, wrong size, single landmarks or
// whole groups far off, landmarks off the scan) and refused with plan_error (exit 3) naming the landmarks;
// then every scan triangle takes the region of the nearest triangle of the warped built-in face, the
// scan is cut to the part the built-in face covers, the danger zones are warped and snapped onto the scan
// surface, and the face frame (up, front, midline) comes from the similarity. Lengths mm in the scan's
// frame; the built-in face is the anatomical face of anatomy.hpp (mm, +x = subject's left).
//
// Limits (TransferLimits) are multiples of the face width W = the fitted scale times the distance of the
// outer eye corners on the built-in face (88.9 mm; W is 80-95 mm on adults):
//   - scale of the similarity 0.5-2 (the scan's face is half to twice the built-in face's size);
//   - per landmark: leave-one-out distance (how far the point lies from where the thin-plate spline
//     through all the others puts it) <= 0.2 W (~18 mm); measured on the ICT faces: <= 7 mm;
//   - per group: RMS distance after the similarity <= 0.2 W; ICT faces: <= 8.4 mm (jaw);
//   - per landmark: distance to the scan surface <= 0.15 W (~13 mm); ICT faces: 0 mm;
//   - a scan triangle is covered when its centre is within 0.15 W of the warped built-in face, not more
//     than 1 mm beyond its border and facing the same way (within 75 degrees).
#pragma once
#include <Eigen/Core>
#include <Eigen/SVD>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "closest.hpp"
#include "error.hpp"
#include "frame.hpp"
#include "landmarks.hpp"
#include "mesh.hpp"
#include "timing.hpp"
#include "warp.hpp"
#include "zones.hpp"

namespace mesogrid {

/// Acceptance limits of a landmark fit and of the transfer (see the top of this header). Lengths are
/// multiples of the face width W unless named _mm.
struct TransferLimits {
  double scale_min = 0.5, scale_max = 2.0;
  double point = 0.20;     ///< leave-one-out distance of one landmark, x W
  double group = 0.20;     ///< RMS distance of a group after the similarity, x W
  double surface = 0.15;   ///< distance of a landmark from the scan surface, x W
  double cover = 0.15;     ///< distance of a scan triangle's centre from the warped built-in face, x W
  double border_mm = 1.0;  ///< beyond the warped built-in face's border: not covered
  double facing_deg = 75;  ///< scan triangle normal vs warped built-in face normal
  double lambda = 0.003;   ///< thin-plate spline regularisation, x W (mm): ~0.25 mm, warp residuals ~0.1 mm
};

/// Fit figures of one landmark group, mm.
struct LandmarkGroupFit {
  std::string name;
  int count = 0;
  double rms_similarity_mm = 0;  ///< RMS distance after the similarity alone (shape difference)
  double max_similarity_mm = 0;
  int worst = -1;          ///< landmark with max_similarity_mm
  double rms_warp_mm = 0;  ///< RMS distance after the warp (what the regularisation leaves)
  double max_loo_mm = 0;   ///< largest leave-one-out distance in the group
};

/// What the fit found, for the report (mm unless named otherwise).
struct LandmarkFitReport {
  std::string source;
  LandmarkSet set = LandmarkSet::ibug68;
  int count = 0;
  double scale = 1;          ///< of the similarity: scan face size / built-in face size
  double face_width_mm = 0;  ///< W
  double rotation_deg = 0;   ///< angle of the similarity's rotation
  double rms_similarity_mm = 0, rms_warp_mm = 0;
  double max_surface_mm = 0;  ///< largest landmark distance from the scan surface
  int worst_surface = -1;
  double limit_point_mm = 0, limit_group_mm = 0, limit_surface_mm = 0, limit_cover_mm = 0;
  std::vector<LandmarkGroupFit> groups;  ///< the set's groups that hold points, in landmark_groups order
  long scan_triangles = 0, covered_triangles = 0;
  double scan_area_cm2 = 0, covered_area_cm2 = 0;
};

/// A checked landmark fit: the warp from the built-in face onto the scan, the scan's face frame and the
/// figures.
struct LandmarkFit {
  LandmarkWarp warp;
  FaceFrame frame;
  LandmarkFitReport report;
};

/// The scan with the built-in face's anatomy on it.
struct ScanTransfer {
  Mesh mesh;                ///< the covered part of the scan (mm), labelled with the built-in regions
  std::vector<Zone> zones;  ///< the built-in danger zones, warped and snapped onto the scan
  LandmarkFit fit;
  std::vector<Eigen::Vector3d> landmarks_mm;  ///< the scan's landmarks, as read (mm)
  std::vector<int> landmark_index;            ///< their numbers in fit.report.set
};

namespace detail {

inline std::string mm_text(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f", v);
  return b;
}

/// "a, b, c and 4 more" from up to `shown` items.
inline std::string list_text(const std::vector<std::string>& items, size_t shown = 6) {
  std::string s;
  for (size_t i = 0; i < items.size() && i < shown; ++i) s += (i == 0 ? "" : ", ") + items[i];
  if (items.size() > shown) s += " and " + std::to_string(items.size() - shown) + " more";
  return s;
}

inline Eigen::Vector3d row3(const Eigen::MatrixX3d& M, Eigen::Index i) { return M.row(i).transpose(); }

}  // namespace detail

/// Distance of the outer eye corners on the built-in face (MediaPipe 33 and 263), mm.
inline double template_eye_width_mm(const Mesh& face) { return (face.vertex(33) - face.vertex(263)).norm(); }

/// Fits the built-in face `face` (anatomy.hpp) to the scan's landmarks `lm` (points in mm, scan frame) and
/// checks the fit. `scan` (optional) is the scan surface, for the landmark-to-surface check. Throws
/// plan_error (exit 3), one line naming the file and the landmarks, when the landmarks are degenerate
/// (one point, a line, a plane), mirrored (left/right swapped), of an implausible size, when single
/// landmarks or a whole group lie far from where the others put them, or off the scan surface.
inline LandmarkFit fit_landmarks(const Mesh& face, const LandmarkFile& lm, const SurfaceIndex* scan = nullptr,
                                 const TransferLimits& lim = {}) {
  using detail::mm_text;
  const std::string who = "landmarks '" + lm.source + "'";
  const Eigen::Index n = static_cast<Eigen::Index>(lm.point.size());
  if (n < 4) throw plan_error(who + ": at least 4 landmarks are needed for a fit");
  Eigen::MatrixX3d X(n, 3), Y(n, 3);
  for (Eigen::Index i = 0; i < n; ++i) {
    X.row(i) = template_landmark(face, lm.set, lm.index[static_cast<size_t>(i)]).transpose();
    Y.row(i) = lm.point[static_cast<size_t>(i)].transpose();
  }
  auto label = [&](Eigen::Index i) { return landmark_label(lm.set, lm.index[static_cast<size_t>(i)]); };
  // ---- degenerate: one point, a line, a plane ----
  const Eigen::RowVector3d cy = Y.colwise().mean(), cx = X.colwise().mean();
  const Eigen::MatrixX3d Yc = Y.rowwise() - cy, Xc = X.rowwise() - cx;
  const double spread = std::sqrt(Yc.squaredNorm() / static_cast<double>(n));
  if (!(spread >= 1.0))
    throw plan_error(who + " are degenerate: all " + std::to_string(n) + " points lie within " + mm_text(spread) +
                     " mm (RMS) of their centre; export the 3D landmarks of this scan again");
  const Eigen::Vector3d sy = Eigen::JacobiSVD<Eigen::MatrixX3d>(Yc).singularValues();
  const Eigen::Vector3d sx = Eigen::JacobiSVD<Eigen::MatrixX3d>(Xc).singularValues();
  if (sy[1] < 0.05 * sy[0])
    throw plan_error(who + " are degenerate: the " + std::to_string(n) +
                     " points lie on a line; export the 3D landmarks of this scan again");
  if (sy[2] / sy[0] < 0.25 * sx[2] / sx[0])
    throw plan_error(who + " are degenerate: the points lie nearly in one plane (depth spread " +
                     mm_text(sy[2] / std::sqrt(static_cast<double>(n))) +
                     " mm RMS): 3D landmarks on the scan are needed, not 2D image landmarks");
  // ---- similarity, and the mirrored alternative ----
  LandmarkFit fit;
  LandmarkFitReport& rep = fit.report;
  rep.source = lm.source;
  rep.set = lm.set;
  rep.count = static_cast<int>(n);
  const Similarity sim = fit_similarity(X, Y);
  Eigen::MatrixX3d Xm = X;
  Xm.col(0) = -Xm.col(0);
  const Similarity simm = fit_similarity(Xm, Y);
  const double rms = rms_residual(sim, X, Y), rmsm = rms_residual(simm, Xm, Y);
  if (rmsm < 0.5 * rms)
    throw plan_error(who + " are mirrored: they fit the mirror image of a face (RMS " + mm_text(rmsm) +
                     " mm) far better than a face (RMS " + mm_text(rms) +
                     " mm): the subject's left and right landmarks are swapped (" +
                     (lm.set == LandmarkSet::ibug68
                          ? "jaw_0 is on the subject's right, jaw_16 on the left"
                          : "mp_33 is the subject's right outer eye corner, mp_263 the left") +
                     ") or the scan is mirrored; fix the landmark order or the scan");
  rep.scale = sim.scale;
  rep.rotation_deg = std::acos(std::clamp((sim.R.trace() - 1) / 2, -1.0, 1.0)) * 180 / pi;
  const double tw = template_eye_width_mm(face);
  if (!(sim.scale >= lim.scale_min && sim.scale <= lim.scale_max))
    throw plan_error(who + " give a face " + mm_text(sim.scale * 100) +
                     "% of the built-in face's size (outer eye corners " + mm_text(sim.scale * tw) +
                     " mm apart, an adult's are 80-95 mm): are they in the mesh's units? "
                     "Give the unit in the header (x_mm, x_cm) or the mesh's --units");
  const double W = sim.scale * tw;
  rep.face_width_mm = W;
  rep.limit_point_mm = lim.point * W;
  rep.limit_group_mm = lim.group * W;
  rep.limit_surface_mm = lim.surface * W;
  rep.limit_cover_mm = lim.cover * W;
  Eigen::MatrixX3d Xs(n, 3);
  for (Eigen::Index i = 0; i < n; ++i) Xs.row(i) = sim(detail::row3(X, i)).transpose();
  // ---- single landmarks far from where the others put them: leave-one-out, worst first ----
  std::vector<char> out(static_cast<size_t>(n), 0);
  const double lambda = lim.lambda * W;
  for (int round = 0; round < n / 3; ++round) {
    std::vector<Eigen::Index> keep;
    for (Eigen::Index i = 0; i < n; ++i)
      if (!out[static_cast<size_t>(i)]) keep.push_back(i);
    Eigen::MatrixX3d A(static_cast<Eigen::Index>(keep.size()), 3), B(static_cast<Eigen::Index>(keep.size()), 3);
    for (size_t k = 0; k < keep.size(); ++k) {
      A.row(static_cast<Eigen::Index>(k)) = Xs.row(keep[k]);
      B.row(static_cast<Eigen::Index>(k)) = Y.row(keep[k]);
    }
    Eigen::VectorXd loo;
    fit_thin_plate_spline(A, B, lambda, &loo);
    Eigen::Index worst = 0;
    if (loo.maxCoeff(&worst) <= rep.limit_point_mm) break;
    out[static_cast<size_t>(keep[static_cast<size_t>(worst)])] = 1;
  }
  std::vector<Eigen::Index> clean;
  for (Eigen::Index i = 0; i < n; ++i)
    if (!out[static_cast<size_t>(i)]) clean.push_back(i);
  if (clean.size() < static_cast<size_t>(n)) {
    Eigen::MatrixX3d A(static_cast<Eigen::Index>(clean.size()), 3), B(static_cast<Eigen::Index>(clean.size()), 3);
    for (size_t k = 0; k < clean.size(); ++k) {
      A.row(static_cast<Eigen::Index>(k)) = Xs.row(clean[k]);
      B.row(static_cast<Eigen::Index>(k)) = Y.row(clean[k]);
    }
    const ThinPlateSpline f = fit_thin_plate_spline(A, B, lambda);
    std::vector<std::string> bad, hints;
    std::vector<std::pair<Eigen::Index, Eigen::Index>> belongs;  // (point, the landmark whose place it takes)
    for (Eigen::Index i = 0; i < n; ++i) {
      if (!out[static_cast<size_t>(i)]) continue;
      bad.push_back(label(i) + " " + mm_text((detail::row3(Y, i) - f(detail::row3(Xs, i))).norm()) + " mm");
      // where does this point belong? the landmark whose predicted place is nearest to it
      Eigen::Index near = -1;
      double dn = 0.5 * rep.limit_point_mm;
      for (Eigen::Index k = 0; k < n; ++k) {
        const double d = (detail::row3(Y, i) - f(detail::row3(Xs, k))).norm();
        if (k != i && d < dn) dn = d, near = k;
      }
      if (near >= 0) belongs.emplace_back(i, near);
    }
    for (const auto& [i, k] : belongs) {
      const bool mutual = std::find(belongs.begin(), belongs.end(), std::make_pair(k, i)) != belongs.end();
      if (!mutual)
        hints.push_back(label(i) + " sits where " + label(k) + " belongs");
      else if (i < k)
        hints.push_back(label(i) + " and " + label(k) + " look swapped");
    }
    throw plan_error(who + ": " + detail::list_text(bad) + " from where the other landmarks put " +
                     (bad.size() == 1 ? "it" : "them") + " (limit " + mm_text(rep.limit_point_mm) +
                     " mm = " + mm_text(lim.point * 100) + "% of the face width)" +
                     (hints.empty() ? "" : ": " + detail::list_text(hints, 3)) + "; check these points");
  }
  // ---- groups after the similarity ----
  Eigen::VectorXd loo;
  fit.warp.similarity = sim;
  fit.warp.spline = fit_thin_plate_spline(Xs, Y, lambda, &loo);
  std::vector<int> pos_of(static_cast<size_t>(landmark_count(lm.set)), -1);
  for (Eigen::Index i = 0; i < n; ++i)
    pos_of[static_cast<size_t>(lm.index[static_cast<size_t>(i)])] = static_cast<int>(i);
  double sum_s = 0, sum_w = 0;
  for (const LandmarkGroup& g : landmark_groups(lm.set)) {
    LandmarkGroupFit gf;
    gf.name = g.name;
    double ss = 0, sw = 0;
    for (int k : g.members) {
      const int i = pos_of[static_cast<size_t>(k)];
      if (i < 0) continue;
      ++gf.count;
      const double ds = (detail::row3(Xs, i) - detail::row3(Y, i)).norm();
      const double dw = (fit.warp.spline(detail::row3(Xs, i)) - detail::row3(Y, i)).norm();
      ss += ds * ds;
      sw += dw * dw;
      if (ds > gf.max_similarity_mm) gf.max_similarity_mm = ds, gf.worst = k;
      gf.max_loo_mm = std::max(gf.max_loo_mm, loo(i));
    }
    if (gf.count == 0) continue;
    sum_s += ss;
    sum_w += sw;
    gf.rms_similarity_mm = std::sqrt(ss / gf.count);
    gf.rms_warp_mm = std::sqrt(sw / gf.count);
    rep.groups.push_back(gf);
  }
  rep.rms_similarity_mm = std::sqrt(sum_s / static_cast<double>(n));
  rep.rms_warp_mm = std::sqrt(sum_w / static_cast<double>(n));
  {
    std::vector<std::string> far, names;
    for (const LandmarkGroupFit& g : rep.groups) {
      if (g.rms_similarity_mm <= rep.limit_group_mm) continue;
      far.push_back(g.name + " " + mm_text(g.rms_similarity_mm) + " mm RMS (worst " +
                    label(pos_of[static_cast<size_t>(g.worst)]) + " " + mm_text(g.max_similarity_mm) + " mm)");
      for (const auto& grp : landmark_groups(lm.set))
        if (grp.name == g.name)
          for (int k : grp.members)
            if (pos_of[static_cast<size_t>(k)] >= 0) names.push_back(landmark_name(lm.set, k));
    }
    if (!far.empty())
      throw plan_error(who + ": group" + (far.size() > 1 ? "s " : " ") + detail::list_text(far, 3) +
                       " from where the rest of the face puts " + (far.size() > 1 ? "them" : "it") + " (limit " +
                       mm_text(rep.limit_group_mm) + " mm = " + mm_text(lim.group * 100) +
                       "% of the face width): check " + detail::list_text(names, 4));
  }
  // ---- on the scan? ----
  if (scan) {
    std::vector<std::string> off;
    for (Eigen::Index i = 0; i < n; ++i) {
      const double d = scan->closest(detail::row3(Y, i)).distance;
      if (d > rep.max_surface_mm || rep.worst_surface < 0)
        rep.max_surface_mm = d, rep.worst_surface = lm.index[static_cast<size_t>(i)];
      if (d > rep.limit_surface_mm) off.push_back(label(i) + " " + mm_text(d) + " mm");
    }
    if (!off.empty())
      throw plan_error(who + ": " + detail::list_text(off) + " from the scan surface (limit " +
                       mm_text(rep.limit_surface_mm) +
                       " mm): are the landmarks those of this scan, in its frame and units?");
  }
  // ---- the face frame ----
  fit.frame.up = sim.R * Eigen::Vector3d::UnitY();
  fit.frame.front = sim.R * Eigen::Vector3d::UnitZ();
  fit.frame.midline_mm = fit.frame.lateral().dot(sim.t);
  return fit;
}

/// Which scan triangles the warped built-in face covers and their regions: label (index into
/// face.label_names) or -1 for a covered triangle outside every region (nose, lids, lips), and -2 for a
/// triangle the built-in face does not cover (ears, scalp, neck beyond the jaw, the inside of the mouth).
/// A triangle is covered when its centre lies within limits.cover x W of the warped built-in face, not more
/// than limits.border_mm beyond its border, and faces the same way (within limits.facing_deg, after
/// taking the scan's overall orientation).
inline std::vector<int> transfer_labels(const Mesh& scan, const Mesh& face, const LandmarkFit& fit,
                                        const TransferLimits& lim = {}) {
  Mesh warped = face;
  for (Eigen::Index v = 0; v < warped.num_vertices(); ++v) warped.V.row(v) = fit.warp(face.vertex(v)).transpose();
  const SurfaceIndex index(warped);
  // border of the built-in face: edges of one triangle
  std::map<std::pair<int, int>, int> edge_count;
  for (Eigen::Index f = 0; f < warped.num_faces(); ++f)
    for (int k = 0; k < 3; ++k) {
      const int a = warped.F(f, k), b = warped.F(f, (k + 1) % 3);
      ++edge_count[{std::min(a, b), std::max(a, b)}];
    }
  std::vector<char> border_vertex(static_cast<size_t>(warped.num_vertices()), 0);
  for (const auto& [e, c] : edge_count)
    if (c == 1) border_vertex[static_cast<size_t>(e.first)] = border_vertex[static_cast<size_t>(e.second)] = 1;
  auto border_edge = [&](Eigen::Index f, int k) {  // edge opposite corner k
    const int a = warped.F(f, (k + 1) % 3), b = warped.F(f, (k + 2) % 3);
    return edge_count.at({std::min(a, b), std::max(a, b)}) == 1;
  };
  const double cover = lim.cover * fit.report.face_width_mm;
  const double cos_facing = std::cos(lim.facing_deg * pi / 180);
  std::vector<int> label(static_cast<size_t>(scan.num_faces()), -2);
  std::vector<double> facing(static_cast<size_t>(scan.num_faces()), 0);
  double orientation = 0;  // area-weighted agreement of the scan's normals with the built-in face's
  Eigen::Index hint = -1;  // neighbouring scan triangles have neighbouring answers
  for (Eigen::Index f = 0; f < scan.num_faces(); ++f) {
    const Eigen::Vector3d c = (scan.corner(f, 0) + scan.corner(f, 1) + scan.corner(f, 2)) / 3.0;
    const SurfaceHit h = index.closest(c, cover, hint);
    if (h.face < 0) continue;
    hint = h.face;
    const Eigen::Vector3d n = face_normal(warped, h.face);
    bool on_border = false;
    int zeros = 0;
    for (int k = 0; k < 3; ++k) zeros += h.bary[k] == 0;
    if (zeros >= 2) {
      for (int k = 0; k < 3; ++k)
        if (h.bary[k] != 0) on_border = border_vertex[static_cast<size_t>(warped.F(h.face, k))] != 0;
    } else if (zeros == 1) {
      for (int k = 0; k < 3; ++k)
        if (h.bary[k] == 0) on_border = border_edge(h.face, k);
    }
    if (on_border) {
      const Eigen::Vector3d d = c - h.point;
      if ((d - d.dot(n) * n).norm() > lim.border_mm) continue;
    }
    const double dot = face_normal(scan, f).dot(n);
    facing[static_cast<size_t>(f)] = dot;
    orientation += face_area(scan, f) * dot;
    label[static_cast<size_t>(f)] = warped.label.size() == warped.num_faces() ? warped.label(h.face) : -1;
  }
  const double sign = orientation < 0 ? -1.0 : 1.0;
  for (Eigen::Index f = 0; f < scan.num_faces(); ++f)
    if (label[static_cast<size_t>(f)] != -2 && sign * facing[static_cast<size_t>(f)] < cos_facing)
      label[static_cast<size_t>(f)] = -2;
  return label;
}

/// The built-in zones of `face` (zones.hpp) carried onto the scan: every path point warped, then moved to
/// the nearest point of the scan surface. Radii and rules are kept (they are clinical margins in mm); the
/// source says the zone was carried by the landmarks.
inline std::vector<Zone> transfer_zones(const std::vector<Zone>& zones, const LandmarkFit& fit,
                                        const SurfaceIndex& scan) {
  std::vector<Zone> out = zones;
  for (Zone& z : out) {
    for (Eigen::Vector3d& p : z.path) {
      const Eigen::Vector3d w = fit.warp(p);
      const SurfaceHit h = scan.closest(w);
      p = h.face >= 0 ? h.point : w;
    }
    z.source += "; carried onto the scan by the landmark warp";
  }
  return out;
}

/// The whole transfer: fit_landmarks (throws plan_error for an implausible fit), transfer_labels, the
/// scan cut to its covered triangles (labels = the built-in regions), transfer_zones. `scan` is in mm,
/// `lm.point` in mm in the scan's frame, `face` the anatomical face (anatomy.hpp) in mm.
inline ScanTransfer transfer_to_scan(const Mesh& scan, const Mesh& face, const LandmarkFile& lm,
                                     const TransferLimits& lim = {}) {
  const SurfaceIndex scan_index(scan);
  stage_done("scan index");
  ScanTransfer t;
  t.fit = fit_landmarks(face, lm, &scan_index, lim);
  stage_done("landmark fit");
  t.landmarks_mm = lm.point;
  t.landmark_index = lm.index;
  const std::vector<int> label = transfer_labels(scan, face, t.fit, lim);
  stage_done("region transfer");
  LandmarkFitReport& rep = t.fit.report;
  std::vector<int> remap(static_cast<size_t>(scan.num_vertices()), -1);
  std::vector<Eigen::Index> kept;
  for (Eigen::Index f = 0; f < scan.num_faces(); ++f) {
    const double a = face_area(scan, f) / 100.0;
    rep.scan_area_cm2 += a;
    if (label[static_cast<size_t>(f)] == -2) continue;
    kept.push_back(f);
    rep.covered_area_cm2 += a;
  }
  rep.scan_triangles = static_cast<long>(scan.num_faces());
  rep.covered_triangles = static_cast<long>(kept.size());
  if (kept.empty())
    throw plan_error("landmarks '" + lm.source +
                     "': the built-in face, carried by the landmarks, covers no triangle "
                     "of the scan: are the landmarks those of this scan?");
  Mesh& m = t.mesh;
  m.label_names = face.label_names;
  m.F.resize(static_cast<Eigen::Index>(kept.size()), 3);
  m.label.resize(m.F.rows());
  int nv = 0;
  for (size_t i = 0; i < kept.size(); ++i) {
    for (int k = 0; k < 3; ++k) {
      int& v = remap[static_cast<size_t>(scan.F(kept[i], k))];
      if (v < 0) v = nv++;
      m.F(static_cast<Eigen::Index>(i), k) = v;
    }
    m.label(static_cast<Eigen::Index>(i)) = label[static_cast<size_t>(kept[i])];
  }
  m.V.resize(nv, 3);
  for (Eigen::Index v = 0; v < scan.num_vertices(); ++v)
    if (remap[static_cast<size_t>(v)] >= 0) m.V.row(remap[static_cast<size_t>(v)]) = scan.V.row(v);
  stage_done("scan crop");
  t.zones = transfer_zones(builtin_zones(face), t.fit, scan_index);
  stage_done("zone transfer");
  return t;
}

}  // namespace mesogrid

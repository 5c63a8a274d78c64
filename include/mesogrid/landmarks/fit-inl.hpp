// mesogrid/landmarks/fit-inl.hpp: the definition of fit_landmarks (included by fit.hpp when MESOGRID_DEFINITIONS;
// see core/config.hpp).
#pragma once
#include <Eigen/Core>
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "../core/error.hpp"
#include "../core/text.hpp"
#include "fit.hpp"

namespace mesogrid {

namespace detail {

/// A distance for a fit message: one decimal, mm.
inline std::string mm1(double v) { return text::decimals(v, 1); }

inline Eigen::Vector3d row3(const Eigen::MatrixX3d& M, Eigen::Index i) { return M.row(i).transpose(); }

/// Singular values of the n x 3 matrix A, largest first: the square roots of the eigenvalues of the 3 x 3
/// matrix A^T A (closed form).
inline Eigen::Vector3d singular_values(const Eigen::MatrixX3d& A) {
  const Eigen::Matrix3d G = A.transpose() * A;
  Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d> eig;
  eig.computeDirect(G, Eigen::EigenvaluesOnly);
  const Eigen::Vector3d ev = eig.eigenvalues();  // increasing
  return {std::sqrt(std::max(0.0, ev[2])), std::sqrt(std::max(0.0, ev[1])), std::sqrt(std::max(0.0, ev[0]))};
}

}  // namespace detail

MESOGRID_API LandmarkFit fit_landmarks(const Mesh& face, const LandmarkFile& lm, const SurfaceIndex* scan,
                                       const TransferLimits& lim) {
  const std::string who = "landmarks '" + text::path_shown(lm.source) + "'";
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
    throw plan_error(who + " are degenerate: all " + std::to_string(n) + " points lie within " + detail::mm1(spread) +
                     " mm (RMS) of their centre; export the 3D landmarks of this scan again");
  const Eigen::Vector3d sy = detail::singular_values(Yc), sx = detail::singular_values(Xc);
  if (sy[1] < 0.05 * sy[0])
    throw plan_error(who + " are degenerate: the " + std::to_string(n) +
                     " points lie on a line; export the 3D landmarks of this scan again");
  if (sy[2] / sy[0] < 0.25 * sx[2] / sx[0])
    throw plan_error(who + " are degenerate: the points lie nearly in one plane (depth spread " +
                     detail::mm1(sy[2] / std::sqrt(static_cast<double>(n))) +
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
    throw plan_error(who + " are mirrored: they fit the mirror image of a face (RMS " + detail::mm1(rmsm) +
                     " mm) far better than a face (RMS " + detail::mm1(rms) +
                     " mm): the subject's left and right landmarks are swapped (" +
                     (lm.set == LandmarkSet::ibug68
                          ? "jaw_0 is on the subject's right, jaw_16 on the left"
                          : "mp_33 is the subject's right outer eye corner, mp_263 the left") +
                     ") or the scan is mirrored; fix the landmark order or the scan");
  rep.scale = sim.scale;
  rep.rotation_deg = std::acos(std::clamp((sim.R.trace() - 1) / 2, -1.0, 1.0)) * 180 / pi;
  const double tw = template_eye_width_mm(face);
  if (!(sim.scale >= lim.scale_min && sim.scale <= lim.scale_max))
    throw plan_error(Message(who + " give a face " + detail::mm1(sim.scale * 100) +
                             "% of the built-in face's size (outer eye corners " + detail::mm1(sim.scale * tw) +
                             " mm apart, an adult's are 80-95 mm): are they in the mesh's units? "
                             "Give the unit in the header (x_mm, x_cm) or the mesh's ")
                     << Param::units);
  // ---- a face's proportions, measured on the landmarks themselves ----
  {
    const FaceProportions fp = face_proportions(lm);
    auto outside = [](double v, double lo, double hi) { return !std::isnan(v) && !(v >= lo && v <= hi); };
    if (outside(fp.eye_width_mm, lim.eye_width_min_mm, lim.eye_width_max_mm))
      throw plan_error(Message(who + " are not a face's: the outer eye corners are " + detail::mm1(fp.eye_width_mm) +
                               " mm apart (adults " + detail::mm1(lim.eye_width_min_mm) + "-" +
                               detail::mm1(lim.eye_width_max_mm) +
                               " mm); check the eye landmarks, or give the landmark file's or the mesh's ")
                       << Param::units);
    if (outside(fp.eye_mouth_mm, lim.eye_mouth_min_mm, lim.eye_mouth_max_mm))
      throw plan_error(Message(who + " are not a face's: the mouth is " + detail::mm1(fp.eye_mouth_mm) +
                               " mm below the eye line (adults " + detail::mm1(lim.eye_mouth_min_mm) + "-" +
                               detail::mm1(lim.eye_mouth_max_mm) +
                               " mm); check the eye and mouth landmarks, or give the landmark file's or the mesh's ")
                       << Param::units);
    if (!std::isnan(fp.nose_front_mm) && !(fp.nose_front_mm >= lim.nose_front_min_mm))
      throw plan_error(who + " are not a face's: the nose tip is " +
                       (fp.nose_front_mm >= 0 ? detail::mm1(fp.nose_front_mm) + " mm in front of"
                                              : detail::mm1(-fp.nose_front_mm) + " mm behind") +
                       " the plane of the eyes and the mouth (a face's stands 15-30 mm in front, and at least " +
                       detail::mm1(lim.nose_front_min_mm) +
                       " mm): the eyes are not above the mouth or the nose is not in front of them; check the "
                       "eye, nose and mouth landmarks");
  }
  const double W = sim.scale * tw;
  rep.face_width_mm = W;
  rep.limit_point_mm = lim.point * W;
  rep.limit_group_mm = lim.group * W;
  rep.limit_surface_mm = lim.surface * W;
  rep.limit_cover_mm = lim.cover * W;
  if (scan) {  // most landmarks off the scan (another scan, frame or unit): said before any warp is fitted
    std::vector<std::string> off;
    for (Eigen::Index i = 0; i < n; ++i) {
      const double d = scan->closest(detail::row3(Y, i)).distance;
      if (d > rep.limit_surface_mm) off.push_back(label(i) + " " + detail::mm1(d) + " mm");
    }
    if (2 * static_cast<Eigen::Index>(off.size()) > n)
      throw plan_error(who + ": " + text::list(off) + " from the scan surface (limit " +
                       detail::mm1(rep.limit_surface_mm) +
                       " mm): are the landmarks those of this scan, in its frame and units?");
  }
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
      bad.push_back(label(i) + " " + detail::mm1((detail::row3(Y, i) - f(detail::row3(Xs, i))).norm()) + " mm");
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
    throw plan_error(who + ": " + text::list(bad) + " from where the other landmarks put " +
                     (bad.size() == 1 ? "it" : "them") + " (limit " + detail::mm1(rep.limit_point_mm) +
                     " mm = " + detail::mm1(lim.point * 100) + "% of the face width)" +
                     (hints.empty() ? "" : ": " + text::list(hints, 3)) + "; check these points");
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
      far.push_back(g.name + " " + detail::mm1(g.rms_similarity_mm) + " mm RMS (worst " +
                    label(pos_of[static_cast<size_t>(g.worst)]) + " " + detail::mm1(g.max_similarity_mm) + " mm)");
      for (const auto& grp : landmark_groups(lm.set))
        if (grp.name == g.name)
          for (int k : grp.members)
            if (pos_of[static_cast<size_t>(k)] >= 0) names.push_back(landmark_name(lm.set, k));
    }
    if (!far.empty())
      throw plan_error(who + ": group" + (far.size() > 1 ? "s " : " ") + text::list(far, 3) +
                       " from where the rest of the face puts " + (far.size() > 1 ? "them" : "it") + " (limit " +
                       detail::mm1(rep.limit_group_mm) + " mm = " + detail::mm1(lim.group * 100) +
                       "% of the face width): check " + text::list(names, 4));
  }
  // ---- on the scan? ----
  if (scan) {
    std::vector<std::string> off;
    for (Eigen::Index i = 0; i < n; ++i) {
      const double d = scan->closest(detail::row3(Y, i)).distance;
      if (d > rep.max_surface_mm || rep.worst_surface < 0)
        rep.max_surface_mm = d, rep.worst_surface = lm.index[static_cast<size_t>(i)];
      if (d > rep.limit_surface_mm) off.push_back(label(i) + " " + detail::mm1(d) + " mm");
    }
    if (!off.empty())
      throw plan_error(who + ": " + text::list(off) + " from the scan surface (limit " +
                       detail::mm1(rep.limit_surface_mm) +
                       " mm): are the landmarks those of this scan, in its frame and units?");
  }
  // ---- the face frame ----
  fit.frame.up = sim.R * Eigen::Vector3d::UnitY();
  fit.frame.front = sim.R * Eigen::Vector3d::UnitZ();
  fit.frame.midline_mm = fit.frame.lateral().dot(sim.t);
  return fit;
}

}  // namespace mesogrid

// mesogrid/landmarks/transfer-inl.hpp: the definitions of transfer.hpp (included by it when MESOGRID_DEFINITIONS;
// see core/config.hpp).
#pragma once
#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "../core/timing.hpp"
#include "../face/zones.hpp"
#include "transfer.hpp"

namespace mesogrid {

MESOGRID_API std::vector<int> transfer_labels(const Mesh& scan, const Mesh& face, const LandmarkFit& fit,
                                              const TransferLimits& lim) {
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

MESOGRID_API std::vector<Zone> transfer_zones(const std::vector<Zone>& zones, const LandmarkFit& fit,
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

MESOGRID_API ScanTransfer transfer_to_scan(const Mesh& scan, const Mesh& face, const LandmarkFile& lm,
                                           const TransferLimits& lim) {
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
    throw plan_error("landmarks '" + text::path_shown(lm.source) +
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

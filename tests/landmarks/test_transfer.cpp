// Tests of landmarks/transfer.hpp: the built-in face's anatomy carried onto a scan through landmarks. Exact known
// cases: a synthetic scan made by applying a known similarity and a smooth warp to the built-in face, with its own
// landmarks (MediaPipe 468, iBUG 68, a named subset): the transferred labels must match the original ones, the
// frame and the zones must follow the map. On the ICT faces of ../shared (skipped without them): left/right areas
// and the forehead above the brow landmarks.
#include <doctest/doctest.h>

#include <Eigen/Geometry>
#include <filesystem>
#include <fstream>
#include <map>
#include <mesogrid/face/region.hpp>
#include <mesogrid/io/read_mesh.hpp>
#include <mesogrid/landmarks/file.hpp>
#include <mesogrid/landmarks/fit.hpp>
#include <mesogrid/landmarks/transfer.hpp>
#include <sstream>

#include "landmarks_support.hpp"

using namespace mesogrid;

using namespace mesogrid::test;

TEST_CASE("synthetic scan, its own 468 MediaPipe landmarks: labels match on >= 99% of the area") {
  const KnownMap g;
  const Mesh scan = scan_of(g);
  const LandmarkFile lm = landmarks_of(g, LandmarkSet::mediapipe468);
  const SurfaceIndex index(scan);
  const LandmarkFit fit = fit_landmarks(face(), lm, &index);
  CHECK(fit.report.scale == doctest::Approx(g.s).epsilon(0.01));
  CHECK(fit.report.max_surface_mm < 1e-6);
  const double agree = agreement(transfer_labels(scan, face(), fit));
  MESSAGE("MediaPipe 468: labels agree on ", 100 * agree, "% of the area");
  CHECK(agree >= 0.99);
  // the frame follows the map: up and front within 2 degrees of the best rotation of the whole face (all
  // vertices, not only the landmarks), the midline through the nose tip
  const Eigen::MatrixX3d V0 = face().V, V1 = scan.V;
  const Similarity whole = fit_similarity(V0, V1);
  CHECK(std::acos(std::min(1.0, fit.frame.up.dot(whole.R * Eigen::Vector3d::UnitY()))) * 180 / pi < 2);
  CHECK(std::acos(std::min(1.0, fit.frame.front.dot(whole.R * Eigen::Vector3d::UnitZ()))) * 180 / pi < 2);
  CHECK(std::abs(fit.frame.side(g(face().vertex(1)))) < 3);
  // the warp puts every built-in vertex within 1 mm of where the known map does
  double worst = 0;
  for (Eigen::Index v = 0; v < face().num_vertices(); ++v)
    worst = std::max(worst, (fit.warp(face().vertex(v)) - g(face().vertex(v))).norm());
  MESSAGE("MediaPipe 468: warp vs known map, max ", worst, " mm");
  CHECK(worst < 1.0);
}

TEST_CASE("synthetic scan, iBUG 68 and a 12-point named subset; the whole transfer (crop, zones)") {
  const KnownMap g;
  const Mesh scan = scan_of(g);
  {
    const LandmarkFile lm = landmarks_of(g, LandmarkSet::ibug68);
    const SurfaceIndex index(scan);
    const LandmarkFit fit = fit_landmarks(face(), lm, &index);
    const double agree = agreement(transfer_labels(scan, face(), fit));
    MESSAGE("iBUG 68: labels agree on ", 100 * agree, "% of the area");
    CHECK(agree >= 0.99);
    // the spline matters: the similarity alone (the spline reduced to the identity) does markedly worse
    LandmarkFit rigid = fit;
    rigid.warp.spline.weights.setZero();
    rigid.warp.spline.affine.setZero();
    rigid.warp.spline.affine.bottomRows<3>().setIdentity();
    const double agree_rigid = agreement(transfer_labels(scan, face(), rigid));
    MESSAGE("iBUG 68, similarity alone: labels agree on ", 100 * agree_rigid, "% of the area");
    CHECK(agree_rigid < agree - 0.02);
  }
  {
    const LandmarkFile lm = landmarks_of(g, LandmarkSet::ibug68, {36, 39, 42, 45, 27, 30, 31, 35, 48, 54, 51, 57});
    const SurfaceIndex index(scan);
    const LandmarkFit fit = fit_landmarks(face(), lm, &index);
    const double agree = agreement(transfer_labels(scan, face(), fit));
    MESSAGE("12 named iBUG points: labels agree on ", 100 * agree, "% of the area");
    CHECK(agree >= 0.95);
  }
  const ScanTransfer t = transfer_to_scan(scan, face(), landmarks_of(g, LandmarkSet::ibug68));
  CHECK(t.mesh.label_names == face().label_names);
  CHECK(t.fit.report.covered_area_cm2 <= t.fit.report.scan_area_cm2 + 1e-9);
  CHECK(t.fit.report.covered_area_cm2 >= 0.99 * t.fit.report.scan_area_cm2);  // the scan is the built-in face
  CHECK(surface_area(t.mesh) / 100 == doctest::Approx(t.fit.report.covered_area_cm2).epsilon(1e-9));
  for (const auto& r : list_regions(t.mesh))  // areas scale with s² (the bump changes them a little)
    for (const auto& q : list_regions(face()))
      if (r.name == q.name && r.name != "all")
        CHECK_MESSAGE(r.area_cm2 == doctest::Approx(q.area_cm2 * g.s * g.s).epsilon(0.06), r.name);
  // zones: the same zones, their points on the scan, near where the known map takes them
  const std::vector<Zone> z0 = builtin_zones(face());
  REQUIRE(t.zones.size() == z0.size());
  const SurfaceIndex index(scan);
  for (size_t i = 0; i < z0.size(); ++i) {
    CHECK(t.zones[i].name == z0[i].name);
    CHECK(t.zones[i].radius_mm == z0[i].radius_mm);
    for (size_t k = 0; k < z0[i].path.size(); ++k) {
      CHECK(index.closest(t.zones[i].path[k]).distance < 1e-6);
      // the forehead courses reach the top of the forehead, 30 mm and more above the nearest landmark (the
      // brows), where the warp extrapolates
      const double tolerance = z0[i].name.rfind("supra", 0) == 0 ? 3.5 : 2.0;
      CHECK_MESSAGE((t.zones[i].path[k] - g(z0[i].path[k])).norm() < tolerance, z0[i].name);
    }
  }
}

TEST_CASE("scan parts beyond the built-in face stay unlabelled: a skirt below the jaw") {
  // the scan: the built-in face plus a flat collar 30-60 mm below the chin (a neck the template lacks)
  const KnownMap g;
  Mesh scan = scan_of(g);
  const Eigen::Index n0 = scan.num_vertices(), f0 = scan.num_faces();
  const double ymin = face().V.col(1).minCoeff();
  scan.V.conservativeResize(n0 + 4, 3);
  const Eigen::Vector3d c[4] = {{-40, ymin - 60, 40}, {40, ymin - 60, 40}, {40, ymin - 30, 50}, {-40, ymin - 30, 50}};
  for (int k = 0; k < 4; ++k) scan.V.row(n0 + k) = g(c[k]).transpose();
  scan.F.conservativeResize(f0 + 2, 3);
  scan.F.row(f0) << static_cast<int>(n0), static_cast<int>(n0 + 1), static_cast<int>(n0 + 2);
  scan.F.row(f0 + 1) << static_cast<int>(n0), static_cast<int>(n0 + 2), static_cast<int>(n0 + 3);
  const ScanTransfer t = transfer_to_scan(scan, face(), landmarks_of(g, LandmarkSet::ibug68));
  CHECK(t.fit.report.covered_triangles == f0);
  CHECK(t.fit.report.scan_triangles == f0 + 2);
}

TEST_CASE("shared: ICT faces: left/right areas within 10%, forehead above the brow landmarks") {
  const std::string dir = std::string(MESOGRID_SHARED_DIR) + "/meshes/ict/";
  if (!test::have(dir + "ict_face_neutral.obj", "the ICT faces of ../shared")) return;
  for (const char* name : {"neutral", "id00"}) {
    const Mesh scan = read_mesh(dir + "ict_face_" + name + ".obj");
    std::ifstream in(dir + "ict_face_" + name + "_landmarks68.csv");
    std::stringstream ss;
    ss << in.rdbuf();
    const LandmarkFile lm = read_landmark_csv(ss.str(), "ict.csv", std::nullopt);
    const ScanTransfer t = transfer_to_scan(scan, face(), lm);
    std::map<std::string, double> area;
    for (const auto& r : list_regions(t.mesh)) area[r.name] = r.area_cm2;
    for (const char* stem : {"temple", "periorbital", "cheek", "nasolabial", "jawline"}) {
      const double a = area[std::string(stem) + "_left"], b = area[std::string(stem) + "_right"];
      CHECK_MESSAGE(a > 1, std::string(name), " ", std::string(stem));
      CHECK_MESSAGE(std::abs(a - b) <= 0.1 * std::max(a, b), std::string(name), " ", std::string(stem), " ", a, " vs ",
                    b);
    }
    // forehead triangles: >= 99% of the area above the brow line (landmarks 17-26), none 3 mm below it
    std::vector<Eigen::Vector3d> brow(lm.point.begin() + 17, lm.point.begin() + 27);
    std::sort(brow.begin(), brow.end(), [](const auto& a, const auto& b) { return a.x() < b.x(); });
    auto brow_y = [&](double x) {
      if (x <= brow.front().x()) return brow.front().y();
      for (size_t i = 0; i + 1 < brow.size(); ++i)
        if (x <= brow[i + 1].x())
          return brow[i].y() + (x - brow[i].x()) / (brow[i + 1].x() - brow[i].x()) * (brow[i + 1].y() - brow[i].y());
      return brow.back().y();
    };
    double above = 0, all = 0, lowest = 1e9;
    for (Eigen::Index f = 0; f < t.mesh.num_faces(); ++f) {
      if (t.mesh.label_names[static_cast<size_t>(std::max(0, t.mesh.label(f)))] != "forehead" || t.mesh.label(f) < 0)
        continue;
      const Eigen::Vector3d c = (t.mesh.corner(f, 0) + t.mesh.corner(f, 1) + t.mesh.corner(f, 2)) / 3.0;
      const double a = face_area(t.mesh, f), h = c.y() - brow_y(c.x());
      all += a;
      above += h > 0 ? a : 0;
      lowest = std::min(lowest, h);
    }
    MESSAGE(std::string(name), ": forehead ", 100 * above / all, "% above the brow line, lowest centre ", lowest,
            " mm from it");
    CHECK(above >= 0.99 * all);
    CHECK(lowest > -3);
  }
}

// mesogrid/landmarks/fit.hpp: the built-in face fitted to a scan's facial landmarks and the fit checked. The
// built-in face's landmarks (sets.hpp) are fitted to the scan's by a similarity and a thin-plate spline
// (geometry/warp.hpp); the fit is refused with plan_error naming the landmarks when they are degenerate,
// mirrored, of the wrong size, when single landmarks or whole groups lie far from where the others put them, or
// off the scan. The face frame (up, front, midline) comes from the similarity. Lengths mm in the scan's frame;
// the built-in face is the anatomical face of face/anatomy.hpp (mm, +x = subject's left).
//
// Limits (TransferLimits) are multiples of the face width W = the fitted scale times the distance of the
// outer eye corners on the built-in face (88.9 mm; W is 80-95 mm on adults):
//   - scale of the similarity 0.5-2 (the scan's face is half to twice the built-in face's size);
//   - per landmark: leave-one-out distance (how far the point lies from where the thin-plate spline
//     through all the others puts it) <= 0.2 W (~18 mm; real faces' landmarks lie well within: README);
//   - per group: RMS distance after the similarity <= 0.2 W (a whole group misplaced, not a face's shape);
//   - per landmark: distance to the scan surface <= 0.15 W (~13 mm: landmarks of another scan or frame);
//   - a scan triangle is covered when its centre is within 0.15 W of the warped built-in face, not more
//     than 1 mm beyond its border and facing the same way (within 75 degrees) (transfer.hpp).
#pragma once
#include <Eigen/Core>
#include <limits>
#include <string>
#include <vector>

#include "../core/config.hpp"
#include "../core/frame.hpp"
#include "../core/mesh.hpp"
#include "../geometry/closest.hpp"
#include "../geometry/warp.hpp"
#include "file.hpp"
#include "sets.hpp"

namespace mesogrid {

/// Acceptance limits of a landmark fit and of the transfer (see the top of this header). Lengths are
/// multiples of the face width W unless named _mm.
struct TransferLimits {
  double scale_min = 0.5, scale_max = 2.0;
  double point = 0.20;    ///< leave-one-out distance of one landmark, x W
  double group = 0.20;    ///< RMS distance of a group after the similarity, x W
  double surface = 0.06;  ///< distance of a landmark from the scan surface, x W (~5 mm)
  /// Adult face proportions measured on the landmarks themselves (see face_proportions): outer eye corner
  /// distance (ex-ex), the mouth's distance below the eye line, and how far the nose tip stands in front of
  /// the plane of the eyes and the mouth.
  double eye_width_min_mm = 70, eye_width_max_mm = 115;
  double eye_mouth_min_mm = 40, eye_mouth_max_mm = 95;
  double nose_front_min_mm = 5;
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

/// Proportions of a face measured on its landmarks (mm; a value is NaN when the landmarks lack its points):
/// the outer eye corners' distance (iBUG 36-45, MediaPipe 33-263), the distance of the mouth centre below
/// the line through the eye centres (perpendicular to it), and the height of the nose tip (iBUG 30,
/// MediaPipe 4) above the plane through the eye centres and the mouth centre, positive in front: the
/// side where (left eye - right eye) x (eyes - mouth) points, which is the front of a face whose eyes are
/// above its mouth.
struct FaceProportions {
  double eye_width_mm = std::numeric_limits<double>::quiet_NaN();
  double eye_mouth_mm = std::numeric_limits<double>::quiet_NaN();
  double nose_front_mm = std::numeric_limits<double>::quiet_NaN();
};

/// The proportions of the landmarks `lm` (points in mm).
inline FaceProportions face_proportions(const LandmarkFile& lm) {
  const bool ib = lm.set == LandmarkSet::ibug68;
  auto mean_of = [&](std::initializer_list<int> ibug, bool& ok) {
    Eigen::Vector3d sum = Eigen::Vector3d::Zero();
    int n = 0;
    for (int k : ibug) {
      const int want = ib ? k : ibug68_to_mediapipe()[static_cast<size_t>(k)][0];
      for (size_t i = 0; i < lm.index.size(); ++i)
        if (lm.index[i] == want) sum += lm.point[i], ++n;
    }
    ok = n > 0;
    return n > 0 ? Eigen::Vector3d(sum / n) : sum;
  };
  FaceProportions p;
  bool ok_er = false, ok_el = false, ok_m = false, ok_n = false, ok_cr = false, ok_cl = false;
  const Eigen::Vector3d er = mean_of({36, 37, 38, 39, 40, 41}, ok_er), el = mean_of({42, 43, 44, 45, 46, 47}, ok_el);
  const Eigen::Vector3d mouth = mean_of({48, 50, 51, 52, 54, 56, 57, 58}, ok_m), nose = mean_of({30}, ok_n);
  const Eigen::Vector3d cr = mean_of({36}, ok_cr), cl = mean_of({45}, ok_cl);
  if (ok_cr && ok_cl) p.eye_width_mm = (cl - cr).norm();
  if (ok_er && ok_el && ok_m) {
    const Eigen::Vector3d e = (el - er).normalized(), mid = (er + el) / 2;
    const Eigen::Vector3d d = mid - mouth, down = d - d.dot(e) * e;
    p.eye_mouth_mm = down.norm();
    if (ok_n && p.eye_mouth_mm > 0) {
      const Eigen::Vector3d n = e.cross(down).normalized();
      p.nose_front_mm = (nose - (er + el + mouth) / 3).dot(n);
    }
  }
  return p;
}

/// A checked landmark fit: the warp from the built-in face onto the scan, the scan's face frame and the
/// figures.
struct LandmarkFit {
  LandmarkWarp warp;
  FaceFrame frame;
  LandmarkFitReport report;
};

/// Distance of the outer eye corners on the built-in face (MediaPipe 33 and 263), mm.
inline double template_eye_width_mm(const Mesh& face) { return (face.vertex(33) - face.vertex(263)).norm(); }

/// Fits the built-in face `face` (anatomy.hpp) to the scan's landmarks `lm` (points in mm, scan frame) and
/// checks the fit. `scan` (optional) is the scan surface, for the landmark-to-surface check. Throws
/// plan_error, one line naming the file and the landmarks, when the landmarks are degenerate
/// (one point, a line, a plane), mirrored (left/right swapped), of an implausible size, when single
/// landmarks or a whole group lie far from where the others put them, or off the scan surface.
MESOGRID_API LandmarkFit fit_landmarks(const Mesh& face, const LandmarkFile& lm, const SurfaceIndex* scan = nullptr,
                                       const TransferLimits& lim = {});

}  // namespace mesogrid

#if MESOGRID_DEFINITIONS
#include "fit-inl.hpp"
#endif

// mesogrid/landmarks/transfer.hpp: the anatomy of the built-in face carried onto a patient's scan through facial
// landmarks: the landmark fit (fit.hpp), then every scan triangle takes the region of the nearest triangle of the
// warped built-in face, the scan is cut to the part the built-in face covers, and the danger zones are warped and
// snapped onto the scan surface. Lengths mm in the scan's frame; the built-in face is the anatomical face of
// face/anatomy.hpp (mm, +x = subject's left).
#pragma once
#include <Eigen/Core>
#include <vector>

#include "../core/config.hpp"
#include "../core/mesh.hpp"
#include "../face/zones.hpp"
#include "../geometry/closest.hpp"
#include "file.hpp"
#include "fit.hpp"

namespace mesogrid {

/// The scan with the built-in face's anatomy on it.
struct ScanTransfer {
  Mesh mesh;                ///< the covered part of the scan (mm), labelled with the built-in regions
  std::vector<Zone> zones;  ///< the built-in danger zones, warped and snapped onto the scan
  LandmarkFit fit;
  std::vector<Eigen::Vector3d> landmarks_mm;  ///< the scan's landmarks, as read (mm)
  std::vector<int> landmark_index;            ///< their numbers in fit.report.set
};

/// Which scan triangles the warped built-in face covers and their regions: label (index into
/// face.label_names) or -1 for a covered triangle outside every region (nose, lids, lips), and -2 for a
/// triangle the built-in face does not cover (ears, scalp, neck beyond the jaw, the inside of the mouth).
/// A triangle is covered when its centre lies within limits.cover x W of the warped built-in face, not more
/// than limits.border_mm beyond its border, and faces the same way (within limits.facing_deg, after
/// taking the scan's overall orientation).
MESOGRID_API std::vector<int> transfer_labels(const Mesh& scan, const Mesh& face, const LandmarkFit& fit,
                                              const TransferLimits& lim = {});

/// The built-in zones of `face` (zones.hpp) carried onto the scan: every path point warped, then moved to
/// the nearest point of the scan surface. Radii and rules are kept (they are clinical margins in mm); the
/// source says the zone was carried by the landmarks.
MESOGRID_API std::vector<Zone> transfer_zones(const std::vector<Zone>& zones, const LandmarkFit& fit,
                                              const SurfaceIndex& scan);

/// The whole transfer: fit_landmarks (throws plan_error for an implausible fit), transfer_labels, the
/// scan cut to its covered triangles (labels = the built-in regions), transfer_zones. `scan` is in mm,
/// `lm.point` in mm in the scan's frame, `face` the anatomical face (anatomy.hpp) in mm.
MESOGRID_API ScanTransfer transfer_to_scan(const Mesh& scan, const Mesh& face, const LandmarkFile& lm,
                                           const TransferLimits& lim = {});

}  // namespace mesogrid

#if MESOGRID_DEFINITIONS
#include "transfer-inl.hpp"
#endif

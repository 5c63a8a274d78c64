// src/face.hpp: the face a command works on, built once: the mesh (a file, or the built-in anatomical face) in mm,
// its frame, its regions and their descriptions, its keep-out and danger zones, and with --landmarks the built-in
// face's anatomy carried onto the scan (mesogrid/landmarks/transfer.hpp); with the notes and warnings of reading
// it. Every command (plan, compare, regions, batch rows) plans or draws on a Face.
#pragma once
#include <memory>
#include <mesogrid/core/frame.hpp>
#include <mesogrid/core/mesh.hpp>
#include <mesogrid/face/region.hpp>
#include <mesogrid/face/zones.hpp>
#include <mesogrid/landmarks/five.hpp>
#include <mesogrid/landmarks/transfer.hpp>
#include <string>
#include <vector>

#include "flags.hpp"
#include "landmarks/texture.hpp"

namespace mesogrid::cli {

inline constexpr const char* builtin_face_name = "built-in face";

/// Landmarks found on the scan (--landmarks auto): what the report says about them.
struct DetectedLandmarks {
  std::vector<int> placed;    ///< iBUG-68 numbers of the points used, in order
  std::vector<int> left_out;  ///< iBUG-68 numbers left out (the jaw's upper contour, rays beside the scan)
  std::vector<int> snapped;   ///< points over a hole, moved to the nearest surface pixel
  double score = 0;           ///< the face detector's confidence in the final view (dlib HOG; > 0 is a face)
  Eigen::Vector3d view_up{0, 1, 0}, view_front{0, 0, 1};    ///< the final (frontal) view, mesh frame
  Eigen::Vector3d found_up{0, 1, 0}, found_front{0, 0, 1};  ///< the candidate view the face was first found in
  int views = 0;                                            ///< candidate views searched
  int refinements = 0;                                      ///< frontal renders after the first detection
  bool implied = false;                                     ///< not asked: the scan had no regions
  std::string units_note;                                   ///< set when the face's size decided the mesh's units
  double seconds = 0;  ///< wall time of the detection (notes only: never in outputs)
  /// --landmarks FILE of a face detector's 5 points (mesogrid/landmarks/five.hpp): the file (as shown; empty:
  /// none), how far each point lies from the face found (mm) and whether its sides are the other way, the farthest
  /// allowed, and whether its points gave the search's view (not --up/--front).
  std::string guide;
  FiveMatch guide_match;
  double guide_limit_mm = 0;
  bool guide_view = false;
};

struct Face {
  Mesh mesh;                               ///< millimetres, labelled (with landmarks: the covered part of the scan)
  std::string name;                        ///< the path, or "built-in face"
  std::string units;                       ///< units the file was read in: mm, cm or m
  FaceFrame frame;                         ///< --up/--front, or the landmarks' frame
  std::vector<Zone> zones;                 ///< the built-in face's zones, or those carried by the landmarks; else none
  bool builtin = false;                    ///< the built-in anatomical face (mirror-exact regions and labels)
  std::string summary;                     ///< one line: format, counts, units decision (for --verbose)
  std::vector<std::string> notes;          ///< the reader's notes (welds, drops, units decision, ...), then the fit's
  std::vector<std::string> warnings;       ///< the mesh's (--units ignored, coarse steps): shown when it is read, and
                                           ///< first in every plan's warnings
  std::vector<std::string> plan_warnings;  ///< warnings of the plans on this face only (--up/--front ignored)
  /// With --landmarks: the transfer (its mesh is `mesh` above; zones; frame; fit report; landmarks).
  std::shared_ptr<const ScanTransfer> transfer;
  std::string landmark_units;  ///< units the landmark file was read in (mm, cm, m)
  /// With --landmarks auto: what was found (its points are transfer->landmarks, as a file's would be).
  std::shared_ptr<const DetectedLandmarks> detected;
  /// The scan's own texture (OBJ + MTL + image), per triangle of `mesh`; nullptr: drawn shaded.
  std::shared_ptr<const ScanTexture> texture;
};

/// Reads the face. Throws mesogrid::Error: input for anything wrong with the mesh or landmark file (missing,
/// unreadable, not a mesh, too large, out of memory, bad landmark values), plan for an implausible landmark fit.
Face load_face(const FaceSource& src);

/// The built-in anatomical face (mesogrid/face/anatomy.hpp), made once: the template the landmarks are fitted to.
const Mesh& builtin_anatomical_face();

/// The regions of the face (list_regions) with descriptions: the anatomical one where a name is a built-in
/// region, and what `all` is on a scan with landmarks.
std::vector<RegionInfo> face_regions(const Face& face);

/// The landmarks the face was fitted to as the documented CSV (name,x_mm,y_mm,z_mm; mesh frame, mm), for
/// --save-landmarks. Empty when the face has no landmarks.
std::string landmarks_csv(const Face& face);

}  // namespace mesogrid::cli

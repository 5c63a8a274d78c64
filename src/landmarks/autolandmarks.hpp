// src/autolandmarks.hpp: 3D facial landmarks found on a bare scan. The scan is rendered (orthographic,
// Lambert-shaded, textured when it has a texture: mesogrid/raster.hpp), a 2D face finder (dlib's,
// face_model.hpp) looks for a face and its 68 iBUG points, and each 2D point is carried back onto the
// surface along its view ray (the triangle under it, exactly). The result is used exactly like a landmark
// file (a named iBUG-68 subset) by the transfer (mesogrid/transfer.hpp).
//
// Orientation: without given axes, candidate views are tried in a fixed order until one shows a face: the
// usual frame (+y up, +z front) alone first (a confident face there ends the search), then the other 23
// axis-aligned frames, then the 8 corner and 12 edge directions of the cube at 6 roll angles each and the
// axes at the 4 rolls between the axis-aligned ones, in groups of 12 (the most confident face of the views
// searched so far is refined first); the detector accepts about 40 degrees of yaw, pitch and roll, so
// the candidates cover every orientation. The face found is then refined: the landmarks on the surface are
// fitted by a similarity to the built-in face's, which gives the face's own up and front; the scan is
// rendered again looking straight at the face and the landmarks are found again, until the frame moves by
// less than a degree. A candidate whose landmarks fit the mirror image of a face better than a face (the
// hollow inside of a face-only mesh seen from behind) is refused and the search goes on.
//
// Points over a hole of the scan (an open eye or mouth) go to the nearest surface pixel within a tenth of
// the eye distance. The jaw contour (iBUG 0-16) is the face's outline in the image, not a feature of the
// skin: its upper part (0-3 and 13-16, ear to jaw angle) is the side of the face seen edge-on, where a view
// ray runs along the skin to the ear or the hair, so those points are left out; its lower part (4-12, the
// lower jaw and the chin) faces the viewer, and each point goes on the surface under it unless that lies
// farther than 0.18 face widths from where the inner points put the built-in face's jaw (a ray that met the
// neck below the outline). JawPoints::omit (all 17 left out) and JawPoints::silhouette (each on the nearest
// 3D occluding contour) are kept for comparison: README gives the measurements behind the choice.
// Untextured renders show no eyebrow hair: the detector puts the eyebrows on the shading of the brow
// ridge, lower than they are; the offset it makes on the built-in face (whose iBUG points are known from
// the landmark table) is measured once per process and removed from the eyebrow points of every
// untextured render.
//
// Lengths are in the mesh's units (the pipeline is unit-free); 2D positions in pixels.
#pragma once
#include <Eigen/Core>
#include <array>
#include <functional>
#include <mesogrid/core/mesh.hpp>
#include <mesogrid/geometry/raster.hpp>
#include <mesogrid/io/types.hpp>
#include <mesogrid/landmarks/file.hpp>
#include <mesogrid/landmarks/sets.hpp>
#include <optional>
#include <string>
#include <vector>

namespace mesogrid::cli {

/// A face found in an image: its box (pixels, continuous coordinates) and the detector's confidence.
struct FaceBox {
  double left = 0, top = 0, right = 0, bottom = 0;
  double score = 0;
};

/// The 2D face finder the detection runs on: dlib's (face_model.hpp), or a stand-in in tests.
struct FaceFinder2D {
  /// Faces in an image, most confident first. Must be safe to call from several threads at once.
  std::function<std::vector<FaceBox>(const Image&)> detect;
  /// The 68 iBUG points (pixels, continuous coordinates) of the face in `box`. Thread-safe too.
  std::function<std::array<Eigen::Vector2d, 68>(const Image&, const FaceBox&)> shape;
};

/// What to do with the jaw contour (iBUG 0-16): see the top.
enum class JawPoints { omit, silhouette, lower };

struct AutoLandmarkOptions {
  /// Axes given by the user (--up/--front): only that view is tried (then refined).
  bool axes_given = false;
  Eigen::Vector3d up{0, 1, 0}, front{0, 0, 1};
  JawPoints jaw = JawPoints::lower;
  SurfaceColour colour;       ///< the scan's texture or vertex colours (the detector then sees eyebrows and lips)
  bool correct_brows = true;  ///< remove the eyebrow offset of untextured renders (see the top)
  /// Average the shape found in the frontal render with the one found in its mirror image.
  bool mirror_average = true;
  /// Face width in pixels of the final (frontal) render.
  double face_px = 320;
};

/// The landmarks found, in the mesh's units and frame.
struct AutoLandmarks {
  LandmarkFile file;  ///< the iBUG-68 points placed on the surface, as a named subset (source "detected")
  std::array<Eigen::Vector3d, 68> point{};
  std::array<bool, 68> placed{};                            ///< point k is on the surface (false: left out)
  std::array<Eigen::Vector2d, 68> image_point{};            ///< in the final view (after the eyebrow correction)
  Eigen::Vector3d up{0, 1, 0}, front{0, 0, 1};              ///< the face's frame found (unit vectors)
  Eigen::Vector3d found_up{0, 1, 0}, found_front{0, 0, 1};  ///< the candidate view it was first found in
  double score = 0;                                         ///< detector confidence in the final view
  int views = 0;                                            ///< candidate views searched
  int refinements = 0;                                      ///< frontal renders after the first detection
  double frame_change_deg = 0;                              ///< angle between the candidate view and the frame found
  OrthoView view;                                           ///< the final view
  std::vector<int> snapped;                                 ///< points over a hole, moved to the nearest surface pixel
};

/// Finds the face and its landmarks on `mesh`. `builtin_face` is the anatomical built-in face in mm
/// (anatomy.hpp; its iBUG points are the template of the refinement and of the eyebrow correction).
/// nullopt when no view shows a face.
std::optional<AutoLandmarks> detect_landmarks(const Mesh& mesh, const Mesh& builtin_face, const FaceFinder2D& finder,
                                              const AutoLandmarkOptions& opt = {});

/// Why `mesh` (in mm, read from its file at `scale_to_mm` mm per file unit) cannot be a whole face or head in
/// any unit it may be in (only its own when `units_given`), or "" when it may be one. Measured on its principal
/// extents e1 >= e2 >= e3 (orientation-free): a face or head spans at least a face's height, its width at least
/// the outer eye corners' distance with skin beyond, and it has depth (the nose and the turn of the cheeks);
/// a head-and-shoulders bust is at most a metre; and it has triangles enough to show a face's features.
/// Limits and sources: FaceSizeLimits below.
std::string not_face_sized(const Mesh& mesh, double scale_to_mm, bool units_given);

/// The units (of um, mm, cm, m, in, in that order) in which `mesh`, read at `scale_to_mm` mm per file unit, would
/// be a whole face or head by the measures of not_face_sized. A head read from a file in cm is one in inches too
/// (2.54 times larger): only a face's own proportions tell them apart.
std::vector<Units> face_sized_units(const Mesh& mesh, double scale_to_mm);

/// Whether `mesh` turns its skin away from every direction as a whole face or head does: its area-weighted mean
/// normal is at most half its area long (a hemisphere's is exactly half; a face with its sides 0.43, the bust scan
/// 0.40), where a patch of skin (a cheek, a forehead: 0.74-0.92) faces mostly one way.
bool turns_like_a_head(const Mesh& mesh);

/// The limits of not_face_sized, mm. Adult anthropometric norms (Farkas LG, Anthropometry of the Head and Face,
/// 2nd ed., Raven Press 1994; quoted from memory, not checked against the book): face height nasion-gnathion
/// about 105-135 mm, outer eye corners (ex-ex) about 80-100 mm, bizygomatic width about 120-145 mm, nose tip
/// about 20-30 mm in front of the cheeks' plane. Checked against a published table instead (two groups of
/// adults, doi:10.1186/s40902-019-0191-7, table 9, mean +- SD): nasion-menton 101.8 +- 3.6 and 117.1 +- 5.4,
/// ex-ex 98.2 +- 3.5 and 94.4 +- 4.9, zy-zy 133.8 +- 4.6 and 130.1 +- 3.5. The minima below are of the whole
/// mesh, which spans more than these (the forehead above the nasion, the cheeks beyond the eye corners).
struct FaceSizeLimits {
  double height_min_mm = 100;  ///< e1: at least a face's height (nasion-gnathion, with a little margin down)
  double width_min_mm = 100;   ///< e2: the outer eye corners' distance and some skin beyond them
  double depth_min_mm = 30;    ///< e3: the nose's projection and the cheeks turning back
  double size_max_mm = 1000;   ///< e1: a head-and-shoulders bust
  /// Triangles: a face's features need a few hundred (the coarsest face mesh in common use, MediaPipe's
  /// canonical face, has 898).
  Eigen::Index triangles_min = 300;
};

/// The candidate frames (up, front) of the orientation search, in the order they are tried.
std::vector<std::pair<Eigen::Vector3d, Eigen::Vector3d>> candidate_frames();

/// Grey render used for detection: Lambert-shaded, lit from above the viewer, black background.
Image render_for_detection(const Mesh& mesh, const Eigen::MatrixXd& normals, const OrthoView& view,
                           const Raster& raster, const SurfaceColour& colour = {});

/// Surface points under image positions q of `view` (exact view rays, cast_rays); a ray that meets no
/// triangle takes the surface pixel of `raster` nearest to q within max_px (face -1 when there is none).
/// `snapped` (optional) gets the indices of the points moved.
std::vector<RayHit> back_project(const Mesh& mesh, const OrthoView& view, const Raster& raster,
                                 const std::vector<Eigen::Vector2d>& q, double max_px,
                                 std::vector<int>* snapped = nullptr);

/// The point of the occluding contour (silhouette) of `raster` nearest to image position q within max_px:
/// a surface pixel next to the background or to a surface farther than depth_jump (mm) behind it; face
/// -1 when there is none.
RayHit silhouette_point(const Mesh& mesh, const OrthoView& view, const Raster& raster, const Eigen::Vector2d& q,
                        double max_px, double depth_jump);

}  // namespace mesogrid::cli

// src/maps/draw.hpp: the drawing primitives of the maps: the page (A4, 1 unit = 1 mm of paper), the projection of
// the face onto it, the shaded face and its outlines, the zones, the sites coloured by depth, the scale bar and
// the legends, each appending SVG elements to the page's text. The page layouts that put them together are in
// pages.cpp. Paper units are mm; face units are mm of the mesh.
#pragma once
#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <functional>
#include <mesogrid/core/frame.hpp>
#include <mesogrid/core/mesh.hpp>
#include <mesogrid/face/zones.hpp>
#include <mesogrid/geometry/raster.hpp>
#include <mesogrid/plan/types.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "../output/numbers.hpp"
#include "maps.hpp"

namespace mesogrid::cli::draw {

constexpr double page_w = 210, page_h = 297;  // A4 portrait, mm
constexpr const char* font = "DejaVu Sans, Arial, Helvetica, sans-serif";
/// Shallow (light yellow) to deep (dark violet): viridis, readable by colour-blind readers.
constexpr std::array<const char*, 6> depth_palette{"#fde725", "#7ad151", "#22a884", "#2a788e", "#414487", "#440154"};
/// One colour per technique in comparisons (Okabe-Ito).
constexpr std::array<const char*, 4> technique_palette{"#d55e00", "#0072b2", "#009e73", "#cc79a7"};

/// Font size of the zone names written on the face, mm of paper: 2.5 mm is 7.1 pt, legible on an A4 print.
constexpr double zone_name_font = 2.5;

/// Print resolution of the face picture: dots per inch of paper.
constexpr double picture_dpi = 300;

/// `v` with 2 decimals (coordinates on paper).
std::string f2(double v);

/// `s` with the XML special characters escaped.
std::string esc(std::string_view s);

/// A box on paper, mm: [x0, x1] x [y0, y1].
struct Box {
  double x0, y0, x1, y1;
  bool overlaps(const Box& b) const { return x0 < b.x1 && b.x0 < x1 && y0 < b.y1 && b.y0 < y1; }
  bool contains(const Box& b) const { return x0 <= b.x0 && b.x1 <= x1 && y0 <= b.y0 && b.y1 <= y1; }
};

/// Maps face coordinates (mm, mesh frame) to paper (mm from the page's top-left corner).
struct Fit {
  MapView view;
  double s = 1, xmin = 0, ymax = 0, ox = 0, oy = 0;
  Eigen::Vector2d operator()(const Eigen::Vector3d& p) const {
    return {ox + s * (p.dot(view.right) - xmin), oy + s * (ymax - p.dot(view.up))};
  }
};

/// The face to draw: the whole mesh (any density), its vertex normals, its colour (a scan's texture; none:
/// grey), and its extent in the view.
struct FaceDrawing {
  const Mesh* mesh = nullptr;
  MapView view;
  Eigen::MatrixXd normals;                ///< #V x 3, for smooth shading
  const SurfaceColour* colour = nullptr;  ///< the scan's texture, or nullptr
  double xmin = 0, xmax = 0, ymin = 0, ymax = 0;
};

/// True when p is on the side of the face the view shows (with 1 mm across the midline).
bool on_side(const MapView& v, const FaceFrame& fr, const Eigen::Vector3d& p);

/// The face of `mesh` as seen in `view`: normals and the extent of the triangles facing the viewer. `mesh` and
/// `colour` must outlive the drawing.
FaceDrawing make_face(const Mesh& mesh, const MapView& view, const SurfaceColour* colour = nullptr);

/// The projection that fits the drawing in the box (bx, by, bw, bh) of the page, centred.
Fit fit_box(const FaceDrawing& d, const MapView& view, double bx, double by, double bw, double bh);

/// The face rendered for one fit at print resolution (geometry/raster.hpp: watertight at any density, the
/// nearest surface at every pixel): the z-buffer, the shaded picture (grey, or RGB when the scan is textured)
/// and where it lies on paper. Everything drawn on the face (outlines, zone footprints, visible sites) is
/// taken from this one z-buffer.
struct FacePicture {
  const FaceDrawing* face = nullptr;
  OrthoView view;  ///< pixels of the picture
  Raster raster;
  Image image;
  double x = 0, y = 0;         ///< paper position of the picture's top-left corner, mm
  double px_per_paper_mm = 1;  ///< pixels per mm of paper
  Eigen::Vector2d to_paper(const Eigen::Vector2d& px) const {
    return {x + px.x() / px_per_paper_mm, y + px.y() / px_per_paper_mm};
  }
  /// The label of the triangle seen at pixel (x, y): -2 background, -1 unlabelled.
  int label_at(int px, int py) const;
};

FacePicture render_face(const FaceDrawing& d, const Fit& fit, double dpi = picture_dpi);

/// The picture as an embedded PNG (`image` when given, else the picture's own shading), or, in a build without
/// a PNG encoder, the silhouette filled grey.
void draw_picture(std::string& o, const FacePicture& p, const Image* image = nullptr);

/// Region outlines (between differently labelled visible surface), the outline of the `planned` labels and the
/// silhouette, traced on the picture's z-buffer.
void draw_outlines(std::string& o, const FacePicture& p, const std::set<int>& planned);

/// The face picture with its outlines and the plan's region outlined.
void draw_face(std::string& o, const Plan& plan, const FacePicture& p);

/// Colour and hatching pattern of a zone kind (keep-out, artery, nerve, user).
const char* zone_colour(const std::string& kind);
/// The colour of a zone kind's name and leader line: its colour, darker where that is too light for text.
const char* zone_text_colour(const std::string& kind);
std::string zone_pattern(const std::string& kind, bool forbid = false);

/// The names of the zones that removed or capped a site of one of the plans.
std::set<std::string> active_zones(const std::vector<const Plan*>& plans);

/// A zone's footprint on the visible surface of a picture: the pixels whose surface point (on the shown side)
/// lies in the zone in 3D (zone_contains), outlined; loops in paper mm (even-odd); the footprint's point nearest
/// its centre of mass (`label`), and points of the footprint about 1 mm of paper apart, nearest that centre
/// first (`inside`: where its name may go), paper mm.
struct ZoneFootprint {
  const Zone* zone = nullptr;
  std::vector<std::vector<Eigen::Vector2d>> loops;
  Eigen::Vector2d label{0, 0};
  std::vector<Eigen::Vector2d> inside;
  long pixels = 0;  ///< its size in the picture
};
std::vector<ZoneFootprint> zone_footprints(const std::vector<Zone>& zones, const FaceFrame& fr, const FacePicture& p);
/// The footprints found on a picture drawn with fit `from`, moved onto a picture of the same face drawing at fit
/// `to` (another scale or place on the page): the same surface, so the same footprints, without testing every
/// pixel against the zones again.
std::vector<ZoneFootprint> refit(std::vector<ZoneFootprint> fps, const Fit& from, const Fit& to);

/// Where the zone names may go: within `area`, never over an `obstacle` (other text) nor over another name, and
/// over as few `dots` (site dots of radius `dot_r`, centres on paper) as the footprint allows.
struct NameRules {
  Box area{0, 0, page_w, page_h};
  std::vector<Box> obstacles;
  std::vector<Eigen::Vector2d> dots;
  double dot_r = 0;
  bool faint = true;  ///< false: only the zones that change a site are named (small panels)
};

/// How the zones were drawn: their kinds in legend order, whether any forbids or caps, and where their names went.
struct DrawnZones {
  std::vector<std::string> kinds;
  bool forbid = false, cap = false;
  /// The boxes of the zone names written on the face (with their halo), paper mm.
  std::vector<Box> name_boxes;
  /// Small boxes along the leader lines of names written beside their footprint.
  std::vector<Box> leader_boxes;
  /// Zones drawn but not named on the face for want of room ("supraorbital artery (left)"): the legend lists them.
  std::vector<std::string> unnamed;
  /// What site numbers keep clear of: the names and their leaders.
  std::vector<Box> obstacles() const;
};

/// Draws the zones' footprints on the visible surface, named. A zone that forbids (a keep-out, or a vessel zone
/// that removed every site of the plans it reached) is cross-hatched with a solid outline; one that caps the depth
/// (sites brought up above the vessel) is hatched one way with a dashed outline. Zones that change no site of
/// the plans are drawn faint (with no plans: all faint, by their kind).
/// Names (zone_name_font, long ones on two lines) are placed by `rules`, zones that change a site first: on the
/// footprint where a place is free, else beside it with a leader line, else left off the face and listed in
/// DrawnZones::unnamed. No two names overlap.
DrawnZones draw_zones(std::string& o, const std::vector<Zone>& zones, const FaceFrame& fr, const FacePicture& p,
                      const std::vector<const Plan*>& plans, const NameRules& rules);
/// The same with the footprints on `p` already found (zone_footprints, or refit from another picture).
DrawnZones draw_zones(std::string& o, const std::vector<ZoneFootprint>& fps, const FacePicture& p,
                      const std::vector<const Plan*>& plans, const NameRules& rules);

/// Sites shown in this view: on the shown side (side views), first along their exact view ray (not hidden behind
/// or under another surface) and on skin facing the view by more than 10° (not edge-on).
std::vector<const Site*> shown_sites(const Plan& plan, const FacePicture& p);

/// Radius of a site's dot on paper, from the plan's spacing.
double dot_radius(const Plan& plan, const Fit& fit);

/// Distinct depths (0.01 mm) shallow to deep and their colours (binned when more than the palette).
struct DepthScale {
  std::vector<double> depths;
  double lo = 0, hi = 0;
  bool binned = false;
  const char* colour(double depth) const {
    const size_t n = depth_palette.size();
    if (!binned) {
      const auto it = std::lower_bound(depths.begin(), depths.end(), rounded(depth, 2) - 1e-9);
      const size_t i = static_cast<size_t>(it - depths.begin());
      const size_t k = depths.size() <= 1 ? 2 : i * (n - 1) / (depths.size() - 1);
      return depth_palette[std::min(k, n - 1)];
    }
    const double t = hi > lo ? (depth - lo) / (hi - lo) : 0;
    return depth_palette[std::min(n - 1, static_cast<size_t>(t * static_cast<double>(n)))];
  }
};

/// The depth scale of a plan's sites.
DepthScale depth_scale(const Plan& plan);

/// The sites as dots of `colour` (rings where the skin faces away), numbered with `labels`.
void draw_sites(std::string& o, const std::vector<const Site*>& sites, const Fit& fit, double r,
                const std::function<const char*(const Site&)>& colour, bool labels);

/// A scale bar of a round length (mm on the face) at (x, y), about `target` paper mm long.
void draw_scale_bar(std::string& o, const Fit& fit, double x, double y, double target);

/// The start of a page w x h mm: XML header, svg element, title, hatching patterns, white paper.
std::string svg_open(double w, double h, const std::string& title);

/// The zone legend at (x, y), one row per kind, then the forbid and cap styles drawn, then the zones not named on
/// the face, wrapped within `w` mm; y moves below it.
void legend_zones(std::string& o, const DrawnZones& zones, double x, double& y, double w = 90);

}  // namespace mesogrid::cli::draw

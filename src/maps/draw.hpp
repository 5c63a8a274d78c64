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

constexpr Eigen::Index max_shade_faces = 2000;

/// `v` with 2 decimals (coordinates on paper).
std::string f2(double v);

/// `s` with the XML special characters escaped.
std::string esc(std::string_view s);

/// Maps face coordinates (mm, mesh frame) to paper (mm from the page's top-left corner).
struct Fit {
  MapView view;
  double s = 1, xmin = 0, ymax = 0, ox = 0, oy = 0;
  Eigen::Vector2d operator()(const Eigen::Vector3d& p) const {
    return {ox + s * (p.dot(view.right) - xmin), oy + s * (ymax - p.dot(view.up))};
  }
};

/// The face as drawn: a shading mesh (the plan's mesh, vertex-clustered when large) and the plan mesh's
/// region boundary, silhouette and the visible extent.
struct FaceDrawing {
  Mesh shade;
  std::vector<int> shade_order;  // visible shading triangles, back to front
  std::vector<int> shade_grey;   // 0..255 per shading triangle
  double xmin = 0, xmax = 0, ymin = 0, ymax = 0;
};

/// True when p is on the side of the face the view shows (with 1 mm across the midline).
bool on_side(const MapView& v, const FaceFrame& fr, const Eigen::Vector3d& p);

/// The face of `mesh` as seen in `view`: shading triangles (a vertex-clustered copy over max_shade_faces), their
/// grey levels from a light over the viewer's shoulder, back to front, and the visible extent.
FaceDrawing make_face(const Mesh& mesh, const MapView& view);

/// The projection that fits the drawing in the box (bx, by, bw, bh) of the page, centred.
Fit fit_box(const FaceDrawing& d, const MapView& view, double bx, double by, double bw, double bh);

/// Shading, back to front; consecutive triangles of the same colour share one path. `tint` (optional)
/// gives a triangle's colour as 0xRRGGBB from its grey level and index (default: the grey).
void draw_shading(std::string& o, const FaceDrawing& d, const Fit& fit,
                  const std::function<long(int grey, int face)>& tint = nullptr);

/// Region outlines (edges between differently labelled faces), the outline of the `planned` labels, silhouette.
void draw_outlines(std::string& o, const Mesh& mesh, const FaceFrame& fr, const std::set<int>& planned, const Fit& fit);

/// The shaded face with its outlines and the plan's region outlined.
void draw_face(std::string& o, const Mesh& mesh, const Plan& plan, const FaceDrawing& d, const Fit& fit);

/// Colour and hatching pattern of a zone kind (keep-out, artery, nerve, user).
const char* zone_colour(const std::string& kind);
std::string zone_pattern(const std::string& kind);

/// The names of the zones that removed or capped a site of one of the plans.
std::set<std::string> active_zones(const std::vector<const Plan*>& plans);

/// Draws the zones on the shown side; returns the kinds drawn (legend order). Zones not in `active` (that change
/// no site of the plans) are drawn faint, so the ones that matter for this plan stand out.
std::vector<std::string> draw_zones(std::string& o, const std::vector<Zone>& zones, const FaceFrame& fr, const Fit& fit,
                                    const std::set<std::string>& active);

/// Sites shown in this view (front: all; left/right: those on that half facing the viewer).
std::vector<const Site*> shown_sites(const Plan& plan, const MapView& view);

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

/// The zone legend at (x, y), one row per kind; y moves below it.
void legend_zones(std::string& o, const std::vector<std::string>& kinds, double x, double& y);

}  // namespace mesogrid::cli::draw

// src/maps/maps.hpp: injection maps as SVG for people (trainers, printouts): an orthographic view of the face
// (front along the plan's --front axis, or the subject's left/right side), Lambert-shaded silhouette,
// region outlines, keep-out and danger zones hatched, sites as dots coloured by depth (or by technique in
// a comparison), optional site numbers, a legend, a scale bar in mm and a summary box. A4 pages whose
// user unit is the millimetre of paper. Byte-stable: fixed decimals, stable element order, no time.
#pragma once
#include <Eigen/Core>
#include <functional>
#include <mesogrid/core/frame.hpp>
#include <mesogrid/core/mesh.hpp>
#include <mesogrid/face/region.hpp>
#include <mesogrid/face/zones.hpp>
#include <mesogrid/geometry/raster.hpp>
#include <mesogrid/plan/types.hpp>
#include <string>
#include <vector>

#include "../face.hpp"

namespace mesogrid::cli {

/// The view of a map: screen x/y axes (unit, mesh frame) and the direction toward the viewer.
struct MapView {
  std::string name = "front";  ///< front, left or right
  Eigen::Vector3d right, up, toward;
  int side = 0;  ///< +1: only the subject's left half is shown (left view), -1: right half, 0: all
};

/// Throws usage_error (exit 1) naming --view when `name` is not front, left or right.
MapView make_map_view(const FaceFrame& frame, const std::string& name);

struct MapOptions {
  std::string view = "front";              ///< --view
  bool labels = false;                     ///< --labels: site numbers beside the dots
  std::string mesh_name;                   ///< shown in the title line
  Record record;                           ///< --patient, --date, ...: in the summary box and on each site sheet
  const SurfaceColour* texture = nullptr;  ///< the scan's texture (Face::texture), drawn under the overlays
  /// What a long map is at ("close-up 3 of 60", "page 12 of 72 into PDF"), for the command's activity line; called
  /// from the thread drawing the map; may be empty. Never changes the map.
  std::function<void(const std::string&)> progress;
};

/// One plan on one page (A4 portrait). `zones` are the zones applied to the plan (drawn hatched).
std::string plan_svg(const Mesh& mesh, const Plan& plan, const std::vector<Zone>& zones, const MapOptions& opt);

/// Several plans side by side on one page (A4 landscape), sites coloured by technique, with a table.
std::string compare_svg(const Mesh& mesh, const std::vector<Plan>& plans, const std::vector<Zone>& zones,
                        const MapOptions& opt);

/// The regions of a face on one page (A4 portrait): the shaded face coloured by region (mirrored
/// pairs share a colour), outlines and names, the danger zones faint, the landmarks of a scan with
/// --landmarks as crosses, a legend with areas, the fit figures and a scale bar.
std::string regions_svg(const Face& face, const std::vector<RegionInfo>& regions, const MapOptions& opt);

/// Pages of the site table (A4 portrait SVGs; PDF output appends them after the map): a chair-side sheet, per site
/// its number, region, depth, needle angle and direction, volume and a box to tick, the record on every page.
std::vector<std::string> site_table_svgs(const Plan& plan, const Record& record = {});

/// The PDF's checklist pages (A4 portrait): the plan's warnings in full, then every list of plan/safety.hpp with
/// its items' text, source and strength of evidence, boxes to tick.
std::vector<std::string> checklist_svgs(const Plan& plan, const Record& record = {});

/// The PDF's numbered close-ups (A4 portrait) for --labels: per region of the plan, its sites zoomed until every
/// number fits beside its dot without overlap, tiled over several pages when the region is large at that zoom.
std::vector<std::string> label_page_svgs(const Mesh& mesh, const Plan& plan, const std::vector<Zone>& zones,
                                         const MapOptions& opt);

/// The bytes of a map file: "svg" one page (plan_svg, or compare_svg when `compare`); "pdf" the same page, then
/// for a plan the numbered close-ups (with labels), the checklist pages and the site sheet. Throws as
/// pdf_from_svg_pages.
std::string render_map(const std::string& format, const Mesh& mesh, const std::vector<Plan>& plans,
                       const std::vector<Zone>& zones, const MapOptions& opt, bool compare);

/// Where a site is drawn on plan_svg's page (paper mm from the top-left), for tests: the same transform.
/// `zones` as given to plan_svg: the page's legend, and so the map's height, depends on them.
std::vector<Eigen::Vector2d> plan_svg_site_positions(const Mesh& mesh, const Plan& plan, const MapOptions& opt,
                                                     const std::vector<Zone>& zones = {});

}  // namespace mesogrid::cli

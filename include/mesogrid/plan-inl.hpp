// mesogrid/plan-inl.hpp: the definition of make_plan (included by plan.hpp when MESOGRID_DEFINITIONS; see
// core/config.hpp): region, lattice, mirror, skin check, sites, zones, volumes, totals.
#pragma once
#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "core/text.hpp"
#include "core/timing.hpp"
#include "face/region.hpp"
#include "geometry/closest.hpp"
#include "geometry/point_hash.hpp"
#include "lattice/lattice.hpp"
#include "lattice/mirror.hpp"
#include "plan.hpp"
#include "plan/audit.hpp"
#include "plan/resolve.hpp"
#include "plan/sites.hpp"
#include "plan/skin_depth.hpp"

namespace mesogrid {

MESOGRID_API Plan make_plan(const Mesh& mesh, const PlanParams& params) {
  Plan plan;
  plan.params = resolve_params(params, plan.warnings, &plan.notes);
  const ResolvedParams& r = plan.params;
  // on a mirror-exact mesh a right-side region is planned as the mirror image of its left partner
  const bool right_from_left = params.mirror_mesh && r.region.size() > 6 &&
                               r.region.compare(r.region.size() - 6, 6, "_right") == 0 &&
                               !region_labels(mesh, r.region.substr(0, r.region.size() - 6) + "_left").empty();
  Mesh extracted;  // "all" is the mesh itself: a dense scan is not copied
  if (r.region != "all")
    extracted = extract_region(mesh, right_from_left ? r.region.substr(0, r.region.size() - 6) + "_left" : r.region);
  const Mesh& region = r.region == "all" ? mesh : extracted;
  stage_done("region");
  plan.region_label = r.region;
  const double area_mm2 = surface_area(region);
  plan.summary.region_area_cm2 = area_mm2 / 100.0;
  const double cell = lattice_cell_area(r.lattice, r.spacing_mm);
  if (area_mm2 < cell)
    throw plan_error(Message("region '" + r.region + "' (" + text::general(area_mm2 / 100) +
                             " cm2) is smaller than one lattice cell (" + text::general(cell / 100) + " cm2 at " +
                             text::general(r.spacing_mm) + " mm spacing): use a smaller ")
                     << Param::spacing);
  const double expected = area_mm2 / cell;
  if (expected > 4.0 * static_cast<double>(r.max_sites))
    throw plan_error(Message("region '" + r.region + "' would need about " +
                             std::to_string(static_cast<long long>(std::min(expected, 1e15))) + " sites, more than ")
                     << Param::max_sites << " " + std::to_string(r.max_sites) + ": raise " << Param::max_sites
                     << " or the spacing");
  if (region.num_vertices() > 0) {  // a margin wider than the region itself: no site can be kept, say it at once
    const Eigen::Vector3d ext = region.V.colwise().maxCoeff() - region.V.colwise().minCoeff();
    const double keep = r.margin_mm - lattice_row_spacing(r.lattice, r.spacing_mm) / 2;
    if (keep > ext.norm())
      throw plan_error(Message("no site fits in region '" + r.region + "': the " + text::general(r.margin_mm) +
                               " mm margin is wider than the region (" + text::general(ext.norm()) +
                               " mm across): reduce ")
                       << Param::margin);
  }
  // which side of the skin is out comes from the whole mesh's shape (a region may be concave), whatever its axes:
  // a face looking along -z planned with the default front +z keeps its needles in the skin
  // (said when the given or default front is more than 60 degrees from where the mesh as a whole faces, for a mesh
  // that faces one way: a face, a bust; a closed head faces every way)
  const Winding winding = outward_winding(mesh);
  if (const Eigen::Vector3d o = winding.outward_normal.normalized();
      !params.frame_from_face && winding.side != 0 && winding.outward_normal.norm() >= 0.25 * winding.area_mm2 &&
      o.dot(r.frame.front.normalized()) < 0.5)
    plan.notes.push_back(Message("the mesh's outside (its convex side, from its shape) faces " + text::point(o, 2) +
                                 ", more than 60 degrees from the front axis " + text::point(r.frame.front, 2) +
                                 ": needles go into the skin as its shape says; if the face looks that way, give "
                                 "the front and up axes so that rows, maps and left/right follow the face"));
  LatticeOptions lo;
  lo.kind = r.lattice;
  lo.spacing_mm = r.spacing_mm;
  lo.margin_mm = r.margin_mm;
  lo.frame = r.frame;
  lo.winding = winding.side;
  lo.region_area_mm2 = area_mm2;
  LatticeReport lattice_report;
  std::vector<LatticeSite> ls = surface_lattice(region, lo, &plan.notes, &lattice_report);
  for (const LatticeReport::Overlap& ov : lattice_report.overlaps)  // a risk: which surface is the skin?
    plan.warnings.push_back(Message(
        "two surfaces of the region lie one over the other: " + std::to_string(ov.dropped) + " of the " +
        std::to_string(ov.sites) + " sites of a piece of " + text::general(ov.area_mm2 / 100) + " cm2 around " +
        text::point(ov.centroid_mm, 1) +
        " mm fall within 0.7x the spacing of another piece's sites and were dropped (a scan written twice, or an "
        "inner shell): the sites left may lie on the inner surface; keep one surface in the mesh"));
  if (const int own = lattice_report.axis_frame_pieces + lattice_report.surface_frame_pieces;
      own > 0 && !params.frame_from_face) {
    // what the lattice did on its own: rows not along the given or default axes (said, with how to give them; a
    // frame from the face itself is right, and a piece of it too curved for rows along it is the lattice's affair)
    const bool axis = lattice_report.axis_frame_pieces > 0;
    plan.notes.push_back(Message(
        "rows on " + std::to_string(own) + " of " + std::to_string(lattice_report.pieces) + " pieces (" +
        text::decimals(lattice_report.own_rows_area_mm2 / 100, 1) + " cm2) " +
        (axis ? "are horizontal about the mesh's own axis " + text::point(lattice_report.row_axis, 2) + ","
              : "follow the skin's own smoothest directions,") +
        " not the up axis " + text::point(r.frame.up, 2) + ", which meets that skin badly" +
        (params.axes_given ? std::string()
                           : " (a scan turned in its file): give --up and --front to lay them along the face")));
  }
  if (params.mirror_mesh && (right_from_left || mirror_closed(mesh, r.region)))
    ls = mirror_symmetric_sites(ls, r.frame, r.spacing_mm, right_from_left);
  if (ls.empty()) {
    // how deep the region is says which margin would leave room: a site lies at least margin - half a row inside
    const double half_row = lattice_row_spacing(r.lattice, r.spacing_mm) / 2;
    const std::string depth =
        lattice_report.pieces > 0 && lattice_report.depth_mm < r.margin_mm - half_row
            ? " (the region is at most " + text::general(lattice_report.depth_mm) + " mm deep and a site must lie " +
                  text::general(std::max(0.0, r.margin_mm - half_row)) + " mm inside its edge: a margin up to " +
                  text::general(lattice_report.depth_mm + half_row) + " mm leaves room)"
            : "";
    throw plan_error(Message("no site fits in region '" + r.region + "' with " + text::general(r.spacing_mm) +
                             " mm spacing and " + text::general(r.margin_mm) + " mm margin" + depth + ": reduce ")
                     << Param::spacing << " or " << Param::margin);
  }
  if (static_cast<long>(ls.size()) > r.max_sites)
    throw plan_error(Message("plan has " + std::to_string(ls.size()) + " sites, more than ")
                     << Param::max_sites << " " + std::to_string(r.max_sites) + ": raise " << Param::max_sites
                     << " or the spacing");

  // a right region planned from its left partner: the right region itself, where its sites lie (labels, audit)
  Mesh right_region;
  if (right_from_left) right_region = extract_region(mesh, r.region);

  // the skin under each site: its region label (the triangle under it), that region's skin row
  plan.label_names = mesh.label_names;
  std::vector<int> site_label(ls.size(), -1);
  if (!mesh.label_names.empty() && mesh.label.size() == mesh.num_faces()) {
    // the planned region's own triangles (a site on a border takes the label of the region planned); a right
    // region planned from its left partner is cut out for this
    const Mesh& labelled = right_from_left ? right_region : region;
    const SurfaceIndex index(labelled);
    for (size_t i = 0; i < ls.size(); ++i) {
      const SurfaceHit h = index.closest(ls[i].position);
      if (h.face >= 0 && labelled.label.size() == labelled.num_faces()) site_label[i] = labelled.label(h.face);
    }
  }
  std::vector<SkinLayers> skin;  // [label + 1]
  skin.push_back(generic_skin_layers(params.sex));
  for (const auto& n : mesh.label_names) skin.push_back(skin_layers_or_generic(n, params.sex));
  auto skin_of = [&](int label) -> const SkinLayers& { return skin[static_cast<size_t>(label + 1)]; };
  const TechniquePreset& tp = preset(r.technique);
  plan.sites.reserve(ls.size());
  for (size_t i = 0; i < ls.size(); ++i) {
    Site s;
    s.id = static_cast<long>(i) + 1;
    s.row = ls[i].row;
    s.col = ls[i].col;
    s.position = ls[i].position;
    s.normal = ls[i].normal;
    s.label = site_label[i];
    s.needle = needle_direction(s.position, s.normal, r);
    s.angle_deg = r.angle_deg;
    s.depth_mm = r.depth_mm;
    if (!r.depth_given) {  // the preset depth follows the skin: never below the technique's layer
      const double bottom = technique_layer(r.technique, skin_of(s.label)).bottom_mm;
      if (bottom < s.depth_mm - 1e-9) s.depth_mm = bottom, s.shallower = true;
    }
    s.tip = s.position + s.needle * (s.depth_mm / std::sin(s.angle_deg * pi / 180.0));
    plan.sites.push_back(s);
  }
  std::vector<long> removed_by_label;
  std::vector<Eigen::Vector3d> removed_at;
  apply_zones(plan.sites, params.zones, r, skin, plan.summary, &removed_by_label, &removed_at);
  if (plan.sites.empty())
    throw plan_error(Message("every site of region '" + r.region + "' falls in a keep-out or danger zone (" +
                             std::to_string(plan.summary.sites_removed) + " removed): choose another ")
                     << Param::region << " or a smaller " << Param::spacing);
  const size_t n_sites = plan.sites.size();
  {  // the needle: the deepest site must fit (an asked depth was checked before the mesh was read)
    double deepest = 0, at_angle = r.angle_deg;
    for (const Site& s : plan.sites)
      if (s.depth_mm > deepest) deepest = s.depth_mm, at_angle = s.angle_deg;
    detail::check_needle(deepest, at_angle, r.needle_mm, !std::isnan(params.needle_mm), tp.name);
  }
  // per-site layer and the per-region report
  PlanSummary& sm = plan.summary;
  std::vector<PlanSummary::RegionCount> per(skin.size());
  std::vector<LayerBreach> breaches(skin.size());
  std::vector<long> above_top(skin.size(), 0);
  for (size_t i = 0; i < skin.size(); ++i) {
    per[i].name = i == 0 ? "(no region)" : mesh.label_names[i - 1];
    per[i].removed = removed_by_label.empty() ? 0 : removed_by_label[i];
    per[i].depth_min_mm = std::numeric_limits<double>::infinity();
    per[i].layer_bottom_mm = technique_layer(r.technique, skin[i]).bottom_mm;
    breaches[i].region = per[i].name;
    breaches[i].bottom_mm = per[i].layer_bottom_mm;
  }
  sm.depth_min_mm = std::numeric_limits<double>::infinity();
  for (size_t k = 0; k < n_sites; ++k) {
    Site& s = plan.sites[k];
    s.id = static_cast<long>(k) + 1;
    const size_t li = static_cast<size_t>(s.label + 1);
    const SkinLayers& sk = skin[li];
    s.layer = layer_at_depth(s.depth_mm, sk);
    auto& c = per[li];
    ++c.sites;
    c.depth_min_mm = std::min(c.depth_min_mm, s.depth_mm);
    c.depth_max_mm = std::max(c.depth_max_mm, s.depth_mm);
    if (s.shallower) ++c.shallower, ++sm.sites_shallower;
    if (s.capped) ++c.capped;
    sm.depth_min_mm = std::min(sm.depth_min_mm, s.depth_mm);
    sm.depth_max_mm = std::max(sm.depth_max_mm, s.depth_mm);
    if (r.depth_given) {
      const LayerRange lr = technique_layer(r.technique, sk);
      if (s.depth_mm > lr.bottom_mm + 1e-9) ++breaches[li].sites;
      if (s.depth_mm < lr.top_mm - 1e-9) ++above_top[li];
    }
  }
  for (size_t i = 1; i <= skin.size(); ++i) {  // label order, the unlabelled last
    const size_t li = i % skin.size();
    if (per[li].sites + per[li].removed == 0) continue;
    if (per[li].sites == 0) per[li].depth_min_mm = 0;
    sm.regions.push_back(per[li]);
  }
  const std::string layer_name(tp.layer);
  if (r.depth_given) {
    std::vector<LayerBreach> below;
    std::string above;
    long n_above = 0;
    for (size_t i = 1; i <= skin.size(); ++i) {
      const size_t li = i % skin.size();
      if (breaches[li].sites > 0) below.push_back(breaches[li]);
      if (above_top[li] > 0) above += (above.empty() ? "" : ", ") + per[li].name + " " + std::to_string(above_top[li]);
      n_above += above_top[li];
    }
    if (auto w = depth_below_layer_warning(r.technique, r.depth_mm, below, params.sex))
      plan.warnings.push_back(std::move(*w));
    if (n_above > 0)
      plan.notes.push_back(Message() << Param::depth
                                     << " " + text::decimals(r.depth_mm, 2) + " mm stays above " +
                                            std::string(tp.name) + "'s layer (the " + layer_name + ") at " +
                                            text::count_of(n_above, "site", "sites") + " (" + above +
                                            "): less effect, no risk");
  } else if (sm.sites_shallower > 0) {
    std::string list;
    for (const auto& c : sm.regions)
      if (c.shallower > 0) list += (list.empty() ? "" : ", ") + c.name + " " + std::to_string(c.shallower);
    plan.notes.push_back(
        Message("depth follows the skin (" + std::string(tp.name) + ": the " + layer_name + ", " +
                std::string(sex_name(params.sex)) + " skin): " + text::count_of(sm.sites_shallower, "site", "sites") +
                " shallower than the preset " + text::general(r.depth_mm) + " mm, " +
                text::decimals(sm.depth_min_mm, 2) + "-" + text::decimals(sm.depth_max_mm, 2) + " mm (" + list + ")"));
  }
  if (auto n = zones_note(sm)) plan.notes.push_back(std::move(*n));
  double per_site = r.volume_ml;
  // the largest volume a site (floored to 1e-5 mL) that keeps the total within the session budget
  const double fits = n_sites > 0 ? std::floor(r.session_max_ml / static_cast<double>(n_sites) * 1e5) / 1e5 : 0.0;
  if (!std::isnan(r.total_volume_ml)) {
    per_site = r.total_volume_ml / static_cast<double>(n_sites);
    if (per_site < detail::limits::min_volume_ml * (1 - 1e-9))  // would be written as 0 mL
      throw plan_error(Message("total volume " + text::general(r.total_volume_ml) + " mL over " +
                               std::to_string(n_sites) + " sites is " + text::general(per_site) +
                               " mL a site, less than 0.00001 mL (10 nL, the volume the outputs write to): give at "
                               "least " +
                               text::general(detail::limits::min_volume_ml * static_cast<double>(n_sites)) + " mL (")
                       << Param::total_volume << ") or plan fewer sites");
    plan.notes.push_back("total volume " + text::general(r.total_volume_ml) + " mL over " + std::to_string(n_sites) +
                         " sites gives " + text::general(per_site) + " mL per site");
    detail::check_volume(plan.warnings, plan.notes, per_site, tp);
  } else if (std::isnan(params.volume_ml) && n_sites > 0) {
    // the preset's volume a site, over the session budget on this many sites: the volume that fits, when it stays
    // within the technique's range (a larger face's full-face plan), is used and reported; below the range the
    // preset stays and the total is warned about (below)
    const double preset_total = per_site * static_cast<double>(n_sites);
    if (preset_total > r.session_max_ml + 1e-9 && fits >= tp.volume_range_ml.lo - 1e-12) {
      plan.notes.push_back(Message("volume per site " + text::general(fits) + " mL, to fit the session budget of " +
                                   text::general(r.session_max_ml) + " mL (")
                           << Param::session_max
                           << "): the preset's " + text::general(per_site) + " mL a site would total " +
                                  text::general(preset_total, 4) + " mL over " + std::to_string(n_sites) +
                                  " sites; give "
                           << Param::volume << " to choose");
      per_site = fits;
    }
  }
  const double total = per_site * static_cast<double>(n_sites);
  if (total > r.session_max_ml + 1e-9)
    plan.warnings.push_back(Message("total " + text::general(total, 4) + " mL is over the session budget of " +
                                    text::general(r.session_max_ml) + " mL (")
                            << Param::session_max
                            << "): " + std::to_string(n_sites) + " sites at " + text::general(per_site) +
                                   " mL; at most " + text::general(fits) + " mL a site fits ("
                            << Param::volume << "), or plan fewer regions");
  for (auto& c : sm.regions) c.volume_ml = per_site * static_cast<double>(c.sites);
  std::vector<Eigen::Vector3d> P;
  P.reserve(n_sites);
  for (Site& s : plan.sites) {
    s.volume_ml = per_site;
    P.push_back(s.position);
  }
  sm.sites = static_cast<long>(plan.sites.size());
  sm.volume_per_site_ml = per_site;
  sm.total_volume_ml = per_site * static_cast<double>(sm.sites);
  const std::vector<double> nn = nearest_neighbour_distances(P, r.spacing_mm);
  if (sm.sites >= 2) {
    double sum = 0, mn = std::numeric_limits<double>::infinity(), mx = 0;
    for (double d : nn) {
      sum += d;
      mn = std::min(mn, d);
      mx = std::max(mx, d);
    }
    sm.spacing_mean_mm = sum / static_cast<double>(nn.size());
    sm.spacing_min_mm = mn;
    sm.spacing_max_mm = mx;
  }
  sm.injector = r.injector_rate > 0;
  sm.seconds_per_site = sm.injector ? 60.0 / r.injector_rate : preset(r.technique).seconds_per_site;
  sm.session_minutes = sm.seconds_per_site * static_cast<double>(sm.sites) / 60.0;
  if (params.report_mirror && mirror_closed(mesh, r.region))
    sm.mirror_error_mm = mirror_pair_error(plan.sites, r.frame);
  {  // the plan's own audit of its coverage, and a warning when it misses the lattice's contract
    sm.surface_frame_pieces = lattice_report.surface_frame_pieces;
    AuditInput in;
    in.kind = r.lattice;
    in.spacing_mm = r.spacing_mm;
    in.margin_mm = r.margin_mm;
    in.area_mm2 = area_mm2;
    in.edge_length_mm = lattice_report.edge_length_mm;
    in.small_pieces = lattice_report.small_pieces;
    in.removed_sites = std::move(removed_at);
    // skin left empty on purpose: a piece under half a cell (not meant to carry sites), and the inside of a zone that
    // removed sites (a keep-out, or a vessel too shallow for the technique's layer) with the skin within reach of it
    // (its removed sites covered it)
    const double reach = (r.lattice == LatticeKind::hex ? 0.62 : 0.75) * r.spacing_mm;
    std::vector<ZoneTest> excl;  // the zones that removed sites, their reach widened by the lattice's
    auto removed_sites = [&sm](const Zone& z) {
      for (const auto& c : sm.zones)
        if (c.name == z.name) return c.removed > 0;
      return false;
    };
    for (const Zone& z : params.zones)
      if (!z.path.empty() && (z.keep_out() || removed_sites(z))) excl.emplace_back(z, r.frame, reach);
    // the small pieces are faces of the region the lattice was laid on: the left partner for a mirrored right region
    static const std::vector<int> no_faces;
    const std::vector<int>& small_faces = right_from_left ? no_faces : lattice_report.small_piece_faces;
    if (!excl.empty() || !small_faces.empty()) {
      in.by_design = [&excl, &small_faces](const AreaSample& p) {
        using Design = AuditInput::Design;
        if (std::binary_search(small_faces.begin(), small_faces.end(), p.face)) return Design::left_out;
        for (const ZoneTest& t : excl)
          if (t.contains(p.position) || t.within(p.position)) return Design::excused;
        return Design::meant;
      };
    }
    sm.coverage = audit_coverage(right_from_left ? right_region : region, P, in);
    // A place left without a site where one would fit (at least half a lattice cell, the size a piece needs to get
    // a site) is a risk the user must look at: a warning. A count or spacing off the contract, or uncovered slivers
    // smaller than that, are reported: a note.
    bool site_missing = false;
    if (!sm.coverage.uncovered_ok)
      for (const auto& place : sm.coverage.uncovered_places)
        site_missing = site_missing || place.area_mm2 >= 0.5 * cell;
    if (auto w = coverage_warning(sm.coverage, r.spacing_mm))
      (site_missing ? plan.warnings : plan.notes).push_back(std::move(*w));
    stage_done("audit");
  }
  return plan;
}

}  // namespace mesogrid

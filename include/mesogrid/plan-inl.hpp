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
#include "geometry/point_hash.hpp"
#include "lattice/lattice.hpp"
#include "lattice/mirror.hpp"
#include "plan.hpp"
#include "plan/resolve.hpp"
#include "plan/sites.hpp"
#include "plan/skin_depth.hpp"

namespace mesogrid {

MESOGRID_API Plan make_plan(const Mesh& mesh, const PlanParams& params) {
  Plan plan;
  plan.params = resolve_params(params, plan.warnings);
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
  LatticeOptions lo;
  lo.kind = r.lattice;
  lo.spacing_mm = r.spacing_mm;
  lo.margin_mm = r.margin_mm;
  lo.frame = r.frame;
  lo.region_area_mm2 = area_mm2;
  std::vector<LatticeSite> ls = surface_lattice(region, lo, &plan.warnings);
  if (params.mirror_mesh && (right_from_left || mirror_closed(mesh, r.region)))
    ls = mirror_symmetric_sites(ls, r.frame, r.spacing_mm, right_from_left);
  if (ls.empty())
    throw plan_error(Message("no site fits in region '" + r.region + "' with " + text::general(r.spacing_mm) +
                             " mm spacing and " + text::general(r.margin_mm) + " mm margin: reduce ")
                     << Param::spacing << " or " << Param::margin);
  if (static_cast<long>(ls.size()) > r.max_sites)
    throw plan_error(Message("plan has " + std::to_string(ls.size()) + " sites, more than ")
                     << Param::max_sites << " " + std::to_string(r.max_sites) + ": raise " << Param::max_sites
                     << " or the spacing");

  {  // skin: warn when the depth leaves the technique's layer in any of the plan's regions
    std::vector<std::string> names;
    if (r.region == "all") {
      names = region.label_names;
    } else {
      for (int l : region_labels(mesh, r.region)) names.push_back(mesh.label_names[static_cast<size_t>(l)]);
    }
    if (auto w = skin_depth_warning(r.technique, r.depth_mm, names, params.sex)) plan.warnings.push_back(std::move(*w));
  }
  plan.sites.reserve(ls.size());
  for (size_t i = 0; i < ls.size(); ++i) {
    Site s;
    s.id = static_cast<long>(i) + 1;
    s.row = ls[i].row;
    s.col = ls[i].col;
    s.position = ls[i].position;
    s.normal = ls[i].normal;
    s.needle = needle_direction(s.position, s.normal, r);
    s.angle_deg = r.angle_deg;
    s.depth_mm = r.depth_mm;
    s.tip = s.position + s.needle * r.insertion_mm();
    plan.sites.push_back(s);
  }
  apply_zones(plan.sites, params.zones, r, plan.summary, plan.warnings);
  if (plan.sites.empty())
    throw plan_error(Message("every site of region '" + r.region + "' falls in a keep-out or danger zone (" +
                             std::to_string(plan.summary.sites_removed) + " removed): choose another ")
                     << Param::region << " or a smaller " << Param::spacing);
  const size_t n_sites = plan.sites.size();
  double per_site = r.volume_ml;
  if (!std::isnan(r.total_volume_ml)) {
    per_site = r.total_volume_ml / static_cast<double>(n_sites);
    const TechniquePreset& t = preset(r.technique);
    plan.warnings.push_back("total volume " + text::general(r.total_volume_ml) + " mL over " + std::to_string(n_sites) +
                            " sites gives " + text::general(per_site) + " mL per site");
    detail::check_range(plan.warnings, "volume per site", per_site, t.volume_range_ml, "mL", t.name);
  }
  std::vector<Eigen::Vector3d> P;
  P.reserve(n_sites);
  for (Site& s : plan.sites) {
    s.volume_ml = per_site;
    P.push_back(s.position);
  }
  PlanSummary& sm = plan.summary;
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
  return plan;
}

}  // namespace mesogrid

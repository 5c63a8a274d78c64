// mesogrid/plan/resolve.hpp: a plan's parameters resolved: the technique's presets where nothing was asked,
// physically impossible values refused, values outside the technique's clinical range warned about. Lengths mm,
// volumes mL, angles degrees.
#pragma once
#include <cmath>
#include <string>
#include <vector>

#include "../core/error.hpp"
#include "../core/text.hpp"
#include "technique.hpp"
#include "types.hpp"

namespace mesogrid {

namespace detail {

/// Refuses values no plan can have (usage_error naming the value and the bound), in this order; NaN values
/// of the optional ones (depth to total volume: not asked, the preset's) are not checked.
inline void check_values(double depth_mm, double spacing_mm, double volume_ml, double angle_deg, double margin_mm,
                         double total_volume_ml, double injector_rate, long max_sites) {
  using text::general;
  if (!std::isnan(depth_mm) && !(depth_mm > 0 && depth_mm <= 13))
    throw usage_error("depth " + general(depth_mm) +
                      " mm is not possible: it must be > 0 and <= 13 mm (the longest needle)");
  if (!std::isnan(spacing_mm) && !(spacing_mm >= 1 && std::isfinite(spacing_mm)))
    throw usage_error("spacing " + general(spacing_mm) + " mm is not possible: it must be at least 1 mm");
  if (!std::isnan(volume_ml) && !(volume_ml > 0 && std::isfinite(volume_ml)))
    throw usage_error("volume " + general(volume_ml) + " mL per site is not possible: it must be > 0");
  if (!std::isnan(angle_deg) && !(angle_deg > 0 && angle_deg <= 90))
    throw usage_error("angle " + general(angle_deg) + " deg is not possible: it must be in (0, 90]");
  if (!std::isnan(margin_mm) && !(margin_mm >= 0 && std::isfinite(margin_mm)))
    throw usage_error("margin " + general(margin_mm) + " mm is not possible: it must be >= 0");
  if (!std::isnan(total_volume_ml) && !(total_volume_ml > 0 && std::isfinite(total_volume_ml)))
    throw usage_error("total volume " + general(total_volume_ml) + " mL is not possible: it must be > 0");
  if (!(injector_rate >= 0 && std::isfinite(injector_rate)))
    throw usage_error("injector rate " + general(injector_rate) + " sites/min is not possible: it must be > 0");
  if (max_sites < 1)
    throw usage_error(Message() << Param::max_sites << " " + std::to_string(max_sites) + " must be at least 1");
}

/// Adds a warning when `v` lies outside the technique's clinical range `r`.
inline void check_range(std::vector<Message>& w, const char* what, double v, const Range& r, const char* unit,
                        std::string_view tech) {
  if (!r.contains(v))
    w.push_back(std::string(what) + " " + text::general(v) + " " + unit + " is outside the " + std::string(tech) +
                " range " + text::general(r.lo) + "-" + text::general(r.hi) + " " + unit);
}

}  // namespace detail

/// Refuses the values of `p` no plan can have (usage_error naming the value and the bound: depth outside
/// (0, 13] mm, spacing under 1 mm, volumes not > 0, angle outside (0, 90] degrees, negative margin or injector
/// rate, max_sites under 1). Values left NaN (the preset's) are not checked. make_plan checks the same.
inline void check_plan_values(const PlanParams& p) {
  detail::check_values(p.depth_mm, p.spacing_mm, p.volume_ml, p.angle_deg, p.margin_mm, p.total_volume_ml,
                       p.injector_rate, p.max_sites);
}

/// Applies presets, refuses physically impossible values (usage_error) and warns for values outside the preset's
/// clinical range.
inline ResolvedParams resolve_params(const PlanParams& p, std::vector<Message>& warnings) {
  const TechniquePreset& t = preset(p.technique);
  ResolvedParams r;
  r.technique = p.technique;
  r.region = p.region;
  r.spacing_mm = std::isnan(p.spacing_mm) ? t.spacing_mm : p.spacing_mm;
  r.depth_mm = std::isnan(p.depth_mm) ? t.depth_mm : p.depth_mm;
  r.volume_ml = std::isnan(p.volume_ml) ? t.volume_ml : p.volume_ml;
  r.angle_deg = std::isnan(p.angle_deg) ? t.angle_deg : p.angle_deg;
  r.margin_mm = std::isnan(p.margin_mm) ? r.spacing_mm / 2 : p.margin_mm;
  r.total_volume_ml = p.total_volume_ml;
  r.injector_rate = p.injector_rate;
  r.lattice = p.lattice.value_or(t.lattice);
  r.advance = p.advance;
  r.max_sites = p.max_sites;
  r.frame = p.frame;
  detail::check_values(r.depth_mm, r.spacing_mm, r.volume_ml, r.angle_deg, r.margin_mm, r.total_volume_ml,
                       r.injector_rate, r.max_sites);
  const auto tn = t.name;
  detail::check_range(warnings, "depth", r.depth_mm, t.depth_range_mm, "mm", tn);
  detail::check_range(warnings, "spacing", r.spacing_mm, t.spacing_range_mm, "mm", tn);
  if (std::isnan(r.total_volume_ml))
    detail::check_range(warnings, "volume per site", r.volume_ml, t.volume_range_ml, "mL", tn);
  detail::check_range(warnings, "needle angle", r.angle_deg, t.angle_range_deg, "deg", tn);
  if (r.insertion_mm() > 13 + 1e-9)
    warnings.push_back("insertion length " + text::general(r.insertion_mm()) +
                       " mm (depth / sin(angle)) is longer than a 13 mm needle");
  return r;
}

}  // namespace mesogrid

// mesogrid/plan/resolve.hpp: a plan's parameters resolved: the technique's presets where nothing was asked,
// physically impossible values refused, values outside the technique's clinical range warned about. Lengths mm,
// volumes mL, angles degrees.
#pragma once
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "../core/error.hpp"
#include "../core/text.hpp"
#include "technique.hpp"
#include "types.hpp"

namespace mesogrid {

namespace detail {

/// The largest values a plan accepts, chosen so that every number derived from them stays finite and a plan
/// at the bounds fits in memory: lengths up to 1 km (the largest mesh read), needle angles from 1 degree
/// (insertion at most 13 mm / sin 1 deg = 745 mm), at most 1000 mL per site and 1e6 mL in all, injector rates
/// from 0.001 to 1e6 sites per minute, at most 10 million sites (about 2 GB of working memory at the bound).
/// The smallest depth and volume are the plan's resolution, the last decimal every output writes (0.01 mm,
/// 0.00001 mL = 10 nL): a smaller one would be written as 0.
namespace limits {
inline constexpr double min_depth_mm = 0.01;
inline constexpr double min_volume_ml = 1e-5;
inline constexpr double max_length_mm = 1e6;
inline constexpr double min_angle_deg = 1;
inline constexpr double max_volume_ml = 1000;
inline constexpr double max_total_volume_ml = 1e6;
inline constexpr double min_injector_rate = 1e-3;
inline constexpr double max_injector_rate = 1e6;
inline constexpr long max_sites = 10'000'000;
}  // namespace limits

/// Refuses values no plan can have (usage_error naming the value and the bound), in this order; NaN values
/// of the optional ones (depth to total volume: not asked, the preset's) are not checked.
inline void check_values(double depth_mm, double spacing_mm, double volume_ml, double angle_deg, double margin_mm,
                         double total_volume_ml, double injector_rate, long max_sites, double needle_mm = 13,
                         double session_max_ml = 3) {
  using text::general;
  using text::shortest;
  if (!std::isnan(depth_mm) && !(depth_mm >= limits::min_depth_mm && depth_mm <= 13))
    throw usage_error("depth " + shortest(depth_mm) + " mm is not possible: it must be at least " +
                      general(limits::min_depth_mm) +
                      " mm (the depth the outputs write to) and at most 13 mm (the longest needle)");
  if (!std::isnan(spacing_mm) && !(spacing_mm >= 1 && spacing_mm <= limits::max_length_mm))
    throw usage_error("spacing " + shortest(spacing_mm) + " mm is not possible: it must be at least 1 mm and at most " +
                      general(limits::max_length_mm) + " mm (1 km)");
  // a volume (per site, total, session budget): below the outputs' last decimal it would be written as 0 mL
  const auto volume_within = [&](double v, double most, const char* what, const char* ml) {
    if (!(v >= limits::min_volume_ml && v <= most))
      throw usage_error(std::string(what) + " " + shortest(v) + ml +
                        " is not possible: it must be at least 0.00001 mL (10 nL, the volume the outputs write to) "
                        "and at most " +
                        general(most) + " mL");
  };
  if (!std::isnan(volume_ml)) volume_within(volume_ml, limits::max_volume_ml, "volume", " mL per site");
  if (!std::isnan(angle_deg) && !(angle_deg >= limits::min_angle_deg && angle_deg <= 90))
    throw usage_error("angle " + shortest(angle_deg) + " deg is not possible: it must be from " +
                      general(limits::min_angle_deg) + " to 90 deg");
  if (!std::isnan(margin_mm) && !(margin_mm >= 0 && margin_mm <= limits::max_length_mm))
    throw usage_error("margin " + shortest(margin_mm) + " mm is not possible: it must be >= 0 and at most " +
                      general(limits::max_length_mm) + " mm (1 km)");
  if (!std::isnan(total_volume_ml)) volume_within(total_volume_ml, limits::max_total_volume_ml, "total volume", " mL");
  if (!(injector_rate == 0 ||
        (injector_rate >= limits::min_injector_rate && injector_rate <= limits::max_injector_rate)))
    throw usage_error("injector rate " + shortest(injector_rate) + " sites/min is not possible: it must be from " +
                      general(limits::min_injector_rate) + " to " + general(limits::max_injector_rate) + " sites/min");
  if (max_sites < 1 || max_sites > limits::max_sites)
    throw usage_error(Message() << Param::max_sites
                                << " " + std::to_string(max_sites) + " must be from 1 to " +
                                       std::to_string(limits::max_sites));
  if (!std::isnan(needle_mm) && !(needle_mm > 0 && needle_mm <= 13 + 1e-9))
    throw usage_error("needle " + shortest(needle_mm) + " mm is not possible: it must be > 0 and <= 13 mm");
  volume_within(session_max_ml, limits::max_total_volume_ml, "session budget", " mL");
}

/// The refusal of an insertion (depth / sin angle) longer than the needle, naming the needle, the deepest depth
/// that fits at that angle and the smallest angle that fits at that depth (or that no angle does).
inline void check_needle(double depth_mm, double angle_deg, double needle_mm, bool needle_given,
                         std::string_view technique) {
  using text::general;
  const double insertion = depth_mm / std::sin(angle_deg * pi / 180.0);
  if (insertion <= needle_mm + 1e-9) return;
  Message m("insertion " + text::decimals(insertion, 2) + " mm (depth " + text::decimals(depth_mm, 2) + " mm at " +
            general(angle_deg) + "°) is longer than the " + general(needle_mm) + " mm needle (" +
            (needle_given ? std::string("asked") : std::string(technique) + " preset") + "; ");
  m << Param::needle
    << " to name yours): at " + general(angle_deg) + "° the deepest that fits is " +
           text::decimals(std::floor(needle_mm * std::sin(angle_deg * pi / 180.0) * 100 + 1e-6) / 100, 2) + " mm";
  if (depth_mm > needle_mm + 1e-9) {
    m << ", and no angle fits " + text::decimals(depth_mm, 2) + " mm deep";
  } else {
    const double a = std::ceil(std::asin(depth_mm / needle_mm) * 180.0 / pi * 10 - 1e-9) / 10;
    m << ", at " + text::decimals(depth_mm, 2) + " mm deep the needle must stand at " + general(a) + "° or more";
  }
  throw usage_error(m);
}

/// The text for `v` outside the technique's clinical range `r` ("spacing 5 mm is outside the nappage range
/// 2-4 mm"), or nullopt when inside.
inline std::optional<std::string> range_text(const char* what, double v, const Range& r, const char* unit,
                                             std::string_view tech) {
  if (r.contains(v)) return std::nullopt;
  return std::string(what) + " " + text::general(v) + " " + unit + " is outside the " + std::string(tech) + " range " +
         text::general(r.lo) + "-" + text::general(r.hi) + " " + unit;
}

/// A volume per site: above the technique's range is a risk (a warning: nodules, pooling of product); below it
/// only gives less product (a note).
inline void check_volume(std::vector<Message>& warnings, std::vector<Message>& notes, double v,
                         const TechniquePreset& t) {
  if (v > t.volume_range_ml.hi + 1e-12)
    warnings.push_back("volume per site " + text::general(v) + " mL is above the " + std::string(t.name) + " range " +
                       text::general(t.volume_range_ml.lo) + "-" + text::general(t.volume_range_ml.hi) +
                       " mL: risk of nodules and pooling of product");
  else if (auto n = range_text("volume per site", v, t.volume_range_ml, "mL", t.name))
    notes.push_back(*n);
}

}  // namespace detail

/// Refuses the values of `p` no plan can have (usage_error naming the value and the bound: depth outside
/// (0, 13] mm, spacing outside [1 mm, 1 km], volumes not > 0 or above detail::limits, angle outside [1, 90]
/// degrees, margin outside [0, 1 km], injector rate outside its limits, max_sites outside [1, 10 million], needle
/// outside (0, 13] mm, session budget outside the total volume's limits). Values left NaN (the preset's) are
/// not checked. make_plan checks the same.
inline void check_plan_values(const PlanParams& p) {
  detail::check_values(p.depth_mm, p.spacing_mm, p.volume_ml, p.angle_deg, p.margin_mm, p.total_volume_ml,
                       p.injector_rate, p.max_sites, p.needle_mm, p.session_max_ml);
}

/// Applies presets and refuses physically impossible values (usage_error), including an asked depth whose
/// insertion is longer than the needle; values outside the preset's clinical ranges give notes (spacing, angle,
/// a volume below the range) or a warning (a volume above it: a risk). The depth has no range of its own: the
/// technique's skin layer is its range (plan/skin_depth.hpp, make_plan).
inline ResolvedParams resolve_params(const PlanParams& p, std::vector<Message>& warnings,
                                     std::vector<Message>* notes_out = nullptr) {
  std::vector<Message> dropped, &notes = notes_out ? *notes_out : dropped;
  const TechniquePreset& t = preset(p.technique);
  ResolvedParams r;
  r.technique = p.technique;
  r.region = p.region;
  r.spacing_mm = std::isnan(p.spacing_mm) ? t.spacing_mm : p.spacing_mm;
  r.depth_given = !std::isnan(p.depth_mm);
  r.depth_mm = r.depth_given ? p.depth_mm : t.depth_mm;
  r.volume_ml = std::isnan(p.volume_ml) ? t.volume_ml : p.volume_ml;
  r.angle_deg = std::isnan(p.angle_deg) ? t.angle_deg : p.angle_deg;
  r.margin_mm = std::isnan(p.margin_mm) ? r.spacing_mm / 2 : p.margin_mm;
  r.total_volume_ml = p.total_volume_ml;
  r.injector_rate = p.injector_rate;
  r.needle_mm = std::isnan(p.needle_mm) ? t.needle_length_mm : p.needle_mm;
  r.session_max_ml = p.session_max_ml;
  r.sex = p.sex;
  r.lattice = p.lattice.value_or(t.lattice);
  r.advance = p.advance;
  r.max_sites = p.max_sites;
  r.frame = p.frame;
  detail::check_values(r.depth_mm, r.spacing_mm, r.volume_ml, r.angle_deg, r.margin_mm, r.total_volume_ml,
                       r.injector_rate, r.max_sites, r.needle_mm, r.session_max_ml);
  if (r.depth_given) detail::check_needle(r.depth_mm, r.angle_deg, r.needle_mm, !std::isnan(p.needle_mm), t.name);
  const auto tn = t.name;
  if (auto n = detail::range_text("spacing", r.spacing_mm, t.spacing_range_mm, "mm", tn)) notes.push_back(*n);
  if (std::isnan(r.total_volume_ml)) detail::check_volume(warnings, notes, r.volume_ml, t);
  if (auto n = detail::range_text("needle angle", r.angle_deg, t.angle_range_deg, "deg", tn)) notes.push_back(*n);
  return r;
}

}  // namespace mesogrid

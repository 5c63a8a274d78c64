// mesogrid/plan.hpp: a complete injection plan on one region of a mesh: technique parameters resolved
// from presets and overrides, the surface lattice, per-site needle direction, depth, tip and volume,
// totals (sites, mL, nearest-neighbour spacing in mm, region area in cm², session minutes) and warnings.
#pragma once
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "error.hpp"
#include "frame.hpp"
#include "lattice.hpp"
#include "mesh.hpp"
#include "region.hpp"
#include "technique.hpp"

namespace mesogrid {

/// Tangent direction the needle is tilted toward (it advances that way under the skin).
enum class Advance { down, up, medial, lateral };

inline std::string_view advance_name(Advance a) {
  switch (a) {
    case Advance::down: return "down";
    case Advance::up: return "up";
    case Advance::medial: return "medial";
    default: return "lateral";
  }
}

inline Advance parse_advance(std::string_view s) {
  if (s == "down") return Advance::down;
  if (s == "up") return Advance::up;
  if (s == "medial") return Advance::medial;
  if (s == "lateral") return Advance::lateral;
  throw usage_error("--advance '" + std::string(s) + "': use down, up, medial or lateral");
}

/// What the user asked for. NaN / empty means "use the technique's preset".
struct PlanParams {
  Technique technique = Technique::point_by_point;
  std::string region = "all";
  double spacing_mm = std::numeric_limits<double>::quiet_NaN();
  double depth_mm = std::numeric_limits<double>::quiet_NaN();
  double volume_ml = std::numeric_limits<double>::quiet_NaN();
  double angle_deg = std::numeric_limits<double>::quiet_NaN();
  double margin_mm = std::numeric_limits<double>::quiet_NaN();  ///< default: half the spacing
  double total_volume_ml = std::numeric_limits<double>::quiet_NaN();  ///< spread evenly over the sites
  double injector_rate = 0;  ///< sites per minute with an injector; 0 = manual (preset seconds per site)
  std::optional<LatticeKind> lattice;
  Advance advance = Advance::down;
  long max_sites = 100000;
  FaceFrame frame;
};

/// Parameters after presets and overrides are applied (every field set).
struct ResolvedParams {
  Technique technique;
  std::string region;
  double spacing_mm, depth_mm, volume_ml, angle_deg, margin_mm;
  double total_volume_ml;  ///< NaN unless --total-volume was given
  double injector_rate;
  LatticeKind lattice;
  Advance advance;
  long max_sites;
  FaceFrame frame;
  double insertion_mm() const { return depth_mm / std::sin(angle_deg * pi / 180.0); }
};

struct Site {
  long id = 0;                 ///< 1-based, in row-major order
  int row = 0, col = 0;        ///< lattice indices (row 0 = top)
  Eigen::Vector3d position;    ///< on the skin, mm
  Eigen::Vector3d normal;      ///< unit outward surface normal
  Eigen::Vector3d needle;      ///< unit direction the needle travels into the skin
  Eigen::Vector3d tip;         ///< needle tip at the planned depth, mm
  double angle_deg = 0, depth_mm = 0, volume_ml = 0;
};

struct PlanSummary {
  long sites = 0;
  double total_volume_ml = 0;
  double volume_per_site_ml = 0;
  double region_area_cm2 = 0;
  double spacing_mean_mm = 0, spacing_min_mm = 0, spacing_max_mm = 0;  ///< nearest-neighbour, along the skin
  double seconds_per_site = 0;
  double session_minutes = 0;
  bool injector = false;
};

struct Plan {
  ResolvedParams params;
  std::string region_label;
  std::vector<Site> sites;
  PlanSummary summary;
  std::vector<std::string> warnings;
};

namespace detail {
inline std::string num_text(double v) {
  std::ostringstream o;
  o.precision(4);
  o << v;
  return o.str();
}
inline void check_range(std::vector<std::string>& w, const char* what, double v, const Range& r, const char* unit,
                        std::string_view tech) {
  if (!r.contains(v))
    w.push_back(std::string(what) + " " + num_text(v) + " " + unit + " is outside the " + std::string(tech) +
                " range " + num_text(r.lo) + "-" + num_text(r.hi) + " " + unit);
}
}  // namespace detail

/// Applies presets, rejects physically absurd values (usage_error, exit 1) and warns for values outside
/// the preset's clinical range.
inline ResolvedParams resolve_params(const PlanParams& p, std::vector<std::string>& warnings) {
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
  using detail::num_text;
  if (!(r.depth_mm > 0 && r.depth_mm <= 13))
    throw usage_error("depth " + num_text(r.depth_mm) + " mm is not possible: it must be > 0 and <= 13 mm (the longest needle)");
  if (!(r.spacing_mm >= 1 && std::isfinite(r.spacing_mm)))
    throw usage_error("spacing " + num_text(r.spacing_mm) + " mm is not possible: it must be at least 1 mm");
  if (!(r.volume_ml > 0 && std::isfinite(r.volume_ml)))
    throw usage_error("volume " + num_text(r.volume_ml) + " mL per site is not possible: it must be > 0");
  if (!(r.angle_deg > 0 && r.angle_deg <= 90))
    throw usage_error("angle " + num_text(r.angle_deg) + " deg is not possible: it must be in (0, 90]");
  if (!(r.margin_mm >= 0 && std::isfinite(r.margin_mm)))
    throw usage_error("margin " + num_text(r.margin_mm) + " mm is not possible: it must be >= 0");
  if (!std::isnan(r.total_volume_ml) && !(r.total_volume_ml > 0 && std::isfinite(r.total_volume_ml)))
    throw usage_error("total volume " + num_text(r.total_volume_ml) + " mL is not possible: it must be > 0");
  if (!(r.injector_rate >= 0 && std::isfinite(r.injector_rate)))
    throw usage_error("injector rate " + num_text(r.injector_rate) + " sites/min is not possible: it must be > 0");
  if (r.max_sites < 1) throw usage_error("--max-sites " + std::to_string(r.max_sites) + " must be at least 1");
  const auto tn = t.name;
  detail::check_range(warnings, "depth", r.depth_mm, t.depth_range_mm, "mm", tn);
  detail::check_range(warnings, "spacing", r.spacing_mm, t.spacing_range_mm, "mm", tn);
  if (std::isnan(r.total_volume_ml)) detail::check_range(warnings, "volume per site", r.volume_ml, t.volume_range_ml, "mL", tn);
  detail::check_range(warnings, "needle angle", r.angle_deg, t.angle_range_deg, "deg", tn);
  if (r.insertion_mm() > 13 + 1e-9)
    warnings.push_back("insertion length " + num_text(r.insertion_mm()) + " mm (depth / sin(angle)) is longer than a 13 mm needle");
  return r;
}

/// Unit direction the needle travels into the skin at a site with outward normal n: tilted from -n by
/// (90° - angle) toward the advance direction projected on the tangent plane.
inline Eigen::Vector3d needle_direction(const Eigen::Vector3d& p, const Eigen::Vector3d& n, const ResolvedParams& r) {
  const FaceFrame& fr = r.frame;
  Eigen::Vector3d a = -fr.up;  // initialised: keeps -Wmaybe-uninitialized quiet (g++ 12, Eigen)
  switch (r.advance) {
    case Advance::down: a = -fr.up; break;
    case Advance::up: a = fr.up; break;
    case Advance::medial:
    case Advance::lateral: {
      const double s = fr.side(p);
      if (std::abs(s) < 1e-9) { a = -fr.up; break; }  // on the midline medial/lateral is undefined: go down
      a = (s > 0 ? -1.0 : 1.0) * fr.lateral();
      if (r.advance == Advance::lateral) a = -a;
      break;
    }
  }
  Eigen::Vector3d t = a - a.dot(n) * n;
  if (t.norm() < 1e-9) {  // advance direction along the normal: pick any tangent, deterministically
    t = n.unitOrthogonal();
  }
  t.normalize();
  const double ang = r.angle_deg * pi / 180.0;
  return (-std::sin(ang) * n + std::cos(ang) * t).normalized();
}

/// Nearest-neighbour distance of every point (Euclidean, mm), through a uniform hash grid of cell size
/// `cell` (use the spacing). A search ring of r cells is exact for distances up to r·cell; the ring
/// widens until that holds.
inline std::vector<double> nearest_neighbour_distances(const std::vector<Eigen::Vector3d>& P, double cell) {
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> d(P.size(), inf);
  if (P.size() < 2) return d;
  using Key = std::array<long, 3>;
  struct KeyHash {
    size_t operator()(const Key& k) const {
      return static_cast<size_t>(k[0] * 73856093L) ^ static_cast<size_t>(k[1] * 19349663L) ^
             static_cast<size_t>(k[2] * 83492791L);
    }
  };
  auto key_of = [&](const Eigen::Vector3d& p) {
    return Key{static_cast<long>(std::floor(p.x() / cell)), static_cast<long>(std::floor(p.y() / cell)),
               static_cast<long>(std::floor(p.z() / cell))};
  };
  std::unordered_map<Key, std::vector<size_t>, KeyHash> grid;
  for (size_t i = 0; i < P.size(); ++i) grid[key_of(P[i])].push_back(i);
  for (size_t i = 0; i < P.size(); ++i) {
    const Key c = key_of(P[i]);
    for (long r = 1;; r *= 2) {
      for (long a = c[0] - r; a <= c[0] + r; ++a)
        for (long b = c[1] - r; b <= c[1] + r; ++b)
          for (long e = c[2] - r; e <= c[2] + r; ++e) {
            auto it = grid.find(Key{a, b, e});
            if (it == grid.end()) continue;
            for (size_t j : it->second)
              if (j != i) d[i] = std::min(d[i], (P[j] - P[i]).norm());
          }
      if (d[i] <= static_cast<double>(r) * cell) break;
      if (r >= 4) {  // isolated point: scan all (rare; keeps the ring search bounded)
        for (size_t j = 0; j < P.size(); ++j)
          if (j != i) d[i] = std::min(d[i], (P[j] - P[i]).norm());
        break;
      }
    }
  }
  return d;
}

/// Plans `params` on `mesh` (lengths in mm). Throws Error: usage (1) for absurd values, plan (3) for an
/// unknown/empty region, a region smaller than one cell, or more sites than max_sites.
inline Plan make_plan(const Mesh& mesh, const PlanParams& params) {
  Plan plan;
  plan.params = resolve_params(params, plan.warnings);
  const ResolvedParams& r = plan.params;
  const Mesh region = extract_region(mesh, r.region);
  plan.region_label = r.region;
  const double area_mm2 = surface_area(region);
  plan.summary.region_area_cm2 = area_mm2 / 100.0;
  const double cell = r.lattice == LatticeKind::square ? r.spacing_mm * r.spacing_mm
                                                       : std::sqrt(3.0) / 2 * r.spacing_mm * r.spacing_mm;
  if (area_mm2 < cell)
    throw plan_error("region '" + r.region + "' (" + detail::num_text(area_mm2 / 100) +
                     " cm2) is smaller than one lattice cell (" + detail::num_text(cell / 100) +
                     " cm2 at " + detail::num_text(r.spacing_mm) + " mm spacing): use a smaller --spacing");
  const double expected = area_mm2 / cell;
  if (expected > 4.0 * static_cast<double>(r.max_sites))
    throw plan_error("region '" + r.region + "' would need about " + std::to_string(static_cast<long>(expected)) +
                     " sites, more than --max-sites " + std::to_string(r.max_sites) + ": raise --max-sites or the spacing");
  LatticeOptions lo;
  lo.kind = r.lattice;
  lo.spacing_mm = r.spacing_mm;
  lo.margin_mm = r.margin_mm;
  lo.frame = r.frame;
  const std::vector<LatticeSite> ls = surface_lattice(region, lo, &plan.warnings);
  if (ls.empty())
    throw plan_error("no site fits in region '" + r.region + "' with " + detail::num_text(r.spacing_mm) +
                     " mm spacing and " + detail::num_text(r.margin_mm) + " mm margin: reduce --spacing or --margin");
  if (static_cast<long>(ls.size()) > r.max_sites)
    throw plan_error("plan has " + std::to_string(ls.size()) + " sites, more than --max-sites " +
                     std::to_string(r.max_sites) + ": raise --max-sites or the spacing");

  double per_site = r.volume_ml;
  if (!std::isnan(r.total_volume_ml)) {
    per_site = r.total_volume_ml / static_cast<double>(ls.size());
    const TechniquePreset& t = preset(r.technique);
    plan.warnings.push_back("total volume " + detail::num_text(r.total_volume_ml) + " mL over " +
                            std::to_string(ls.size()) + " sites gives " + detail::num_text(per_site) + " mL per site");
    detail::check_range(plan.warnings, "volume per site", per_site, t.volume_range_ml, "mL", t.name);
  }
  plan.sites.reserve(ls.size());
  std::vector<Eigen::Vector3d> P;
  P.reserve(ls.size());
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
    s.volume_ml = per_site;
    plan.sites.push_back(s);
    P.push_back(s.position);
  }
  PlanSummary& sm = plan.summary;
  sm.sites = static_cast<long>(plan.sites.size());
  sm.volume_per_site_ml = per_site;
  sm.total_volume_ml = per_site * static_cast<double>(sm.sites);
  const std::vector<double> nn = nearest_neighbour_distances(P, r.spacing_mm);
  if (sm.sites >= 2) {
    double sum = 0, mn = std::numeric_limits<double>::infinity(), mx = 0;
    for (double d : nn) { sum += d; mn = std::min(mn, d); mx = std::max(mx, d); }
    sm.spacing_mean_mm = sum / static_cast<double>(nn.size());
    sm.spacing_min_mm = mn;
    sm.spacing_max_mm = mx;
  }
  sm.injector = r.injector_rate > 0;
  sm.seconds_per_site = sm.injector ? 60.0 / r.injector_rate : preset(r.technique).seconds_per_site;
  sm.session_minutes = sm.seconds_per_site * static_cast<double>(sm.sites) / 60.0;
  return plan;
}

}  // namespace mesogrid

// mesogrid/plan.hpp: a complete injection plan on one region of a mesh: technique parameters resolved
// from presets and overrides, the surface lattice, per-site needle direction, depth, tip and volume,
// totals (sites, mL, nearest-neighbour spacing in mm, region area in cm², session minutes) and warnings.
// Keep-out/danger zones (zones.hpp) remove sites or cap their depth, the skin table (skin.hpp) warns when
// the depth leaves the technique's layer, and the mirror-pair error (mm) measures the plan's symmetry.
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
#include "skin.hpp"
#include "technique.hpp"
#include "timing.hpp"
#include "zones.hpp"

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
  double margin_mm = std::numeric_limits<double>::quiet_NaN();        ///< default: half the spacing
  double total_volume_ml = std::numeric_limits<double>::quiet_NaN();  ///< spread evenly over the sites
  double injector_rate = 0;  ///< sites per minute with an injector; 0 = manual (preset seconds per site)
  std::optional<LatticeKind> lattice;
  Advance advance = Advance::down;
  long max_sites = 100000;
  FaceFrame frame;
  std::vector<Zone> zones;     ///< keep-out and danger zones applied to the sites (zones.hpp)
  Sex sex = Sex::thinner;      ///< whose skin thickness the depth warning uses (skin.hpp)
  bool report_mirror = false;  ///< measure summary.mirror_error_mm (mirror-closed regions only)
  /// The mesh and its labels are exactly mirror-symmetric about the mid-sagittal plane (the built-in
  /// face): plans are made mirror-exact (see mirror_symmetric_sites).
  bool mirror_mesh = false;
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
  long id = 0;               ///< 1-based, in row-major order
  int row = 0, col = 0;      ///< lattice indices (row 0 = top)
  Eigen::Vector3d position;  ///< on the skin, mm
  Eigen::Vector3d normal;    ///< unit outward surface normal
  Eigen::Vector3d needle;    ///< unit direction the needle travels into the skin
  Eigen::Vector3d tip;       ///< needle tip at the planned depth, mm
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
  /// Sites a zone removed or capped (each site counted once: under the first excluding zone, else the
  /// first zone with the shallowest cap). Every zone of the plan is listed, in order.
  struct ZoneCount {
    std::string name, kind;
    ZoneRule rule = ZoneRule::exclude;
    double max_depth_mm = 0;
    long removed = 0, capped = 0;
  };
  std::vector<ZoneCount> zones;
  long sites_removed = 0, sites_capped = 0;
  /// Symmetry of the plan: max over sites of the distance from a site's mirror image (about the
  /// mid-sagittal plane) to the nearest site, mm. NaN when not measured (see PlanParams::report_mirror).
  double mirror_error_mm = std::numeric_limits<double>::quiet_NaN();
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
    throw usage_error("depth " + num_text(r.depth_mm) +
                      " mm is not possible: it must be > 0 and <= 13 mm (the longest needle)");
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
  if (std::isnan(r.total_volume_ml))
    detail::check_range(warnings, "volume per site", r.volume_ml, t.volume_range_ml, "mL", tn);
  detail::check_range(warnings, "needle angle", r.angle_deg, t.angle_range_deg, "deg", tn);
  if (r.insertion_mm() > 13 + 1e-9)
    warnings.push_back("insertion length " + num_text(r.insertion_mm()) +
                       " mm (depth / sin(angle)) is longer than a 13 mm needle");
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
      if (std::abs(s) < 1e-9) {
        a = -fr.up;
        break;
      }  // on the midline medial/lateral is undefined: go down
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

/// Applies `zones` to `sites` (removing or capping; ids renumbered from 1) and fills the zone counts of
/// `sm`; one warning per zone that changed something.
inline void apply_zones(std::vector<Site>& sites, const std::vector<Zone>& zones, const ResolvedParams& r,
                        PlanSummary& sm, std::vector<std::string>& warnings) {
  sm.zones.clear();
  for (const Zone& z : zones) sm.zones.push_back({z.name, z.kind, z.rule, z.max_depth_mm, 0, 0});
  std::vector<Site> kept;
  for (Site s : sites) {
    int excl = -1, cap = -1;
    for (size_t k = 0; k < zones.size() && excl < 0; ++k) {
      const Zone& z = zones[k];
      if (z.rule == ZoneRule::cap_depth && s.depth_mm <= z.max_depth_mm) continue;
      if (!zone_contains(z, s.position, r.frame)) continue;
      if (z.rule == ZoneRule::exclude)
        excl = static_cast<int>(k);
      else if (cap < 0 || z.max_depth_mm < zones[static_cast<size_t>(cap)].max_depth_mm)
        cap = static_cast<int>(k);
    }
    if (excl >= 0) {
      ++sm.zones[static_cast<size_t>(excl)].removed;
      ++sm.sites_removed;
      continue;
    }
    if (cap >= 0) {
      ++sm.zones[static_cast<size_t>(cap)].capped;
      ++sm.sites_capped;
      s.depth_mm = zones[static_cast<size_t>(cap)].max_depth_mm;
      s.tip = s.position + s.needle * (s.depth_mm / std::sin(s.angle_deg * pi / 180.0));
    }
    s.id = static_cast<long>(kept.size()) + 1;
    kept.push_back(s);
  }
  sites = std::move(kept);
  for (size_t k = 0; k < zones.size(); ++k) {
    const auto& c = sm.zones[k];
    if (c.removed > 0)
      warnings.push_back("zone " + c.name + " (" + c.kind + ", exclude within " + detail::num_text(zones[k].radius_mm) +
                         " mm): " + std::to_string(c.removed) + " site" + (c.removed > 1 ? "s" : "") + " removed");
    if (c.capped > 0)
      warnings.push_back("zone " + c.name + " (" + c.kind + ", depth capped at " + detail::num_text(c.max_depth_mm) +
                         " mm within " + detail::num_text(zones[k].radius_mm) + " mm): " + std::to_string(c.capped) +
                         " site" + (c.capped > 1 ? "s" : "") + " capped from " + detail::num_text(r.depth_mm) + " mm");
  }
}

/// Mirror image of a point about the mid-sagittal plane of `f`.
inline Eigen::Vector3d mirror_point(const FaceFrame& f, const Eigen::Vector3d& p) {
  return p - 2 * f.side(p) * f.lateral();
}

/// Mirror image of a direction about the mid-sagittal plane of `f`.
inline Eigen::Vector3d mirror_vector(const FaceFrame& f, const Eigen::Vector3d& v) {
  return v - 2 * v.dot(f.lateral()) * f.lateral();
}

/// Makes lattice sites of a mirror-symmetric mesh exactly mirror-symmetric. With `all_mirrored`, every
/// site is mirrored (a right-side region planned as the mirror of its left partner). Otherwise the sites
/// within spacing/4 of the midline are put on it, the left-half sites are kept and the right half is
/// replaced by their mirror images (taking the lattice indices of the nearest original right-half site).
/// Output order: piece, row, then toward the subject's left.
inline std::vector<LatticeSite> mirror_symmetric_sites(const std::vector<LatticeSite>& ls, const FaceFrame& f,
                                                       double spacing_mm, bool all_mirrored) {
  std::vector<LatticeSite> out;
  auto mirrored = [&](const LatticeSite& a) {
    LatticeSite b = a;
    b.position = mirror_point(f, a.position);
    b.normal = mirror_vector(f, a.normal);
    b.col = -a.col;
    return b;
  };
  const double tol = spacing_mm / 4;
  for (const LatticeSite& a : ls) {
    const double side = f.side(a.position);
    if (all_mirrored) {
      out.push_back(mirrored(a));
    } else if (std::abs(side) <= tol) {
      LatticeSite b = a;
      b.position = a.position - side * f.lateral();
      b.normal = (a.normal - a.normal.dot(f.lateral()) * f.lateral()).normalized();
      out.push_back(b);
    } else if (side > tol) {
      out.push_back(a);
      LatticeSite b = mirrored(a);
      double best = spacing_mm / 2;
      for (const LatticeSite& r : ls)  // lattice indices of the original right-half site it replaces
        if (f.side(r.position) < -tol && (r.position - b.position).norm() < best)
          best = (r.position - b.position).norm(), b.row = r.row, b.col = r.col, b.piece = r.piece;
      out.push_back(b);
    }
  }
  std::stable_sort(out.begin(), out.end(), [&](const LatticeSite& a, const LatticeSite& b) {
    if (a.piece != b.piece) return a.piece < b.piece;
    if (a.row != b.row) return a.row < b.row;
    return f.side(a.position) < f.side(b.position);
  });
  return out;
}

/// Max over sites of the distance from the site's mirror image to the nearest site, mm (0 for < 1 site).
inline double mirror_pair_error(const std::vector<Site>& sites, const FaceFrame& frame) {
  double worst = 0;
  for (const Site& s : sites) {
    const Eigen::Vector3d m = s.position - 2 * frame.side(s.position) * frame.lateral();
    double best = std::numeric_limits<double>::infinity();
    for (const Site& t : sites) best = std::min(best, (t.position - m).norm());
    worst = std::max(worst, best);
  }
  return worst;
}

/// True when the mirror image of region `name` is itself: its labels' _left/_right partners are all
/// in it ("all", midline labels, pairs, full_face).
inline bool mirror_closed(const Mesh& m, const std::string& name) {
  if (name == "all") return true;
  const std::vector<int> labels = region_labels(m, name);
  auto has = [&](const std::string& n) {
    for (int l : labels)
      if (m.label_names[static_cast<size_t>(l)] == n) return true;
    return false;
  };
  for (int l : labels) {
    std::string n = m.label_names[static_cast<size_t>(l)];
    for (auto [a, b] : {std::pair<std::string, std::string>{"_left", "_right"}, {"_right", "_left"}})
      if (n.size() > a.size() && n.compare(n.size() - a.size(), a.size(), a) == 0 &&
          !has(n.substr(0, n.size() - a.size()) + b))
        return false;
  }
  return !labels.empty();
}

/// Plans `params` on `mesh` (lengths in mm). Throws Error: usage (1) for absurd values, plan (3) for an
/// unknown/empty region, a region smaller than one cell, or more sites than max_sites.
inline Plan make_plan(const Mesh& mesh, const PlanParams& params) {
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
    throw plan_error("region '" + r.region + "' (" + detail::num_text(area_mm2 / 100) +
                     " cm2) is smaller than one lattice cell (" + detail::num_text(cell / 100) + " cm2 at " +
                     detail::num_text(r.spacing_mm) + " mm spacing): use a smaller --spacing");
  const double expected = area_mm2 / cell;
  if (expected > 4.0 * static_cast<double>(r.max_sites))
    throw plan_error("region '" + r.region + "' would need about " +
                     std::to_string(static_cast<long long>(std::min(expected, 1e15))) +
                     " sites, more than --max-sites " + std::to_string(r.max_sites) +
                     ": raise --max-sites or the spacing");
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
    throw plan_error("no site fits in region '" + r.region + "' with " + detail::num_text(r.spacing_mm) +
                     " mm spacing and " + detail::num_text(r.margin_mm) + " mm margin: reduce --spacing or --margin");
  if (static_cast<long>(ls.size()) > r.max_sites)
    throw plan_error("plan has " + std::to_string(ls.size()) + " sites, more than --max-sites " +
                     std::to_string(r.max_sites) + ": raise --max-sites or the spacing");

  {  // skin: warn when the depth leaves the technique's layer in any of the plan's regions
    std::vector<std::string> names;
    if (r.region == "all") {
      names = region.label_names;
    } else {
      for (int l : region_labels(mesh, r.region)) names.push_back(mesh.label_names[static_cast<size_t>(l)]);
    }
    const std::string w = skin_depth_warning(r.technique, r.depth_mm, names, params.sex);
    if (!w.empty()) plan.warnings.push_back(w);
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
    throw plan_error("every site of region '" + r.region + "' falls in a keep-out or danger zone (" +
                     std::to_string(plan.summary.sites_removed) +
                     " removed): choose another --region or a smaller --spacing");
  const size_t n_sites = plan.sites.size();
  double per_site = r.volume_ml;
  if (!std::isnan(r.total_volume_ml)) {
    per_site = r.total_volume_ml / static_cast<double>(n_sites);
    const TechniquePreset& t = preset(r.technique);
    plan.warnings.push_back("total volume " + detail::num_text(r.total_volume_ml) + " mL over " +
                            std::to_string(n_sites) + " sites gives " + detail::num_text(per_site) + " mL per site");
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

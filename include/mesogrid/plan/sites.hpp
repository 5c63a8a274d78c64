// mesogrid/plan/sites.hpp: from lattice sites to injection sites: the needle's direction (tilted toward the
// advance direction at the planned angle) and tip, and the keep-out and danger zones applied (sites removed or
// their depth capped, counted per zone). Lengths mm, angles degrees.
#pragma once
#include <Eigen/Core>
#include <Eigen/Geometry>
#include <cmath>
#include <string>
#include <vector>

#include "../core/error.hpp"
#include "../core/text.hpp"
#include "../face/zones.hpp"
#include "types.hpp"

namespace mesogrid {

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

/// Applies `zones` to `sites` (removing or capping; ids renumbered from 1) and fills the zone counts of
/// `sm`; one warning per zone that changed something.
inline void apply_zones(std::vector<Site>& sites, const std::vector<Zone>& zones, const ResolvedParams& r,
                        PlanSummary& sm, std::vector<Message>& warnings) {
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
      warnings.push_back("zone " + c.name + " (" + c.kind + ", exclude within " + text::general(zones[k].radius_mm) +
                         " mm): " + std::to_string(c.removed) + " site" + (c.removed > 1 ? "s" : "") + " removed");
    if (c.capped > 0)
      warnings.push_back("zone " + c.name + " (" + c.kind + ", depth capped at " + text::general(c.max_depth_mm) +
                         " mm within " + text::general(zones[k].radius_mm) + " mm): " + std::to_string(c.capped) +
                         " site" + (c.capped > 1 ? "s" : "") + " capped from " + text::general(r.depth_mm) + " mm");
  }
}

}  // namespace mesogrid

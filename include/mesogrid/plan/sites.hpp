// mesogrid/plan/sites.hpp: from lattice sites to injection sites: the needle's direction (tilted toward the
// advance direction at the planned angle) and tip, and the keep-out and danger zones applied (sites removed or
// their depth capped, counted per zone). Lengths mm, angles degrees.
#pragma once
#include <Eigen/Core>
#include <Eigen/Geometry>
#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "../core/error.hpp"
#include "../core/text.hpp"
#include "../face/zones.hpp"
#include "skin_depth.hpp"
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

/// Applies `zones` to `sites` by the one rule of every zone (face/zones.hpp): a site within a zone whose tip
/// depth d reaches below the ceiling c = (vessel depth, never above the bottom of the local skin) - zone_margin_mm
/// is capped to c when c still lies in the technique's layer at the site (c >= the layer's top), else removed; a
/// keep-out removes at any depth. `skin[label + 1]` is the skin of sites of each label (0: no label). Sites
/// removed are counted under the first zone that removes them, capped ones under the zone of the lowest ceiling;
/// `removed_by_label[label + 1]` (resized to skin.size()) counts the removed sites per label. Ids renumbered
/// from 1; a capped site has Site::capped set; `removed_at` (when given) receives the removed sites' positions (mm).
inline void apply_zones(std::vector<Site>& sites, const std::vector<Zone>& zones, const ResolvedParams& r,
                        const std::vector<SkinLayers>& skin, PlanSummary& sm,
                        std::vector<long>* removed_by_label = nullptr,
                        std::vector<Eigen::Vector3d>* removed_at = nullptr) {
  sm.zones.clear();
  for (const Zone& z : zones) sm.zones.push_back({z.name, z.kind, zone_min_depth(z), 0, 0});
  if (removed_by_label) removed_by_label->assign(skin.size(), 0);
  std::vector<Site> kept;
  for (Site s : sites) {
    const SkinLayers& sk = skin[static_cast<size_t>(s.label + 1)];
    const LayerRange layer = technique_layer(r.technique, sk);
    int excl = -1, cap = -1;
    double cap_depth = 0;
    for (size_t k = 0; k < zones.size() && excl < 0; ++k) {
      const Zone& z = zones[k];
      const auto vessel = zone_depth_at(z, s.position, r.frame);
      if (!vessel) continue;
      if (z.keep_out()) {
        excl = static_cast<int>(k);
        break;
      }
      const double ceiling = std::max(*vessel, sk.total_mm()) - zone_margin_mm;
      if (s.depth_mm <= ceiling + 1e-9) continue;
      if (ceiling > 0 && ceiling >= layer.top_mm - 1e-9) {
        if (cap < 0 || ceiling < cap_depth) cap = static_cast<int>(k), cap_depth = ceiling;
      } else {
        excl = static_cast<int>(k);
      }
    }
    if (excl >= 0) {
      ++sm.zones[static_cast<size_t>(excl)].removed;
      ++sm.sites_removed;
      if (removed_by_label) ++(*removed_by_label)[static_cast<size_t>(s.label + 1)];
      if (removed_at) removed_at->push_back(s.position);
      continue;
    }
    if (cap >= 0) {
      ++sm.zones[static_cast<size_t>(cap)].capped;
      ++sm.sites_capped;
      s.depth_mm = cap_depth;
      s.capped = true;
      s.tip = s.position + s.needle * (s.depth_mm / std::sin(s.angle_deg * pi / 180.0));
    }
    s.id = static_cast<long>(kept.size()) + 1;
    kept.push_back(s);
  }
  sites = std::move(kept);
}

/// The note of what the zones did, one line ("zones: 331 sites removed, 22 capped (eye_left -23, ...,
/// supraorbital_artery_left capped 4)"), or nullopt when they changed nothing.
inline std::optional<Message> zones_note(const PlanSummary& sm) {
  if (sm.sites_removed + sm.sites_capped == 0) return std::nullopt;
  std::string per;
  for (const auto& z : sm.zones) {
    if (z.removed > 0) per += (per.empty() ? "" : ", ") + z.name + " -" + std::to_string(z.removed);
    if (z.capped > 0) per += (per.empty() ? "" : ", ") + z.name + " capped " + std::to_string(z.capped);
  }
  return Message("zones: " + text::count_of(sm.sites_removed, "site", "sites") + " removed, " +
                 std::to_string(sm.sites_capped) + " capped to 1 mm above their vessel (" + per + ")");
}

}  // namespace mesogrid

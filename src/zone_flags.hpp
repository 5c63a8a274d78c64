// src/zone_flags.hpp: the plan flags of the built-in face's safety layer, shared by `plan` (and, for
// `batch`, the same strings): --zones on|off (built-in keep-out and danger zones), --exclude
// sphere:X,Y,Z,R (user zones in mm, repeatable, any mesh) and --sex f|m (skin-thickness column).
// Header-only so that both the app and the CLI library can use it.
#pragma once
#include <algorithm>
#include <cmath>
#include <mesogrid/plan.hpp>
#include <mesogrid/skin.hpp>
#include <mesogrid/zones.hpp>
#include <string>
#include <vector>

#include "load.hpp"

namespace mesogrid::cli {

struct ZoneFlags {
  std::string zones = "on";          ///< --zones on|off
  std::vector<std::string> exclude;  ///< --exclude sphere:X,Y,Z,R, in order
  std::string sex;                   ///< --sex f|m; empty = the thinner skin
  bool axes_given = false;           ///< --up or --front given (checked against the landmarks' frame)
};

/// The loud warning printed when the built-in zones are switched off.
inline constexpr const char* zones_off_warning =
    "DANGER ZONES OFF (--zones off): no keep-out (eyes, red lip, nostrils), artery or nerve zone is applied; "
    "sites may lie over foramina and arteries. Check every site against the anatomy.";

/// Checks every value (usage_error, exit 1, naming the flag and value) before any file is read, and
/// sets params.sex and the user zones in params.zones.
inline void parse_zone_flags(const ZoneFlags& f, PlanParams& params) {
  if (f.zones != "on" && f.zones != "off")
    throw usage_error("--zones '" + f.zones + "': use on or off (default on; off removes the built-in danger zones)");
  params.sex = f.sex.empty() ? Sex::thinner : parse_sex(f.sex);
  params.zones.clear();
  for (size_t i = 0; i < f.exclude.size(); ++i)
    params.zones.push_back(parse_exclude_zone(f.exclude[i], static_cast<int>(i) + 1));
}

/// Angle between two unit vectors, degrees.
inline double angle_between_deg(const Eigen::Vector3d& a, const Eigen::Vector3d& b) {
  return std::acos(std::clamp(a.dot(b), -1.0, 1.0)) * 180.0 / pi;
}

/// After the mesh is read: on the built-in face, puts the built-in zones first (unless --zones off, which
/// adds zones_off_warning to `warnings`) and asks for the mirror-pair error. On a scan with --landmarks,
/// the same with the transferred zones, and the face frame (up, front, midline) taken from the landmarks
/// (a warning when --up/--front were given and point more than 45 degrees away from it).
inline void apply_zone_flags(const ZoneFlags& f, const LoadedMesh& m, PlanParams& params,
                             std::vector<std::string>& warnings) {
  if (m.transfer) {
    const FaceFrame& lf = m.transfer->fit.frame;
    if (f.axes_given) {
      const double up = angle_between_deg(params.frame.up, lf.up),
                   front = angle_between_deg(params.frame.front, lf.front);
      if (up > 45 || front > 45)
        warnings.push_back("--up/--front ignored: the landmarks put the top of the head " +
                           detail::num_text(std::round(up)) + " deg and the front " +
                           detail::num_text(std::round(front)) +
                           " deg away from them; the plan uses the landmarks' face frame");
    }
    params.frame = lf;
    params.report_mirror = true;
    if (f.zones == "off") {
      warnings.push_back(zones_off_warning);
      return;
    }
    std::vector<Zone> all = m.transfer->zones;
    all.insert(all.end(), params.zones.begin(), params.zones.end());
    params.zones = std::move(all);
    return;
  }
  if (!m.builtin) return;
  params.report_mirror = true;
  params.mirror_mesh = true;
  if (f.zones == "off") {
    warnings.push_back(zones_off_warning);
    return;
  }
  std::vector<Zone> all = builtin_zones(m.mesh);
  all.insert(all.end(), params.zones.begin(), params.zones.end());
  params.zones = std::move(all);
}

}  // namespace mesogrid::cli

// src/zone_flags.hpp: the plan flags of the built-in face's safety layer, shared by `plan` (and, for
// `batch`, the same strings): --zones on|off (built-in keep-out and danger zones), --exclude
// sphere:X,Y,Z,R (user zones in mm, repeatable, any mesh) and --sex f|m (skin-thickness column).
// Header-only so that both the app and the CLI library can use it.
#pragma once
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
  for (size_t i = 0; i < f.exclude.size(); ++i) params.zones.push_back(parse_exclude_zone(f.exclude[i], static_cast<int>(i) + 1));
}

/// After the mesh is read: on the built-in face, puts the built-in zones first (unless --zones off, which
/// adds zones_off_warning to `warnings`) and asks for the mirror-pair error.
inline void apply_zone_flags(const ZoneFlags& f, const LoadedMesh& m, PlanParams& params,
                             std::vector<std::string>& warnings) {
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

// src/plan_flags.hpp: the `plan` flags as one table and one code path, shared by `mesogrid plan` (command-line
// flags) and `mesogrid batch` (manifest columns): the same text under the same name means the same thing,
// is checked by the same code and gives the same error message (naming the flag, e.g. "--spacing '0.5'").
// Lengths mm, volumes mL, angles degrees (see mesogrid/units.hpp).
#pragma once
#include <mesogrid/plan.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "format.hpp"
#include "load.hpp"
#include "zone_flags.hpp"

namespace mesogrid::cli {

/// Every plan flag as typed by the user; nullopt = not given (the default applies).
struct PlanFlags {
  std::optional<std::string> mesh, units, up, front, landmarks, landmark_set, region, technique, spacing, depth, margin,
      volume, total_volume, angle, lattice, advance, injector_rate, max_sites, zones, sex, format;
  std::vector<std::string> exclude;  ///< --exclude (repeatable); each value may hold several spheres split by ';'
};

/// One plan flag: manifest column (long name without dashes, '_' for '-'), flag, help text, member.
struct PlanFlagInfo {
  const char* column;  ///< "total_volume"
  const char* flag;    ///< "--total-volume"
  const char* type_name;
  const char* help;
  std::optional<std::string> PlanFlags::*member;  ///< nullptr for the repeatable flag (exclude)
  std::vector<std::string> PlanFlags::*list = nullptr;
};

/// All plan flags in `plan --help` order (without -o, -q, -v, which are not plan parameters).
const std::vector<PlanFlagInfo>& plan_flag_table();

/// The flag for a manifest column: "total_volume", "total-volume" (either spelling), nullptr if unknown.
const PlanFlagInfo* find_plan_flag(std::string_view column);

/// Everything a plan run needs, parsed and range-checked.
struct PlanRequest {
  PlanParams params;
  MeshSource mesh;
  std::string format;  ///< table, csv or json
  ZoneFlags zone;      ///< --zones, --exclude, --sex (applied once the mesh is known: plan_on_mesh)
};

/// Sets a flag from its text: a repeatable flag's value is split on ';' (so "sphere:..;sphere:.." in one
/// manifest cell means two --exclude flags); an empty value leaves the default.
void set_plan_flag(PlanFlags& flags, const PlanFlagInfo& info, const std::string& value);

/// Parses and checks every value (usage_error, exit 1, naming the flag and value) before any file is read.
/// `default_format` applies when flags.format is not given.
PlanRequest parse_plan_flags(const PlanFlags& flags, const std::string& default_format);

/// The whole plan on a loaded mesh, as `mesogrid plan` makes it: zones of the built-in face (or, with
/// --landmarks, the transferred zones and the landmarks' face frame) applied (their warnings first), then
/// compute_plan.
Plan plan_on_mesh(const PlanRequest& req, const LoadedMesh& mesh);

/// The parameters block context of a loaded mesh (name, units, landmark fit).
PlanContext plan_context(const LoadedMesh& mesh);

/// make_plan with out-of-memory and unexpected failures turned into plan_error (exit 3).
Plan compute_plan(const Mesh& mesh_mm, const PlanParams& params);

/// The plan's text in `format` (table, csv or json).
std::string render_plan(const Plan& plan, const std::string& format, const PlanContext& ctx);

}  // namespace mesogrid::cli

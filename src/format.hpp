// src/format.hpp: the CLI's output formats (CSV, JSON, aligned text tables) for plans, technique presets
// and region lists. Pure functions returning text: byte-stable (fixed decimals, no locale, no "-0"),
// so the same plan always prints the same bytes.
#pragma once
#include <mesogrid/plan.hpp>
#include <mesogrid/region.hpp>
#include <mesogrid/transfer.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace mesogrid::cli {

using json = nlohmann::ordered_json;  // keys keep the documented order

/// The version printed by --version and in JSON output.
const char* version();

/// One-line disclaimer printed with plans and technique lists.
extern const char* const disclaimer;

/// `v` with exactly `decimals` decimals, '.' as separator, never "-0.00".
std::string fixed(double v, int decimals);
/// Appends fixed(v, decimals) to `out` (no temporary string: the CSV writer's inner loop).
void append_fixed(std::string& out, double v, int decimals);
/// The double whose shortest form is fixed(v, decimals): JSON numbers match the CSV text.
double rounded(double v, int decimals);
/// "+x", "-y", ... for an axis-aligned unit vector (else "(x, y, z)").
std::string axis_name(const Eigen::Vector3d& a);

/// Where the plan's mesh came from and how it was read, for the parameters block.
struct PlanContext {
  PlanContext(std::string mesh_name = "built-in face", std::string mesh_units = "cm")
      : mesh(std::move(mesh_name)), units(std::move(mesh_units)) {}
  std::string mesh;                        ///< path, or "built-in face"
  std::string units;                       ///< units the mesh was read in (mm, cm, m)
  const LandmarkFitReport* fit = nullptr;  ///< with --landmarks: the fit (parameters.landmarks, summary.landmark_fit)
  std::string landmarks;                   ///< the landmark file
  std::string landmark_units;              ///< units it was read in
};

/// Decimals used by every format (CSV, JSON, table).
namespace decimals {
inline constexpr int position = 3, unit_vector = 5, angle = 1, depth = 2, volume = 5, area = 2, minutes = 1,
                     seconds = 2;
}

extern const char* const csv_header;        ///< without the trailing newline
std::string csv_field(std::string_view s);  ///< RFC 4180 quoting when needed
std::string plan_csv(const Plan& plan);
json plan_json(const Plan& plan, const PlanContext& ctx);
std::string plan_table(const Plan& plan, const PlanContext& ctx);

json techniques_json();
std::string techniques_table();

json regions_json(const std::vector<RegionInfo>& regions, const std::string& mesh, const PlanContext* ctx = nullptr);
std::string regions_table(const std::vector<RegionInfo>& regions, const std::string& mesh,
                          const PlanContext* ctx = nullptr);

/// The landmark fit as JSON (summary.landmark_fit of plans, landmark_fit of region lists).
json landmark_fit_json(const LandmarkFitReport& r);
/// The landmark fit as text lines (key, value) for tables.
std::vector<std::pair<std::string, std::string>> landmark_fit_lines(const PlanContext& ctx);

/// json text as written by the CLI: two-space indent, trailing newline.
std::string dump(const json& j);

}  // namespace mesogrid::cli

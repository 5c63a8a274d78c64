// src/output/report.hpp: what the tool prints for plans, comparisons, techniques and regions, as CSV, JSON or aligned
// text tables. Pure functions returning text: byte-stable (fixed decimals of numbers.hpp, no locale), so the same
// plan always prints the same bytes. Warnings are worded with the tool's flags (errors.hpp). Text formats are in
// report_text.cpp, JSON (nlohmann-json, ordered keys) in report_json.cpp.
#pragma once
#include <mesogrid/face/region.hpp>
#include <mesogrid/landmarks/fit.hpp>
#include <mesogrid/plan/types.hpp>
#include <string>
#include <utility>
#include <vector>

#include "../record.hpp"

namespace mesogrid::cli {

struct DetectedLandmarks;  // face.hpp

/// Where the plan's mesh came from and how it was read, for the parameters block.
struct PlanContext {
  std::string mesh = "built-in face";      ///< path, or "built-in face"
  std::string units = "cm";                ///< units the mesh was read in (mm, cm, m)
  const LandmarkFitReport* fit = nullptr;  ///< with --landmarks: the fit (parameters.landmarks, summary.landmark_fit)
  std::string landmarks;                   ///< the landmark file
  std::string landmark_units;              ///< units it was read in
  Record record;                           ///< --patient, --date, ... (JSON "record", table line "record")
  std::string zones_source;                ///< "built-in", "landmarks", "none"; "" when not known
  const DetectedLandmarks* detected = nullptr;  ///< with --landmarks auto: what was found (parameters.landmarks)
};

extern const char* const csv_header;  ///< the plan CSV's header, without the trailing newline

/// A plan as CSV (one row per site), JSON (parameters, summary, warnings, sites) or a table (summary, then sites).
std::string plan_csv(const Plan& plan);
std::string plan_json(const Plan& plan, const PlanContext& ctx);
std::string plan_table(const Plan& plan, const PlanContext& ctx);
/// The plan's self-audit in one line (the table's and the map's `coverage`): sites for the expected count, NN mean
/// and CV in spacings, uncovered area, gap p99, pieces left without a site, whether the contract is met.
std::string coverage_line(const PlanCoverage& c);
/// Where the pieces under half a cell are (centroid mm, area cm²), one line each (--verbose).
std::vector<std::string> small_piece_lines(const PlanCoverage& c);
/// The plan's text in `format` (table, csv or json).
std::string render_plan(const Plan& plan, const std::string& format, const PlanContext& ctx);

/// Several plans of one region (one per technique) side by side: sites, spacing (mm), depth (mm), volume per site
/// (mL), total volume (mL), session minutes.
std::string compare_table(const std::vector<Plan>& plans, const std::string& mesh);
std::string compare_csv(const std::vector<Plan>& plans);
std::string compare_json(const std::vector<Plan>& plans, const std::string& mesh);

/// The technique presets, their clinical ranges and sources.
std::string techniques_table();
std::string techniques_json();

/// The regions of a mesh with triangle counts, areas and descriptions (and the landmark fit of a scan).
std::string regions_table(const std::vector<RegionInfo>& regions, const std::string& mesh,
                          const PlanContext* ctx = nullptr);
std::string regions_json(const std::vector<RegionInfo>& regions, const std::string& mesh,
                         const PlanContext* ctx = nullptr);

/// The fit per landmark group, "jaw 8.26/0.20, ..." (RMS mm after the similarity / after the warp).
std::string landmark_group_text(const LandmarkFitReport& r);
/// The landmark fit as text lines (key, value) for tables.
std::vector<std::pair<std::string, std::string>> landmark_fit_lines(const PlanContext& ctx);

}  // namespace mesogrid::cli

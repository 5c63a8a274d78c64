// src/compare.cpp: see compare.hpp.
#include "compare.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <mesogrid/technique.hpp>

namespace mesogrid::cli {

namespace {
const std::vector<std::string> columns{"technique",          "sites",           "spacing_mm",     "depth_mm",
                                       "volume_per_site_ml", "total_volume_ml", "session_minutes"};

std::vector<std::string> cells(const Plan& p) {
  return {std::string(technique_name(p.params.technique)),
          std::to_string(p.summary.sites),
          fixed(p.params.spacing_mm, 1),
          fixed(p.params.depth_mm, decimals::depth),
          fixed(p.summary.volume_per_site_ml, decimals::volume),
          fixed(p.summary.total_volume_ml, decimals::volume),
          fixed(p.summary.session_minutes, decimals::minutes)};
}
}  // namespace

std::string compare_table(const std::vector<Plan>& plans, const std::string& mesh) {
  std::vector<std::vector<std::string>> rows{columns};
  for (const auto& p : plans) rows.push_back(cells(p));
  std::vector<size_t> w(columns.size(), 0);
  for (const auto& r : rows)
    for (size_t c = 0; c < r.size(); ++c) w[c] = std::max(w[c], r[c].size());
  std::string o = fmt::format("Techniques compared on region '{}' of {}\n\n",
                              plans.empty() ? "" : plans.front().params.region, mesh);
  for (const auto& r : rows) {
    std::string line;
    for (size_t c = 0; c < r.size(); ++c)
      line += c == 0 ? fmt::format("{:<{}}", r[c], w[c]) : fmt::format("  {:>{}}", r[c], w[c]);
    o += line + "\n";
  }
  o += std::string("\n") + disclaimer + "\n";
  return o;
}

std::string compare_csv(const std::vector<Plan>& plans) {
  std::string o;
  for (size_t c = 0; c < columns.size(); ++c) o += (c ? "," : "") + columns[c];
  o += "\n";
  for (const auto& p : plans) {
    const auto r = cells(p);
    for (size_t c = 0; c < r.size(); ++c) o += (c ? "," : "") + csv_field(r[c]);
    o += "\n";
  }
  return o;
}

json compare_json(const std::vector<Plan>& plans, const std::string& mesh) {
  json j;
  j["mesogrid_version"] = version();
  j["mesh"] = mesh;
  j["region"] = plans.empty() ? "" : plans.front().params.region;
  j["plans"] = json::array();
  for (const auto& p : plans) {
    json e;
    e["technique"] = technique_name(p.params.technique);
    e["sites"] = p.summary.sites;
    e["spacing_mm"] = rounded(p.params.spacing_mm, 1);
    e["depth_mm"] = rounded(p.params.depth_mm, decimals::depth);
    e["volume_per_site_ml"] = rounded(p.summary.volume_per_site_ml, decimals::volume);
    e["total_volume_ml"] = rounded(p.summary.total_volume_ml, decimals::volume);
    e["session_minutes"] = rounded(p.summary.session_minutes, decimals::minutes);
    j["plans"].push_back(e);
  }
  return j;
}

}  // namespace mesogrid::cli

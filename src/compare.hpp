// src/compare.hpp: `mesogrid compare` as text: several plans of one region (one per technique) side by side:
// sites, spacing (mm), depth (mm), volume per site (mL), total volume (mL), session minutes. Byte-stable
// (fixed decimals of format.hpp). The maps of a comparison are in svg.hpp (compare_svg).
#pragma once
#include <mesogrid/plan.hpp>
#include <string>
#include <vector>

#include "format.hpp"

namespace mesogrid::cli {

std::string compare_table(const std::vector<Plan>& plans, const std::string& mesh);
std::string compare_csv(const std::vector<Plan>& plans);
json compare_json(const std::vector<Plan>& plans, const std::string& mesh);

}  // namespace mesogrid::cli

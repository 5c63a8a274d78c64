// mesogrid/plan/skin_depth.hpp: the check that a technique's depth stays in the skin layer it is meant for, on
// every region of a plan (skin thickness from face/skin.hpp). Depths in mm.
#pragma once
#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../core/error.hpp"
#include "../core/text.hpp"
#include "../face/skin.hpp"
#include "technique.hpp"

namespace mesogrid {

/// The layer each technique is meant to reach (all stop at the bottom of the dermis).
inline std::string_view intended_layer(Technique t) {
  switch (t) {
    case Technique::epidermic: return "epidermis and upper dermis";
    case Technique::nappage: return "superficial dermis";
    default: return "dermis";
  }
}

/// The warning for `depth_mm` on regions `names` (the plan's labels), or nullopt when the depth stays within
/// epidermis + dermis everywhere (or no region has a row). One line listing every region it leaves (with its
/// thickness, the measured site and the source) and the deepest depth that stays in the dermis in all of them.
inline std::optional<Message> skin_depth_warning(Technique t, double depth_mm, const std::vector<std::string>& names,
                                                 Sex sex) {
  std::string list;
  double thinnest = 1e9;
  for (const auto& n : names) {
    const auto s = skin_layers(n, sex);
    if (!s || depth_mm <= s->total_mm() + 1e-9) continue;
    thinnest = std::min(thinnest, s->total_mm());
    list += (list.empty() ? "" : "; ") + n + " " + text::decimals(s->total_mm(), 2) + " mm (" +
            std::string(s->row->site) + ", " + std::string(s->row->source) + ")";
  }
  if (list.empty()) return std::nullopt;
  return Message("depth " + text::decimals(depth_mm, 2) + " mm goes below the dermis (" + std::string(sex_name(sex)) +
                 " skin: epidermis + dermis) of " + list + ": " + std::string(technique_name(t)) +
                 " is meant for the " + std::string(intended_layer(t)) + "; use ")
         << Param::depth << " " + text::decimals(thinnest, 2) + "mm or less there";
}

}  // namespace mesogrid

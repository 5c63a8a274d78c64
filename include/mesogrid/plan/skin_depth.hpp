// mesogrid/plan/skin_depth.hpp: the skin layer each technique targets, its depth range at a site from the local
// skin (face/skin.hpp), the layer a needle tip lands in, and the warning for an asked depth that goes below the
// technique's layer. Depths in mm below the skin surface.
//
// Layers (Perrin's layer model, clinical.md §1b, scaled to the measured skin of the site: E = epidermis, D =
// dermis; the papillary dermis is the upper fifth of the dermis, the superficial dermis its upper half):
//   epidermic       epidermis and papillary dermis   E/2 .. E + 0.2 D
//   nappage         superficial dermis               E   .. E + 0.5 D
//   point-by-point  deep dermis down to the dermo-hypodermal junction   E + 0.5 D .. E + D
#pragma once
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../core/error.hpp"
#include "../core/text.hpp"
#include "../face/skin.hpp"
#include "technique.hpp"

namespace mesogrid {

/// The layer each technique targets (the preset's `layer` text).
inline std::string_view intended_layer(Technique t) { return preset(t).layer; }

/// Depth range [top, bottom] of a technique's layer in skin `s`, mm.
struct LayerRange {
  double top_mm = 0, bottom_mm = 0;
};

inline LayerRange technique_layer(Technique t, const SkinLayers& s) {
  const double e = s.epidermis_mm, d = s.dermis_mm;
  switch (t) {
    case Technique::epidermic: return {e / 2, e + 0.2 * d};
    case Technique::nappage: return {e, e + 0.5 * d};
    default: return {e + 0.5 * d, e + d};
  }
}

/// Where a needle tip lands.
enum class SkinLayer { epidermis, dermis, subcutis };

inline std::string_view skin_layer_name(SkinLayer l) {
  return l == SkinLayer::epidermis ? "epidermis" : l == SkinLayer::dermis ? "dermis" : "subcutis";
}

/// The layer of skin `s` at `depth_mm` below the surface (a tip exactly on a boundary is in the upper layer).
inline SkinLayer layer_at_depth(double depth_mm, const SkinLayers& s) {
  if (depth_mm <= s.epidermis_mm + 1e-9) return SkinLayer::epidermis;
  if (depth_mm <= s.total_mm() + 1e-9) return SkinLayer::dermis;
  return SkinLayer::subcutis;
}

/// Sites of one region at an asked depth below the technique's layer there (for the warning).
struct LayerBreach {
  std::string region;
  long sites = 0;
  double bottom_mm = 0;  ///< the layer's bottom in that region
};

/// The warning for an asked depth `depth_mm` that goes below the technique's layer in the regions of `breaches`
/// (nullopt when there are none): one line naming each region with its site count and layer bottom, and the
/// deepest depth that stays in the layer everywhere, which is never below any of them, so the fix cannot warn.
inline std::optional<Message> depth_below_layer_warning(Technique t, double depth_mm,
                                                        const std::vector<LayerBreach>& breaches, Sex sex) {
  if (breaches.empty()) return std::nullopt;
  std::string list;
  double shallowest = 1e9;
  for (const auto& b : breaches) {
    shallowest = std::min(shallowest, b.bottom_mm);
    list += (list.empty() ? "" : ", ") + b.region + " (" + text::count_of(b.sites, "site", "sites") +
            ", layer ends at " + text::decimals(b.bottom_mm, 2) + " mm)";
  }
  // floor to the printed 2 decimals, so that the suggested depth itself stays in the layer
  const double fix = std::floor(shallowest * 100 + 1e-9) / 100;
  return Message() << Param::depth
                   << " " + text::decimals(depth_mm, 2) + " mm goes below " + std::string(technique_name(t)) +
                          "'s layer (the " + std::string(intended_layer(t)) + ", " + std::string(sex_name(sex)) +
                          " skin) in " + list + ": omit "
                   << Param::depth << " (the depth then follows the skin) or use " << Param::depth
                   << " " + text::decimals(fix, 2) + "mm or less";
}

}  // namespace mesogrid

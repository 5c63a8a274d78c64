// mesogrid/plan/technique.hpp: the three mesotherapy techniques, their preset parameters, clinical ranges and
// sources (cited in each preset). Units: depth and spacing in mm, volume in mL, angle in degrees (needle to
// skin surface).
#pragma once
#include <array>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../core/text.hpp"
#include "../lattice/types.hpp"

namespace mesogrid {

enum class Technique { point_by_point, nappage, epidermic };

/// A closed range [lo, hi] in the parameter's unit.
struct Range {
  double lo, hi;
  bool contains(double x) const { return x >= lo - 1e-12 && x <= hi + 1e-12; }
};

/// Preset values of one technique (the reference article), with the clinical ranges used for notes and warnings.
/// depth_mm is the deepest the technique goes: with the preset, each site's depth follows the local skin so that
/// it stays in the technique's layer (plan/skin_depth.hpp); depth_range_mm is what the sources report.
struct TechniquePreset {
  Technique technique;
  std::string_view name;  ///< its name as typed, e.g. "point-by-point"
  double depth_mm;
  Range depth_range_mm;
  double spacing_mm;  ///< along the skin
  Range spacing_range_mm;
  double volume_ml;  ///< per site
  Range volume_range_ml;
  double angle_deg;  ///< needle to skin surface (90 = perpendicular)
  Range angle_range_deg;
  LatticeKind lattice;
  std::string_view needle;  ///< needle length and gauge
  std::string_view bevel;
  double seconds_per_site;          ///< manual injection time estimate per site (our assumption, documented)
  std::string_view sources;         ///< where the values come from
  double needle_length_mm;          ///< the preset needle's length: no insertion (depth / sin angle) may be longer
  std::string_view layer;           ///< the skin layer the technique targets (plan/skin_depth.hpp)
  std::string_view volume_sources;  ///< where the volume per site and its range come from
};

/// The three presets, in listing order.
inline const std::array<TechniquePreset, 3>& technique_presets() {
  static const std::array<TechniquePreset, 3> presets = {{
      {Technique::point_by_point,
       "point-by-point",
       4.0,
       {1.0, 4.0},
       15.0,
       {10.0, 20.0},
       0.03,
       {0.01, 0.05},
       90.0,
       {90.0, 90.0},
       LatticeKind::square,
       "4 mm, 30 G",
       "any",
       5.0,
       "Pistor point-by-point: 0.02-0.05 mL, perpendicular, 4 mm deep, 1-2 cm apart (reference article); "
       "4 mm (Hamida-Pisal 2018); face depth <= 4 mm (Konda & Thappa 2013, IJDVL)",
       4.0,
       "deep dermis, down to the dermo-hypodermal junction",
       "micro-depots 0.01-0.05 mL (Ogilvie 2020); 0.02-0.025 mL a point in Korean injector practice (e-aaps "
       "2014); 0.020 mL x 100 points = 2 mL a face (Seok)"},
      {Technique::nappage,
       "nappage",
       2.0,
       {1.0, 4.0},
       3.0,
       {2.0, 4.0},
       0.001,
       {0.0005, 0.002},
       45.0,
       {30.0, 60.0},
       LatticeKind::hex,
       "4 mm, 30-32 G",
       "any",
       1.0,
       "Nappage (Dalloz-Bourguignon): 2-4 mm deep, 30-60 deg, 2-4 mm apart (beautytrainingportal); "
       "2 mm, 4 mm needle, 45 deg, a droplet per site (reference article); 1-2 mm on the face",
       4.0,
       "superficial dermis",
       "a mesogun splits 1 mL into about 1,000 micro-droplets (e-aaps 2014); a full face is 2-2.5 mL "
       "(about 3 mL with the neck) over about 2,000 sites at 3 mm: 0.0004-0.0017 mL a site"},
      {Technique::epidermic,
       "epidermic",
       1.0,
       {0.3, 1.0},
       10.0,
       {1.0, 10.0},
       0.01,
       {0.005, 0.02},
       15.0,
       {10.0, 20.0},
       LatticeKind::square,
       "13 mm, 27-31 G",
       "up (away from the skin)",
       3.0,
       "Epidermic (Perrin 1995): <= 1 mm, bevel up, 0.3 x 13 mm needle; about 15 deg (beautepeople.fr); "
       "1 cm lattice (reference article; beautepeople gives 1-5 mm lines)",
       13.0,
       "epidermis and papillary dermis",
       "0.005-0.02 mL a site on the reference article's 1 cm lattice: about 200 sites, 2 mL a full face"},
  }};
  return presets;
}

inline const TechniquePreset& preset(Technique t) {
  for (const auto& p : technique_presets())
    if (p.technique == t) return p;
  return technique_presets()[0];
}

inline std::string_view technique_name(Technique t) { return preset(t).name; }

/// The technique named "point-by-point", "nappage" or "epidermic" (case-insensitive, '_' for '-', "pbp",
/// "point" and "pointbypoint" for point-by-point); nullopt for anything else.
inline std::optional<Technique> technique_from_name(std::string_view s) {
  std::string k = text::lower(s);
  for (auto& c : k)
    if (c == '_') c = '-';
  if (k == "pbp" || k == "point" || k == "pointbypoint") k = "point-by-point";
  for (const auto& p : technique_presets())
    if (p.name == k) return p.technique;
  return std::nullopt;
}

}  // namespace mesogrid

// mesogrid/face/skin.hpp: epidermis and dermis thickness per face region (mm), female and male, from
// high-frequency ultrasound measurements (sources in skin_table). Region names are those of the built-in face
// (anatomy.hpp); _left/_right share their side's row.
#pragma once
#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../core/text.hpp"

namespace mesogrid {

/// Whose skin: female, male, or (default) the thinner of the two, cell by cell.
enum class Sex { female, male, thinner };

/// The sex named "f" or "female", "m" or "male" (case-insensitive); nullopt for anything else (the thinner skin
/// is the default when none is given).
inline std::optional<Sex> sex_from_name(std::string_view name) {
  const std::string s = text::lower(name);
  if (s == "f" || s == "female") return Sex::female;
  if (s == "m" || s == "male") return Sex::male;
  return std::nullopt;
}

inline std::string_view sex_name(Sex s) {
  return s == Sex::female ? "female" : s == Sex::male ? "male" : "thinner of female/male";
}

/// One row of the thickness table (mm).
struct SkinRow {
  std::string_view region;  ///< region name stem ("cheek" covers cheek_left and cheek_right)
  std::string_view site;    ///< the measured site the values come from
  double epidermis_f, epidermis_m, dermis_f, dermis_m;
  std::string_view source;
};

/// The table: Meng et al. 2022 (BMC Med Imaging 22:113; HF ultrasound, n = 118) where it has the site;
/// for the nasolabial and perioral skin, Iyengar 2018 (epidermis + dermis ~1 mm at the nasolabial fold
/// and nasolabial-buccal area; split 0.2 + 0.8 like Meng's cheek); for the chin, Meng's submandibular row.
inline const std::vector<SkinRow>& skin_table() {
  static const std::vector<SkinRow> rows = {
      {"forehead", "forehead", 0.20, 0.22, 0.86, 1.17, "Meng 2022"},
      {"glabella", "glabella", 0.19, 0.21, 0.90, 1.14, "Meng 2022"},
      {"temple", "temple", 0.18, 0.19, 0.80, 1.06, "Meng 2022"},
      {"periorbital", "eyelid", 0.17, 0.18, 0.58, 0.67, "Meng 2022"},
      {"cheek", "zygoma (malar)", 0.20, 0.19, 0.87, 1.14, "Meng 2022"},
      {"nasolabial", "nasolabial fold", 0.20, 0.20, 0.80, 0.80, "Iyengar 2018 (epidermis + dermis ~1 mm)"},
      {"perioral", "nasolabial-buccal area", 0.20, 0.20, 0.80, 0.80, "Iyengar 2018 (epidermis + dermis ~1 mm)"},
      {"chin", "submandibular (nearest measured site)", 0.18, 0.21, 0.91, 1.02, "Meng 2022"},
      {"jawline", "submandibular", 0.18, 0.21, 0.91, 1.02, "Meng 2022"},
  };
  return rows;
}

/// Skin layers at one region for one sex, mm.
struct SkinLayers {
  std::string region;
  double epidermis_mm = 0, dermis_mm = 0;
  const SkinRow* row = nullptr;
  double total_mm() const { return epidermis_mm + dermis_mm; }
};

/// Layers of region `name` ("cheek_left", "forehead", ...), or nullopt when the table has no row for it.
inline std::optional<SkinLayers> skin_layers(std::string_view name, Sex sex) {
  std::string stem(name);
  for (std::string_view side : {"_left", "_right"})
    if (stem.size() > side.size() && stem.compare(stem.size() - side.size(), side.size(), side) == 0)
      stem.erase(stem.size() - side.size());
  for (const SkinRow& r : skin_table())
    if (r.region == stem) {
      SkinLayers s;
      s.region = std::string(name);
      s.row = &r;
      s.epidermis_mm = sex == Sex::female ? r.epidermis_f
                       : sex == Sex::male ? r.epidermis_m
                                          : std::min(r.epidermis_f, r.epidermis_m);
      s.dermis_mm = sex == Sex::female ? r.dermis_f : sex == Sex::male ? r.dermis_m : std::min(r.dermis_f, r.dermis_m);
      return s;
    }
  return std::nullopt;
}

}  // namespace mesogrid

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
      {"nose", "nasal dorsum", 0.19, 0.20, 0.93, 1.03, "Meng 2022"},
      {"nasal_dorsum", "nasal dorsum", 0.19, 0.20, 0.93, 1.03, "Meng 2022"},
      {"eyelid", "eyelid", 0.17, 0.18, 0.58, 0.67, "Meng 2022"},
      {"neck", "neck", 0.17, 0.19, 0.99, 0.98, "Meng 2022"},
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

namespace detail {
inline SkinLayers layers_of_row(std::string_view name, const SkinRow& r, Sex sex) {
  SkinLayers s;
  s.region = std::string(name);
  s.row = &r;
  s.epidermis_mm = sex == Sex::female ? r.epidermis_f
                   : sex == Sex::male ? r.epidermis_m
                                      : std::min(r.epidermis_f, r.epidermis_m);
  s.dermis_mm = sex == Sex::female ? r.dermis_f : sex == Sex::male ? r.dermis_m : std::min(r.dermis_f, r.dermis_m);
  return s;
}
}  // namespace detail

/// Layers of region `name` ("cheek_left", "forehead", "eyelids", ...), or nullopt when the table has no row for
/// it. A side suffix (_left, _right) and a plural "s" are dropped before the look-up.
inline std::optional<SkinLayers> skin_layers(std::string_view name, Sex sex) {
  std::string stem(name);
  for (std::string_view side : {"_left", "_right"})
    if (stem.size() > side.size() && stem.compare(stem.size() - side.size(), side.size(), side) == 0)
      stem.erase(stem.size() - side.size());
  for (int plural = 0; plural < 2; ++plural) {
    for (const SkinRow& r : skin_table())
      if (r.region == stem) return detail::layers_of_row(name, r, sex);
    if (stem.size() < 2 || stem.back() != 's') break;
    stem.pop_back();
  }
  return std::nullopt;
}

/// The row used where the table has none (a triangle of no region, a name it does not know, a mesh without
/// labels): the thinnest skin of the sex outside the eyelid, so that depth stays in the skin's layers anywhere
/// on a face. The eyelid is left out because its skin is thinner than any other face skin.
inline SkinLayers generic_skin_layers(Sex sex) {
  const SkinRow* best = nullptr;
  double best_total = 1e9;
  for (const SkinRow& r : skin_table()) {
    if (r.site == std::string_view("eyelid")) continue;
    const SkinLayers s = detail::layers_of_row("", r, sex);
    if (s.total_mm() < best_total - 1e-12) best_total = s.total_mm(), best = &r;
  }
  return detail::layers_of_row("(no region)", *best, sex);
}

/// Layers of region `name`, or the generic row (generic_skin_layers) when the table has none.
inline SkinLayers skin_layers_or_generic(std::string_view name, Sex sex) {
  if (auto s = skin_layers(name, sex)) return *s;
  SkinLayers g = generic_skin_layers(sex);
  g.region = std::string(name.empty() ? "(no region)" : name);
  return g;
}

}  // namespace mesogrid

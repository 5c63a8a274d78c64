// mesogrid/skin.hpp: epidermis and dermis thickness per face region (mm), female and male, from
// ../shared/domain/clinical.md §3, and the check that a technique's depth stays in its intended layer.
// Region names are those of the built-in face (anatomy.hpp); _left/_right share their side's row.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "error.hpp"
#include "technique.hpp"

namespace mesogrid {

/// Whose skin: female, male, or (default) the thinner of the two, cell by cell.
enum class Sex { female, male, thinner };

/// Parses --sex: f/female, m/male (thinner is the default when the flag is absent).
inline Sex parse_sex(std::string_view s) {
  if (s == "f" || s == "female" || s == "F") return Sex::female;
  if (s == "m" || s == "male" || s == "M") return Sex::male;
  throw usage_error("--sex '" + std::string(s) + "': use f or m (default: the thinner skin of the two)");
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

/// The layer each technique is meant to reach (all stop at the bottom of the dermis: clinical.md §1b, §6).
inline std::string_view intended_layer(Technique t) {
  switch (t) {
    case Technique::epidermic: return "epidermis and upper dermis";
    case Technique::nappage: return "superficial dermis";
    default: return "dermis";
  }
}

/// The warning for `depth_mm` on regions `names` (the plan's labels), or "" when the depth stays within
/// epidermis + dermis everywhere (or no region has a row). One line listing every region it leaves.
inline std::string skin_depth_warning(Technique t, double depth_mm, const std::vector<std::string>& names, Sex sex) {
  std::string list;
  double thinnest = 1e9;
  for (const auto& n : names) {
    const auto s = skin_layers(n, sex);
    if (!s || depth_mm <= s->total_mm() + 1e-9) continue;
    thinnest = std::min(thinnest, s->total_mm());
    char buf[160];
    std::snprintf(buf, sizeof buf, "%s %.2f mm (%s, %s)", n.c_str(), s->total_mm(), std::string(s->row->site).c_str(),
                  std::string(s->row->source).c_str());
    list += (list.empty() ? "" : "; ") + std::string(buf);
  }
  if (list.empty()) return "";
  char head[200];
  std::snprintf(head, sizeof head, "depth %.2f mm goes below the dermis (%s skin: epidermis + dermis) of ", depth_mm,
                std::string(sex_name(sex)).c_str());
  char tail[200];
  std::snprintf(tail, sizeof tail, ": %s is meant for the %s; use --depth %.2fmm or less there",
                std::string(technique_name(t)).c_str(), std::string(intended_layer(t)).c_str(), thinnest);
  return head + list + tail;
}

}  // namespace mesogrid

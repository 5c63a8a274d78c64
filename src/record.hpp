// src/record.hpp: the treatment record a plan carries for the chair and the file (--patient, --date,
// --practitioner, --product, --dilution, --lot, --notes): printed on the map and the PDF's site sheet, and in the
// JSON's "record". Free text the user typed, checked by flags.cpp (printable, bounded; the date as YYYY-MM-DD).
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace mesogrid::cli {

struct Record {
  std::string patient, date, practitioner, product, dilution, lot, notes;

  /// (label, value) in print order: Patient, Date, Practitioner, Product, Dilution, Lot, Notes.
  std::vector<std::pair<std::string, std::string>> fields() const {
    return {{"Patient", patient}, {"Date", date},         {"Practitioner", practitioner},
            {"Product", product}, {"Dilution", dilution}, {"Lot", lot},
            {"Notes", notes}};
  }
  bool empty() const {
    for (const auto& [k, v] : fields())
      if (!v.empty()) return false;
    return true;
  }
};

}  // namespace mesogrid::cli

// src/flags.hpp: the one table of plan flags, and the code that turns their text into what a command needs. It
// serves `plan` and `compare` (command-line flags), `regions` (its mesh flags) and `batch` (manifest columns):
// the same text under the same name means the same thing, is checked by the same code and gives the same message,
// naming the flag ("--spacing '0.5': ..."). Every value is checked before any file is read. Lengths mm, volumes
// mL, angles degrees (mesogrid/core/units.hpp).
#pragma once
#include <mesogrid/core/error.hpp>
#include <mesogrid/core/frame.hpp>
#include <mesogrid/io/types.hpp>
#include <mesogrid/landmarks/sets.hpp>
#include <mesogrid/plan/types.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "record.hpp"

namespace mesogrid::cli {

/// Every plan flag as typed by the user; nullopt = not given (the default applies).
struct PlanFlags {
  std::optional<std::string> mesh, units, up, front, landmarks, landmark_set, region, technique, spacing, depth, margin,
      volume, total_volume, angle, lattice, advance, injector_rate, max_sites, zones, sex, format, needle, session_max;
  std::optional<std::string> patient, date, practitioner, product, dilution, lot, notes;  ///< the record
  std::optional<std::string> view, labels;  ///< maps (--view, --labels): manifest columns; the commands parse their own
  std::vector<std::string> exclude;  ///< --exclude (repeatable); each value may hold several spheres split by ';'
};

/// One plan flag: manifest column (long name without dashes, '_' for '-'), flag, help text, member.
struct PlanFlagInfo {
  const char* column;  ///< "total_volume"
  const char* flag;    ///< "--total-volume"
  const char* type_name;
  const char* help;
  std::optional<std::string> PlanFlags::*member;  ///< nullptr for the repeatable flag (exclude)
  std::vector<std::string> PlanFlags::*list = nullptr;
  std::optional<Param> param = std::nullopt;  ///< the library parameter it sets (named so in messages)
  /// A map flag (--view, --labels): a manifest column, but `plan` and `compare` register it themselves (--labels
  /// is a switch on the command line, true/false in a manifest).
  bool map_flag = false;
};

/// All plan flags in `plan --help` order (without -o, -q and -v, which are not plan parameters), the record's, then
/// the map flags --view and --labels (map_flag) last.
const std::vector<PlanFlagInfo>& plan_flag_table();

/// The flag for a manifest column: "total_volume", "total-volume" (either spelling), nullptr if unknown.
const PlanFlagInfo* find_plan_flag(std::string_view column);

/// Sets a flag from its text: a repeatable flag's value is split on ';' (so "sphere:..;sphere:.." in one
/// manifest cell means two --exclude flags); an empty value leaves the default.
void set_plan_flag(PlanFlags& flags, const PlanFlagInfo& info, const std::string& value);

/// Where a command's face comes from, checked: the mesh file (or the built-in face), its units, the frame asked
/// (--up, --front) and the landmark file.
struct FaceSource {
  std::string path;                 ///< empty: the built-in face
  std::string units_text = "auto";  ///< --units as typed
  Units units = Units::automatic;
  bool units_given = false;  ///< --units was on the command line
  FaceFrame frame;           ///< from --up and --front (a scan with landmarks gets the landmarks' frame)
  bool axes_given = false;   ///< --up or --front was given
  std::string landmarks;     ///< --landmarks FILE ("" = none; "auto": detected, see auto_landmarks)
  /// --landmarks auto, or implied: a scan without region labels asked for a face region by name (any --region
  /// but all) or for the default region gets its landmarks detected (src/landmarks/autolandmarks.hpp). With the
  /// default region, a mesh that cannot be a face (face_shape_check: its size or its shape) is planned whole
  /// (region all), with a note pointing to --landmarks.
  bool auto_landmarks = false;
  bool auto_implied = false;    ///< auto_landmarks without --landmarks auto: only when the mesh has no labels
                                ///< (one group over all of it, an object's name, counts as none)
  bool region_default = false;  ///< with auto_implied: no --region was given (the default region was asked for)
  bool landmarks_none = false;  ///< --landmarks none: never detect
  std::optional<LandmarkSet> landmark_set;  ///< --landmark-set; nullopt = auto
  std::string landmark_set_text = "auto";   ///< --landmark-set as typed
  /// The mesh and landmark paths as written where they were given, when that differs from where they are read: a
  /// batch row's cells, relative to its manifest (so a row's output does not depend on how the manifest's own path
  /// was typed). What outputs show; empty: `path`, `landmarks`.
  std::string shown_path, shown_landmarks;
};

/// A key that is equal for two sources exactly when they give the same face (batch rows share a face).
std::string face_key(const FaceSource& s);

/// Everything a plan run needs, parsed and range-checked.
struct PlanRequest {
  PlanParams params;  ///< technique, region, values, frame, skin column, user zones (--exclude)
  FaceSource face;
  std::string format;          ///< table, csv, json, or a file of another kind: svg, pdf (a map), glb (a 3D scene)
  std::string view = "front";  ///< the map's view (--view / column view): front, left or right
  bool labels = false;         ///< the map's site numbers (--labels / column labels)
  bool builtin_zones = true;   ///< --zones on: the face's own zones apply (planning.hpp)
  Record record;               ///< --patient, --date, ... (checked: printable, bounded, an ISO date)
};

/// Parses and checks every plan value (usage_error naming the flag and value) before any file is read.
/// `default_format` applies when flags.format is not given. A view or labels without a map format is refused.
PlanRequest parse_plan_flags(const PlanFlags& flags, const std::string& default_format);

/// The output format of a command that writes `allowed` (e.g. {"table", "csv", "json", "svg", "pdf"}): --format
/// (`format`, any case) when given, else -o's extension (any case; .txt is table), else `fallback`. Refuses (usage
/// error) a format the command does not write, an -o extension naming another format than --format, and a map
/// or scene (svg, pdf, glb) for a terminal (`to_terminal`: stdout is one and -o is not given).
std::string output_format(const std::string& command, const std::optional<std::string>& format, const std::string& out,
                          const std::vector<std::string>& allowed, const std::string& fallback, bool to_terminal);

/// Parses and checks the mesh flags (--mesh, --units, --up, --front, --landmark-set, --landmarks) of a command
/// without a plan (`regions`).
FaceSource parse_face_flags(const PlanFlags& flags);

}  // namespace mesogrid::cli

// src/load.hpp: reading the plan's mesh for the CLI: a file given with --mesh, or the built-in face; with
// --landmarks, the scan gets the built-in face's regions and danger zones (mesogrid/transfer.hpp).
// Kept in its own translation unit (io.hpp is only included by load.cpp).
#pragma once
#include <memory>
#include <mesogrid/mesh.hpp>
#include <mesogrid/transfer.hpp>
#include <string>
#include <vector>

namespace mesogrid::cli {

inline constexpr const char* builtin_face_name = "built-in face";

struct MeshSource {
  std::string path;                   ///< empty: the built-in face
  std::string units = "auto";         ///< --units text
  bool units_given = false;           ///< --units was on the command line
  std::string landmarks;              ///< --landmarks FILE ("" = none)
  std::string landmark_set = "auto";  ///< --landmark-set text
};

struct LoadedMesh {
  Mesh mesh;                          ///< millimetres
  std::string name;                   ///< the path, or "built-in face"
  std::string units;                  ///< units the file was read in: mm, cm or m
  std::string summary;                ///< one line: format, counts, units decision (for --verbose)
  std::vector<std::string> notes;     ///< the reader's notes (welds, drops, units decision, ...)
  std::vector<std::string> warnings;  ///< e.g. --units ignored for the built-in face
  bool builtin = false;               ///< the built-in anatomical face (regions, danger zones, mirror-exact)
  /// With --landmarks: the transfer (mesh above = the covered part of the scan, labelled; zones; frame; fit).
  std::shared_ptr<const ScanTransfer> transfer;
  std::string landmark_units;         ///< units the landmark file was read in (mm, cm, m)
  std::string landmark_units_source;  ///< "declared by the file" or "the mesh's units"
};

/// Throws usage_error (exit 1) naming --units when `units` is not auto, mm, cm or m.
void check_units(const std::string& units);

/// Reads the mesh. Throws mesogrid::Error: exit 1 for a bad --units or --landmark-set, exit 2 for anything
/// wrong with the mesh or landmark file (missing, unreadable, not a mesh, too large, out of memory, bad
/// landmark values), exit 3 for an implausible landmark fit (transfer.hpp). With landmarks, `mesh` is the
/// part of the scan the built-in face covers, labelled with its regions, and the notes report the fit.
LoadedMesh load_mesh(const MeshSource& src);

/// The built-in anatomical face (anatomy.hpp), built once: the template landmarks are fitted from.
const Mesh& builtin_anatomical_face();

/// One line per group: "jaw 8.26/0.20" (RMS mm after the similarity / after the warp), joined by ", ".
std::string landmark_group_text(const LandmarkFitReport& r);

}  // namespace mesogrid::cli

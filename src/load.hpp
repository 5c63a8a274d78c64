// src/load.hpp: reading the plan's mesh for the CLI: a file given with --mesh, or the built-in face.
// Kept in its own translation unit (io.hpp is only included by load.cpp).
#pragma once
#include <mesogrid/mesh.hpp>
#include <string>
#include <vector>

namespace mesogrid::cli {

inline constexpr const char* builtin_face_name = "built-in face";

struct MeshSource {
  std::string path;            ///< empty: the built-in face
  std::string units = "auto";  ///< --units text
  bool units_given = false;    ///< --units was on the command line
};

struct LoadedMesh {
  Mesh mesh;                           ///< millimetres
  std::string name;                    ///< the path, or "built-in face"
  std::string units;                   ///< units the file was read in: mm, cm or m
  std::string summary;                 ///< one line: format, counts, units decision (for --verbose)
  std::vector<std::string> notes;      ///< the reader's notes (welds, drops, units decision, ...)
  std::vector<std::string> warnings;   ///< e.g. --units ignored for the built-in face
  bool builtin = false;                ///< the built-in anatomical face (regions, danger zones, mirror-exact)
};

/// Throws usage_error (exit 1) naming --units when `units` is not auto, mm, cm or m.
void check_units(const std::string& units);

/// Reads the mesh. Throws mesogrid::Error: exit 1 for a bad --units, exit 2 for anything wrong with the
/// file (missing, unreadable, not a mesh, too large, out of memory).
LoadedMesh load_mesh(const MeshSource& src);

}  // namespace mesogrid::cli

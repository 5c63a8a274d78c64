// mesogrid/io/types.hpp: what reading a mesh file is asked (LoadOptions: units, limits) and what it reports
// (LoadReport: format, counts, what was welded or dropped, the units decision, notes). Lengths in mm unless
// named in file units.
#pragma once
#include <Eigen/Core>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../core/error.hpp"
#include "../core/text.hpp"

namespace mesogrid {

/// Length units of a mesh file. automatic: decided from the bounding box (rule in read_mesh.hpp).
/// dm only when declared: a decimetre file's size is a centimetre file's tenth, which the automatic rule, made for
/// faces in mm, cm, m, um and inches, does not try.
enum class Units { automatic, um, mm, cm, m, in, dm };

/// The units named "auto" (or "automatic"), "um", "mm", "cm", "dm", "m" or "in" (inch, 25.4 mm), case-insensitive;
/// nullopt for anything else.
inline std::optional<Units> units_from_name(std::string_view s) {
  const std::string t = text::lower(s);
  if (t == "auto" || t == "automatic") return Units::automatic;
  if (t == "um" || t == "\xc2\xb5m" || t == "micrometre" || t == "micrometer") return Units::um;
  if (t == "mm") return Units::mm;
  if (t == "cm") return Units::cm;
  if (t == "dm" || t == "decimetre" || t == "decimeter") return Units::dm;
  if (t == "m") return Units::m;
  if (t == "in" || t == "inch" || t == "inches") return Units::in;
  return std::nullopt;
}

/// Name of a Units value: "auto", "um", "mm", "cm", "dm", "m" or "in".
inline std::string_view units_name(Units u) {
  switch (u) {
    case Units::automatic: return "auto";
    case Units::um: return "um";
    case Units::mm: return "mm";
    case Units::cm: return "cm";
    case Units::m: return "m";
    case Units::in: return "in";
    case Units::dm: return "dm";
  }
  return "auto";
}

/// Length of one unit in mm: 0.001 (um), 1 (mm), 10 (cm), 100 (dm), 1000 (m) or 25.4 (in); 1 for automatic.
inline double units_scale_mm(Units u) {
  return u == Units::m    ? 1000.0
         : u == Units::dm ? 100.0
         : u == Units::cm ? 10.0
         : u == Units::um ? 0.001
         : u == Units::in ? 25.4
                          : 1.0;
}

/// Options of read_mesh / read_mesh_buffer.
struct LoadOptions {
  Units units = Units::automatic;             ///< units of the file, or automatic
  std::uint64_t max_file_bytes = 2ull << 30;  ///< bigger files -> input_error
  std::size_t max_line_bytes = 1u << 20;      ///< text formats: a longer line -> input_error
  std::int64_t max_elements = 20'000'000;     ///< max vertices or faces declared/read
};

/// What read_mesh found and did.
/// The texture coordinates of a mesh file (OBJ `vt`, `f v/vt`, `usemtl`, `mtllib`), per triangle of the finished
/// Mesh: uv (#UV x 2, u right, v up), face_uv (#F x 3 rows of uv, -1: none), face_material (#F, index into
/// materials, -1: none), and the material files named by the mesh, as written. Empty when the file has none.
struct TexCoords {
  Eigen::MatrixXd uv;
  Eigen::MatrixXi face_uv;
  Eigen::VectorXi face_material;
  std::vector<std::string> materials, mtllibs;
  bool empty() const { return face_uv.rows() == 0; }
};

struct LoadReport {
  std::string path, format;  ///< format: obj, ply-ascii, ply-binary-le, ply-binary-be, stl-ascii, stl-binary, off
  long vertices_read = 0, faces_read = 0;  ///< as in the file (polygons counted once)
  long triangles = 0;                      ///< after triangulation and dropping degenerate and repeated ones
  long degenerate_dropped = 0, vertices_welded = 0, nonmanifold_edges = 0, boundary_edges = 0, components = 0;
  long duplicates_dropped = 0;  ///< triangles with the same three corners as an earlier one (either winding)
  Units units = Units::mm;      ///< units the file was in (decided or declared)
  bool units_detected = false;  ///< true when decided automatically
  double scale_to_mm = 1;
  Eigen::Vector3d extent_file_units = Eigen::Vector3d::Zero();  ///< bounding-box size before scaling
  /// One line each: the reader's notes, welds, drops, non-manifold edges, pieces, the units decision, and
  /// (starting "warning: ") a size implausible for a face, or 32-bit float coordinates too coarse for the skin.
  std::vector<Message> notes;
  TexCoords texcoords;  ///< the file's texture coordinates, per triangle of the finished mesh (OBJ)
};

}  // namespace mesogrid

// mesogrid/io/read_mesh.hpp: reading a mesh file. Reads OBJ, PLY (ascii, binary little/big endian), STL (ascii, binary)
// and OFF into a mesogrid::Mesh in MILLIMETRES: vertices with exactly equal positions are welded (first
// occurrence order kept), polygons are triangulated (ear clipping in the polygon's plane), degenerate
// triangles (repeated vertex or zero area) are dropped, region labels are carried (OBJ g/o or usemtl,
// PLY integer face property label/region/region_id/segment).
//
// The format is decided by CONTENT; the file extension is only a hint.
//
// Speed and memory on scans (a 1.2-million-triangle binary PLY): the file is read into a big_array
// (core/memory.hpp: mapped with huge pages, unmapped when freed); the common binary PLY layout (`float x, y, z` then
// `list uchar int vertex_indices`, all triangles) and binary STL are decoded in one pass per block straight into the
// arrays of the finished Mesh (Eigen, column-major), and every later step works on them in place: no copy at the end.
// Any other layout, or any problem, goes through the general reader, which words the errors; its polygons are
// triangulated into the same arrays. Welding is one pass of an open-addressing hash for every format (exact positions
// only, so an indexed file without duplicates keeps its vertices and their order); the edge checks bucket the edges by
// vertex (counting sort, no global sort). Loops that follow the triangles into the vertex arrays prefetch a few
// triangles ahead, and scan-sized arrays are advised for huge pages. The file's bytes are released after parsing, so
// the peak is the file plus the Mesh while parsing (51 MB for a 22 MB scan), then the Mesh plus about 30 bytes per
// triangle during the edge checks (64 MB).
//
// Units rule (Units::automatic), with E = the largest side of the bounding box in file units and a
// human face being about 120-250 mm across:
//   E < 1        -> metres       (x1000)
//   1 <= E < 30  -> centimetres  (x10)
//   30 <= E < 5000 -> millimetres (x1)
//   E >= 5000    -> micrometres  (x0.001)
// A face found on the scan (the tool's automatic landmarks) may then decide the units by its size, inches included.
// A note warns when the scaled largest side is < 5 mm or > 1000 mm (implausible for a face region);
// above 1 km (1e6 mm), or when that side is implausible in every unit (um, mm, cm, m and in: a file whose
// largest side is below 0.005, between 1000 and 5000, or above 1e6 file units), the mesh is refused
// (input_error, naming the size in every unit).
//
// Limits (LoadOptions): files above max_file_bytes (default 2 GiB), text lines above max_line_bytes
// (default 1 MiB) and more than max_elements vertices or faces (default 20 million, ~17x the largest
// face scan we test with, and about 2 GB of memory while loading) are refused with an input_error.
// Header counts are checked against the limit and against the bytes actually present before anything
// is allocated, so a lying header never allocates more than the file's own size allows.
//
// Every problem with the input throws mesogrid::Error of kind input (input_error) with one line
// "<file>:<line>: <what is wrong>; <what to do>" (line omitted, or an element index / byte offset
// given instead, when there is no line).
#pragma once
#include <string>
#include <string_view>

#include "../core/config.hpp"
#include "../core/mesh.hpp"
#include "types.hpp"

namespace mesogrid {

/// Reads a triangle mesh file (OBJ, PLY, STL or OFF, detected by content) into millimetres: welded
/// vertices, polygons triangulated, degenerate triangles dropped, region labels carried. Units follow
/// opt.units (automatic: rule at the top of this header). Throws input_error with a one-line
/// "<file>:<line>: <problem>; <fix>" message on any bad input. Fills *report when given.
MESOGRID_API Mesh read_mesh(const std::string& path, const LoadOptions& opt = {}, LoadReport* report = nullptr);

/// Reads a mesh from bytes already in memory (built-in face, fuzzing). display_name is used in messages
/// and its extension as a hint; the format is decided by content. Returns the mesh in millimetres.
/// Throws input_error on bad input. Fills *report when given.
MESOGRID_API Mesh read_mesh_buffer(std::string_view bytes, const std::string& display_name, const LoadOptions& opt = {},
                                   LoadReport* report = nullptr);

}  // namespace mesogrid

#if MESOGRID_DEFINITIONS
#include "read_mesh-inl.hpp"
#endif

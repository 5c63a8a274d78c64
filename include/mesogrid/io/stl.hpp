// mesogrid/io/stl.hpp: the STL readers: ascii (facet loops of any vertex count; colour extensions ignored; a file
// that ends inside a facet or without 'endsolid' is refused as truncated) and binary (84-byte header, 50 bytes per
// triangle, little endian; a few trailing bytes noted, a triangle's worth or more refused: the header's count would
// be wrong). Each facet's vertices are its own; welding joins them. Coordinates in file units.
#pragma once
#include <string>
#include <string_view>

#include "../core/memory.hpp"
#include "raw_mesh.hpp"

namespace mesogrid::detail {

inline RawMesh parse_stl_ascii(std::string_view text, const std::string& name, const LoadOptions& opt) {
  RawMesh raw;
  raw.format = "stl-ascii";
  const std::int64_t limit = element_limit(opt);
  LineReader lr(text, name, opt.max_line_bytes);
  std::string_view line;
  int in_loop = 0;
  long loop_line = 0;
  long facet_line = 0;  // the line of the open facet ('facet' seen, its 'endfacet' not yet): 0 when none is open
  bool ended = false;   // 'endsolid' after the last facet
  auto flush = [&](long ln) {
    if (in_loop < 3)
      fail(name, loop_line ? loop_line : ln,
           "facet has " + text::count_of(in_loop, "vertex", "vertices") + ", need at least 3; fix or remove the facet");
    if (raw.num_polygons() >= limit)
      fail(name, ln, "more than " + std::to_string(limit) + " facets; decimate the mesh");
    raw.end_polygon(-1);
    in_loop = 0;
    loop_line = 0;
  };
  while (lr.next(line)) {
    std::string_view rest = line;
    const std::string_view kw = next_token(rest);
    const long ln = lr.line();
    if (!kw.empty()) ended = kw == "endsolid";
    if (kw == "facet") facet_line = ln;
    if (kw == "endfacet") facet_line = 0;
    if (kw == "vertex") {
      if (raw.num_vertices() >= limit)
        fail(name, ln, "more than " + std::to_string(limit) + " vertices; decimate the mesh");
      if (in_loop == 0) loop_line = ln;
      for (int k = 0; k < 3; ++k) raw.V.push_back(coord(next_token(rest), name, ln));
      raw.idx.push_back(static_cast<int>(raw.num_vertices() - 1));
      ++in_loop;
    } else if (kw == "endloop" || kw == "endfacet") {
      if (in_loop > 0 || kw == "endloop") flush(ln);
    } else if (kw == "facet" || kw == "outer" || kw == "solid" || kw == "endsolid" || kw.empty()) {
      if (in_loop > 0 && kw == "facet") flush(ln);
    }
    // other keywords (colour extensions and the like): ignored
  }
  // a file cut short (a copy or an upload that stopped) ends inside a facet or without 'endsolid': refused, rather
  // than planned on the part that arrived
  if (in_loop > 0 || facet_line > 0)
    fail(name, lr.line(),
         "the file ends inside the facet begun at line " + std::to_string(facet_line ? facet_line : loop_line) +
             "; the file is truncated, re-export it");
  if (!ended) fail(name, lr.line(), "the file ends without 'endsolid'; the file is truncated, re-export it");
  return raw;
}

inline RawMesh parse_stl_binary(std::string_view bytes, const std::string& name, const LoadOptions& opt) {
  RawMesh raw;
  raw.format = "stl-binary";
  raw.float32_axis = {true, true, true};
  const bool swap = !host_little_endian();
  const std::uint32_t n = load_scalar<std::uint32_t>(bytes.data() + 80, swap);
  const std::int64_t limit = element_limit(opt);
  if (static_cast<std::int64_t>(n) > limit)
    fail(name, 0,
         "binary STL declares " + std::to_string(n) + " triangles, above the limit of " + std::to_string(limit) +
             "; decimate the mesh");
  const std::uint64_t need = 84ull + 50ull * n;
  if (bytes.size() < need)
    fail(name, 0,
         "binary STL header declares " + std::to_string(n) + " triangles (" + std::to_string(need) +
             " bytes) but the file has " + std::to_string(bytes.size()) +
             " bytes; the file is truncated (or not a mesh), re-export it");
  // a few bytes of padding after the last triangle are noted; a whole triangle's worth or more means the count in
  // the header is wrong (or something was appended): reading by the count would drop those triangles unseen
  if (bytes.size() >= need + 50)
    fail(name, 0,
         "binary STL header declares " + text::count_of(n, "triangle", "triangles") + " (" + std::to_string(need) +
             " bytes) but the file has " + std::to_string(bytes.size()) + " bytes, room for " +
             std::to_string((bytes.size() - 84) / 50) +
             "; the triangle count in the header is wrong or something was appended, re-export the mesh");
  if (bytes.size() > need)
    raw.notes.push_back("binary STL: ignored " + std::to_string(bytes.size() - need) +
                        " bytes after the last triangle");
  // three vertices per triangle, straight into the final layout (welding joins them)
  raw.dV.resize(3 * static_cast<Eigen::Index>(n), 3);
  raw.dF.resize(static_cast<Eigen::Index>(n), 3);
  advise_huge_pages(raw.dV.data(), sizeof(double) * static_cast<std::size_t>(raw.dV.size()));
  advise_huge_pages(raw.dF.data(), sizeof(int) * static_cast<std::size_t>(raw.dF.size()));
  raw.decoded = true;
  const char* p = bytes.data() + 84;
  for (std::uint32_t t = 0; t < n; ++t, p += 50) {
    for (int k = 0; k < 9; ++k) {
      const double v = load_scalar<float>(p + 12 + 4 * k, swap);
      if (!std::isfinite(v))
        fail(name, 0,
             "triangle " + std::to_string(t) + " (byte " + std::to_string(84ull + 50ull * t + 12 + 4 * k) +
                 "): vertex coordinate is not a finite number; fix or re-export the mesh");
      raw.dV(3 * static_cast<Eigen::Index>(t) + k / 3, k % 3) = v;
    }
    for (int k = 0; k < 3; ++k) raw.dF(static_cast<Eigen::Index>(t), k) = static_cast<int>(3 * t + k);
  }
  return raw;
}

}  // namespace mesogrid::detail

// mesogrid/io/off.hpp: the OFF reader (ascii, 3D): the counts line, the vertices, the faces as "n i0 i1 ...";
// '#' comments and trailing colour values ignored; 4D, nOFF and binary OFF refused, and so are lines after the
// counted faces. Coordinates in file units.
#pragma once
#include <string>
#include <string_view>

#include "raw_mesh.hpp"

namespace mesogrid::detail {

inline RawMesh parse_off(std::string_view text, const std::string& name, const LoadOptions& opt) {
  RawMesh raw;
  raw.format = "off";
  LineReader lr(text, name, opt.max_line_bytes);
  std::string_view line;
  auto next_data_line = [&](std::string_view& out) {
    while (lr.next(out)) {
      if (const auto h = out.find('#'); h != std::string_view::npos) out = out.substr(0, h);
      if (!text::trim(out).empty()) return true;
    }
    return false;
  };
  if (!next_data_line(line)) fail(name, 0, "empty OFF file; export the mesh again");
  std::string_view rest = line;
  const std::string_view kw = next_token(rest);
  if (kw.size() < 3 || kw.substr(kw.size() - 3) != "OFF")
    fail(name, lr.line(), "expected the OFF header; the file is not an OFF mesh");
  if (kw[0] == '4' || kw[0] == 'n')
    fail(name, lr.line(), text::quoted(kw) + " (non-3D OFF) is not supported; export a 3D OFF, OBJ, PLY or STL");
  std::string_view after = text::trim(rest);
  if (after.substr(0, 6) == "BINARY")
    fail(name, lr.line(), "binary OFF is not supported; export ascii OFF, OBJ, PLY or STL");
  if (after.empty()) {
    if (!next_data_line(line)) fail(name, lr.line(), "missing the vertex/face counts line; the file is truncated");
    rest = line;
  }
  const long counts_line = lr.line();
  std::int64_t nv = 0, nf = 0;
  if (!parse_int(next_token(rest), nv) || !parse_int(next_token(rest), nf) || nv < 0 || nf < 0)
    fail(name, counts_line, "expected '<vertices> <faces> <edges>' counts; fix the OFF header");
  const std::int64_t limit = element_limit(opt);
  if (nv > limit || nf > limit)
    fail(name, counts_line,
         "counts " + std::to_string(nv) + " vertices / " + std::to_string(nf) + " faces exceed the limit of " +
             std::to_string(limit) + "; decimate the mesh");
  // every vertex line needs at least 6 bytes ("0 0 0\n"), every face line at least 2
  const double need = 6.0 * static_cast<double>(nv) + 2.0 * static_cast<double>(nf) - 1;
  if (need > static_cast<double>(lr.remaining()))
    fail(name, counts_line,
         "header declares " + std::to_string(nv) + " vertices and " + std::to_string(nf) +
             " faces, more than the remaining " + std::to_string(lr.remaining()) +
             " bytes can hold; the file is truncated or the counts are wrong");
  const std::size_t rf = std::min<std::size_t>(static_cast<std::size_t>(nf), lr.remaining() / 8);  // "3 0 1 2\n"
  raw.V.reserve(static_cast<std::size_t>(3 * nv));
  raw.idx.reserve(3 * rf);
  raw.start.reserve(rf + 1);
  raw.label.reserve(rf);
  for (std::int64_t i = 0; i < nv; ++i) {
    if (!next_data_line(line))
      fail(name, lr.line(),
           "file ends after " + std::to_string(i) + " of " + std::to_string(nv) + " vertices; the file is truncated");
    rest = line;
    for (int k = 0; k < 3; ++k) raw.V.push_back(coord(next_token(rest), name, lr.line()));
  }
  for (std::int64_t f = 0; f < nf; ++f) {
    if (!next_data_line(line))
      fail(name, lr.line(),
           "file ends after " + std::to_string(f) + " of " + std::to_string(nf) + " faces; the file is truncated");
    rest = line;
    const long ln = lr.line();
    std::int64_t n = 0;
    if (!parse_int(next_token(rest), n)) fail(name, ln, "expected a face line 'n i0 i1 ...'; fix the face");
    if (n < 3)
      fail(name, ln,
           "face has " + text::count_of(n, "vertex", "vertices") + ", need at least 3; remove or fix the face");
    if (n > nv)
      fail(name, ln,
           "face " + std::to_string(f) + " declares " + std::to_string(n) + " corners, more than the " +
               text::count_of(nv, "vertex", "vertices") + " of the mesh; fix the face");
    for (std::int64_t k = 0; k < n; ++k) {
      std::string_view tok = next_token(rest);
      std::int64_t i = 0;
      if (tok.empty())
        fail(name, ln,
             "face " + std::to_string(f) + " declares " + text::count_of(n, "corner", "corners") + " but lists " +
                 std::to_string(k) + " (an OFF face is 'n i0 i1 ...' on one line); fix the face");
      if (!parse_int(tok, i)) fail(name, ln, "face vertex " + text::quoted(tok) + " is not an index; fix the face");
      if (i < 0 || i >= nv)
        fail(name, ln,
             "face index " + std::to_string(i) + " is out of range (the file has " + std::to_string(nv) +
                 " vertices, indices start at 0); fix the face");
      raw.idx.push_back(static_cast<int>(i));
    }
    raw.end_polygon(-1);  // trailing colour values ignored
  }
  // more lines than the header counts: the counts are wrong, and reading by them would drop the rest unseen
  if (next_data_line(line))
    fail(name, lr.line(),
         "more data after the " + text::count_of(nf, "face", "faces") + " the header declares (line " +
             std::to_string(counts_line) + "); fix the counts in the header or remove the extra lines");
  return raw;
}

}  // namespace mesogrid::detail

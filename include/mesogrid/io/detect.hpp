// mesogrid/io/detect.hpp: the format of a mesh file decided by its content (the extension is only a hint for
// a binary STL too short or too long for its header), and the bytes handed to that format's reader.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "obj.hpp"
#include "off.hpp"
#include "ply.hpp"
#include "raw_mesh.hpp"
#include "stl.hpp"
#include "types.hpp"

namespace mesogrid::detail {

inline bool looks_text(std::string_view b) {
  const std::size_t n = std::min<std::size_t>(b.size(), 1 << 16);
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char c = static_cast<unsigned char>(b[i]);
    if (c < 32 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v') return false;
  }
  return true;
}

/// First keyword of the first line that is neither blank nor a '#' comment.
inline std::string_view first_keyword(std::string_view b) {
  std::size_t i = 0;
  while (i < b.size()) {
    while (i < b.size() && is_blank(b[i])) ++i;
    if (i < b.size() && b[i] == '#') {
      while (i < b.size() && b[i] != '\n' && b[i] != '\r') ++i;
      continue;
    }
    std::size_t j = i;
    while (j < b.size() && !is_blank(b[j]) && b[j] != '#' && j - i < 64) ++j;
    return b.substr(i, j - i);
  }
  return {};
}

inline bool is_obj_keyword(std::string_view k) {
  static const char* const kws[] = {"v",      "vt",     "vn",  "vp",   "f",      "fo",     "g",
                                    "o",      "s",      "l",   "p",    "mtllib", "usemtl", "maplib",
                                    "usemap", "cstype", "deg", "curv", "surf",   "lod"};
  for (const char* w : kws)
    if (k == w) return true;
  return false;
}

inline std::string lower_ext(const std::string& name) {
  const auto dot = name.rfind('.');
  if (dot == std::string::npos || name.find('/', dot) != std::string::npos) return {};
  return text::lower(std::string_view(name).substr(dot + 1));
}

/// Decides the format by content and parses the bytes (see read_mesh_buffer).
inline RawMesh parse_buffer(std::string_view bytes, const std::string& name, const LoadOptions& opt) {
  if (bytes.size() > opt.max_file_bytes)
    fail(name, 0,
         "file is " + std::to_string(bytes.size()) + " bytes, above the " + std::to_string(opt.max_file_bytes) +
             "-byte limit; decimate the mesh (or raise the limit)");
  if (bytes.empty()) fail(name, 0, "file is empty; export the mesh again");
  std::string_view b = bytes;
  b = text::strip_bom(b);
  RawMesh raw;
  const auto starts_line = [&](std::string_view magic) {
    return b.size() > magic.size() && b.substr(0, magic.size()) == magic &&
           (b[magic.size()] == '\n' || b[magic.size()] == '\r' || b[magic.size()] == ' ');
  };
  const bool binary_stl_size = bytes.size() >= 84 && [&] {
    const std::uint32_t n = load_scalar<std::uint32_t>(bytes.data() + 80, !host_little_endian());
    return 84ull + 50ull * n == bytes.size();
  }();
  const bool stl_ext = lower_ext(name) == "stl";
  const bool text = looks_text(b);
  const std::string_view kw = text ? first_keyword(b) : std::string_view();
  if (starts_line("ply")) {
    raw = parse_ply(b, name, opt);
  } else if (binary_stl_size) {
    raw = parse_stl_binary(bytes, name, opt);
  } else if (text && kw == "solid") {
    raw = parse_stl_ascii(b, name, opt);
  } else if ((text && kw.size() >= 3 && kw.substr(kw.size() - 3) == "OFF") || starts_line("OFF")) {
    raw = parse_off(b, name, opt);  // binary content after an "OFF" line: parse_off names it (binary OFF)
  } else if (text && is_obj_keyword(kw)) {
    raw = parse_obj(b, name, opt);
  } else if (stl_ext && bytes.size() < 84) {
    fail(name, 0,
         "binary STL is " + std::to_string(bytes.size()) +
             " bytes, shorter than its 84-byte header; the file is truncated, re-export it");
  } else if (stl_ext && !text) {
    raw = parse_stl_binary(bytes, name, opt);  // truncated or oversized count (throws) or trailing bytes (noted)
  } else if (text && kw.empty()) {
    fail(name, 0, "file has no mesh data (only blank or comment lines); export the mesh again");
  } else if (text) {
    fail(name, 0,
         "unrecognised mesh format (content is not OBJ, PLY, STL or OFF; starts with " + text::quoted(kw) +
             "); convert the mesh to OBJ, PLY, STL or OFF");
  } else {
    fail(name, 0,
         std::string("unrecognised mesh format (binary content that is not PLY or STL") +
             (bytes.size() >= 84 ? ": as a binary STL its triangle count would not match the file size" : "") +
             "); convert the mesh to OBJ, PLY, STL or OFF");
  }
  return raw;
}

}  // namespace mesogrid::detail

// mesogrid/io/detect.hpp: the format of a mesh file decided by its content (the extension is only a hint for
// a binary STL too short or too long for its header), and the bytes handed to that format's reader.
#pragma once
#include <array>
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

/// The most bytes the elements of a binary PLY header can take (lists at their count type's largest count),
/// or 0 when a list count is 32 bits or wider (no useful bound). `header` holds the lines before end_header.
inline std::uint64_t ply_binary_max_body(std::string_view header) {
  std::uint64_t total = 0, count = 0, per = 0;
  LineReader lr(header, "", header.size() + 1);
  std::string_view line;
  auto close_element = [&] { total += count * per; };
  while (lr.next(line)) {
    std::string_view rest = line;
    const std::string_view kw = next_token(rest);
    if (kw == "element") {
      close_element();
      next_token(rest);
      std::int64_t c = 0;
      if (!parse_int(next_token(rest), c) || c < 0) return 0;
      count = static_cast<std::uint64_t>(c);
      per = 0;
    } else if (kw == "property") {
      const std::string_view t = next_token(rest);
      if (t == "list") {
        const int cs = ply_size(ply_type(next_token(rest))), is = ply_size(ply_type(next_token(rest)));
        if (cs <= 0 || cs > 2 || is <= 0) return 0;
        per += static_cast<std::uint64_t>(cs) + (cs == 1 ? 255u : 65535u) * static_cast<std::uint64_t>(is);
      } else {
        const int sz = ply_size(ply_type(t));
        if (sz <= 0) return 0;
        per += static_cast<std::uint64_t>(sz);
      }
    }
  }
  close_element();
  return total;
}

/// What the head of a mesh file (its first bytes; `size` is the whole file's) decides before the rest is read
/// (read_mesh): a file whose head already shows it cannot be read is refused at once, whatever its size (binary
/// bytes in a text format, a binary STL or PLY whose declared sizes do not fit the file, no PLY header end).
/// Returns true when the rest must be text (read_mesh checks it chunk by chunk as it arrives: no NUL byte, no
/// line above the limit). When the head is the whole file, parse_buffer decides everything and words it.
inline bool check_head(std::string_view head, std::uint64_t size, const std::string& name, const LoadOptions& opt) {
  if (head.size() >= size) return false;
  std::string_view b = text::strip_bom(head);
  const auto starts_line = [&](std::string_view magic) {
    return b.size() > magic.size() && b.substr(0, magic.size()) == magic &&
           (b[magic.size()] == '\n' || b[magic.size()] == '\r' || b[magic.size()] == ' ');
  };
  const std::int64_t limit = element_limit(opt);
  if (starts_line("ply")) {
    std::size_t end = b.find("\nend_header");
    const std::string_view header = b.substr(0, end == std::string_view::npos ? b.size() : end);
    if (!looks_text(header))
      fail(name, 0,
           "the PLY header holds binary bytes before its end_header line; the file is corrupt, export it again");
    if (end == std::string_view::npos)
      fail(name, 0,
           "no end_header line in the first " + std::to_string(head.size()) +
               " bytes of the PLY header; the file is corrupt or not a PLY mesh");
    end = b.find('\n', end + 1);
    if (end == std::string_view::npos) return false;
    const std::uint64_t body = size - (static_cast<std::uint64_t>(b.data() - head.data()) + end + 1);
    if (header.find("\nformat ascii") != std::string_view::npos) return true;
    const std::uint64_t most = ply_binary_max_body(header);
    if (most > 0 && body > most)
      fail(name, 0,
           "the binary PLY body is " + std::to_string(body) + " bytes, more than its declared elements can take (" +
               std::to_string(most) + "); the file has bytes after its elements, export it again");
    return false;
  }
  const bool text = looks_text(b);
  if (head.size() >= 84) {
    const std::uint32_t n = load_scalar<std::uint32_t>(head.data() + 80, !host_little_endian());
    const bool stl_size = 84ull + 50ull * n == size;
    if (stl_size || (!text && lower_ext(name) == "stl")) {
      if (static_cast<std::int64_t>(n) > limit)
        fail(name, 0,
             "binary STL declares " + std::to_string(n) + " triangles, above the limit of " + std::to_string(limit) +
                 "; decimate the mesh");
      if (n == 0 && !stl_size)
        fail(name, 0,
             "binary STL declares no triangle (" + std::to_string(size) +
                 " bytes of something else); export the mesh again");
      return false;
    }
  }
  if (text) return true;
  if (starts_line("OFF")) fail(name, 1, "binary OFF is not supported; export ascii OFF, OBJ, PLY or STL");
  std::size_t z = 0;  // the first binary byte
  while (z < b.size() && looks_text(b.substr(z, 1))) ++z;
  const std::string_view kw = first_keyword(b.substr(0, z));
  if (is_obj_keyword(kw) || kw == "solid" || (kw.size() >= 3 && kw.substr(kw.size() - 3) == "OFF"))
    fail(name, 0,
         "a text mesh file with binary bytes (byte " + std::to_string(b.data() - head.data() + z) + " is " +
             std::to_string(static_cast<unsigned char>(b[z])) + "); the file is corrupt, export it again");
  fail(name, 0,
       "unrecognised mesh format (binary content that is not PLY or STL: as a binary STL its triangle count would "
       "not match the file size); convert the mesh to OBJ, PLY, STL or OFF");
}

/// Checks bytes of a text mesh file as they are read (read_mesh): no NUL or other binary control byte, no line
/// longer than opt.max_line_bytes. `offset` is where `chunk` starts in the file; `line` and `run` (the current
/// line's number and length so far) carry over from one chunk to the next.
inline void check_text_chunk(std::string_view chunk, std::uint64_t offset, long& line, std::size_t& run,
                             const std::string& name, const LoadOptions& opt) {
  // byte classes: 0 text, 1 '\n', 2 '\r', 3 binary (a control byte no text format has)
  static const auto cls = [] {
    std::array<unsigned char, 256> t{};
    for (int c = 0; c < 32; ++c) t[static_cast<std::size_t>(c)] = 3;
    t['\t'] = t['\f'] = t['\v'] = 0;
    t['\n'] = 1;
    t['\r'] = 2;
    return t;
  }();
  const auto too_long = [&] {
    fail(name, line,
         "line longer than " + std::to_string(opt.max_line_bytes) +
             " bytes; the file is corrupt or not a text mesh (or raise the line limit)");
  };
  const unsigned char* p = reinterpret_cast<const unsigned char*>(chunk.data());
  const std::size_t n = chunk.size();
  std::size_t start = 0;  // where the current line's bytes in this chunk start
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char k = cls[p[i]];
    if (k == 0) continue;
    if (k == 3)
      fail(name, line,
           "binary byte " + std::to_string(p[i]) + " at byte " + std::to_string(offset + i) +
               " of a text mesh file; the file is corrupt (or not a mesh), export it again");
    if (run + (i - start) > opt.max_line_bytes) too_long();
    if (k == 1 || i + 1 >= n || p[i + 1] != '\n') ++line;  // CRLF counts once
    run = 0;
    start = i + 1;
  }
  run += n - start;
  if (run > opt.max_line_bytes) too_long();
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

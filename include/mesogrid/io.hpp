// mesogrid/io.hpp: mesh readers. Reads OBJ, PLY (ascii, binary little/big endian), STL (ascii, binary)
// and OFF into a mesogrid::Mesh in MILLIMETRES: vertices with exactly equal positions are welded (first
// occurrence order kept), polygons are triangulated (ear clipping in the polygon's plane), degenerate
// triangles (repeated vertex or zero area) are dropped, region labels are carried (OBJ g/o or usemtl,
// PLY integer face property label/region/region_id/segment).
//
// The format is decided by CONTENT; the file extension is only a hint.
//
// Speed and memory on scans (a 1.2-million-triangle binary PLY): the file is read into a big_array
// (memory.hpp: mapped with huge pages, unmapped when freed); the common binary PLY layout (`float x, y, z` then `list
// uchar int vertex_indices`, all triangles) and binary STL are decoded in one pass per block straight into the arrays
// of the finished Mesh (Eigen, column-major), and every later step works on them in place: no copy at the end. Any
// other layout, or any problem, goes through the general reader, which words the errors; its polygons are triangulated
// into the same arrays. Welding is one pass of an open-addressing hash for every format (exact positions only, so an
// indexed file without duplicates keeps its vertices and their order); the edge checks bucket the edges by vertex
// (counting sort, no global sort). Loops that follow the triangles into the vertex arrays prefetch a few triangles
// ahead, and scan-sized arrays are advised for huge pages. The file's bytes are released after parsing, so the peak is
// the file plus the Mesh while parsing (51 MB for a 22 MB scan), then the Mesh plus about 30 bytes per triangle during
// the edge checks (64 MB).
//
// Units rule (Units::automatic), with E = the largest side of the bounding box in file units and a
// human face being about 120-250 mm across:
//   E < 1        -> metres       (x1000)
//   1 <= E < 30  -> centimetres  (x10)
//   E >= 30      -> millimetres  (x1)
// A note warns when the scaled largest side is < 5 mm or > 1000 mm (implausible for a face region);
// above 1 km (1e6 mm) the mesh is refused (input_error).
//
// Limits (LoadOptions): files above max_file_bytes (default 2 GiB), text lines above max_line_bytes
// (default 1 MiB) and more than max_elements vertices or faces (default 20 million, ~17x the largest
// face scan we test with, and about 2 GB of memory while loading) are refused with an input_error.
// Header counts are checked against the limit and against the bytes actually present before anything
// is allocated, so a lying header never allocates more than the file's own size allows.
//
// Every problem with the input throws mesogrid::Error (input_error, exit code 2) with one line
// "<file>:<line>: <what is wrong>; <what to do>" (line omitted, or an element index / byte offset
// given instead, when there is no line).
#pragma once
#include <Eigen/Core>
#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <utility>
#include <vector>

#include "error.hpp"
#include "memory.hpp"
#include "mesh.hpp"
#include "timing.hpp"

namespace mesogrid {

/// Length units of a mesh file. automatic: decided from the bounding box (see the rule at the top).
enum class Units { automatic, mm, cm, m };

/// Parses "auto" | "mm" | "cm" | "m" (case-insensitive); anything else throws usage_error naming the value.
inline Units parse_units(std::string_view s) {
  std::string t(s);
  for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (t == "auto" || t == "automatic") return Units::automatic;
  if (t == "mm") return Units::mm;
  if (t == "cm") return Units::cm;
  if (t == "m") return Units::m;
  std::string shown;  // one printable line, even for hostile text
  for (char c : s.substr(0, 40)) shown += (static_cast<unsigned char>(c) < 32 || c == 127) ? '?' : c;
  if (s.size() > 40) shown += "...";
  throw usage_error("unknown units '" + shown + "'; use auto, mm, cm or m");
}

/// Name of a Units value: "auto", "mm", "cm" or "m".
inline std::string_view units_name(Units u) {
  switch (u) {
    case Units::automatic: return "auto";
    case Units::mm: return "mm";
    case Units::cm: return "cm";
    case Units::m: return "m";
  }
  return "auto";
}

/// Options of read_mesh / read_mesh_buffer.
struct LoadOptions {
  Units units = Units::automatic;             ///< units of the file, or automatic
  std::uint64_t max_file_bytes = 2ull << 30;  ///< bigger files -> input_error
  std::size_t max_line_bytes = 1u << 20;      ///< text formats: a longer line -> input_error
  std::int64_t max_elements = 20'000'000;     ///< max vertices or faces declared/read
};

/// What read_mesh found and did.
struct LoadReport {
  std::string path, format;  ///< format: obj, ply-ascii, ply-binary-le, ply-binary-be, stl-ascii, stl-binary, off
  long vertices_read = 0, faces_read = 0;  ///< as in the file (polygons counted once)
  long triangles = 0;                      ///< after triangulation and dropping degenerate ones
  long degenerate_dropped = 0, vertices_welded = 0, nonmanifold_edges = 0, boundary_edges = 0, components = 0;
  Units units = Units::mm;      ///< units the file was in (decided or declared)
  bool units_detected = false;  ///< true when decided automatically
  double scale_to_mm = 1;
  Eigen::Vector3d extent_file_units = Eigen::Vector3d::Zero();  ///< bounding-box size before scaling
  std::vector<std::string> notes;  ///< one human line each (units decision, drops, welds, non-manifold, pieces)
};

namespace detail {

// ------------------------------------------------------------------------------------------------
// errors and small text helpers

inline std::string where(const std::string& name, long line) {
  return line > 0 ? name + ":" + std::to_string(line) + ": " : name + ": ";
}
[[noreturn]] inline void fail(const std::string& name, long line, const std::string& what) {
  throw input_error(where(name, line) + what);
}

inline std::string quoted(std::string_view s) {
  std::string r = "'";
  for (char c : s.substr(0, 40)) r += (static_cast<unsigned char>(c) < 32 || c == 127) ? '?' : c;
  if (s.size() > 40) r += "...";
  return r + "'";
}

/// "1 vertex", "2 vertices": n with the singular or plural noun.
inline std::string count_of(long long n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 || n == -1 ? one : many);
}

inline std::string fmt_num(double x) {
  char b[64];
  if (std::fabs(x) >= 100 && std::fabs(x) < 1e7)
    std::snprintf(b, sizeof b, "%.0f", x);
  else
    std::snprintf(b, sizeof b, "%.3g", x);
  return b;
}

inline bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r' || c == '\n'; }

/// Removes and returns the next whitespace-separated token of s (empty when none).
inline std::string_view next_token(std::string_view& s) {
  std::size_t i = 0;
  while (i < s.size() && is_blank(s[i])) ++i;
  std::size_t j = i;
  while (j < s.size() && !is_blank(s[j])) ++j;
  std::string_view t = s.substr(i, j - i);
  s.remove_prefix(j);
  return t;
}

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

enum class NumStatus { ok, bad, range };

inline NumStatus parse_double(std::string_view t, double& out) {
  if (!t.empty() && t[0] == '+') t.remove_prefix(1);
  if (t.empty()) return NumStatus::bad;
  auto r = std::from_chars(t.data(), t.data() + t.size(), out);
  if (r.ec == std::errc::result_out_of_range) return NumStatus::range;
  if (r.ec != std::errc() || r.ptr != t.data() + t.size()) return NumStatus::bad;
  return NumStatus::ok;
}

inline bool parse_int(std::string_view t, std::int64_t& out) {
  if (!t.empty() && t[0] == '+') t.remove_prefix(1);
  auto r = std::from_chars(t.data(), t.data() + t.size(), out);
  return r.ec == std::errc() && r.ptr == t.data() + t.size() && !t.empty();
}

/// Parses one coordinate token; errors name the file and line.
inline double coord(std::string_view tok, const std::string& name, long line) {
  if (tok.empty()) fail(name, line, "vertex needs 3 coordinates; fix or remove the vertex");
  double v = 0;
  const NumStatus s = parse_double(tok, v);
  if (s == NumStatus::bad) fail(name, line, "coordinate " + quoted(tok) + " is not a number; fix the vertex");
  if (s == NumStatus::range || !std::isfinite(v))
    fail(name, line, "vertex coordinate " + quoted(tok) + " is not a finite number; fix or remove the vertex");
  return v;
}

/// Splits text into lines ending in \n, \r\n or \r (mixed endings fine), enforcing the line length limit.
class LineReader {
 public:
  LineReader(std::string_view text, const std::string& name, std::size_t max_line, long first_line = 1)
      : p_(text.data()), end_(text.data() + text.size()), name_(name), max_(max_line), next_line_(first_line) {}
  bool next(std::string_view& line) {
    if (p_ >= end_) return false;
    const char* lim = (static_cast<std::size_t>(end_ - p_) > max_) ? p_ + max_ + 1 : end_;
    const char* q = p_;
    while (q < lim && *q != '\n' && *q != '\r') ++q;
    line_ = next_line_++;
    if (q == lim && lim != end_)
      fail(name_, line_,
           "line longer than " + std::to_string(max_) +
               " bytes; the file is corrupt or not a text mesh (or raise the line limit)");
    line = std::string_view(p_, static_cast<std::size_t>(q - p_));
    if (q < end_) {
      if (*q == '\r' && q + 1 < end_ && q[1] == '\n')
        q += 2;  // CRLF
      else
        ++q;  // LF or lone CR
    }
    p_ = q;
    return true;
  }
  long line() const { return line_; }
  std::size_t remaining() const { return static_cast<std::size_t>(end_ - p_); }
  const char* pos() const { return p_; }

 private:
  const char* p_;
  const char* end_;
  const std::string& name_;
  std::size_t max_;
  long next_line_;
  long line_ = 0;
};

// ------------------------------------------------------------------------------------------------
// raw parse result, shared by all formats

struct RawMesh {
  std::vector<double> V;              // 3 per vertex, file units
  std::vector<int> idx;               // polygon corners, zero-based
  std::vector<std::size_t> start{0};  // polygon k = idx[start[k] .. start[k+1])
  std::vector<int> label;             // per polygon, -1 = none (empty: none at all)
  std::vector<std::string> label_names;
  std::vector<std::string> notes;
  std::string format;
  /// Triangles decoded straight into the layout of the finished Mesh (binary PLY fast path, binary STL):
  /// vertices dV (#V×3, file units, not welded yet) and triangles dF (#F×3); V, idx, start and label are
  /// then empty. Saves a copy of both arrays on big scans.
  bool decoded = false;
  Eigen::MatrixXd dV;
  Eigen::MatrixXi dF;
  long num_vertices() const { return decoded ? static_cast<long>(dV.rows()) : static_cast<long>(V.size() / 3); }
  long num_polygons() const { return decoded ? static_cast<long>(dF.rows()) : static_cast<long>(start.size()) - 1; }
  void end_polygon(int lab) {
    start.push_back(idx.size());
    label.push_back(lab);
  }
};

struct NameTable {
  std::unordered_map<std::string, int> ids;
  std::vector<std::string> names;
  int get(const std::string& s) {
    auto it = ids.find(s);
    if (it != ids.end()) return it->second;
    const int id = static_cast<int>(names.size());
    ids.emplace(s, id);
    names.push_back(s);
    return id;
  }
};

/// Largest bounding-box side accepted after scaling to mm (1 km): beyond it areas and site counts of a
/// plan overflow, and no face is that big.
constexpr double max_extent_mm = 1e6;

inline std::int64_t element_limit(const LoadOptions& opt) {
  return std::min<std::int64_t>(opt.max_elements, std::numeric_limits<int>::max() - 1);
}

// ------------------------------------------------------------------------------------------------
// OBJ

inline RawMesh parse_obj(std::string_view text, const std::string& name, const LoadOptions& opt) {
  RawMesh raw;
  raw.format = "obj";
  const std::int64_t limit = element_limit(opt);
  LineReader lr(text, name, opt.max_line_bytes);
  NameTable groups, mtls;
  int group = -1, mtl = -1;
  bool have_groups = false;
  std::vector<int> mtl_label;
  std::int64_t max_index = -1;
  long max_index_line = 0;
  std::string joined;
  std::string_view line;
  while (lr.next(line)) {
    const long ln = lr.line();
    // line continuation: a trailing backslash joins the next line
    std::string_view t = trim(line);
    if (!t.empty() && t.back() == '\\') {
      joined.assign(t.data(), t.size() - 1);
      std::string_view more;
      while (lr.next(more)) {
        std::string_view mt = trim(more);
        const bool cont = !mt.empty() && mt.back() == '\\';
        joined += ' ';
        joined.append(mt.data(), cont ? mt.size() - 1 : mt.size());
        if (joined.size() > opt.max_line_bytes)
          fail(name, ln,
               "continued line longer than " + std::to_string(opt.max_line_bytes) +
                   " bytes; the file is corrupt (or raise the line limit)");
        if (!cont) break;
      }
      line = joined;
    }
    if (const auto h = line.find('#'); h != std::string_view::npos) line = line.substr(0, h);
    std::string_view rest = line;
    const std::string_view kw = next_token(rest);
    if (kw.empty()) continue;
    if (kw == "v") {
      if (raw.num_vertices() >= limit)
        fail(name, ln,
             "more than " + std::to_string(limit) + " vertices; decimate the mesh (or raise the element limit)");
      const double x = coord(next_token(rest), name, ln);
      const double y = coord(next_token(rest), name, ln);
      const double z = coord(next_token(rest), name, ln);
      raw.V.push_back(x);
      raw.V.push_back(y);
      raw.V.push_back(z);
    } else if (kw == "f" || kw == "fo") {
      if (raw.num_polygons() >= limit)
        fail(name, ln, "more than " + std::to_string(limit) + " faces; decimate the mesh (or raise the element limit)");
      const std::int64_t nv = raw.num_vertices();
      int count = 0;
      for (std::string_view tok = next_token(rest); !tok.empty(); tok = next_token(rest)) {
        std::string_view num = tok.substr(0, tok.find('/'));
        std::int64_t i = 0;
        if (!parse_int(num, i)) {
          const std::string_view digits = !num.empty() && (num[0] == '-' || num[0] == '+') ? num.substr(1) : num;
          if (!digits.empty() && digits.find_first_not_of("0123456789") == std::string_view::npos)
            fail(name, ln,
                 "face index " + quoted(num) + " is out of range (the file has " +
                     count_of(raw.num_vertices(), "vertex", "vertices") + " so far); fix the face");
          fail(name, ln, "face vertex " + quoted(tok) + " is not an index; fix the face");
        }
        if (i == 0) fail(name, ln, "face index 0 is invalid (OBJ indices start at 1); fix the face");
        if (i < 0) {
          if (i < -nv)
            fail(name, ln,
                 "relative face index " + std::to_string(i) + " points before the first vertex (only " +
                     std::to_string(nv) + " vertices so far); fix the face");
          i = nv + i;
        } else {
          i -= 1;
          if (i > max_index) {
            max_index = i;
            max_index_line = ln;
          }
          if (i >= limit) i = limit;  // reported as out of range below
        }
        raw.idx.push_back(static_cast<int>(i));
        ++count;
      }
      if (count < 3) {
        fail(name, ln,
             "face has " + std::to_string(count) + (count == 1 ? " vertex" : " vertices") +
                 ", need at least 3; remove or fix the face");
      }
      raw.end_polygon(group);
      mtl_label.push_back(mtl);
    } else if (kw == "g" || kw == "o") {
      have_groups = true;
      const std::string_view n = trim(rest);
      group = n.empty() ? -1 : groups.get(std::string(n));
    } else if (kw == "usemtl") {
      const std::string_view n = trim(rest);
      mtl = n.empty() ? -1 : mtls.get(std::string(n));
    }
    // vt, vn, vp, s, l, p, mtllib and anything else: ignored
  }
  if (max_index >= raw.num_vertices())
    fail(name, max_index_line,
         "face index " + std::to_string(max_index + 1) + " is out of range (the file has " +
             std::to_string(raw.num_vertices()) + " vertices); fix the face or the vertex list");
  if (have_groups) {
    raw.label_names = std::move(groups.names);
  } else {
    raw.label = std::move(mtl_label);
    raw.label_names = std::move(mtls.names);
  }
  return raw;
}

// ------------------------------------------------------------------------------------------------
// OFF

inline RawMesh parse_off(std::string_view text, const std::string& name, const LoadOptions& opt) {
  RawMesh raw;
  raw.format = "off";
  LineReader lr(text, name, opt.max_line_bytes);
  std::string_view line;
  auto next_data_line = [&](std::string_view& out) {
    while (lr.next(out)) {
      if (const auto h = out.find('#'); h != std::string_view::npos) out = out.substr(0, h);
      if (!trim(out).empty()) return true;
    }
    return false;
  };
  if (!next_data_line(line)) fail(name, 0, "empty OFF file; export the mesh again");
  std::string_view rest = line;
  const std::string_view kw = next_token(rest);
  if (kw.size() < 3 || kw.substr(kw.size() - 3) != "OFF")
    fail(name, lr.line(), "expected the OFF header; the file is not an OFF mesh");
  if (kw[0] == '4' || kw[0] == 'n')
    fail(name, lr.line(), quoted(kw) + " (non-3D OFF) is not supported; export a 3D OFF, OBJ, PLY or STL");
  std::string_view after = trim(rest);
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
      fail(name, ln, "face has " + count_of(n, "vertex", "vertices") + ", need at least 3; remove or fix the face");
    if (n > nv) fail(name, ln, "face has " + std::to_string(n) + " vertices, more than the mesh; fix the face");
    for (std::int64_t k = 0; k < n; ++k) {
      std::string_view tok = next_token(rest);
      std::int64_t i = 0;
      if (tok.empty())
        fail(name, ln,
             "face declares " + std::to_string(n) + " vertices but lists " + std::to_string(k) + "; fix the face");
      if (!parse_int(tok, i)) fail(name, ln, "face vertex " + quoted(tok) + " is not an index; fix the face");
      if (i < 0 || i >= nv)
        fail(name, ln,
             "face index " + std::to_string(i) + " is out of range (the file has " + std::to_string(nv) +
                 " vertices, indices start at 0); fix the face");
      raw.idx.push_back(static_cast<int>(i));
    }
    raw.end_polygon(-1);  // trailing colour values ignored
  }
  return raw;
}

// ------------------------------------------------------------------------------------------------
// STL

inline RawMesh parse_stl_ascii(std::string_view text, const std::string& name, const LoadOptions& opt) {
  RawMesh raw;
  raw.format = "stl-ascii";
  const std::int64_t limit = element_limit(opt);
  LineReader lr(text, name, opt.max_line_bytes);
  std::string_view line;
  int in_loop = 0;
  long loop_line = 0;
  auto flush = [&](long ln) {
    if (in_loop < 3)
      fail(name, loop_line ? loop_line : ln,
           "facet has " + count_of(in_loop, "vertex", "vertices") + ", need at least 3; fix or remove the facet");
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
  if (in_loop > 0) flush(lr.line());
  return raw;
}

inline bool host_little_endian() {
  const std::uint16_t one = 1;
  unsigned char b;
  std::memcpy(&b, &one, 1);
  return b == 1;
}

template <class T>
inline T load_scalar(const char* p, bool swap) {
  T v;
  if (!swap) {
    std::memcpy(&v, p, sizeof v);
  } else {
    char b[sizeof(T)];
    for (std::size_t k = 0; k < sizeof(T); ++k) b[k] = p[sizeof(T) - 1 - k];
    std::memcpy(&v, b, sizeof v);
  }
  return v;
}

inline RawMesh parse_stl_binary(std::string_view bytes, const std::string& name, const LoadOptions& opt) {
  RawMesh raw;
  raw.format = "stl-binary";
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

// ------------------------------------------------------------------------------------------------
// PLY

enum class PlyType { i8, u8, i16, u16, i32, u32, f32, f64, invalid };

inline PlyType ply_type(std::string_view s) {
  if (s == "char" || s == "int8") return PlyType::i8;
  if (s == "uchar" || s == "uint8") return PlyType::u8;
  if (s == "short" || s == "int16") return PlyType::i16;
  if (s == "ushort" || s == "uint16") return PlyType::u16;
  if (s == "int" || s == "int32") return PlyType::i32;
  if (s == "uint" || s == "uint32") return PlyType::u32;
  if (s == "float" || s == "float32") return PlyType::f32;
  if (s == "double" || s == "float64") return PlyType::f64;
  return PlyType::invalid;
}
inline int ply_size(PlyType t) {
  switch (t) {
    case PlyType::i8:
    case PlyType::u8: return 1;
    case PlyType::i16:
    case PlyType::u16: return 2;
    case PlyType::i32:
    case PlyType::u32:
    case PlyType::f32: return 4;
    case PlyType::f64: return 8;
    default: return 0;
  }
}
inline bool ply_is_int(PlyType t) { return t != PlyType::f32 && t != PlyType::f64 && t != PlyType::invalid; }

inline double ply_get_double(PlyType t, const char* p, bool swap) {
  switch (t) {
    case PlyType::i8: return static_cast<std::int8_t>(*p);
    case PlyType::u8: return static_cast<std::uint8_t>(*p);
    case PlyType::i16: return load_scalar<std::int16_t>(p, swap);
    case PlyType::u16: return load_scalar<std::uint16_t>(p, swap);
    case PlyType::i32: return load_scalar<std::int32_t>(p, swap);
    case PlyType::u32: return load_scalar<std::uint32_t>(p, swap);
    case PlyType::f32: return load_scalar<float>(p, swap);
    case PlyType::f64: return load_scalar<double>(p, swap);
    default: return 0;
  }
}
inline std::int64_t ply_get_int(PlyType t, const char* p, bool swap) {
  switch (t) {
    case PlyType::i8: return static_cast<std::int8_t>(*p);
    case PlyType::u8: return static_cast<std::uint8_t>(*p);
    case PlyType::i16: return load_scalar<std::int16_t>(p, swap);
    case PlyType::u16: return load_scalar<std::uint16_t>(p, swap);
    case PlyType::i32: return load_scalar<std::int32_t>(p, swap);
    case PlyType::u32: return load_scalar<std::uint32_t>(p, swap);
    default: return 0;
  }
}

struct PlyProp {
  std::string name;
  PlyType type = PlyType::invalid;  // value type (list: item type)
  bool list = false;
  PlyType count_type = PlyType::invalid;
};
struct PlyElement {
  std::string name;
  std::int64_t count = 0;
  std::vector<PlyProp> props;
  long line = 0;
};

/// Reads the values of a binary PLY with bounds checks; errors name the element and byte offset.
struct PlyBinCursor {
  const char* base;
  const char* p;
  const char* end;
  bool swap;
  const std::string& name;
  const char* elem = "";
  std::int64_t index = 0;
  void need(std::size_t n) const {
    if (static_cast<std::size_t>(end - p) < n)
      fail(name, 0,
           std::string(elem) + " " + std::to_string(index) + " (byte " + std::to_string(p - base) +
               " after the header): binary PLY data ends early; the file is truncated, re-export it");
  }
};

/// Token stream over the ascii PLY body (values may span lines).
struct PlyAsciiCursor {
  LineReader lr;
  std::string_view cur;
  const std::string& name;
  std::string_view next(const char* elem, std::int64_t index) {
    for (;;) {
      std::string_view t = next_token(cur);
      if (!t.empty()) return t;
      if (!lr.next(cur))
        fail(name, lr.line(),
             std::string("file ends inside ") + elem + " " + std::to_string(index) +
                 "; the file is truncated, re-export it");
    }
  }
  double real(const char* elem, std::int64_t index, bool finite = false) {
    std::string_view t = next(elem, index);
    double v = 0;
    const NumStatus s = parse_double(t, v);
    if (s == NumStatus::bad) fail(name, lr.line(), quoted(t) + " is not a number; fix the file");
    if (s == NumStatus::range) v = std::numeric_limits<double>::infinity();
    if (finite && !std::isfinite(v))
      fail(name, lr.line(), "vertex coordinate " + quoted(t) + " is not a finite number; fix or remove the vertex");
    return v;
  }
  std::int64_t integer(const char* elem, std::int64_t index) {
    std::string_view t = next(elem, index);
    std::int64_t v = 0;
    if (parse_int(t, v)) return v;
    double d = 0;
    if (parse_double(t, d) == NumStatus::ok && d == std::floor(d) && std::fabs(d) < 9e18)
      return static_cast<std::int64_t>(d);
    fail(name, lr.line(), quoted(t) + " is not an integer; fix the file");
  }
};

/// Fast path of the binary PLY reader for the common scan layout: elements `vertex` (fixed-size scalar
/// properties, x, y and z float or double) then `face` with the single property
/// `list uchar|char int|uint vertex_indices`, every face a triangle. One pass over each block, no
/// per-property dispatch, no polygon offsets, straight into raw.dV / raw.dF (the layout of the finished
/// Mesh). Returns false, leaving `raw` untouched, on any other
/// layout and on any problem (data too short, a non-triangle, an index out of range, a non-finite
/// coordinate): the general reader then reads the file and reports the problem in its own words.
inline bool ply_binary_triangles(const std::vector<PlyElement>& elems, int px, int py, int pz, const char* body,
                                 std::size_t body_bytes, bool little_endian, RawMesh& raw) {
  if (elems.size() != 2 || elems[0].name != "vertex" || elems[1].name != "face" || elems[1].props.size() != 1)
    return false;
  const PlyProp& fl = elems[1].props[0];
  if (!fl.list || !(fl.count_type == PlyType::u8 || fl.count_type == PlyType::i8) ||
      !(fl.type == PlyType::i32 || fl.type == PlyType::u32))
    return false;
  std::size_t stride = 0, off[3] = {0, 0, 0};
  bool f64[3] = {false, false, false};
  const int axis_prop[3] = {px, py, pz};
  for (std::size_t k = 0; k < elems[0].props.size(); ++k) {
    const PlyProp& p = elems[0].props[k];
    if (p.list) return false;
    for (int a = 0; a < 3; ++a)
      if (static_cast<int>(k) == axis_prop[a]) {
        if (p.type != PlyType::f32 && p.type != PlyType::f64) return false;
        off[a] = stride;
        f64[a] = p.type == PlyType::f64;
      }
    stride += static_cast<std::size_t>(ply_size(p.type));
  }
  const std::uint64_t nv = static_cast<std::uint64_t>(elems[0].count), nf = static_cast<std::uint64_t>(elems[1].count);
  if (nv * stride + nf * 13 > body_bytes) return false;
  const bool swap = little_endian != host_little_endian();
  // straight into the layout of the finished Mesh (column-major: all x, then all y, then all z)
  Eigen::MatrixXd V(static_cast<Eigen::Index>(nv), 3);
  advise_huge_pages(V.data(), sizeof(double) * 3 * nv);
  double* col[3] = {V.data(), V.data() + nv, V.data() + 2 * nv};
  const char* p = body;
  bool finite = true;
  for (std::uint64_t i = 0; i < nv; ++i, p += stride)
    for (int a = 0; a < 3; ++a) {
      const double x = f64[a] ? load_scalar<double>(p + off[a], swap) : load_scalar<float>(p + off[a], swap);
      finite &= std::isfinite(x);  // checked once per block: the general reader words the error
      col[a][i] = x;
    }
  if (!finite) return false;
  Eigen::MatrixXi F(static_cast<Eigen::Index>(nf), 3);
  advise_huge_pages(F.data(), sizeof(int) * 3 * nf);
  int* corner[3] = {F.data(), F.data() + nf, F.data() + 2 * nf};
  bool ok = true;
  for (std::uint64_t f = 0; f < nf; ++f, p += 13) {
    ok &= p[0] == 3;
    for (int k = 0; k < 3; ++k) {
      const std::uint32_t x = load_scalar<std::uint32_t>(p + 1 + 4 * k, swap);  // a negative int32 is >= nv
      ok &= x < nv;
      corner[k][f] = static_cast<int>(x);
    }
  }
  if (!ok) return false;
  raw.dV = std::move(V);
  raw.dF = std::move(F);
  raw.decoded = true;
  return true;
}

inline RawMesh parse_ply(std::string_view bytes, const std::string& name, const LoadOptions& opt) {
  RawMesh raw;
  LineReader hdr(bytes, name, opt.max_line_bytes);
  std::string_view line;
  hdr.next(line);  // "ply"
  enum { ascii, ble, bbe } fmt = ascii;
  bool have_format = false, ended = false;
  std::vector<PlyElement> elems;
  std::unordered_map<std::int64_t, std::string> comment_labels;
  while (hdr.next(line)) {
    const long ln = hdr.line();
    std::string_view rest = line;
    const std::string_view kw = next_token(rest);
    if (kw == "format") {
      const std::string_view f = next_token(rest);
      if (f == "ascii")
        fmt = ascii;
      else if (f == "binary_little_endian")
        fmt = ble;
      else if (f == "binary_big_endian")
        fmt = bbe;
      else
        fail(name, ln,
             "unknown PLY format " + quoted(f) + "; expected ascii, binary_little_endian or binary_big_endian");
      have_format = true;
    } else if (kw == "comment") {
      std::string_view r2 = rest;
      if (next_token(r2) == "label") {
        std::int64_t v = 0;
        const std::string_view num = next_token(r2);
        const std::string_view nm = trim(r2);
        if (parse_int(num, v) && !nm.empty()) comment_labels[v] = std::string(nm);
      }
    } else if (kw == "obj_info" || kw.empty()) {
    } else if (kw == "element") {
      PlyElement e;
      e.name = std::string(next_token(rest));
      e.line = ln;
      const std::string_view c = next_token(rest);
      if (e.name.empty() || !parse_int(c, e.count) || e.count < 0)
        fail(name, ln, "bad element line (expected 'element <name> <count>'); fix the PLY header");
      elems.push_back(std::move(e));
    } else if (kw == "property") {
      if (elems.empty()) fail(name, ln, "property before any element; fix the PLY header");
      PlyProp pr;
      std::string_view t = next_token(rest);
      if (t == "list") {
        pr.list = true;
        const std::string_view ct = next_token(rest), it = next_token(rest);
        pr.count_type = ply_type(ct);
        pr.type = ply_type(it);
        if (!ply_is_int(pr.count_type))
          fail(name, ln, "list count type " + quoted(ct) + " must be an integer type; fix the PLY header");
        if (pr.type == PlyType::invalid) fail(name, ln, "unknown property type " + quoted(it) + "; fix the PLY header");
      } else {
        pr.type = ply_type(t);
        if (pr.type == PlyType::invalid) fail(name, ln, "unknown property type " + quoted(t) + "; fix the PLY header");
      }
      pr.name = std::string(next_token(rest));
      elems.back().props.push_back(std::move(pr));
    } else if (kw == "end_header") {
      ended = true;
      break;
    } else {
      fail(name, ln, "unexpected PLY header line " + quoted(line) + "; fix the PLY header");
    }
  }
  if (!ended) fail(name, hdr.line(), "PLY header has no end_header line; the file is truncated or corrupt");
  if (!have_format) fail(name, 2, "PLY header has no format line; fix the PLY header");
  raw.format = fmt == ascii ? "ply-ascii" : fmt == ble ? "ply-binary-le" : "ply-binary-be";
  const long body_line = hdr.line() + 1;
  const char* body = hdr.pos();
  const std::size_t body_bytes = static_cast<std::size_t>(bytes.data() + bytes.size() - body);

  // locate the vertex and face elements and their properties
  int vi = -1, fi = -1;
  for (std::size_t k = 0; k < elems.size(); ++k) {
    if (elems[k].name == "vertex" && vi < 0) vi = static_cast<int>(k);
    if (elems[k].name == "face" && fi < 0) fi = static_cast<int>(k);
  }
  if (vi < 0) fail(name, 0, "PLY header has no 'element vertex'; this is not a mesh");
  if (fi < 0 || elems[fi].count == 0)
    fail(name, 0, "PLY has no faces (a point cloud?); export a triangle surface mesh");
  int px = -1, py = -1, pz = -1, pfi = -1, plab = -1;
  for (std::size_t k = 0; k < elems[vi].props.size(); ++k) {
    const PlyProp& p = elems[vi].props[k];
    if (p.list) continue;
    if (p.name == "x") px = static_cast<int>(k);
    if (p.name == "y") py = static_cast<int>(k);
    if (p.name == "z") pz = static_cast<int>(k);
  }
  if (px < 0 || py < 0 || pz < 0)
    fail(name, elems[vi].line, "vertex element lacks an x, y or z property; fix the PLY header");
  for (std::size_t k = 0; k < elems[fi].props.size(); ++k) {
    const PlyProp& p = elems[fi].props[k];
    if (p.list && (p.name == "vertex_indices" || p.name == "vertex_index") && pfi < 0) pfi = static_cast<int>(k);
    if (!p.list && ply_is_int(p.type) &&
        (p.name == "label" || p.name == "region" || p.name == "region_id" || p.name == "segment") && plab < 0)
      plab = static_cast<int>(k);
  }
  if (pfi < 0) fail(name, elems[fi].line, "face element lacks a 'vertex_indices' list; fix the PLY header");
  if (!ply_is_int(elems[fi].props[pfi].type))
    fail(name, elems[fi].line, "face vertex indices must have an integer type; fix the PLY header");

  // check every declared count against the limit and against the bytes present, before allocating
  const std::int64_t limit = element_limit(opt);
  double min_total = 0;
  for (std::size_t k = 0; k < elems.size(); ++k) {
    const PlyElement& e = elems[k];
    if ((static_cast<int>(k) == vi || static_cast<int>(k) == fi) && e.count > limit)
      fail(name, e.line,
           "element " + e.name + " count " + std::to_string(e.count) + " exceeds the limit of " +
               std::to_string(limit) + "; decimate the mesh (or raise the element limit)");
    double per = 0;
    for (const PlyProp& p : e.props) {
      if (fmt == ascii)
        per += 2;  // "0 "
      else
        per += p.list ? ply_size(p.count_type) : ply_size(p.type);
    }
    min_total += per * static_cast<double>(e.count);
    if (min_total - 1 > static_cast<double>(body_bytes))
      fail(name, e.line,
           "element " + e.name + " declares " + std::to_string(e.count) + " entries, more than the " +
               std::to_string(body_bytes) +
               " bytes after the header can hold; the file is truncated or the header is wrong");
  }

  if (fmt != ascii && ply_binary_triangles(elems, px, py, pz, body, body_bytes, fmt == ble, raw)) return raw;

  const std::int64_t nv = elems[vi].count, nf = elems[fi].count;
  // reserve no more than the bytes present can hold (a valid face has at least 3 indices)
  const std::size_t face_min = fmt == ascii ? 8
                                            : static_cast<std::size_t>(ply_size(elems[fi].props[pfi].count_type) +
                                                                       3 * ply_size(elems[fi].props[pfi].type));
  const std::size_t rf = std::min<std::size_t>(static_cast<std::size_t>(nf), body_bytes / face_min + 1);
  raw.V.reserve(static_cast<std::size_t>(3 * nv));
  raw.idx.reserve(3 * rf);
  raw.start.reserve(rf + 1);
  raw.label.reserve(rf);
  std::vector<std::int64_t> label_values;
  if (plab >= 0) label_values.reserve(rf);
  bool vertices_done = false;
  long deferred_face = -1;  // first face whose index could not be checked yet (vertex element after face)

  auto check_index = [&](std::int64_t i, std::int64_t f, long line) {
    if (i < 0 || (vertices_done && i >= nv) || i >= limit) {
      fail(name, line,
           "face " + std::to_string(f) + ": vertex index " + std::to_string(i) + " is out of range (the file has " +
               std::to_string(nv) + " vertices); fix the face");
    }
    if (!vertices_done && deferred_face < 0) deferred_face = static_cast<long>(f);
  };

  if (fmt != ascii) {
    const bool swap = (fmt == ble) != host_little_endian();
    PlyBinCursor c{body, body, bytes.data() + bytes.size(), swap, name};
    for (std::size_t k = 0; k < elems.size(); ++k) {
      const PlyElement& e = elems[k];
      if (e.props.empty()) continue;
      const bool isv = static_cast<int>(k) == vi, isf = static_cast<int>(k) == fi;
      c.elem = isv ? "vertex" : isf ? "face" : e.name.c_str();
      // fast path: fixed-size element with no lists
      bool fixed = true;
      std::size_t esize = 0;
      for (const PlyProp& p : e.props) {
        if (p.list) fixed = false;
        esize += static_cast<std::size_t>(ply_size(p.type));
      }
      if (!isv && !isf && fixed) {
        c.index = 0;
        c.need(esize * static_cast<std::size_t>(e.count));
        c.p += esize * static_cast<std::size_t>(e.count);
        continue;
      }
      for (std::int64_t i = 0; i < e.count; ++i) {
        c.index = i;
        int nlist = 0;
        for (std::size_t j = 0; j < e.props.size(); ++j) {
          const PlyProp& p = e.props[j];
          const int js = static_cast<int>(j);
          if (!p.list) {
            const std::size_t s = static_cast<std::size_t>(ply_size(p.type));
            c.need(s);
            if (isv && (js == px || js == py || js == pz)) {
              const double v = ply_get_double(p.type, c.p, swap);
              if (!std::isfinite(v))
                fail(name, 0,
                     "vertex " + std::to_string(i) + " (byte " + std::to_string(c.p - body) +
                         " after the header): coordinate is not a finite number; fix or re-export the mesh");
              raw.V.push_back(v);
            } else if (isf && js == plab) {
              label_values.push_back(ply_get_int(p.type, c.p, swap));
            }
            c.p += s;
          } else {
            const std::size_t cs = static_cast<std::size_t>(ply_size(p.count_type));
            c.need(cs);
            const std::int64_t n = ply_get_int(p.count_type, c.p, swap);
            const std::size_t at = static_cast<std::size_t>(c.p - body);
            c.p += cs;
            if (n < 0)
              fail(name, 0,
                   std::string(c.elem) + " " + std::to_string(i) + " (byte " + std::to_string(at) +
                       " after the header): negative list length; the file is corrupt");
            const std::size_t is = static_cast<std::size_t>(ply_size(p.type));
            c.need(is * static_cast<std::size_t>(n));
            if (isf && js == pfi) {
              ++nlist;
              if (n < 3)
                fail(name, 0,
                     "face " + std::to_string(i) + " (byte " + std::to_string(at) + " after the header) has " +
                         count_of(n, "vertex", "vertices") + ", need at least 3; remove or fix the face");
              for (std::int64_t q = 0; q < n; ++q) {
                const std::int64_t vix = ply_get_int(p.type, c.p + q * static_cast<std::int64_t>(is), swap);
                check_index(vix, i, 0);
                raw.idx.push_back(static_cast<int>(vix));
              }
            }
            c.p += is * static_cast<std::size_t>(n);
          }
        }
        if (isf) raw.end_polygon(-1);
        (void)nlist;
      }
      if (isv) vertices_done = true;
    }
  } else {
    PlyAsciiCursor c{LineReader(std::string_view(body, body_bytes), name, opt.max_line_bytes, body_line), {}, name};
    for (std::size_t k = 0; k < elems.size(); ++k) {
      const PlyElement& e = elems[k];
      if (e.props.empty()) continue;
      const bool isv = static_cast<int>(k) == vi, isf = static_cast<int>(k) == fi;
      const char* en = isv ? "vertex" : isf ? "face" : e.name.c_str();
      for (std::int64_t i = 0; i < e.count; ++i) {
        for (std::size_t j = 0; j < e.props.size(); ++j) {
          const PlyProp& p = e.props[j];
          const int js = static_cast<int>(j);
          if (!p.list) {
            if (isv && (js == px || js == py || js == pz)) {
              raw.V.push_back(c.real(en, i, true));
            } else if (isf && js == plab) {
              label_values.push_back(c.integer(en, i));
            } else {
              c.next(en, i);
            }
          } else {
            const std::int64_t n = c.integer(en, i);
            if (n < 0) fail(name, c.lr.line(), "negative list length; fix the file");
            if (isf && js == pfi) {
              if (n < 3)
                fail(name, c.lr.line(),
                     "face has " + count_of(n, "vertex", "vertices") + ", need at least 3; remove or fix the face");
              for (std::int64_t q = 0; q < n; ++q) {
                const std::int64_t vix = c.integer(en, i);
                check_index(vix, i, c.lr.line());
                raw.idx.push_back(static_cast<int>(vix));
              }
            } else {
              for (std::int64_t q = 0; q < n; ++q) c.next(en, i);
            }
          }
        }
        if (isf) raw.end_polygon(-1);
      }
      if (isv) vertices_done = true;
    }
  }
  // re-order x, y, z when the properties were declared in another order
  if (!(px < py && py < pz)) {
    int ord[3] = {px, py, pz}, rank[3];
    for (int a = 0; a < 3; ++a) {
      rank[a] = 0;
      for (int b = 0; b < 3; ++b) rank[a] += ord[b] < ord[a];
    }
    for (std::size_t v = 0; v + 2 < raw.V.size(); v += 3) {
      const double t[3] = {raw.V[v], raw.V[v + 1], raw.V[v + 2]};
      for (int a = 0; a < 3; ++a) raw.V[v + a] = t[rank[a]];
    }
  }
  if (deferred_face >= 0) {
    for (std::int64_t f = 0; f < raw.num_polygons(); ++f)
      for (std::size_t q = raw.start[f]; q < raw.start[f + 1]; ++q)
        if (raw.idx[q] >= nv)
          fail(name, 0,
               "face " + std::to_string(f) + ": vertex index " + std::to_string(raw.idx[q]) +
                   " is out of range (the file has " + std::to_string(nv) + " vertices); fix the face");
  }
  if (plab >= 0) {
    // label names: "comment label <int> <name>" when given, else the integer; ordered by value
    std::vector<std::int64_t> values = label_values;
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    std::unordered_map<std::int64_t, int> id;
    for (std::int64_t v : values) {
      auto it = comment_labels.find(v);
      if (v < 0 && it == comment_labels.end()) continue;  // negative without a name: unlabelled
      id[v] = static_cast<int>(raw.label_names.size());
      raw.label_names.push_back(it != comment_labels.end() ? it->second : std::to_string(v));
    }
    for (std::size_t f = 0; f < label_values.size() && f < raw.label.size(); ++f) {
      auto it = id.find(label_values[f]);
      raw.label[f] = it == id.end() ? -1 : it->second;
    }
  }
  return raw;
}

// ------------------------------------------------------------------------------------------------
// triangulation

/// Appends the triangles of polygon poly[0..n) to out: ear clipping in the polygon's plane (projected
/// along the dominant axis of its Newell normal); a fan for very large or flat-degenerate polygons.
inline void triangulate_polygon(const std::vector<double>& V, const int* poly, int n, std::vector<int>& out) {
  if (n == 3) {
    out.insert(out.end(), poly, poly + 3);
    return;
  }
  auto P = [&](int k) { return &V[3 * static_cast<std::size_t>(poly[k])]; };
  double N[3] = {0, 0, 0};
  for (int k = 0; k < n; ++k) {
    const double* a = P(k);
    const double* b = P((k + 1) % n);
    N[0] += (a[1] - b[1]) * (a[2] + b[2]);
    N[1] += (a[2] - b[2]) * (a[0] + b[0]);
    N[2] += (a[0] - b[0]) * (a[1] + b[1]);
  }
  int ax = 0;
  for (int d = 1; d < 3; ++d)
    if (std::fabs(N[d]) > std::fabs(N[ax])) ax = d;
  if (n > 64 || N[ax] == 0) {
    for (int k = 1; k + 1 < n; ++k) out.insert(out.end(), {poly[0], poly[k], poly[k + 1]});
    return;
  }
  int u = (ax + 1) % 3, v = (ax + 2) % 3;
  if (N[ax] < 0) std::swap(u, v);  // projected polygon is counter-clockwise
  std::vector<int> rem(static_cast<std::size_t>(n));
  for (int k = 0; k < n; ++k) rem[k] = k;
  auto cross = [&](int a, int b, int c) {
    const double *pa = P(a), *pb = P(b), *pc = P(c);
    return (pb[u] - pa[u]) * (pc[v] - pa[v]) - (pb[v] - pa[v]) * (pc[u] - pa[u]);
  };
  auto same = [&](int a, int b) {
    const double *pa = P(a), *pb = P(b);
    return pa[u] == pb[u] && pa[v] == pb[v];
  };
  while (rem.size() > 3) {
    const int m = static_cast<int>(rem.size());
    int ear = -1;
    for (int k = 0; k < m && ear < 0; ++k) {
      const int a = rem[(k + m - 1) % m], b = rem[k], c = rem[(k + 1) % m];
      if (cross(a, b, c) <= 0) continue;
      bool empty = true;
      for (int q = 0; q < m && empty; ++q) {
        const int p = rem[q];
        if (p == a || p == b || p == c || same(p, a) || same(p, b) || same(p, c)) continue;
        if (cross(a, b, p) >= 0 && cross(b, c, p) >= 0 && cross(c, a, p) >= 0) empty = false;
      }
      if (empty) ear = k;
    }
    if (ear < 0) ear = 0;  // self-intersecting or degenerate: clip anyway
    out.insert(out.end(), {poly[rem[(ear + m - 1) % m]], poly[rem[ear]], poly[rem[(ear + 1) % m]]});
    rem.erase(rem.begin() + ear);
  }
  out.insert(out.end(), {poly[rem[0]], poly[rem[1]], poly[rem[2]]});
}

// ------------------------------------------------------------------------------------------------
// format detection

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
  std::string e = name.substr(dot + 1);
  for (char& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return e;
}

// ------------------------------------------------------------------------------------------------
// welding, clean-up, statistics, units
//
// finish() works on the triangles in the layout of the finished Mesh (Eigen, column-major) from the
// start, so nothing is copied at the end: the general readers' polygons are triangulated into it, the
// binary fast paths decode straight into it. Then, in place: weld, remap and drop degenerate triangles,
// edge statistics, units.

/// The polygons of a general parse as triangles in m.V (file units) and m.F, their labels in TL (when
/// labelled); raw's arrays are released as they are copied. Triangulating before welding gives the
/// triangles welding first would: the ear clipping looks at positions only.
inline void raw_to_triangles(RawMesh& raw, bool labelled, Mesh& m, std::vector<int>& TL) {
  if (raw.decoded) {
    m.V.swap(raw.dV);
    m.F.swap(raw.dF);
    return;
  }
  const long np = raw.num_polygons();
  std::vector<int> tmp;
  Eigen::Index nt = 0;  // a polygon of n corners makes n - 2 triangles
  for (long f = 0; f < np; ++f) nt += static_cast<Eigen::Index>(raw.start[f + 1] - raw.start[f]) - 2;
  m.F.resize(nt, 3);
  advise_huge_pages(m.F.data(), sizeof(int) * static_cast<std::size_t>(m.F.size()));
  if (labelled) TL.reserve(static_cast<std::size_t>(nt));
  Eigen::Index t = 0;
  for (long f = 0; f < np; ++f) {
    const std::size_t s = raw.start[f], e = raw.start[f + 1];
    tmp.clear();
    triangulate_polygon(raw.V, raw.idx.data() + s, static_cast<int>(e - s), tmp);
    for (std::size_t q = 0; q < tmp.size(); q += 3, ++t)
      for (int k = 0; k < 3; ++k) m.F(t, k) = tmp[q + static_cast<std::size_t>(k)];
    if (labelled) TL.insert(TL.end(), tmp.size() / 3, raw.label[f]);
  }
  {
    std::vector<int>().swap(raw.idx);
    std::vector<std::size_t>().swap(raw.start);
    std::vector<int>().swap(raw.label);
  }
  const std::size_t nv = raw.V.size() / 3;
  m.V.resize(static_cast<Eigen::Index>(nv), 3);
  advise_huge_pages(m.V.data(), sizeof(double) * static_cast<std::size_t>(m.V.size()));
  for (std::size_t i = 0; i < nv; ++i)
    for (int d = 0; d < 3; ++d) m.V(static_cast<Eigen::Index>(i), d) = raw.V[3 * i + d];
  std::vector<double>().swap(raw.V);
}

/// Welds the rows of V with exactly equal positions (-0 == +0), keeping the first occurrence: the kept
/// rows are compacted in place to the front, in their order, and V is shrunk. Returns the new row of
/// every old row. One pass of an open-addressing hash (at most half full), with the table slot of a row a
/// few rows ahead prefetched, since the slots are random.
inline BigArray<int> weld_rows(Eigen::MatrixXd& V) {
  const std::size_t n = static_cast<std::size_t>(V.rows());
  BigArray<int> remap = big_array<int>(n);
  std::size_t cap = 16;
  while (cap < 2 * n) cap <<= 1;
  const BigArray<int> table = big_array<int>(cap);
  std::fill(table.get(), table.get() + cap, -1);
  const std::size_t mask = cap - 1;
  double* x = V.data();
  double* y = x + n;
  double* z = y + n;
  auto bits = [](double v) {
    if (v == 0) v = 0;  // -0 == +0
    std::uint64_t b;
    std::memcpy(&b, &v, 8);
    return b;
  };
  auto slot = [&](std::size_t i) {
    std::uint64_t h = bits(x[i]) * 0x9E3779B97F4A7C15ull;
    h = (h ^ (h >> 29)) + bits(y[i]) * 0xC2B2AE3D27D4EB4Full;
    h = (h ^ (h >> 31)) + bits(z[i]) * 0x165667B19E3779F9ull;
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDull;
    h ^= h >> 33;
    return static_cast<std::size_t>(h) & mask;
  };
  constexpr std::size_t ahead = 16;  // a power of two: ring of precomputed slots
  std::size_t ring[ahead];
  for (std::size_t i = 0; i < std::min(n, ahead); ++i) ring[i] = slot(i);
  int count = 0;
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t s = ring[i & (ahead - 1)];
    if (i + ahead < n) {
      const std::size_t s2 = slot(i + ahead);
      ring[i & (ahead - 1)] = s2;
#if defined(__GNUC__)
      __builtin_prefetch(&table[s2]);
#endif
    }
    const double p0 = x[i], p1 = y[i], p2 = z[i];
    for (;;) {
      const int j = table[s];
      if (j < 0) {  // rows before i are read already: writing row count <= i is safe
        table[s] = count;
        remap[i] = count;
        x[count] = p0;
        y[count] = p1;
        z[count] = p2;
        ++count;
        break;
      }
      if (x[j] == p0 && y[j] == p1 && z[j] == p2) {
        remap[i] = j;
        break;
      }
      s = (s + 1) & mask;
    }
  }
  if (static_cast<std::size_t>(count) < n) {
    Eigen::MatrixXd W(count, 3);
    advise_huge_pages(W.data(), sizeof(double) * 3 * static_cast<std::size_t>(count));
    W = V.topRows(count);
    V.swap(W);
  }
  return remap;
}

/// Remaps the corners of m.F through `remap` (Remap false: nothing was welded, remap is the identity)
/// and drops the degenerate triangles (repeated vertex or zero area, from the positions in m.V) in place,
/// with their labels in *TL; marks the vertices of the kept triangles in `used`. Returns how many are
/// kept (m.F is not shrunk). The corners' positions are prefetched a few triangles ahead: on a scan they
/// are scattered over three columns of several MB.
template <bool Remap>
inline Eigen::Index remap_and_drop(Mesh& m, const int* remap, std::vector<unsigned char>& used, std::vector<int>* TL) {
  const Eigen::Index total = m.F.rows(), nw = m.V.rows();
  int* c[3] = {m.F.data(), m.F.data() + total, m.F.data() + 2 * total};
  const double* x = m.V.data();
  const double* y = x + nw;
  const double* z = y + nw;
  auto vertex = [&](int i) { return Remap ? remap[i] : i; };
  constexpr Eigen::Index ahead = 16;
  Eigen::Index kept = 0;
  for (Eigen::Index t = 0; t < total; ++t) {
#if defined(__GNUC__)
    if (t + ahead < total)
      for (int k = 0; k < 3; ++k) {
        const int v = vertex(c[k][t + ahead]);
        __builtin_prefetch(x + v);
        __builtin_prefetch(y + v);
        __builtin_prefetch(z + v);
      }
#endif
    const int a = vertex(c[0][t]), b = vertex(c[1][t]), d = vertex(c[2][t]);
    if (a == b || b == d || a == d) continue;
    const double e1[3] = {x[b] - x[a], y[b] - y[a], z[b] - z[a]};
    const double e2[3] = {x[d] - x[a], y[d] - y[a], z[d] - z[a]};
    const double cx = e1[1] * e2[2] - e1[2] * e2[1], cy = e1[2] * e2[0] - e1[0] * e2[2],
                 cz = e1[0] * e2[1] - e1[1] * e2[0];
    if (cx == 0 && cy == 0 && cz == 0) continue;
    c[0][kept] = a;
    c[1][kept] = b;
    c[2][kept] = d;
    used[static_cast<std::size_t>(a)] = used[static_cast<std::size_t>(b)] = used[static_cast<std::size_t>(d)] = 1;
    if (TL) (*TL)[static_cast<std::size_t>(kept)] = (*TL)[static_cast<std::size_t>(t)];
    ++kept;
  }
  return kept;
}

/// Boundary edges (one triangle), non-manifold edges (more than two) and edge-connected components of
/// the triangles F over nv vertices, into rep: the triangles of every edge (for_each_edge) are joined by
/// union-find (path halving).
inline void edge_statistics(const Eigen::MatrixXi& F, std::size_t nv, LoadReport& rep) {
  const std::size_t nt = static_cast<std::size_t>(F.rows());
  const BigArray<int> parent = big_array<int>(nt);
  for (std::size_t t = 0; t < nt; ++t) parent[t] = static_cast<int>(t);
  auto find = [&](int x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  long boundary = 0, nonmanifold = 0;
  for_each_edge(F, nv, [&](std::size_t, const std::uint64_t* g, std::uint32_t n) {
    boundary += n == 1;
    nonmanifold += n > 2;
    for (std::uint32_t q = 1; q < n; ++q) {
      const int x = find(static_cast<int>(g[0] & 0xFFFFFFFFu)), y = find(static_cast<int>(g[q] & 0xFFFFFFFFu));
      if (x != y) parent[std::max(x, y)] = std::min(x, y);
    }
  });
  long comps = 0;
  for (std::size_t t = 0; t < nt; ++t) comps += parent[t] == static_cast<int>(t);
  rep.boundary_edges = boundary;
  rep.nonmanifold_edges = nonmanifold;
  rep.components = comps;
}

inline Mesh finish(RawMesh& raw, const std::string& name, const LoadOptions& opt, LoadReport* report) {
  LoadReport rep;
  rep.path = name;
  rep.format = raw.format;
  rep.vertices_read = raw.num_vertices();
  rep.faces_read = raw.num_polygons();
  if (raw.num_polygons() == 0)
    fail(name, 0, "no faces found (only points, lines or nothing); export a triangle surface mesh");
  const bool labelled = !raw.label.empty();  // an empty list: no polygon has a label
  if (labelled && raw.label.size() != static_cast<std::size_t>(raw.num_polygons()))
    raw.label.resize(raw.num_polygons(), -1);
  Mesh m;
  std::vector<int> TL;  // label per triangle (when labelled)
  raw_to_triangles(raw, labelled, m, TL);
  stage_done("parse");

  // weld; then remap the triangles and drop the degenerate ones (repeated vertex or zero area), in place
  const std::size_t n = static_cast<std::size_t>(m.V.rows());
  BigArray<int> remap = weld_rows(m.V);
  const std::size_t nw = static_cast<std::size_t>(m.V.rows());
  rep.vertices_welded = static_cast<long>(n - nw);
  std::vector<unsigned char> used(nw, 0);  // vertices of a kept triangle, for the bounding box
  const Eigen::Index total = m.F.rows();
  const Eigen::Index nt = nw == n
                              ? remap_and_drop<false>(m, remap.get(), used, labelled ? &TL : nullptr)  // nothing welded
                              : remap_and_drop<true>(m, remap.get(), used, labelled ? &TL : nullptr);
  remap.reset();
  if (nt < total) {
    Eigen::MatrixXi kept(nt, 3);
    advise_huge_pages(kept.data(), sizeof(int) * 3 * static_cast<std::size_t>(nt));
    kept = m.F.topRows(nt);
    m.F.swap(kept);
  }
  if (labelled) TL.resize(static_cast<std::size_t>(nt));
  rep.triangles = nt;
  rep.degenerate_dropped = total - nt;
  if (nt == 0)
    fail(name, 0,
         (total == 1 ? std::string("the only triangle is") : "all " + std::to_string(total) + " triangles are") +
             " degenerate (repeated vertex or zero area); export a valid surface mesh");
  stage_done("weld");

  edge_statistics(m.F, nw, rep);
  stage_done("mesh checks");

  // bounding box of the vertices used by triangles (in vertex order), units
  Eigen::Vector3d lo = Eigen::Vector3d::Constant(std::numeric_limits<double>::infinity());
  Eigen::Vector3d hi = -lo;
  for (std::size_t i = 0; i < nw; ++i)
    if (used[i])
      for (int d = 0; d < 3; ++d) {
        lo[d] = std::min(lo[d], m.V(static_cast<Eigen::Index>(i), d));
        hi[d] = std::max(hi[d], m.V(static_cast<Eigen::Index>(i), d));
      }
  std::vector<unsigned char>().swap(used);
  rep.extent_file_units = hi - lo;
  const double E = rep.extent_file_units.maxCoeff();
  const std::string box = fmt_num(rep.extent_file_units.x()) + " x " + fmt_num(rep.extent_file_units.y()) + " x " +
                          fmt_num(rep.extent_file_units.z());
  if (opt.units == Units::automatic) {
    rep.units = E < 1 ? Units::m : E < 30 ? Units::cm : Units::mm;
    rep.units_detected = true;
  } else {
    rep.units = opt.units;
  }
  rep.scale_to_mm = rep.units == Units::m ? 1000.0 : rep.units == Units::cm ? 10.0 : 1.0;

  for (const std::string& s : raw.notes) rep.notes.push_back(s);
  if (rep.vertices_welded > 0)
    rep.notes.push_back("welded " + count_of(rep.vertices_welded, "duplicate vertex", "duplicate vertices") +
                        " (same position)");
  if (rep.degenerate_dropped > 0)
    rep.notes.push_back("dropped " + count_of(rep.degenerate_dropped, "degenerate triangle", "degenerate triangles") +
                        " (repeated vertex or zero area)");
  if (rep.nonmanifold_edges > 0)
    rep.notes.push_back("mesh has " + count_of(rep.nonmanifold_edges, "non-manifold edge", "non-manifold edges") +
                        " (shared by more than 2 triangles)");
  if (rep.components > 1)
    rep.notes.push_back("mesh has " + std::to_string(rep.components) + " separate pieces (connected components)");
  const std::string un(units_name(rep.units));
  if (rep.units_detected)
    rep.notes.push_back("units: auto-detected " + un + " (bounding box " + box + " in file units)" +
                        (rep.units == Units::mm ? "" : ", scaled to mm") + "; use --units to override");
  else
    rep.notes.push_back("units: " + un + " as given (bounding box " + box + " in file units)" +
                        (rep.units == Units::mm ? "" : ", scaled to mm"));
  const double Emm = E * rep.scale_to_mm;
  if (!(Emm <= max_extent_mm))  // also inf/NaN: coordinates near the double range overflow everything downstream
    fail(name, 0,
         "the mesh is " + fmt_num(Emm) + " mm across (bounding box " + box +
             " in file units), more than 1 km; check --units or the coordinates in the file");
  if (Emm < 5 || Emm > 1000)
    rep.notes.push_back("warning: the mesh is " + fmt_num(Emm) +
                        " mm across, implausible for a face region (5-1000 mm); check --units");

  // millimetres, in place; labels: keep only the names used by a surviving triangle, in their order
  if (rep.scale_to_mm != 1) m.V *= rep.scale_to_mm;
  std::vector<int> used_label(raw.label_names.size(), 0);
  for (int l : TL)
    if (l >= 0) used_label[static_cast<std::size_t>(l)] = 1;
  std::vector<int> lmap(raw.label_names.size(), -1);
  for (std::size_t l = 0; l < raw.label_names.size(); ++l)
    if (used_label[l]) {
      lmap[l] = static_cast<int>(m.label_names.size());
      m.label_names.push_back(raw.label_names[l]);
    }
  if (labelled) {
    m.label.resize(nt);
    for (Eigen::Index t = 0; t < nt; ++t) m.label[t] = TL[t] >= 0 ? lmap[static_cast<std::size_t>(TL[t])] : -1;
  } else {
    m.label.resize(nt);
    advise_huge_pages(m.label.data(), sizeof(int) * static_cast<std::size_t>(nt));
    m.label.setConstant(-1);
  }
  stage_done("units");
  if (report) *report = std::move(rep);
  return m;
}

}  // namespace detail

namespace detail {

/// Decides the format by content and parses the bytes (see read_mesh_buffer).
inline RawMesh parse_buffer(std::string_view bytes, const std::string& name, const LoadOptions& opt) {
  if (bytes.size() > opt.max_file_bytes)
    fail(name, 0,
         "file is " + std::to_string(bytes.size()) + " bytes, above the " + std::to_string(opt.max_file_bytes) +
             "-byte limit; decimate the mesh (or raise the limit)");
  if (bytes.empty()) fail(name, 0, "file is empty; export the mesh again");
  std::string_view b = bytes;
  if (b.size() >= 3 && b.substr(0, 3) == "\xEF\xBB\xBF") b.remove_prefix(3);
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
         "unrecognised mesh format (content is not OBJ, PLY, STL or OFF; starts with " + quoted(kw) +
             "); convert the mesh to OBJ, PLY, STL or OFF");
  } else {
    fail(name, 0,
         std::string("unrecognised mesh format (binary content that is not PLY or STL") +
             (bytes.size() >= 84 ? ": as a binary STL its triangle count would not match the file size" : "") +
             "); convert the mesh to OBJ, PLY, STL or OFF");
  }
  return raw;
}

}  // namespace detail

/// Reads a mesh from bytes already in memory (built-in face, fuzzing). display_name is used in messages
/// and its extension as a hint; the format is decided by content. Returns the mesh in millimetres.
/// Throws input_error (exit code 2) on bad input. Fills *report when given.
inline Mesh read_mesh_buffer(std::string_view bytes, const std::string& display_name, const LoadOptions& opt = {},
                             LoadReport* report = nullptr) {
  detail::RawMesh raw = detail::parse_buffer(bytes, display_name, opt);
  return detail::finish(raw, display_name, opt, report);
}

namespace detail {

/// The bytes of a file, in a big_array (not zero-filled by malloc first; huge pages for big files).
struct FileBytes {
  BigArray<char> data;
  std::size_t size = 0;
  std::string_view view() const { return {data.get(), size}; }
};

/// Reads the whole file `path` (read_mesh's checks and messages: missing, directory, not a regular file,
/// over opt.max_file_bytes, unreadable). Throws input_error.
inline FileBytes read_file(const std::string& path, const LoadOptions& opt) {
  namespace fs = std::filesystem;
  if (path.empty()) fail("<empty path>", 0, "no such file; pass the path of a mesh file");
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (st.type() == fs::file_type::not_found) fail(path, 0, "no such file; check the path");
  if (ec) fail(path, 0, "cannot access (" + ec.message() + "); check the path and its permissions");
  if (fs::is_directory(st)) fail(path, 0, "is a directory, not a mesh file; pass an .obj, .ply, .stl or .off file");
  if (!fs::is_regular_file(st))
    fail(path, 0, "is not a regular file (pipe or device); save the mesh to a file and pass that");
  const std::uintmax_t size = fs::file_size(path, ec);
  if (ec) fail(path, 0, "cannot read the file size (" + ec.message() + "); check the file");
  if (size > opt.max_file_bytes)
    fail(path, 0,
         "file is " + std::to_string(size) + " bytes, above the " + std::to_string(opt.max_file_bytes) +
             "-byte limit; decimate the mesh (or raise the limit)");
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    const int e = errno;
    fail(path, 0, std::string("cannot open for reading (") + std::strerror(e) + "); check the file permissions");
  }
  FileBytes out;
  out.data = big_array<char>(static_cast<std::size_t>(size));
  out.size = size ? std::fread(out.data.get(), 1, static_cast<std::size_t>(size), f) : 0;
  const bool err = std::ferror(f) != 0;
  std::fclose(f);
  if (err) fail(path, 0, "read error; check the file and the disk");
  return out;
}

}  // namespace detail

/// Reads a triangle mesh file (OBJ, PLY, STL or OFF, detected by content) into millimetres: welded
/// vertices, polygons triangulated, degenerate triangles dropped, region labels carried. Units follow
/// opt.units (automatic: rule at the top of this header). Throws input_error (exit code 2) with a
/// one-line "<file>:<line>: <problem>; <fix>" message on any bad input. Fills *report when given.
inline Mesh read_mesh(const std::string& path, const LoadOptions& opt = {}, LoadReport* report = nullptr) {
  detail::FileBytes file = detail::read_file(path, opt);
  stage_done("read file");
  detail::RawMesh raw = detail::parse_buffer(file.view(), path, opt);
  file = {};  // the file's bytes are not needed past the parse
  return detail::finish(raw, path, opt, report);
}

}  // namespace mesogrid

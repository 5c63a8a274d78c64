// mesogrid/io/raw_mesh.hpp: what the mesh readers share: the raw parse result (polygons in file units, labels,
// notes), text lines and tokens, numbers read locale-free, binary scalars in either byte order, and the one-line
// input error "<file>:<line>: <what is wrong>; <what to do>". Lengths in file units.
#pragma once
#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <vector>

#include "../core/error.hpp"
#include "../core/text.hpp"
#include "types.hpp"

namespace mesogrid::detail {

inline std::string where(const std::string& name, long line) {
  const std::string shown = text::path_shown(name);
  return line > 0 ? shown + ":" + std::to_string(line) + ": " : shown + ": ";
}
[[noreturn]] inline void fail(const std::string& name, long line, const std::string& what) {
  throw input_error(where(name, line) + what);
}

/// A length for a message: whole from 100 to 1e7, else 3 significant digits ("0.18", "1e+300", "1200").
inline std::string size_text(double x) {
  return std::fabs(x) >= 100 && std::fabs(x) < 1e7 ? text::decimals(x, 0) : text::general(x, 3);
}

/// ASCII white space (text::whitespace), tested inline: the readers' inner loops call it per byte.
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
  if (s == NumStatus::bad) fail(name, line, "coordinate " + text::quoted(tok) + " is not a number; fix the vertex");
  if (s == NumStatus::range || !std::isfinite(v))
    fail(name, line, "vertex coordinate " + text::quoted(tok) + " is not a finite number; fix or remove the vertex");
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

struct RawMesh {
  std::vector<double> V;              // 3 per vertex, file units
  std::vector<int> idx;               // polygon corners, zero-based
  std::vector<std::size_t> start{0};  // polygon k = idx[start[k] .. start[k+1])
  std::vector<int> label;             // per polygon, -1 = none (empty: none at all)
  std::vector<std::string> label_names;
  std::vector<std::string> notes;
  std::string format;
  /// Texture coordinates (OBJ): UV holds 2 numbers per `vt`; uv_idx the zero-based vt of each corner of idx (-1:
  /// none; empty: no corner has one); material the `usemtl` of each polygon (-1: none) named in material_names;
  /// mtllibs the material files named by `mtllib`, as written; bad_uv the corners whose vt index was out of range
  /// (or not a number), the first of them on line bad_uv_line.
  std::vector<double> UV;
  std::vector<int> uv_idx;
  std::vector<int> material;
  std::vector<std::string> material_names, mtllibs;
  long bad_uv = 0, bad_uv_line = 0;
  /// Axes (x, y, z) whose coordinates the file stores as 32-bit floats (binary PLY `float`, binary STL): their
  /// precision falls with the distance from the origin (finish checks it). Text and 64-bit ones: false.
  std::array<bool, 3> float32_axis{false, false, false};
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

inline std::int64_t element_limit(const LoadOptions& opt) {
  return std::min<std::int64_t>(opt.max_elements, std::numeric_limits<int>::max() - 1);
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

}  // namespace mesogrid::detail

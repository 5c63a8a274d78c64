// mesogrid/io/ply.hpp: the PLY reader: ascii, binary little and big endian; vertices x, y, z of any numeric
// type in any order, faces as a `vertex_indices` (or `vertex_index`) list, face labels from an integer property
// label, region, region_id or segment (named by "comment label <int> <name>" header lines), other elements and
// properties skipped (an ascii value is still checked against its declared type: a whole number within an
// integer type's range, a number within a float's). Every count is checked against the limits and the bytes
// present before anything is allocated. The common scan layout (float x, y, z; uchar-counted int triangles) is
// decoded in one pass straight into the finished Mesh's arrays. Coordinates in file units.
#pragma once
#include <string>
#include <string_view>

#include "../core/memory.hpp"
#include "raw_mesh.hpp"

namespace mesogrid::detail {

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
/// The smallest and largest value of an integer type, or the largest magnitude of a float type (lo = -hi).
inline std::pair<double, double> ply_range(PlyType t) {
  switch (t) {
    case PlyType::i8: return {-128, 127};
    case PlyType::u8: return {0, 255};
    case PlyType::i16: return {-32768, 32767};
    case PlyType::u16: return {0, 65535};
    case PlyType::i32: return {-2147483648.0, 2147483647.0};
    case PlyType::u32: return {0, 4294967295.0};
    case PlyType::f32: return {-std::numeric_limits<float>::max(), std::numeric_limits<float>::max()};
    default: return {-std::numeric_limits<double>::max(), std::numeric_limits<double>::max()};
  }
}

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
  std::string type_name, count_type_name;  // as the header spells them ("uchar", "uint8")
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

/// The ascii PLY body, strictly: each element on its own line with exactly the values its properties declare
/// (blank lines skipped), nothing but blank lines after the last element. A row with a value too many or too few
/// is an error on its line, never a shift of every later value.
struct PlyAsciiCursor {
  LineReader lr;
  std::string_view cur;
  const std::string& name;
  /// Moves to the next non-blank line: the row of element `index`.
  void begin_row(const char* elem, std::int64_t index) {
    for (;;) {
      if (!lr.next(cur))
        fail(name, lr.line(),
             std::string("file ends before ") + elem + " " + std::to_string(index) +
                 "; the file is truncated, re-export it");
      if (!text::trim(cur).empty()) return;
    }
  }
  /// The row must hold nothing more.
  void end_row(const char* elem, std::int64_t index) {
    if (!next_token(cur).empty())
      fail(name, lr.line(),
           std::string(elem) + " " + std::to_string(index) +
               " has more values than the header declares (one element per line); fix the file");
  }
  /// Nothing but blank lines may follow the last element.
  void end_body() {
    std::string_view l;
    while (lr.next(l))
      if (!text::trim(l).empty())
        fail(name, lr.line(), "text after the last element the header declares; remove it or fix the counts");
  }
  std::string_view next(const char* elem, std::int64_t index) {
    std::string_view t = next_token(cur);
    if (t.empty())
      fail(name, lr.line(),
           std::string(elem) + " " + std::to_string(index) +
               " has fewer values than the header declares (one element per line); fix the file");
    return t;
  }
  /// The next value, of property `p` (`part`: "" for a scalar, "the count of list " or "an item of list "), read
  /// as its declared type `t` spelled `type_name`: an integer type takes whole numbers ("3", "3.0") within its
  /// range, float and double any number within theirs (NaN and infinities too: those types hold them; `finite`
  /// refuses them, for coordinates). Anything else is an error naming the line, element, property, type and range.
  double value(const char* elem, std::int64_t index, const PlyProp& p, const char* part, PlyType t,
               const std::string& type_name, bool finite = false) {
    const std::string_view tok = next(elem, index);
    const auto [lo, hi] = ply_range(t);
    const auto refuse = [&](const std::string& what) {
      const std::string range = ply_is_int(t) ? text::general(lo, 10) + " to " + text::general(hi, 10)
                                              : "magnitude up to " + text::general(hi, 4);
      fail(name, lr.line(),
           std::string(elem) + " " + std::to_string(index) + ": " + part + "property " + text::quoted(p.name) + " " +
               what + " (" + type_name + ": " + range + "); fix the file");
    };
    double v = 0;
    std::int64_t i = 0;
    if (ply_is_int(t) && parse_int(tok, i)) {
      v = static_cast<double>(i);
      if (i < lo || i > hi) refuse("is " + text::printable(tok) + ", out of its type's range");
      return v;
    }
    const NumStatus s = parse_double(tok, v);
    if (s == NumStatus::bad) refuse("is " + text::quoted(tok) + ", not a number");
    if (finite && (s == NumStatus::range || !std::isfinite(v)))
      fail(name, lr.line(),
           "vertex coordinate " + text::quoted(tok) + " is not a finite number; fix or remove the vertex");
    if (s == NumStatus::range || (std::isfinite(v) && (v < lo || v > hi)))
      refuse("is " + text::printable(tok) + ", out of its type's range");
    if (ply_is_int(t) && !(std::isfinite(v) && v == std::floor(v)))
      refuse("is " + text::printable(tok) + ", not a whole number");
    return v;
  }
  /// value() of a scalar property: a coordinate (finite) or any other.
  double scalar(const char* elem, std::int64_t index, const PlyProp& p, bool finite = false) {
    return value(elem, index, p, "", p.type, p.type_name, finite);
  }
  /// value() of a list's count, and of one of its items (integer types: whole, in range, so exact as int64).
  std::int64_t count(const char* elem, std::int64_t index, const PlyProp& p) {
    return static_cast<std::int64_t>(value(elem, index, p, "the count of list ", p.count_type, p.count_type_name));
  }
  double item(const char* elem, std::int64_t index, const PlyProp& p) {
    return value(elem, index, p, "an item of list ", p.type, p.type_name);
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
             "unknown PLY format " + text::quoted(f) + "; expected ascii, binary_little_endian or binary_big_endian");
      have_format = true;
    } else if (kw == "comment") {
      std::string_view r2 = rest;
      if (next_token(r2) == "label") {
        std::int64_t v = 0;
        const std::string_view num = next_token(r2);
        const std::string_view nm = text::trim(r2);
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
      for (const PlyElement& before : elems)
        if (before.name == e.name)
          fail(name, ln,
               "element " + text::quoted(e.name) + " is declared twice (line " + std::to_string(before.line) +
                   "); keep one");
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
        pr.count_type_name = std::string(ct);
        pr.type_name = std::string(it);
        if (!ply_is_int(pr.count_type))
          fail(name, ln, "list count type " + text::quoted(ct) + " must be an integer type; fix the PLY header");
        if (pr.type == PlyType::invalid)
          fail(name, ln, "unknown property type " + text::quoted(it) + "; fix the PLY header");
      } else {
        pr.type = ply_type(t);
        pr.type_name = std::string(t);
        if (pr.type == PlyType::invalid)
          fail(name, ln, "unknown property type " + text::quoted(t) + "; fix the PLY header");
      }
      pr.name = std::string(next_token(rest));
      elems.back().props.push_back(std::move(pr));
    } else if (kw == "end_header") {
      ended = true;
      break;
    } else {
      fail(name, ln, "unexpected PLY header line " + text::quoted(line) + "; fix the PLY header");
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

  if (fmt != ascii)
    for (int a = 0; a < 3; ++a)
      raw.float32_axis[a] = elems[vi].props[(a == 0 ? px : a == 1 ? py : pz)].type == PlyType::f32;
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
                         text::count_of(n, "vertex", "vertices") + ", need at least 3; remove or fix the face");
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
        c.begin_row(en, i);
        for (std::size_t j = 0; j < e.props.size(); ++j) {
          const PlyProp& p = e.props[j];
          const int js = static_cast<int>(j);
          if (!p.list) {
            if (isv && (js == px || js == py || js == pz)) {
              raw.V.push_back(c.scalar(en, i, p, true));
            } else if (isf && js == plab) {
              label_values.push_back(static_cast<std::int64_t>(c.scalar(en, i, p)));  // an integer type
            } else {
              c.scalar(en, i, p);  // not used, but a value of its type
            }
          } else {
            const std::int64_t n = c.count(en, i, p);
            if (n < 0) fail(name, c.lr.line(), "negative list length; fix the file");
            if (isf && js == pfi) {
              if (n < 3)
                fail(name, c.lr.line(),
                     "face has " + text::count_of(n, "vertex", "vertices") +
                         ", need at least 3; remove or fix the face");
              for (std::int64_t q = 0; q < n; ++q) {
                const std::int64_t vix = static_cast<std::int64_t>(c.item(en, i, p));  // an integer type
                check_index(vix, i, c.lr.line());
                raw.idx.push_back(static_cast<int>(vix));
              }
            } else {
              for (std::int64_t q = 0; q < n; ++q) c.item(en, i, p);
            }
          }
        }
        c.end_row(en, i);
        if (isf) raw.end_polygon(-1);
      }
      if (isv) vertices_done = true;
    }
    c.end_body();
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

}  // namespace mesogrid::detail

// mesogrid/io/obj.hpp: the OBJ reader: vertices (v), faces (f, fo) with 1-based or negative (relative)
// indices and `/`-separated texture and normal indices, a trailing backslash joining lines, groups (g, o) or
// else materials (usemtl) as region labels; texture coordinates (vt, f v/vt), materials and material files
// (mtllib) kept for drawing the scan's texture; every other statement ignored. A vt index out of range leaves
// that corner untextured (a note: the texture is drawn, so its loss is told); normals (vn, the third index of
// v/vt/vn or v//vn) are never read, so a bad normal index changes nothing. Coordinates in file units.
#pragma once
#include <string>
#include <string_view>

#include "raw_mesh.hpp"

namespace mesogrid::detail {

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
  bool any_uv = false;
  long max_index_line = 0;
  std::string joined;
  std::string_view line;
  while (lr.next(line)) {
    const long ln = lr.line();
    // line continuation: a trailing backslash joins the next line
    std::string_view t = text::trim(line);
    if (!t.empty() && t.back() == '\\') {
      joined.assign(t.data(), t.size() - 1);
      std::string_view more;
      while (lr.next(more)) {
        std::string_view mt = text::trim(more);
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
                 "face index " + text::quoted(num) + " is out of range (the file has " +
                     text::count_of(raw.num_vertices(), "vertex", "vertices") + " so far); fix the face");
          fail(name, ln, "face vertex " + text::quoted(tok) + " is not an index; fix the face");
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
        // the texture coordinate: v/vt or v/vt/vn (1-based or relative); out of range: none, and counted
        int t = -1;
        if (const size_t s1 = tok.find('/'); s1 != std::string_view::npos) {
          const std::string_view vt = tok.substr(s1 + 1, tok.find('/', s1 + 1) - s1 - 1);
          std::int64_t k = 0;
          const std::int64_t nuv = static_cast<std::int64_t>(raw.UV.size() / 2);
          if (!vt.empty()) {
            if (parse_int(vt, k) && k != 0 && k <= nuv && k >= -nuv) {
              t = static_cast<int>(k > 0 ? k - 1 : nuv + k);
            } else {
              if (raw.bad_uv++ == 0) raw.bad_uv_line = ln;
            }
          }
        }
        if (t >= 0 && !any_uv) {
          any_uv = true;
          raw.uv_idx.assign(raw.idx.size() - 1, -1);
        }
        if (any_uv) raw.uv_idx.push_back(t);
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
      const std::string_view n = text::trim(rest);
      group = n.empty() ? -1 : groups.get(std::string(n));
    } else if (kw == "vt") {
      if (static_cast<std::int64_t>(raw.UV.size() / 2) >= limit)
        fail(name, ln, "more than " + std::to_string(limit) + " texture coordinates; decimate the mesh");
      double u = 0, v = 0;
      // a bad number makes no texture coordinate to fail the mesh for: it is drawn shaded
      if (parse_double(next_token(rest), u) != NumStatus::ok || !std::isfinite(u)) u = 0;
      if (parse_double(next_token(rest), v) != NumStatus::ok || !std::isfinite(v)) v = 0;
      raw.UV.push_back(u);
      raw.UV.push_back(v);
    } else if (kw == "mtllib") {
      const std::string_view n = text::trim(rest);
      if (!n.empty() && raw.mtllibs.size() < 16) raw.mtllibs.emplace_back(n);
    } else if (kw == "usemtl") {
      const std::string_view n = text::trim(rest);
      mtl = n.empty() ? -1 : mtls.get(std::string(n));
    }
    // vn, vp, s, l, p and anything else: ignored
  }
  if (max_index >= raw.num_vertices())
    fail(name, max_index_line,
         "face index " + std::to_string(max_index + 1) + " is out of range (the file has " +
             std::to_string(raw.num_vertices()) + " vertices); fix the face or the vertex list");
  if (any_uv) raw.uv_idx.resize(raw.idx.size(), -1);
  raw.material = mtl_label;
  raw.material_names = mtls.names;
  if (have_groups) {
    raw.label_names = std::move(groups.names);
  } else {
    raw.label = std::move(mtl_label);
    raw.label_names = std::move(mtls.names);
  }
  return raw;
}

}  // namespace mesogrid::detail

// mesogrid/io/finish.hpp: from a raw parse to the finished Mesh in millimetres, shared by every format:
// triangulation, welding and dropping degenerate triangles (weld.hpp), edge statistics (boundary and
// non-manifold edges, pieces), the units decision from the bounding box (rule in read_mesh.hpp), the step
// left by floating point coordinates far from the origin (32-bit floats, 64-bit doubles: refused when it loses
// the shape), the scale to mm, the region labels still used, and the notes of the LoadReport. Works in place on
// the arrays of the finished Mesh, so nothing is copied at the end.
#pragma once
#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "../core/error.hpp"
#include "../core/memory.hpp"
#include "../core/mesh.hpp"
#include "../core/text.hpp"
#include "../core/timing.hpp"
#include "raw_mesh.hpp"
#include "triangulate.hpp"
#include "types.hpp"
#include "weld.hpp"

namespace mesogrid::detail {

/// The longest region name kept from a file, in bytes (longer ones are cut; every name is cleaned: text::clean).
inline constexpr std::size_t max_label_bytes = 200;

/// Largest bounding-box side accepted after scaling to mm (1 km): beyond it areas and site counts of a
/// plan overflow, and no face is that big.
constexpr double max_extent_mm = 1e6;
/// Largest bounding-box side of a plausible mesh, mm: from a few millimetres of skin (the smallest region one
/// plans on) to a head-and-shoulders bust (a metre). Outside it in the mesh's units: a warning line; outside it
/// in every unit (um, mm, cm, m, in): refused. A judgement on what the tool plans on, not an anthropometric norm.
constexpr double min_plausible_mm = 5, max_plausible_mm = 1000;

/// Boundary edges (one triangle), non-manifold edges (more than two) and edge-connected components of
/// the (non-degenerate) triangles F over nv vertices, into rep: the triangles of every edge (for_each_edge) are
/// joined by union-find (path halving). With `repeat`, also marks there every triangle with the same three corners
/// as a lower-numbered one (in any order: either winding), and returns how many (`repeat` is left empty when there
/// are none). They are found among the triangles of a non-manifold edge with the same third corner (a repeated
/// triangle with a neighbour makes the edge they share non-manifold) and among the pieces of exactly two triangles
/// (a lone triangle written twice: back to back, its edges look manifold); a mesh of one piece pays nothing more.
inline long edge_statistics(const Eigen::MatrixXi& F, std::size_t nv, LoadReport& rep,
                            std::vector<unsigned char>* repeat = nullptr) {
  const std::size_t nt = static_cast<std::size_t>(F.rows());
  const BigArray<int> parent = big_array<int>(nt);
  for (std::size_t t = 0; t < nt; ++t) parent[t] = static_cast<int>(t);
  auto find = [&](int x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  };
  const int* c[3] = {F.data(), F.data() + nt, F.data() + 2 * nt};
  auto third = [&](std::uint64_t entry, std::size_t lo) {  // the corner of the entry's triangle off its edge
    const std::size_t t = entry & 0xFFFFFFFFu;
    return static_cast<std::int64_t>(c[0][t]) + c[1][t] + c[2][t] - static_cast<std::int64_t>(lo) -
           static_cast<std::int64_t>(entry >> 32);
  };
  long boundary = 0, nonmanifold = 0, repeats = 0;
  auto mark = [&](std::uint64_t entry) {
    if (repeat->empty()) repeat->assign(nt, 0);
    unsigned char& r = (*repeat)[entry & 0xFFFFFFFFu];
    repeats += r == 0;
    r = 1;
  };
  if (repeat) repeat->clear();
  std::vector<std::pair<std::int64_t, std::uint64_t>> around;  // (third corner, entry) of an edge's triangles
  for_each_edge(F, nv, [&](std::size_t lo, const std::uint64_t* g, std::uint32_t n) {
    boundary += n == 1;
    nonmanifold += n > 2;
    for (std::uint32_t q = 1; q < n; ++q) {
      const int x = find(static_cast<int>(g[0] & 0xFFFFFFFFu)), y = find(static_cast<int>(g[q] & 0xFFFFFFFFu));
      if (x != y) parent[std::max(x, y)] = std::min(x, y);
    }
    if (!repeat || n < 3) return;
    around.clear();
    for (std::uint32_t q = 0; q < n; ++q) around.emplace_back(third(g[q], lo), g[q]);
    std::sort(around.begin(), around.end());
    for (std::size_t q = 1; q < around.size(); ++q)
      if (around[q].first == around[q - 1].first) mark(around[q].second);
  });
  long comps = 0;
  for (std::size_t t = 0; t < nt; ++t) comps += parent[t] == static_cast<int>(t);
  if (repeat && (comps > 1 || nt == 2)) {
    // pieces of two triangles: their size by root, then the second triangle compared with the first
    const BigArray<int> size = big_array<int>(nt), first = big_array<int>(nt);
    for (std::size_t t = 0; t < nt; ++t) size[t] = 0, first[t] = -1;
    for (std::size_t t = 0; t < nt; ++t) ++size[static_cast<std::size_t>(find(static_cast<int>(t)))];
    auto corners = [&](std::size_t t) {
      std::array<int, 3> k = {c[0][t], c[1][t], c[2][t]};
      std::sort(k.begin(), k.end());
      return k;
    };
    for (std::size_t t = 0; t < nt; ++t) {
      const std::size_t r = static_cast<std::size_t>(find(static_cast<int>(t)));
      if (size[r] != 2) continue;
      if (first[r] < 0)
        first[r] = static_cast<int>(t);
      else if (corners(t) == corners(static_cast<std::size_t>(first[r])))
        mark(t);
    }
  }
  rep.boundary_edges = boundary;
  rep.nonmanifold_edges = nonmanifold;
  rep.components = comps;
  return repeats;
}

/// Coordinates are binary floating point numbers: 32-bit floats (binary PLY `float`, binary STL) keep 24 significant
/// bits, 64-bit doubles (text formats, parsed to double, and binary `double`) 53. At a distance M from the origin
/// their step is 2^(floor(log2 M) - 23), resp. 2^(floor(log2 M) - 52): 0.5 at 5.4e6 for floats (a scan written in
/// metres at map coordinates keeps half-metre steps), 0.125 at 1e15 for doubles.
/// The coarsest step over the axes of the box lo..hi, its axis (-1: none), that axis' largest magnitude and whether
/// its coordinates are floats.
struct CoordStep {
  double step = 0, magnitude = 0;
  int axis = -1;
  bool float32 = false;
};
/// The coarsest step over every axis (float32_axis: those held as floats; the others as doubles).
inline CoordStep coordinate_step(const std::array<bool, 3>& float32_axis, const Eigen::Vector3d& lo,
                                 const Eigen::Vector3d& hi) {
  CoordStep r;
  for (int d = 0; d < 3; ++d) {
    const bool f32 = float32_axis[static_cast<std::size_t>(d)];
    const double m = std::max(std::fabs(lo[d]), std::fabs(hi[d]));
    if (!(m > 0) || !std::isfinite(m)) continue;
    const double step = std::ldexp(1.0, std::ilogb(m) - (f32 ? 23 : 52));
    if (step > r.step) r = {step, m, d, f32};
  }
  return r;
}

/// A step above this share of the mesh's largest side loses its shape (a face's triangles are 1-5% of it: they
/// collapse or turn): refused. Above float32_warn_mm (positions off by up to half of it, normals of small
/// triangles turned): a warning. The same for floats and doubles.
constexpr double float32_lost_share = 0.01, float32_warn_mm = 0.5;

/// "32-bit floats" or "64-bit doubles (the precision coordinates are read to)", for the messages.
inline std::string step_kind(const CoordStep& st) {
  return st.float32 ? "32-bit floats" : "64-bit doubles (the precision coordinates are read to)";
}

/// The refusal of a mesh whose coordinates are too coarse for it (st.step > float32_lost_share x E).
[[noreturn]] inline void fail_coarse_steps(const std::string& name, const CoordStep& st, double E) {
  fail(name, 0,
       std::string("its ") + "xyz"[st.axis] + " coordinates lie up to " + size_text(st.magnitude) +
           " from the origin (file units), where " + step_kind(st) + " keep steps of " + size_text(st.step) +
           ", on a mesh " + size_text(E) + " across: its shape is lost; export the scan centred near the origin" +
           (st.float32 ? ", or with 64-bit (double) coordinates" : ""));
}

inline Mesh finish(RawMesh& raw, const std::string& name, const LoadOptions& opt, LoadReport* report) {
  LoadReport rep;
  rep.path = name;
  rep.format = raw.format;
  rep.vertices_read = raw.num_vertices();
  rep.faces_read = raw.num_polygons();
  if (raw.num_polygons() == 0)
    fail(name, 0, "no faces found (only points, lines or nothing); export a triangle surface mesh");
  // labelled when some polygon has a label (readers give -1 to a polygon without one): a mesh without any gets no
  // label column from every reader, as from the binary fast paths
  const bool labelled = std::any_of(raw.label.begin(), raw.label.end(), [](int l) { return l >= 0; });
  if (labelled && raw.label.size() != static_cast<std::size_t>(raw.num_polygons()))
    raw.label.resize(raw.num_polygons(), -1);
  Mesh m;
  std::vector<int> TL;           // label per triangle (when labelled)
  std::vector<int> TUV, TM, TS;  // texture coordinates: uv rows (3 per triangle), material; kept -> triangle
  const bool textured = !raw.uv_idx.empty();
  raw_to_triangles(raw, labelled, m, TL, name, textured ? &TUV : nullptr, textured ? &TM : nullptr);
  stage_done("parse");

  // weld; then remap the triangles and drop the degenerate ones (repeated vertex or zero area), in place
  const std::size_t n = static_cast<std::size_t>(m.V.rows());
  BigArray<int> remap = weld_rows(m.V);
  const std::size_t nw = static_cast<std::size_t>(m.V.rows());
  rep.vertices_welded = static_cast<long>(n - nw);
  std::vector<unsigned char> used(nw, 0);  // vertices of a kept triangle, for the bounding box
  const Eigen::Index total = m.F.rows();
  Eigen::Index nt =
      nw == n ? remap_and_drop<false>(m, remap.get(), used, labelled ? &TL : nullptr,
                                      textured ? &TS : nullptr)  // nothing welded
              : remap_and_drop<true>(m, remap.get(), used, labelled ? &TL : nullptr, textured ? &TS : nullptr);
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
  if (nt == 0 && m.V.rows() > 0) {  // collapsed by coarse steps: say so rather than "degenerate"
    const Eigen::Vector3d lo = m.V.colwise().minCoeff(), hi = m.V.colwise().maxCoeff();
    const CoordStep st = coordinate_step(raw.float32_axis, lo, hi);
    // (doubles collapsed to one point: nothing tells their step from a mesh of repeated vertices)
    if (st.axis >= 0 && st.step > float32_lost_share * (hi - lo).maxCoeff() && (st.float32 || (hi - lo).maxCoeff() > 0))
      fail_coarse_steps(name, st, (hi - lo).maxCoeff());
  }
  if (nt == 0)
    fail(name, 0,
         (total == 1 ? std::string("the only triangle is") : "all " + std::to_string(total) + " triangles are") +
             " degenerate (repeated vertex or zero area); export a valid surface mesh");
  if (textured) {
    TexCoords& tc = rep.texcoords;
    const Eigen::Index nuv = static_cast<Eigen::Index>(raw.UV.size() / 2);
    tc.uv.resize(nuv, 2);
    for (Eigen::Index i = 0; i < nuv; ++i) tc.uv.row(i) << raw.UV[2 * i], raw.UV[2 * i + 1];
    tc.face_uv.resize(nt, 3);
    tc.face_material.resize(nt);
    for (Eigen::Index t = 0; t < nt; ++t) {
      const std::size_t src = static_cast<std::size_t>(TS[static_cast<std::size_t>(t)]);
      for (int k = 0; k < 3; ++k) tc.face_uv(t, k) = TUV[3 * src + static_cast<std::size_t>(k)];
      tc.face_material(t) = TM[src];
    }
    for (const auto& n : raw.material_names) tc.materials.push_back(text::clean(n, max_label_bytes));
    tc.mtllibs = raw.mtllibs;
  }
  if (raw.bad_uv > 0)
    rep.notes.push_back(text::count_of(raw.bad_uv, "texture coordinate index", "texture coordinate indices") +
                        " (f v/vt) " + (raw.bad_uv == 1 ? "names" : "name") + " no vt of the file (it has " +
                        std::to_string(raw.UV.size() / 2) + "), the first on line " + std::to_string(raw.bad_uv_line) +
                        ": those triangles are drawn without their texture");
  stage_done("weld");

  // triangles repeated (a file joined to itself, a face written twice): dropped, then the edges counted again
  std::vector<unsigned char> repeat;
  if (const long repeats = edge_statistics(m.F, nw, rep, &repeat); repeats > 0) {
    const Eigen::Index before = m.F.rows();
    Eigen::Index k = 0;
    for (Eigen::Index t = 0; t < before; ++t) {
      if (repeat[static_cast<std::size_t>(t)]) continue;
      m.F.row(k) = m.F.row(t);
      if (labelled) TL[static_cast<std::size_t>(k)] = TL[static_cast<std::size_t>(t)];
      if (textured) {
        rep.texcoords.face_uv.row(k) = rep.texcoords.face_uv.row(t);
        rep.texcoords.face_material(k) = rep.texcoords.face_material(t);
      }
      ++k;
    }
    Eigen::MatrixXi kept = m.F.topRows(k);
    m.F.swap(kept);
    if (labelled) TL.resize(static_cast<std::size_t>(k));
    if (textured) {
      Eigen::MatrixXi uv = rep.texcoords.face_uv.topRows(k);
      rep.texcoords.face_uv.swap(uv);
      rep.texcoords.face_material.conservativeResize(k);
    }
    nt = k;
    rep.triangles = nt;
    rep.duplicates_dropped = repeats;
    edge_statistics(m.F, nw, rep);
  }
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
  const std::string box = size_text(rep.extent_file_units.x()) + " x " + size_text(rep.extent_file_units.y()) + " x " +
                          size_text(rep.extent_file_units.z());
  if (opt.units == Units::automatic) {
    rep.units = E < 1 ? Units::m : E < 30 ? Units::cm : E < 5000 ? Units::mm : Units::um;
    rep.units_detected = true;
  } else {
    rep.units = opt.units;
  }
  rep.scale_to_mm = units_scale_mm(rep.units);
  const CoordStep f32 = coordinate_step(raw.float32_axis, lo, hi);
  if (f32.axis >= 0 && f32.step > float32_lost_share * E) fail_coarse_steps(name, f32, E);

  for (const std::string& s : raw.notes) rep.notes.push_back(s);
  if (rep.vertices_welded > 0)
    rep.notes.push_back("welded " + text::count_of(rep.vertices_welded, "duplicate vertex", "duplicate vertices") +
                        " (same position)");
  if (rep.degenerate_dropped > 0)
    rep.notes.push_back("dropped " +
                        text::count_of(rep.degenerate_dropped, "degenerate triangle", "degenerate triangles") +
                        " (repeated vertex or zero area)");
  if (rep.duplicates_dropped > 0)
    rep.notes.push_back("dropped " + text::count_of(rep.duplicates_dropped, "repeated triangle", "repeated triangles") +
                        " (the same three corners as an earlier one)");
  if (rep.nonmanifold_edges > 0)
    rep.notes.push_back("mesh has " + text::count_of(rep.nonmanifold_edges, "non-manifold edge", "non-manifold edges") +
                        " (shared by more than 2 triangles)");
  if (rep.components > 1)
    rep.notes.push_back("mesh has " + std::to_string(rep.components) + " separate pieces (connected components)");
  const std::string un(units_name(rep.units));
  if (rep.units_detected)
    rep.notes.push_back(Message("units: auto-detected " + un + " (bounding box " + box + " in file units)" +
                                (rep.units == Units::mm ? "" : ", scaled to mm") + "; use ")
                        << Param::units << " to override");
  else
    rep.notes.push_back("units: " + un + " as given (bounding box " + box + " in file units)" +
                        (rep.units == Units::mm ? "" : ", scaled to mm"));
  const double Emm = E * rep.scale_to_mm;
  if (!(Emm <= max_extent_mm))  // also inf/NaN: coordinates near the double range overflow everything downstream
    throw input_error(Message(where(name, 0) + "the mesh is " + size_text(Emm) + " mm across (bounding box " + box +
                              " in file units), more than 1 km; check ")
                      << Param::units << " or the coordinates in the file");
  // Implausible in every unit: no unit makes the largest side that of a face region (a few mm of skin) up to a
  // head-and-shoulders bust: the coordinates are not a face's, whatever --units says.
  bool plausible_somewhere = false;
  std::string sizes;
  for (Units u : {Units::um, Units::mm, Units::cm, Units::m, Units::in}) {
    const double s = E * units_scale_mm(u);
    plausible_somewhere = plausible_somewhere || (s >= min_plausible_mm && s <= max_plausible_mm);
    sizes += (sizes.empty() ? "" : ", ") + size_text(s) + " mm in " + std::string(units_name(u));
  }
  if (!plausible_somewhere)
    throw input_error(where(name, 0) + "the mesh's largest side (bounding box " + box + " in file units) would be " +
                      sizes + ": none is the size of a face region (" + size_text(min_plausible_mm) + "-" +
                      size_text(max_plausible_mm) + " mm); check the coordinates in the file");
  if (f32.step * rep.scale_to_mm > float32_warn_mm)
    rep.notes.push_back("warning: " + where(name, 0) + "the " + "xyz"[f32.axis] + " coordinates lie up to " +
                        size_text(f32.magnitude) + " from the origin (file units), where " + step_kind(f32) +
                        " keep steps of " + size_text(f32.step * rep.scale_to_mm) +
                        " mm: positions on the skin are off by up to " + size_text(f32.step * rep.scale_to_mm / 2) +
                        " mm; export the scan centred near the origin" +
                        (f32.float32 ? ", or with 64-bit (double) coordinates" : ""));
  if (Emm < min_plausible_mm || Emm > max_plausible_mm)
    rep.notes.push_back(Message("warning: the mesh is " + size_text(Emm) +
                                " mm across, implausible for a face region (" + size_text(min_plausible_mm) + "-" +
                                size_text(max_plausible_mm) + " mm); check ")
                        << Param::units);

  // millimetres, in place; labels: keep only the names used by a surviving triangle, in their order
  if (rep.scale_to_mm != 1) m.V *= rep.scale_to_mm;
  std::vector<int> used_label(raw.label_names.size(), 0);
  for (int l : TL)
    if (l >= 0) used_label[static_cast<std::size_t>(l)] = 1;
  std::vector<int> lmap(raw.label_names.size(), -1);
  for (std::size_t l = 0; l < raw.label_names.size(); ++l)
    if (used_label[l]) {
      lmap[l] = static_cast<int>(m.label_names.size());
      m.label_names.push_back(text::clean(raw.label_names[l], max_label_bytes));  // shown and written: clean
    }
  // "all" names the whole mesh in every command: a group of that name is renamed, so that both can be planned
  for (std::string& n : m.label_names)
    if (n == "all") {
      std::string renamed = "all_group";
      for (int k = 2; std::find(m.label_names.begin(), m.label_names.end(), renamed) != m.label_names.end(); ++k)
        renamed = "all_group_" + std::to_string(k);
      rep.notes.push_back("the mesh's group 'all' is named '" + renamed +
                          "' here ('all' is the whole mesh in every command)");
      n = renamed;
    }
  if (labelled) {
    m.label.resize(nt);
    for (Eigen::Index t = 0; t < nt; ++t) m.label[t] = TL[t] >= 0 ? lmap[static_cast<std::size_t>(TL[t])] : -1;
  }  // else no label: left empty (a scan's 4 bytes a triangle of -1, held for the whole command, spared)
  stage_done("units");
  if (report) *report = std::move(rep);
  return m;
}

}  // namespace mesogrid::detail

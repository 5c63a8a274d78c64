// mesogrid/face/region.hpp: named face regions of a mesh (from OBJ groups/materials or PLY face labels):
// listing them with triangle counts and areas, and cutting one out as its own mesh. Besides the labels
// themselves, two kinds of union can be named: a mirrored pair (`cheeks` = cheek_left + cheek_right,
// `jawline` = jawline_left + jawline_right, ...) and `full_face` (every labelled face but catch-all labels such as
// `other` or `default`, see is_catch_all_label).
// Areas are reported in cm² (mesh lengths are mm).
#pragma once
#include <algorithm>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "../core/error.hpp"
#include "../core/frame.hpp"
#include "../core/mesh.hpp"
#include "../core/text.hpp"

namespace mesogrid {

struct RegionInfo {
  std::string name;
  long triangles = 0;
  double area_cm2 = 0;
  std::string description;  ///< one line; for unions, what they join ("" when nothing is known)
};

/// Name of the mirrored pair stem_left + stem_right: nouns take a plural ("cheeks", "temples"), the
/// adjectives and "jawline" do not ("periorbital", "nasolabial", "jawline").
inline std::string pair_region_name(std::string_view stem) {
  static const char* const plural[] = {"cheek", "temple", "brow", "eye", "ear"};
  for (const char* p : plural)
    if (stem == p) return std::string(stem) + "s";
  return std::string(stem);
}

/// Where the mid-sagittal plane of a mesh known without landmarks lies along frame.lateral() (mm, as
/// FaceFrame::midline_mm). The file's own plane through the origin (0) when it passes through the face: between the
/// area centroids of each pair of its labels stem_left and stem_right, or, without such a pair, through the mesh (a
/// face model is centred on its midline more exactly than any estimate). Otherwise (a face moved into another
/// frame, 100 m from the origin) halfway between each pair's centroids, averaged with the pairs' areas as weights, or
/// through the mesh's area centroid.
inline double estimated_midline_mm(const Mesh& m, const FaceFrame& frame) {
  const Eigen::Vector3d lat = frame.lateral().normalized();
  const size_t nl = m.label_names.size();
  auto origin_inside = [&] {  // the origin's plane passes through the mesh (its vertices lie on both sides)
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (Eigen::Index v = 0; v < m.num_vertices(); ++v) {
      const double x = lat.dot(m.vertex(v));
      lo = std::min(lo, x), hi = std::max(hi, x);
    }
    return lo < 0 && hi > 0;
  };
  if (nl == 0 && origin_inside()) return 0.0;                  // no pairs: one pass over the vertices decides
  std::vector<double> area(nl + 1, 0.0), moment(nl + 1, 0.0);  // per label, the last slot: the whole mesh
  for (Eigen::Index f = 0; f < m.num_faces(); ++f) {
    const double a = face_area(m, f), x = lat.dot(m.corner(f, 0) + m.corner(f, 1) + m.corner(f, 2)) / 3;
    area[nl] += a, moment[nl] += a * x;
    if (f < m.label.size() && m.label[f] >= 0 && static_cast<size_t>(m.label[f]) < nl)
      area[static_cast<size_t>(m.label[f])] += a, moment[static_cast<size_t>(m.label[f])] += a * x;
  }
  double w = 0, sum = 0;
  bool origin_between = true;  // the plane through the origin passes between every pair
  for (size_t l = 0; l < nl; ++l) {
    const std::string& n = m.label_names[l];
    if (n.size() <= 5 || n.compare(n.size() - 5, 5, "_left") != 0) continue;
    const std::string right = n.substr(0, n.size() - 5) + "_right";
    for (size_t r = 0; r < nl; ++r)
      if (m.label_names[r] == right && area[l] > 0 && area[r] > 0) {
        const double cl = moment[l] / area[l], cr = moment[r] / area[r];
        sum += (area[l] + area[r]) * 0.5 * (cl + cr);
        w += area[l] + area[r];
        origin_between = origin_between && std::min(cl, cr) < 0 && std::max(cl, cr) > 0;
      }
  }
  if (w > 0) return origin_between ? 0.0 : sum / w;
  if (nl > 0 && origin_inside()) return 0.0;  // labels but no pair
  return area[nl] > 0 ? moment[nl] / area[nl] : 0.0;
}

/// True for a label that names no part of the face but what is left over: other, others, default, none, unknown,
/// unlabeled, unlabelled, unassigned, misc, rest, remainder, background (any case; '-', '_', ' ' and digits at the
/// end ignored: "other_1", "Default-2"). Such labels are left out of `full_face` (they stay in `all`).
inline bool is_catch_all_label(std::string_view name) {
  std::string k = text::lower(name);
  while (!k.empty() && ((k.back() >= '0' && k.back() <= '9') || k.back() == '_' || k.back() == '-' || k.back() == ' '))
    k.pop_back();
  static const char* const catch_all[] = {"other",      "others",     "default", "none", "unknown",   "unlabeled",
                                          "unlabelled", "unassigned", "misc",    "rest", "remainder", "background"};
  for (const char* c : catch_all)
    if (k == c) return true;
  return false;
}

/// Label indices named by `name`: the label itself; else, for a pair name (see pair_region_name; the
/// stem itself and stem + "s" are accepted too), stem_left and stem_right; else, for "full_face", every
/// label but the catch-alls (is_catch_all_label). Empty when the name means nothing on this mesh ("all" is handled
/// by extract_region).
inline std::vector<int> region_labels(const Mesh& m, std::string_view name) {
  const auto find = [&](std::string_view n) {
    for (size_t i = 0; i < m.label_names.size(); ++i)
      if (m.label_names[i] == n) return static_cast<int>(i);
    return -1;
  };
  if (const int l = find(name); l >= 0) return {l};
  std::vector<std::string> stems{std::string(name)};
  if (name.size() > 1 && name.back() == 's') stems.emplace_back(name.substr(0, name.size() - 1));
  for (const auto& stem : stems) {
    const int l = find(stem + "_left"), r = find(stem + "_right");
    if (l >= 0 && r >= 0) return {l, r};
  }
  if (name == "full_face") {
    std::vector<int> face;
    for (size_t i = 0; i < m.label_names.size(); ++i)
      if (!is_catch_all_label(m.label_names[i])) face.push_back(static_cast<int>(i));
    return face;
  }
  return {};
}

/// Regions present in the mesh, in label order, then the mirrored pairs (x_left + x_right, named by
/// pair_region_name), then "full_face" (every labelled face but the catch-alls, when at least two labels are
/// not catch-alls), then
/// "all" (the whole mesh). Labels with no faces are omitted.
inline std::vector<RegionInfo> list_regions(const Mesh& m) {
  std::vector<RegionInfo> out(m.label_names.size());
  for (size_t i = 0; i < out.size(); ++i) out[i].name = m.label_names[i];
  RegionInfo all{"all", 0, 0, ""};
  const bool labelled = m.label.size() == m.num_faces();
  detail::for_each_face_area(m, [&](Eigen::Index f, double area) {
    const double a = area / 100.0;
    all.triangles++;
    all.area_cm2 += a;
    const int l = labelled ? m.label(f) : -1;
    if (l >= 0 && l < static_cast<int>(out.size())) {
      out[l].triangles++;
      out[l].area_cm2 += a;
    }
  });
  const std::vector<RegionInfo> labels = out;
  out.erase(std::remove_if(out.begin(), out.end(), [](const RegionInfo& r) { return r.triangles == 0; }), out.end());
  RegionInfo full{"full_face", 0, 0, "every labelled region together"};
  int present = 0;
  std::vector<std::string> left_out;
  for (const auto& r : labels) {
    if (is_catch_all_label(r.name)) {
      if (r.triangles > 0) left_out.push_back(r.name);
    } else {
      full.triangles += r.triangles;
      full.area_cm2 += r.area_cm2;
      present += r.triangles > 0;
    }
    const std::string& n = r.name;
    if (r.triangles == 0 || n.size() <= 5 || n.compare(n.size() - 5, 5, "_left") != 0) continue;
    const std::string stem = n.substr(0, n.size() - 5);
    for (const auto& q : labels)
      if (q.name == stem + "_right" && q.triangles > 0)
        out.push_back({pair_region_name(stem), r.triangles + q.triangles, r.area_cm2 + q.area_cm2,
                       n + " + " + q.name + " (both sides in one plan)"});
  }
  if (!left_out.empty()) full.description = "every labelled region together but " + text::joined(left_out);
  // a label named full_face is what --region full_face plans (region_labels): listed as itself, not twice
  if (present >= 2 && std::find(m.label_names.begin(), m.label_names.end(), "full_face") == m.label_names.end())
    out.push_back(full);
  all.description = "the whole mesh";
  out.push_back(all);
  return out;
}

/// The faces of region `name` ("all" = every face; pairs and "full_face" as in region_labels) as a
/// compact mesh (unused vertices dropped, labels kept). Throws plan_error for an unknown or
/// empty region, naming the known ones.
inline Mesh extract_region(const Mesh& m, std::string_view name) {
  if (name == "all") return m;
  const std::vector<int> wanted_labels = region_labels(m, name);
  std::vector<char> wanted(m.label_names.size() + 1, 0);
  for (int l : wanted_labels) wanted[static_cast<size_t>(l)] = 1;
  auto known = [&] {
    std::string s;
    for (const auto& r : list_regions(m)) s += (s.empty() ? "" : ", ") + r.name;
    return s;
  };
  if (wanted_labels.empty())
    throw plan_error(Message("unknown region '" + std::string(name) + "': this mesh has " + known())
                     << Message::ValuesOf{Param::region});
  std::vector<int> remap(m.num_vertices(), -1);
  std::vector<Eigen::Index> faces;
  for (Eigen::Index f = 0; f < m.num_faces(); ++f)
    if (m.label.size() == m.num_faces() && m.label(f) >= 0 && m.label(f) < static_cast<int>(m.label_names.size()) &&
        wanted[static_cast<size_t>(m.label(f))])
      faces.push_back(f);
  if (faces.empty()) throw plan_error("region '" + std::string(name) + "' has no triangles: choose one of " + known());
  Mesh r;
  r.label_names = m.label_names;
  r.F.resize(static_cast<Eigen::Index>(faces.size()), 3);
  r.label.resize(r.F.rows());
  int nv = 0;
  for (size_t i = 0; i < faces.size(); ++i)
    for (int k = 0; k < 3; ++k) {
      int& v = remap[m.F(faces[i], k)];
      if (v < 0) v = nv++;
      r.F(static_cast<Eigen::Index>(i), k) = v;
      r.label(static_cast<Eigen::Index>(i)) = m.label(faces[i]);
    }
  r.V.resize(nv, 3);
  for (Eigen::Index i = 0; i < m.num_vertices(); ++i)
    if (remap[i] >= 0) r.V.row(remap[i]) = m.V.row(i);
  return r;
}

/// True when the mirror image of region `name` is itself: its labels' _left/_right partners are all
/// in it ("all", midline labels, pairs, full_face).
inline bool mirror_closed(const Mesh& m, const std::string& name) {
  if (name == "all") return true;
  const std::vector<int> labels = region_labels(m, name);
  auto has = [&](const std::string& n) {
    for (int l : labels)
      if (m.label_names[static_cast<size_t>(l)] == n) return true;
    return false;
  };
  for (int l : labels) {
    std::string n = m.label_names[static_cast<size_t>(l)];
    for (auto [a, b] : {std::pair<std::string, std::string>{"_left", "_right"}, {"_right", "_left"}})
      if (n.size() > a.size() && n.compare(n.size() - a.size(), a.size(), a) == 0 &&
          !has(n.substr(0, n.size() - a.size()) + b))
        return false;
  }
  return !labels.empty();
}

}  // namespace mesogrid

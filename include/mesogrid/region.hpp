// mesogrid/region.hpp: named face regions of a mesh (from OBJ groups/materials or PLY face labels):
// listing them with triangle counts and areas, and cutting one out as its own mesh.
// Areas are reported in cm² (mesh lengths are mm).
#pragma once
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "error.hpp"
#include "mesh.hpp"

namespace mesogrid {

struct RegionInfo {
  std::string name;
  long triangles = 0;
  double area_cm2 = 0;
};

/// Regions present in the mesh, in label order, followed by "all" (the whole mesh).
/// Labels with no faces are omitted.
inline std::vector<RegionInfo> list_regions(const Mesh& m) {
  std::vector<RegionInfo> out(m.label_names.size());
  for (size_t i = 0; i < out.size(); ++i) out[i].name = m.label_names[i];
  RegionInfo all{"all", 0, 0};
  for (Eigen::Index f = 0; f < m.num_faces(); ++f) {
    const double a = face_area(m, f) / 100.0;
    all.triangles++;
    all.area_cm2 += a;
    const int l = m.label.size() == m.num_faces() ? m.label(f) : -1;
    if (l >= 0 && l < static_cast<int>(out.size())) {
      out[l].triangles++;
      out[l].area_cm2 += a;
    }
  }
  out.erase(std::remove_if(out.begin(), out.end(), [](const RegionInfo& r) { return r.triangles == 0; }), out.end());
  out.push_back(all);
  return out;
}

/// The faces of region `name` ("all" = every face) as a compact mesh (unused vertices dropped,
/// labels kept). Throws plan_error (exit 3) for an unknown or empty region, naming the known ones.
inline Mesh extract_region(const Mesh& m, std::string_view name) {
  if (name == "all") return m;
  int wanted = -1;
  for (size_t i = 0; i < m.label_names.size(); ++i)
    if (m.label_names[i] == name) wanted = static_cast<int>(i);
  auto known = [&] {
    std::string s;
    for (const auto& r : list_regions(m)) s += (s.empty() ? "" : ", ") + r.name;
    return s;
  };
  if (wanted < 0)
    throw plan_error("unknown region '" + std::string(name) + "': this mesh has " + known() +
                     " (see 'mesogrid regions')");
  std::vector<int> remap(m.num_vertices(), -1);
  std::vector<Eigen::Index> faces;
  for (Eigen::Index f = 0; f < m.num_faces(); ++f)
    if (m.label.size() == m.num_faces() && m.label(f) == wanted) faces.push_back(f);
  if (faces.empty())
    throw plan_error("region '" + std::string(name) + "' has no triangles: choose one of " + known());
  Mesh r;
  r.label_names = m.label_names;
  r.F.resize(static_cast<Eigen::Index>(faces.size()), 3);
  r.label = Eigen::VectorXi::Constant(r.F.rows(), wanted);
  int nv = 0;
  for (size_t i = 0; i < faces.size(); ++i)
    for (int k = 0; k < 3; ++k) {
      int& v = remap[m.F(faces[i], k)];
      if (v < 0) v = nv++;
      r.F(static_cast<Eigen::Index>(i), k) = v;
    }
  r.V.resize(nv, 3);
  for (Eigen::Index i = 0; i < m.num_vertices(); ++i)
    if (remap[i] >= 0) r.V.row(remap[i]) = m.V.row(i);
  return r;
}

}  // namespace mesogrid

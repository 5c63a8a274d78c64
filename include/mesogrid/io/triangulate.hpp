// mesogrid/io/triangulate.hpp: the polygons of a general parse as triangles, in the layout of the finished Mesh
// (Eigen, column-major): ear clipping in each polygon's plane, a fan for very large or flat-degenerate ones.
// Triangulating before welding gives the triangles welding first would: the ear clipping looks at positions
// only. Lengths in file units.
#pragma once
#include <Eigen/Core>
#include <cmath>
#include <utility>
#include <vector>

#include "../core/memory.hpp"
#include "../core/mesh.hpp"
#include "raw_mesh.hpp"

namespace mesogrid::detail {

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

/// The polygons of a general parse as triangles in m.V (file units) and m.F, their labels in TL (when
/// labelled); raw's arrays are released as they are copied. Decoded binary triangles are taken as they are.
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

}  // namespace mesogrid::detail

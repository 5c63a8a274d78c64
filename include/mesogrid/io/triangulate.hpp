// mesogrid/io/triangulate.hpp: the polygons of a general parse as triangles, in the layout of the finished Mesh
// (Eigen, column-major): a fan for convex polygons, ear clipping in the plane of concave ones, polygons whose
// edges cross refused.
// Triangulating before welding gives the triangles welding first would: the ear clipping looks at positions
// only. Lengths in file units.
#pragma once
#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "../core/memory.hpp"
#include "../core/mesh.hpp"
#include "raw_mesh.hpp"

namespace mesogrid::detail {

/// The largest concave polygon triangulated (corners); a convex one of any size is fanned. Beyond it a concave
/// polygon is refused: no mesh exporter writes one, and checking it costs the square of its corners.
inline constexpr int max_concave_corners = 4096;

/// Why a polygon could not be triangulated (empty: it was).
using PolygonProblem = const char*;

/// Appends the triangles of polygon poly[0..n) to out, in the polygon's plane (projected along the dominant axis
/// of its Newell normal): a convex polygon as a fan (O(n)); a concave one by ear clipping (O(n·r), r its reflex
/// corners) after a check that its edges do not cross. Returns nullptr, or why it was refused: its edges cross
/// (a bow-tie, a pentagram), no ear was found, or it is concave with more than max_concave_corners corners.
/// A polygon with no area (all corners on a line or a point) is fanned: its triangles are dropped later.
/// With `work`, adds the square of the corners of a concave polygon clipped here (what it cost, in those units).
inline PolygonProblem triangulate_polygon(const std::vector<double>& V, const int* poly, int n, std::vector<int>& out,
                                          long long* work = nullptr) {
  if (n == 3) {
    out.insert(out.end(), poly, poly + 3);
    return nullptr;
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
  auto fan = [&] {
    for (int k = 1; k + 1 < n; ++k) out.insert(out.end(), {poly[0], poly[k], poly[k + 1]});
  };
  if (N[ax] == 0) {  // no net area: all corners on a line (dropped later), or a bow-tie whose halves cancel
    for (int k = 2; k < n; ++k) {
      const double *a = P(0), *b = P(1), *q = P(k);
      const double e[3] = {b[0] - a[0], b[1] - a[1], b[2] - a[2]}, f[3] = {q[0] - a[0], q[1] - a[1], q[2] - a[2]};
      if (e[1] * f[2] - e[2] * f[1] != 0 || e[2] * f[0] - e[0] * f[2] != 0 || e[0] * f[1] - e[1] * f[0] != 0)
        return "crosses itself (its parts cancel: no net area); split it into simple polygons";
    }
    fan();
    return nullptr;
  }
  int u = (ax + 1) % 3, v = (ax + 2) % 3;
  if (N[ax] < 0) std::swap(u, v);  // projected polygon is counter-clockwise
  auto sgn = [](double x) { return (x > 0) - (x < 0); };
  auto cross = [&](int a, int b, int q) {
    const double *pa = P(a), *pb = P(b), *pc = P(q);
    return (pb[u] - pa[u]) * (pc[v] - pa[v]) - (pb[v] - pa[v]) * (pc[u] - pa[u]);
  };
  // true when two edges of the ring c[0..m) cross (proper crossings; touching at a corner is allowed)
  auto crossing = [&](const std::vector<int>& c) {
    const int m = static_cast<int>(c.size());
    for (int i = 0; i < m; ++i) {
      const int a = c[static_cast<std::size_t>(i)], b = c[static_cast<std::size_t>((i + 1) % m)];
      const double *pa = P(a), *pb = P(b);
      const double lo_u = std::min(pa[u], pb[u]), hi_u = std::max(pa[u], pb[u]);
      const double lo_v = std::min(pa[v], pb[v]), hi_v = std::max(pa[v], pb[v]);
      for (int j = i + 2; j < m; ++j) {
        if (i == 0 && j == m - 1) continue;  // adjacent through the closing edge
        const int q = c[static_cast<std::size_t>(j)], r = c[static_cast<std::size_t>((j + 1) % m)];
        const double *pq = P(q), *pr = P(r);
        if (std::max(pq[u], pr[u]) < lo_u || std::min(pq[u], pr[u]) > hi_u || std::max(pq[v], pr[v]) < lo_v ||
            std::min(pq[v], pr[v]) > hi_v)
          continue;
        if (sgn(cross(a, b, q)) * sgn(cross(a, b, r)) < 0 && sgn(cross(q, r, a)) * sgn(cross(q, r, b)) < 0) return true;
      }
    }
    return false;
  };
  constexpr PolygonProblem crosses = "crosses itself (its edges intersect); split it into simple polygons";
  auto same = [&](int a, int b) {
    const double *pa = P(a), *pb = P(b);
    return pa[u] == pb[u] && pa[v] == pb[v];
  };
  // The triangles from out[first..) must cover the polygon exactly once: their areas, all counted positive, add up
  // to the polygon's own (shoelace) area. A polygon that overlaps itself without a proper crossing (lobes through
  // a repeated corner, spikes folded back inside it) fails this and is refused.
  const std::size_t first = out.size();
  auto covers_once = [&] {
    double tri = 0, ring = 0;
    for (std::size_t t = first; t + 2 < out.size(); t += 3) {
      const double *a = &V[3 * static_cast<std::size_t>(out[t])], *b = &V[3 * static_cast<std::size_t>(out[t + 1])],
                   *q = &V[3 * static_cast<std::size_t>(out[t + 2])];
      tri += std::fabs((b[u] - a[u]) * (q[v] - a[v]) - (b[v] - a[v]) * (q[u] - a[u]));
    }
    for (int k = 0; k < n; ++k) {
      const double *a = P(k), *b = P((k + 1) % n);
      ring += a[u] * b[v] - b[u] * a[v];
    }
    return std::fabs(tri - std::fabs(ring)) <= 1e-9 * std::max(tri, std::fabs(ring));
  };
  constexpr PolygonProblem overlaps = "overlaps itself (its parts fold over one another); split it into triangles";
  if (n <= 64) {  // small polygons: ear clipping over all corners, first ear first
    std::vector<int> rem(static_cast<std::size_t>(n));
    for (int k = 0; k < n; ++k) rem[static_cast<std::size_t>(k)] = k;
    if (crossing(rem)) return crosses;
    while (rem.size() > 3) {
      const int m = static_cast<int>(rem.size());
      int ear = -1;
      for (int k = 0; k < m && ear < 0; ++k) {
        const int a = rem[static_cast<std::size_t>((k + m - 1) % m)], b = rem[static_cast<std::size_t>(k)],
                  c = rem[static_cast<std::size_t>((k + 1) % m)];
        if (cross(a, b, c) <= 0) continue;
        bool empty = true;
        for (int q = 0; q < m && empty; ++q) {
          const int p = rem[static_cast<std::size_t>(q)];
          if (p == a || p == b || p == c || same(p, a) || same(p, b) || same(p, c)) continue;
          if (cross(a, b, p) >= 0 && cross(b, c, p) >= 0 && cross(c, a, p) >= 0) empty = false;
        }
        if (empty) ear = k;
      }
      if (ear < 0) {
        for (int k = 0; k < m && ear < 0; ++k)  // only corners on a line left (no area): any corner will do
          if (cross(rem[static_cast<std::size_t>((k + m - 1) % m)], rem[static_cast<std::size_t>(k)],
                    rem[static_cast<std::size_t>((k + 1) % m)]) > 0)
            return "has no ear to cut (degenerate or crossing itself); split it into triangles";
        ear = 0;
      }
      out.insert(out.end(),
                 {poly[rem[static_cast<std::size_t>((ear + m - 1) % m)]], poly[rem[static_cast<std::size_t>(ear)]],
                  poly[rem[static_cast<std::size_t>((ear + 1) % m)]]});
      rem.erase(rem.begin() + ear);
    }
    out.insert(out.end(), {poly[rem[0]], poly[rem[1]], poly[rem[2]]});
    if (!covers_once()) {
      out.resize(first);
      return overlaps;
    }
    return nullptr;
  }
  // corners without consecutive repeats (same projected position)
  std::vector<int> c;
  c.reserve(static_cast<std::size_t>(n));
  for (int k = 0; k < n; ++k)
    if (c.empty() || !same(c.back(), k)) c.push_back(k);
  while (c.size() > 1 && same(c.back(), c.front())) c.pop_back();
  const int m = static_cast<int>(c.size());
  if (m < 3) {
    fan();
    return nullptr;
  }
  // convex (every turn left, winding once): a fan over all corners
  bool convex = true;
  double turning = 0;
  for (int k = 0; k < m && convex; ++k) {
    const int a = c[static_cast<std::size_t>((k + m - 1) % m)], b = c[static_cast<std::size_t>(k)],
              q = c[static_cast<std::size_t>((k + 1) % m)];
    if (cross(a, b, q) < 0) convex = false;
    const double *pa = P(a), *pb = P(b), *pc = P(q);
    const double e1u = pb[u] - pa[u], e1v = pb[v] - pa[v], e2u = pc[u] - pb[u], e2v = pc[v] - pb[v];
    if (e1u * e2v - e1v * e2u == 0 && e1u * e2u + e1v * e2v < 0) convex = false;  // a spike folding back
    turning += std::atan2(e1u * e2v - e1v * e2u, e1u * e2u + e1v * e2v);
  }
  if (convex && turning < 3 * 3.14159265358979) {
    fan();
    if (!covers_once()) {
      out.resize(first);
      return overlaps;
    }
    return nullptr;
  }
  if (m > max_concave_corners) return "is concave with more than 4096 corners; split it into smaller polygons";
  if (work) *work += static_cast<long long>(m) * m;
  if (crossing(c)) return crosses;
  // ear clipping on a ring; only reflex corners can lie inside an ear
  std::vector<int> prev(static_cast<std::size_t>(m)), next(static_cast<std::size_t>(m));
  for (int k = 0; k < m; ++k) {
    prev[static_cast<std::size_t>(k)] = (k + m - 1) % m;
    next[static_cast<std::size_t>(k)] = (k + 1) % m;
  }
  auto at = [&](int k) { return c[static_cast<std::size_t>(k)]; };
  auto reflex = [&](int k) {
    return cross(at(prev[static_cast<std::size_t>(k)]), at(k), at(next[static_cast<std::size_t>(k)])) <= 0;
  };
  std::vector<int> reflexes;
  for (int k = 0; k < m; ++k)
    if (reflex(k)) reflexes.push_back(k);
  std::vector<char> alive(static_cast<std::size_t>(m), 1);
  auto is_ear = [&](int k) {
    const int pk = prev[static_cast<std::size_t>(k)], nk = next[static_cast<std::size_t>(k)];
    const int a = at(pk), b = at(k), q = at(nk);
    if (cross(a, b, q) <= 0) return false;
    for (int r : reflexes) {
      if (!alive[static_cast<std::size_t>(r)] || r == pk || r == k || r == nk) continue;
      const int p = at(r);
      if (same(p, a) || same(p, b) || same(p, q)) continue;
      if (cross(a, b, p) >= 0 && cross(b, q, p) >= 0 && cross(q, a, p) >= 0) return false;
    }
    return true;
  };
  int left = m, k = 0, misses = 0;
  while (left > 3) {
    if (is_ear(k)) {
      const int pk = prev[static_cast<std::size_t>(k)], nk = next[static_cast<std::size_t>(k)];
      out.insert(out.end(), {poly[at(pk)], poly[at(k)], poly[at(nk)]});
      alive[static_cast<std::size_t>(k)] = 0;
      next[static_cast<std::size_t>(pk)] = nk;
      prev[static_cast<std::size_t>(nk)] = pk;
      --left;
      misses = 0;
      k = pk;
      if (left <= 3) break;
      if (reflexes.size() > 64 && reflexes.size() > static_cast<std::size_t>(2 * left)) {  // keep the list short
        std::vector<int> still;
        for (int r : reflexes)
          if (alive[static_cast<std::size_t>(r)] && reflex(r)) still.push_back(r);
        reflexes.swap(still);
      }
      k = pk;
    } else {
      if (++misses > left) return "has no ear to cut (degenerate or crossing itself); split it into triangles";
      k = next[static_cast<std::size_t>(k)];
    }
  }
  const int a = k, b = next[static_cast<std::size_t>(k)], q = next[static_cast<std::size_t>(b)];
  out.insert(out.end(), {poly[at(a)], poly[at(b)], poly[at(q)]});
  if (!covers_once()) {
    out.resize(first);
    return overlaps;
  }
  return nullptr;
}

/// The ear clipping of a file's large concave polygons, in squared corners (triangulate_polygon's `work`): sixteen of
/// the largest (4096 corners), about a second. Beyond it a file is refused: no exporter writes such polygons by the
/// thousand, and a file of them would take hours.
inline constexpr long long max_concave_work = 16LL * max_concave_corners * max_concave_corners;

/// The polygons of a general parse as triangles in m.V (file units) and m.F, their labels in TL (when
/// labelled), and, when the parse has texture coordinates, each triangle's 3 corners' uv rows in TUV and its
/// material in TM; raw's arrays are released as they are copied. Decoded binary triangles are taken as they are.
inline void raw_to_triangles(RawMesh& raw, bool labelled, Mesh& m, std::vector<int>& TL, const std::string& name,
                             std::vector<int>* TUV = nullptr, std::vector<int>* TM = nullptr) {
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
  long long work = 0;
  std::vector<std::pair<int, int>> corner_uv;  // a large polygon's (vertex, uv), sorted
  for (long f = 0; f < np; ++f) {
    const std::size_t s = raw.start[f], e = raw.start[f + 1];
    tmp.clear();
    if (PolygonProblem why = triangulate_polygon(raw.V, raw.idx.data() + s, static_cast<int>(e - s), tmp, &work))
      fail(name, 0, "face " + std::to_string(f + 1) + " (a polygon of " + std::to_string(e - s) + " corners) " + why);
    if (work > max_concave_work)
      fail(name, 0,
           "face " + std::to_string(f + 1) + ": the file's concave polygons of many corners (this one has " +
               std::to_string(e - s) +
               ") cost more to triangulate than sixteen of 4096 corners; export the mesh as triangles");
    for (std::size_t q = 0; q < tmp.size(); q += 3, ++t)
      for (int k = 0; k < 3; ++k) m.F(t, k) = tmp[q + static_cast<std::size_t>(k)];
    if (labelled) TL.insert(TL.end(), tmp.size() / 3, raw.label[f]);
    if (TUV && !raw.uv_idx.empty()) {  // a corner's uv: that of the polygon corner at its vertex (the first one)
      if (e - s <= 16) {
        for (std::size_t q = 0; q < tmp.size(); ++q) {
          int uv = -1;
          for (std::size_t c = s; c < e && uv < 0; ++c)
            if (raw.idx[c] == tmp[q]) uv = raw.uv_idx[c];
          TUV->push_back(uv);
        }
      } else {  // looked up in the polygon's corners sorted by vertex (stable: the first corner at a vertex)
        corner_uv.clear();
        for (std::size_t c = s; c < e; ++c) corner_uv.emplace_back(raw.idx[c], raw.uv_idx[c]);
        std::stable_sort(corner_uv.begin(), corner_uv.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        for (std::size_t q = 0; q < tmp.size(); ++q) {
          const auto it = std::lower_bound(corner_uv.begin(), corner_uv.end(), tmp[q],
                                           [](const auto& a, int v) { return a.first < v; });
          TUV->push_back(it != corner_uv.end() && it->first == tmp[q] ? it->second : -1);
        }
      }
      if (TM) TM->insert(TM->end(), tmp.size() / 3, f < static_cast<long>(raw.material.size()) ? raw.material[f] : -1);
    }
  }
  if (t < nt) m.F.conservativeResize(t, 3);  // repeated corners removed
  {
    std::vector<int>().swap(raw.idx);
    std::vector<std::size_t>().swap(raw.start);
    std::vector<int>().swap(raw.label);
    std::vector<int>().swap(raw.uv_idx);
  }
  const std::size_t nv = raw.V.size() / 3;
  m.V.resize(static_cast<Eigen::Index>(nv), 3);
  advise_huge_pages(m.V.data(), sizeof(double) * static_cast<std::size_t>(m.V.size()));
  for (std::size_t i = 0; i < nv; ++i)
    for (int d = 0; d < 3; ++d) m.V(static_cast<Eigen::Index>(i), d) = raw.V[3 * i + d];
  std::vector<double>().swap(raw.V);
}

}  // namespace mesogrid::detail

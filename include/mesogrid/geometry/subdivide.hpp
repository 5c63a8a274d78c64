// mesogrid/geometry/subdivide.hpp: Loop subdivision of a triangle mesh (Loop 1987, with the usual boundary rules),
// so that a coarse face such as the 898-triangle MediaPipe face becomes a smooth skin. Each step splits
// every triangle into four; lengths keep the mesh's unit (mm). Deterministic: the same mesh always gives
// the same vertex and face order. Per-face labels are inherited by the four children.
#pragma once
#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <utility>
#include <vector>

#include "../core/mesh.hpp"

namespace mesogrid {

/// One Loop step and how the new mesh relates to the old one.
struct LoopStep {
  Mesh mesh;
  /// For each new vertex, the old vertices it comes from: {v, v} for a moved old vertex (old index v,
  /// kept: new vertex v is old vertex v), {a, b} with a < b for the vertex inserted on edge (a, b).
  std::vector<std::array<int, 2>> parents;
  std::vector<int> face_parent;  ///< old face of each new face (new face 4f+k comes from old face f)
};

/// One step of Loop subdivision. Interior vertices: (1 − nβ)·v + β·Σ neighbours with Loop's
/// β = (5/8 − (3/8 + cos(2π/n)/4)²)/n; boundary vertices: ¾·v + ⅛·(two boundary neighbours) (a vertex
/// with another number of boundary neighbours stays put); edge vertices: ⅜(a + b) + ⅛(c + d) inside,
/// ½(a + b) on the boundary. Old vertices keep their indices; edge vertices follow in order of first
/// use by faces 0, 1, ... (corners 0-1, 1-2, 2-0). Face f becomes faces 4f..4f+3, same orientation.
inline LoopStep loop_subdivide_once(const Mesh& m) {
  const int nv = static_cast<int>(m.num_vertices());
  const Eigen::Index nf = m.num_faces();
  using Edge = std::pair<int, int>;
  auto key = [](int a, int b) { return a < b ? Edge(a, b) : Edge(b, a); };
  struct EdgeInfo {
    int index = -1;
    std::vector<int> opposite;  // third vertex of each face using the edge
  };
  std::map<Edge, EdgeInfo> edges;
  LoopStep out;
  out.parents.reserve(static_cast<size_t>(nv) + static_cast<size_t>(nf) * 3 / 2 + 3);
  for (int v = 0; v < nv; ++v) out.parents.push_back({v, v});
  int next = nv;
  for (Eigen::Index f = 0; f < nf; ++f)
    for (int k = 0; k < 3; ++k) {
      const int a = m.F(f, k), b = m.F(f, (k + 1) % 3), c = m.F(f, (k + 2) % 3);
      EdgeInfo& e = edges[key(a, b)];
      if (e.index < 0) {
        e.index = next++;
        out.parents.push_back({std::min(a, b), std::max(a, b)});
      }
      e.opposite.push_back(c);
    }
  // neighbours of each old vertex (sorted: deterministic sums), and boundary neighbours
  std::vector<std::vector<int>> nb(nv), bnb(nv);
  for (const auto& [e, info] : edges) {
    nb[e.first].push_back(e.second);
    nb[e.second].push_back(e.first);
    if (info.opposite.size() == 1) {
      bnb[e.first].push_back(e.second);
      bnb[e.second].push_back(e.first);
    }
  }
  Mesh& r = out.mesh;
  r.V.resize(next, 3);
  for (int v = 0; v < nv; ++v) {
    const Eigen::RowVector3d p = m.V.row(v);
    if (!bnb[v].empty()) {
      r.V.row(v) =
          bnb[v].size() == 2 ? Eigen::RowVector3d(0.75 * p + 0.125 * (m.V.row(bnb[v][0]) + m.V.row(bnb[v][1]))) : p;
      continue;
    }
    const double n = static_cast<double>(nb[v].size());
    if (n < 3) {
      r.V.row(v) = p;
      continue;
    }
    const double c = 3.0 / 8.0 + 0.25 * std::cos(2 * pi / n);
    const double beta = (5.0 / 8.0 - c * c) / n;
    Eigen::RowVector3d sum = Eigen::RowVector3d::Zero();
    for (int w : nb[v]) sum += m.V.row(w);
    r.V.row(v) = (1 - n * beta) * p + beta * sum;
  }
  for (const auto& [e, info] : edges) {
    const Eigen::RowVector3d a = m.V.row(e.first), b = m.V.row(e.second);
    if (info.opposite.size() == 2) {
      const int c = std::min(info.opposite[0], info.opposite[1]), d = std::max(info.opposite[0], info.opposite[1]);
      r.V.row(info.index) = 0.375 * (a + b) + 0.125 * (m.V.row(c) + m.V.row(d));
    } else {
      r.V.row(info.index) = 0.5 * (a + b);
    }
  }
  r.F.resize(4 * nf, 3);
  r.label_names = m.label_names;
  const bool labelled = m.label.size() == nf;
  r.label = labelled ? Eigen::VectorXi(4 * nf) : Eigen::VectorXi();
  out.face_parent.resize(static_cast<size_t>(4 * nf));
  for (Eigen::Index f = 0; f < nf; ++f) {
    const int a = m.F(f, 0), b = m.F(f, 1), c = m.F(f, 2);
    const int ab = edges[key(a, b)].index, bc = edges[key(b, c)].index, ca = edges[key(c, a)].index;
    r.F.row(4 * f + 0) << a, ab, ca;
    r.F.row(4 * f + 1) << ab, b, bc;
    r.F.row(4 * f + 2) << ca, bc, c;
    r.F.row(4 * f + 3) << ab, bc, ca;
    for (int k = 0; k < 4; ++k) {
      out.face_parent[static_cast<size_t>(4 * f + k)] = static_cast<int>(f);
      if (labelled) r.label(4 * f + k) = m.label(f);
    }
  }
  return out;
}

/// `levels` steps of Loop subdivision (0 returns the mesh unchanged). Each step multiplies the
/// triangle count by four.
inline Mesh loop_subdivide(const Mesh& m, int levels) {
  Mesh r = m;
  for (int i = 0; i < levels; ++i) r = loop_subdivide_once(r).mesh;
  return r;
}

}  // namespace mesogrid

// mesogrid/geometry/surface.hpp: one connected piece of a region as a surface that points can live and move on:
// outward unit vertex normals, the piece's edges and face neighbours, points given by a triangle and
// barycentric coordinates, a walk that keeps a moving point on the surface, closest-point queries, and the
// distance from a point to the piece's edge (its boundary); how a mesh is wound and its own axis, from its shape.
// Lengths in mm.
#pragma once
#include <Eigen/Core>
#include <Eigen/Eigenvalues>
#include <Eigen/Geometry>
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include "../core/frame.hpp"
#include "../core/mesh.hpp"
#include "../core/parallel.hpp"
#include "closest.hpp"

namespace mesogrid {

/// A point on a mesh: its triangle, barycentric coordinates there, and position (mm).
struct SurfacePoint {
  int face = -1;
  Eigen::Vector3d bary = Eigen::Vector3d::Zero();
  Eigen::Vector3d position = Eigen::Vector3d::Zero();
};

/// How the faces of a skin mesh are wound, told by its shape alone (whatever its axes): skin wraps around the
/// body, so the outside is the convex side. `bulge` = sum of area · (centroid of the triangle − middle of the
/// mesh) · unit normal, over sum of area · |triangle centroid − middle|, the middle being the mean of the vertices:
/// the share of the surface that faces away from its middle, +1 for a closed sphere wound counter-clockwise seen
/// from outside, 0 for a plane. One pass over the vertices and one over the faces.
struct Winding {
  int side = 0;  ///< +1 the normals (right-hand rule) point out of the skin, −1 into it, 0 the shape cannot tell
  double bulge = 0;
  Eigen::Vector3d outward_normal = Eigen::Vector3d::Zero();  ///< area-weighted normal sum turned outward (mm²)
  double area_mm2 = 0;
};

/// A face, a head or a bust gives a bulge of 0.3-0.5 whichever way it is turned, a plane 0: below this the
/// shape is too flat to tell and the frame's front decides.
inline constexpr double kWindingBulge = 0.1;

inline Winding outward_winding(const Mesh& m) {
  Winding w;
  if (m.num_vertices() == 0) return w;
  const Eigen::Vector3d c = m.V.colwise().mean().transpose();
  double area = 0, out = 0, all = 0;
  Eigen::Vector3d nsum = Eigen::Vector3d::Zero();
  for (Eigen::Index f = 0; f < m.num_faces(); ++f) {
    const Eigen::Vector3d p0 = m.corner(f, 0), p1 = m.corner(f, 1), p2 = m.corner(f, 2);
    const Eigen::Vector3d n = 0.5 * (p1 - p0).cross(p2 - p0), d = (p0 + p1 + p2) / 3 - c;
    const double a = n.norm();
    area += a, nsum += n, out += n.dot(d), all += a * d.norm();
  }
  if (!(area > 0)) return w;
  w.area_mm2 = area;
  w.bulge = all > 0 ? out / all : 0;
  w.side = w.bulge >= kWindingBulge ? 1 : w.bulge <= -kWindingBulge ? -1 : 0;
  w.outward_normal = w.side < 0 ? Eigen::Vector3d(-nsum) : nsum;
  return w;
}

/// The principal directions of a mesh's normals: the eigenvectors (columns, unit, eigenvalues increasing) of
/// sum_f area_f n_f n_fᵀ (n_f the unit face normals, either winding). They turn with the mesh, whatever its file's
/// axes; each up to sign. Zero when the sum is not finite. One pass over the faces.
inline Eigen::Matrix3d normal_directions(const Mesh& m) {
  Eigen::Matrix3d C = Eigen::Matrix3d::Zero();
  for (Eigen::Index f = 0; f < m.num_faces(); ++f) {
    const Eigen::Vector3d n = (m.corner(f, 1) - m.corner(f, 0)).cross(m.corner(f, 2) - m.corner(f, 0));
    const double a2 = n.norm();  // twice the area
    if (a2 > 0) C.noalias() += n * n.transpose() / a2;
  }
  if (!C.allFinite()) return Eigen::Matrix3d::Zero();
  const Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d> es(C);
  const Eigen::Matrix3d E = es.eigenvectors();
  return E.allFinite() ? E : Eigen::Matrix3d::Zero();
}

/// The axis among a mesh's normal_directions `E` (its first column), signed toward `toward`; `toward` itself when E
/// is zero (a sum that was not finite).
inline Eigen::Vector3d normal_axis(const Eigen::Matrix3d& E, const Eigen::Vector3d& toward) {
  Eigen::Vector3d axis = E.col(0);
  if (!axis.allFinite() || axis.norm() < 0.5) return toward.normalized();
  axis.normalize();
  return axis.dot(toward) < 0 ? Eigen::Vector3d(-axis) : axis;
}

/// A mesh's own axis: the unit direction its normals vary least along, the first of normal_directions: the axis
/// of a head and neck, of a limb, of a cylinder, about which the parallels run. It turns with the mesh, whatever its
/// file's axes. Signed toward `toward`; on a sphere or a plane, where a whole plane of directions is as good, one of
/// them.
inline Eigen::Vector3d normal_axis(const Mesh& m, const Eigen::Vector3d& toward) {
  return normal_axis(normal_directions(m), toward);
}

/// A connected, open triangle mesh with everything needed to keep points on it. The mesh is referenced,
/// not copied: it must outlive the SurfacePiece.
class SurfacePiece {
 public:
  /// `winding` (+1 or −1, outward_winding of the whole mesh the piece is cut from) says which side is out; when it
  /// is 0, `frame` decides: the area-weighted normal of the piece should face the viewer (frame.front). When the
  /// faces are wound inward, inward() is true and normals() are flipped.
  SurfacePiece(const Mesh& m, const FaceFrame& frame, int winding = 0) : m_(m) {
    const Eigen::Index nf = m.num_faces(), nv = m.num_vertices();
    // edges: sort (min, max, face, corner opposite) and merge; the edge opposite corner k of face f
    // joins corners k+1 and k+2
    std::vector<std::array<int, 4>> e;
    e.reserve(static_cast<size_t>(nf) * 3);
    for (Eigen::Index f = 0; f < nf; ++f)
      for (int k = 0; k < 3; ++k) {
        const int a = m.F(f, (k + 1) % 3), b = m.F(f, (k + 2) % 3);
        e.push_back({std::min(a, b), std::max(a, b), static_cast<int>(f), k});
      }
    std::sort(e.begin(), e.end());
    face_edge_.assign(static_cast<size_t>(nf), {-1, -1, -1});
    neighbour_.assign(static_cast<size_t>(nf), {-1, -1, -1});
    for (size_t i = 0; i < e.size();) {
      size_t j = i;
      while (j < e.size() && e[j][0] == e[i][0] && e[j][1] == e[i][1]) ++j;
      const int id = static_cast<int>(edges_.size());
      edges_.push_back({e[i][0], e[i][1]});
      for (size_t k = i; k < j; ++k) face_edge_[e[k][2]][e[k][3]] = id;
      if (j - i == 2) {  // manifold interior edge: the two faces are neighbours
        neighbour_[e[i][2]][e[i][3]] = e[i + 1][2];
        neighbour_[e[i + 1][2]][e[i + 1][3]] = e[i][2];
      } else if (j - i == 1) {
        const int a = m.F(e[i][2], (e[i][3] + 1) % 3), b = m.F(e[i][2], (e[i][3] + 2) % 3);
        boundary_.emplace_back(a, b);
      }
      i = j;
    }
    // outward normals
    Eigen::Vector3d nsum = Eigen::Vector3d::Zero();
    for (Eigen::Index f = 0; f < nf; ++f)
      nsum += (m.corner(f, 1) - m.corner(f, 0)).cross(m.corner(f, 2) - m.corner(f, 0));
    inward_ = winding != 0 ? winding < 0 : nsum.dot(frame.front) < 0;
    N_ = vertex_normals(m);
    if (inward_) N_ = -N_;
    // faces around each vertex (CSR)
    vf_start_.assign(static_cast<size_t>(nv) + 1, 0);
    for (Eigen::Index f = 0; f < nf; ++f)
      for (int k = 0; k < 3; ++k) ++vf_start_[static_cast<size_t>(m.F(f, k)) + 1];
    for (size_t i = 1; i < vf_start_.size(); ++i) vf_start_[i] += vf_start_[i - 1];
    vf_.resize(static_cast<size_t>(vf_start_.back()));
    std::vector<int> fill(vf_start_.begin(), vf_start_.end() - 1);
    for (Eigen::Index f = 0; f < nf; ++f)
      for (int k = 0; k < 3; ++k) vf_[fill[m.F(f, k)]++] = static_cast<int>(f);
    area_ = surface_area(m);
    // uniform grids: triangles (closest point) and boundary segments (edge distance)
    lo_ = m.V.colwise().minCoeff().transpose();
    const Eigen::Vector3d ext = m.V.colwise().maxCoeff().transpose() - lo_;
    cell_ = std::max(std::sqrt(area_ / std::max<double>(1.0, static_cast<double>(nf))) * 2.0, 1e-6);
    for (int a = 0; a < 3; ++a) dims_[a] = std::clamp(static_cast<long>(ext[a] / cell_) + 1, 1L, 512L);
    for (int a = 0; a < 3; ++a) cell_ = std::max(cell_, ext[a] / static_cast<double>(dims_[a]) * 1.0001);
    bin(
        nf,
        [&](long i, Eigen::Vector3d* mn, Eigen::Vector3d* mx) {
          *mn = m.corner(i, 0).cwiseMin(m.corner(i, 1)).cwiseMin(m.corner(i, 2));
          *mx = m.corner(i, 0).cwiseMax(m.corner(i, 1)).cwiseMax(m.corner(i, 2));
        },
        [&](long i, const Eigen::Vector3d& c) {
          Eigen::Vector3d b;
          return (closest_point_on_triangle(c, m.corner(i, 0), m.corner(i, 1), m.corner(i, 2), &b) - c).norm();
        },
        face_start_, face_items_);
    bin(
        static_cast<long>(boundary_.size()),
        [&](long i, Eigen::Vector3d* mn, Eigen::Vector3d* mx) {
          const Eigen::Vector3d a = m.vertex(boundary_[i].first), b = m.vertex(boundary_[i].second);
          *mn = a.cwiseMin(b), *mx = a.cwiseMax(b);
        },
        [&](long i, const Eigen::Vector3d& c) {
          return (closest_point_on_segment(c, m.vertex(boundary_[i].first), m.vertex(boundary_[i].second)) - c).norm();
        },
        seg_start_, seg_items_);
    // every vertex's distance to the edge up to one grid cell: push_inside's quick test
    vertex_edge_.resize(static_cast<size_t>(nv));
    parallel_for_many(vertex_edge_.size(), [&](size_t v) {
      vertex_edge_[v] = boundary_distance(m.vertex(static_cast<Eigen::Index>(v)), cell_);
    });
  }

  const Mesh& mesh() const { return m_; }
  const Eigen::MatrixXd& normals() const { return N_; }  ///< outward unit vertex normals
  bool inward() const { return inward_; }                ///< faces wound so that their normals point into the skin
  double area() const { return area_; }                  ///< mm²
  /// Unique edges (a < b). The edge opposite corner k of face f is edge(face_edge(f, k)).
  const std::vector<std::array<int, 2>>& edges() const { return edges_; }
  int face_edge(int f, int k) const { return face_edge_[f][k]; }
  /// The face across the edge opposite corner k of face f (-1 on the boundary or a non-manifold edge).
  int neighbour(int f, int k) const { return neighbour_[f][k]; }
  /// Calls f(face) for every face around vertex v.
  template <class F>
  void for_faces_at(int v, F f) const {
    for (int i = vf_start_[v]; i < vf_start_[v + 1]; ++i) f(vf_[i]);
  }
  /// Boundary edges as oriented in their face.
  const std::vector<std::pair<int, int>>& boundary() const { return boundary_; }

  /// Position and outward unit normal at a point given by face and barycentrics.
  Eigen::Vector3d position(int f, const Eigen::Vector3d& b) const {
    return b[0] * m_.corner(f, 0) + b[1] * m_.corner(f, 1) + b[2] * m_.corner(f, 2);
  }
  Eigen::Vector3d normal(int f, const Eigen::Vector3d& b) const {
    const Eigen::Vector3d n = b[0] * N_.row(m_.F(f, 0)).transpose() + b[1] * N_.row(m_.F(f, 1)).transpose() +
                              b[2] * N_.row(m_.F(f, 2)).transpose();
    if (n.norm() > 0) return n.normalized();
    const Eigen::Vector3d fn = face_normal(m_, f);
    return inward_ ? Eigen::Vector3d(-fn) : fn;
  }

  /// The point of the surface nearest to p among the faces a walk from `from` reaches: it moves to a
  /// neighbouring face while that brings the closest point nearer (for the small moves of relaxation; it
  /// can stop on a local minimum where the surface folds back within the move).
  SurfacePoint walk(const SurfacePoint& from, const Eigen::Vector3d& p) const {
    SurfacePoint best = at(from.face, p);
    double bd = (best.position - p).squaredNorm();
    for (int step = 0; step < 64; ++step) {
      int next = -1;
      SurfacePoint cand;
      // faces around the corners the closest point touches (an edge or a vertex of the current face)
      for (int k = 0; k < 3; ++k) {
        if (best.bary[k] > 1e-12) continue;
        for (int q : {(k + 1) % 3, (k + 2) % 3}) {
          const int v = m_.F(best.face, q);
          if (best.bary[q] <= 1e-12) continue;
          for (int i = vf_start_[v]; i < vf_start_[v + 1]; ++i) {
            const int g = vf_[i];
            if (g == best.face) continue;
            const SurfacePoint c = at(g, p);
            const double d = (c.position - p).squaredNorm();
            if (d < bd - 1e-18) bd = d, cand = c, next = g;
          }
        }
      }
      if (next < 0) break;
      best = cand;
    }
    return best;
  }

  /// The closest point of the surface to p (exact, through the triangle grid); ties go to the lower face.
  SurfacePoint closest(const Eigen::Vector3d& p) const {
    SurfacePoint best;
    double bd = std::numeric_limits<double>::infinity();
    const auto c = cell(p);
    for (long r = 1;; r *= 2) {
      visit(c, r, face_start_, face_items_, [&](int f) {
        const SurfacePoint s = at(f, p);
        const double d = (s.position - p).norm();
        if (d < bd || (d == bd && f < best.face)) bd = d, best = s;
      });
      if ((best.face >= 0 && bd <= static_cast<double>(r) * cell_) || r > std::max({dims_[0], dims_[1], dims_[2]}))
        break;
    }
    return best;
  }

  /// Distance from p to the nearest boundary segment, up to rmax (rmax when none is nearer). With
  /// `away`, the unit direction from that boundary point to p (how to move p further inside).
  double boundary_distance(const Eigen::Vector3d& p, double rmax, Eigen::Vector3d* away = nullptr) const {
    double best = rmax;
    const double cells = std::ceil(rmax / cell_);  // the grid has at most 512 cells a side: no more is needed
    const long r = cells >= 1024 ? 1024L : std::max(1L, static_cast<long>(cells));
    visit(cell(p), r, seg_start_, seg_items_, [&](int i) {
      const Eigen::Vector3d q =
          closest_point_on_segment(p, m_.vertex(boundary_[i].first), m_.vertex(boundary_[i].second));
      const double dist = (p - q).norm();
      if (dist < best) {
        best = dist;
        if (away) *away = dist > 1e-12 ? Eigen::Vector3d((p - q) / dist) : Eigen::Vector3d::Zero();
      }
    });
    return best;
  }

  /// Moves a point at least `depth` inside the edge (a few steps along the surface away from the nearest
  /// boundary point); returns it unchanged when it already is.
  SurfacePoint push_inside(SurfacePoint p, double depth) const {
    if (depth <= 0 || boundary_.empty()) return p;
    if (p.face >= 0) {  // inside already when a corner's distance to the edge, less the way to it, says so
      double lower = -std::numeric_limits<double>::infinity();
      for (int k = 0; k < 3; ++k)
        lower = std::max(
            lower, vertex_edge_[static_cast<size_t>(m_.F(p.face, k))] - (p.position - m_.corner(p.face, k)).norm());
      if (lower >= depth) return p;
    }
    for (int pass = 0; pass < 6; ++pass) {
      Eigen::Vector3d away = Eigen::Vector3d::Zero();
      const double d = boundary_distance(p.position, depth + 1e-9, &away);
      if (d >= depth - 1e-9 || away.norm() == 0) break;
      const Eigen::Vector3d n = normal(p.face, p.bary);
      Eigen::Vector3d t = away - n * n.dot(away);
      if (t.norm() < 1e-9) break;
      p = walk(p, p.position + (depth - d + 1e-7) * t.normalized());
    }
    return p;
  }

  /// Closest point on face f to p.
  SurfacePoint at(int f, const Eigen::Vector3d& p) const {
    SurfacePoint s;
    s.face = f;
    Eigen::Vector3d b;
    s.position = closest_point_on_triangle(p, m_.corner(f, 0), m_.corner(f, 1), m_.corner(f, 2), &b);
    s.bary = b;
    return s;
  }

 private:
  /// Lists item i in every grid cell its bounding box overlaps. An item whose box spans more than 64 cells (a
  /// sliver across the mesh: a fan of long thin triangles) is listed only in the cells it comes near (`dist`, its
  /// distance from a cell's centre, within the cell's half diagonal): its box would list it in thousands of cells it
  /// never meets, and every query there would test it. Both list it in every cell it meets, which is all the
  /// queries need.
  template <class Box, class Dist>
  void bin(long n, Box box, Dist dist, std::vector<int>& start, std::vector<int>& items) const {
    std::vector<std::pair<long, int>> it;
    const double reach = 0.5 * std::sqrt(3.0) * cell_ * (1 + 1e-9);
    for (long i = 0; i < n; ++i) {
      Eigen::Vector3d mn, mx;
      box(i, &mn, &mx);
      const auto c0 = cell(mn), c1 = cell(mx);
      const bool wide = (c1[0] - c0[0] + 1) * (c1[1] - c0[1] + 1) * (c1[2] - c0[2] + 1) > 64;
      for (long x = c0[0]; x <= c1[0]; ++x)
        for (long y = c0[1]; y <= c1[1]; ++y)
          for (long z = c0[2]; z <= c1[2]; ++z) {
            const Eigen::Vector3d centre =
                lo_ + cell_ * Eigen::Vector3d(static_cast<double>(x) + 0.5, static_cast<double>(y) + 0.5,
                                              static_cast<double>(z) + 0.5);
            if (!wide || dist(i, centre) <= reach) it.emplace_back(id({x, y, z}), static_cast<int>(i));
          }
    }
    std::sort(it.begin(), it.end());
    start.assign(static_cast<size_t>(dims_[0] * dims_[1] * dims_[2]) + 1, 0);
    items.clear();
    items.reserve(it.size());
    for (const auto& x : it) ++start[static_cast<size_t>(x.first) + 1], items.push_back(x.second);
    for (size_t i = 1; i < start.size(); ++i) start[i] += start[i - 1];
  }
  template <class F>
  void visit(const std::array<long, 3>& c, long r, const std::vector<int>& start, const std::vector<int>& items,
             F f) const {
    for (long x = std::max(0L, c[0] - r); x <= std::min(dims_[0] - 1, c[0] + r); ++x)
      for (long y = std::max(0L, c[1] - r); y <= std::min(dims_[1] - 1, c[1] + r); ++y)
        for (long z = std::max(0L, c[2] - r); z <= std::min(dims_[2] - 1, c[2] + r); ++z) {
          const long i = id({x, y, z});
          for (int k = start[i]; k < start[i + 1]; ++k) f(items[k]);
        }
  }
  std::array<long, 3> cell(const Eigen::Vector3d& p) const {
    std::array<long, 3> c;
    for (int a = 0; a < 3; ++a)
      c[a] = std::clamp(static_cast<long>(std::floor((p[a] - lo_[a]) / cell_)), 0L, dims_[a] - 1);
    return c;
  }
  long id(const std::array<long, 3>& c) const { return (c[2] * dims_[1] + c[1]) * dims_[0] + c[0]; }

  const Mesh& m_;
  Eigen::MatrixXd N_;
  bool inward_ = false;
  double area_ = 0;
  std::vector<std::array<int, 2>> edges_;
  std::vector<std::array<int, 3>> face_edge_, neighbour_;
  std::vector<std::pair<int, int>> boundary_;
  std::vector<int> vf_start_, vf_;
  Eigen::Vector3d lo_;
  double cell_ = 1;
  std::array<long, 3> dims_{1, 1, 1};
  std::vector<int> face_start_, face_items_, seg_start_, seg_items_;
  std::vector<double> vertex_edge_;  // distance from each vertex to the edge, at most cell_ (mm)
};

}  // namespace mesogrid

// mesogrid/geometry/raster.hpp: a software rasterizer for triangle meshes. An orthographic view (OrthoView), a
// z-buffer that keeps the triangle seen at every pixel (Raster: each pixel maps back to an exact point of
// the surface, surface_at), exact view rays through any image position (cast_rays), and Lambert shading
// from interpolated vertex normals, optionally coloured per vertex or by a texture sampled through
// per-corner UVs from an image the caller decoded (shade). Lengths are mm (the mesh's units); images are
// row-major with row 0 at the top; pixel (x, y) spans [x, x+1) x [y, y+1) of the image plane, its centre at
// (x + 0.5, y + 0.5).
//
// Watertight at any density: vertices are snapped to 1/256 pixel and a pixel centre is inside a triangle by
// exact integer edge functions with a tie rule that depends only on an edge's direction, so of the
// triangles sharing an edge or a vertex exactly one covers a pixel centre on it: a mesh without holes
// renders without holes however small its triangles (those that cover no pixel centre are covered by
// their neighbours). The nearer triangle wins (depth along OrthoView::toward); equal depths go to the
// lower triangle index, so the buffer does not depend on the order or the number of threads the
// triangles are drawn with. Both sides of a triangle are drawn (scans are not always consistently
// oriented); shading turns each normal toward the viewer.
#pragma once
#include <Eigen/Core>
#include <Eigen/Geometry>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "../core/mesh.hpp"
#include "../core/parallel.hpp"

namespace mesogrid {

/// An orthographic view: the viewer looks along -toward; image x runs along right() = up x toward, image y
/// (rows, top to bottom) along -up. `up` and `toward` are orthonormal.
struct OrthoView {
  Eigen::Vector3d up{0, 1, 0};
  Eigen::Vector3d toward{0, 0, 1};
  Eigen::Vector3d center = Eigen::Vector3d::Zero();  ///< the point at the image centre, mm
  double px_per_mm = 1;
  int width = 0, height = 0;

  Eigen::Vector3d right() const { return up.cross(toward); }
  /// Image position of p in pixels (continuous).
  Eigen::Vector2d project(const Eigen::Vector3d& p) const {
    const Eigen::Vector3d d = p - center;
    return {0.5 * width + px_per_mm * d.dot(right()), 0.5 * height - px_per_mm * d.dot(up)};
  }
  /// Height of p toward the viewer, mm (larger = nearer).
  double depth(const Eigen::Vector3d& p) const { return (p - center).dot(toward); }
  /// The point at image position q (pixels) and depth d (mm).
  Eigen::Vector3d unproject(const Eigen::Vector2d& q, double d) const {
    return center + ((q.x() - 0.5 * width) / px_per_mm) * right() - ((q.y() - 0.5 * height) / px_per_mm) * up +
           d * toward;
  }
};

/// A view looking along -toward with `up` made perpendicular to it, at px_per_mm, centred on the mesh's
/// projected bounding box and sized to it plus margin_px on each side. When the larger side would exceed
/// max_side_px the scale is lowered to fit.
inline OrthoView frame_mesh(const Mesh& m, const Eigen::Vector3d& toward, const Eigen::Vector3d& up, double px_per_mm,
                            int margin_px = 2, int max_side_px = 1 << 14) {
  OrthoView v;
  v.toward = toward.normalized();
  v.up = (up - up.dot(v.toward) * v.toward).normalized();
  const Eigen::Vector3d r = v.right();
  double lo[2] = {std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity()};
  double hi[2] = {-lo[0], -lo[1]};
  for (Eigen::Index i = 0; i < m.num_vertices(); ++i) {
    const Eigen::Vector3d p = m.vertex(i);
    const double a = p.dot(r), b = p.dot(v.up);
    lo[0] = std::min(lo[0], a), hi[0] = std::max(hi[0], a);
    lo[1] = std::min(lo[1], b), hi[1] = std::max(hi[1], b);
  }
  if (m.num_vertices() == 0) lo[0] = lo[1] = hi[0] = hi[1] = 0;
  double mid_depth = 0;
  if (m.num_vertices() > 0) mid_depth = 0.5 * (m.V * v.toward).maxCoeff() + 0.5 * (m.V * v.toward).minCoeff();
  v.center = 0.5 * (lo[0] + hi[0]) * r + 0.5 * (lo[1] + hi[1]) * v.up + mid_depth * v.toward;
  const double wmm = hi[0] - lo[0], hmm = hi[1] - lo[1];
  const double room = std::max(1, max_side_px - 2 * margin_px);
  v.px_per_mm = std::min(px_per_mm, room / std::max({wmm, hmm, 1e-12}));
  v.width = std::max(1, static_cast<int>(std::ceil(wmm * v.px_per_mm)) + 2 * margin_px);
  v.height = std::max(1, static_cast<int>(std::ceil(hmm * v.px_per_mm)) + 2 * margin_px);
  return v;
}

/// The z-buffer of one view: the triangle seen at each pixel centre (-1: background) and its depth.
struct Raster {
  int width = 0, height = 0;
  std::vector<std::int32_t> face;  ///< row-major, row 0 at the top
  std::vector<float> depth;        ///< OrthoView::depth of the surface seen (mm); -inf on the background
  std::int32_t face_at(int x, int y) const {
    return face[static_cast<size_t>(y) * static_cast<size_t>(width) + static_cast<size_t>(x)];
  }
  float depth_at(int x, int y) const {
    return depth[static_cast<size_t>(y) * static_cast<size_t>(width) + static_cast<size_t>(x)];
  }
  bool inside(int x, int y) const { return x >= 0 && y >= 0 && x < width && y < height; }
};

namespace detail {

/// A vertex of a view in the rasterizer's fixed point (1/256 pixel) and its depth; ok = false when it lies
/// too far from the image for exact 64-bit edge functions. One record per vertex: a triangle reads three
/// records, not twelve scattered values (on a scan the vertices of a triangle are far apart in memory).
struct ProjectedVertex {
  std::int64_t x = 0, y = 0;
  double z = 0;
  bool ok = false;
};

inline constexpr int raster_subpixel_bits = 8;
inline constexpr double raster_max_px = 4194304.0;  // 2^22: edge-function products stay below 2^63

inline std::vector<ProjectedVertex> project_vertices(const Mesh& m, const OrthoView& v) {
  const Eigen::Index n = m.num_vertices();
  std::vector<ProjectedVertex> p(static_cast<size_t>(n));
  const double s = static_cast<double>(1 << raster_subpixel_bits);
  const Eigen::Vector3d r = v.right() * v.px_per_mm, u = v.up * v.px_per_mm;
  const double x0 = 0.5 * v.width - r.dot(v.center), y0 = 0.5 * v.height + u.dot(v.center), z0 = v.toward.dot(v.center);
  const double *X = m.V.data(), *Y = X + n, *Z = Y + n;
  for (Eigen::Index i = 0; i < n; ++i) {
    const double px = x0 + r.x() * X[i] + r.y() * Y[i] + r.z() * Z[i];
    const double py = y0 - (u.x() * X[i] + u.y() * Y[i] + u.z() * Z[i]);
    ProjectedVertex& q = p[static_cast<size_t>(i)];
    q.ok = std::abs(px) < raster_max_px && std::abs(py) < raster_max_px;
    q.x = q.ok ? std::llround(px * s) : 0;
    q.y = q.ok ? std::llround(py * s) : 0;
    q.z = v.toward.x() * X[i] + v.toward.y() * Y[i] + v.toward.z() * Z[i] - z0;
  }
  return p;
}

/// Twice the signed area of (a, b, p) in fixed point: (b - a) x (p - a).
inline std::int64_t edge_function(std::int64_t ax, std::int64_t ay, std::int64_t bx, std::int64_t by, std::int64_t px,
                                  std::int64_t py) {
  return (bx - ax) * (py - ay) - (by - ay) * (px - ax);
}

/// Whether a pixel centre exactly on edge a->b (of a positively oriented triangle) belongs to it: a rule on
/// the edge's direction alone, true for one half-open half of all directions, so the triangle on the other
/// side (which runs the edge the other way) never also takes the pixel.
inline bool edge_takes_ties(std::int64_t dx, std::int64_t dy) { return dy > 0 || (dy == 0 && dx > 0); }

/// Draws the triangles of m whose pixels fall in rows [y0, y1) into r.
inline void rasterize_rows(const Mesh& m, const std::vector<ProjectedVertex>& p, Raster& r, int y0, int y1) {
  const std::int64_t one = 1 << raster_subpixel_bits, half = one / 2;
  const int W = r.width;
  const Eigen::Index nf = m.num_faces();
  const int* F[3] = {m.F.data(), m.F.data() + nf, m.F.data() + 2 * nf};
  constexpr Eigen::Index ahead = 16;
  for (Eigen::Index f = 0; f < nf; ++f) {
#if defined(__GNUC__)
    if (f + ahead < nf)
      for (int k = 0; k < 3; ++k) __builtin_prefetch(p.data() + F[k][f + ahead]);
#endif
    const ProjectedVertex &a = p[static_cast<size_t>(F[0][f])], &b = p[static_cast<size_t>(F[1][f])],
                          &c = p[static_cast<size_t>(F[2][f])];
    if (!a.ok || !b.ok || !c.ok) continue;  // > 4 million pixels away
    std::int64_t X[3] = {a.x, b.x, c.x}, Y[3] = {a.y, b.y, c.y};
    // pixel centres x*256 + 128 inside the bounding box
    const std::int64_t xmin = std::min({X[0], X[1], X[2]}), xmax = std::max({X[0], X[1], X[2]});
    const std::int64_t ymin = std::min({Y[0], Y[1], Y[2]}), ymax = std::max({Y[0], Y[1], Y[2]});
    auto ceil_div = [&](std::int64_t a) { return a >= 0 ? (a + one - 1) / one : -((-a) / one); };
    auto floor_div = [&](std::int64_t a) { return a >= 0 ? a / one : -((-a + one - 1) / one); };
    const std::int64_t i0 = std::max<std::int64_t>(0, ceil_div(xmin - half));
    const std::int64_t i1 = std::min<std::int64_t>(W - 1, floor_div(xmax - half));
    const std::int64_t j0 = std::max<std::int64_t>(y0, ceil_div(ymin - half));
    const std::int64_t j1 = std::min<std::int64_t>(y1 - 1, floor_div(ymax - half));
    if (i0 > i1 || j0 > j1) continue;
    std::int64_t area = edge_function(X[0], Y[0], X[1], Y[1], X[2], Y[2]);
    if (area == 0) continue;  // seen edge-on: its neighbours cover its line
    double Z[3] = {a.z, b.z, c.z};
    if (area < 0) {  // orient positively
      std::swap(X[1], X[2]);
      std::swap(Y[1], Y[2]);
      std::swap(Z[1], Z[2]);
      area = -area;
    }
    // edge k runs from corner k+1 to corner k+2 (opposite corner k); w_k is corner k's weight x area
    std::int64_t dx[3], dy[3], bias[3], w_row[3];
    const std::int64_t px0 = i0 * one + half, py0 = j0 * one + half;
    for (int k = 0; k < 3; ++k) {
      const int a = (k + 1) % 3, b = (k + 2) % 3;
      dx[k] = X[b] - X[a];
      dy[k] = Y[b] - Y[a];
      bias[k] = edge_takes_ties(dx[k], dy[k]) ? 0 : -1;
      w_row[k] = edge_function(X[a], Y[a], X[b], Y[b], px0, py0);
    }
    const double inv = 1.0 / static_cast<double>(area);
    const std::int32_t fid = static_cast<std::int32_t>(f);
    for (std::int64_t j = j0; j <= j1; ++j) {
      std::int64_t w[3] = {w_row[0], w_row[1], w_row[2]};
      const size_t row = static_cast<size_t>(j) * static_cast<size_t>(W);
      for (std::int64_t i = i0; i <= i1; ++i) {
        if (w[0] + bias[0] >= 0 && w[1] + bias[1] >= 0 && w[2] + bias[2] >= 0) {
          const double z =
              (static_cast<double>(w[0]) * Z[0] + static_cast<double>(w[1]) * Z[1] + static_cast<double>(w[2]) * Z[2]) *
              inv;
          const float zf = static_cast<float>(z);
          const size_t idx = row + static_cast<size_t>(i);
          if (zf > r.depth[idx] || (zf == r.depth[idx] && (r.face[idx] < 0 || fid < r.face[idx]))) {
            r.depth[idx] = zf;
            r.face[idx] = fid;
          }
        }
        for (int k = 0; k < 3; ++k) w[k] -= dy[k] * one;
      }
      for (int k = 0; k < 3; ++k) w_row[k] += dx[k] * one;
    }
  }
}

}  // namespace detail

/// The z-buffer of mesh m seen in view v: at each pixel centre, the nearest triangle and its depth.
/// `threads` > 1 splits the rows into bands drawn at the same time (same result).
inline Raster rasterize(const Mesh& m, const OrthoView& v, int threads = 1) {
  Raster r;
  r.width = std::max(0, v.width);
  r.height = std::max(0, v.height);
  const size_t n = static_cast<size_t>(r.width) * static_cast<size_t>(r.height);
  r.face.assign(n, -1);
  r.depth.assign(n, -std::numeric_limits<float>::infinity());
  if (n == 0) return r;
  const std::vector<detail::ProjectedVertex> p = detail::project_vertices(m, v);
  const int bands = std::clamp(threads, 1, std::max(1, r.height / 16));
  if (bands == 1) {
    detail::rasterize_rows(m, p, r, 0, r.height);
  } else {
    parallel_for(static_cast<size_t>(bands), [&](size_t b) {
      detail::rasterize_rows(m, p, r, static_cast<int>(static_cast<long>(r.height) * static_cast<long>(b) / bands),
                             static_cast<int>(static_cast<long>(r.height) * static_cast<long>(b + 1) / bands));
    });
  }
  return r;
}

/// A point of the surface seen along a view ray.
struct RayHit {
  Eigen::Index face = -1;                                   ///< -1: the ray meets no triangle
  Eigen::Vector3d bary = Eigen::Vector3d::Zero();           ///< weights of the face's corners 0, 1, 2
  Eigen::Vector3d point = Eigen::Vector3d::Zero();          ///< mm
  double depth = -std::numeric_limits<double>::infinity();  ///< OrthoView::depth of the point
};

namespace detail {

/// Barycentric weights of image position q in the projected triangle a, b, c (exact in double up to
/// rounding); false for a triangle seen edge-on.
inline bool projected_bary(const Eigen::Vector2d& a, const Eigen::Vector2d& b, const Eigen::Vector2d& c,
                           const Eigen::Vector2d& q, Eigen::Vector3d& w) {
  const double area = (b - a).x() * (c - a).y() - (b - a).y() * (c - a).x();
  if (area == 0) return false;
  w[0] = ((c - b).x() * (q - b).y() - (c - b).y() * (q - b).x()) / area;
  w[1] = ((a - c).x() * (q - c).y() - (a - c).y() * (q - c).x()) / area;
  w[2] = 1 - w[0] - w[1];
  return true;
}

}  // namespace detail

/// The surface point seen at the centre of pixel (x, y): the point of the raster's triangle there on the
/// pixel's view ray, with its barycentric weights (from the unrounded projection). The raster snaps vertices
/// to 1/256 pixel, so a centre within 1/512 pixel of an edge may fall just outside the raster's triangle:
/// then the neighbouring triangle (among the 3 x 3 pixels around) that contains it exactly is used, or, when
/// none does (triangles smaller than a pixel), the weights are clamped into the triangle. face -1 on the
/// background.
inline RayHit surface_at(const Mesh& m, const OrthoView& v, const Raster& r, int x, int y) {
  RayHit h;
  if (!r.inside(x, y)) return h;
  const std::int32_t f = r.face_at(x, y);
  if (f < 0) return h;
  const Eigen::Vector2d q(x + 0.5, y + 0.5);
  auto weights = [&](std::int32_t g, Eigen::Vector3d& w) {
    return detail::projected_bary(v.project(m.corner(g, 0)), v.project(m.corner(g, 1)), v.project(m.corner(g, 2)), q,
                                  w);
  };
  Eigen::Vector3d w(1.0 / 3, 1.0 / 3, 1.0 / 3);
  std::int32_t face = f;
  if (weights(f, w) && w.minCoeff() < 0) {
    double best = -std::numeric_limits<double>::infinity();
    std::int32_t found = -1;
    Eigen::Vector3d wf;
    for (int dy = -1; dy <= 1; ++dy)
      for (int dx = -1; dx <= 1; ++dx) {
        if (!r.inside(x + dx, y + dy)) continue;
        const std::int32_t g = r.face_at(x + dx, y + dy);
        Eigen::Vector3d wg;
        if (g < 0 || g == f || !weights(g, wg) || wg.minCoeff() < 0) continue;
        const double z = v.depth(wg[0] * m.corner(g, 0) + wg[1] * m.corner(g, 1) + wg[2] * m.corner(g, 2));
        if (z > best || (z == best && g < found)) best = z, found = g, wf = wg;
      }
    if (found >= 0) {
      face = found;
      w = wf;
    } else {
      w = w.cwiseMax(0.0);
      w /= w.sum();
    }
  }
  h.face = face;
  h.bary = w;
  h.point = w[0] * m.corner(face, 0) + w[1] * m.corner(face, 1) + w[2] * m.corner(face, 2);
  h.depth = v.depth(h.point);
  return h;
}

/// For each image position q (pixels, continuous), the first surface point along its view ray: the
/// nearest triangle (to the viewer) whose projection contains q, edges included (equal depths: the lower
/// triangle index), with the exact point and barycentric weights. One pass over the triangles for all the
/// rays, at any mesh density.
inline std::vector<RayHit> cast_rays(const Mesh& m, const OrthoView& v, const std::vector<Eigen::Vector2d>& q) {
  std::vector<RayHit> hits(q.size());
  if (q.empty()) return hits;
  // the rays by the pixel they fall in, sorted, so a triangle finds its rays by its pixel bounding box
  std::vector<std::pair<std::int64_t, size_t>> cell;
  const std::int64_t stride = std::int64_t(1) << 32;
  auto key = [&](std::int64_t i, std::int64_t j) { return j * stride + i; };
  for (size_t k = 0; k < q.size(); ++k) {
    if (!std::isfinite(q[k].x()) || !std::isfinite(q[k].y())) continue;
    const double cx = std::clamp(std::floor(q[k].x()), -1e9, 1e9), cy = std::clamp(std::floor(q[k].y()), -1e9, 1e9);
    cell.emplace_back(key(static_cast<std::int64_t>(cx), static_cast<std::int64_t>(cy)), k);
  }
  std::sort(cell.begin(), cell.end());
  double qx0 = std::numeric_limits<double>::infinity(), qy0 = qx0, qx1 = -qx0, qy1 = -qx0;  // the rays' bounding box
  for (const auto& [kk, k] : cell) {
    qx0 = std::min(qx0, q[k].x()), qx1 = std::max(qx1, q[k].x());
    qy0 = std::min(qy0, q[k].y()), qy1 = std::max(qy1, q[k].y());
  }
  struct P3 {
    double x, y, z;
  };
  std::vector<P3> P(static_cast<size_t>(m.num_vertices()));
  for (Eigen::Index i = 0; i < m.num_vertices(); ++i) {
    const Eigen::Vector3d v3 = m.vertex(i);
    const Eigen::Vector2d xy = v.project(v3);
    P[static_cast<size_t>(i)] = {xy.x(), xy.y(), v.depth(v3)};
  }
  const Eigen::Index nf = m.num_faces();
  const int* F[3] = {m.F.data(), m.F.data() + nf, m.F.data() + 2 * nf};
  for (Eigen::Index f = 0; f < nf; ++f) {
#if defined(__GNUC__)
    if (f + 16 < nf)
      for (int k = 0; k < 3; ++k) __builtin_prefetch(P.data() + F[k][f + 16]);
#endif
    const P3 &A = P[static_cast<size_t>(F[0][f])], &B = P[static_cast<size_t>(F[1][f])],
             &C = P[static_cast<size_t>(F[2][f])];
    const double x0 = std::min({A.x, B.x, C.x}), x1 = std::max({A.x, B.x, C.x});
    const double y0 = std::min({A.y, B.y, C.y}), y1 = std::max({A.y, B.y, C.y});
    if (x1 < qx0 || x0 > qx1 || y1 < qy0 || y0 > qy1) continue;  // also NaN-safe: such a triangle is skipped
    const Eigen::Vector2d a(A.x, A.y), b(B.x, B.y), c(C.x, C.y);
    auto test = [&](size_t k) {
      Eigen::Vector3d w;
      if (!detail::projected_bary(a, b, c, q[k], w)) return;
      if (w.minCoeff() < 0) return;
      const double z = w[0] * A.z + w[1] * B.z + w[2] * C.z;
      RayHit& h = hits[k];
      if (h.face >= 0 && !(z > h.depth || (z == h.depth && f < h.face))) return;
      h.face = f;
      h.bary = w;
      h.depth = z;
    };
    if (!(x1 >= -1e9 && x0 <= 1e9 && y1 >= -1e9 && y0 <= 1e9)) continue;
    const std::int64_t i0 = static_cast<std::int64_t>(std::floor(x0)), i1 = static_cast<std::int64_t>(std::floor(x1));
    const std::int64_t j0 = static_cast<std::int64_t>(std::floor(y0)), j1 = static_cast<std::int64_t>(std::floor(y1));
    if ((i1 - i0 + 1) * (j1 - j0 + 1) > static_cast<std::int64_t>(cell.size())) {  // a big triangle: every ray
      for (const auto& [kk, k] : cell) test(k);
      continue;
    }
    for (std::int64_t j = j0; j <= j1; ++j) {
      auto it = std::lower_bound(cell.begin(), cell.end(), std::make_pair(key(i0, j), size_t(0)));
      for (; it != cell.end() && it->first <= key(i1, j); ++it) test(it->second);
    }
  }
  for (RayHit& h : hits)
    if (h.face >= 0)
      h.point = h.bary[0] * m.corner(h.face, 0) + h.bary[1] * m.corner(h.face, 1) + h.bary[2] * m.corner(h.face, 2);
  return hits;
}

/// Whether point p (mm) is seen in the raster: inside the image and not behind the surface drawn at its
/// pixel by more than tolerance_mm.
inline bool visible(const OrthoView& v, const Raster& r, const Eigen::Vector3d& p, double tolerance_mm) {
  const Eigen::Vector2d q = v.project(p);
  const int x = static_cast<int>(std::floor(q.x())), y = static_cast<int>(std::floor(q.y()));
  if (!r.inside(x, y)) return false;
  return r.face_at(x, y) < 0 || v.depth(p) >= r.depth_at(x, y) - tolerance_mm;
}

/// An 8-bit image: `channels` 1 (grey) or 3 (RGB) bytes per pixel, row-major, row 0 at the top.
struct Image {
  int width = 0, height = 0, channels = 3;
  std::vector<std::uint8_t> pixels;
  const std::uint8_t* at(int x, int y) const {
    return pixels.data() + (static_cast<size_t>(y) * static_cast<size_t>(width) + static_cast<size_t>(x)) *
                               static_cast<size_t>(channels);
  }
};

/// A decoded image the caller owns (e.g. a texture from a PNG or JPEG decoder): `channels` bytes per pixel
/// (1 grey, 2 grey + alpha, 3 RGB, 4 RGBA), row-major, row 0 at the top.
struct ImageRef {
  int width = 0, height = 0, channels = 0;
  const std::uint8_t* pixels = nullptr;
};

/// The colour of the surface: textures through per-corner texture coordinates (OBJ `vt`: u to the right, v up,
/// repeating), or per-vertex colours. Neither: white.
struct SurfaceColour {
  std::vector<ImageRef> textures;                 ///< the images (e.g. one per OBJ material)
  const Eigen::MatrixXd* uv = nullptr;            ///< #UV x 2 texture coordinates
  const Eigen::MatrixXi* face_uv = nullptr;       ///< #F x 3: the uv row of each corner of each triangle (-1: none)
  const Eigen::VectorXi* face_texture = nullptr;  ///< #F: the texture of each triangle (-1: none); nullptr: textures[0]
  const Eigen::MatrixXd* vertex_rgb = nullptr;    ///< #V x 3, components 0-1 (used where no texture applies)
  /// Whether a texture covers triangles of mesh m.
  bool textured(const Mesh& m) const {
    return !textures.empty() && uv && face_uv && face_uv->rows() == m.num_faces() &&
           (!face_texture || face_texture->size() == m.num_faces());
  }
  bool coloured(const Mesh& m) const { return textured(m) || (vertex_rgb && vertex_rgb->rows() == m.num_vertices()); }
};

/// Lighting and output of shade().
struct ShadeOptions {
  /// Direction toward the light in view axes (right, up, toward the viewer).
  Eigen::Vector3d light{0.0, 0.0, 1.0};
  double ambient = 0.2, diffuse = 0.8;  ///< Lambert: colour x (ambient + diffuse x max(0, n . light))
  int channels = 3;                     ///< 1: grey (luma of the RGB), 3: RGB
  std::array<std::uint8_t, 3> background{255, 255, 255};
};

namespace detail {

/// Bilinear sample of a texture at (u, v) (v up, repeating), RGB 0-1.
inline Eigen::Vector3d sample_texture(const ImageRef& t, double u, double v) {
  const double x = (u - std::floor(u)) * t.width - 0.5, y = (1 - (v - std::floor(v))) * t.height - 0.5;
  const double fx = std::floor(x), fy = std::floor(y);
  const double ax = x - fx, ay = y - fy;
  auto texel = [&](long i, long j) -> Eigen::Vector3d {
    i = ((i % t.width) + t.width) % t.width;
    j = ((j % t.height) + t.height) % t.height;
    const std::uint8_t* p =
        t.pixels + (static_cast<size_t>(j) * static_cast<size_t>(t.width) + static_cast<size_t>(i)) *
                       static_cast<size_t>(t.channels);
    if (t.channels >= 3) return Eigen::Vector3d(p[0] / 255.0, p[1] / 255.0, p[2] / 255.0);
    return Eigen::Vector3d::Constant(p[0] / 255.0);
  };
  const long i = static_cast<long>(fx), j = static_cast<long>(fy);
  return (1 - ay) * ((1 - ax) * texel(i, j) + ax * texel(i + 1, j)) +
         ay * ((1 - ax) * texel(i, j + 1) + ax * texel(i + 1, j + 1));
}

}  // namespace detail

/// The raster shaded: at each pixel centre the surface normal (the vertex normals N, #V x 3, interpolated
/// and turned toward the viewer), Lambert-lit, times the surface colour (white by default). Background
/// pixels get opt.background.
inline Image shade(const Mesh& m, const OrthoView& v, const Raster& r, const Eigen::MatrixXd& N,
                   const ShadeOptions& opt = {}, const SurfaceColour& colour = {}) {
  Image img;
  img.width = r.width;
  img.height = r.height;
  img.channels = opt.channels == 1 ? 1 : 3;
  img.pixels.resize(static_cast<size_t>(img.width) * static_cast<size_t>(img.height) *
                    static_cast<size_t>(img.channels));
  const Eigen::Vector3d L = (opt.light.x() * v.right() + opt.light.y() * v.up + opt.light.z() * v.toward).normalized();
  const bool textured = colour.textured(m);
  const bool vertex_rgb = colour.vertex_rgb && colour.vertex_rgb->rows() == m.num_vertices();
  auto to_byte = [](double c) { return static_cast<std::uint8_t>(std::lround(std::clamp(c, 0.0, 1.0) * 255.0)); };
  const Eigen::Vector3d rx = v.right() * v.px_per_mm, uy = v.up * v.px_per_mm;
  const double x0 = 0.5 * v.width - rx.dot(v.center), y0 = 0.5 * v.height + uy.dot(v.center);
  auto project = [&](const Eigen::Vector3d& p) { return Eigen::Vector2d(x0 + rx.dot(p), y0 - uy.dot(p)); };
  for (int y = 0; y < r.height; ++y)
    for (int x = 0; x < r.width; ++x) {
      std::uint8_t* out =
          img.pixels.data() + (static_cast<size_t>(y) * static_cast<size_t>(r.width) + static_cast<size_t>(x)) *
                                  static_cast<size_t>(img.channels);
      RayHit h;
      if (const std::int32_t f = r.face_at(x, y); f >= 0) {  // surface_at, with the view's projection set up once
        Eigen::Vector3d w(1.0 / 3, 1.0 / 3, 1.0 / 3);
        if (detail::projected_bary(project(m.corner(f, 0)), project(m.corner(f, 1)), project(m.corner(f, 2)),
                                   Eigen::Vector2d(x + 0.5, y + 0.5), w)) {
          w = w.cwiseMax(0.0);
          w /= w.sum();
        }
        h.face = f;
        h.bary = w;
      }
      Eigen::Vector3d rgb;
      if (h.face < 0) {
        rgb = Eigen::Vector3d(opt.background[0], opt.background[1], opt.background[2]) / 255.0;
      } else {
        Eigen::Vector3d n = Eigen::Vector3d::Zero();
        for (int k = 0; k < 3; ++k) n += h.bary[k] * N.row(m.F(h.face, k)).transpose();
        if (n.squaredNorm() < 1e-24) n = face_normal(m, h.face);
        if (n.dot(v.toward) < 0) n = -n;
        n.normalize();
        const double light = opt.ambient + opt.diffuse * std::max(0.0, n.dot(L));
        Eigen::Vector3d albedo = Eigen::Vector3d::Ones();
        bool done = false;
        if (textured) {
          const int ti = colour.face_texture ? (*colour.face_texture)(h.face) : 0;
          const ImageRef* tex = ti >= 0 && ti < static_cast<int>(colour.textures.size())
                                    ? &colour.textures[static_cast<size_t>(ti)]
                                    : nullptr;
          Eigen::Vector2d t = Eigen::Vector2d::Zero();
          bool ok = tex && tex->pixels && tex->width > 0 && tex->height > 0 && tex->channels > 0;
          for (int k = 0; k < 3 && ok; ++k) {
            const int i = (*colour.face_uv)(h.face, k);
            ok = i >= 0 && i < colour.uv->rows();
            if (ok) t += h.bary[k] * colour.uv->row(i).transpose();
          }
          if (ok && std::isfinite(t.x()) && std::isfinite(t.y()))
            albedo = detail::sample_texture(*tex, t.x(), t.y()), done = true;
        }
        if (!done && vertex_rgb) {
          albedo.setZero();
          for (int k = 0; k < 3; ++k) albedo += h.bary[k] * colour.vertex_rgb->row(m.F(h.face, k)).transpose();
        }
        rgb = light * albedo;
      }
      if (img.channels == 1) {
        out[0] = to_byte(0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]);
      } else {
        for (int c = 0; c < 3; ++c) out[c] = to_byte(rgb[c]);
      }
    }
  return img;
}

}  // namespace mesogrid

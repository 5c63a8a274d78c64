// mesogrid/lattice.hpp: a square or hexagonal lattice of injection sites laid on a region's surface with
// its spacing measured along the skin (mm).
//
// How: each connected piece of the region is flattened near-isometrically (flatten.hpp) and turned so
// that the face's up axis points up in the plane and the view is from outside the skin. A lattice with
// horizontal rows is anchored on the mid-sagittal plane (a column on it, or the midline between two
// columns) where the piece crosses it, else on the piece's most medial point. Of the lattice phases that
// keep that symmetry, the one whose site count best matches area ÷ cell area is kept (cells then tile the
// region; isolated sites and uncovered islands are penalised). Sites lie at least (margin − half a row)
// inside the edge; edge-facing sites deeper than the margin are drawn out along their missing-neighbour
// directions, and pockets still left uncovered along the edge get a site each while the count stays
// within 4% of area ÷ cell. Where the edge is still uncovered once the count is spent, edge sites are
// moved a little toward it, as long as nearest-neighbour distances on the skin stay within 10% of the
// spacing and their spread (CV) within 3%. Interior sites keep exact lattice spacing in the flattened
// plane; positions are barycentric points of mesh triangles, so they lie on the surface.
#pragma once
#include <Eigen/Core>
#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "error.hpp"
#include "flatten.hpp"
#include "frame.hpp"
#include "mesh.hpp"
#include "proxy.hpp"
#include "technique.hpp"
#include "timing.hpp"

namespace mesogrid {

struct LatticeOptions {
  LatticeKind kind = LatticeKind::square;
  double spacing_mm = 10;   ///< distance between neighbouring sites along the skin
  /// Edge rule: a lattice site is kept when it lies at least (margin − half a row) inside the region
  /// edge, and edge-facing sites deeper than the margin are drawn out toward it. With the default
  /// margin of half the spacing, the sites' lattice cells tile the region up to its edge.
  double margin_mm = 5;
  FaceFrame frame;
  /// Pieces with more triangles than this are planned on a coarser proxy (proxy.hpp) and the sites are
  /// projected back onto the dense surface: cost follows the spacing, not the scan's resolution.
  Eigen::Index proxy_above_faces = 60000;
};

struct LatticeSite {
  Eigen::Vector3d position;  ///< on the surface, mm
  Eigen::Vector3d normal;    ///< unit, pointing out of the skin
  int row = 0, col = 0;      ///< row 0 is the top row; columns increase toward the subject's left
  int piece = 0;             ///< connected piece of the region the site lies on
};

/// Row spacing of a lattice: s for square, s·√3/2 for hex.
inline double lattice_row_spacing(LatticeKind k, double s) { return k == LatticeKind::square ? s : s * std::sqrt(3.0) / 2; }

/// Cell area of a lattice, mm²: s² (square) or s²·√3/2 (hex).
inline double lattice_cell_area(LatticeKind k, double s) { return s * lattice_row_spacing(k, s); }

namespace detail {

/// Nearest boundary segment queries in the flattened plane, through a uniform grid of segments.
class SegmentGrid {
 public:
  SegmentGrid(std::vector<std::pair<Eigen::Vector2d, Eigen::Vector2d>> segs, double cell) : segs_(std::move(segs)) {
    lo_ = Eigen::Vector2d::Constant(std::numeric_limits<double>::infinity());
    Eigen::Vector2d hi = -lo_;
    for (const auto& s : segs_) {
      lo_ = lo_.cwiseMin(s.first).cwiseMin(s.second);
      hi = hi.cwiseMax(s.first).cwiseMax(s.second);
    }
    cell_ = std::max(cell, 1e-6);
    nx_ = std::clamp(static_cast<int>((hi.x() - lo_.x()) / cell_) + 1, 1, 2048);
    ny_ = std::clamp(static_cast<int>((hi.y() - lo_.y()) / cell_) + 1, 1, 2048);
    cell_ = std::max({cell_, (hi.x() - lo_.x()) / nx_ * 1.0001, (hi.y() - lo_.y()) / ny_ * 1.0001});
    bins_.assign(static_cast<size_t>(nx_) * ny_, {});
    for (size_t i = 0; i < segs_.size(); ++i) {
      const auto& s = segs_[i];
      const int x0 = cx(std::min(s.first.x(), s.second.x())), x1 = cx(std::max(s.first.x(), s.second.x()));
      const int y0 = cy(std::min(s.first.y(), s.second.y())), y1 = cy(std::max(s.first.y(), s.second.y()));
      for (int y = y0; y <= y1; ++y)
        for (int x = x0; x <= x1; ++x) bins_[static_cast<size_t>(y) * nx_ + x].push_back(static_cast<int>(i));
    }
  }

  /// Closest point on any segment within rmax of p (index -1 when none); returns distance.
  double nearest(const Eigen::Vector2d& p, double rmax, int* seg, Eigen::Vector2d* q) const {
    double best = std::numeric_limits<double>::infinity();
    *seg = -1;
    const int x0 = cx(p.x() - rmax), x1 = cx(p.x() + rmax), y0 = cy(p.y() - rmax), y1 = cy(p.y() + rmax);
    if (p.x() + rmax < lo_.x() || p.y() + rmax < lo_.y() || p.x() - rmax > lo_.x() + nx_ * cell_ ||
        p.y() - rmax > lo_.y() + ny_ * cell_)
      return best;
    for (int y = y0; y <= y1; ++y)
      for (int x = x0; x <= x1; ++x)
        for (int i : bins_[static_cast<size_t>(y) * nx_ + x]) {
          const auto& s = segs_[i];
          const Eigen::Vector2d d = s.second - s.first;
          const double l2 = d.squaredNorm();
          const double t = l2 > 0 ? std::clamp((p - s.first).dot(d) / l2, 0.0, 1.0) : 0.0;
          const Eigen::Vector2d c = s.first + t * d;
          const double dist = (p - c).norm();
          if (dist < best || (dist == best && i < *seg)) best = dist, *seg = i, *q = c;
        }
    if (best > rmax) *seg = -1;
    return best;
  }

  const std::pair<Eigen::Vector2d, Eigen::Vector2d>& segment(int i) const { return segs_[i]; }

 private:
  int cx(double x) const { return std::clamp(static_cast<int>(std::floor((x - lo_.x()) / cell_)), 0, nx_ - 1); }
  int cy(double y) const { return std::clamp(static_cast<int>(std::floor((y - lo_.y()) / cell_)), 0, ny_ - 1); }
  std::vector<std::pair<Eigen::Vector2d, Eigen::Vector2d>> segs_;
  std::vector<std::vector<int>> bins_;
  Eigen::Vector2d lo_;
  double cell_ = 1;
  int nx_ = 1, ny_ = 1;
};

/// One flattened piece with everything the lattice needs to place and move sites on it.
struct FlatPiece {
  const Mesh* mesh = nullptr;
  Eigen::MatrixXd UV;        // rotated: +v is the face's up, +u the subject's left seen from outside
  Eigen::MatrixXd N;         // outward vertex normals
  std::unique_ptr<UVLocator> locator;
  std::unique_ptr<SegmentGrid> boundary;
  double inward_sign = 1;    // +1: inside lies left of each oriented boundary segment
  bool inward = false;       // the mesh's faces are wound so that their normals point into the skin

  /// Signed distance to the edge (positive inside), up to `rmax` (returns rmax when farther inside).
  double signed_distance(const Eigen::Vector2d& p, double rmax, Eigen::Vector2d* inward = nullptr) const {
    int seg;
    Eigen::Vector2d q = Eigen::Vector2d::Zero();
    const bool inside = locator->locate(p) >= 0;
    double d = boundary->nearest(p, rmax, &seg, &q);
    if (seg < 0) {
      if (inside) return rmax;
      d = boundary->nearest(p, 1e9, &seg, &q);
      if (seg < 0) return -rmax;
    }
    if (inward) {
      const auto& s = boundary->segment(seg);
      Eigen::Vector2d t = s.second - s.first;
      Eigen::Vector2d n(-t.y(), t.x());
      if (n.norm() > 0) n.normalize();
      n *= inward_sign;
      if (d > 1e-12) {  // direction from the nearest boundary point, which also handles corners
        Eigen::Vector2d r = (p - q) / d;
        if (!inside) r = -r;
        n = r;
      }
      *inward = n;
    }
    return inside ? d : -d;
  }

  /// Moves p so that it is at least `margin` inside the edge (a few projection passes for corners).
  Eigen::Vector2d push_inside(Eigen::Vector2d p, double margin) const {
    for (int pass = 0; pass < 6; ++pass) {
      Eigen::Vector2d n = Eigen::Vector2d::Zero();
      const double d = signed_distance(p, margin + 1e-9, &n);
      if (d >= margin - 1e-9 && (margin > 0 || locator->locate(p) >= 0)) break;
      p += (margin - d + 1e-7) * n;
    }
    return p;
  }

  bool eval(const Eigen::Vector2d& p, Eigen::Vector3d* X, Eigen::Vector3d* normal, Eigen::Matrix<double, 3, 2>* J) const {
    Eigen::Vector3d b;
    int f = locator->locate(p, &b);
    if (f < 0) return false;
    b = b.cwiseMax(0.0);
    b /= b.sum();
    const Mesh& m = *mesh;
    *X = b[0] * m.corner(f, 0) + b[1] * m.corner(f, 1) + b[2] * m.corner(f, 2);
    if (normal) {
      Eigen::Vector3d n = b[0] * N.row(m.F(f, 0)).transpose() + b[1] * N.row(m.F(f, 1)).transpose() +
                          b[2] * N.row(m.F(f, 2)).transpose();
      *normal = n.norm() > 0 ? Eigen::Vector3d(n.normalized()) : Eigen::Vector3d(0, 0, 1);
    }
    if (J) {
      const Eigen::Vector2d a = UV.row(m.F(f, 0)), bb = UV.row(m.F(f, 1)), c = UV.row(m.F(f, 2));
      Eigen::Matrix2d D;
      D.col(0) = bb - a;
      D.col(1) = c - a;
      Eigen::Matrix<double, 3, 2> E;
      E.col(0) = m.corner(f, 1) - m.corner(f, 0);
      E.col(1) = m.corner(f, 2) - m.corner(f, 0);
      *J = std::abs(D.determinant()) > 1e-300 ? Eigen::Matrix<double, 3, 2>(E * D.inverse())
                                              : Eigen::Matrix<double, 3, 2>::Zero();
    }
    return true;
  }
};

inline FlatPiece make_flat_piece(const Mesh& piece, const FaceFrame& frame) {
  FlatPiece fp;
  fp.mesh = &piece;
  const Eigen::Vector3d lateral = frame.lateral();
  Eigen::MatrixXd UV = flatten(piece, 30, &lateral);  // pins on the lateral axis: mirror-symmetric map
  // outward orientation: the area-weighted normal should face the viewer (front)
  Eigen::Vector3d nsum = Eigen::Vector3d::Zero();
  for (Eigen::Index f = 0; f < piece.num_faces(); ++f)
    nsum += (piece.corner(f, 1) - piece.corner(f, 0)).cross(piece.corner(f, 2) - piece.corner(f, 0));
  const bool inward_mesh = nsum.dot(frame.front) < 0;
  fp.N = vertex_normals(piece);
  if (inward_mesh) {
    fp.N = -fp.N;
    UV.col(0) *= -1;  // seen from outside, the map must keep its orientation
  }
  // rotate so that the gradient of the up coordinate points along +v
  Eigen::MatrixXd A(piece.num_vertices(), 3);
  A.col(0) = UV.col(0);
  A.col(1) = UV.col(1);
  A.col(2).setOnes();
  const Eigen::VectorXd up = piece.V * frame.up;
  const Eigen::Vector3d coef = (A.transpose() * A).ldlt().solve(A.transpose() * up);
  Eigen::Vector2d g(coef[0], coef[1]);
  if (g.norm() < 1e-12) g = Eigen::Vector2d(0, 1);
  g.normalize();
  Eigen::Matrix2d R;  // maps g to (0, 1)
  R << g.y(), -g.x(), g.x(), g.y();
  fp.UV = UV * R.transpose();
  // the orientation of boundary segments (face interior to their left when the map keeps orientation)
  fp.inward_sign = inward_mesh ? -1 : 1;
  fp.inward = inward_mesh;
  std::vector<std::pair<Eigen::Vector2d, Eigen::Vector2d>> segs;
  for (const auto& e : boundary_edges(piece))
    segs.emplace_back(fp.UV.row(e.first).transpose(), fp.UV.row(e.second).transpose());
  const double area = surface_area(piece);
  const double cell = std::max(std::sqrt(area / std::max<double>(1.0, static_cast<double>(segs.size()))), 1e-3);
  fp.boundary = std::make_unique<SegmentGrid>(std::move(segs), cell);
  fp.locator = std::make_unique<UVLocator>(piece, fp.UV);
  return fp;
}

struct Node {
  int r, c;             // lattice indices (row grows upward, column grows with u)
  Eigen::Vector2d uv;
};

/// Parameters of fill_pockets (plane units, mm).
struct PocketFill {
  double s = 10, h = 10;        // spacing and row spacing
  bool hex = false;
  double reach = 7;             // a point farther than this from every site is uncovered
  double min_nn = 0.85;         // a new site's nearest site lies between min_nn·s ...
  double max_nn = 1.10;         // ... and max_nn·s
  double keep_depth = 0;        // new sites lie at least this far inside the edge
  int budget = 0;               // how many sites may be added
  double origin_u = 0, origin_v = 0;  // plane position of lattice index (0, 0)
  double mirror_u = 0;          // u of the mid-sagittal line (or of the piece's most medial point)
  bool symmetric = false;       // the piece crosses the midline: add sites in mirror pairs
};

/// Covers pockets the lattice leaves along the region edge. The piece is sampled on a grid of s/8
/// anchored on mirror_u and the piece's top (so mirror-image pieces get mirror-image samples); samples
/// farther than `reach` from every site are grouped into connected pockets; the largest pockets (at
/// least 5% of a cell) get one site each, pushed `keep_depth` inside, at the sample whose nearest site is
/// closest to one spacing (and within [min_nn, max_nn]·s), until `budget` runs out. Order and ties use
/// mirror-invariant keys, and on a piece that crosses the midline sites are added in mirror pairs, so
/// symmetric regions keep symmetric plans. Each new site takes the nearest free lattice index.
inline void fill_pockets(const FlatPiece& fp, std::vector<Node>& nodes, const PocketFill& pf) {
  if (pf.budget <= 0 || nodes.empty()) return;
  const Eigen::MatrixXd& UV = fp.UV;
  const Eigen::Vector2d lo = UV.colwise().minCoeff().transpose(), hi = UV.colwise().maxCoeff().transpose();
  double g = pf.s / 8;
  while (((hi - lo) / g).prod() > 4e6) g *= 1.5;
  const int i0 = static_cast<int>(std::floor((lo.x() - pf.mirror_u) / g)) - 1;
  const int nx = static_cast<int>(std::ceil((hi.x() - pf.mirror_u) / g)) + 1 - i0;
  const int ny = static_cast<int>((hi.y() - lo.y()) / g) + 1;
  auto sample = [&](int id) {
    return Eigen::Vector2d(pf.mirror_u + (id % nx + i0 + 0.5) * g, hi.y() - (id / nx + 0.5) * g);
  };
  auto mirror = [&](const Eigen::Vector2d& p) { return Eigen::Vector2d(2 * pf.mirror_u - p.x(), p.y()); };
  // sites hashed on a grid of cell s for nearest-site queries in the plane
  std::map<std::pair<int, int>, std::vector<int>> hash;
  auto key = [&](const Eigen::Vector2d& p) {
    return std::make_pair(static_cast<int>(std::floor(p.x() / pf.s)), static_cast<int>(std::floor(p.y() / pf.s)));
  };
  for (size_t i = 0; i < nodes.size(); ++i) hash[key(nodes[i].uv)].push_back(static_cast<int>(i));
  auto nearest_site = [&](const Eigen::Vector2d& p) {
    double best = std::numeric_limits<double>::infinity();
    const auto k = key(p);
    for (int a = -2; a <= 2; ++a)
      for (int b = -2; b <= 2; ++b) {
        auto it = hash.find({k.first + a, k.second + b});
        if (it == hash.end()) continue;
        for (int j : it->second) best = std::min(best, (nodes[j].uv - p).norm());
      }
    return best;
  };
  std::vector<char> uncovered(static_cast<size_t>(nx) * ny, 0);
  for (int id = 0; id < nx * ny; ++id) {
    const Eigen::Vector2d p = sample(id);
    if (fp.locator->locate(p) >= 0 && nearest_site(p) > pf.reach) uncovered[id] = 1;
  }
  // connected pockets (4-neighbour)
  struct Pocket {
    std::vector<int> samples;
    double top = -std::numeric_limits<double>::infinity(), medial = std::numeric_limits<double>::infinity(), u = 0;
  };
  std::vector<Pocket> pockets;
  std::vector<char> seen(uncovered.size(), 0);
  for (int start = 0; start < nx * ny; ++start) {
    if (!uncovered[start] || seen[start]) continue;
    Pocket pk;
    pk.samples.push_back(start);
    seen[start] = 1;
    for (size_t k = 0; k < pk.samples.size(); ++k) {
      const int x = pk.samples[k] % nx, y = pk.samples[k] / nx;
      const int nb[4][2] = {{x - 1, y}, {x + 1, y}, {x, y - 1}, {x, y + 1}};
      for (const auto& q : nb) {
        if (q[0] < 0 || q[1] < 0 || q[0] >= nx || q[1] >= ny) continue;
        const int id = q[1] * nx + q[0];
        if (uncovered[id] && !seen[id]) seen[id] = 1, pk.samples.push_back(id);
      }
    }
    for (int id : pk.samples) {
      const Eigen::Vector2d p = sample(id);
      pk.top = std::max(pk.top, p.y());
      pk.medial = std::min(pk.medial, std::abs(p.x() - pf.mirror_u));
      pk.u = std::min(pk.u, p.x());
    }
    if (static_cast<double>(pk.samples.size()) * g * g >= 0.05 * pf.s * pf.h) pockets.push_back(std::move(pk));
  }
  const double eps = 1e-9;
  std::stable_sort(pockets.begin(), pockets.end(), [&](const Pocket& a, const Pocket& b) {
    if (a.samples.size() != b.samples.size()) return a.samples.size() > b.samples.size();
    if (std::abs(a.top - b.top) > eps) return a.top > b.top;
    return a.medial < b.medial - eps;
  });
  std::map<std::pair<int, int>, int> taken;
  for (const auto& n : nodes) taken[{n.r, n.c}] = 1;
  auto add_site = [&](const Eigen::Vector2d& p) {  // at the nearest free lattice index
    const int r0 = static_cast<int>(std::lround((p.y() - pf.origin_v) / pf.h));
    int br = r0, bc = 0;
    double bd = std::numeric_limits<double>::infinity();
    for (int r = r0 - 1; r <= r0 + 1; ++r) {
      const double shift = (pf.hex && (r & 1)) ? 0.5 : 0.0;
      const int c0 = static_cast<int>(std::lround((p.x() - pf.origin_u) / pf.s - shift));
      for (int c = c0 - 1; c <= c0 + 1; ++c) {
        if (taken.count({r, c})) continue;
        const Eigen::Vector2d q(pf.origin_u + (c + shift) * pf.s, pf.origin_v + r * pf.h);
        if ((q - p).norm() < bd - eps) bd = (q - p).norm(), br = r, bc = c;
      }
    }
    if (!std::isfinite(bd)) return false;
    taken[{br, bc}] = 1;
    hash[key(p)].push_back(static_cast<int>(nodes.size()));
    nodes.push_back({br, bc, p});
    return true;
  };
  auto acceptable = [&](const Eigen::Vector2d& q, double* d) {
    *d = nearest_site(q);
    return *d >= pf.min_nn * pf.s && *d <= pf.max_nn * pf.s && fp.locator->locate(q) >= 0;
  };
  int budget = pf.budget;
  for (const Pocket& pk : pockets) {
    if (budget <= 0) break;
    bool still_open = false;
    for (int id : pk.samples) still_open = still_open || nearest_site(sample(id)) > pf.reach;
    if (!still_open) continue;
    // the sample that, pushed inside, sits nearest to one spacing from the sites as they are now;
    // ties: higher, then more medial
    Eigen::Vector2d p;
    double best = std::numeric_limits<double>::infinity();
    for (int id : pk.samples) {
      const Eigen::Vector2d q = fp.push_inside(sample(id), pf.keep_depth);
      double d;
      if (!acceptable(q, &d)) continue;
      const double score = std::abs(d - pf.s);
      if (score < best - eps ||
          (score < best + eps && (q.y() > p.y() + eps ||
                                  (q.y() > p.y() - eps && std::abs(q.x() - pf.mirror_u) < std::abs(p.x() - pf.mirror_u) - eps))))
        best = score, p = q;
    }
    if (!std::isfinite(best)) continue;
    if (!pf.symmetric) {
      if (add_site(p)) --budget;
      continue;
    }
    if (std::abs(p.x() - pf.mirror_u) <= g) {  // on the midline: one site, exactly on it
      p.x() = pf.mirror_u;
      double d;
      if (acceptable(p, &d) && add_site(p)) --budget;
      continue;
    }
    if (budget < 2) continue;
    const Eigen::Vector2d q = mirror(p);
    double d;
    if ((q - p).norm() < pf.min_nn * pf.s || !add_site(p)) continue;
    if (acceptable(q, &d) && add_site(q)) {
      budget -= 2;
    } else {  // the twin does not fit: take the first one back so the plan stays symmetric
      taken.erase({nodes.back().r, nodes.back().c});
      auto& bucket = hash[key(nodes.back().uv)];
      bucket.pop_back();
      nodes.pop_back();
    }
  }
}

/// Parameters of relax_coverage (plane units, mm).
struct CoverRelax {
  double s = 10;                // spacing
  double reach = 7.2;           // a point farther than this from every site counts as uncovered
  double min_nn = 0.90;         // every nearest-neighbour distance on the skin stays within
  double max_nn = 1.10;         // [min_nn, max_nn]·s (or no worse than it was) ...
  double max_cv = 0.03;         // ... and the piece's nearest-neighbour CV at most this (or as it was)
  double keep_depth = 0;        // moved sites stay at least this far inside the edge
  double mirror_u = 0;          // u of the mid-sagittal line
  bool symmetric = false;       // the piece crosses the midline: move mirror pairs together
  int rounds = 12;
};

/// Where the count budget is spent and pockets along the edge are still uncovered, moves edge sites a
/// little (at most 0.35 spacing per step, up to `rounds` rounds) toward the uncovered points they are nearest
/// to. A move is kept when it lowers the uncovered cost (over a grid of s/8 samples of the piece: the
/// number of samples farther than `reach` from every site, plus how far beyond `reach` they lie, in
/// spacings) and keeps the nearest-neighbour distances on the skin within
/// [min_nn, max_nn]·s and their CV within max_cv. Mirror pairs move as mirror images and sites on the
/// midline only along it, so symmetric regions keep symmetric plans. Returns how many moves were kept.
inline int relax_coverage(const FlatPiece& fp, std::vector<Node>& nodes, const CoverRelax& cr) {
  if (nodes.size() < 2) return 0;
  const double s = cr.s, eps = 1e-9;
  const Eigen::MatrixXd& UV = fp.UV;
  const Eigen::Vector2d lo = UV.colwise().minCoeff().transpose(), hi = UV.colwise().maxCoeff().transpose();
  // samples: a grid of s/8 anchored on the midline and the piece's top (mirror-image pieces, mirror samples)
  double g = s / 8;
  while (((hi - lo) / g).prod() > 4e6) g *= 1.5;
  const int i0 = static_cast<int>(std::floor((lo.x() - cr.mirror_u) / g)) - 1;
  const int nx = static_cast<int>(std::ceil((hi.x() - cr.mirror_u) / g)) + 1 - i0;
  const int ny = static_cast<int>((hi.y() - lo.y()) / g) + 1;
  auto sample = [&](int id) { return Eigen::Vector2d(cr.mirror_u + (id % nx + i0 + 0.5) * g, hi.y() - (id / nx + 0.5) * g); };
  // sites binned on a grid of cell s over the piece (plus a margin of two cells)
  const double bx = lo.x() - 2 * s, by = lo.y() - 2 * s;
  const int gx = static_cast<int>((hi.x() - lo.x()) / s) + 5, gy = static_cast<int>((hi.y() - lo.y()) / s) + 5;
  std::vector<std::vector<int>> bins(static_cast<size_t>(gx) * gy);
  auto bin = [&](const Eigen::Vector2d& p) {
    const int x = std::clamp(static_cast<int>(std::floor((p.x() - bx) / s)), 0, gx - 1);
    const int y = std::clamp(static_cast<int>(std::floor((p.y() - by) / s)), 0, gy - 1);
    return std::make_pair(x, y);
  };
  auto at = [&](int x, int y) -> std::vector<int>& { return bins[static_cast<size_t>(y) * gx + x]; };
  for (size_t i = 0; i < nodes.size(); ++i) {
    const auto [x, y] = bin(nodes[i].uv);
    at(x, y).push_back(static_cast<int>(i));
  }
  auto for_near = [&](const Eigen::Vector2d& p, auto&& f) {  // every site within two bins of p
    const auto [x, y] = bin(p);
    for (int b = std::max(0, y - 2); b <= std::min(gy - 1, y + 2); ++b)
      for (int a = std::max(0, x - 2); a <= std::min(gx - 1, x + 2); ++a)
        for (int j : at(a, b)) f(j);
  };
  auto move_to = [&](int i, const Eigen::Vector2d& p) {
    const auto [x0, y0] = bin(nodes[static_cast<size_t>(i)].uv);
    auto& b = at(x0, y0);
    b.erase(std::find(b.begin(), b.end(), i));
    nodes[static_cast<size_t>(i)].uv = p;
    const auto [x1, y1] = bin(p);
    at(x1, y1).push_back(i);
  };
  auto nearest_site = [&](const Eigen::Vector2d& p) {  // plane distance and index (lowest index on ties)
    double best = std::numeric_limits<double>::infinity();
    int who = -1;
    for_near(p, [&](int j) {
      const double d = (nodes[static_cast<size_t>(j)].uv - p).norm();
      if (d < best - eps || (d < best + eps && j < who)) best = d, who = j;
    });
    return std::make_pair(best, who);
  };
  // sites on the skin: nearest-neighbour distances are judged there, where the flattening stretches
  auto lift = [&](const Eigen::Vector2d& p) {
    Eigen::Vector3d x(p.x(), p.y(), 0);
    fp.eval(p, &x, nullptr, nullptr);
    return x;
  };
  std::vector<Eigen::Vector3d> X(nodes.size());
  for (size_t i = 0; i < nodes.size(); ++i) X[i] = lift(nodes[i].uv);
  auto skin_nn = [&](int i) {  // in spacings, capped at 4
    double best = 4 * s;
    for_near(nodes[static_cast<size_t>(i)].uv, [&](int j) {
      if (j != i) best = std::min(best, (X[static_cast<size_t>(j)] - X[static_cast<size_t>(i)]).norm());
    });
    return best / s;
  };
  std::vector<double> nn(nodes.size());
  double sum = 0, sum2 = 0;
  for (size_t i = 0; i < nodes.size(); ++i) nn[i] = skin_nn(static_cast<int>(i)), sum += nn[i], sum2 += nn[i] * nn[i];
  const double count = static_cast<double>(nodes.size());
  auto cv_of = [&](double s1, double s2) {
    const double mean = s1 / count;
    return std::sqrt(std::max(0.0, s2 / count - mean * mean)) / mean;
  };
  // accepts the new nearest-neighbour distances of `who` (updating nn and the sums) or rejects them
  auto nn_ok = [&](const std::vector<int>& who) {
    double s1 = sum, s2 = sum2;
    std::vector<double> now(who.size());
    for (size_t k = 0; k < who.size(); ++k) {
      const double d = skin_nn(who[k]), b = nn[static_cast<size_t>(who[k])];
      if ((d < cr.min_nn - eps && d < b - eps) || (d > cr.max_nn + eps && d > b + eps)) return false;
      now[k] = d;
      s1 += d - b, s2 += d * d - b * b;
    }
    if (cv_of(s1, s2) > std::max(cr.max_cv, cv_of(sum, sum2)) + eps) return false;
    for (size_t k = 0; k < who.size(); ++k) nn[static_cast<size_t>(who[k])] = now[k];
    sum = s1, sum2 = s2;
    return true;
  };
  // plane distance from each sample inside the piece to its nearest site (-1 outside the piece)
  std::vector<double> dist(static_cast<size_t>(nx) * ny, -1);
  for (int id = 0; id < nx * ny; ++id)
    if (fp.locator->locate(sample(id)) >= 0) dist[static_cast<size_t>(id)] = nearest_site(sample(id)).first;
  auto window = [&](const std::vector<Eigen::Vector2d>& pts, double r) {  // inside samples within r of pts
    std::vector<int> ids;
    for (const auto& p : pts) {
      const int x0 = std::max(0, static_cast<int>(std::floor((p.x() - r - cr.mirror_u) / g)) - i0 - 1);
      const int x1 = std::min(nx - 1, static_cast<int>(std::ceil((p.x() + r - cr.mirror_u) / g)) - i0);
      const int y0 = std::max(0, static_cast<int>(std::floor((hi.y() - p.y() - r) / g)) - 1);
      const int y1 = std::min(ny - 1, static_cast<int>(std::ceil((hi.y() - p.y() + r) / g)));
      for (int iy = y0; iy <= y1; ++iy)
        for (int ix = x0; ix <= x1; ++ix)
          if (dist[static_cast<size_t>(iy) * nx + ix] >= 0) ids.push_back(iy * nx + ix);
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
  };
  auto mirror = [&](const Eigen::Vector2d& p) { return Eigen::Vector2d(2 * cr.mirror_u - p.x(), p.y()); };
  // an uncovered sample costs 1 (the coverage percentile counts them) plus how far out it is
  auto uncovered_cost = [&](double d) { return d > cr.reach ? 1 + (d - cr.reach) / s : 0.0; };
  int kept = 0;
  for (int round = 0; round < cr.rounds; ++round) {
    // each site's pull: toward the uncovered samples it is nearest to, weighted by how far out they are
    std::vector<Eigen::Vector2d> pull(nodes.size(), Eigen::Vector2d::Zero());
    std::vector<double> need(nodes.size(), 0.0);
    for (int id = 0; id < nx * ny; ++id) {
      if (dist[static_cast<size_t>(id)] <= cr.reach) continue;  // covered, or outside (-1)
      const Eigen::Vector2d p = sample(id);
      const auto [d, who] = nearest_site(p);
      if (who < 0) continue;
      pull[static_cast<size_t>(who)] += (d - cr.reach) * (p - nodes[static_cast<size_t>(who)].uv) / d;
      need[static_cast<size_t>(who)] += d - cr.reach;
    }
    // most in need first; ties by height, then by distance from the midline, then left of it first
    std::vector<int> order;
    for (size_t i = 0; i < nodes.size(); ++i)
      if (need[i] > 0) order.push_back(static_cast<int>(i));
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
      const double na = need[static_cast<size_t>(a)], nb = need[static_cast<size_t>(b)];
      if (std::abs(na - nb) > 1e-6 * s) return na > nb;
      const Eigen::Vector2d &pa = nodes[static_cast<size_t>(a)].uv, &pb = nodes[static_cast<size_t>(b)].uv;
      if (std::abs(pa.y() - pb.y()) > eps) return pa.y() > pb.y();
      const double ma = std::abs(pa.x() - cr.mirror_u), mb = std::abs(pb.x() - cr.mirror_u);
      if (std::abs(ma - mb) > eps) return ma < mb;
      return pa.x() > pb.x();
    });
    int moved = 0;
    std::vector<char> done(nodes.size(), 0);
    for (int i : order) {
      if (done[static_cast<size_t>(i)]) continue;
      int j = -1;  // mirror partner (i itself on the midline)
      if (cr.symmetric) {
        const auto [d, who] = nearest_site(mirror(nodes[static_cast<size_t>(i)].uv));
        if (d > 1e-6 * s) continue;  // no mirror image: moving it alone would break the symmetry
        j = who;
      }
      Eigen::Vector2d dir = pull[static_cast<size_t>(i)];
      if (j == i) dir.x() = 0;
      if (dir.norm() < 1e-12) continue;
      dir.normalize();
      done[static_cast<size_t>(i)] = 1;
      if (j >= 0) done[static_cast<size_t>(j)] = 1;
      for (double t : {0.35, 0.25, 0.15, 0.08}) {
        std::vector<int> movers = {i};
        std::vector<Eigen::Vector2d> from = {nodes[static_cast<size_t>(i)].uv}, to = {from[0] + t * s * dir};
        if (j >= 0 && j != i) movers.push_back(j), from.push_back(nodes[static_cast<size_t>(j)].uv), to.push_back(mirror(to[0]));
        bool inside = true;
        for (const auto& p : to) inside = inside && fp.signed_distance(p, cr.keep_depth + 1e-6) >= cr.keep_depth - eps;
        if (!inside) continue;
        std::vector<Eigen::Vector2d> pts = from;
        pts.insert(pts.end(), to.begin(), to.end());
        const std::vector<int> ids = window(pts, 1.5 * s);
        std::vector<int> around;  // sites whose nearest neighbour can change
        for (const auto& p : pts) for_near(p, [&](int a) { around.push_back(a); });
        std::sort(around.begin(), around.end());
        around.erase(std::unique(around.begin(), around.end()), around.end());
        double e0 = 0, e1 = 0;
        for (int id : ids) e0 += uncovered_cost(dist[static_cast<size_t>(id)]);
        for (size_t k = 0; k < movers.size(); ++k) move_to(movers[k], to[k]), X[static_cast<size_t>(movers[k])] = lift(to[k]);
        std::vector<double> now(ids.size());
        for (size_t k = 0; k < ids.size(); ++k) {
          now[k] = nearest_site(sample(ids[k])).first;
          e1 += uncovered_cost(now[k]);
        }
        if (e1 < e0 - 1e-6 * s && nn_ok(around)) {
          for (size_t k = 0; k < ids.size(); ++k) dist[static_cast<size_t>(ids[k])] = now[k];
          ++kept, ++moved;
          break;
        }
        for (size_t k = 0; k < movers.size(); ++k) move_to(movers[k], from[k]), X[static_cast<size_t>(movers[k])] = lift(from[k]);
      }
    }
    if (moved == 0) break;
  }
  return kept;
}

/// The nearest lattice neighbours of (r, c): 4 for square, 6 for hex (odd rows shifted half a column).
inline std::vector<std::pair<int, int>> lattice_neighbours(int r, int c, bool hex) {
  std::vector<std::pair<int, int>> nb = {{r, c - 1}, {r, c + 1}};
  const int base = hex ? ((r & 1) ? c : c - 1) : c;  // in hex, the two columns touching (r, c) in rows r±1
  for (int dr : {-1, 1}) {
    nb.emplace_back(r + dr, base);
    if (hex) nb.emplace_back(r + dr, base + 1);
  }
  return nb;
}

}  // namespace detail

namespace detail {

/// The column anchor of a flattened piece: the mean u where its edges cross the mid-sagittal plane
/// (`crosses` = true), else the u of its most medial vertex.
inline double midline_anchor(const Mesh& piece, const Eigen::MatrixXd& UV, const FaceFrame& frame, bool* crosses) {
  double sum = 0, u0 = 0, best = std::numeric_limits<double>::infinity();
  int cnt = 0;
  for (Eigen::Index f = 0; f < piece.num_faces(); ++f)
    for (int k = 0; k < 3; ++k) {
      const int a = piece.F(f, k), b = piece.F(f, (k + 1) % 3);
      if (a > b) continue;  // each interior edge once (boundary edges may be seen once either way)
      const double sa = frame.side(piece.vertex(a)), sb = frame.side(piece.vertex(b));
      if ((sa < 0 && sb >= 0) || (sa >= 0 && sb < 0)) {
        const double t = sa / (sa - sb);
        sum += (1 - t) * UV(a, 0) + t * UV(b, 0);
        ++cnt;
      }
    }
  for (Eigen::Index v = 0; v < piece.num_vertices(); ++v) {
    const double sv = std::abs(frame.side(piece.vertex(v)));
    if (sv < best) best = sv, u0 = UV(v, 0);
  }
  *crosses = cnt > 0;
  return cnt > 0 ? sum / cnt : u0;
}

/// Where the lattice of one piece sits: lattice index (r, c) is at
/// (origin_u + (c + ½ if hex and r odd)·s, origin_v + r·h) in the plane.
struct LatticeFrame {
  double s = 10, h = 10, m = 5;   // spacing, row spacing, margin
  bool hex = false;
  double u0 = 0, v0 = 0;          // anchors: column (midline or most medial point) and top of the piece
  bool crosses = false;           // the piece crosses the midline
  double pu = 0, pv = 0;          // chosen phase (fractions of s and h)
  double keep_depth() const { return m - h / 2; }  // a site is kept when its cell centre is this far inside
  double origin_u() const { return u0 + pu * s; }
  double origin_v() const { return v0 - pv * h; }
};

/// Tries the lattice phases that keep the anchoring (2 along u on the midline, else 8; 16 along v) and
/// returns the sites of the one whose count best matches `expected` = area ÷ cell, with isolated sites
/// and an empty result penalised; fills lf.pu, lf.pv.
inline std::vector<Node> fit_lattice(const FlatPiece& fp, double expected, LatticeFrame& lf) {
  const Eigen::Vector2d lo = fp.UV.colwise().minCoeff().transpose(), hi = fp.UV.colwise().maxCoeff().transpose();
  const double s = lf.s, h = lf.h, m = lf.m;
  const int nv_phase = 16, nu_phase = lf.crosses ? 2 : 8;
  const int rmin = static_cast<int>(std::floor((lo.y() - lf.v0) / h)) - 1, rmax = 1;
  std::vector<Node> best_nodes;
  double best_score = std::numeric_limits<double>::infinity();
  for (int iu = 0; iu < nu_phase; ++iu)
    for (int iv = 0; iv < nv_phase; ++iv) {
      const double pu = lf.crosses ? 0.5 * iu : static_cast<double>(iu) / nu_phase;
      const double pv = static_cast<double>(iv) / nv_phase;
      std::vector<Node> nodes;
      double push = 0;
      for (int r = rmin; r <= rmax; ++r) {
        const double v = lf.v0 + (r - pv) * h;
        const double shift = (lf.hex && (r & 1)) ? 0.5 : 0.0;
        const int cmin = static_cast<int>(std::floor((lo.x() - lf.u0) / s)) - 2;
        const int cmax = static_cast<int>(std::ceil((hi.x() - lf.u0) / s)) + 2;
        for (int c = cmin; c <= cmax; ++c) {
          const Eigen::Vector2d p(lf.u0 + (c + pu + shift) * s, v);
          if (p.x() < lo.x() - s || p.x() > hi.x() + s) continue;
          const double d = fp.signed_distance(p, std::max(m, 1e-9) + 1e-9);
          if (d >= lf.keep_depth() - 1e-9) {
            nodes.push_back({r, c, p});
            push += std::max(0.0, m - d);
          }
        }
      }
      // a site with no lattice neighbour has no spacing to speak of: count it as 1.5 sites off
      std::map<std::pair<int, int>, int> present;
      for (const auto& n : nodes) present[{n.r, n.c}] = 1;
      int isolated = 0;
      for (const auto& n : nodes) {
        bool has = false;
        for (const auto& nb : lattice_neighbours(n.r, n.c, lf.hex)) has = has || present.count(nb);
        if (!has) ++isolated;
      }
      // an uncovered piece counts double: a small island with two neighbouring sites beats none
      const double empty = nodes.empty() ? expected : 0.0;
      const double score = std::abs(static_cast<double>(nodes.size()) - expected) + 1.5 * isolated + empty + 1e-3 * push / s;
      if (score < best_score - 1e-12) best_score = score, best_nodes = std::move(nodes), lf.pu = pu, lf.pv = pv;
    }
  return best_nodes;
}

/// Edge-facing sites (some lattice neighbours missing) that sit deeper than the margin are drawn out
/// toward the edge, by at most half a row, along the directions of their missing neighbours: that way no
/// site comes closer to a kept neighbour, none drifts more than 5% beyond the spacing from its nearest
/// one, and the outermost cells reach the edge.
inline void draw_edge_sites(const FlatPiece& fp, std::vector<Node>& nodes, const LatticeFrame& lf) {
  const double s = lf.s, h = lf.h, m = lf.m;
  std::map<std::pair<int, int>, int> at;
  for (size_t i = 0; i < nodes.size(); ++i) at[{nodes[i].r, nodes[i].c}] = static_cast<int>(i);
  auto ideal = [&](int r, int c) {  // lattice position relative to (0, 0), in the plane
    return Eigen::Vector2d((c + ((lf.hex && (r & 1)) ? 0.5 : 0.0)) * s, r * h);
  };
  std::vector<Eigen::Vector2d> moved(nodes.size());
  for (size_t i = 0; i < nodes.size(); ++i) {
    moved[i] = nodes[i].uv;
    const int r = nodes[i].r, c = nodes[i].c;
    Eigen::Vector2d dir = Eigen::Vector2d::Zero();
    for (const auto& nb : lattice_neighbours(r, c, lf.hex))
      if (!at.count(nb)) dir += (ideal(nb.first, nb.second) - ideal(r, c)).normalized();
    if (dir.norm() < 1e-9) continue;
    dir.normalize();
    Eigen::Vector2d inward = Eigen::Vector2d::Zero();
    const double d = fp.signed_distance(nodes[i].uv, m + h, &inward);
    const double toward_edge = -dir.dot(inward);
    if (!(d > m && d < m + h && toward_edge > 0.3)) continue;
    // shorten the move until the site's nearest neighbour stays within 5% of the spacing
    auto nearest = [&](const Eigen::Vector2d& p) {
      double best = std::numeric_limits<double>::infinity();
      for (int dr = -2; dr <= 2; ++dr)
        for (int dc = -2; dc <= 2; ++dc) {
          auto it = at.find({r + dr, c + dc});
          if (it != at.end() && it->second != static_cast<int>(i)) best = std::min(best, (p - nodes[it->second].uv).norm());
        }
      return best;
    };
    for (double t = std::min((d - m) / toward_edge, h / 2); t > 0.05 * s; t *= 0.8)
      if (nearest(nodes[i].uv + t * dir) <= 1.05 * s) {
        moved[i] = nodes[i].uv + t * dir;
        break;
      }
  }
  for (size_t i = 0; i < nodes.size(); ++i) {
    // safety net: keep the move only if no other site comes closer than the spacing (in the plane)
    bool ok = fp.locator->locate(moved[i]) >= 0;
    for (int dr = -2; dr <= 2 && ok; ++dr)
      for (int dc = -2; dc <= 2 && ok; ++dc) {
        auto it = at.find({nodes[i].r + dr, nodes[i].c + dc});
        if (it == at.end() || it->second == static_cast<int>(i)) continue;
        ok = (moved[i] - nodes[it->second].uv).norm() >= (1 - 1e-9) * s &&
             (moved[i] - moved[it->second]).norm() >= (1 - 1e-9) * s;
      }
    if (ok) nodes[i].uv = moved[i];
  }
}

/// Where a strongly curved piece could not be laid flat without folds, two sites can land close together
/// on the skin: keeps the first (in the given order) of any pair closer than `min_dist`; returns how many
/// were dropped.
inline int drop_crowded(std::vector<LatticeSite>& sites, double min_dist) {
  std::map<std::array<long, 3>, std::vector<int>> hash;
  auto key = [&](const Eigen::Vector3d& p) {
    return std::array<long, 3>{static_cast<long>(std::floor(p.x() / min_dist)),
                               static_cast<long>(std::floor(p.y() / min_dist)),
                               static_cast<long>(std::floor(p.z() / min_dist))};
  };
  std::vector<LatticeSite> kept;
  for (const LatticeSite& site : sites) {
    const auto k = key(site.position);
    bool clash = false;
    for (long a = -1; a <= 1 && !clash; ++a)
      for (long b = -1; b <= 1 && !clash; ++b)
        for (long c = -1; c <= 1 && !clash; ++c) {
          auto it = hash.find({k[0] + a, k[1] + b, k[2] + c});
          if (it == hash.end()) continue;
          for (int j : it->second) clash = clash || (kept[j].position - site.position).norm() < min_dist;
        }
    if (clash) continue;
    hash[k].push_back(static_cast<int>(kept.size()));
    kept.push_back(site);
  }
  const int dropped = static_cast<int>(sites.size() - kept.size());
  sites = std::move(kept);
  return dropped;
}

/// After the phase: draws edge sites out (draw_edge_sites), fills pockets along the edge within +4% of
/// `expected` (fill_pockets) and moves edge sites toward what is still uncovered (relax_coverage).
inline void complete_lattice(const FlatPiece& fp, std::vector<Node>& nodes, const LatticeFrame& lf, double expected) {
  draw_edge_sites(fp, nodes, lf);
  PocketFill pf;
  pf.s = lf.s;
  pf.h = lf.h;
  pf.hex = lf.hex;
  pf.reach = (lf.hex ? 0.58 : 0.70) * lf.s;
  pf.keep_depth = std::max(lf.keep_depth(), 0.0);
  pf.budget = static_cast<int>(std::floor(1.04 * expected)) - static_cast<int>(nodes.size());
  pf.origin_u = lf.origin_u();
  pf.origin_v = lf.origin_v();
  pf.mirror_u = lf.u0;
  pf.symmetric = lf.crosses;
  fill_pockets(fp, nodes, pf);
  CoverRelax cr;
  cr.s = lf.s;
  cr.reach = (lf.hex ? 0.59 : 0.72) * lf.s;
  cr.keep_depth = pf.keep_depth;
  cr.mirror_u = lf.u0;
  cr.symmetric = lf.crosses;
  relax_coverage(fp, nodes, cr);
}

/// A piece to plan: its mesh, and for a piece of a dense region's proxy, the proxy (the way back to the
/// dense surface) and the proxy vertex each of the piece's vertices is.
struct PieceToPlan {
  Mesh mesh;
  std::shared_ptr<const DenseProxy> dense;
  std::vector<int> proxy_vertex;
};

/// Cell of the proxy of a dense region: a quarter of the spacing, but at least 2.5 mm (about the edge of a
/// face mesh at normal resolution: finer clustering makes more folds, and on the ICT face both the 3 mm
/// and the 10 mm plans came out better at 2.5 mm than at 1.7 mm) and coarse enough that the proxy has
/// about proxy_above_faces / 2 triangles or fewer (a surface clustered at cell c has about 2·area/c²).
inline double proxy_cell_mm(double area_mm2, double s, Eigen::Index proxy_above_faces) {
  return std::max({s / 4, 2.5, std::sqrt(area_mm2 / (0.5 * static_cast<double>(proxy_above_faces)))});
}

/// The region's connected pieces. A region with more than `proxy_above_faces` triangles is not split
/// or copied: it is replaced by the pieces of its DenseProxy, which point back to it (the region must
/// outlive the result).
inline std::vector<PieceToPlan> pieces_to_plan(const Mesh& region, double s, Eigen::Index proxy_above_faces) {
  std::vector<PieceToPlan> out;
  if (region.num_faces() <= proxy_above_faces) {
    for (Mesh& p : connected_pieces(region)) out.push_back({std::move(p), nullptr, {}});
    return out;
  }
  auto proxy = std::make_shared<const DenseProxy>(region, proxy_cell_mm(surface_area(region), s, proxy_above_faces));
  stage_done("proxy");
  std::vector<std::vector<int>> vertex_of;
  std::vector<Mesh> pieces = connected_pieces(proxy->mesh(), &vertex_of);
  for (size_t k = 0; k < pieces.size(); ++k) out.push_back({std::move(pieces[k]), proxy, std::move(vertex_of[k])});
  stage_done("proxy pieces");
  return out;
}

}  // namespace detail

/// Lays the lattice on every piece of `region` (mm). Warnings (pieces too small, folds) are appended.
inline std::vector<LatticeSite> surface_lattice(const Mesh& region, const LatticeOptions& opt,
                                                std::vector<std::string>* warnings = nullptr) {
  const double s = opt.spacing_mm;
  const double cell = lattice_cell_area(opt.kind, s);
  std::vector<LatticeSite> out;
  int piece_index = 0, skipped = 0, crowded = 0;
  for (const detail::PieceToPlan& w : detail::pieces_to_plan(region, s, opt.proxy_above_faces)) {
    const Mesh& piece = w.mesh;
    const double area = surface_area(piece);
    if (area < 0.5 * cell) {
      ++skipped;
      continue;
    }
    const detail::FlatPiece fp = detail::make_flat_piece(piece, opt.frame);
    stage_done("flatten");
    detail::LatticeFrame lf;
    lf.s = s;
    lf.h = lattice_row_spacing(opt.kind, s);
    lf.m = opt.margin_mm;
    lf.hex = opt.kind == LatticeKind::hex;
    lf.u0 = detail::midline_anchor(piece, fp.UV, opt.frame, &lf.crosses);
    lf.v0 = fp.UV.col(1).maxCoeff();
    const double expected = area / cell;
    std::vector<detail::Node> nodes = detail::fit_lattice(fp, expected, lf);
    if (nodes.empty()) {
      ++piece_index;
      continue;
    }
    detail::complete_lattice(fp, nodes, lf, expected);
    stage_done("lattice");
    // output, top row first, then along u
    int top = std::numeric_limits<int>::min(), left = std::numeric_limits<int>::max();
    for (const auto& n : nodes) top = std::max(top, n.r), left = std::min(left, n.c);
    std::vector<LatticeSite> sites;
    for (const auto& n : nodes) {
      LatticeSite ls;
      if (!fp.eval(n.uv, &ls.position, &ls.normal, nullptr)) continue;
      if (w.dense) {  // onto the dense surface, with its own normal (outward like the proxy's)
        const int f = fp.locator->locate(n.uv);
        const std::array<int, 3> corners = {w.proxy_vertex[piece.F(f, 0)], w.proxy_vertex[piece.F(f, 1)],
                                            w.proxy_vertex[piece.F(f, 2)]};
        Eigen::Vector3d q = ls.position, nrm = Eigen::Vector3d::Zero();
        w.dense->project(ls.position, corners, &q, &nrm);
        ls.position = q;
        if (nrm.norm() > 0) ls.normal = fp.inward ? Eigen::Vector3d(-nrm) : nrm;
      }
      ls.row = top - n.r;
      ls.col = n.c - left;
      ls.piece = piece_index;
      sites.push_back(ls);
    }
    std::sort(sites.begin(), sites.end(), [](const LatticeSite& a, const LatticeSite& b) {
      return a.row != b.row ? a.row < b.row : a.col < b.col;
    });
    crowded += detail::drop_crowded(sites, 0.7 * s);
    stage_done(w.dense ? "sites onto dense" : "sites");
    out.insert(out.end(), sites.begin(), sites.end());
    ++piece_index;
  }
  if (skipped > 0 && warnings)
    warnings->push_back(std::to_string(skipped) + " piece(s) of the region smaller than half a lattice cell were skipped");
  if (crowded > 0 && warnings)
    warnings->push_back(std::to_string(crowded) + " site(s) dropped where the surface folds too tightly to flatten "
                        "(closer than 0.7x the spacing to another site)");
  return out;
}

}  // namespace mesogrid

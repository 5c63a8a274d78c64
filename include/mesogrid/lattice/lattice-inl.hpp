// mesogrid/lattice/lattice-inl.hpp: the definitions of lattice.hpp (included by it when MESOGRID_DEFINITIONS; see
// core/config.hpp): the steps of the header comment run on each piece, then the pieces' sites put together.
#pragma once
#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "../core/parallel.hpp"
#include "../core/timing.hpp"
#include "../geometry/point_hash.hpp"
#include "../geometry/surface.hpp"
#include "coverage.hpp"
#include "dense.hpp"
#include "lattice.hpp"
#include "mirror.hpp"
#include "phase.hpp"
#include "piece.hpp"
#include "pockets.hpp"
#include "relax.hpp"
#include "stripes.hpp"

namespace mesogrid {

namespace detail {

/// How much the lattice may stretch smoothly before lattice lines end instead (stripe_patterns' `stretch`):
/// with none, lines end wherever the skin is not developable, breaking the lattice into short pieces with
/// many close pairs; with much more, the spacing drifts visibly across a curved region. 2% of the spacing
/// is 0.2 mm at 10 mm.
inline constexpr double kStretch = 0.02;

/// The lattice of one connected piece (steps 1-5 of the header comment), as nodes on the piece; where its rows
/// came from in *rows.
/// *depth_mm: the piece's deepest vertex's distance from its edge (measured up to the larger of spacing and margin).
/// `surplus`: sites the region's other pieces hold beyond their area's count, charged to this one: the pockets
/// step keeps the region's count, not only the piece's, within its budget.
inline std::vector<Node> piece_nodes(const SurfacePiece& sp, const LatticeOptions& opt, RowFrame* rows = nullptr,
                                     double* depth_mm = nullptr, double surplus = 0) {
  const Mesh& m = sp.mesh();
  PieceLattice pl;
  pl.sp = &sp;
  pl.frame = opt.frame;
  pl.hex = opt.kind == LatticeKind::hex;
  pl.s = opt.spacing_mm;
  pl.h = lattice_row_spacing(opt.kind, pl.s);
  pl.margin = opt.margin_mm;
  const FaceFrame& fr = opt.frame;
  const double expected = sp.area() / lattice_cell_area(opt.kind, pl.s);
  // distance from every vertex to the edge (a lower bound for points of its faces, with their distance)
  std::vector<double> edge_dist(static_cast<size_t>(m.num_vertices()));
  const double far = std::max(pl.s, pl.margin);  // the largest depth any step asks about
  parallel_for_many(edge_dist.size(), [&](size_t v) {
    edge_dist[v] = sp.boundary_distance(m.vertex(static_cast<Eigen::Index>(v)), far);
  });
  stage_done("lattice: edge distance");
  // anchor vertex: the most medial (ties: the highest, then the lowest index)
  int root = 0;
  for (Eigen::Index v = 1; v < m.num_vertices(); ++v) {
    const double a = std::abs(fr.side(m.vertex(v))), b = std::abs(fr.side(m.vertex(root)));
    if (a < b - 1e-12 || (a < b + 1e-12 && m.vertex(v).dot(fr.up) > m.vertex(root).dot(fr.up) + 1e-12))
      root = static_cast<int>(v);
  }
  LatticeFields fields = lattice_fields(sp, fr, opt.kind, pl.s, rows);
  stage_done("lattice: rows");
  const std::array<StripePattern, 2> patterns = stripe_patterns(sp, fields, root, kStretch);
  const StripePattern &pa = patterns[0], &pb = patterns[1];
  const FaceLattice fl = face_lattice(sp, pa, pb);
  stage_done("stripes");
  const Phase phase = choose_phase(pl, pa, pb, fl, edge_dist, root, expected);
  stage_done("lattice: phase choice");
  std::vector<Node> nodes;
  for_each_lattice_point(sp, fl, phase.da, phase.db, [&](const LatticePoint& p) {
    Node n;
    n.at.face = p.face;
    n.at.bary = p.bary;
    n.at.position = sp.position(p.face, p.bary);
    n.ia = p.ia, n.ib = p.ib;
    if (pl.keep_depth() > 0 && sp.boundary_distance(n.at.position, pl.keep_depth()) < pl.keep_depth() - 1e-9) return;
    nodes.push_back(n);
  });
  // row-major order (top row first) before thinning, so that the kept site of a close pair is the same
  // whatever the face numbering
  // no lattice point fits (every shift empty): one site, deepest inside, where that keeps the margin (a margin
  // that leaves no skin on the piece leaves it without a site, as asked)
  int deep = 0;
  for (Eigen::Index v = 1; v < m.num_vertices(); ++v)
    if (edge_dist[v] > edge_dist[deep] + 1e-12) deep = static_cast<int>(v);
  if (depth_mm) *depth_mm = edge_dist[deep];
  if (nodes.empty() && expected >= 0.5 && edge_dist[deep] >= pl.keep_depth() - 1e-9) {
    sp.for_faces_at(deep, [&](int f) {
      if (!nodes.empty()) return;
      Node n;
      n.at.face = f;
      for (int k = 0; k < 3; ++k) n.at.bary[k] = m.F(f, k) == deep ? 1.0 : 0.0;
      n.at.position = m.vertex(deep);
      nodes.push_back(n);
    });
  }
  std::stable_sort(nodes.begin(), nodes.end(),
                   [](const Node& a, const Node& b) { return a.ib != b.ib ? a.ib > b.ib : a.ia < b.ia; });
  thin_sites(nodes, 0.6 * pl.s);
  stage_done("lattice: extract");
  relax_sites(pl, nodes, 40);
  thin_sites(nodes, 0.75 * pl.s);  // pairs the relaxation could not part (no room at the edge)
  const bool symmetric = phase.crosses && mirror_symmetric_piece(sp, fr, 0.05 * pl.s);
  if (symmetric) mirror_sites(pl, nodes);  // so that pockets see the midline as it will be
  stage_done("lattice: relax");
  PocketFill pf;
  pf.reach = (pl.hex ? 0.57 : 0.70) * pl.s;
  pf.budget = static_cast<int>(std::floor(1.04 * expected - surplus)) - static_cast<int>(nodes.size());
  pf.vacancy_below = expected - surplus;
  pf.mirror = symmetric;
  const size_t before = nodes.size();
  std::vector<size_t> vacancies;
  fill_pockets(pl, nodes, pf, edge_dist, &vacancies);
  stage_done("lattice: pockets");
  for (size_t i = before; i < nodes.size(); ++i) nodes[i].ia = nodes[i].ib = std::numeric_limits<int>::min();
  make_room(pl, nodes, before, vacancies, pf.vacancy_nn * pl.s);
  CoverRelax cr;
  cr.reach = (pl.hex ? 0.58 : 0.71) * pl.s;
  cr.spread_below = 1;  // every site nearer than the spacing to its nearest neighbour
  relax_coverage(pl, nodes, cr, edge_dist);
  stage_done("lattice: coverage");
  if (symmetric) mirror_sites(pl, nodes);
  stage_done("lattice: mirror");
  label_added(pl, nodes, fields);
  stage_done("lattice: labels");
  return nodes;
}

}  // namespace detail

MESOGRID_API std::vector<LatticeSite> surface_lattice(const Mesh& region, const LatticeOptions& opt,
                                                      std::vector<Message>* warnings, LatticeReport* report) {
  const double s = opt.spacing_mm;
  const double cell = lattice_cell_area(opt.kind, s);
  const bool hex = opt.kind == LatticeKind::hex;
  std::vector<LatticeSite> out;
  LatticeReport rep;
  int piece_index = 0;
  detail::PointHash placed(1.4 * s);  // sites of the pieces planned so far (pieces touching at a corner or a seam)
  const std::vector<detail::PieceToPlan> todo =
      detail::pieces_to_plan(region, s, opt.proxy_above_faces, opt.region_area_mm2);
  // Pieces of half a cell to one and a half carry one site or a pair (a lone site, or two, as their shape
  // allows): planned first, so that what they hold beyond their area's count is charged to the larger pieces'
  // pockets, in proportion to their area (a cheek with a stray piece near the ear: 26 + 2 sites for 25.9 + 0.9
  // expected would be +4.8% for the region).
  struct Early {
    std::unique_ptr<SurfacePiece> sp;
    std::vector<detail::Node> nodes;
    RowFrame rows;
    double depth = 0;
  };
  std::vector<Early> early(todo.size());
  std::vector<double> areas(todo.size());
  double surplus = 0, large_expected = 0, own_rows_largest = 0;  // the largest piece with rows about its axis
  for (size_t i = 0; i < todo.size(); ++i) {
    areas[i] = surface_area(todo[i].mesh);
    const double e = areas[i] / cell;
    if (e >= 1.5) {
      large_expected += e;
    } else if (e >= 0.5) {
      early[i].sp = std::make_unique<SurfacePiece>(todo[i].mesh, opt.frame, opt.winding);
      early[i].nodes = detail::piece_nodes(*early[i].sp, opt, &early[i].rows, &early[i].depth);
      surplus += static_cast<double>(early[i].nodes.size()) - e;
    }
  }
  for (size_t i = 0; i < todo.size(); ++i) {
    const detail::PieceToPlan& w = todo[i];
    const Mesh& piece = w.mesh;
    const double area = areas[i];
    if (area < 0.5 * cell) {  // too small for a site: listed, with the region's faces on it
      const Mesh& base = w.base();
      SmallPiece sm;
      sm.area_mm2 = area;
      for (Eigen::Index f = 0; f < base.num_faces(); ++f)
        sm.centroid_mm += face_area(base, f) * (base.corner(f, 0) + base.corner(f, 1) + base.corner(f, 2)) / 3;
      if (area > 0) sm.centroid_mm /= area;
      rep.small_pieces.push_back(sm);
      if (w.dense) {
        for (int v : w.proxy_vertex) w.dense->for_dense_faces(v, [&](int f) { rep.small_piece_faces.push_back(f); });
      } else {
        rep.small_piece_faces.insert(rep.small_piece_faces.end(), w.region_face.begin(), w.region_face.end());
      }
      continue;
    }
    std::unique_ptr<SurfacePiece> own;
    if (!early[i].sp) own = std::make_unique<SurfacePiece>(piece, opt.frame, opt.winding);
    const SurfacePiece& sp = early[i].sp ? *early[i].sp : *own;
    stage_done("surface piece");
    for (const auto& [a, b] : sp.boundary()) rep.edge_length_mm += (piece.vertex(a) - piece.vertex(b)).norm();
    RowFrame rows = early[i].rows;
    double depth = early[i].depth;
    const std::vector<detail::Node> nodes =
        early[i].sp ? std::move(early[i].nodes)
                    : detail::piece_nodes(sp, opt, &rows, &depth,
                                          large_expected > 0 ? surplus * (area / cell) / large_expected : 0.0);
    rep.depth_mm = std::max(rep.depth_mm, depth);
    stage_done("lattice");
    ++rep.pieces;
    rep.surface_frame_pieces += rows.surface_frame;
    rep.axis_frame_pieces += rows.mesh_axis;
    if (rows.mesh_axis || rows.surface_frame) rep.own_rows_area_mm2 += area;
    if (rows.mesh_axis && area > own_rows_largest) own_rows_largest = area, rep.row_axis = rows.axis;
    if (nodes.empty()) {
      ++piece_index;
      continue;
    }
    // a refined piece's sites take the normal of the piece before refinement (its vertex normals, interpolated)
    Eigen::MatrixXd base_normals;
    if (w.unrefined) {
      base_normals = vertex_normals(*w.unrefined);
      if (sp.inward()) base_normals = -base_normals;
    }
    // rows from the top, columns toward the subject's left (hex: odd rows shifted by half a column)
    auto col_of = [&](const detail::Node& n) { return hex ? n.ia + static_cast<int>(std::floor(n.ib / 2.0)) : n.ia; };
    int top = std::numeric_limits<int>::min(), left = std::numeric_limits<int>::max();
    for (const auto& n : nodes) top = std::max(top, n.ib), left = std::min(left, col_of(n));
    std::vector<LatticeSite> sites(nodes.size());
    parallel_for(nodes.size(), [&](size_t i) {
      const detail::Node& n = nodes[i];
      LatticeSite& ls = sites[i];
      ls.position = n.at.position;
      ls.normal = sp.normal(n.at.face, n.at.bary);
      const Mesh& base = w.base();
      const int f = w.base_face(n.at.face);
      if (w.unrefined) {
        Eigen::Vector3d b;
        closest_point_on_triangle(ls.position, base.corner(f, 0), base.corner(f, 1), base.corner(f, 2), &b);
        const Eigen::Vector3d nrm = b[0] * base_normals.row(base.F(f, 0)).transpose() +
                                    b[1] * base_normals.row(base.F(f, 1)).transpose() +
                                    b[2] * base_normals.row(base.F(f, 2)).transpose();
        if (nrm.norm() > 0) ls.normal = nrm.normalized();
      }
      if (w.dense) {  // onto the dense surface, with its own normal (outward like the proxy's)
        const std::array<int, 3> corners = {w.proxy_vertex[base.F(f, 0)], w.proxy_vertex[base.F(f, 1)],
                                            w.proxy_vertex[base.F(f, 2)]};
        Eigen::Vector3d q = ls.position, nrm = Eigen::Vector3d::Zero();
        w.dense->project(ls.position, corners, &q, &nrm);
        ls.position = q;
        if (nrm.norm() > 0) ls.normal = sp.inward() ? Eigen::Vector3d(-nrm) : nrm;
      }
      ls.row = top - n.ib;
      ls.col = col_of(n) - left;
      ls.piece = piece_index;
    });
    std::stable_sort(sites.begin(), sites.end(), [](const LatticeSite& a, const LatticeSite& b) {
      return a.row != b.row ? a.row < b.row : a.col < b.col;
    });
    stage_done(w.dense ? "sites onto dense" : "sites");
    const size_t first = out.size();
    long dropped = 0;
    for (const LatticeSite& ls : sites) {  // a site closer than 0.7 spacing to another piece's: dropped
      bool clash = false;
      placed.near(ls.position, 0.7 * s,
                  [&](int j) { clash = clash || (out[j].position - ls.position).norm() < 0.7 * s; });
      if (clash) {
        ++dropped;
        continue;
      }
      out.push_back(ls);
    }
    rep.crowded += dropped;
    if (dropped >= 10 && 2 * dropped >= static_cast<long>(sites.size())) {
      LatticeReport::Overlap ov;
      ov.area_mm2 = area;
      ov.dropped = dropped;
      ov.sites = static_cast<long>(sites.size());
      for (const LatticeSite& ls : sites) ov.centroid_mm += ls.position / static_cast<double>(sites.size());
      rep.overlaps.push_back(ov);
    }
    for (size_t i = first; i < out.size(); ++i) placed.insert(out[i].position, static_cast<int>(i));
    ++piece_index;
  }
  if (rep.crowded > 0 && warnings)
    warnings->push_back(std::to_string(rep.crowded) +
                        " site(s) dropped where separate pieces of the region meet "
                        "(closer than 0.7x the spacing to a site of another piece)");
  std::stable_sort(rep.small_pieces.begin(), rep.small_pieces.end(),
                   [](const SmallPiece& a, const SmallPiece& b) { return a.area_mm2 > b.area_mm2; });
  std::sort(rep.small_piece_faces.begin(), rep.small_piece_faces.end());
  rep.small_piece_faces.erase(std::unique(rep.small_piece_faces.begin(), rep.small_piece_faces.end()),
                              rep.small_piece_faces.end());
  if (report) *report = std::move(rep);
  return out;
}

}  // namespace mesogrid

// Tests of lattice/coverage.hpp: the coverage step draws sites toward an uncovered edge and keeps the spacing;
// a narrow strip is covered to its edges.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <mesogrid/lattice/coverage.hpp>
#include <mesogrid/plan.hpp>

#include "../support.hpp"
#include "plane_piece.hpp"

using namespace mesogrid;

using test::grid_mesh;
using test::params;
using test::plane;

TEST_CASE("relax_coverage draws sites toward an uncovered edge and keeps the spacing") {
  // a 70 x 24 mm strip with two rows of a 10 mm lattice at y = 6 and 16: the band along the top edge is
  // farther than 7.2 mm from every site
  const test::PlanePiece piece(70, 24, -35, 0, 40);
  const detail::PieceLattice& pl = piece.pl;
  const std::vector<double>& edge_dist = piece.edge_dist;
  std::vector<detail::Node> nodes;
  for (int r = 0; r < 2; ++r)
    for (int c = -3; c <= 3; ++c) nodes.push_back(piece.node(10.0 * c, 6 + 10.0 * r, c, r));
  auto uncovered = [&](const std::vector<detail::Node>& ns) {  // share of the strip farther than 7.2 mm
    int out = 0, all = 0;
    for (double y = 0.1; y < 24; y += 0.2)
      for (double x = -34.9; x < 35; x += 0.2) {
        double best = 1e9;
        for (const auto& n : ns) best = std::min(best, (n.at.position - Eigen::Vector3d(x, y, 0)).norm());
        out += best > 7.2, ++all;
      }
    return double(out) / all;
  };
  const double before = uncovered(nodes);
  CHECK(before > 0.05);
  std::vector<detail::Node> relaxed = nodes;
  detail::CoverRelax cr;
  cr.reach = 7.2;
  CHECK(detail::relax_coverage(pl, relaxed, cr, edge_dist) > 0);
  CHECK(uncovered(relaxed) < 0.6 * before);
  REQUIRE(relaxed.size() == nodes.size());
  for (size_t i = 0; i < relaxed.size(); ++i) {
    double nn = 1e9;
    for (size_t j = 0; j < relaxed.size(); ++j)
      if (j != i) nn = std::min(nn, (relaxed[i].at.position - relaxed[j].at.position).norm());
    CHECK(nn >= 9 - 1e-6);
    CHECK(nn <= 11 + 1e-6);
    CHECK(std::abs(relaxed[i].at.position.z()) < 1e-9);  // still on the strip
  }
}

TEST_CASE("a narrow strip is covered to its edges: coverage gap and spacing judged on the skin") {
  // 70 x 24 mm, 2.4 rows of 10 mm: rows alone leave the long edges open; the plan must cover the strip
  // (99th percentile of the distance to the nearest site under 0.75 spacing) with spacing within 10%
  const Plan plan = make_plan(plane(70, 24, -35, 0, 40), params(10, LatticeKind::square));
  std::vector<double> d;
  for (double y = 0.1; y < 24; y += 0.2)
    for (double x = -34.9; x < 35; x += 0.2) {
      double best = 1e9;
      for (const Site& s : plan.sites) best = std::min(best, (s.position - Eigen::Vector3d(x, y, 0)).norm());
      d.push_back(best);
    }
  std::sort(d.begin(), d.end());
  CHECK(d[size_t(0.99 * double(d.size()))] / 10 < 0.75);
  CHECK(plan.summary.spacing_min_mm >= 9 - 1e-6);
  CHECK(plan.summary.spacing_max_mm <= 11 + 1e-6);
  for (const Site& s : plan.sites) {  // mirror-symmetric about x = 0
    double best = 1e9;
    for (const Site& t : plan.sites)
      best = std::min(best, (t.position - Eigen::Vector3d(-s.position.x(), s.position.y(), s.position.z())).norm());
    CHECK(best < 1e-6);
  }
}

TEST_CASE("relax_coverage parts a close pair: sites 0.8 spacing apart step away from each other") {
  // a 10 mm square lattice over a 70 x 70 mm plane (sites 5 mm inside the edge: every point within 7.2 mm of one);
  // the site at the centre is 2 mm off its place, 8 mm from its left neighbour (as where lattice lines end)
  const test::PlanePiece piece(70, 70, -35, -35, 35);
  const detail::PieceLattice& pl = piece.pl;
  const std::vector<double>& edge_dist = piece.edge_dist;
  std::vector<detail::Node> nodes;
  for (int r = -3; r <= 3; ++r)
    for (int c = -3; c <= 3; ++c) nodes.push_back(piece.node(10.0 * c - (r == 0 && c == 0 ? 2 : 0), 10.0 * r, c, r));
  auto nearest = [](const std::vector<detail::Node>& ns, size_t i) {
    double nn = 1e9;
    for (size_t j = 0; j < ns.size(); ++j)
      if (j != i) nn = std::min(nn, (ns[i].at.position - ns[j].at.position).norm());
    return nn;
  };
  const size_t centre = 24;
  REQUIRE(nearest(nodes, centre) == doctest::Approx(8));
  detail::CoverRelax cr;
  cr.reach = 7.2;
  std::vector<detail::Node> kept = nodes;
  detail::relax_coverage(pl, kept, cr, edge_dist);  // without the step: the pair stays as it is
  CHECK(nearest(kept, centre) == doctest::Approx(8));
  cr.spread_below = 1;
  std::vector<detail::Node> parted = nodes;
  CHECK(detail::relax_coverage(pl, parted, cr, edge_dist) > 0);
  CHECK(nearest(parted, centre) > 9.1);
  for (size_t i = 0; i < parted.size(); ++i) {  // the pair's row spreads the 2 mm; the other rows stay
    CHECK(nearest(parted, i) > 9.1);
    CHECK(std::abs(parted[i].at.position.z()) < 1e-9);
    CHECK(std::abs(parted[i].at.position.y() - nodes[i].at.position.y()) < 1e-9);
    if (nodes[i].ib != 0) CHECK((parted[i].at.position - nodes[i].at.position).norm() < 1e-12);
  }
}

// Tests of lattice/pockets.hpp: a vacancy inside a hex lattice gets a site while the piece is short of sites, and
// its ring makes room; on a mirror-symmetric piece sites go in with their images, counted against the budget.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <mesogrid/lattice/mirror.hpp>
#include <mesogrid/lattice/pockets.hpp>
#include <mesogrid/plan.hpp>

#include "../support.hpp"
#include "plane_piece.hpp"

using namespace mesogrid;

using test::grid_mesh;
using test::params;
using test::plane;

TEST_CASE("a vacancy inside a hex lattice gets a site while the count is short, and its ring makes room") {
  // 100 x 100 mm plane, hex lattice of 10 mm; the site at the centre is missing and its six neighbours
  // have drawn in to 8.2 mm from it: a site at the centre would be 0.82 spacing from them (below 0.85)
  const test::PlanePiece piece(100, 100, -50, -50, 40, 10, true);
  const detail::PieceLattice& pl = piece.pl;
  const std::vector<double>& edge_dist = piece.edge_dist;
  std::vector<detail::Node> nodes;
  for (int j = -5; j <= 5; ++j)
    for (int i = -5; i <= 5; ++i) {
      Eigen::Vector3d p(10.0 * i + (j % 2 != 0 ? 5 : 0), pl.h * j, 0);
      if (std::abs(p.x()) > 45 || std::abs(p.y()) > 45 || p.norm() < 1e-9) continue;
      if (p.norm() < 10.5) p *= 8.2 / p.norm();  // the ring around the vacancy
      nodes.push_back(piece.node(p.x(), p.y(), i, j));
    }
  auto near_centre = [](const std::vector<detail::Node>& ns, size_t from) {
    int k = 0;
    for (size_t i = from; i < ns.size(); ++i) k += ns[i].at.position.norm() < 2;
    return k;
  };
  detail::PocketFill pf;
  pf.reach = 5.7;
  pf.budget = 100;  // the pockets along the edge come first (larger); the vacancy must get its site too
  SUBCASE("the piece has the sites its area calls for: the vacancy stays") {
    std::vector<detail::Node> filled = nodes;
    pf.vacancy_below = static_cast<double>(nodes.size());
    detail::fill_pockets(pl, filled, pf, edge_dist);
    CHECK(near_centre(filled, nodes.size()) == 0);
  }
  SUBCASE("the piece is short of sites: the vacancy is filled, and after make_room the spacing holds") {
    std::vector<detail::Node> filled = nodes;
    pf.vacancy_below = static_cast<double>(nodes.size()) + 100;
    std::vector<size_t> vacancies;
    REQUIRE(detail::fill_pockets(pl, filled, pf, edge_dist, &vacancies) >= 1);
    CHECK(near_centre(filled, nodes.size()) == 1);
    REQUIRE(!vacancies.empty());
    detail::make_room(pl, filled, nodes.size(), vacancies, pf.vacancy_nn * pl.s);
    int centre = -1;
    for (size_t i = 0; i < filled.size(); ++i)
      if (filled[i].at.position.norm() < 2) centre = static_cast<int>(i);
    REQUIRE(centre >= 0);
    double nn = 1e9;
    for (size_t i = 0; i < filled.size(); ++i)
      if (static_cast<int>(i) != centre) nn = std::min(nn, (filled[i].at.position - filled[centre].at.position).norm());
    MESSAGE("nearest site to the filled vacancy after make_room: " << nn << " mm");
    CHECK(nn >= 9);
    for (const auto& n : filled) CHECK(std::abs(n.at.position.z()) < 1e-9);
  }
}

TEST_CASE("on a mirror-symmetric piece a pocket site goes in with its mirror image, both counted") {
  // 100 x 100 mm plane, symmetric about x = 0 (the default frame's midline; +x is the subject's left), square
  // lattice of 10 mm at +-5, +-15, ... +-45 mm: it covers the plane exactly. Holes: (35, 25) and its image
  // (-35, 25); (-35, -25) alone, on the right.
  const test::PlanePiece piece(100, 100, -50, -50, 40);
  const detail::PieceLattice& pl = piece.pl;
  const std::vector<double>& edge_dist = piece.edge_dist;
  std::vector<detail::Node> nodes;
  auto hole = [](double x, double y) {
    return (std::abs(x - 35) < 1 && std::abs(y - 25) < 1) || (std::abs(x + 35) < 1 && std::abs(y - 25) < 1) ||
           (std::abs(x + 35) < 1 && std::abs(y + 25) < 1);
  };
  for (int j = 0; j < 10; ++j)
    for (int i = 0; i < 10; ++i) {
      const double x = 10.0 * i - 45, y = 10.0 * j - 45;
      if (!hole(x, y)) nodes.push_back(piece.node(x, y, i, j));
    }
  detail::PocketFill pf;
  pf.reach = 7.0;
  pf.mirror = true;
  auto added_at = [&](const std::vector<detail::Node>& filled, double x, double y) {
    int k = 0;
    for (size_t i = nodes.size(); i < filled.size(); ++i)
      k += (filled[i].at.position - Eigen::Vector3d(x, y, 0)).norm() < 2.5;
    return k;
  };
  SUBCASE("budget 2: the left hole and its image; the lone right hole is left to mirror_sites") {
    std::vector<detail::Node> filled = nodes;
    pf.budget = 2;
    CHECK(detail::fill_pockets(pl, filled, pf, edge_dist) == 2);
    CHECK(added_at(filled, 35, 25) == 1);
    CHECK(added_at(filled, -35, 25) == 1);
    CHECK(added_at(filled, -35, -25) == 0);
    const size_t before_mirror = filled.size();
    detail::mirror_sites(pl, filled);
    CHECK(filled.size() == before_mirror + 1);  // (35, -25)'s image fills the lone hole: the lattice's own site
  }
  SUBCASE("budget 1: a pair does not fit, so nothing is added (the mirror would have made it two)") {
    std::vector<detail::Node> filled = nodes;
    pf.budget = 1;
    CHECK(detail::fill_pockets(pl, filled, pf, edge_dist) == 0);
  }
  SUBCASE("without the mirror rule each hole takes one site") {
    std::vector<detail::Node> filled = nodes;
    pf.mirror = false;
    pf.budget = 3;
    CHECK(detail::fill_pockets(pl, filled, pf, edge_dist) == 3);
    CHECK(added_at(filled, -35, -25) == 1);
  }
}

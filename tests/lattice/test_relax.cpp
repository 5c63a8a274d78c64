// Tests of lattice/relax.hpp: thinning keeps the first site of a close pair; relaxation leaves an exact lattice
// where it is and pushes a squeezed pair apart toward the spacing, on the surface.
#include <doctest/doctest.h>

#include <mesogrid/lattice/relax.hpp>

#include "../support.hpp"
#include "plane_piece.hpp"

using namespace mesogrid;
using namespace mesogrid::detail;

namespace {
struct Setup : test::PlanePiece {
  Setup() : PlanePiece(100, 100, 0, 0, 10) {}
  Node at(double x, double y) const { return node(x, y); }
};
}  // namespace

TEST_CASE("thin_sites keeps the first of a close pair") {
  const Setup s;
  std::vector<Node> nodes = {s.at(50, 50), s.at(52, 50), s.at(70, 50)};
  CHECK(thin_sites(nodes, 6) == 1);
  REQUIRE(nodes.size() == 2);
  CHECK(nodes[0].at.position.x() == doctest::Approx(50));
  CHECK(nodes[1].at.position.x() == doctest::Approx(70));
}

TEST_CASE("relax_sites: an exact lattice stays put; a squeezed pair moves apart, on the plane") {
  const Setup s;
  std::vector<Node> grid;
  for (int i = 1; i <= 9; ++i)
    for (int j = 1; j <= 9; ++j) grid.push_back(s.at(10.0 * i, 10.0 * j));
  std::vector<Node> relaxed = grid;
  relax_sites(s.pl, relaxed, 40);
  for (size_t i = 0; i < grid.size(); ++i) CHECK(relaxed[i].at.position == grid[i].at.position);
  std::vector<Node> pair = {s.at(46, 50), s.at(54, 50)};
  relax_sites(s.pl, pair, 40);
  const double d = (pair[1].at.position - pair[0].at.position).norm();
  CHECK(d > 9.9);
  CHECK(d < 10.2);
  for (const Node& n : pair) CHECK(n.at.position.z() == 0);
}

// Tests of lattice/piece.hpp: what the steps of one piece derive from its spacing, row height and margin.
#include <doctest/doctest.h>

#include <mesogrid/lattice/piece.hpp>

using namespace mesogrid::detail;

TEST_CASE("keep depth, neighbour cut and full degree of square and hexagonal lattices") {
  PieceLattice sq;
  sq.s = 10, sq.h = 10, sq.margin = 5;
  CHECK(sq.keep_depth() == 0);  // a margin of half a row: sites may reach the edge band
  CHECK(sq.neighbour_cut() == doctest::Approx(12.5));
  CHECK(sq.full_degree() == 4);
  PieceLattice hex = sq;
  hex.hex = true;
  hex.h = 10 * 0.8660254037844386;
  hex.margin = 8;
  CHECK(hex.keep_depth() == doctest::Approx(8 - hex.h / 2));
  CHECK(hex.neighbour_cut() == doctest::Approx(13.5));
  CHECK(hex.full_degree() == 6);
}

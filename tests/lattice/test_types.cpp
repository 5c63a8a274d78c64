// Tests of lattice/types.hpp: lattice names and the geometry of square and hex lattices.
#include <doctest/doctest.h>

#include <cmath>
#include <mesogrid/lattice/types.hpp>

using namespace mesogrid;

TEST_CASE("names both ways") {
  CHECK(lattice_from_name("square") == LatticeKind::square);
  CHECK(lattice_from_name("hex") == LatticeKind::hex);
  CHECK(lattice_from_name("hexagonal") == LatticeKind::hex);
  CHECK_FALSE(lattice_from_name("triangle"));
  CHECK(lattice_name(LatticeKind::hex) == "hex");
}

TEST_CASE("row spacing and cell area: s and s² (square), s√3/2 and s²√3/2 (hex)") {
  CHECK(lattice_row_spacing(LatticeKind::square, 10) == 10);
  CHECK(lattice_cell_area(LatticeKind::square, 10) == 100);
  CHECK(lattice_row_spacing(LatticeKind::hex, 10) == doctest::Approx(5 * std::sqrt(3.0)));
  CHECK(lattice_cell_area(LatticeKind::hex, 10) == doctest::Approx(50 * std::sqrt(3.0)));
}

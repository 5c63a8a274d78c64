// Tests of io/types.hpp: the names of the units and the scale to mm.
#include <doctest/doctest.h>

#include <mesogrid/io/types.hpp>

using namespace mesogrid;

TEST_CASE("units: names both ways, case-insensitive, nothing else accepted") {
  CHECK(units_from_name("auto") == Units::automatic);
  CHECK(units_from_name("Automatic") == Units::automatic);
  CHECK(units_from_name("mm") == Units::mm);
  CHECK(units_from_name("CM") == Units::cm);
  CHECK(units_from_name("m") == Units::m);
  CHECK(units_from_name("in") == Units::in);
  CHECK(units_from_name("Inch") == Units::in);
  CHECK(units_from_name("um") == Units::um);
  CHECK_FALSE(units_from_name("ft"));
  CHECK_FALSE(units_from_name(""));
  CHECK_FALSE(units_from_name("m\r\nmm"));
  for (Units u : {Units::automatic, Units::um, Units::mm, Units::cm, Units::m, Units::in})
    CHECK(units_from_name(units_name(u)) == u);
}

TEST_CASE("units: one unit in mm") {
  CHECK(units_scale_mm(Units::mm) == 1);
  CHECK(units_scale_mm(Units::cm) == 10);
  CHECK(units_scale_mm(Units::m) == 1000);
  CHECK(units_scale_mm(Units::in) == 25.4);
  CHECK(units_scale_mm(Units::um) == 0.001);
  CHECK(units_scale_mm(Units::automatic) == 1);
}

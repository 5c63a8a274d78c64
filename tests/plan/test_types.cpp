// Tests of plan/types.hpp: advance directions by name, the insertion length of resolved parameters.
#include <doctest/doctest.h>

#include <cmath>
#include <mesogrid/plan/types.hpp>

using namespace mesogrid;

TEST_CASE("advance names both ways") {
  for (Advance a : {Advance::down, Advance::up, Advance::medial, Advance::lateral})
    CHECK(advance_from_name(advance_name(a)) == a);
  CHECK_FALSE(advance_from_name("sideways"));
  CHECK(advance_from_name("Down") == Advance::down);  // names are matched in any case
  CHECK(advance_from_name("LATERAL") == Advance::lateral);
}

TEST_CASE("insertion length: depth / sin(angle)") {
  ResolvedParams r{};
  r.depth_mm = 2;
  r.angle_deg = 30;
  CHECK(r.insertion_mm() == doctest::Approx(4));
  r.angle_deg = 90;
  CHECK(r.insertion_mm() == doctest::Approx(2));
}

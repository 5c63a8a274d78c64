// Tests of plan/skin_depth.hpp: a depth below the dermis of any planned region warns, naming each region, its
// thickness and source, and the depth to use (a parameter the caller names).
#include <doctest/doctest.h>

#include <mesogrid/plan/skin_depth.hpp>

using namespace mesogrid;

TEST_CASE("nappage below the eyelid dermis warns; epidermic at 0.5 mm does not; the sex columns") {
  const auto w = skin_depth_warning(Technique::nappage, 2.0, {"periorbital_left", "forehead"}, Sex::thinner);
  REQUIRE(w);
  CHECK(w->str() ==
        "depth 2.00 mm goes below the dermis (thinner of female/male skin: epidermis + dermis) of periorbital_left "
        "0.75 mm (eyelid, Meng 2022); forehead 1.06 mm (forehead, Meng 2022): nappage is meant for the superficial "
        "dermis; use depth 0.75mm or less there");
  CHECK(w->str([](Param p, bool) -> std::string {
           return p == Param::depth ? "--depth" : "?";
         }).find("use --depth 0.75mm or less there") != std::string::npos);
  CHECK_FALSE(skin_depth_warning(Technique::epidermic, 0.5, {"periorbital_left", "forehead"}, Sex::thinner));
  CHECK_FALSE(skin_depth_warning(Technique::epidermic, 1.1, {"forehead"}, Sex::male));
  CHECK(skin_depth_warning(Technique::epidermic, 1.1, {"forehead"}, Sex::female));
  CHECK_FALSE(skin_depth_warning(Technique::point_by_point, 9, {"neck"}, Sex::female));  // no row for the neck
}

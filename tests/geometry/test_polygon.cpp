// Tests of geometry/polygon.hpp: the even-odd rule, convex and concave polygons, either orientation.
#include <doctest/doctest.h>

#include <mesogrid/geometry/polygon.hpp>

using mesogrid::detail::inside_polygon;

TEST_CASE("inside a concave L, outside its notch, either orientation") {
  std::vector<Eigen::Vector2d> L = {{0, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 2}, {0, 2}};
  for (int pass = 0; pass < 2; ++pass) {
    CHECK(inside_polygon(L, {0.5, 0.5}));
    CHECK(inside_polygon(L, {0.5, 1.5}));
    CHECK(inside_polygon(L, {1.5, 0.5}));
    CHECK_FALSE(inside_polygon(L, {1.5, 1.5}));  // the notch
    CHECK_FALSE(inside_polygon(L, {3, 0.5}));
    std::reverse(L.begin(), L.end());
  }
}

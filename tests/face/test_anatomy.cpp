// Tests of face/anatomy.hpp: the built-in face has its 14 regions, exactly mirror-symmetric, with sane areas.
#include <doctest/doctest.h>

#include <cmath>
#include <mesogrid/face/anatomy.hpp>

#include "face_support.hpp"

using namespace mesogrid;
using namespace mesogrid::test;

TEST_CASE("the built-in face has the 14 regions, exactly mirror-symmetric, with sane areas") {
  const auto a = areas();
  for (const char* n : names) CHECK_MESSAGE(a.count(n) == 1, n);
  for (const char* stem : {"temple", "periorbital", "cheek", "nasolabial", "jawline"}) {
    const double l = a.at(std::string(stem) + "_left"), r = a.at(std::string(stem) + "_right");
    CHECK(std::abs(l - r) <= 0.03 * l);
  }
  CHECK(a.at("forehead") > a.at("chin"));
  CHECK(a.at("forehead") > a.at("glabella"));
  CHECK(a.at("cheek_left") > a.at("nasolabial_left"));
  CHECK(a.at("full_face") < a.at("all"));
  // documented in README (Regions): within 10%
  CHECK(a.at("forehead") == doctest::Approx(39.5).epsilon(0.1));
  CHECK(a.at("cheek_left") == doctest::Approx(27.9).epsilon(0.1));
  CHECK(a.at("chin") == doctest::Approx(16.1).epsilon(0.1));
  CHECK(a.at("cheeks") == doctest::Approx(2 * a.at("cheek_left")));
  const std::vector<int> mir = mirror_map(face(), 1e-9);
  for (int i = 0; i < static_cast<int>(mir.size()); ++i)
    CHECK(mir[static_cast<size_t>(mir[static_cast<size_t>(i)])] == i);
}

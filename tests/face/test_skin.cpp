// Tests of face/skin.hpp: skin layers per region and sex (the thinner of the two by default), sides share a row.
#include <doctest/doctest.h>

#include <mesogrid/face/skin.hpp>

using namespace mesogrid;

TEST_CASE("layers: eyelid, forehead, sides, unknown regions; sex names") {
  CHECK(skin_layers("periorbital_left", Sex::thinner)->total_mm() == doctest::Approx(0.75));
  CHECK(skin_layers("periorbital_right", Sex::thinner)->total_mm() == doctest::Approx(0.75));
  CHECK(skin_layers("forehead", Sex::male)->total_mm() == doctest::Approx(1.39));
  CHECK(skin_layers("forehead", Sex::female)->total_mm() == doctest::Approx(1.06));
  CHECK(skin_layers("forehead", Sex::thinner)->total_mm() == doctest::Approx(1.06));
  CHECK(skin_layers("cheek_left", Sex::thinner)->row->site == "zygoma (malar)");
  CHECK_FALSE(skin_layers("red_lip", Sex::female).has_value());  // no source gives a lip dermis
  CHECK(sex_from_name("f") == Sex::female);
  CHECK(sex_from_name("M") == Sex::male);
  CHECK(sex_from_name("female") == Sex::female);
  CHECK_FALSE(sex_from_name("x"));
  CHECK(sex_name(Sex::thinner) == "thinner of female/male");
}

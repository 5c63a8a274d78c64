// Tests of plan/skin_depth.hpp: the layer of each technique in the local skin, the layer of a tip, and the
// warning for an asked depth below the layer (one line; the depth it suggests stays in every region's layer).
#include <doctest/doctest.h>

#include <mesogrid/plan/skin_depth.hpp>

using namespace mesogrid;

TEST_CASE("layers: epidermic E/2..E+0.2D, nappage E..E+0.5D, point-by-point E+0.5D..E+D") {
  const SkinLayers f = *skin_layers("forehead", Sex::female);  // 0.20 + 0.86
  const LayerRange e = technique_layer(Technique::epidermic, f), n = technique_layer(Technique::nappage, f),
                   p = technique_layer(Technique::point_by_point, f);
  CHECK(e.top_mm == doctest::Approx(0.10));
  CHECK(e.bottom_mm == doctest::Approx(0.372));
  CHECK(n.top_mm == doctest::Approx(0.20));
  CHECK(n.bottom_mm == doctest::Approx(0.63));
  CHECK(p.top_mm == doctest::Approx(0.63));
  CHECK(p.bottom_mm == doctest::Approx(1.06));
  CHECK(layer_at_depth(0.1, f) == SkinLayer::epidermis);
  CHECK(layer_at_depth(0.5, f) == SkinLayer::dermis);
  CHECK(layer_at_depth(1.06, f) == SkinLayer::dermis);
  CHECK(layer_at_depth(1.2, f) == SkinLayer::subcutis);
  CHECK(skin_layer_name(SkinLayer::subcutis) == "subcutis");
}

TEST_CASE("skin rows: nose, eyelid(s), neck; the generic row is the thinnest outside the eyelid") {
  CHECK(skin_layers("nose", Sex::female)->total_mm() == doctest::Approx(1.12));
  CHECK(skin_layers("eyelids", Sex::male)->total_mm() == doctest::Approx(0.85));
  CHECK(skin_layers("neck", Sex::thinner)->total_mm() == doctest::Approx(0.17 + 0.98));
  CHECK_FALSE(skin_layers("other", Sex::female));
  CHECK(generic_skin_layers(Sex::thinner).total_mm() == doctest::Approx(0.98));  // the temple
  CHECK(generic_skin_layers(Sex::male).total_mm() == doctest::Approx(1.00));     // nasolabial / perioral
  CHECK(skin_layers_or_generic("other", Sex::thinner).total_mm() == doctest::Approx(0.98));
  CHECK(skin_layers_or_generic("other", Sex::thinner).region == "other");
}

TEST_CASE("an asked depth below the layer: one line naming regions and counts; the fix is the shallowest bottom") {
  const auto w = depth_below_layer_warning(Technique::nappage, 2.0,
                                           {{"forehead", 466, 0.63}, {"periorbital_left", 92, 0.461}}, Sex::thinner);
  REQUIRE(w);
  CHECK(w->str() ==
        "depth 2.00 mm goes below nappage's layer (the superficial dermis, thinner of female/male skin) in forehead "
        "(466 sites, layer ends at 0.63 mm), periorbital_left (92 sites, layer ends at 0.46 mm): omit depth (the "
        "depth then follows the skin) or use depth 0.46mm or less");
  CHECK_FALSE(depth_below_layer_warning(Technique::nappage, 2.0, {}, Sex::thinner));
}

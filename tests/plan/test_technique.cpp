// Tests of plan/technique.hpp: the three presets in order, their ranges contain them, names both ways.
#include <doctest/doctest.h>

#include <mesogrid/plan/technique.hpp>

using namespace mesogrid;

TEST_CASE("presets: order, lattice kinds, each value inside its own range") {
  const auto& p = technique_presets();
  CHECK(p[0].name == "point-by-point");
  CHECK(p[1].name == "nappage");
  CHECK(p[2].name == "epidermic");
  CHECK(preset(Technique::nappage).lattice == LatticeKind::hex);
  for (const auto& t : p) {
    CHECK(t.depth_range_mm.contains(t.depth_mm));
    CHECK(t.spacing_range_mm.contains(t.spacing_mm));
    CHECK(t.volume_range_ml.contains(t.volume_ml));
    CHECK(t.angle_range_deg.contains(t.angle_deg));
    CHECK(!t.sources.empty());
  }
}

TEST_CASE("names: the presets' own, case-insensitive, '_' for '-', pbp; nothing else") {
  CHECK(technique_from_name("point-by-point") == Technique::point_by_point);
  CHECK(technique_from_name("Point_By_Point") == Technique::point_by_point);
  CHECK(technique_from_name("pbp") == Technique::point_by_point);
  CHECK(technique_from_name("NAPPAGE") == Technique::nappage);
  CHECK(technique_from_name("epidermic") == Technique::epidermic);
  CHECK_FALSE(technique_from_name("botox"));
  CHECK(technique_name(Technique::epidermic) == "epidermic");
}

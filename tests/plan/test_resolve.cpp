// Tests of plan/resolve.hpp: presets fill what was not asked; impossible values are refused with the value and the
// bound; values outside the clinical range are warnings, worded with the technique's range.
#include <doctest/doctest.h>

#include <cmath>
#include <mesogrid/plan/resolve.hpp>

#include "../support.hpp"

using namespace mesogrid;

TEST_CASE("presets fill the gaps; the margin is half the spacing; ranges warn") {
  PlanParams p;
  p.technique = Technique::nappage;
  std::vector<Message> w;
  const ResolvedParams r = resolve_params(p, w);
  CHECK(r.spacing_mm == 3);
  CHECK(r.depth_mm == 2);
  CHECK(r.margin_mm == 1.5);
  CHECK(r.lattice == LatticeKind::hex);
  CHECK(w.empty());
  p.spacing_mm = 6;
  p.angle_deg = 80;
  const ResolvedParams r2 = resolve_params(p, w);
  CHECK(r2.margin_mm == 3);
  REQUIRE(w.size() == 2);
  CHECK(w[0].str() == "spacing 6 mm is outside the nappage range 2-4 mm");
  CHECK(w[1].str() == "needle angle 80 deg is outside the nappage range 30-60 deg");
}

TEST_CASE("impossible values: refused one by one, naming the value and the bound") {
  auto msg = [](auto set) {
    PlanParams p;
    set(p);
    ErrorKind kind{};
    const std::string m = test::error_of([&] { check_plan_values(p); }, &kind);
    CHECK(kind == ErrorKind::usage);
    return m;
  };
  CHECK(msg([](PlanParams& p) { p.depth_mm = 14; }) ==
        "depth 14 mm is not possible: it must be > 0 and <= 13 mm (the longest needle)");
  CHECK(msg([](PlanParams& p) { p.spacing_mm = 0.5; }) == "spacing 0.5 mm is not possible: it must be at least 1 mm");
  CHECK(msg([](PlanParams& p) { p.volume_ml = 0; }) == "volume 0 mL per site is not possible: it must be > 0");
  CHECK(msg([](PlanParams& p) { p.angle_deg = 91; }) == "angle 91 deg is not possible: it must be in (0, 90]");
  CHECK(msg([](PlanParams& p) { p.margin_mm = -1; }) == "margin -1 mm is not possible: it must be >= 0");
  CHECK(msg([](PlanParams& p) { p.total_volume_ml = 0; }) == "total volume 0 mL is not possible: it must be > 0");
  CHECK(msg([](PlanParams& p) { p.injector_rate = -1; }) ==
        "injector rate -1 sites/min is not possible: it must be > 0");
  CHECK(msg([](PlanParams& p) { p.max_sites = 0; }) == "max_sites 0 must be at least 1");
  PlanParams ok;
  CHECK_NOTHROW(check_plan_values(ok));  // presets (NaN) are not checked
  std::vector<Message> w;
  ok.depth_mm = 20;
  CHECK_THROWS_AS(resolve_params(ok, w), Error);
}

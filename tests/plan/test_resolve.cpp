// Tests of plan/resolve.hpp: presets fill what was not asked; impossible values are refused with the value and the
// bound; values outside the clinical range are notes (a volume above it a warning); an insertion longer than the
// needle is refused.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <mesogrid/plan/resolve.hpp>

#include "../support.hpp"

using namespace mesogrid;

TEST_CASE("presets fill the gaps; the margin is half the spacing; ranges give notes, a large volume a warning") {
  PlanParams p;
  p.technique = Technique::nappage;
  std::vector<Message> w, n;
  const ResolvedParams r = resolve_params(p, w, &n);
  CHECK(r.spacing_mm == 3);
  CHECK(r.depth_mm == 2);
  CHECK_FALSE(r.depth_given);
  CHECK(r.volume_ml == 0.001);
  CHECK(r.needle_mm == 4);
  CHECK(r.session_max_ml == 3);
  CHECK(r.margin_mm == 1.5);
  CHECK(r.lattice == LatticeKind::hex);
  CHECK(w.empty());
  CHECK(n.empty());
  p.spacing_mm = 6;
  p.angle_deg = 80;
  p.depth_mm = 0.5;  // no depth range: the layer is the range
  const ResolvedParams r2 = resolve_params(p, w, &n);
  CHECK(r2.margin_mm == 3);
  CHECK(r2.depth_given);
  CHECK(w.empty());
  REQUIRE(n.size() == 2);
  CHECK(n[0].str() == "spacing 6 mm is outside the nappage range 2-4 mm");
  CHECK(n[1].str() == "needle angle 80 deg is outside the nappage range 30-60 deg");
  p.volume_ml = 0.005;
  n.clear();
  (void)resolve_params(p, w, &n);
  REQUIRE(w.size() == 1);
  CHECK(w[0].str() ==
        "volume per site 0.005 mL is above the nappage range 0.0005-0.002 mL: risk of nodules and pooling of product");
}

TEST_CASE("an insertion longer than the needle is refused, naming the needle, the depth and the angle that fit") {
  PlanParams p;
  p.technique = Technique::nappage;
  p.depth_mm = 4;
  p.angle_deg = 30;
  std::vector<Message> w;
  CHECK(test::error_of([&] { (void)resolve_params(p, w); }) ==
        "insertion 8.00 mm (depth 4.00 mm at 30°) is longer than the 4 mm needle (nappage preset; needle to name "
        "yours): at 30° the deepest that fits is 2.00 mm, at 4.00 mm deep the needle must stand at 90° or more");
  p.depth_mm = 2;  // exactly the needle: fits
  CHECK_NOTHROW(resolve_params(p, w));
  p.depth_mm = 2.5;  // asin(2.5 / 4) = 38.68°
  CHECK(test::error_of([&] { (void)resolve_params(p, w); }).find("must stand at 38.7° or more") != std::string::npos);
  p.depth_mm = 5;
  p.angle_deg = 90;
  CHECK(test::error_of([&] { (void)resolve_params(p, w); }).find("no angle fits 5.00 mm deep") != std::string::npos);
  p.needle_mm = 13;
  CHECK_NOTHROW(resolve_params(p, w));
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
        "depth 14 mm is not possible: it must be at least 0.01 mm (the depth the outputs write to) and at most 13 mm "
        "(the longest needle)");
  CHECK(msg([](PlanParams& p) { p.spacing_mm = 0.5; }) ==
        "spacing 0.5 mm is not possible: it must be at least 1 mm and at most 1e+06 mm (1 km)");
  CHECK(msg([](PlanParams& p) { p.volume_ml = 0; }) ==
        "volume 0 mL per site is not possible: it must be at least 0.00001 mL (10 nL, the volume the outputs write "
        "to) and at most 1000 mL");
  CHECK(msg([](PlanParams& p) { p.angle_deg = 91; }) == "angle 91 deg is not possible: it must be from 1 to 90 deg");
  CHECK(msg([](PlanParams& p) { p.margin_mm = -1; }) ==
        "margin -1 mm is not possible: it must be >= 0 and at most 1e+06 mm (1 km)");
  CHECK(msg([](PlanParams& p) { p.total_volume_ml = 0; }) ==
        "total volume 0 mL is not possible: it must be at least 0.00001 mL (10 nL, the volume the outputs write to) "
        "and at most 1e+06 mL");
  CHECK(msg([](PlanParams& p) { p.injector_rate = -1; }) ==
        "injector rate -1 sites/min is not possible: it must be from 0.001 to 1e+06 sites/min");
  CHECK(msg([](PlanParams& p) { p.max_sites = 0; }) == "max_sites 0 must be from 1 to 10000000");
  // upper bounds: every derived number stays finite (insertion, totals, session time), the lattice stays bounded
  CHECK(msg([](PlanParams& p) { p.spacing_mm = 2e6; }).find("at most 1e+06 mm") != std::string::npos);
  CHECK(msg([](PlanParams& p) { p.margin_mm = 1e20; }).find("margin 1e+20 mm") != std::string::npos);
  CHECK(msg([](PlanParams& p) { p.angle_deg = 1e-320; }).find("from 1 to 90 deg") != std::string::npos);
  CHECK(msg([](PlanParams& p) { p.volume_ml = 1e308; }).find("at most 1000 mL") != std::string::npos);
  CHECK(msg([](PlanParams& p) { p.total_volume_ml = 1e308; }).find("at most 1e+06 mL") != std::string::npos);
  CHECK(msg([](PlanParams& p) { p.injector_rate = 1e-320; }).find("from 0.001") != std::string::npos);
  CHECK(msg([](PlanParams& p) { p.max_sites = 9'000'000'000'000'000'000; }).find("from 1 to 10000000") !=
        std::string::npos);
  CHECK(msg([](PlanParams& p) { p.needle_mm = 20; }) == "needle 20 mm is not possible: it must be > 0 and <= 13 mm");
  const std::string session_range =
      " mL is not possible: it must be at least 0.00001 mL (10 nL, the volume the outputs write to) and at most "
      "1e+06 mL";
  CHECK(msg([](PlanParams& p) { p.session_max_ml = 0; }) == "session budget 0" + session_range);
  CHECK(msg([](PlanParams& p) { p.session_max_ml = 1e-300; }) == "session budget 1e-300" + session_range);
  CHECK(msg([](PlanParams& p) { p.session_max_ml = 9e-6; }) == "session budget 9e-06" + session_range);
  CHECK(msg([](PlanParams& p) { p.session_max_ml = 2e6; }) == "session budget 2e+06" + session_range);
  // below the outputs' resolution (a depth or volume that would be written as 0), and the refused value as given
  CHECK(msg([](PlanParams& p) { p.depth_mm = 0.001; }).find("depth 0.001 mm is not possible") != std::string::npos);
  CHECK(msg([](PlanParams& p) { p.depth_mm = 13.0001; }).find("depth 13.0001 mm") != std::string::npos);
  CHECK(msg([](PlanParams& p) { p.volume_ml = 1e-9; }).find("volume 1e-09 mL per site") != std::string::npos);
  CHECK(msg([](PlanParams& p) { p.total_volume_ml = 9e-6; }).find("at least 0.00001 mL") != std::string::npos);
  PlanParams ok;
  CHECK_NOTHROW(check_plan_values(ok));     // presets (NaN) are not checked
  ok.depth_mm = 0.01, ok.volume_ml = 1e-5;  // the resolution itself is a value
  CHECK_NOTHROW(check_plan_values(ok));
  ok.depth_mm = ok.volume_ml = std::numeric_limits<double>::quiet_NaN();
  std::vector<Message> w;
  ok.depth_mm = 20;
  CHECK_THROWS_AS(resolve_params(ok, w), Error);
}

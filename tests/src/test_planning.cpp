// Tests of src/planning.hpp: a request on a face gets the face's frame and zones before the user's, the built-in
// face plans mirror-exact, --zones off warns first; a plain mesh keeps only the user's zones.
#include <doctest/doctest.h>

#include "planning.hpp"

#include "src_support.hpp"

using namespace mesogrid;
using namespace mesogrid::cli;

TEST_CASE("the built-in face: its zones, then the user's; mirror-exact; --zones off warns") {
  static const Face face = load_face(FaceSource{});
  PlanFlags f;
  f.exclude = {"sphere:0,60,50,5"};
  PlanRequest req = parse_plan_flags(f, "table");
  const PlanParams p = plan_params(req, face);
  REQUIRE(p.zones.size() == 28);
  CHECK(p.zones.back().name == "user_sphere_1");
  CHECK(p.mirror_mesh);
  CHECK(p.report_mirror);
  req.builtin_zones = false;
  std::vector<std::string> warnings;
  const PlanParams off = plan_params(req, face, &warnings);
  CHECK(off.zones.size() == 1);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0] == zones_off_warning);
  f.region = "chin";
  req = parse_plan_flags(f, "table");
  req.builtin_zones = false;
  const Plan plan = plan_on_face(req, face);
  REQUIRE(!plan.warnings.empty());
  CHECK(plan.warnings[0].str() == zones_off_warning);
  const PlanContext c = plan_context(face);
  CHECK(c.mesh == "built-in face");
  CHECK(c.fit == nullptr);
}

TEST_CASE("a plain mesh: the frame asked, the user's zones only, one warning: no danger zones (also --zones off)") {
  PlanFlags f;
  f.mesh = test::data_dir + "/cli/plane_100mm.obj";
  f.up = "+z";
  f.front = "-y";
  f.zones = "off";
  const PlanRequest req = parse_plan_flags(f, "table");
  const Face face = load_face(req.face);
  std::vector<std::string> warnings;
  const PlanParams p = plan_params(req, face, &warnings);
  CHECK(p.zones.empty());
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0] == no_zones_warning);
  CHECK_FALSE(p.mirror_mesh);
  CHECK_FALSE(p.report_mirror);
  CHECK(p.frame.up == Eigen::Vector3d(0, 0, 1));
}

TEST_CASE("--exclude spheres: each number in mm or with a length unit; a bad one named") {
  static const Face face = load_face(FaceSource{});
  PlanFlags f;
  f.exclude = {"sphere:-2.5cm, 6cm ,50mm,0.5cm"};
  const PlanParams p = plan_params(parse_plan_flags(f, "table"), face);
  REQUIRE_FALSE(p.zones.empty());
  REQUIRE(p.zones.back().path.size() == 1);
  CHECK(p.zones.back().path[0].isApprox(Eigen::Vector3d(-25, 60, 50)));
  CHECK(p.zones.back().radius_mm == doctest::Approx(5));
  for (const auto& [bad, says] :
       std::vector<std::pair<std::string, std::string>>{{"sphere:1,2,3,5kg", "unknown unit"},
                                                        {"sphere:1,2,3,-5", "negative"},
                                                        {"sphere:1,x,3,5", "Y 'x' is not a length"},
                                                        {"sphere:1,2,3,0", "radius must be > 0"}}) {
    CAPTURE(bad);
    PlanFlags g;
    g.exclude = {bad};
    ErrorKind kind{};
    const std::string m = test::cli_error([&] { parse_plan_flags(g, "table"); }, &kind);
    CHECK(kind == ErrorKind::usage);
    CHECK(m.find("--exclude '" + bad + "'") != std::string::npos);
    CHECK(m.find(says) != std::string::npos);
  }
}

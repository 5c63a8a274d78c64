// Every header together in one translation unit (catches clashing definitions), and the library's main
// path end to end: the built-in face read from memory and planned.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <mesogrid/mesogrid.hpp>

TEST_CASE("all headers compile together; the built-in face plans through the library alone") {
  mesogrid::LoadOptions lo;
  lo.units = mesogrid::Units::cm;
  const mesogrid::Mesh face = mesogrid::read_mesh_buffer(mesogrid::builtin_face_obj(), "built-in face", lo);
  CHECK(face.num_faces() == 898);
  mesogrid::PlanParams p;
  p.technique = mesogrid::Technique::epidermic;
  const mesogrid::Plan plan = mesogrid::make_plan(face, p);
  CHECK(plan.summary.region_area_cm2 > 250);
  CHECK(plan.summary.region_area_cm2 < 500);
  CHECK(plan.summary.sites > 250);
  CHECK(plan.summary.spacing_mean_mm == doctest::Approx(10).epsilon(0.06));
}

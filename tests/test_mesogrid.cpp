// Tests of mesogrid.hpp, as a library user sees the library: header-only (built without
// MESOGRID_SEPARATE_COMPILATION, linked to nothing of the tool), every header together in one translation unit
// (catches clashing definitions), and the main paths end to end: the built-in face read from memory and planned,
// its anatomy carried onto a moved copy of itself.
#include <doctest/doctest.h>

#include <mesogrid/mesogrid.hpp>

TEST_CASE("header-only: the definitions come with the headers") { CHECK(MESOGRID_DEFINITIONS == 1); }

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

TEST_CASE("through the umbrella header: the built-in face's anatomy carried onto a moved copy of itself") {
  using namespace mesogrid;
  LoadOptions lo;
  lo.units = Units::cm;
  const Mesh face = anatomical_face(read_mesh_buffer(builtin_face_obj(), "built-in face", lo));
  Mesh scan = face;
  scan.label = Eigen::VectorXi();
  scan.label_names.clear();
  scan.V.col(2).array() += 500;  // 0.5 m in front of the origin
  LandmarkFile lm;
  lm.source = "self";
  lm.set = LandmarkSet::ibug68;
  for (int k = 0; k < 68; ++k) {
    lm.index.push_back(k);
    lm.point.push_back(template_landmark(face, lm.set, k) + Eigen::Vector3d(0, 0, 500));
    lm.line.push_back(0);
  }
  const ScanTransfer t = transfer_to_scan(scan, face, lm);
  CHECK(t.fit.report.scale == doctest::Approx(1).epsilon(1e-6));
  double full = 0, full0 = 0;
  for (const auto& r : list_regions(t.mesh))
    if (r.name == "full_face") full = r.area_cm2;
  for (const auto& r : list_regions(face))
    if (r.name == "full_face") full0 = r.area_cm2;
  CHECK(full == doctest::Approx(full0).epsilon(0.01));
}

// Tests of from a raw parse to the finished mesh (io/finish.hpp): statistics notes, the units decision, the 1 km limit,
// counts in notes.
#include <doctest/doctest.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <mesogrid/io/read_mesh.hpp>
#include <string>

#include "io_support.hpp"

using namespace mesogrid;
using namespace mesogrid::test;
namespace fs = std::filesystem;

TEST_CASE("mesh statistics: non-manifold edge and separate pieces are notes") {
  const std::string obj =
      "v 0 0 0\nv 100 0 0\nv 0 100 0\nv 0 -100 0\nv 0 0 100\n"
      "v 500 0 0\nv 600 0 0\nv 500 100 0\n"
      "f 1 2 3\nf 2 1 4\nf 1 2 5\nf 6 7 8\n";
  LoadReport r;
  const Mesh m = read_mesh_buffer(obj, "fin.obj", {}, &r);
  CHECK(m.num_faces() == 4);
  CHECK(r.nonmanifold_edges == 1);
  CHECK(r.components == 2);
  CHECK(has_note(r, "non-manifold"));
  CHECK(has_note(r, "2 separate pieces"));
}

TEST_CASE("units: automatic detection and declared units") {
  const auto tri = [](double s) {
    return "v 0 0 0\nv " + std::to_string(s) + " 0 0\nv 0 " + std::to_string(s * 0.8) + " 0\nf 1 2 3\n";
  };
  LoadReport r;
  SUBCASE("metres") {
    const Mesh m = read_mesh_buffer(tri(0.18), "m.obj", {}, &r);
    CHECK(r.units == Units::m);
    CHECK(r.units_detected);
    CHECK(r.scale_to_mm == 1000.0);
    CHECK(m.V(1, 0) == doctest::Approx(180.0));
    CHECK(r.extent_file_units.x() == doctest::Approx(0.18));
    CHECK(has_note(r, "auto-detected m "));
  }
  SUBCASE("centimetres") {
    const Mesh m = read_mesh_buffer(tri(15.1), "cm.obj", {}, &r);
    CHECK(r.units == Units::cm);
    CHECK(m.V(1, 0) == doctest::Approx(151.0));
    CHECK(has_note(r, "units: auto-detected cm (bounding box 15.1 x 12.1 x 0 in file units), scaled to mm"));
  }
  SUBCASE("millimetres") {
    const Mesh m = read_mesh_buffer(tri(180), "mm.obj", {}, &r);
    CHECK(r.units == Units::mm);
    CHECK(r.scale_to_mm == 1.0);
    CHECK(m.V(1, 0) == 180.0);
  }
  SUBCASE("boundaries: 1 -> cm, 30 -> mm") {
    read_mesh_buffer(tri(1.0), "b1.obj", {}, &r);
    CHECK(r.units == Units::cm);
    read_mesh_buffer(tri(30.0), "b30.obj", {}, &r);
    CHECK(r.units == Units::mm);
  }
  SUBCASE("declared units override, implausible size warned") {
    LoadOptions opt;
    opt.units = Units::mm;
    const Mesh m = read_mesh_buffer(tri(0.18), "declared.obj", opt, &r);
    CHECK(r.units == Units::mm);
    CHECK_FALSE(r.units_detected);
    CHECK(m.V(1, 0) == doctest::Approx(0.18));
    CHECK(has_note(r, "implausible"));
    opt.units = Units::m;
    read_mesh_buffer(tri(180), "declared.obj", opt, &r);
    CHECK(r.scale_to_mm == 1000.0);
    CHECK(has_note(r, "implausible"));
  }
}

TEST_CASE("hostile: singular counts in messages and notes") {
  expect_buffer_error("OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n1 0\n", "one.off", {"one.off:6:", "face has 1 vertex,"});
  LoadReport r;
  read_mesh_buffer(
      "v 0 0 0\nv 100 0 0\nv 0 100 0\nv 100 0 0\nv 0 0 100\nv 0 0 -100\n"
      "f 1 2 3\nf 1 4 2\nf 1 2 5\nf 2 1 6\n",
      "fan.obj", {}, &r);
  CHECK(has_note(r, "welded 1 duplicate vertex (same position)"));
  CHECK(has_note(r, "dropped 1 degenerate triangle (repeated vertex or zero area)"));
  CHECK(has_note(r, "mesh has 1 non-manifold edge (shared by more than 2 triangles)"));
}

TEST_CASE("hostile: a mesh more than 1 km across is refused (site counts and areas would overflow)") {
  expect_buffer_error("v 0 0 0\nv 1e300 0 0\nv 0 1e300 0\nf 1 2 3\n", "huge.obj",
                      {"the mesh is 1e+297 mm across (bounding box 1e+300 x 1e+300 x 0 in file units), more than 1 km",
                       "check units or the coordinates"});
  expect_buffer_error("v -1.7e308 0 0\nv 1.7e308 0 0\nv 0 1 0\nf 1 2 3\n", "overflow.obj", {"inf mm across"});
  LoadOptions opt;
  opt.units = Units::m;
  expect_buffer_error("v 0 0 0\nv 1500 0 0\nv 0 1000 0\nf 1 2 3\n", "field.obj",
                      {"1500000 mm across (bounding box 1500 x 1000 x 0"}, opt);
  LoadReport r;
  read_mesh_buffer("v 0 0 0\nv 1000 0 0\nv 0 1000 0\nf 1 2 3\n", "field.obj", opt, &r);  // exactly 1 km
  CHECK(has_note(r, "1000000 mm across, implausible"));
}

TEST_CASE("hostile: a mesh implausible in every unit is refused with the sizes it would have") {
  // 2000 file units: 2 mm as um, 2 m as mm, 20 m as cm, 2 km as m: none is a face region's 5-1000 mm
  expect_buffer_error(
      "v 0 0 0\nv 2000 0 0\nv 0 2000 0\nf 1 2 3\n", "field.obj",
      {"field.obj: the mesh's largest side (bounding box 2000 x 2000 x 0 in file units) would be 2 mm "
       "in um, 2000 mm in mm, 20000 mm in cm, 2000000 mm in m, 50800 mm in in: none is the size of a face region "
       "(5-1000 mm)"});
  // the same with --units mm given: refused too (no unit makes it plausible)
  LoadOptions mm;
  mm.units = Units::mm;
  expect_buffer_error("v 0 0 0\nv 2000 0 0\nv 0 2000 0\nf 1 2 3\n", "field.obj", {"none is the size of a face region"},
                      mm);
  // 0.001 file units: 1 um to 1 mm: refused
  expect_buffer_error("v 0 0 0\nv 0.001 0 0\nv 0 0.001 0\nf 1 2 3\n", "dust.obj",
                      {"none is the size of a face region"});
  // plausible in another unit than the one given: a warning, not a refusal
  LoadReport r;
  read_mesh_buffer("v 0 0 0\nv 100 0 0\nv 0 100 0\nf 1 2 3\n", "plane.obj", mm, &r);
  LoadOptions um;
  um.units = Units::um;
  read_mesh_buffer("v 0 0 0\nv 100 0 0\nv 0 100 0\nf 1 2 3\n", "plane.obj", um, &r);
  CHECK(has_note(r, "warning: the mesh is 0.1 mm across, implausible for a face region (5-1000 mm)"));
}

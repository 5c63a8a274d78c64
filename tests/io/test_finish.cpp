// Tests of from a raw parse to the finished mesh (io/finish.hpp): statistics notes, the units decision, the 1 km limit,
// counts in notes, the step of 32-bit float coordinates far from the origin.
#include <doctest/doctest.h>

#include <array>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <mesogrid/face/region.hpp>
#include <mesogrid/io/finish.hpp>
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

namespace {
/// Binary PLY (little-endian) of a square of side `side` at `offset` on the x axis, x y z of type T (tname).
template <class T>
std::string offset_square_ply(const char* tname, double offset, double side, bool ascii = false) {
  std::string h = std::string("ply\nformat ") + (ascii ? "ascii" : "binary_little_endian") + " 1.0\n";
  h += std::string("element vertex 4\nproperty ") + tname + " x\nproperty " + tname + " y\nproperty " + tname + " z\n";
  h += "element face 2\nproperty list uchar int vertex_indices\nend_header\n";
  std::string b;
  for (const auto& p : sq) {
    const double v[3] = {offset + p[0] * side, p[1] * side, 0};
    if (ascii) {
      for (double x : v) b += std::to_string(x) + " ";
      b += "\n";
    } else {
      for (double x : v) put<T>(b, static_cast<T>(x), false);
    }
  }
  if (ascii) return h + b + "3 0 1 2\n3 0 2 3\n";
  for (const auto& f : {std::array<int, 3>{0, 1, 2}, std::array<int, 3>{0, 2, 3}}) {
    put<std::uint8_t>(b, 3, false);
    for (int i : f) put<std::int32_t>(b, i, false);
  }
  return h + b;
}
}  // namespace

TEST_CASE("float32 coordinates: their step at a distance from the origin") {
  const auto float32_step = [](const std::array<bool, 3>& axes, const Eigen::Vector3d& lo, const Eigen::Vector3d& hi) {
    return detail::coordinate_step(axes, lo, hi);
  };
  const std::array<bool, 3> all{true, true, true};
  // 2^(floor(log2 M) - 23): 0.5 at 5,432,100 (2^22 <= M < 2^23), 1 from 2^23, 64 at 1e9
  CHECK(float32_step(all, Eigen::Vector3d(0, 5432100, 0), Eigen::Vector3d(0.5, 5432100.5, 1)).step == 0.5);
  CHECK(float32_step(all, Eigen::Vector3d(0, 5432100, 0), Eigen::Vector3d(0.5, 5432100.5, 1)).axis == 1);
  CHECK(float32_step(all, Eigen::Vector3d(8388608, 0, 0), Eigen::Vector3d(8388700, 1, 1)).step == 1);
  CHECK(float32_step(all, Eigen::Vector3d(-8388607, 0, 0), Eigen::Vector3d(0, 1, 1)).step == 0.5);
  CHECK(float32_step(all, Eigen::Vector3d(1e9, 0, 0), Eigen::Vector3d(1e9 + 100, 1, 1)).step == 64);
  // 64-bit and text axes keep their digits (53 bits); a box at the origin has no step
  CHECK(float32_step({false, true, true}, Eigen::Vector3d(1e9, 0, 0), Eigen::Vector3d(1e9 + 100, 1, 1)).step < 1e-6);
  CHECK(float32_step(all, Eigen::Vector3d::Zero(), Eigen::Vector3d::Zero()).axis == -1);
}

TEST_CASE("hostile: 32-bit float coordinates too coarse for the mesh are refused, coarse ones warned about") {
  // a 100 mm square 1,000 km out (steps of 64 mm): refused, fast path and general reader alike
  expect_buffer_error(offset_square_ply<float>("float", 1e9, 100), "far.ply",
                      {"far.ply: its x coordinates lie up to 1e+09 from the origin (file units), where 32-bit floats "
                       "keep steps of 64, on a mesh 128 across: its shape is lost; export the scan centred near the "
                       "origin, or with 64-bit (double) coordinates"});
  // a 10 cm square in metres at 5,432 km (steps of 0.5 m): every triangle collapses; the cause is said
  std::vector<std::array<float, 9>> tris = {{0, 5432100.f, 0, 0.1f, 5432100.f, 0, 0.1f, 5432100.1f, 0},
                                            {0, 5432100.f, 0, 0.1f, 5432100.1f, 0, 0, 5432100.1f, 0}};
  expect_buffer_error(binary_stl(tris, "far"), "far.stl", {"its y coordinates lie up to 5432100", "steps of 0.5"});
  // the same squares in doubles or in text keep their shape
  for (const std::string& bytes :
       {offset_square_ply<double>("double", 1e9, 100), offset_square_ply<float>("float", 1e5, 100, true)}) {
    LoadReport r;
    const Mesh m = read_mesh_buffer(bytes, "double.ply", {}, &r);
    CHECK(m.num_faces() == 2);
    CHECK_FALSE(has_note(r, "32-bit"));
  }
  // a 200 mm square 10 km out: steps of 1 mm, a warning; 1 km out (1/16 mm): nothing
  LoadReport r;
  read_mesh_buffer(offset_square_ply<float>("float", 1e7, 200), "coarse.ply", {}, &r);
  CHECK(has_note(r,
                 "warning: coarse.ply: the x coordinates lie up to 1e+07 from the origin (file units), where "
                 "32-bit floats keep steps of 1 mm: positions on the skin are off by up to 0.5 mm"));
  read_mesh_buffer(offset_square_ply<float>("float", 1e6, 200), "fine.ply", {}, &r);
  CHECK_FALSE(has_note(r, "32-bit"));
  // in metres 10 km out, the step is 1/1024 m: about 1 mm, a warning in mm
  read_mesh_buffer(offset_square_ply<float>("float", 1e4, 0.2), "metres.ply", {}, &r);
  CHECK(r.units == Units::m);
  CHECK(has_note(r, "keep steps of 0.977 mm"));
}

TEST_CASE("64-bit coordinates (text, binary double): the same rule with 53 bits, on every axis") {
  using detail::coordinate_step;
  const std::array<bool, 3> none{false, false, false};
  // 2^(floor(log2 M) - 52): 0.125 at 1e15, 1 from 2^52 (4.5e15), 16 at 1e17; float axes keep their 24 bits
  CHECK(coordinate_step(none, Eigen::Vector3d(1e15, 0, 0), Eigen::Vector3d(1e15 + 100, 1, 1)).step == 0.125);
  CHECK(coordinate_step(none, Eigen::Vector3d(0, 0, 4503599627370496.0), Eigen::Vector3d(1, 1, 4.6e15)).step == 1);
  CHECK(coordinate_step(none, Eigen::Vector3d(0, 0, 4503599627370496.0), Eigen::Vector3d(1, 1, 4.6e15)).axis == 2);
  CHECK_FALSE(coordinate_step(none, Eigen::Vector3d(0, 0, 1e17), Eigen::Vector3d(1, 1, 1e17)).float32);
  CHECK(coordinate_step({true, false, false}, Eigen::Vector3d(1e9, 0, 0), Eigen::Vector3d(1e9, 1, 1e15)).step == 64);
  CHECK(coordinate_step(none, Eigen::Vector3d::Zero(), Eigen::Vector3d::Zero()).axis == -1);
  const auto obj = [](double x) {
    char b[400];
    std::snprintf(b, sizeof b, "v %.17g 0 0\nv %.17g 0 0\nv %.17g 100 0\nv %.17g 100 0\nf 1 2 3\nf 1 3 4\n", x, x + 100,
                  x + 100, x);
    return std::string(b);
  };
  // 1e15 out (steps of 1/8 mm): nothing; 5e15 (1 mm): a warning; 1e17 (16 mm on a 100 mm square): refused
  LoadReport r;
  read_mesh_buffer(obj(1e15), "near.obj", {}, &r);
  CHECK_FALSE(has_note(r, "steps of"));
  read_mesh_buffer(obj(5e15), "far.obj", {}, &r);
  CHECK(has_note(r,
                 "warning: far.obj: the x coordinates lie up to 5e+15 from the origin (file units), where 64-bit "
                 "doubles (the precision coordinates are read to) keep steps of 1 mm: positions on the skin are off "
                 "by up to 0.5 mm; export the scan centred near the origin"));
  CHECK_FALSE(has_note(r, "or with 64-bit"));
  expect_buffer_error(obj(1e17), "farther.obj",
                      {"farther.obj: its x coordinates lie up to 1e+17 from the origin (file units), where 64-bit "
                       "doubles (the precision coordinates are read to) keep steps of 16, on a mesh ",
                       " across: its shape is lost; export the scan centred near the origin"});
  expect_buffer_error(offset_square_ply<double>("double", 1e17, 100), "double.ply", {"64-bit doubles", "steps of 16"});
}

TEST_CASE("a group named 'all' is renamed (all is the whole mesh); one named full_face is listed once") {
  const std::string obj =
      "v 0 0 0\nv 100 0 0\nv 100 100 0\nv 0 100 0\nv 200 0 0\nv 200 100 0\n"
      "g all\nf 1 2 3\ng all_group\nf 1 3 4\ng full_face\nf 2 5 6\n";
  LoadReport r;
  const Mesh m = read_mesh_buffer(obj, "groups.obj", {}, &r);
  CHECK(m.label_names == std::vector<std::string>{"all_group_2", "all_group", "full_face"});
  CHECK(has_note(r, "the mesh's group 'all' is named 'all_group_2' here ('all' is the whole mesh in every command)"));
  std::vector<std::string> listed;
  for (const auto& info : list_regions(m)) listed.push_back(info.name);
  CHECK(listed == std::vector<std::string>{"all_group_2", "all_group", "full_face", "all"});
}

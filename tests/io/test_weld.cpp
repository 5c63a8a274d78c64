// Tests of welding and dropping degenerate and repeated triangles (io/weld.hpp, io/finish.hpp).
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

TEST_CASE("OBJ: welding seams and dropping degenerate triangles") {
  // vertex 5 duplicates vertex 2 (a seam); face 3 repeats an index; face 4 is collinear (zero area)
  const std::string obj =
      "v 0 0 0\nv 100 0 0\nv 100 100 0\nv 0 100 0\nv 100 0 0\nv 200 0 0\n"
      "f 1 2 3\nf 5 6 3\nf 1 1 3\nf 1 2 6\n";
  LoadReport r;
  const Mesh m = read_mesh_buffer(obj, "seam.obj", {}, &r);
  CHECK(r.vertices_read == 6);
  CHECK(r.vertices_welded == 1);
  CHECK(m.num_vertices() == 5);
  CHECK(r.degenerate_dropped == 2);
  CHECK(m.num_faces() == 2);
  CHECK(m.F(1, 0) == 1);      // welded to the first occurrence
  CHECK(m.V(4, 0) == 200.0);  // first-occurrence order kept
  CHECK(r.boundary_edges == 4);
  CHECK(r.components == 1);
  CHECK(has_note(r, "welded 1"));
  CHECK(has_note(r, "dropped 2 degenerate"));
}

TEST_CASE("OBJ: repeated triangles are dropped, the first copy kept with its group and winding") {
  // a square of two triangles in group a; then, in group b, triangle 1 again, triangle 2 reversed (a double-sided
  // export), and the whole square again through a seam copy of its vertices (a file joined to itself)
  const std::string obj =
      "v 0 0 0\nv 100 0 0\nv 100 100 0\nv 0 100 0\nv 0 0 0\nv 100 0 0\nv 100 100 0\nv 0 100 0\n"
      "g a\nf 1 2 3\nf 1 3 4\ng b\nf 2 3 1\nf 4 3 1\nf 5 6 7\nf 5 7 8\n";
  LoadReport r;
  const Mesh m = read_mesh_buffer(obj, "twice.obj", {}, &r);
  CHECK(r.duplicates_dropped == 4);
  CHECK(r.triangles == 2);
  REQUIRE(m.num_faces() == 2);
  CHECK(m.F(0, 0) == 0);
  CHECK(m.F(0, 1) == 1);
  CHECK(m.F(0, 2) == 2);
  CHECK(m.F(1, 1) == 2);  // 1 3 4 as written: the winding of the first copy
  CHECK(m.label_names == std::vector<std::string>{"a"});
  CHECK(r.nonmanifold_edges == 0);  // counted again without the repeats
  CHECK(r.boundary_edges == 4);
  CHECK(r.components == 1);
  CHECK(has_note(r, "dropped 4 repeated triangles"));
  // a fan around a vertex where one triangle is written twice: only that one goes
  LoadReport f;
  const Mesh fan =
      read_mesh_buffer("v 0 0 0\nv 10 0 0\nv 0 10 0\nv -10 0 0\nf 1 2 3\nf 1 3 4\nf 3 1 2\n", "fan.obj", {}, &f);
  CHECK(f.duplicates_dropped == 1);
  CHECK(fan.num_faces() == 2);
  CHECK(f.nonmanifold_edges == 0);
}

TEST_CASE("OBJ: a lone triangle written twice is dropped; a lone pair of different triangles is kept") {
  // a square (two triangles), a stray triangle far off written twice back to back (its edges look manifold), and a
  // stray pair sharing an edge
  const std::string obj =
      "v 0 0 0\nv 100 0 0\nv 100 100 0\nv 0 100 0\nv 200 0 0\nv 210 0 0\nv 200 10 0\n"
      "v 300 0 0\nv 310 0 0\nv 300 10 0\nv 310 10 0\n"
      "f 1 2 3\nf 1 3 4\nf 5 6 7\nf 5 7 6\nf 8 9 10\nf 9 11 10\n";
  LoadReport r;
  const Mesh m = read_mesh_buffer(obj, "stray.obj", {}, &r);
  CHECK(r.duplicates_dropped == 1);
  REQUIRE(m.num_faces() == 5);
  CHECK(m.F(2, 0) == 4);  // the first copy, as written
  CHECK(m.F(2, 1) == 5);
  CHECK(r.components == 3);
  CHECK(r.boundary_edges == 4 + 3 + 4);
  CHECK(has_note(r, "dropped 1 repeated triangle"));
  // the same triangle twice and nothing else: one triangle left
  LoadReport one;
  const Mesh lone = read_mesh_buffer("v 0 0 0\nv 10 0 0\nv 0 10 0\nf 1 2 3\nf 2 3 1\n", "lone.obj", {}, &one);
  CHECK(one.duplicates_dropped == 1);
  CHECK(lone.num_faces() == 1);
  CHECK(one.boundary_edges == 3);
}

TEST_CASE("errors: no triangles, all degenerate") {
  expect_buffer_error("v 0 0 0\nv 1 0 0\nv 0 1 0\nl 1 2\n", "lines.obj", {"no faces"});
  expect_buffer_error("v 0 0 0\nv 1 0 0\nv 2 0 0\nf 1 2 3\nf 1 1 2\n", "flat.obj", {"all 2 triangles are degenerate"});
  expect_buffer_error(
      "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\n"
      "end_header\n0 0 0\n1 0 0\n0 1 0\n",
      "cloud.ply", {"no faces"});
}

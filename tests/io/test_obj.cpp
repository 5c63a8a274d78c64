// Tests of the OBJ reader (io/obj.hpp): every index form, groups and materials, line ends, continuation, concave
// polygons, texture coordinates, hostile indices.
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

TEST_CASE("OBJ: quads, every index form, groups, ignored statements") {
  LoadReport r;
  const Mesh m = read_mesh(io_data_dir + "cube_quads_groups.obj", {}, &r);
  CHECK(r.format == "obj");
  CHECK(r.vertices_read == 8);
  CHECK(r.faces_read == 6);
  CHECK(m.num_vertices() == 8);
  CHECK(m.num_faces() == 12);
  CHECK(r.triangles == 12);
  CHECK(r.vertices_welded == 0);
  CHECK(r.degenerate_dropped == 0);
  CHECK(r.boundary_edges == 0);
  CHECK(r.nonmanifold_edges == 0);
  CHECK(r.components == 1);
  REQUIRE(m.label_names.size() == 2);
  CHECK(m.label_names[0] == "front");
  CHECK(m.label_names[1] == "back");
  CHECK(count_label(m, "front") == 4);
  CHECK(count_label(m, "back") == 6);
  int unlabelled = 0;
  for (Eigen::Index f = 0; f < m.num_faces(); ++f) unlabelled += m.label[f] == -1;
  CHECK(unlabelled == 2);  // the face before the first g
  CHECK(surface_area(m) == doctest::Approx(6 * 100.0 * 100.0));
  // closed cube with consistent outward orientation: signed volume positive
  double vol = 0;
  for (Eigen::Index f = 0; f < m.num_faces(); ++f) vol += m.corner(f, 0).dot(m.corner(f, 1).cross(m.corner(f, 2))) / 6;
  CHECK(vol == doctest::Approx(1e6));
}

TEST_CASE("OBJ: usemtl labels when there is no g/o") {
  const Mesh m = read_mesh(io_data_dir + "usemtl_labels.obj");
  REQUIRE(m.num_faces() == 3);
  REQUIRE(m.label_names == std::vector<std::string>{"skin", "lips"});
  CHECK(m.label[0] == -1);
  CHECK(m.label[1] == 0);
  CHECK(m.label[2] == 1);
}

TEST_CASE("OBJ: negative indices, CRLF/CR/LF mixed, BOM, line continuation") {
  LoadReport r;
  const Mesh m = read_mesh(io_data_dir + "negative_crlf_bom.obj", {}, &r);
  REQUIRE(m.num_vertices() == 4);
  REQUIRE(m.num_faces() == 2);
  CHECK(m.F.row(0) == Eigen::RowVector3i(0, 1, 2));
  CHECK(m.F.row(1) == Eigen::RowVector3i(0, 2, 3));
  CHECK(m.V(3, 1) == 100.0);
  CHECK(surface_area(m) == doctest::Approx(1e4));
}

TEST_CASE("OBJ: concave polygon is ear-clipped, not fanned") {
  const Mesh m = read_mesh(io_data_dir + "concave_l.obj");
  REQUIRE(m.num_faces() == 4);
  CHECK(surface_area(m) == doctest::Approx(3e4));
  for (Eigen::Index f = 0; f < m.num_faces(); ++f) CHECK(face_normal(m, f).z() == doctest::Approx(1.0));
}

TEST_CASE("hostile: OBJ index beyond 64 bits is out of range") {
  expect_buffer_error("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 99999999999999999999\n", "big.obj",
                      {"big.obj:4:", "face index '99999999999999999999' is out of range", "3 vertices so far"});
}

TEST_CASE("OBJ: texture coordinates per corner, through triangulation and dropped triangles; bad vt indices noted") {
  // a quad (split in two) and a degenerate triangle (dropped): corners keep their vt, materials and mtllib kept
  const std::string text =
      "mtllib skin.mtl\nv 0 0 0\nv 40 0 0\nv 40 40 0\nv 0 40 0\nvt 0 0\nvt 1 0\nvt 1 1\nvt 0 1\nusemtl skin\n"
      "f 1/1 2/2/1 3/3 4/4\nf 1/1 1/1 2/2\nusemtl other\nf 1/-4 3/99 4/4\n";
  LoadReport r;
  const Mesh m = read_mesh_buffer(text, "t.obj", {}, &r);
  REQUIRE(m.num_faces() == 3);
  const TexCoords& tc = r.texcoords;
  REQUIRE(tc.face_uv.rows() == 3);
  CHECK(tc.uv.rows() == 4);
  CHECK(tc.mtllibs == std::vector<std::string>{"skin.mtl"});
  CHECK(tc.materials == std::vector<std::string>{"skin", "other"});
  for (Eigen::Index f = 0; f < 2; ++f) {
    CHECK(tc.face_material(f) == 0);
    for (int k = 0; k < 3; ++k) CHECK(tc.face_uv(f, k) == m.F(f, k));  // vt k+1 belongs to vertex k+1
  }
  CHECK(tc.face_material(2) == 1);
  CHECK(tc.face_uv(2, 0) == 0);   // -4: relative to the 4 vt so far
  CHECK(tc.face_uv(2, 1) == -1);  // 99: out of range
  CHECK(has_note(r,
                 "1 texture coordinate index (f v/vt) names no vt of the file (it has 4), the first on line 14: "
                 "those triangles are drawn without their texture"));
  // no vt at all, a bad normal index: the texture index is noted with its line, the normal never read
  LoadReport nv;
  read_mesh_buffer("v 0 0 0\nv 40 0 0\nv 0 40 0\nv 40 40 0\nf 1//9 2//9 3//9\nf 2/99 4/99 3/x\n", "n.obj", {}, &nv);
  CHECK(has_note(nv, "3 texture coordinate indices (f v/vt) name no vt of the file (it has 0), the first on line 6"));
  CHECK(nv.texcoords.empty());
  LoadReport plain;
  read_mesh_buffer("v 0 0 0\nv 40 0 0\nv 0 40 0\nf 1 2 3\n", "p.obj", {}, &plain);
  CHECK(plain.texcoords.empty());
}

TEST_CASE("hostile: a file of many large concave polygons is refused; a large textured polygon keeps its uv") {
  // a 4096-corner star (concave): sixteen are triangulated (about a second), the seventeenth refused
  std::string star;
  for (int k = 0; k < 4096; ++k) {
    const double a = 6.283185307179586 * k / 4096, r = k % 2 == 0 ? 50 : 40;
    star += "v " + std::to_string(r * std::cos(a)) + " " + std::to_string(r * std::sin(a)) + " 0\n";
  }
  std::string face = "f";
  for (int k = 1; k <= 4096; ++k) face += " " + std::to_string(k);
  face += "\n";
  std::string obj = star;
  for (int i = 0; i < 17; ++i) obj += face;
  expect_buffer_error(obj, "stars.obj",
                      {"stars.obj: face 17: the file's concave polygons of many corners (this one has 4096) cost more "
                       "to triangulate than sixteen of 4096 corners; export the mesh as triangles"});
  // a convex polygon of 20000 corners with texture coordinates: each triangle corner takes its vertex's uv
  const int n = 20000;
  std::string tex;
  for (int k = 0; k < n; ++k) {
    const double a = 6.283185307179586 * k / n;
    tex += "v " + std::to_string(100 * std::cos(a)) + " " + std::to_string(100 * std::sin(a)) + " 0\n";
    tex += "vt " + std::to_string(0.5 + 0.5 * std::cos(a)) + " " + std::to_string(0.5 + 0.5 * std::sin(a)) + "\n";
  }
  tex += "f";
  for (int k = n; k >= 1; --k) tex += " " + std::to_string(k) + "/" + std::to_string(n + 1 - k);  // vt in reverse
  tex += "\n";
  LoadReport r;
  const Mesh m = read_mesh_buffer(tex, "disc.obj", {}, &r);
  REQUIRE(m.num_faces() == n - 2);
  REQUIRE(r.texcoords.face_uv.rows() == n - 2);
  for (Eigen::Index t = 0; t < m.num_faces(); t += 997)
    for (int k = 0; k < 3; ++k) CHECK(r.texcoords.face_uv(t, k) == n - 1 - m.F(t, k));  // vertex v (0-based): vt n-1-v
}

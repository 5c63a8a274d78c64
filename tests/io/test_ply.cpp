// Tests of the PLY reader (io/ply.hpp): ascii and binary in both byte orders, property types, labels, the binary fast
// path, truncated and hostile files.
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

TEST_CASE("PLY ascii: label property with comment names, extra vertex property") {
  LoadReport r;
  const Mesh m = read_mesh(io_data_dir + "labels_ascii.ply", {}, &r);
  CHECK(r.format == "ply-ascii");
  CHECK(m.num_vertices() == 4);
  CHECK(m.num_faces() == 3);
  REQUIRE(m.label_names == std::vector<std::string>{"forehead", "4", "chin"});
  CHECK(m.label[0] == 0);
  CHECK(m.label[1] == 2);
  CHECK(m.label[2] == 1);
  CHECK(m.V(2, 1) == 100.0);
}

TEST_CASE("PLY ascii is read strictly: one element per line, its values exactly, nothing after the last element") {
  const std::string head =
      "ply\nformat ascii 1.0\nelement vertex 4\nproperty float x\nproperty float y\nproperty float z\n"
      "element face 2\nproperty list uchar int vertex_indices\nend_header\n";
  const std::string verts = "0 0 0\n100 0 0\n100 100 0\n0 100 0\n", faces = "3 0 1 2\n3 0 2 3\n";
  CHECK(read_mesh_buffer(head + verts + "\n" + faces + "\n\n", "ok.ply").num_faces() == 2);  // blank lines: fine
  CHECK_THROWS_WITH_AS(
      read_mesh_buffer(head + "0 0 0 100 0 0\n100 100 0\n0 100 0\n" + faces, "two.ply"),
      "two.ply:10: vertex 0 has more values than the header declares (one element per line); fix the file", Error);
  CHECK_THROWS_WITH_AS(
      read_mesh_buffer(head + verts + "3 0 1\n2\n3 0 2 3\n", "split.ply"),
      "split.ply:14: face 0 has fewer values than the header declares (one element per line); fix the file", Error);
  CHECK_THROWS_WITH_AS(read_mesh_buffer(head + verts + faces + "3 1 2 3\n", "extra.ply"),
                       "extra.ply:16: text after the last element the header declares; remove it or fix the counts",
                       Error);
  CHECK_THROWS_WITH_AS(
      read_mesh_buffer("ply\nformat ascii 1.0\nelement vertex 0\nproperty float x\nelement vertex 4\n", "twice.ply"),
      "twice.ply:5: element 'vertex' is declared twice (line 3); keep one", Error);
}

TEST_CASE("PLY binary little endian: float coords, skipped properties and elements, quad, labels") {
  const std::string path = write_temp("le.ply", binary_ply<float>(false, "float", 100));
  LoadReport r;
  const Mesh m = read_mesh(path, {}, &r);
  CHECK(r.format == "ply-binary-le");
  CHECK(r.vertices_read == 5);
  CHECK(r.faces_read == 2);
  CHECK(m.num_faces() == 3);
  CHECK(m.V(4, 1) == doctest::Approx(150.0));
  REQUIRE(m.label_names == std::vector<std::string>{"cheek", "9"});
  CHECK(count_label(m, "cheek") == 2);
  CHECK(count_label(m, "9") == 1);
  CHECK(surface_area(m) == doctest::Approx(1e4 + 0.5 * 100 * 50));
}

TEST_CASE("PLY binary big endian and other coordinate types") {
  SUBCASE("double BE") {
    LoadReport r;
    const Mesh m = read_mesh_buffer(binary_ply<double>(true, "float64", 100), "be.ply", {}, &r);
    CHECK(r.format == "ply-binary-be");
    CHECK(m.num_faces() == 3);
    CHECK(m.V(2, 0) == 100.0);
    CHECK(m.label_names.size() == 2);
  }
  SUBCASE("int16 BE") {
    const Mesh m = read_mesh_buffer(binary_ply<std::int16_t>(true, "short", 100), "s.ply");
    CHECK(m.num_faces() == 3);
    CHECK(m.V(4, 1) == 150.0);
  }
  SUBCASE("uint8 LE") {
    const Mesh m = read_mesh_buffer(binary_ply<std::uint8_t>(false, "uint8", 100, false), "u8.ply");
    CHECK(m.num_faces() == 3);
    CHECK(m.V(2, 1) == 100.0);
    CHECK(m.label_names.empty());
  }
  SUBCASE("uint32 LE") {
    const Mesh m = read_mesh_buffer(binary_ply<std::uint32_t>(false, "uint", 100), "u32.ply");
    CHECK(m.V(4, 0) == 50.0);
  }
}

TEST_CASE("hostile: ascii PLY non-finite coordinate is quoted") {
  expect_buffer_error(
      "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\n"
      "element face 1\nproperty list uchar int vertex_indices\nend_header\n0 0 0\n1 0 1e999\n0 1 0\n3 0 1 2\n",
      "inf.ply", {"inf.ply:11:", "vertex coordinate '1e999' is not a finite number"});
}

TEST_CASE("ascii PLY: every value within its declared type (used or not), refused naming line, property and range") {
  const std::string head =
      "ply\nformat ascii 1.0\nelement vertex 4\nproperty float x\nproperty float y\nproperty float z\n"
      "property uint8 red\nelement face 2\nproperty list uchar int vertex_indices\nproperty short label\nend_header\n";
  const std::string verts = "0 0 0 255\n100 0 0 0\n100 100 0 7.0\n0 100 0 1\n", faces = "3 0 1 2 -5\n3 0 2 3 32767\n";
  CHECK(read_mesh_buffer(head + verts + faces, "ok.ply").num_faces() == 2);  // limits and "7.0" are fine
  struct Case {
    std::string body, message;
  };
  const Case cases[] = {
      {"0 0 0 256\n100 0 0 0\n100 100 0 7\n0 100 0 1\n" + faces,
       "t.ply:12: vertex 0: property 'red' is 256, out of its type's range (uint8: 0 to 255); fix the file"},
      {"0 0 0 1.5\n100 0 0 0\n100 100 0 7\n0 100 0 1\n" + faces,
       "t.ply:12: vertex 0: property 'red' is 1.5, not a whole number (uint8: 0 to 255); fix the file"},
      {"0 0 0 1\n100 0 0 x\n100 100 0 7\n0 100 0 1\n" + faces,
       "t.ply:13: vertex 1: property 'red' is 'x', not a number (uint8: 0 to 255); fix the file"},
      {"0 0 1e39 1\n100 0 0 0\n100 100 0 7\n0 100 0 1\n" + faces,
       "t.ply:12: vertex 0: property 'z' is 1e39, out of its type's range (float: magnitude up to 3.403e+38); fix "
       "the file"},
      {verts + "3 0 1 2 32768\n3 0 2 3 0\n",
       "t.ply:16: face 0: property 'label' is 32768, out of its type's range (short: -32768 to 32767); fix the file"},
      {verts + "256 0 1 2 0\n3 0 2 3 0\n",
       "t.ply:16: face 0: the count of list property 'vertex_indices' is 256, out of its type's range (uchar: 0 to "
       "255); fix the file"},
      {verts + "3 0 1 2 0\n3 0 2 3e10 0\n",
       "t.ply:17: face 1: an item of list property 'vertex_indices' is 3e10, out of its type's range (int: "
       "-2147483648 to 2147483647); fix the file"},
  };
  for (const Case& c : cases) CHECK_THROWS_WITH_AS(read_mesh_buffer(head + c.body, "t.ply"), c.message.c_str(), Error);
}

TEST_CASE("hostile: binary PLY offsets are counted after the header") {
  const std::string ply = binary_ply<float>(false, "float", 100);
  expect_buffer_error(ply.substr(0, ply.size() - 3), "cut.ply",
                      {"face 1 (byte ", " after the header): binary PLY data ends early"});
}

TEST_CASE("binary PLY fast path (float x y z + list uchar int) reads what the general reader reads") {
  // a wavy 40 x 40 grid with a duplicate vertex and a degenerate triangle: the fast path takes the plain
  // layout; the same data with an extra (empty) element goes through the general per-property reader
  const int n = 40;
  std::vector<float> P;
  for (int j = 0; j <= n; ++j)
    for (int i = 0; i <= n; ++i)
      for (float x : {3.f * i, 3.f * j, 5.f * std::sin(0.3f * i) * std::cos(0.2f * j)}) P.push_back(x);
  for (int k = 0; k < 3; ++k) P.push_back(P[3 * 5 + k]);  // vertex (n+1)^2 duplicates vertex 5
  const int nv = static_cast<int>(P.size() / 3);
  std::vector<std::array<int, 3>> T;
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) {
      const int a = j * (n + 1) + i, b = a + 1, c = a + n + 2, d = a + n + 1;
      T.push_back({a, b, c});
      T.push_back({a, c, d});
    }
  T.push_back({nv - 1, 6, 7});  // uses the duplicate: welded onto vertex 5
  T.push_back({8, 8, 9});       // degenerate: dropped
  for (bool big : {false, true})
    for (bool extra : {false, true}) {
      std::string h = std::string("ply\nformat ") + (big ? "binary_big_endian" : "binary_little_endian") + " 1.0\n";
      h += "element vertex " + std::to_string(nv) + "\nproperty float x\nproperty float y\nproperty float z\n";
      if (extra) h += "element material 0\nproperty uchar red\n";
      h += "element face " + std::to_string(T.size()) + "\nproperty list uchar int vertex_indices\nend_header\n";
      std::string b;
      for (float x : P) put<float>(b, x, big);
      for (const auto& t : T) {
        put<std::uint8_t>(b, 3, big);
        for (int i : t) put<std::int32_t>(b, i, big);
      }
      LoadReport r;
      const Mesh m = read_mesh_buffer(h + b, "grid.ply", {}, &r);
      static Mesh first;
      if (!big && !extra) {
        first = m;
        CHECK(r.vertices_welded == 1);
        CHECK(r.degenerate_dropped == 1);
        CHECK(m.num_faces() == 2 * n * n + 1);
        CHECK(m.label.size() == 0);  // no face labelled: no label column
        continue;
      }
      CAPTURE(big);
      CAPTURE(extra);
      REQUIRE(m.V.rows() == first.V.rows());
      REQUIRE(m.F.rows() == first.F.rows());
      REQUIRE(m.label.size() == first.label.size());  // no face labelled: no label column on either path
      CHECK(m.V == first.V);
      CHECK(m.F == first.F);
      CHECK(m.label == first.label);
    }
}

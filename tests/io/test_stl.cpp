// Tests of the STL readers (io/stl.hpp): ascii and binary, a binary file starting with "solid".
#include <doctest/doctest.h>

#include <array>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <mesogrid/io/read_mesh.hpp>
#include <string>
#include <vector>

#include "io_support.hpp"

using namespace mesogrid;
using namespace mesogrid::test;
namespace fs = std::filesystem;

TEST_CASE("STL ascii and binary (binary starting with 'solid')") {
  SUBCASE("ascii welds the shared corners") {
    LoadReport r;
    const Mesh m = read_mesh(io_data_dir + "two_facets.stl", {}, &r);
    CHECK(r.format == "stl-ascii");
    CHECK(r.vertices_read == 6);
    CHECK(r.faces_read == 2);
    CHECK(r.vertices_welded == 2);
    CHECK(m.num_vertices() == 4);
    CHECK(m.num_faces() == 2);
    CHECK(r.boundary_edges == 4);
  }
  SUBCASE("binary with a 'solid' header") {
    const std::string stl = binary_stl({{0, 0, 0, 100, 0, 0, 100, 100, 0}, {0, 0, 0, 100, 100, 0, 0, 100, 0}},
                                       "solid this header lies: the file is binary");
    const std::string path = write_temp("solid_binary.stl", stl);
    LoadReport r;
    const Mesh m = read_mesh(path, {}, &r);
    CHECK(r.format == "stl-binary");
    CHECK(m.num_vertices() == 4);
    CHECK(m.num_faces() == 2);
    CHECK(r.vertices_welded == 2);
  }
}

TEST_CASE("binary STL: a few bytes after the last triangle are noted, a triangle's worth is refused") {
  const std::vector<std::array<float, 9>> tris = {{0, 0, 0, 100, 0, 0, 100, 100, 0}, {0, 0, 0, 100, 100, 0, 0, 100, 0}};
  std::string stl = binary_stl(tris, "bin");
  SUBCASE("49 bytes of padding: both triangles, a note") {
    LoadReport r;
    const Mesh m = read_mesh_buffer(stl + std::string(49, '\0'), "padded.stl", {}, &r);
    CHECK(m.num_faces() == 2);
    bool noted = false;
    for (const auto& n : r.notes) noted = noted || n.str().find("ignored 49 bytes") != std::string::npos;
    CHECK(noted);
  }
  SUBCASE("the header counts 1 of 2 triangles: refused, not read as one") {
    stl[80] = '\x01';
    expect_buffer_error(stl, "count.stl", {"declares 1 triangle", "184 bytes", "room for 2", "re-export"});
  }
  SUBCASE("a whole triangle appended after the counted ones: refused") {
    expect_buffer_error(stl + stl.substr(84, 50), "appended.stl", {"declares 2 triangles", "room for 3"});
  }
}

TEST_CASE("ascii STL cut short is refused: inside a facet, or after one without 'endsolid'") {
  const std::string facet =
      "facet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex 100 0 0\nvertex 100 100 0\nendloop\n"
      "endfacet\n";
  CHECK(read_mesh_buffer("solid t\n" + facet + "endsolid t\n", "whole.stl").num_faces() == 1);
  expect_buffer_error("solid t\n" + facet + "facet normal 0 0 1\nouter loop\nvertex 0 0 0\n", "cut.stl",
                      {"cut.stl:11:", "inside the facet begun at line 9", "truncated"});
  expect_buffer_error("solid t\n" + facet.substr(0, facet.size() - 9), "noend.stl",
                      {"noend.stl:7:", "inside the facet begun at line 2"});
  expect_buffer_error("solid t\n" + facet, "nosolid.stl", {"nosolid.stl:8:", "without 'endsolid'", "truncated"});
}

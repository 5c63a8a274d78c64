// Tests of the STL readers (io/stl.hpp): ascii and binary, a binary file starting with "solid".
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

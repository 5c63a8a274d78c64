// Tests of the OFF reader (io/off.hpp): comments, polygons, colours, binary OFF and uncounted faces refused.
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

TEST_CASE("OFF: comments, quad triangulated, colours ignored") {
  LoadReport r;
  const Mesh m = read_mesh(io_data_dir + "quad_colours.off", {}, &r);
  CHECK(r.format == "off");
  CHECK(r.faces_read == 3);
  CHECK(m.num_vertices() == 5);
  CHECK(m.num_faces() == 4);
  CHECK(m.V(4, 2) == 80.0);
}

TEST_CASE("hostile: 'OFF BINARY' followed by binary bytes names binary OFF") {
  expect_buffer_error("OFF BINARY\n" + std::string(40, '\0'), "b.off", {"b.off:1:", "binary OFF is not supported"});
}

TEST_CASE("OFF: comments and blank lines after the faces are fine, another face is refused") {
  const std::string sq = "OFF\n4 2 0\n0 0 0\n100 0 0\n100 100 0\n0 100 0\n3 0 1 2\n3 0 2 3\n";
  CHECK(read_mesh_buffer(sq + "\n# written by hand\n\n", "tail.off").num_faces() == 2);
  std::string one = sq;
  one.replace(one.find("4 2 0"), 5, "4 1 0");
  expect_buffer_error(one, "one.off",
                      {"one.off:8:", "after the 1 face the header declares (line 2)", "fix the counts"});
}

#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
#include <mesogrid/io.hpp>
using namespace mesogrid;
TEST_CASE("obj basic") {
  LoadReport r;
  Mesh m = read_mesh_buffer("v 0 0 0\nv 100 0 0\nv 0 100 0\nf 1 2 3\n", "a.obj", {}, &r);
  CHECK(m.num_faces() == 1);
  CHECK(r.format == "obj");
}

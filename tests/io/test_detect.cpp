// Tests of format detection (io/detect.hpp): decided by content, not extension; unknown content refused.
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

TEST_CASE("format is decided by content, not extension") {
  LoadReport r;
  const Mesh m = read_mesh(io_data_dir + "really_obj.stl", {}, &r);
  CHECK(r.format == "obj");
  CHECK(m.num_faces() == 1);
  const Mesh p = read_mesh_buffer(binary_ply<float>(false, "float", 100), "looks_like.obj", {}, &r);
  CHECK(r.format == "ply-binary-le");
  CHECK(p.num_faces() == 3);
  const std::string off = "OFF\n3 1 0\n0 0 0\n100 0 0\n0 100 0\n3 0 1 2\n";
  read_mesh_buffer(off, "mesh.ply", {}, &r);
  CHECK(r.format == "off");
}

TEST_CASE("errors: unknown format") {
  expect_buffer_error("hello world\nthis is not a mesh\n", "notes.txt", {"unrecognised mesh format"});
  expect_buffer_error(std::string("\x00\x01\x02\x03 binary junk", 17), "junk.bin", {"unrecognised mesh format"});
  expect_buffer_error("# only a comment\n\n", "c.obj", {"no mesh data"});
}

TEST_CASE("hostile: binary content is not guessed to be a truncated STL unless named .stl") {
  std::string junk(300, '\0');
  for (std::size_t i = 0; i < junk.size(); ++i) junk[i] = static_cast<char>(i * 7);
  expect_buffer_error(junk, "junk.obj", {"unrecognised mesh format", "binary", "triangle count would not match"});
  expect_buffer_error(junk, "junk.stl", {"binary STL declares"});
}

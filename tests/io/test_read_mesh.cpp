// Tests of reading mesh files (io/read_mesh.hpp): file-system errors, limits, every error path, mangled input, the real
// faces of ../shared.
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

TEST_CASE("errors: file system") {
  expect_input_error([] { read_mesh("/nonexistent/dir/face.obj"); }, {"/nonexistent/dir/face.obj", "no such file"});
  const std::string dir = temp_dir().string();
  expect_input_error([&] { read_mesh(dir); }, {dir, "directory"});
  const std::string empty = write_temp("empty.obj", "");
  expect_input_error([&] { read_mesh(empty); }, {empty, "empty"});
  const std::string big = write_temp("big.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n");
  LoadOptions opt;
  opt.max_file_bytes = 10;
  expect_input_error([&] { read_mesh(big, opt); }, {big, "limit"});
  expect_buffer_error("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n", "buf.obj", {"limit"}, opt);
  const std::string locked = write_temp("locked.obj", "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n");
  fs::permissions(locked, fs::perms::none);
  if (std::FILE* f = std::fopen(locked.c_str(), "rb")) {
    std::fclose(f);
    MESSAGE("running with privileges that ignore file permissions: no-read-permission case skipped");
  } else {
    expect_input_error([&] { read_mesh(locked); }, {locked, "cannot open", "permission"});
  }
  fs::permissions(locked, fs::perms::owner_all);
}

TEST_CASE("errors: truncated binary PLY and STL") {
  const std::string ply = binary_ply<float>(false, "float", 100);
  expect_buffer_error(ply.substr(0, ply.size() - 3), "cut.ply", {"face 1", "truncated"});
  // cut inside the vertices: the header counts cannot fit the bytes left
  const std::size_t body = ply.find("end_header\n") + 11;
  expect_buffer_error(ply.substr(0, body + 30), "cut2.ply", {"cut2.ply:", "element vertex", "truncated"});
  const std::string stl = binary_stl({{0, 0, 0, 100, 0, 0, 100, 100, 0}, {0, 0, 0, 100, 100, 0, 0, 100, 0}}, "bin");
  const std::string cut = write_temp("cut.stl", stl.substr(0, stl.size() - 20));
  expect_input_error([&] { read_mesh(cut); }, {cut, "truncated", "2 triangles"});
  expect_buffer_error(stl.substr(0, 50), "tiny.stl", {"truncated"});
}

TEST_CASE("errors: header counts beyond the file size are refused before allocating") {
  const std::string ply =
      "ply\nformat binary_little_endian 1.0\nelement vertex 1000000000\nproperty float x\nproperty float y\n"
      "property float z\nelement face 1\nproperty list uchar int vertex_indices\nend_header\n0123456789";
  expect_buffer_error(ply, "huge.ply", {"huge.ply:3:", "1000000000"});
  const std::string ascii =
      "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\n"
      "element face 150000000\nproperty list uchar int vertex_indices\nend_header\n0 0 0\n1 0 0\n0 1 0\n3 0 1 2\n";
  expect_buffer_error(ascii, "huge_ascii.ply", {"huge_ascii.ply:7:", "150000000"});
  expect_buffer_error("OFF\n900000000 900000000 0\n0 0 0\n", "huge.off", {"huge.off:2:", "900000000"});
  std::string stl = binary_stl({{0, 0, 0, 1, 0, 0, 0, 1, 0}}, "bin");
  stl[80] = '\xff';
  stl[81] = '\xff';
  stl[82] = '\xff';
  stl[83] = '\x00';
  expect_buffer_error(stl, "huge.stl", {"truncated"});
  LoadOptions opt;
  opt.max_elements = 2;
  expect_buffer_error("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n", "many.obj", {"many.obj:3:", "more than 2 vertices"}, opt);
  expect_buffer_error(binary_ply<float>(false, "float", 100), "many.ply", {"many.ply:5:", "limit"}, opt);
}

TEST_CASE("errors: NaN and infinite coordinates") {
  expect_buffer_error("v 0 0 0\nv nan 0 0\nv 0 1 0\nf 1 2 3\n", "nan.obj", {"nan.obj:2:", "finite"});
  expect_buffer_error("v 0 0 0\nv 1 0 0\nv 0 1e999 0\nf 1 2 3\n", "inf.obj", {"inf.obj:3:", "finite"});
  expect_buffer_error("v 0 0 0\nv 1 0 abc\nv 0 1 0\nf 1 2 3\n", "abc.obj", {"abc.obj:2:", "not a number"});
  expect_buffer_error("v 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n", "short.obj", {"short.obj:1:", "3 coordinates"});
  expect_buffer_error("OFF\n3 1 0\n0 0 0\ninf 0 0\n0 1 0\n3 0 1 2\n", "inf.off", {"inf.off:4:", "finite"});
  std::string stl = binary_stl({{0, 0, 0, 1, 0, 0, 0, 1, 0}}, "bin");
  const float nan = std::nanf("");
  std::memcpy(&stl[84 + 12 + 4], &nan, 4);
  expect_buffer_error(stl, "nan.stl", {"triangle 0", "finite"});
  std::string ply = binary_ply<float>(false, "float", 100);
  const std::size_t body = ply.find("end_header\n") + 11;
  std::memcpy(&ply[body + 4 + 1 * 17], &nan, 4);  // vertex 1, x
  expect_buffer_error(ply, "nan.ply", {"vertex 1", "finite"});
  expect_buffer_error(
      "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\n"
      "element face 1\nproperty list uchar int vertex_indices\nend_header\n0 0 0\n1 -inf 0\n0 1 0\n3 0 1 2\n",
      "inf_ascii.ply", {"inf_ascii.ply:11:", "finite"});
}

TEST_CASE("errors: bad face indices") {
  const std::string v = "v 0 0 0\nv 1 0 0\nv 0 1 0\n";
  expect_buffer_error(v + "f 1 2 4\n", "range.obj", {"range.obj:4:", "out of range", "3 vertices"});
  expect_buffer_error(v + "f 0 1 2\n", "zero.obj", {"zero.obj:4:", "index 0"});
  expect_buffer_error(v + "f -1 -2 -4\n", "neg.obj", {"neg.obj:4:", "-4", "before the first vertex"});
  expect_buffer_error(v + "f 1 x 2\n", "word.obj", {"word.obj:4:", "'x'"});
  expect_buffer_error("OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 3\n", "range.off", {"range.off:6:", "out of range"});
  expect_buffer_error("OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 -1 2\n", "neg.off", {"neg.off:6:", "out of range"});
  expect_buffer_error(
      "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\n"
      "element face 1\nproperty list uchar int vertex_indices\nend_header\n0 0 0\n1 0 0\n0 1 0\n3 0 1 7\n",
      "range_ascii.ply", {"range_ascii.ply:13:", "face 0", "out of range"});
  std::string ply = binary_ply<float>(false, "float", 100);
  const std::size_t last = ply.size() - 8;  // last index of the last face (before its label)
  const std::int32_t bad = 99;
  std::memcpy(&ply[last], &bad, 4);
  expect_buffer_error(ply, "range.ply", {"face 1", "99", "out of range"});
}

TEST_CASE("errors: faces with fewer than 3 vertices") {
  expect_buffer_error("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2\n", "two.obj", {"two.obj:4:", "2 vertices"});
  expect_buffer_error("OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n2 0 1\n", "two.off", {"two.off:6:", "2 vertices"});
  expect_buffer_error(
      "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\n"
      "element face 1\nproperty list uchar int vertex_indices\nend_header\n0 0 0\n1 0 0\n0 1 0\n2 0 1\n",
      "two.ply", {"two.ply:13:", "2 vertices"});
  expect_buffer_error(
      "solid x\nfacet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex 1 0 0\nendloop\nendfacet\nendsolid\n", "two.stl",
      {"two.stl:4:", "2 vertices"});
}

TEST_CASE("errors: line longer than the limit") {
  LoadOptions opt;
  opt.max_line_bytes = 64;
  const std::string longline = "v 0 0 0\nv 1 0 0\nv 0 1 0 " + std::string(100, '0') + "\nf 1 2 3\n";
  expect_buffer_error(longline, "long.obj", {"long.obj:3:", "longer than 64 bytes"}, opt);
  const std::string path = write_temp("long_no_newline.obj", "v " + std::string(5000, '0'));
  opt.max_line_bytes = 1000;
  expect_input_error([&] { read_mesh(path, opt); }, {path + ":1:", "longer than 1000"});
}

TEST_CASE("never crash on mangled input (prefixes and byte flips of valid files)") {
  std::vector<std::string> seeds = {binary_ply<float>(false, "float", 100), binary_ply<double>(true, "double", 100),
                                    binary_stl({{0, 0, 0, 100, 0, 0, 100, 100, 0}}, "solid"),
                                    "OFF\n4 1 0\n0 0 0\n1 0 0\n1 1 0\n0 1 0\n4 0 1 2 3\n",
                                    "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1/1/1 2//2 -1\n"};
  int errors = 0, ok = 0;
  for (const std::string& s : seeds) {
    for (std::size_t cut = 0; cut <= s.size(); ++cut) {
      try {
        read_mesh_buffer(s.substr(0, cut), "prefix");
        ++ok;
      } catch (const Error& e) {
        CHECK(e.kind == ErrorKind::input);
        ++errors;
      }
    }
    std::uint32_t rng = 12345;
    for (int trial = 0; trial < 300; ++trial) {
      std::string t = s;
      for (int k = 0; k < 3; ++k) {
        rng = rng * 1664525u + 1013904223u;
        t[rng % t.size()] = static_cast<char>(rng >> 24);
      }
      try {
        read_mesh_buffer(t, "flipped");
        ++ok;
      } catch (const Error& e) {
        CHECK(e.kind == ErrorKind::input);
        ++errors;
      }
    }
  }
  CHECK(errors > 0);
  CHECK(ok > 0);
}

TEST_CASE("shared: MediaPipe canonical face") {
  const std::string p = meshes_dir + "mediapipe_canonical_face.obj";
  if (!have(p)) return;
  LoadReport r;
  const Mesh m = read_mesh(p, {}, &r);
  CHECK(m.num_vertices() == 468);
  CHECK(m.num_faces() == 898);
  CHECK(r.units == Units::cm);
  CHECK(r.units_detected);
  CHECK(r.components == 1);
}

TEST_CASE("shared: ICT neutral face with region groups") {
  const std::string p = meshes_dir + "ict/ict_face_neutral.obj";
  if (!have(p)) return;
  LoadReport r;
  const Mesh m = read_mesh(p, {}, &r);
  CHECK(m.num_vertices() == 9409);
  CHECK(m.num_faces() == 18460);
  CHECK(r.units == Units::mm);
  for (const char* g : {"forehead", "cheek_left", "cheek_right", "chin", "neck", "other"})
    CHECK_MESSAGE(count_label(m, g) > 0, g);
  CHECK(m.label_names.size() == 6);
  for (Eigen::Index f = 0; f < m.num_faces(); ++f) REQUIRE(m.label[f] >= 0);
}

TEST_CASE("shared: ICT subdivided face, binary PLY (timed)") {
  const std::string p = meshes_dir + "ict/ict_face_sub3.ply";
  if (!have(p)) return;
  LoadReport r;
  const auto t0 = std::chrono::steady_clock::now();
  const Mesh m = read_mesh(p, {}, &r);
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  MESSAGE("read " << p << " (" << m.num_faces() << " triangles) in " << ms << " ms");
  CHECK(r.format == "ply-binary-le");
  CHECK(m.num_vertices() == 592166);
  CHECK(m.num_faces() == 1181440);
  CHECK(r.units == Units::mm);
}

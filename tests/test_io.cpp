// Tests of mesogrid/io.hpp: every format variant, welding/degenerate/statistics, units, error paths,
// and (when ../shared/meshes exists) the real faces.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <unistd.h>
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include <mesogrid/io.hpp>

using namespace mesogrid;
namespace fs = std::filesystem;

namespace {

const std::string data_dir = std::string(MESOGRID_TEST_DATA) + "/io/";
const std::string meshes_dir = std::string(MESOGRID_SHARED_DIR) + "/meshes/";

/// A per-process scratch directory, removed at exit.
struct TempDir {
  fs::path path;
  TempDir() : path(fs::temp_directory_path() / ("mesogrid_test_io_" + std::to_string(::getpid()))) {
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

fs::path temp_dir() {
  static const TempDir d;
  return d.path;
}

std::string write_temp(const std::string& name, const std::string& bytes) {
  const fs::path p = temp_dir() / name;
  std::ofstream(p, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return p.string();
}

int count_label(const Mesh& m, const std::string& name) {
  int id = -2;
  for (std::size_t i = 0; i < m.label_names.size(); ++i)
    if (m.label_names[i] == name) id = static_cast<int>(i);
  int n = 0;
  for (Eigen::Index f = 0; f < m.num_faces(); ++f) n += m.label[f] == id;
  return n;
}

bool has_note(const LoadReport& r, const std::string& part) {
  for (const auto& n : r.notes)
    if (n.find(part) != std::string::npos) return true;
  return false;
}

/// Runs f, expects an input_error (exit code 2) whose message contains every one of parts.
void expect_input_error(const std::function<void()>& f, const std::vector<std::string>& parts) {
  bool thrown = false;
  try {
    f();
  } catch (const Error& e) {
    thrown = true;
    const std::string msg = e.what();
    INFO("message: " << msg);
    CHECK(e.code == exit_input);
    CHECK(msg.find('\n') == std::string::npos);
    CHECK(msg.find("; ") != std::string::npos);  // "<what is wrong>; <what to do>"
    for (const auto& p : parts) CHECK_MESSAGE(msg.find(p) != std::string::npos, "missing '" << p << "'");
  }
  CHECK_MESSAGE(thrown, "no input_error thrown");
}

void expect_buffer_error(const std::string& bytes, const std::string& name, const std::vector<std::string>& parts,
                         const LoadOptions& opt = {}) {
  std::vector<std::string> all = parts;
  all.insert(all.begin(), name);
  expect_input_error([&] { read_mesh_buffer(bytes, name, opt); }, all);
}

// ---- binary writers ----

template <class T>
void put(std::string& s, T v, bool big_endian) {
  char b[sizeof(T)];
  std::memcpy(b, &v, sizeof(T));
  const std::uint16_t one = 1;
  char host_le;
  std::memcpy(&host_le, &one, 1);
  if ((host_le == 1) == big_endian) std::reverse(b, b + sizeof(T));
  s.append(b, sizeof(T));
}

/// Binary STL of the given triangles (9 floats each); header text chosen by the caller.
std::string binary_stl(const std::vector<std::array<float, 9>>& tris, const std::string& header80) {
  std::string s = header80;
  s.resize(80, ' ');
  put<std::uint32_t>(s, static_cast<std::uint32_t>(tris.size()), false);
  for (const auto& t : tris) {
    for (int k = 0; k < 3; ++k) put<float>(s, 0.f, false);
    for (float x : t) put<float>(s, x, false);
    put<std::uint16_t>(s, 0, false);
  }
  return s;
}

/// A unit square (two triangles) scaled by `size`, four vertices.
const double sq[4][3] = {{0, 0, 0}, {1, 0, 0}, {1, 1, 0}, {0, 1, 0}};

/// Binary PLY: vertex x y z of type T plus extra props (nx float, red uchar), a quad + a triangle as
/// `list uchar int vertex_indices`, an int `label` property, and an extra element `edge` to skip.
template <class T>
std::string binary_ply(bool big, const char* tname, double size, bool with_labels = true) {
  std::string h = "ply\n";
  h += big ? "format binary_big_endian 1.0\n" : "format binary_little_endian 1.0\n";
  h += "comment made by test_io\ncomment label 5 cheek\n";
  h += "element vertex 5\nproperty float nx\nproperty " + std::string(tname) + " x\nproperty " + tname +
       " y\nproperty " + tname + " z\nproperty uchar red\n";
  h += "element edge 2\nproperty int vertex1\nproperty int vertex2\nproperty list ushort short extra\n";
  h += "element face 2\nproperty list uchar int vertex_indices\n";
  if (with_labels) h += "property int label\n";
  h += "end_header\n";
  std::string b;
  const double pts[5][3] = {{0, 0, 0}, {1, 0, 0}, {1, 1, 0}, {0, 1, 0}, {0.5, 1.5, 0}};
  for (const auto& p : pts) {
    put<float>(b, 9.f, big);
    for (int k = 0; k < 3; ++k) put<T>(b, static_cast<T>(p[k] * size), big);
    put<std::uint8_t>(b, 200, big);
  }
  for (int e = 0; e < 2; ++e) {
    put<std::int32_t>(b, e, big);
    put<std::int32_t>(b, e + 1, big);
    put<std::uint16_t>(b, 2, big);
    put<std::int16_t>(b, 7, big);
    put<std::int16_t>(b, 8, big);
  }
  put<std::uint8_t>(b, 4, big);
  for (int i : {0, 1, 2, 3}) put<std::int32_t>(b, i, big);
  if (with_labels) put<std::int32_t>(b, 5, big);
  put<std::uint8_t>(b, 3, big);
  for (int i : {3, 2, 4}) put<std::int32_t>(b, i, big);
  if (with_labels) put<std::int32_t>(b, 9, big);
  return h + b;
}

}  // namespace

// ================================================================================================
TEST_CASE("units: parse and name") {
  CHECK(parse_units("auto") == Units::automatic);
  CHECK(parse_units("mm") == Units::mm);
  CHECK(parse_units("cm") == Units::cm);
  CHECK(parse_units("m") == Units::m);
  CHECK(units_name(Units::cm) == "cm");
  CHECK(units_name(Units::automatic) == "auto");
  try {
    parse_units("inch");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code == exit_usage);
    CHECK(std::string(e.what()).find("inch") != std::string::npos);
  }
}

TEST_CASE("OBJ: quads, every index form, groups, ignored statements") {
  LoadReport r;
  const Mesh m = read_mesh(data_dir + "cube_quads_groups.obj", {}, &r);
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
  const Mesh m = read_mesh(data_dir + "usemtl_labels.obj");
  REQUIRE(m.num_faces() == 3);
  REQUIRE(m.label_names == std::vector<std::string>{"skin", "lips"});
  CHECK(m.label[0] == -1);
  CHECK(m.label[1] == 0);
  CHECK(m.label[2] == 1);
}

TEST_CASE("OBJ: negative indices, CRLF/CR/LF mixed, BOM, line continuation") {
  LoadReport r;
  const Mesh m = read_mesh(data_dir + "negative_crlf_bom.obj", {}, &r);
  REQUIRE(m.num_vertices() == 4);
  REQUIRE(m.num_faces() == 2);
  CHECK(m.F.row(0) == Eigen::RowVector3i(0, 1, 2));
  CHECK(m.F.row(1) == Eigen::RowVector3i(0, 2, 3));
  CHECK(m.V(3, 1) == 100.0);
  CHECK(surface_area(m) == doctest::Approx(1e4));
}

TEST_CASE("OBJ: concave polygon is ear-clipped, not fanned") {
  const Mesh m = read_mesh(data_dir + "concave_l.obj");
  REQUIRE(m.num_faces() == 4);
  CHECK(surface_area(m) == doctest::Approx(3e4));
  for (Eigen::Index f = 0; f < m.num_faces(); ++f) CHECK(face_normal(m, f).z() == doctest::Approx(1.0));
}

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

TEST_CASE("PLY ascii: label property with comment names, extra vertex property, values across lines") {
  LoadReport r;
  const Mesh m = read_mesh(data_dir + "labels_ascii.ply", {}, &r);
  CHECK(r.format == "ply-ascii");
  CHECK(m.num_vertices() == 4);
  CHECK(m.num_faces() == 3);
  REQUIRE(m.label_names == std::vector<std::string>{"forehead", "4", "chin"});
  CHECK(m.label[0] == 0);
  CHECK(m.label[1] == 2);
  CHECK(m.label[2] == 1);
  CHECK(m.V(2, 1) == 100.0);
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

TEST_CASE("STL ascii and binary (binary starting with 'solid')") {
  SUBCASE("ascii welds the shared corners") {
    LoadReport r;
    const Mesh m = read_mesh(data_dir + "two_facets.stl", {}, &r);
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

TEST_CASE("OFF: comments, quad triangulated, colours ignored") {
  LoadReport r;
  const Mesh m = read_mesh(data_dir + "quad_colours.off", {}, &r);
  CHECK(r.format == "off");
  CHECK(r.faces_read == 3);
  CHECK(m.num_vertices() == 5);
  CHECK(m.num_faces() == 4);
  CHECK(m.V(4, 2) == 80.0);
}

TEST_CASE("format is decided by content, not extension") {
  LoadReport r;
  const Mesh m = read_mesh(data_dir + "really_obj.stl", {}, &r);
  CHECK(r.format == "obj");
  CHECK(m.num_faces() == 1);
  const Mesh p = read_mesh_buffer(binary_ply<float>(false, "float", 100), "looks_like.obj", {}, &r);
  CHECK(r.format == "ply-binary-le");
  CHECK(p.num_faces() == 3);
  const std::string off = "OFF\n3 1 0\n0 0 0\n100 0 0\n0 100 0\n3 0 1 2\n";
  read_mesh_buffer(off, "mesh.ply", {}, &r);
  CHECK(r.format == "off");
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

// ================================================================================================
// error paths

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

TEST_CASE("errors: unknown format") {
  expect_buffer_error("hello world\nthis is not a mesh\n", "notes.txt", {"unrecognised mesh format"});
  expect_buffer_error(std::string("\x00\x01\x02\x03 binary junk", 17), "junk.bin", {"unrecognised mesh format"});
  expect_buffer_error("# only a comment\n\n", "c.obj", {"no mesh data"});
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

TEST_CASE("errors: no triangles, all degenerate") {
  expect_buffer_error("v 0 0 0\nv 1 0 0\nv 0 1 0\nl 1 2\n", "lines.obj", {"no faces"});
  expect_buffer_error("v 0 0 0\nv 1 0 0\nv 2 0 0\nf 1 2 3\nf 1 1 2\n", "flat.obj", {"all 2 triangles are degenerate"});
  expect_buffer_error(
      "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\n"
      "end_header\n0 0 0\n1 0 0\n0 1 0\n",
      "cloud.ply", {"no faces"});
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
        CHECK(e.code == exit_input);
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
        CHECK(e.code == exit_input);
        ++errors;
      }
    }
  }
  CHECK(errors > 0);
  CHECK(ok > 0);
}

// ================================================================================================
// hostile input (issue #7): regressions of fuzz/ and tests/malformed/ findings

TEST_CASE("hostile: --units value with control characters gives one printable line") {
  try {
    parse_units("m\r\nmm");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code == exit_usage);
    CHECK(std::string(e.what()) == "unknown units 'm??mm'; use auto, mm, cm or m");
  }
}

TEST_CASE("hostile: binary content is not guessed to be a truncated STL unless named .stl") {
  std::string junk(300, '\0');
  for (std::size_t i = 0; i < junk.size(); ++i) junk[i] = static_cast<char>(i * 7);
  expect_buffer_error(junk, "junk.obj", {"unrecognised mesh format", "binary", "triangle count would not match"});
  expect_buffer_error(junk, "junk.stl", {"binary STL declares"});
}

TEST_CASE("hostile: 'OFF BINARY' followed by binary bytes names binary OFF") {
  expect_buffer_error("OFF BINARY\n" + std::string(40, '\0'), "b.off", {"b.off:1:", "binary OFF is not supported"});
}

TEST_CASE("hostile: OBJ index beyond 64 bits is out of range") {
  expect_buffer_error("v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 99999999999999999999\n", "big.obj",
                      {"big.obj:4:", "face index '99999999999999999999' is out of range", "3 vertices so far"});
}

TEST_CASE("hostile: ascii PLY non-finite coordinate is quoted") {
  expect_buffer_error(
      "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\n"
      "element face 1\nproperty list uchar int vertex_indices\nend_header\n0 0 0\n1 0 1e999\n0 1 0\n3 0 1 2\n",
      "inf.ply", {"inf.ply:11:", "vertex coordinate '1e999' is not a finite number"});
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
                      {"the mesh is 1e+300 mm across (bounding box 1e+300 x 1e+300 x 0 in file units), more than 1 km",
                       "check --units"});
  expect_buffer_error("v -1.7e308 0 0\nv 1.7e308 0 0\nv 0 1 0\nf 1 2 3\n", "overflow.obj", {"inf mm across"});
  LoadOptions opt;
  opt.units = Units::m;
  expect_buffer_error("v 0 0 0\nv 1500 0 0\nv 0 1000 0\nf 1 2 3\n", "field.obj",
                      {"1500000 mm across (bounding box 1500 x 1000 x 0"}, opt);
  LoadReport r;
  read_mesh_buffer("v 0 0 0\nv 1000 0 0\nv 0 1000 0\nf 1 2 3\n", "field.obj", opt, &r);  // exactly 1 km
  CHECK(has_note(r, "1000000 mm across, implausible"));
}

TEST_CASE("hostile: binary PLY offsets are counted after the header") {
  const std::string ply = binary_ply<float>(false, "float", 100);
  expect_buffer_error(ply.substr(0, ply.size() - 3), "cut.ply",
                      {"face 1 (byte ", " after the header): binary PLY data ends early"});
}

// ================================================================================================
// real meshes from ../shared (skipped when absent)

TEST_CASE("shared meshes: MediaPipe canonical face") {
  const std::string p = meshes_dir + "mediapipe_canonical_face.obj";
  if (!fs::exists(p)) {
    MESSAGE("skipped: " << p << " not found");
    return;
  }
  LoadReport r;
  const Mesh m = read_mesh(p, {}, &r);
  CHECK(m.num_vertices() == 468);
  CHECK(m.num_faces() == 898);
  CHECK(r.units == Units::cm);
  CHECK(r.units_detected);
  CHECK(r.components == 1);
}

TEST_CASE("shared meshes: ICT neutral face with region groups") {
  const std::string p = meshes_dir + "ict/ict_face_neutral.obj";
  if (!fs::exists(p)) {
    MESSAGE("skipped: " << p << " not found");
    return;
  }
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
        CHECK(m.label.size() == m.num_faces());
        CHECK((m.label.array() == -1).all());
        continue;
      }
      CAPTURE(big);
      CAPTURE(extra);
      CHECK(m.V == first.V);
      CHECK(m.F == first.F);
      CHECK(m.label == first.label);
    }
}

TEST_CASE("shared meshes: ICT subdivided face, binary PLY (timed)") {
  const std::string p = meshes_dir + "ict/ict_face_sub3.ply";
  if (!fs::exists(p)) {
    MESSAGE("skipped: " << p << " not found");
    return;
  }
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

// tests/io/io_support.hpp: helpers of the mesh reader tests: files with known content (binary STL and PLY
// writers), error expectations, labels and notes of a read mesh.
#pragma once
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <functional>
#include <mesogrid/io/read_mesh.hpp>
#include <string>
#include <vector>

#include "../support.hpp"

namespace mesogrid::test {

inline const std::string io_data_dir = test::data_dir + "/io/";
inline const std::string meshes_dir = test::shared_dir + "/meshes/";
using test::temp_dir;
using test::write_temp;

inline int count_label(const Mesh& m, const std::string& name) {
  int id = -2;
  for (std::size_t i = 0; i < m.label_names.size(); ++i)
    if (m.label_names[i] == name) id = static_cast<int>(i);
  int n = 0;
  for (Eigen::Index f = 0; f < m.num_faces(); ++f) n += m.label[f] == id;
  return n;
}

inline bool has_note(const LoadReport& r, const std::string& part) {
  for (const auto& n : r.notes)
    if (n.str().find(part) != std::string::npos) return true;
  return false;
}

/// Runs f, expects an input_error (exit code 2) whose message contains every one of parts.
inline void expect_input_error(const std::function<void()>& f, const std::vector<std::string>& parts) {
  bool thrown = false;
  try {
    f();
  } catch (const Error& e) {
    thrown = true;
    const std::string msg = e.what();
    INFO("message: " << msg);
    CHECK(e.kind == ErrorKind::input);
    CHECK(msg.find('\n') == std::string::npos);
    CHECK(msg.find("; ") != std::string::npos);  // "<what is wrong>; <what to do>"
    for (const auto& p : parts) CHECK_MESSAGE(msg.find(p) != std::string::npos, "missing '" << p << "'");
  }
  CHECK_MESSAGE(thrown, "no input_error thrown");
}

inline void expect_buffer_error(const std::string& bytes, const std::string& name,
                                const std::vector<std::string>& parts, const LoadOptions& opt = {}) {
  std::vector<std::string> all = parts;
  all.insert(all.begin(), name);
  expect_input_error([&] { read_mesh_buffer(bytes, name, opt); }, all);
}

// ---- binary writers ----

template <class T>
inline void put(std::string& s, T v, bool big_endian) {
  char b[sizeof(T)];
  std::memcpy(b, &v, sizeof(T));
  const std::uint16_t one = 1;
  char host_le;
  std::memcpy(&host_le, &one, 1);
  if ((host_le == 1) == big_endian) std::reverse(b, b + sizeof(T));
  s.append(b, sizeof(T));
}

/// Binary STL of the given triangles (9 floats each); header text chosen by the caller.
inline std::string binary_stl(const std::vector<std::array<float, 9>>& tris, const std::string& header80) {
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
inline const double sq[4][3] = {{0, 0, 0}, {1, 0, 0}, {1, 1, 0}, {0, 1, 0}};

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

}  // namespace mesogrid::test

// tests/support.hpp: helpers shared by the unit tests (not part of the library): test meshes with known
// geometry, the built-in face as the tool plans on it, error capture, scratch files, and the skip of a test that
// needs ../shared (it prints "SKIP: <reason>", which ctest reports as a skip, tests/CMakeLists.txt).
#pragma once
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mesogrid/core/error.hpp>
#include <mesogrid/core/mesh.hpp>
#include <mesogrid/plan/types.hpp>
#include <string>
#include <vector>

namespace mesogrid::test {

/// tests/data (test meshes kept in the repository).
inline const std::string data_dir = MESOGRID_TEST_DATA;
/// ../shared (real faces beside the repository; tests that need them skip without them).
inline const std::string shared_dir = MESOGRID_SHARED_DIR;

#ifndef MESOGRID_TEST_SANITIZED
#define MESOGRID_TEST_SANITIZED 0
#endif
/// Whether case `index` (from 0) of a sweep over many whole plans (every region x technique x sex, ...) is checked
/// in this build: every case in the Release pass; in the sanitizer pass (scripts/test.sh --asan, 20-30x slower, and
/// there for memory and undefined-behaviour errors, which the same code shows on any of the cases) every
/// `stride`-th case, the first among them. A sweep picks a stride that still meets each of its kinds.
inline bool sweep_case(long index, long stride) { return !MESOGRID_TEST_SANITIZED || index % stride == 0; }

/// True when `path` exists; otherwise prints "SKIP: <path> not found (<what>)" for ctest and returns false.
inline bool have(const std::string& path, const std::string& what = "../shared: test data beside the repository") {
  if (std::filesystem::exists(path)) return true;
  std::printf("SKIP: %s not found (%s)\n", path.c_str(), what.c_str());
  return false;
}

/// n×n grid of quads (two triangles each) mapped through f(u, v), u, v in [0, 1]; faces oriented so that the
/// normal is +z for the identity-like plane map. Unlabelled.
inline Mesh grid_mesh(int n, const std::function<Eigen::Vector3d(double, double)>& f) {
  Mesh m;
  m.V.resize((n + 1) * (n + 1), 3);
  for (int j = 0; j <= n; ++j)
    for (int i = 0; i <= n; ++i) m.V.row(j * (n + 1) + i) = f(double(i) / n, double(j) / n).transpose();
  m.F.resize(2 * n * n, 3);
  int k = 0;
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) {
      const int a = j * (n + 1) + i, b = a + 1, c = a + n + 1, d = c + 1;
      m.F.row(k++) << a, b, d;
      m.F.row(k++) << a, d, c;
    }
  m.label = Eigen::VectorXi::Constant(m.F.rows(), -1);
  return m;
}

/// A disc of radius r mm at z = 0 fanned from its centre into n triangles, all slivers for large n (a polygon's
/// fan triangulation), facing +z. Unlabelled.
inline Mesh fan_disc(int n, double r) {
  Mesh m;
  m.V.resize(n + 1, 3);
  m.V.row(0).setZero();
  m.F.resize(n, 3);
  for (int i = 0; i < n; ++i) {
    m.V.row(i + 1) << r * std::cos(2 * pi * i / n), r * std::sin(2 * pi * i / n), 0;
    m.F.row(i) << 0, i + 1, (i + 1) % n + 1;
  }
  m.label = Eigen::VectorXi::Constant(m.F.rows(), -1);
  return m;
}

/// Two meshes as one (b's vertices after a's), unlabelled.
inline Mesh joined(const Mesh& a, const Mesh& b) {
  Mesh m;
  m.V.resize(a.V.rows() + b.V.rows(), 3);
  m.V << a.V, b.V;
  m.F.resize(a.F.rows() + b.F.rows(), 3);
  m.F << a.F, (b.F.array() + static_cast<int>(a.V.rows())).matrix();
  m.label = Eigen::VectorXi::Constant(m.F.rows(), -1);
  return m;
}

/// A w × h mm plane at z = 0 from (x0, y0), facing +z, n × n quads.
inline Mesh plane(double w, double h, double x0, double y0, int n = 20) {
  return grid_mesh(n, [=](double u, double v) { return Eigen::Vector3d(x0 + u * w, y0 + v * h, 0); });
}

/// Point-by-point plan parameters with the spacing (mm), lattice and margin (mm; NaN: half the spacing) given.
inline PlanParams params(double spacing, LatticeKind k, double margin = std::nan("")) {
  PlanParams p;
  p.technique = Technique::point_by_point;
  p.spacing_mm = spacing;
  p.lattice = k;
  p.margin_mm = margin;
  return p;
}

/// The built-in face as the tool plans on it (mm, mirror-exact, Loop-refined twice, labelled), made once
/// (support.cpp). With `mirror`, the mirror image of every vertex (anatomical_face's map).
const Mesh& builtin_face_mm(std::vector<int>* mirror = nullptr);

/// What the Error `f` throws says, as `render` words it, and its kind in *kind; "(no error)" when it throws none.
template <class F, class Render>
std::string thrown(F&& f, Render&& render, ErrorKind* kind = nullptr) {
  try {
    f();
  } catch (const Error& e) {
    if (kind) *kind = e.kind;
    return render(e);
  }
  return "(no error)";
}

/// The message of the Error `f` throws, as the library words it, and its kind in *kind.
template <class F>
std::string error_of(F&& f, ErrorKind* kind = nullptr) {
  return thrown(
      f, [](const Error& e) { return std::string(e.what()); }, kind);
}

/// A parameter named as a flag would name it ("--landmark-set" for Param::landmark_set); value listings empty.
inline std::string as_flag(Param p, bool values) {
  if (values) return "";
  std::string n = param_name(p);
  if (p == Param::landmark_set) n = "landmark-set";
  for (char& c : n)
    if (c == '_') c = '-';
  return "--" + n;
}

/// As error_of, with parameters named as flags (as_flag).
template <class F>
std::string error_with_flags(F&& f, ErrorKind* kind = nullptr) {
  return thrown(
      f, [](const Error& e) { return e.message.str(as_flag); }, kind);
}

/// A scratch directory for this process, removed at exit.
inline const std::filesystem::path& temp_dir() {
  struct Dir {
    std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("mesogrid_test_" + std::to_string(::getpid()));
    Dir() { std::filesystem::create_directories(path); }
    ~Dir() {
      std::error_code ec;
      std::filesystem::remove_all(path, ec);
    }
  };
  static const Dir d;
  return d.path;
}

/// Writes `bytes` to temp_dir()/name; returns the path.
inline std::string write_temp(const std::string& name, const std::string& bytes) {
  const std::filesystem::path p = temp_dir() / name;
  std::ofstream(p, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return p.string();
}

}  // namespace mesogrid::test

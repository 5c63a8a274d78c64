// tests/src/batch/batch_support.hpp: manifests beside a copy of the test plane, scratch directories, errors with
// the tool's exit codes.
#pragma once
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include "../src_support.hpp"
#include "errors.hpp"

namespace mesogrid::test {
namespace fs = std::filesystem;

inline int code_of(const std::function<void()>& f, std::string* msg = nullptr) {
  try {
    f();
  } catch (const Error& e) {
    if (msg) *msg = cli::text(e);
    return cli::exit_code(e.kind);
  }
  return 0;
}

/// A manifest beside a copy of the test plane: `rows` lines after the header name,mesh,spacing,format.
inline fs::path write_manifest(const fs::path& dir, const std::string& body) {
  fs::copy_file(fs::path(MESOGRID_TEST_DATA) / "cli" / "plane_100mm.obj", dir / "plane.obj",
                fs::copy_options::overwrite_existing);
  std::ofstream(dir / "m.csv", std::ios::binary) << "name,mesh,spacing,format\n" << body;
  return dir / "m.csv";
}

inline std::string many_rows(int n) {
  std::string s;
  for (int i = 1; i <= n; ++i)
    s += "r" + std::to_string(i) + ",plane.obj," + std::to_string(5 + i % 6) + "," + (i % 2 ? "csv" : "json") + "\n";
  return s;
}

}  // namespace mesogrid::test

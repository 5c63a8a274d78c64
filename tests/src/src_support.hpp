// tests/src/src_support.hpp: helpers of the tool's tests: errors as the tool prints them, files and directories,
// the built-in face and plans on it as the tool makes them.
#pragma once
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include "../support.hpp"
#include "errors.hpp"
#include "face.hpp"
#include "flags.hpp"
#include "planning.hpp"

namespace mesogrid::test {

/// The message of the Error `f` throws as the tool prints it (flags named, cli::text), and its kind in *kind;
/// "(no error)" when it throws none.
template <class F>
std::string cli_error(F&& f, ErrorKind* kind = nullptr) {
  return thrown(
      f, [](const Error& e) { return cli::text(e); }, kind);
}

/// The bytes of the file at `p` ("" when it cannot be read).
inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// A fresh directory of its own, removed (whatever its permissions) at the end of the scope.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string t = (std::filesystem::temp_directory_path() / "mesogrid-test-XXXXXX").string();
    REQUIRE(::mkdtemp(t.data()) != nullptr);
    path = t;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::permissions(path, std::filesystem::perms::owner_all, ec);
    std::filesystem::remove_all(path, ec);
  }
  /// How many entries the directory holds.
  size_t entries() const {
    return static_cast<size_t>(
        std::distance(std::filesystem::directory_iterator(path), std::filesystem::directory_iterator()));
  }
};

/// The built-in face as the tool loads it (mm, labelled, with its zones), loaded once.
inline const cli::Face& tool_face() {
  static const cli::Face face = cli::load_face(cli::FaceSource{});
  return face;
}

/// The plan the tool makes from `flags` (parsed as for a table) on `on`.
inline Plan tool_plan(const cli::PlanFlags& flags, const cli::Face& on = tool_face()) {
  return cli::plan_on_face(cli::parse_plan_flags(flags, "table"), on);
}

/// The plan of `technique` on `region`, every other flag at its default, on `on`.
inline Plan tool_plan(const std::string& region, const std::string& technique, const cli::Face& on = tool_face()) {
  cli::PlanFlags f;
  f.region = region;
  f.technique = technique;
  return tool_plan(f, on);
}

}  // namespace mesogrid::test

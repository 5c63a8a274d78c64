// Tests of src/output/write.hpp: atomic output replaces the file or leaves it untouched, and no temporary behind.
#include <doctest/doctest.h>

#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mesogrid/plan/resolve.hpp>
#include <mesogrid/plan/sites.hpp>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "output/numbers.hpp"
#include "output/report.hpp"
#include "output/write.hpp"

#include "../src_support.hpp"

using namespace mesogrid;
namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

using test::slurp;
using test::TempDir;

TEST_CASE("atomic output: replaces the file, leaves no temporary") {
  TempDir d;
  const fs::path f = d.path / "plan.csv";
  cli::write_output(f.string(), "first\n");
  CHECK(slurp(f) == "first\n");
  cli::write_output(f.string(), "second\n");
  CHECK(slurp(f) == "second\n");
  CHECK(d.entries() == 1);
}

TEST_CASE("atomic output: failures name the path and leave the target untouched") {
  TempDir d;
  const fs::path f = d.path / "plan.csv";
  cli::write_output(f.string(), "keep\n");
  CHECK_THROWS_WITH_AS(cli::write_output((d.path / "no-such-dir" / "x.csv").string(), "x"),
                       doctest::Contains("no-such-dir"), Error);
  CHECK_THROWS_WITH_AS(cli::write_output(d.path.string(), "x"), doctest::Contains("is a directory"), Error);
  if (::geteuid() != 0) {  // root ignores directory permissions
    fs::permissions(d.path, fs::perms::owner_read | fs::perms::owner_exec);
    CHECK_THROWS_AS(cli::write_output(f.string(), "new\n"), Error);
    fs::permissions(d.path, fs::perms::owner_all);
  }
  CHECK(slurp(f) == "keep\n");
  CHECK(d.entries() == 1);
}

// Tests of src/flags.hpp: the one flag table (every plan flag a manifest column) and parse_plan_flags (defaults,
// values, errors naming the flag, before any file is read).
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <mesogrid/core/error.hpp>
#include <set>
#include <sstream>
#include <string>

#include "errors.hpp"
#include "flags.hpp"

using namespace mesogrid;
using namespace mesogrid::cli;
namespace fs = std::filesystem;

#include "batch/batch_support.hpp"

using mesogrid::test::code_of;

TEST_CASE("plan flag table: every plan flag is a manifest column, both spellings") {
  const std::set<std::string> want = {
      "mesh",      "units",   "up",     "front",       "landmarks",     "landmark_set", "region",
      "technique", "spacing", "depth",  "margin",      "volume",        "total_volume", "angle",
      "lattice",   "advance", "needle", "session_max", "injector_rate", "max_sites",    "zones",
      "exclude",   "sex",     "format", "patient",     "date",          "practitioner", "product",
      "dilution",  "lot",     "notes",  "view",        "labels"};
  std::set<std::string> got;
  for (const auto& f : plan_flag_table()) {
    got.insert(f.column);
    CHECK(std::string(f.flag).substr(0, 2) == "--");
  }
  CHECK(got == want);
  CHECK(find_plan_flag("view")->map_flag);  // the commands register --view and --labels themselves
  CHECK(find_plan_flag("labels")->map_flag);
  CHECK(!find_plan_flag("spacing")->map_flag);
  REQUIRE(find_plan_flag("total-volume") != nullptr);
  CHECK(find_plan_flag("total-volume") == find_plan_flag("total_volume"));
  CHECK(find_plan_flag("injector-rate") != nullptr);
  CHECK(find_plan_flag("spacingg") == nullptr);
  CHECK(find_plan_flag("name") == nullptr);
  PlanFlags f;
  set_plan_flag(f, *find_plan_flag("exclude"), "sphere:0,0,0,5; sphere:1,2,3,4;");
  set_plan_flag(f, *find_plan_flag("exclude"), "sphere:9,9,9,1");
  CHECK(f.exclude == std::vector<std::string>{"sphere:0,0,0,5", "sphere:1,2,3,4", "sphere:9,9,9,1"});
  set_plan_flag(f, *find_plan_flag("spacing"), "");
  CHECK_FALSE(f.spacing.has_value());  // empty = default
}

TEST_CASE("parse_plan_flags: defaults, values, errors naming the flag") {
  PlanFlags f;
  PlanRequest r = parse_plan_flags(f, "csv");
  CHECK(r.format == "csv");
  CHECK(r.params.region.empty());  // the face decides: full_face with anatomy, else all
  CHECK(r.face.path.empty());
  CHECK_FALSE(r.face.units_given);
  f.spacing = "1.5cm";
  f.format = "json";
  f.units = "mm";
  r = parse_plan_flags(f, "csv");
  CHECK(r.params.spacing_mm == doctest::Approx(15));
  CHECK(r.format == "json");
  CHECK(r.face.units_given);
  std::string m;
  f.spacing = "0.5";
  CHECK(code_of([&] { parse_plan_flags(f, "csv"); }, &m) == exit_usage);
  CHECK(m.find("--spacing '0.5'") == 0);
  f.spacing.reset();
  f.format = "xml";
  CHECK(code_of([&] { parse_plan_flags(f, "csv"); }, &m) == exit_usage);
  CHECK(m.find("--format 'xml'") == 0);
  // the map columns of a manifest: a view and labels with a map format only, checked like the flags
  f.format = "SVG";
  f.view = "Left";
  f.labels = "yes";
  r = parse_plan_flags(f, "csv");
  CHECK(r.format == "svg");
  CHECK(r.view == "left");
  CHECK(r.labels);
  f.labels = "maybe";
  CHECK(code_of([&] { parse_plan_flags(f, "csv"); }, &m) == exit_usage);
  CHECK(m == "--labels 'maybe' is not true or false (yes/no, on/off, 1/0 too)");
  f.labels = "false";
  f.view = "top";
  CHECK(code_of([&] { parse_plan_flags(f, "csv"); }, &m) == exit_usage);
  CHECK(m.find("--view 'top' is not known") == 0);
  f.format = "csv";
  f.view = "left";
  CHECK(code_of([&] { parse_plan_flags(f, "csv"); }, &m) == exit_usage);
  CHECK(m.find("--view applies to maps only") == 0);
  f.view.reset();
  f.labels = "true";
  CHECK(code_of([&] { parse_plan_flags(f, "csv"); }, &m) == exit_usage);
  CHECK(m.find("--labels applies to maps only") == 0);
}

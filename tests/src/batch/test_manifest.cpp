// Tests of src/batch/manifest.hpp: CSV records (quotes, CRLF, BOM, embedded newlines), CSV and JSON Lines
// manifests, output names.
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <mesogrid/core/error.hpp>
#include <set>
#include <sstream>
#include <string>

#include "batch/manifest.hpp"
#include "batch/runner.hpp"
#include "batch_support.hpp"
#include "errors.hpp"
#include "flags.hpp"

using namespace mesogrid;
using namespace mesogrid::cli;
namespace fs = std::filesystem;

using namespace mesogrid::test;

TEST_CASE("parse_csv: quotes, doubled quotes, CRLF, BOM, embedded newlines, blank lines, line numbers") {
  const auto r = parse_csv(
      "\xEF\xBB\xBF"
      "a,b\r\n\"x,1\",\"say \"\"hi\"\"\"\r\n\r\n\"two\nlines\",z\r\nlast,",
      "t.csv");
  REQUIRE(r.size() == 4);
  CHECK(r[0].fields == std::vector<std::string>{"a", "b"});
  CHECK(r[1].fields == std::vector<std::string>{"x,1", "say \"hi\""});
  CHECK(r[1].line == 2);
  CHECK(r[2].line == 4);
  CHECK(r[2].fields[0] == "two\nlines");
  CHECK(r[3].line == 6);
  CHECK(r[3].fields == std::vector<std::string>{"last", ""});
  std::string m;
  CHECK(code_of([] { parse_csv("a\n\"open\n", "t.csv"); }, &m) == exit_usage);
  CHECK(m.find("t.csv:2: a quoted field is never closed") == 0);
  CHECK(code_of([] { parse_csv("a\nb\"c\n", "t.csv"); }, &m) == exit_usage);
  CHECK(m.find("t.csv:2: ") == 0);
  CHECK(code_of([] { parse_csv("\"a\"b\n", "t.csv"); }, &m) == exit_usage);
}

TEST_CASE("parse_manifest: CSV") {
  const Manifest mf = parse_manifest("name,mesh,total-volume,spacing\na,x.obj,1ml,\n b , , ,\"12\"\n", "m.csv", false);
  REQUIRE(mf.rows.size() == 2);
  CHECK(mf.rows[0].line == 2);
  CHECK(mf.rows[0].flags.mesh == std::optional<std::string>("x.obj"));
  CHECK(mf.rows[0].flags.total_volume == std::optional<std::string>("1ml"));
  CHECK_FALSE(mf.rows[0].flags.spacing.has_value());  // empty cell = default
  CHECK(mf.rows[1].name == "b");
  CHECK_FALSE(mf.rows[1].flags.mesh.has_value());
  CHECK(mf.rows[1].flags.spacing == std::optional<std::string>("12"));
  std::string m;
  CHECK(code_of([] { parse_manifest("name,spacingg\n", "m.csv", false); }, &m) == exit_usage);
  CHECK(m.find("m.csv:1: unknown column 'spacingg'") == 0);
  CHECK(code_of([] { parse_manifest("mesh\nx.obj\n", "m.csv", false); }, &m) == exit_usage);
  CHECK(code_of([] { parse_manifest("name,total_volume,total-volume\n", "m.csv", false); }) == exit_usage);
  CHECK(code_of([] { parse_manifest("name,spacing\na\n", "m.csv", false); }, &m) == exit_usage);
  CHECK(m.find("m.csv:2: the row has 1 fields") == 0);
  CHECK(code_of([] { parse_manifest("name\na\nb\na\n", "m.csv", false); }, &m) == exit_usage);
  CHECK(m.find("m.csv:4: name 'a' is also used on line 2") == 0);
  CHECK(code_of([] { parse_manifest("", "m.csv", false); }) == exit_usage);
  CHECK(parse_manifest("name,spacing\n", "m.csv", false).rows.empty());  // header only: nothing to do
}

TEST_CASE("parse_manifest: JSON Lines") {
  const Manifest mf = parse_manifest(
      "{\"name\": \"a\", \"spacing\": 12.5, \"max_sites\": 10, \"region\": null}\r\n\n{\"name\": \"b\", "
      "\"injector-rate\": \"30\"}",
      "m.jsonl", true);
  REQUIRE(mf.rows.size() == 2);
  CHECK(mf.rows[0].flags.spacing == std::optional<std::string>("12.5"));
  CHECK(mf.rows[0].flags.max_sites == std::optional<std::string>("10"));
  CHECK_FALSE(mf.rows[0].flags.region.has_value());
  CHECK(mf.rows[1].line == 3);
  CHECK(mf.rows[1].flags.injector_rate == std::optional<std::string>("30"));
  std::string m;
  CHECK(code_of([] { parse_manifest("{\"name\": \"a\", \"colour\": 1}\n", "m.jsonl", true); }, &m) == exit_usage);
  CHECK(m.find("m.jsonl:1: unknown column 'colour'") == 0);
  CHECK(code_of([] { parse_manifest("{\"name\": \"a\"}\n[1]\n", "m.jsonl", true); }, &m) == exit_usage);
  CHECK(m.find("m.jsonl:2: not a JSON object") == 0);
  CHECK(code_of([] { parse_manifest("{\"name\": \"a\", \"spacing\": [1]}\n", "m.jsonl", true); }) == exit_usage);
  // true/false are the words (a map row's labels)
  const Manifest b = parse_manifest("{\"name\": \"a\", \"labels\": true, \"spacing\": 2.5}\n", "m.jsonl", true);
  REQUIRE(b.rows.size() == 1);
  CHECK(b.rows[0].flags.labels == std::optional<std::string>("true"));
  CHECK(b.rows[0].flags.spacing == std::optional<std::string>("2.5"));
  CHECK(code_of([] { parse_manifest("{\"name\": \"a\"\n", "m.jsonl", true); }) == exit_usage);
  // a whole JSON number is the whole number however written (100.0, 1e2: a count column takes it); others keep
  // their text
  const Manifest c = parse_manifest(
      "{\"name\": \"a\", \"max_sites\": 100.0, \"spacing\": 2.50}\n{\"name\": \"b\", "
      "\"max_sites\": 1e2, \"spacing\": -0.0}\n",
      "m.jsonl", true);
  REQUIRE(c.rows.size() == 2);
  CHECK(c.rows[0].flags.max_sites == std::optional<std::string>("100"));
  CHECK(c.rows[0].flags.spacing == std::optional<std::string>("2.50"));
  CHECK(c.rows[1].flags.max_sites == std::optional<std::string>("100"));
  CHECK(c.rows[1].flags.spacing == std::optional<std::string>("0"));  // refused later, as "--spacing 0"
  // a row nested deeper than any manifest row, or repeating a key: refused before its document is built
  CHECK(code_of([] { parse_manifest("{\"name\": \"a\", \"x\": " + std::string(1 << 20, '[') + "\n", "m.jsonl", true); },
                &m) == exit_usage);
  CHECK(m.find("m.jsonl:1: it is nested deeper than 32 levels, more than a manifest row holds") == 0);
  CHECK(code_of([] { parse_manifest("{\"name\": \"a\", \"spacing\": 1, \"spacing\": 2}\n", "m.jsonl", true); }, &m) ==
        exit_usage);
  CHECK(m.find("m.jsonl:1: key 'spacing' is given twice") == 0);
}

TEST_CASE("parse_manifest: at most 100000 rows, said at the first one over (CSV and JSON Lines)") {
  std::string csv = "name,spacing\n", jsonl;
  for (int i = 1; i <= 100001; ++i) {
    csv += "r" + std::to_string(i) + ",5\n";
    jsonl += "{\"name\": \"r" + std::to_string(i) + "\"}\n";
  }
  std::string m;
  CHECK(code_of([&] { parse_manifest(csv, "m.csv", false); }, &m) == exit_usage);
  CHECK(m == "m.csv:100002: more than 100000 rows in one manifest: split it into several (a batch each)");
  CHECK(code_of([&] { parse_manifest(jsonl, "m.jsonl", true); }, &m) == exit_usage);
  CHECK(m == "m.jsonl:100001: more than 100000 rows in one manifest: split it into several (a batch each)");
  csv.resize(csv.rfind("r100001"));  // 100000 rows: read
  CHECK(parse_manifest(csv, "m.csv", false).rows.size() == 100000);
}

TEST_CASE("name_problem: row names that make safe file names") {
  CHECK(name_problem("patient-01_forehead.v2").empty());
  CHECK(name_problem("a b").empty());
  for (const char* bad : {"", "a/b", "a\\b", "..", "x..y", ".hidden", "tab\there", "batch_summary", "batch_summary.x"})
    CHECK_FALSE(name_problem(bad).empty());
  CHECK_FALSE(name_problem(std::string(201, 'a')).empty());
}

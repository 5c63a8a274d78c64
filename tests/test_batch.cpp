// Tests of src/batch.* and src/plan_flags.*: manifest parsing (CSV, JSON Lines), names, shards, the summary,
// and run_batch on the 100 mm test plane (mixed rows, determinism across jobs, shards, resume, stop request).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <mesogrid/error.hpp>
#include <set>
#include <sstream>
#include <string>

#include "batch.hpp"
#include "plan_flags.hpp"

using namespace mesogrid;
using namespace mesogrid::cli;
namespace fs = std::filesystem;

namespace {

int code_of(const std::function<void()>& f, std::string* msg = nullptr) {
  try {
    f();
  } catch (const Error& e) {
    if (msg) *msg = e.what();
    return e.code;
  }
  return 0;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct TempDir {
  fs::path path;
  TempDir() {
    std::string t = (fs::temp_directory_path() / "mesogrid-test-batch.XXXXXX").string();
    REQUIRE(::mkdtemp(t.data()) != nullptr);
    path = t;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

/// A manifest beside a copy of the test plane: `rows` lines after the header name,mesh,spacing,format.
fs::path write_manifest(const fs::path& dir, const std::string& body) {
  fs::copy_file(fs::path(MESOGRID_TEST_DATA) / "cli" / "plane_100mm.obj", dir / "plane.obj",
                fs::copy_options::overwrite_existing);
  std::ofstream(dir / "m.csv", std::ios::binary) << "name,mesh,spacing,format\n" << body;
  return dir / "m.csv";
}

std::string many_rows(int n) {
  std::string s;
  for (int i = 1; i <= n; ++i)
    s += "r" + std::to_string(i) + ",plane.obj," + std::to_string(5 + i % 6) + "," + (i % 2 ? "csv" : "json") + "\n";
  return s;
}

}  // namespace

TEST_CASE("plan flag table: every plan flag is a manifest column, both spellings") {
  const std::set<std::string> want = {
      "mesh",          "units",     "up",     "front",   "landmarks",    "landmark_set", "region",  "technique",
      "spacing",       "depth",     "margin", "volume",  "total_volume", "angle",        "lattice", "advance",
      "injector_rate", "max_sites", "zones",  "exclude", "sex",          "format"};
  std::set<std::string> got;
  for (const auto& f : plan_flag_table()) {
    got.insert(f.column);
    CHECK(std::string(f.flag).substr(0, 2) == "--");
  }
  CHECK(got == want);
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
  CHECK(r.params.region == "all");
  CHECK(r.mesh.path.empty());
  CHECK_FALSE(r.mesh.units_given);
  f.spacing = "1.5cm";
  f.format = "json";
  f.units = "mm";
  r = parse_plan_flags(f, "csv");
  CHECK(r.params.spacing_mm == doctest::Approx(15));
  CHECK(r.format == "json");
  CHECK(r.mesh.units_given);
  std::string m;
  f.spacing = "0.5";
  CHECK(code_of([&] { parse_plan_flags(f, "csv"); }, &m) == exit_usage);
  CHECK(m.find("--spacing '0.5'") == 0);
  f.spacing.reset();
  f.format = "xml";
  CHECK(code_of([&] { parse_plan_flags(f, "csv"); }, &m) == exit_usage);
  CHECK(m.find("--format 'xml'") == 0);
}

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
  CHECK(code_of([] { parse_manifest("{\"name\": \"a\", \"spacing\": true}\n", "m.jsonl", true); }) == exit_usage);
  CHECK(code_of([] { parse_manifest("{\"name\": \"a\"\n", "m.jsonl", true); }) == exit_usage);
}

TEST_CASE("names and shards") {
  CHECK(name_problem("patient-01_forehead.v2").empty());
  CHECK(name_problem("a b").empty());
  for (const char* bad : {"", "a/b", "a\\b", "..", "x..y", ".hidden", "tab\there", "batch_summary", "batch_summary.x"})
    CHECK_FALSE(name_problem(bad).empty());
  CHECK_FALSE(name_problem(std::string(201, 'a')).empty());
  CHECK(parse_shard("0/3") == std::pair<long, long>(0, 3));
  CHECK(parse_shard("2/3") == std::pair<long, long>(2, 3));
  for (const char* bad : {"3/3", "", "1", "/3", "1/", "-1/3", "a/b", "0/0", "1/3/4", "99999999/100000000"})
    CHECK(code_of([&] { parse_shard(bad); }) == exit_usage);
  {  // fuzz_manifest finding (issue #7): the value was echoed raw, so a newline split the one-line error
    std::string msg;
    CHECK(code_of([&] { parse_shard("1\r\n/2"); }, &msg) == exit_usage);
    CHECK(msg.rfind("--shard '1?\?/2': give I/N", 0) == 0);
  }
  CHECK(summary_file_name(0, 1) == "batch_summary.csv");
  CHECK(summary_file_name(1, 4) == "batch_summary.shard-1-of-4.csv");
}

TEST_CASE("summary_csv: fixed columns, quoting, empty numbers for failed rows") {
  RowResult ok;
  ok.line = 2, ok.name = "a,b", ok.status = "ok", ok.output = "a,b.csv", ok.has_numbers = true, ok.sites = 10;
  ok.total_volume_ml = 0.3, ok.warnings = 1;
  RowResult bad;
  bad.line = 3, bad.name = "c", bad.status = "failed", bad.error = "m.csv:3: \"x\" bad";
  CHECK(summary_csv({ok, bad}) ==
        "line,name,status,output,sites,total_volume_ml,warnings,error\n"
        "2,\"a,b\",ok,\"a,b.csv\",10,0.30000,1,\n"
        "3,c,failed,,,,,\"m.csv:3: \"\"x\"\" bad\"\n");
}

TEST_CASE("run_batch: mixed rows, determinism across jobs, shards, resume") {
  TempDir t;
  const fs::path man =
      write_manifest(t.path, many_rows(8) + "bad,plane.obj,0.5,csv\nnomesh,none.obj,,\nr9,plane.obj,7,table\n");
  auto run = [&](const std::string& out, int jobs, long si = 0, long sn = 1, bool resume = false) {
    BatchOptions o;
    o.manifest = man.string();
    o.out_dir = (t.path / out).string();
    o.jobs = jobs;
    o.shard_index = si;
    o.shard_count = sn;
    o.resume = resume;
    o.quiet = true;
    return run_batch(o);
  };
  const BatchResult a = run("j1", 1);
  CHECK(a.exit_code == exit_batch_failed);
  CHECK(a.ok == 9);
  CHECK(a.failed == 2);
  REQUIRE(a.rows.size() == 11);
  CHECK(a.rows[8].error.find(man.string() + ":10: --spacing '0.5'") == 0);  // the path as given
  CHECK(a.rows[9].error.find(man.string() + ":11: ") == 0);
  CHECK(a.rows[9].error.find("none.obj") != std::string::npos);
  const BatchResult b = run("j2", 2);
  for (const auto& e : fs::directory_iterator(t.path / "j1"))
    CHECK_MESSAGE(slurp(e.path()) == slurp(t.path / "j2" / e.path().filename()), e.path().filename().string());
  CHECK(std::distance(fs::directory_iterator(t.path / "j2"), fs::directory_iterator()) == 10);

  // shards: each row exactly once, same bytes
  std::multiset<long> lines;
  for (long s = 0; s < 3; ++s)
    for (const auto& r : run("sh", 2, s, 3).rows) lines.insert(r.line);
  CHECK(lines.size() == 11);
  CHECK(std::set<long>(lines.begin(), lines.end()).size() == 11);
  for (const auto& e : fs::directory_iterator(t.path / "j1"))
    if (e.path().filename() != "batch_summary.csv")
      CHECK(slurp(e.path()) == slurp(t.path / "sh" / e.path().filename()));

  // resume: remove two outputs, rerun: only those run, bytes identical
  fs::remove(t.path / "j2" / "r3.csv");
  fs::remove(t.path / "j2" / "r9.table");
  const BatchResult c = run("j2", 2, 0, 1, true);
  CHECK(c.ok == 2);
  CHECK(c.skipped == 7);
  CHECK(c.rows[0].status == "skipped");
  CHECK(c.rows[0].has_numbers);  // numbers copied from the previous summary
  CHECK(c.rows[0].sites == a.rows[0].sites);
  CHECK(slurp(t.path / "j2" / "r3.csv") == slurp(t.path / "j1" / "r3.csv"));
  CHECK(slurp(t.path / "j2" / "r9.table") == slurp(t.path / "j1" / "r9.table"));
}

TEST_CASE("run_batch: whole-batch errors") {
  TempDir t;
  BatchOptions o;
  o.manifest = (t.path / "none.csv").string();
  o.out_dir = (t.path / "out").string();
  CHECK(code_of([&] { run_batch(o); }) == exit_input);
  const fs::path man = write_manifest(t.path, "a,plane.obj,10,\n");
  o.manifest = man.string();
  std::ofstream(t.path / "file") << "x";
  o.out_dir = (t.path / "file").string();
  CHECK(code_of([&] { run_batch(o); }) == exit_input);
}

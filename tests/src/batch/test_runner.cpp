// Tests of src/batch/runner.hpp: shards, the summary, and run_batch on the 100 mm test plane (mixed rows,
// determinism across jobs, shards, resume, stop request, whole-batch errors).
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

TEST_CASE("parse_shard and summary_file_name") {
  CHECK(parse_shard("0/3") == std::pair<long, long>(0, 3));
  CHECK(parse_shard("2/3") == std::pair<long, long>(2, 3));
  for (const char* bad : {"3/3", "", "1", "/3", "1/", "-1/3", "a/b", "0/0", "1/3/4", "99999999/100000000"})
    CHECK(code_of([&] { parse_shard(bad); }) == exit_usage);
  {  // fuzz_manifest finding (issue #7): the value was echoed raw, so a newline split the one-line error
    std::string msg;
    CHECK(code_of([&] { parse_shard("1\r\n/2"); }, &msg) == exit_usage);
    CHECK(msg.rfind("--shard '1\\x0d\\x0a/2': give I/N", 0) == 0);
  }
  CHECK(summary_file_name(0, 1) == "batch_summary.csv");
  CHECK(summary_file_name(1, 4) == "batch_summary.shard-1-of-4.csv");
}

TEST_CASE("summary_csv: fixed columns, quoting, empty numbers for failed rows") {
  RowResult ok;
  ok.line = 2, ok.name = "a,b", ok.status = "ok", ok.output = "a,b.csv", ok.has_numbers = true, ok.sites = 10;
  ok.total_volume_ml = 0.3, ok.warnings = 1;
  RowResult audited = ok;
  audited.coverage = "0.9930,0.120,0.6800,true";
  CHECK(summary_csv({audited}).find(",1,,0.9930,0.120,0.6800,true\n") != std::string::npos);
  RowResult bad;
  bad.line = 3, bad.name = "c", bad.status = "failed", bad.error = "m.csv:3: \"x\" bad";
  CHECK(summary_csv({ok, bad}) ==
        "line,name,status,output,sites,total_volume_ml,warnings,error,count_ratio,uncovered_percent,gap_p99_s,coverage_"
        "ok\n"
        "2,\"a,b\",ok,\"a,b.csv\",10,0.30000,1,,,,,\n"
        "3,c,failed,,,,,\"m.csv:3: \"\"x\"\" bad\",,,,\n");
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

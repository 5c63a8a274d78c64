// src/batch/runner.cpp: see runner.hpp.
#include "runner.hpp"

#include <fmt/format.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mesogrid/core/error.hpp>
#include <mesogrid/core/input_file.hpp>
#include <mesogrid/core/text.hpp>
#include <mutex>
#include <new>
#include <set>
#include <sstream>
#include <system_error>
#include <thread>

#include "../errors.hpp"
#include "../face.hpp"
#include "../flags.hpp"
#include "../maps/maps.hpp"
#include "../output/glb.hpp"
#include "../output/numbers.hpp"
#include "../output/report.hpp"
#include "../output/write.hpp"
#include "../planning.hpp"
#include "manifest.hpp"
#include "progress.hpp"

namespace mesogrid::cli {

namespace fs = std::filesystem;

namespace {

constexpr const char* summary_header =
    "line,name,status,output,sites,total_volume_ml,warnings,error,count_ratio,uncovered_percent,gap_p99_s,coverage_ok";
constexpr size_t summary_columns = 12;

std::atomic<int> g_stop{0};

extern "C" void on_stop_signal(int signo) {
  if (g_stop.load() != 0) {  // a second signal: leave now (only temp files can be left; --resume ignores them)
    ::_exit(128 + signo);
  }
  g_stop.store(signo);
}

struct SignalGuard {
  bool active;
  struct sigaction old_int {
  }, old_term{};
  explicit SignalGuard(bool on) : active(on) {
    g_stop.store(0);
    if (!active) return;
    struct sigaction sa {};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
  }
  ~SignalGuard() {
    if (!active) return;
    sigaction(SIGINT, &old_int, nullptr);
    sigaction(SIGTERM, &old_term, nullptr);
  }
};

/// Faces shared by rows: each face (face_key) is loaded once, by the first row that needs it, and released
/// when the last row using it is done. Read-only once loaded.
class FaceCache {
 public:
  void expect(const std::string& key) {
    std::lock_guard<std::mutex> lk(mu_);
    auto& e = entries_[key];
    if (!e) e = std::make_unique<Entry>();
    ++e->remaining;
  }
  std::shared_ptr<const Face> get(const std::string& key, const FaceSource& src) {
    Entry* e;
    {
      std::lock_guard<std::mutex> lk(mu_);
      e = entries_.at(key).get();
    }
    std::call_once(e->once, [&] {
      try {
        e->mesh = std::make_shared<const Face>(load_face(src));
      } catch (const Error& err) {
        e->error = std::make_unique<Error>(err);
      } catch (const std::bad_alloc&) {
        e->error = std::make_unique<Error>(input_error("out of memory reading '" + src.path + "'"));
      } catch (const std::exception& ex) {
        e->error = std::make_unique<Error>(input_error("cannot read '" + src.path + "': " + ex.what()));
      }
    });
    if (e->error) throw *e->error;
    std::lock_guard<std::mutex> lk(mu_);
    return e->mesh;
  }
  void release(const std::string& key) {
    std::lock_guard<std::mutex> lk(mu_);
    Entry& e = *entries_.at(key);
    if (--e.remaining == 0) e.mesh.reset();
  }

 private:
  struct Entry {
    std::once_flag once;
    std::shared_ptr<const Face> mesh;
    std::unique_ptr<Error> error;
    long remaining = 0;
  };
  std::mutex mu_;
  std::map<std::string, std::unique_ptr<Entry>> entries_;
};

/// A row prepared by the main thread: values parsed, output name known.
struct Task {
  size_t index = 0;  ///< into the result rows
  PlanRequest req;
  std::string key;  ///< mesh cache key
  std::string output_path;
};

std::string mesh_path(const Manifest& m, const std::string& p) {
  if (p.empty() || m.dir.empty() || fs::path(p).is_absolute()) return p;
  return m.dir + "/" + p;
}

bool is_regular_file(const std::string& p) {
  std::error_code ec;
  return fs::is_regular_file(fs::path(p), ec);
}

/// Removes a stale output (an earlier run's, or a temporary file): only a regular file that someone may write and
/// that is no input of this run; a read-only file, a directory, a device, a FIFO or a symlink of that name is left
/// alone.
void remove_stale_output(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || (st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0 ||
      is_protected_input(path))
    return;
  ::unlink(path.c_str());
}

/// Removes "<output>.mesogrid-tmp-XXXXXX" files left by a killed run, for this run's outputs only (other
/// shards may be writing into the same directory).
void remove_stale_temps(const std::string& dir, const std::set<std::string>& outputs) {
  const size_t tail = temp_suffix.size() + 6;
  std::error_code ec;
  for (fs::directory_iterator it(fs::path(dir), ec), end; !ec && it != end; it.increment(ec)) {
    const std::string n = it->path().filename().string();
    if (n.size() <= tail || n.compare(n.size() - tail, temp_suffix.size(), temp_suffix) != 0) continue;
    if (outputs.count(n.substr(0, n.size() - tail))) remove_stale_output(it->path().string());
  }
}

/// What the previous summary of this batch in this directory says: the output each ok or skipped row had (the
/// only files a later run may remove as stale), and their numbers (copied for rows skipped by --resume).
struct PreviousSummary {
  std::map<std::string, std::string> output;                         ///< by row name
  std::map<std::pair<std::string, std::string>, RowResult> numbers;  ///< by name and output
  /// The earlier output of row `name` when it is not `now` (the row failed, or its format changed); else empty.
  std::string stale(const std::string& name, const std::string& now = {}) const {
    const auto it = output.find(name);
    return it == output.end() || it->second == now ? std::string() : it->second;
  }
};

PreviousSummary previous_summary(const std::string& path) {
  PreviousSummary out;
  if (!is_regular_file(path)) return out;
  try {
    const auto recs = parse_csv(read_input_file(path, "batch summary", 64u << 20), path);
    if (recs.empty() || fmt::format("{}", fmt::join(recs[0].fields, ",")) != summary_header) return out;
    for (size_t i = 1; i < recs.size(); ++i) {
      const auto& f = recs[i].fields;
      if (f.size() != summary_columns || (f[2] != "ok" && f[2] != "skipped") || f[3].empty()) continue;
      // an output is a name this run could have written: <name>.<format>, nothing else
      if (f[3].find('/') != std::string::npos || f[3].rfind(f[1] + ".", 0) != 0) continue;
      out.output[f[1]] = f[3];
      if (f[4].empty()) continue;
      RowResult r;
      r.has_numbers = true;
      r.sites = std::stol(f[4]);
      r.total_volume_ml = std::stod(f[5]);
      r.warnings = std::stol(f[6]);
      r.coverage = fmt::format("{},{},{},{}", f[8], f[9], f[10], f[11]);
      out.numbers[{f[1], f[3]}] = r;
    }
  } catch (const std::exception&) {
    out = {};  // an unreadable old summary only loses the copied numbers and the stale outputs' names
  }
  return out;
}

/// A row's output bytes in its format, as `plan --format F` writes them: text, a map (svg, pdf) or a 3D scene.
std::string row_output(const PlanRequest& req, const Face& face, const Plan& plan) {
  if (req.format == "svg" || req.format == "pdf") {
    MapOptions mo;
    mo.view = req.view;
    mo.labels = req.labels;
    mo.mesh_name = face.name;
    mo.record = req.record;
    return render_map(req.format, face.mesh, {plan}, plan_params(req, face).zones, mo, false);
  }
  if (req.format == "glb") return plan_glb(face.mesh, plan, plan_params(req, face).zones);
  return render_plan(plan, req.format, plan_context(face, &req));
}

}  // namespace

std::pair<long, long> parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  long i = -1, n = 0;
  auto num = [](std::string_view s, long& v) {
    if (s.empty() || s.size() > 7) return false;
    v = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return false;
      v = v * 10 + (c - '0');
    }
    return true;
  };
  if (slash == std::string::npos || !num(std::string_view(text).substr(0, slash), i) ||
      !num(std::string_view(text).substr(slash + 1), n) || n < 1 || i >= n)
    throw usage_error("--shard '" + text::printable(text) +  // one line even for hostile text
                      "': give I/N with 0 <= I < N, e.g. --shard 0/4 runs rows 1, 5, 9, ...");
  return {i, n};
}

std::string summary_file_name(long shard_index, long shard_count) {
  if (shard_count <= 1) return "batch_summary.csv";
  return fmt::format("batch_summary.shard-{}-of-{}.csv", shard_index, shard_count);
}

std::string summary_csv(const std::vector<RowResult>& rows) {
  std::string s = summary_header;
  s += '\n';
  for (const auto& r : rows) {
    s +=
        fmt::format("{},{},{},{},", r.line, csv_field(text::clean(r.name)), r.status, csv_field(text::clean(r.output)));
    if (r.has_numbers)
      s += fmt::format("{},{},{},", r.sites, fixed(r.total_volume_ml, decimals::volume), r.warnings);
    else
      s += ",,,";
    s += csv_field(text::clean(r.error, max_line_bytes));
    s += ',';
    s += r.coverage;
    s += '\n';
  }
  return s;
}

void request_batch_stop(int signo) { g_stop.store(signo); }

BatchResult run_batch(const BatchOptions& opt) {
  const Manifest m = read_manifest(opt.manifest);
  protect_input(opt.manifest);
  if (opt.shard_count < 1 || opt.shard_index < 0 || opt.shard_index >= opt.shard_count)
    throw usage_error("--shard: give I/N with 0 <= I < N");
  {
    std::error_code ec;
    fs::create_directories(fs::path(opt.out_dir), ec);
    if (!fs::is_directory(fs::path(opt.out_dir), ec))
      throw input_error("cannot use output directory '" + opt.out_dir +
                        "': it cannot be created or is not a directory (check the path and permissions)");
  }
  SignalGuard signals(opt.handle_signals);
  const std::string dir = opt.out_dir;
  BatchResult res;
  res.summary_path = (fs::path(dir) / summary_file_name(opt.shard_index, opt.shard_count)).string();

  // 1. Prepare this shard's rows in manifest order (single-threaded): names, values, outputs, --resume.
  std::vector<Task> tasks;
  FaceCache cache;
  std::set<std::string> outputs = {fs::path(res.summary_path).filename().string()};
  const PreviousSummary previous = previous_summary(res.summary_path);
  // a row's earlier output that this run will not write (it failed, or its format changed) is removed, so the
  // directory matches the summary; a file the previous summary does not list is no earlier output, and stays
  auto remove_earlier = [&](const std::string& name, const std::string& now) {
    if (const std::string old = previous.stale(name, now); !old.empty() && name_problem(name).empty())
      remove_stale_output((fs::path(dir) / old).string());
  };
  for (size_t k = 0; k < m.rows.size(); ++k) {
    if (static_cast<long>(k % static_cast<size_t>(opt.shard_count)) != opt.shard_index) continue;
    const ManifestRow& row = m.rows[k];
    RowResult r;
    r.line = row.line;
    r.name = row.name;
    try {
      if (const std::string problem = name_problem(row.name); !problem.empty()) throw usage_error(problem);
      Task t;
      t.req = parse_plan_flags(row.flags, "csv");
      // read relative to the manifest, shown as the row wrote them
      t.req.face.shown_path = t.req.face.path, t.req.face.shown_landmarks = t.req.face.landmarks;
      t.req.face.path = mesh_path(m, t.req.face.path);
      t.req.face.landmarks = mesh_path(m, t.req.face.landmarks);
      protect_input(t.req.face.path);  // before any row runs: no row's output may replace another row's input
      protect_input(t.req.face.landmarks);
      const std::string output = row.name + "." + t.req.format;
      outputs.insert(output);
      t.output_path = (fs::path(dir) / output).string();
      remove_earlier(row.name, output);
      if (opt.resume && is_regular_file(t.output_path)) {
        r.status = "skipped";
        r.output = output;
        if (auto it = previous.numbers.find({row.name, output}); it != previous.numbers.end()) {
          r.has_numbers = true;
          r.sites = it->second.sites;
          r.total_volume_ml = it->second.total_volume_ml;
          r.warnings = it->second.warnings;
          r.coverage = it->second.coverage;
        }
      } else {
        t.key = face_key(t.req.face);
        t.index = res.rows.size();
        cache.expect(t.key);
        tasks.push_back(std::move(t));
        r.status = "not_run";
        r.error = manifest_at(m.source, row.line) + "interrupted before this row ran: rerun with --resume";
      }
    } catch (const Error& e) {
      r.status = "failed";
      r.error = manifest_at(m.source, row.line) + text(e);
      remove_earlier(row.name, {});
    }
    res.rows.push_back(std::move(r));
  }
  remove_stale_temps(dir, outputs);
  // a summary that cannot be written stops the batch before any row runs; a summary file is written now with the
  // rows to run as not_run, so that it is this run's even if a second signal ends the run at once (a device or a
  // FIFO gets the final summary only)
  check_output_target(res.summary_path);
  if (struct stat st{}; ::stat(res.summary_path.c_str(), &st) != 0 || S_ISREG(st.st_mode))
    write_output(res.summary_path, summary_csv(res.rows));

  // 2. Run the tasks on worker threads. Each result depends only on its row.
  std::atomic<size_t> next{0}, done{0}, failed{0};
  auto worker = [&] {
    for (;;) {
      if (g_stop.load() != 0) return;
      const size_t i = next.fetch_add(1);
      if (i >= tasks.size()) return;
      const Task& t = tasks[i];
      RowResult& r = res.rows[t.index];
      try {
        std::shared_ptr<const Face> face;
        try {
          face = cache.get(t.key, t.req.face);
        } catch (...) {
          cache.release(t.key);
          throw;
        }
        cache.release(t.key);  // `face` keeps it alive for this row
        const Plan plan = plan_on_face(t.req, *face);
        write_output(t.output_path, row_output(t.req, *face, plan));
        r.status = "ok";
        r.output = fs::path(t.output_path).filename().string();
        r.error.clear();
        r.has_numbers = true;
        r.sites = plan.summary.sites;
        r.total_volume_ml = plan.summary.total_volume_ml;
        r.warnings = static_cast<long>(plan.warnings.size());  // the mesh's among them
        if (const PlanCoverage& c = plan.summary.coverage; c.measured)
          r.coverage = fmt::format("{},{},{},{}", fixed(c.count_ratio, 4), fixed(c.uncovered_percent, 3),
                                   fixed(c.gap_p99_s, 4), c.meets_contract() ? "true" : "false");
      } catch (const Error& e) {
        r.status = "failed";
        r.error = manifest_at(m.source, r.line) + text(e);
      } catch (const std::bad_alloc&) {
        r.status = "failed";
        r.error = manifest_at(m.source, r.line) + "out of memory: raise spacing or choose a smaller region";
      } catch (const std::exception& e) {
        r.status = "failed";
        r.error = manifest_at(m.source, r.line) + "unexpected failure: " + e.what();
      }
      if (r.status == "failed") {
        if (previous.stale(r.name) == fs::path(t.output_path).filename().string()) remove_stale_output(t.output_path);
        failed.fetch_add(1);
      }
      done.fetch_add(1);
    }
  };
  const size_t jobs = std::max<size_t>(1, std::min<size_t>(static_cast<size_t>(std::max(opt.jobs, 1)), tasks.size()));
  ProgressBar progress(opt.progress && !opt.quiet, tasks.size(), done, failed, g_stop);
  std::vector<std::thread> threads;
  struct JoinAll {  // the workers are joined however the main thread's share ends
    std::vector<std::thread>& threads;
    ~JoinAll() {
      for (auto& th : threads)
        if (th.joinable()) th.join();
    }
  } join_all{threads};
  for (size_t j = 1; j < jobs; ++j) {
    try {
      threads.emplace_back(worker);
    } catch (const std::system_error&) {  // the system gives no more threads (process or memory limits): fewer jobs
      break;
    }
  }
  worker();                            // the main thread works too
  for (auto& th : threads) th.join();  // (JoinAll then has nothing left to do)
  progress.finish();

  // 3. The summary, in manifest order, written atomically.
  for (const auto& r : res.rows) {
    if (r.status == "ok")
      ++res.ok;
    else if (r.status == "failed")
      ++res.failed;
    else if (r.status == "skipped")
      ++res.skipped;
    else
      ++res.not_run;
  }
  write_output(res.summary_path, summary_csv(res.rows));
  const int sig = g_stop.load();
  res.exit_code = sig != 0 ? 128 + sig : res.failed > 0 ? exit_batch_failed : exit_ok;
  return res;
}

}  // namespace mesogrid::cli

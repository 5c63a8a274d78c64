// src/batch.cpp: see batch.hpp.
#include "batch.hpp"

#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mesogrid/error.hpp>
#include <mesogrid/units.hpp>
#include <mutex>
#include <new>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>
#include <unordered_map>

#include "output.hpp"

namespace mesogrid::cli {

namespace fs = std::filesystem;

namespace {

constexpr std::uintmax_t max_manifest_bytes = 64u << 20;  // 64 MiB: about a million rows
constexpr const char* summary_header = "line,name,status,output,sites,total_volume_ml,warnings,error";

std::string trim_blank(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

std::string_view strip_bom(std::string_view t) {
  if (t.size() >= 3 && static_cast<unsigned char>(t[0]) == 0xEF && static_cast<unsigned char>(t[1]) == 0xBB &&
      static_cast<unsigned char>(t[2]) == 0xBF)
    t.remove_prefix(3);
  return t;
}

/// Where a manifest message points: "manifest.csv:7: ".
std::string at(const std::string& source, long line) { return source + ":" + std::to_string(line) + ": "; }

std::string column_list() {
  std::string s = "name";
  for (const auto& f : plan_flag_table()) s += std::string(", ") + f.column;
  return s;
}

/// The target of a column name: nullptr member for "name".
struct Column {
  bool is_name = false;
  const PlanFlagInfo* flag = nullptr;
};

Column column_of(const std::string& raw, const std::string& where) {
  if (raw == "name") return {true, nullptr};
  if (const PlanFlagInfo* f = find_plan_flag(raw)) return {false, f};
  throw usage_error(where + "unknown column '" + units_detail::printable(raw) + "': manifest columns are " +
                    column_list() + " (plan flags without the dashes)");
}

void check_unique_names(const Manifest& m) {
  std::unordered_map<std::string, long> seen;
  for (const auto& r : m.rows) {
    if (r.name.empty()) continue;
    auto [it, fresh] = seen.emplace(r.name, r.line);
    if (!fresh)
      throw usage_error(at(m.source, r.line) + "name '" + units_detail::printable(r.name) + "' is also used on line " +
                        std::to_string(it->second) + ": names must be unique (each row writes <name>.<format>)");
  }
}

Manifest parse_csv_manifest(std::string_view text, const std::string& source) {
  Manifest m;
  m.source = source;
  const std::vector<CsvRecord> recs = parse_csv(text, source);
  if (recs.empty())
    throw usage_error(source +
                      ": the manifest is empty: its first line must be a header such as name,mesh,region,technique");
  const CsvRecord& head = recs.front();
  std::vector<Column> cols;
  std::set<std::string> seen;
  bool has_name = false;
  for (const auto& raw : head.fields) {
    const std::string c = trim_blank(raw);
    const Column col = column_of(c, at(source, head.line));
    const std::string key = col.is_name ? "name" : col.flag->column;
    if (!seen.insert(key).second)
      throw usage_error(at(source, head.line) + "column '" + units_detail::printable(c) +
                        "' appears twice in the header: keep one");
    has_name |= col.is_name;
    cols.push_back(col);
  }
  if (!has_name)
    throw usage_error(at(source, head.line) +
                      "the header has no 'name' column: add one (each row writes <name>.<format>)");
  for (size_t i = 1; i < recs.size(); ++i) {
    const CsvRecord& r = recs[i];
    if (r.fields.size() != cols.size())
      throw usage_error(at(source, r.line) + "the row has " + std::to_string(r.fields.size()) +
                        " fields but the header has " + std::to_string(cols.size()) +
                        ": quote values that contain commas and give every column (empty = default)");
    ManifestRow row;
    row.line = r.line;
    for (size_t k = 0; k < cols.size(); ++k) {
      const std::string v = r.quoted[k] ? r.fields[k] : trim_blank(r.fields[k]);
      if (cols[k].is_name)
        row.name = v;
      else
        set_plan_flag(row.flags, *cols[k].flag, v);
    }
    m.rows.push_back(std::move(row));
  }
  return m;
}

Manifest parse_jsonl_manifest(std::string_view text, const std::string& source) {
  Manifest m;
  m.source = source;
  long line = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view l = text.substr(pos, end - pos);
    pos = end + 1;
    ++line;
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    if (trim_blank(l).empty()) continue;
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(l);
    } catch (const nlohmann::json::exception& e) {
      std::string w = e.what();
      if (const auto p = w.find("] "); p != std::string::npos) w = w.substr(p + 2);
      throw usage_error(at(source, line) + "not valid JSON (" + w + "): give one object per line, e.g. " +
                        R"({"name": "a", "region": "forehead"})");
    }
    if (!j.is_object())
      throw usage_error(at(source, line) + "not a JSON object: give one object per line, e.g. " +
                        R"({"name": "a", "region": "forehead"})");
    ManifestRow row;
    row.line = line;
    std::set<std::string> seen;
    for (auto it = j.begin(); it != j.end(); ++it) {
      const Column col = column_of(it.key(), at(source, line));
      if (!seen.insert(col.is_name ? "name" : col.flag->column).second)
        throw usage_error(at(source, line) + "key '" + units_detail::printable(it.key()) +
                          "' repeats another spelling of the same key: keep one");
      std::string v;
      const auto& val = it.value();
      if (val.is_null())
        continue;
      else if (val.is_string())
        v = val.get<std::string>();
      else if (val.is_number())
        v = val.dump();
      else
        throw usage_error(at(source, line) + "key '" + units_detail::printable(it.key()) +
                          "' must be a string or a number, not " + val.type_name());
      if (col.is_name)
        row.name = v;
      else
        set_plan_flag(row.flags, *col.flag, v);
    }
    m.rows.push_back(std::move(row));
  }
  return m;
}

// ---- the run ----

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

/// Meshes shared by rows: each (path, units) is loaded once, by the first row that needs it, and released
/// when the last row using it is done. Read-only once loaded.
class MeshCache {
 public:
  void expect(const std::string& key) {
    std::lock_guard<std::mutex> lk(mu_);
    auto& e = entries_[key];
    if (!e) e = std::make_unique<Entry>();
    ++e->remaining;
  }
  std::shared_ptr<const LoadedMesh> get(const std::string& key, const MeshSource& src) {
    Entry* e;
    {
      std::lock_guard<std::mutex> lk(mu_);
      e = entries_.at(key).get();
    }
    std::call_once(e->once, [&] {
      try {
        e->mesh = std::make_shared<const LoadedMesh>(load_mesh(src));
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
    std::shared_ptr<const LoadedMesh> mesh;
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

/// Removes "<output>.mesogrid-tmp-XXXXXX" files left by a killed run, for this run's outputs only (other
/// shards may be writing into the same directory).
void remove_stale_temps(const std::string& dir, const std::set<std::string>& outputs) {
  const size_t tail = temp_suffix.size() + 6;
  std::error_code ec;
  for (fs::directory_iterator it(fs::path(dir), ec), end; !ec && it != end; it.increment(ec)) {
    const std::string n = it->path().filename().string();
    if (n.size() <= tail || n.compare(n.size() - tail, temp_suffix.size(), temp_suffix) != 0) continue;
    if (outputs.count(n.substr(0, n.size() - tail))) {
      std::error_code ignored;
      fs::remove(it->path(), ignored);
    }
  }
}

/// Numbers of ok rows of a previous summary, by name and output (for rows skipped by --resume).
std::map<std::pair<std::string, std::string>, RowResult> previous_summary(const std::string& path) {
  std::map<std::pair<std::string, std::string>, RowResult> out;
  std::ifstream in(path, std::ios::binary);
  if (!in) return out;
  std::stringstream ss;
  ss << in.rdbuf();
  try {
    const auto recs = parse_csv(ss.str(), path);
    if (recs.empty() || fmt::format("{}", fmt::join(recs[0].fields, ",")) != summary_header) return out;
    for (size_t i = 1; i < recs.size(); ++i) {
      const auto& f = recs[i].fields;
      if (f.size() != 8 || (f[2] != "ok" && f[2] != "skipped") || f[4].empty()) continue;
      RowResult r;
      r.has_numbers = true;
      r.sites = std::stol(f[4]);
      r.total_volume_ml = std::stod(f[5]);
      r.warnings = std::stol(f[6]);
      out[{f[1], f[3]}] = r;
    }
  } catch (const std::exception&) {
    out.clear();  // an unreadable old summary only loses the copied numbers
  }
  return out;
}

std::string clock_text(double s) {
  const long t = static_cast<long>(s + 0.5);
  return t >= 3600 ? fmt::format("{}:{:02}:{:02}", t / 3600, t / 60 % 60, t % 60)
                   : fmt::format("{}:{:02}", t / 60, t % 60);
}

}  // namespace

std::vector<CsvRecord> parse_csv(std::string_view text, const std::string& source) {
  text = strip_bom(text);
  std::vector<CsvRecord> out;
  long line = 1;
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    CsvRecord rec;
    rec.line = line;
    bool end_of_record = false;
    while (!end_of_record) {
      std::string field;
      bool quoted = false;
      if (i < n && text[i] == '"') {
        quoted = true;
        const long start_line = line;
        ++i;
        for (;;) {
          if (i >= n)
            throw usage_error(at(source, start_line) + "a quoted field is never closed: add the closing '\"'");
          const char c = text[i++];
          if (c == '"') {
            if (i < n && text[i] == '"') {
              field += '"';
              ++i;
              continue;
            }
            break;
          }
          if (c == '\n') ++line;
          field += c;
        }
        while (i < n && (text[i] == ' ' || text[i] == '\t')) ++i;
        if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
          throw usage_error(at(source, line) +
                            "unexpected text after a closing quote: write a quote inside a quoted field as \"\"");
      } else {
        while (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          if (text[i] == '"')
            throw usage_error(
                at(source, line) +
                "a quote inside an unquoted field: quote the whole field and double the quote (\"a\"\"b\")");
          field += text[i++];
        }
      }
      rec.fields.push_back(std::move(field));
      rec.quoted.push_back(quoted);
      if (i >= n) {
        end_of_record = true;
      } else if (text[i] == ',') {
        ++i;
      } else {  // \n, \r\n or a lone \r
        if (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
        ++i;
        ++line;
        end_of_record = true;
      }
    }
    const bool blank = rec.fields.size() == 1 && !rec.quoted[0] && trim_blank(rec.fields[0]).empty();
    if (!blank) out.push_back(std::move(rec));
  }
  return out;
}

Manifest parse_manifest(std::string_view text, const std::string& source, bool json_lines) {
  Manifest m = json_lines ? parse_jsonl_manifest(strip_bom(text), source) : parse_csv_manifest(text, source);
  check_unique_names(m);
  return m;
}

Manifest read_manifest(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(fs::path(path), ec))
    throw input_error("cannot read manifest '" + path + "': it is a directory (give a .csv or .jsonl file)");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw input_error("cannot read manifest '" + path + "': no such file or not readable (check the path)");
  const auto size = fs::file_size(fs::path(path), ec);
  if (!ec && size > max_manifest_bytes)
    throw input_error("manifest '" + path + "' is " + std::to_string(size >> 20) +
                      " MiB, more than 64 MiB: split it into several manifests");
  std::string text;
  {
    std::stringstream ss;
    ss << in.rdbuf();
    if (in.bad()) throw input_error("cannot read manifest '" + path + "': read error");
    text = ss.str();
  }
  const std::string ext = fs::path(path).extension().string();
  bool jsonl = ext == ".jsonl" || ext == ".ndjson";
  if (ext != ".csv" && !jsonl) {
    const std::string_view t = strip_bom(text);
    const size_t p = t.find_first_not_of(" \t\r\n");
    jsonl = p != std::string_view::npos && t[p] == '{';
  }
  Manifest m = parse_manifest(text, path, jsonl);
  m.dir = fs::path(path).parent_path().string();
  return m;
}

std::string name_problem(const std::string& name) {
  if (name.empty()) return "the name is empty: give each row a name (its output is <name>.<format>)";
  if (name.size() > 200) return "the name is longer than 200 bytes: shorten it";
  for (unsigned char c : name)
    if (c < 0x20 || c == 0x7f) return "the name contains a control character: use letters, digits, '-', '_' or '.'";
  if (name.find('/') != std::string::npos || name.find('\\') != std::string::npos)
    return "name '" + name + "' contains a slash: it must be a file name, not a path";
  if (name.find("..") != std::string::npos) return "name '" + name + "' contains '..': it must be a plain file name";
  if (name.front() == '.') return "name '" + name + "' starts with '.': it must not be a hidden file name";
  if (name.rfind("batch_summary", 0) == 0)
    return "name '" + name + "' is reserved for the batch summary: rename the row";
  return "";
}

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
    throw usage_error("--shard '" + units_detail::printable(text) +  // one line even for hostile text
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
    s += fmt::format("{},{},{},{},", r.line, csv_field(r.name), r.status, csv_field(r.output));
    if (r.has_numbers)
      s += fmt::format("{},{},{},", r.sites, fixed(r.total_volume_ml, decimals::volume), r.warnings);
    else
      s += ",,,";
    s += csv_field(r.error);
    s += '\n';
  }
  return s;
}

void request_batch_stop(int signo) { g_stop.store(signo); }

BatchResult run_batch(const BatchOptions& opt) {
  const Manifest m = read_manifest(opt.manifest);
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
  MeshCache cache;
  std::set<std::string> outputs = {fs::path(res.summary_path).filename().string()};
  const auto previous =
      opt.resume ? previous_summary(res.summary_path) : std::map<std::pair<std::string, std::string>, RowResult>{};
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
      t.req.mesh.path = mesh_path(m, t.req.mesh.path);
      t.req.mesh.landmarks = mesh_path(m, t.req.mesh.landmarks);
      const std::string output = row.name + "." + t.req.format;
      outputs.insert(output);
      t.output_path = (fs::path(dir) / output).string();
      if (opt.resume && is_regular_file(t.output_path)) {
        r.status = "skipped";
        r.output = output;
        if (auto it = previous.find({row.name, output}); it != previous.end()) {
          r.has_numbers = true;
          r.sites = it->second.sites;
          r.total_volume_ml = it->second.total_volume_ml;
          r.warnings = it->second.warnings;
        }
      } else {
        t.key = t.req.mesh.path + '\n' + t.req.mesh.units + '\n' + (t.req.mesh.units_given ? "1" : "0") + '\n' +
                t.req.mesh.landmarks + '\n' + t.req.mesh.landmark_set;
        t.index = res.rows.size();
        cache.expect(t.key);
        tasks.push_back(std::move(t));
        r.status = "not_run";
        r.error = at(m.source, row.line) + "interrupted before this row ran: rerun with --resume";
      }
    } catch (const Error& e) {
      r.status = "failed";
      r.error = at(m.source, row.line) + e.what();
      const std::string f = row.flags.format.value_or("csv");
      if (name_problem(row.name).empty() && (f == "csv" || f == "json" || f == "table")) {
        std::error_code ec;  // no stale output from an earlier run under this name
        fs::remove(fs::path(dir) / (row.name + "." + f), ec);
      }
    }
    res.rows.push_back(std::move(r));
  }
  remove_stale_temps(dir, outputs);

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
        std::shared_ptr<const LoadedMesh> mesh;
        try {
          mesh = cache.get(t.key, t.req.mesh);
        } catch (...) {
          cache.release(t.key);
          throw;
        }
        cache.release(t.key);  // `mesh` keeps it alive for this row
        const Plan plan = plan_on_mesh(t.req, *mesh);
        write_output(t.output_path, render_plan(plan, t.req.format, plan_context(*mesh)));
        r.status = "ok";
        r.output = fs::path(t.output_path).filename().string();
        r.error.clear();
        r.has_numbers = true;
        r.sites = plan.summary.sites;
        r.total_volume_ml = plan.summary.total_volume_ml;
        r.warnings = static_cast<long>(mesh->warnings.size() + plan.warnings.size());
      } catch (const Error& e) {
        r.status = "failed";
        r.error = at(m.source, r.line) + e.what();
      } catch (const std::bad_alloc&) {
        r.status = "failed";
        r.error = at(m.source, r.line) + "out of memory: raise spacing or choose a smaller region";
      } catch (const std::exception& e) {
        r.status = "failed";
        r.error = at(m.source, r.line) + "unexpected failure: " + e.what();
      }
      if (r.status == "failed") {
        std::error_code ec;
        fs::remove(fs::path(t.output_path), ec);  // no stale output from an earlier run under this name
        failed.fetch_add(1);
      }
      done.fetch_add(1);
    }
  };
  const size_t jobs = std::max<size_t>(1, std::min<size_t>(static_cast<size_t>(std::max(opt.jobs, 1)), tasks.size()));
  std::vector<std::thread> threads;
  const auto t0 = std::chrono::steady_clock::now();
  std::atomic<bool> finished{false};
  for (size_t j = 1; j < jobs; ++j) threads.emplace_back(worker);
  std::thread progress;
  if (opt.progress && !opt.quiet && !tasks.empty()) {
    progress = std::thread([&] {
      const size_t total = tasks.size();
      for (;;) {
        const bool last = finished.load();
        const size_t d = done.load();
        const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const double rate = el > 0 ? static_cast<double>(d) / el : 0;
        const std::string eta = d > 0 && rate > 0 ? clock_text(static_cast<double>(total - d) / rate) : "--:--";
        const int width = 30;
        const int fill =
            static_cast<int>(static_cast<double>(width) * static_cast<double>(d) / static_cast<double>(total));
        fmt::print(stderr, "\r[{}{}] {}/{} rows{}  {:.1f} rows/s  ETA {}{}\x1b[K", std::string(fill, '#'),
                   std::string(width - fill, '.'), d, total,
                   failed.load() ? fmt::format(" ({} failed)", failed.load()) : "", rate, eta,
                   g_stop.load() ? "  stopping..." : "");
        if (last) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
      }
      fmt::print(stderr, "\n");
    });
  }
  worker();  // the main thread works too
  for (auto& th : threads) th.join();
  finished.store(true);
  if (progress.joinable()) progress.join();

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

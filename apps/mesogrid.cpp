// apps/mesogrid.cpp: the mesogrid command line: the command tree (CLI11); each command (plan, compare, batch,
// regions, techniques) has its arguments (<Command>Args), its flags (add_<command>) and its work (run_<command>),
// and run() only puts them together. Errors: one line "mesogrid: error: ..." on stderr and the exit code of
// src/errors.hpp (1 arguments, 2 input/output file, 3 plan impossible, 4 batch: a row failed). The plan flags
// of plan, compare and regions come from the one table of src/flags.hpp (batch manifests use it too).
#include <fmt/format.h>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <CLI/CLI.hpp>
#include <iostream>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <map>
#include <mesogrid/core/error.hpp>
#include <mesogrid/core/text.hpp>
#include <mesogrid/core/timing.hpp>
#include <mesogrid/core/units.hpp>
#include <mesogrid/plan/technique.hpp>
#include <new>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "activity.hpp"
#include "batch/runner.hpp"
#include "errors.hpp"
#include "face.hpp"
#include "flags.hpp"
#include "maps/maps.hpp"
#include "maps/pdf.hpp"
#include "output/glb.hpp"
#include "output/numbers.hpp"
#include "output/report.hpp"
#include "output/write.hpp"
#include "planning.hpp"
#include "suggest.hpp"

namespace mg = mesogrid;
namespace cli = mesogrid::cli;

namespace {

struct Verbosity {
  bool quiet = false;
  bool verbose = false;
  cli::Activity* activity = nullptr;  ///< the line that shows a long command's step (src/activity.hpp)
};

/// A line on stderr (through the activity line when there is one), cleaned and cut (cli::print_line); best effort.
void say(const Verbosity& v, const std::string& line) {
  if (v.activity)
    v.activity->print(mg::text::escaped(line, cli::max_line_bytes));
  else
    cli::print_line("", line);
}

void note(const Verbosity& v, const std::string& s) {
  if (!v.quiet) say(v, "note: " + s);
}

void info(const Verbosity& v, const std::string& s) {
  if (v.verbose) say(v, "info: " + s);
}

void warn(const Verbosity& v, const std::string& s) { say(v, "warning: " + s); }

/// The step a long command is at, for its activity line.
void step(const Verbosity& v, const std::string& what) {
  if (v.activity) v.activity->step(what);
}

/// Prints a plan's warnings (always) and notes (unless -q) on stderr, each prefixed with `prefix`; skipped when
/// `shown` (the plan's table, which carries the same lines, goes to the same terminal): each line once on a
/// terminal.
/// `printed`: the face's warnings, when load() printed them already (the plan starts with them).
void print_plan_lines(const mg::Plan& plan, const Verbosity& v, bool shown, const std::string& prefix = "",
                      const std::vector<std::string>& printed = {}) {
  if (shown) return;
  for (size_t i = 0; i < plan.warnings.size(); ++i)
    if (i >= printed.size()) warn(v, prefix + cli::text(plan.warnings[i]));
  for (const auto& n : plan.notes) note(v, prefix + cli::text(n));
}

/// True when a table written to `out` lands on the terminal stderr also shows.
bool table_on_terminal(const std::string& format, const std::string& out) {
  return format == "table" && (out.empty() || out == "-") && isatty(STDOUT_FILENO) && isatty(STDERR_FILENO);
}

void add_verbosity(CLI::App* sub, Verbosity& v) {
  sub->add_flag("-q,--quiet", v.quiet, "Silence notes on stderr (warnings and errors stay)");
  sub->add_flag("-v,--verbose", v.verbose, "Also print what was read and resolved on stderr");
}

/// A command's options taken from the flag table (src/flags.hpp), bound to their text.
struct TableFlags {
  std::vector<std::string> text = std::vector<std::string>(cli::plan_flag_table().size());
  std::vector<std::vector<std::string>> lists = std::vector<std::vector<std::string>>(cli::plan_flag_table().size());
  std::vector<CLI::Option*> opts = std::vector<CLI::Option*>(cli::plan_flag_table().size(), nullptr);

  /// The flags given on the command line (given but empty stays "given": the parser names the flag).
  cli::PlanFlags flags() const {
    cli::PlanFlags f;
    const auto& table = cli::plan_flag_table();
    for (size_t i = 0; i < opts.size(); ++i) {
      if (!opts[i] || opts[i]->count() == 0) continue;
      if (table[i].list) {
        for (const auto& v : lists[i]) cli::set_plan_flag(f, table[i], v);
      } else {
        f.*(table[i].member) = text[i];
      }
    }
    return f;
  }
  CLI::Option* option(const std::string& column) const {
    const auto& table = cli::plan_flag_table();
    for (size_t i = 0; i < table.size(); ++i)
      if (column == table[i].column) return opts[i];
    return nullptr;
  }
};

/// Registers the table's flags named by `columns`, in that order, with the table's help unless `help` has
/// another for the column; an empty list registers the whole table in its order.
void add_table_flags(CLI::App* sub, TableFlags& t, std::vector<std::string> columns,
                     const std::map<std::string, std::string>& help = {}) {
  const auto& table = cli::plan_flag_table();
  if (columns.empty())
    for (const auto& f : table)
      if (!f.map_flag) columns.emplace_back(f.column);  // --view and --labels: MapFlags
  for (const std::string& c : columns)
    for (size_t i = 0; i < table.size(); ++i) {
      if (c != table[i].column) continue;
      const auto h = help.find(c);
      const std::string text = h != help.end() ? h->second : table[i].help;
      if (table[i].list)
        t.opts[i] = sub->add_option(table[i].flag, t.lists[i], text)
                        ->type_name(table[i].type_name)
                        ->take_all()
                        ->allow_extra_args(false);
      else
        t.opts[i] = sub->add_option(table[i].flag, t.text[i], text)->type_name(table[i].type_name);
    }
}

/// --view and --labels of the maps (svg, pdf).
struct MapFlags {
  std::string view = "front";
  bool labels = false;
  const CLI::Option* view_opt = nullptr;
  const CLI::Option* labels_opt = nullptr;
};

/// An empty -o is refused before any work (it would otherwise be taken for standard output).
void check_output_flag(const std::string& out) {
  if (out.empty()) throw mg::usage_error("-o '': the output path is empty; give a file name, or - for standard output");
}

/// The output format of `command` (cli::output_format); maps are refused for a terminal.
std::string pick_format(const std::string& command, const std::optional<std::string>& format, const std::string& out,
                        const std::vector<std::string>& allowed) {
  return cli::output_format(command, format, out, allowed, "table", ::isatty(1) != 0);
}

/// Map formats (svg, pdf) are the commands' own: batch writes text formats only.
bool is_map_format(const std::string& f) { return f == "svg" || f == "pdf"; }

/// Refuses --view and --labels without a map format, and a bad --view, before any file is read.
void check_map_flags(const std::string& format, const MapFlags& m) {
  if (!is_map_format(format) && (m.view_opt->count() > 0 || m.labels_opt->count() > 0))
    throw mg::usage_error(std::string(m.view_opt->count() > 0 ? "--view" : "--labels") +
                          " applies to maps only: add --format svg or --format pdf (or -o map.svg)");
  (void)cli::make_map_view(mg::FaceFrame{}, m.view);
}

/// Shows "writing OUT" as the command's step and returns that text (a map names its close-up or page after it).
std::string step_writing(const Verbosity& v, const std::string& out) {
  const std::string what = "writing " + (out == "-" ? std::string("the output") : mg::text::printable(out));
  step(v, what);
  return what;
}

/// The map's options from its flags and the face; its progress goes to the activity line after `writing`.
cli::MapOptions map_options(const MapFlags& m, const cli::Face& face, const Verbosity& v, const std::string& writing) {
  cli::MapOptions mo;
  mo.view = m.view;
  mo.labels = m.labels;
  mo.mesh_name = face.name;
  if (face.texture) mo.texture = &face.texture->colour;
  // a numbered PDF has tens of pages: the line names the close-up or page it is at
  mo.progress = [&v, writing](const std::string& at) { step(v, writing + ": " + at); };
  return mo;
}

/// Loads the face of a command and prints what reading it noted; with --save-landmarks (`save_to`), checks that
/// the face was fitted to landmarks and that the file can be written (write_run_outputs writes it, with the output).
/// `defer_warnings`: the command's one plan prints the face's warnings with its own (they start its list).
cli::Face load(const cli::FaceSource& src, const Verbosity& v, const std::optional<std::string>& save_to = {},
               bool defer_warnings = false) {
  if (save_to && save_to->empty())  // refused before any work, like an empty -o
    throw mg::usage_error("--save-landmarks '': the path is empty; give a file name, or - for standard output");
  if (save_to) cli::check_output_target(*save_to);
  step(v, src.path.empty() ? "reading the built-in face" : "reading " + mg::text::printable(src.path));
  cli::Face face = cli::load_face(src);
  if (save_to && !face.transfer)
    throw mg::usage_error("--save-landmarks: '" + face.name +
                          "' was planned without landmarks (it has its own regions, or --landmarks none): give "
                          "--landmarks auto or a landmark file");
  info(v, face.summary);
  for (const auto& n : face.notes) {  // the built-in face's notes never change: only with --verbose
    if (src.path.empty())
      info(v, face.name + ": " + n);
    else
      note(v, face.name + ": " + n);
  }
  if (!defer_warnings)
    for (const auto& w : face.warnings) warn(v, w);
  return face;
}

/// Writes a command's output (-o, "-": stdout) and, with --save-landmarks, the landmarks the face was fitted to: both
/// or neither (cli::write_outputs), so that a run that fails writes nothing.
void write_run_outputs(const std::string& out, const std::string& content, const cli::Face& face,
                       const std::optional<std::string>& save_to, const Verbosity& v) {
  if (!save_to) return cli::write_output(out, content);
  const std::string landmarks = cli::landmarks_csv(face);
  cli::write_outputs({{"-o", out, content}, {"--save-landmarks", *save_to, landmarks}});
  note(v, fmt::format("wrote {} landmarks (name,x_mm,y_mm,z_mm; mesh frame) to {}", face.transfer->landmarks_mm.size(),
                      mg::text::path_shown(*save_to)));
}

// ---- plan ----

struct PlanArgs {
  TableFlags table;
  MapFlags map;
  std::string out = "-";                      // "-": stdout; an empty -o is refused
  std::optional<std::string> save_landmarks;  // --save-landmarks; an empty one is refused
};

/// --save-landmarks FILE of plan, compare and regions.
void add_save_landmarks(CLI::App* sub, std::optional<std::string>& path) {
  sub->add_option("--save-landmarks", path,
                  "Write the 3D landmarks used (found with --landmarks auto, or read) as CSV name,x_mm,y_mm,z_mm")
      ->type_name("FILE");
}

/// `mesogrid plan`: every flag of the table, -o, --view, --labels.
CLI::App* add_plan(CLI::App& app, PlanArgs& a, Verbosity& v) {
  CLI::App* plan = app.add_subcommand("plan", "Compute an injection grid on a face region and print or export it");
  add_table_flags(
      plan, a.table, {},
      {{"format",
        "table, csv, json, svg, pdf or glb (default table, or from -o's extension; svg/pdf: a map, see --view; glb: a "
        "3D scene)"}});
  add_verbosity(plan, v);
  plan->add_option("-o,--output", a.out, "Write to FILE (atomically) instead of stdout")->type_name("FILE");
  add_save_landmarks(plan, a.save_landmarks);
  a.map.view_opt =
      plan->add_option("--view", a.map.view, "Map view for --format svg|pdf: front, left or right (default front)")
          ->type_name("VIEW");
  a.map.labels_opt = plan->add_flag("--labels", a.map.labels, "Maps: print each site's number beside its dot");
  return plan;
}

int run_plan(const PlanArgs& a, const Verbosity& v) {
  check_output_flag(a.out);
  cli::PlanFlags flags = a.table.flags();
  const std::string format = pick_format("plan", flags.format, a.out, {"table", "csv", "json", "svg", "pdf", "glb"});
  check_map_flags(format, a.map);
  flags.format = is_map_format(format) || format == "glb" ? "table" : format;  // the shared flags: text formats
  const cli::PlanRequest req = cli::parse_plan_flags(flags, "table");
  const cli::Face face = load(req.face, v, a.save_landmarks, true);
  step(v, "planning " + mg::text::printable(req.params.region));
  const mg::Plan plan = [&] {
    try {
      return cli::plan_on_face(req, face);
    } catch (...) {  // the mesh's warnings may say why: shown before the error
      for (const auto& w : face.warnings) warn(v, w);
      throw;
    }
  }();
  const mg::ResolvedParams& r = plan.params;
  info(v, fmt::format("plan: {} on '{}', spacing {} mm, margin {} mm, depth {} mm, angle {} deg, {} lattice, {} sites",
                      mg::technique_name(r.technique), r.region, r.spacing_mm, r.margin_mm, r.depth_mm, r.angle_deg,
                      mg::lattice_name(r.lattice), plan.summary.sites));
  info(v, "coverage: " + cli::coverage_line(plan.summary.coverage));
  for (const std::string& l : cli::small_piece_lines(plan.summary.coverage)) info(v, l);
  const std::string writing = step_writing(v, a.out);
  if (is_map_format(format)) {
    const std::vector<mg::Zone> zones = cli::plan_params(req, face).zones;
    cli::MapOptions mo = map_options(a.map, face, v, writing);
    mo.record = req.record;
    write_run_outputs(a.out, cli::render_map(format, face.mesh, {plan}, zones, mo, false), face, a.save_landmarks, v);
  } else if (format == "glb") {
    write_run_outputs(a.out,
                      cli::plan_glb(face.mesh, plan, cli::plan_params(req, face).zones,
                                    face.texture ? &face.texture->colour : nullptr),
                      face, a.save_landmarks, v);
  } else {
    mg::stage_done("plan (rest)");
    write_run_outputs(a.out, cli::render_plan(plan, req.format, cli::plan_context(face, &req)), face, a.save_landmarks,
                      v);
    mg::stage_done("write");
  }
  // after the output is written: a failed write stays one error line
  print_plan_lines(plan, v, !is_map_format(format) && table_on_terminal(req.format, a.out));
  if (a.out != "-") note(v, fmt::format("wrote {} sites to {}", plan.summary.sites, a.out));
  return cli::exit_ok;
}

// ---- compare ----

/// The plan values `compare` takes per technique: "--spacing 5mm" for every technique, "--spacing nappage=3mm"
/// for one; repeatable (a comma is a decimal comma in a value, so techniques are not listed in one value).
const std::vector<std::string> per_technique_columns = {"spacing",      "depth", "margin", "volume",
                                                        "total_volume", "angle", "needle"};

struct CompareArgs {
  TableFlags table;
  MapFlags map;
  std::map<std::string, std::vector<std::string>> per;  ///< column -> values as typed ([TECHNIQUE=]VALUE)
  std::string techniques = "point-by-point,nappage,epidermic", out = "-";
  std::optional<std::string> save_landmarks;
};

/// `mesogrid compare`: the table's face and region flags, --techniques, the format, -o, --view, --labels.
CLI::App* add_compare(CLI::App& app, CompareArgs& a, Verbosity& v) {
  CLI::App* compare = app.add_subcommand(
      "compare", "Plan one region with several techniques and show them side by side (table, CSV, JSON or maps)");
  add_table_flags(compare, a.table, {"mesh", "units", "region"},
                  {{"region", "Region to plan on; 'mesogrid regions' lists them (default forehead)"}});
  compare
      ->add_option("--techniques", a.techniques,
                   "Comma-separated techniques (default point-by-point,nappage,epidermic; at most 4)")
      ->type_name("LIST");
  for (const std::string& c : per_technique_columns) {
    const cli::PlanFlagInfo* f = cli::find_plan_flag(c);
    compare
        ->add_option(f->flag, a.per[c],
                     std::string(f->help) + ". For every technique, or for one as TECHNIQUE=VALUE (repeat the flag: " +
                         f->flag + " nappage=... " + f->flag + " point-by-point=...)")
        ->type_name("[TECHNIQUE=]" + std::string(f->type_name))
        ->take_all()
        ->allow_extra_args(false);
  }
  add_table_flags(compare, a.table,
                  {"up", "front", "zones", "sex", "session_max", "landmarks", "landmark_set", "format"},
                  {{"format", "table, csv, json, svg or pdf (default table, or from -o's extension)"}});
  compare->add_option("-o,--output", a.out, "Write to FILE (atomically) instead of stdout")->type_name("FILE");
  add_save_landmarks(compare, a.save_landmarks);
  a.map.view_opt =
      compare->add_option("--view", a.map.view, "Map view for svg|pdf: front, left or right (default front)")
          ->type_name("VIEW");
  a.map.labels_opt = compare->add_flag("--labels", a.map.labels, "Maps: print each site's number beside its dot");
  add_verbosity(compare, v);
  return compare;
}

int run_compare(const CompareArgs& a, const Verbosity& v) {
  check_output_flag(a.out);
  cli::PlanFlags flags = a.table.flags();
  const std::string format = pick_format("compare", flags.format, a.out, {"table", "csv", "json", "svg", "pdf"});
  check_map_flags(format, a.map);
  std::vector<std::string> names;
  for (size_t pos = 0; pos <= a.techniques.size();) {
    const size_t end = std::min(a.techniques.find(',', pos), a.techniques.size());
    names.emplace_back(mg::text::trim(std::string_view(a.techniques).substr(pos, end - pos)));  // "a, b" as "a,b"
    pos = end + 1;
  }
  if (names.size() > 4) throw mg::usage_error("--techniques '" + a.techniques + "': compare at most 4 techniques");
  flags.format.reset();  // compare's own formats (svg, pdf) are not the plan's
  if (!flags.region) flags.region = "forehead";
  std::vector<mg::Technique> listed;
  for (const auto& n : names) {
    if (n.empty())
      throw mg::usage_error("--techniques '" + a.techniques + "': an empty name; use e.g. point-by-point,nappage");
    const auto t = mg::technique_from_name(n);
    if (t && std::find(listed.begin(), listed.end(), *t) != listed.end())
      throw mg::usage_error("--techniques " + mg::text::quoted(a.techniques) + ": " +
                            std::string(mg::technique_name(*t)) +
                            " is listed twice: give each technique once (per-technique values: e.g. --spacing " +
                            std::string(mg::technique_name(*t)) + "=3mm)");
    if (t) listed.push_back(*t);
  }
  // per-technique values: technique -> column -> text ("" key: every technique)
  std::map<std::string, std::map<std::string, std::string>> values;
  for (const auto& [column, typed] : a.per) {
    const std::string flag = cli::find_plan_flag(column)->flag;
    for (const std::string& v : typed) {
      const size_t eq = v.find('=');
      std::string key;
      if (eq != std::string::npos) {
        const std::string name = v.substr(0, eq);
        const auto t = mg::technique_from_name(name);
        if (!t)
          throw mg::usage_error(flag + " " + mg::text::quoted(v) + ": " + mg::text::quoted(name) +
                                " is not a technique" +
                                cli::did_you_mean(name, {"point-by-point", "nappage", "epidermic"}) +
                                ": use TECHNIQUE=VALUE with point-by-point, nappage or epidermic, or a VALUE for all");
        if (std::find(listed.begin(), listed.end(), *t) == listed.end())
          throw mg::usage_error(flag + " " + mg::text::quoted(v) + ": " + std::string(mg::technique_name(*t)) +
                                " is not compared: add it to --techniques (" + mg::text::printable(a.techniques) +
                                ") or drop the value");
        key = mg::technique_name(*t);
      }
      if (!values[key].emplace(column, eq == std::string::npos ? v : v.substr(eq + 1)).second)
        throw mg::usage_error(flag + " is given twice " +
                              (key.empty() ? std::string("for every technique") : "for " + key) +
                              ": give one value, or one per technique (TECHNIQUE=VALUE)");
    }
  }
  std::vector<cli::PlanRequest> reqs;
  for (const auto& n : names) {
    flags.technique = n;
    const auto t = mg::technique_from_name(n);
    const std::string key = t ? std::string(mg::technique_name(*t)) : "";
    for (const std::string& column : per_technique_columns) {
      const cli::PlanFlagInfo* f = cli::find_plan_flag(column);
      flags.*(f->member) = std::nullopt;
      for (const std::string& k : {key, std::string()}) {  // the technique's own value first, then the common one
        if (auto it = values[k].find(column); t && it != values[k].end()) {
          flags.*(f->member) = it->second;
          break;
        }
      }
    }
    try {
      reqs.push_back(cli::parse_plan_flags(flags, "table"));
    } catch (const mg::Error& e) {
      std::string msg = cli::text(e);
      if (msg.rfind("--technique", 0) == 0 && msg.rfind("--techniques", 0) != 0)
        msg = "--techniques" + msg.substr(11);
      else if (t)
        msg = key + ": " + msg;  // a value refused for one technique names it
      throw mg::Error(e.kind, msg);
    }
  }
  const cli::Face face = load(reqs.front().face, v, a.save_landmarks);
  std::vector<mg::Plan> plans;
  for (const auto& r : reqs) {
    step(v, fmt::format("planning {} with {}", mg::text::printable(r.params.region),
                        mg::technique_name(r.params.technique)));
    plans.push_back(cli::plan_on_face(r, face));
    print_plan_lines(plans.back(), v, false, std::string(mg::technique_name(plans.back().params.technique)) + ": ",
                     face.warnings);
  }
  const std::string writing = step_writing(v, a.out);
  if (is_map_format(format)) {
    const std::vector<mg::Zone> zones = cli::plan_params(reqs.front(), face).zones;
    write_run_outputs(a.out,
                      cli::render_map(format, face.mesh, plans, zones, map_options(a.map, face, v, writing), true),
                      face, a.save_landmarks, v);
  } else {
    write_run_outputs(a.out,
                      format == "table" ? cli::compare_table(plans, face.name)
                      : format == "csv" ? cli::compare_csv(plans)
                                        : cli::compare_json(plans, face.name),
                      face, a.save_landmarks, v);
  }
  return cli::exit_ok;
}

// ---- batch ----

struct BatchArgs {
  std::string manifest, out_dir, jobs, shard;
  bool resume = false;
};

/// `mesogrid batch MANIFEST`: the manifest's columns are the table's flags (batch/manifest.hpp).
CLI::App* add_batch(CLI::App& app, BatchArgs& a, Verbosity& v) {
  CLI::App* batch = app.add_subcommand(
      "batch", "Run many plans from a manifest (CSV or JSON Lines, columns = plan flags) into a directory");
  batch->add_option("MANIFEST", a.manifest, "CSV with a header (name,mesh,region,technique,...) or JSON Lines")
      ->required()
      ->type_name("FILE");
  batch->add_option("--out-dir", a.out_dir, "Directory for <name>.<format> and batch_summary.csv (created if missing)")
      ->required()
      ->type_name("DIR");
  batch->add_option("-j,--jobs", a.jobs, "Rows planned at the same time (default: the number of cores)")
      ->type_name("N");
  batch->add_flag("--resume", a.resume,
                  "Skip rows whose output file already exists (outputs only ever appear complete)");
  batch->add_option("--shard", a.shard, "Run only rows I, I+N, I+2N, ... (0-based) of the manifest, e.g. 0/4")
      ->type_name("I/N");
  batch->add_flag("-q,--quiet", v.quiet, "No progress bar and no notes (errors stay)");
  return batch;
}

int run_batch(const BatchArgs& a, const Verbosity& v) {
  if (a.out_dir.empty()) throw mg::usage_error("--out-dir '': the output directory is empty; give a directory");
  cli::BatchOptions o;
  o.manifest = a.manifest;
  o.out_dir = a.out_dir;
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const std::string jobs_hint = "a number of rows to plan at the same time, e.g. " + std::to_string(cores) +
                                " (the number of cores, the default)";
  o.jobs = a.jobs.empty() ? static_cast<int>(cores)
                          : static_cast<int>(std::min(1024L, mg::parse_count(a.jobs, "--jobs", jobs_hint)));
  if (!a.shard.empty()) std::tie(o.shard_index, o.shard_count) = cli::parse_shard(a.shard);
  o.resume = a.resume;
  o.quiet = v.quiet;
  o.progress = ::isatty(2) != 0;
  o.handle_signals = true;
  const cli::BatchResult r = cli::run_batch(o);
  size_t shown = 0;
  for (const auto& row : r.rows) {
    if (row.status != "failed") continue;
    if (++shown > 20) break;
    cli::print_line("mesogrid: error: ", row.error);
  }
  if (r.failed > 20)
    cli::print_line("mesogrid: error: ",
                    fmt::format("... and {} more failed rows: see {}", r.failed - 20, r.summary_path));
  if (r.not_run > 0)
    cli::print_line("mesogrid: interrupted: ",
                    fmt::format("{} rows not run; rerun with --resume to complete them", r.not_run));
  note(v, fmt::format("batch: {} rows: {} ok, {} failed, {} skipped, {} not run; summary: {}", r.rows.size(), r.ok,
                      r.failed, r.skipped, r.not_run, r.summary_path));
  return r.exit_code;
}

// ---- regions ----

struct RegionsArgs {
  TableFlags table;
  std::string view = "front", out = "-";
  std::optional<std::string> save_landmarks;
  const CLI::Option* view_opt = nullptr;
};

/// `mesogrid regions`: the table's mesh flags, the format, --view, -o.
CLI::App* add_regions(CLI::App& app, RegionsArgs& a, Verbosity& v) {
  CLI::App* regions = app.add_subcommand(
      "regions", "List the named regions of a mesh with triangle counts and areas (or draw them: --format svg)");
  add_table_flags(regions, a.table, {"mesh", "units", "up", "front", "landmarks", "landmark_set"});
  add_verbosity(regions, v);
  add_table_flags(regions, a.table, {"format"},
                  {{"format", "table, json or svg (a map of the regions; default table, or from -o's extension)"}});
  a.view_opt = regions->add_option("--view", a.view, "Map view for --format svg: front, left or right (default front)")
                   ->type_name("VIEW");
  regions->add_option("-o,--output", a.out, "Write to FILE (atomically) instead of stdout")->type_name("FILE");
  add_save_landmarks(regions, a.save_landmarks);
  return regions;
}

int run_regions(const RegionsArgs& a, const Verbosity& v) {
  check_output_flag(a.out);
  cli::PlanFlags flags = a.table.flags();
  const std::string f = pick_format("regions", flags.format, a.out, {"table", "json", "svg"});
  if (f != "svg" && a.view_opt->count() > 0)
    throw mg::usage_error("--view applies to maps only: add --format svg (or -o regions.svg)");
  (void)cli::make_map_view(mg::FaceFrame{}, a.view);  // a bad --view before any file is read
  const cli::Face face = load(cli::parse_face_flags(flags), v, a.save_landmarks);
  const std::vector<mg::RegionInfo> list = cli::face_regions(face);
  const cli::PlanContext ctx = cli::plan_context(face);
  if (f == "svg") {
    cli::MapOptions mo;
    mo.view = a.view;
    mo.mesh_name = face.name;
    if (face.texture) mo.texture = &face.texture->colour;
    write_run_outputs(a.out, cli::regions_svg(face, list, mo), face, a.save_landmarks, v);
  } else {
    write_run_outputs(
        a.out, f == "json" ? cli::regions_json(list, face.name, &ctx) : cli::regions_table(list, face.name, &ctx), face,
        a.save_landmarks, v);
  }
  return cli::exit_ok;
}

// ---- techniques ----

struct TechniquesArgs {
  std::string format, out = "-";
  const CLI::Option* format_opt = nullptr;
};

/// `mesogrid techniques`: --format, -o.
CLI::App* add_techniques(CLI::App& app, TechniquesArgs& a) {
  CLI::App* techniques =
      app.add_subcommand("techniques", "List the technique presets, their clinical ranges and sources");
  a.format_opt = techniques->add_option("--format", a.format, "table or json (default table)")->type_name("FORMAT");
  techniques->add_option("-o,--output", a.out, "Write to FILE (atomically) instead of stdout")->type_name("FILE");
  return techniques;
}

int run_techniques(const TechniquesArgs& a) {
  check_output_flag(a.out);
  const std::string f =
      pick_format("techniques", a.format_opt->count() > 0 ? std::optional<std::string>(a.format) : std::nullopt, a.out,
                  {"table", "json"});
  cli::write_output(a.out, f == "json" ? cli::techniques_json() : cli::techniques_table());
  return cli::exit_ok;
}

/// True for text that reads as a number ("10", "0.5", "-3", "1e2", "0,5").
bool looks_numeric(std::string_view s) {
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) s.remove_prefix(1);
  bool digit = false;
  for (char c : s) {
    if (c >= '0' && c <= '9')
      digit = true;
    else if (c != '.' && c != ',' && c != 'e' && c != 'E')
      return false;
  }
  return digit;
}

/// A unit word typed apart from its number ("--spacing 10 mm").
bool is_unit_word(std::string_view s) {
  static const std::vector<std::string> units = {"mm", "cm",  "m",      "ml",      "cc", "ul",  "µl",
                                                 "μl", "deg", "degree", "degrees", "°",  "/min"};
  return !cli::match_name(s, units).empty();
}

/// A clearer line than the parser's for the usual mistakes in a subcommand's arguments, or "" when there is
/// none: an unknown flag (with the nearest known one), a unit typed apart from its number, a one-value flag given
/// twice, a word no flag takes (a value after a flag that takes none).
std::string diagnose_arguments(const CLI::App& app, int argc, char** argv) {
  if (argc < 2) return "";
  const CLI::App* sub = nullptr;
  for (const CLI::App* c : app.get_subcommands([](const CLI::App*) { return true; }))
    if (c->get_name() == argv[1]) sub = c;
  if (!sub) return "";
  const std::string cmd = "mesogrid " + sub->get_name();
  std::vector<std::string> names;
  for (const CLI::Option* o : sub->get_options()) {
    for (const auto& n : o->get_lnames()) names.push_back("--" + n);
    for (const auto& n : o->get_snames()) names.push_back("-" + n);
  }
  std::string last_flag, last_value;  // the flag whose value was just read, and that value
  std::string last_switch;            // the flag just given when it takes no value (--labels)
  std::map<const CLI::Option*, std::pair<std::string, std::string>> given;  // a one-value flag: as typed, its value
  long positionals = 0;  // the words the command takes without a flag (batch's manifest)
  for (const CLI::Option* o : sub->get_options())
    if (o->get_positional()) positionals += std::min(o->get_items_expected_max(), 1000);
  for (int i = 2; i < argc; ++i) {
    const std::string t = argv[i];
    if (t == "--") break;
    if (t.size() > 1 && t[0] == '-' && !looks_numeric(t)) {
      const std::string name = t.substr(0, t.find('='));
      const CLI::Option* opt = nullptr;
      for (const CLI::Option* o : sub->get_options())
        if (o->check_name(name)) opt = o;
      if (!opt)
        return "unknown flag " + mg::text::quoted(name) + " for '" + cmd + "'" + cli::did_you_mean(name, names) +
               " (see '" + cmd + " --help')";
      last_flag.clear();
      last_switch = name;
      if (opt->get_type_size_max() > 0 && opt->get_expected_max() > 0) {
        last_switch.clear();
        last_flag = name;
        last_value.clear();
        if (t.find('=') != std::string::npos)
          last_value = t.substr(t.find('=') + 1);
        else if (i + 1 < argc)
          last_value = argv[++i];
        // a flag of one value given again (CLI11: "At Most 1 required but received 2")
        if (opt->get_multi_option_policy() == CLI::MultiOptionPolicy::Throw && opt->get_items_expected_max() == 1) {
          const auto [it, first] = given.emplace(opt, std::make_pair(name, last_value));
          if (!first) {
            const std::string values = mg::text::quoted(it->second.second) + ", then " + mg::text::quoted(last_value);
            return (it->second.first == name
                        ? name + " is given twice (" + values
                        : it->second.first + " and " + name + " are the same flag, given twice (" + values) +
                   "): give it once";
          }
        }
      }
      continue;
    }
    if (!last_flag.empty() && looks_numeric(last_value) && is_unit_word(t))
      return last_flag + " " + mg::text::printable(last_value) + " " + mg::text::printable(t) +
             ": the unit is a word of its own; write " + last_flag + " " + mg::text::printable(last_value + t) +
             " (no space) or quote it: " + last_flag + " '" + mg::text::printable(last_value + " " + t) + "'";
    last_flag.clear();
    if (positionals > 0) {
      --positionals;
    } else {  // a word no flag and no positional takes
      const std::string word = mg::text::quoted(t);
      if (!last_switch.empty()) return last_switch + " takes no value: drop " + word + " (see '" + cmd + " --help')";
      const std::string ext = mg::text::lower(std::filesystem::path(t).extension().string());
      const bool mesh = ext == ".obj" || ext == ".ply" || ext == ".stl" || ext == ".off";
      if (mesh && sub->get_option_no_throw("--mesh"))
        return "unexpected argument " + word + " for '" + cmd + "': a mesh is given with --mesh: --mesh " + word;
      return "unexpected argument " + word + " for '" + cmd + "': each value follows its flag (" +
             (sub->get_option_no_throw("--region") ? "e.g. --region cheeks; " : "") + "see '" + cmd + " --help')";
    }
    last_switch.clear();
  }
  return "";
}

/// --help and --version: CLI11 prints them on stdout; a closed or failing stdout is an error (exit 2), so that
/// a script never takes an empty help or version for the real one.
int help_exit(CLI::App& app, const CLI::Error& e) {
  const int rc = app.exit(e);
  std::cout.flush();
  if (cli::closed_streams().out || !std::cout.good()) {
    cli::print_line("mesogrid: error: ", "cannot write to standard output (closed or full)");
    return cli::exit_input;
  }
  return rc;
}

int run(int argc, char** argv) {
  CLI::App app{"mesogrid: injection grids for facial mesotherapy on a 3D face mesh.\n" + std::string(cli::disclaimer),
               "mesogrid"};
  app.set_version_flag("--version", std::string("mesogrid ") + cli::version());
  app.require_subcommand(1);
  Verbosity verbosity;
  PlanArgs pa;
  CompareArgs ca;
  BatchArgs ba;
  RegionsArgs ra;
  TechniquesArgs ta;
  const CLI::App* plan = add_plan(app, pa, verbosity);
  const CLI::App* compare = add_compare(app, ca, verbosity);
  const CLI::App* batch = add_batch(app, ba, verbosity);
  const CLI::App* regions = add_regions(app, ra, verbosity);
  add_techniques(app, ta);

  if (argc < 2) {  // the tool alone: what it can do
    fmt::print("{}", app.help());
    return cli::exit_ok;
  }
  if (argv[1][0] != '-' && app.get_subcommands([&](const CLI::App* c) { return c->get_name() == argv[1]; }).empty())
    throw mg::usage_error("unknown command " + mg::text::quoted(argv[1]) +
                          cli::did_you_mean(argv[1], {"plan", "compare", "batch", "techniques", "regions"}) +
                          ": use plan, compare, batch, techniques or regions (see 'mesogrid --help')");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return help_exit(app, e);
  } catch (const CLI::CallForAllHelp& e) {
    return help_exit(app, e);
  } catch (const CLI::CallForVersion& e) {
    return help_exit(app, e);
  } catch (const CLI::ParseError& e) {
    if (const std::string d = diagnose_arguments(app, argc, argv); !d.empty()) {
      cli::print_line("mesogrid: error: ", d);
      return cli::exit_usage;
    }
    std::string m = e.what();
    for (auto& c : m)
      if (c == '\n') c = ' ';
    if (m.size() > 300) m = mg::text::escaped(m, 300);  // CLI11 echoes whole values; the line stays short
    cli::print_line("mesogrid: error: ", m + " (see 'mesogrid --help' or 'mesogrid COMMAND --help')");
    return cli::exit_usage;
  }
  // Long commands show their step on a terminal (batch has its own progress bar).
  // MESOGRID_ACTIVITY_AFTER_MS: when the line appears (default 2 s); the tests set 0 to see every step on a
  // terminal without a slow command.
  std::chrono::milliseconds after = std::chrono::seconds(2);
  if (const char* e = std::getenv("MESOGRID_ACTIVITY_AFTER_MS"))
    after = std::chrono::milliseconds(std::clamp(std::atol(e), 0L, 3600000L));
  cli::Activity activity(::isatty(2) != 0 && !verbosity.quiet && !batch->parsed(), after);
  verbosity.activity = &activity;
  if (plan->parsed()) return run_plan(pa, verbosity);
  if (compare->parsed()) return run_compare(ca, verbosity);
  if (batch->parsed()) return run_batch(ba, verbosity);
  if (regions->parsed()) return run_regions(ra, verbosity);
  return run_techniques(ta);
}

}  // namespace

/// MESOGRID_TIMING=1: the wall time of each stage on stderr when the command ends (profiling aid).
struct TimingReport {
  mg::StageLog log;
  bool on = std::getenv("MESOGRID_TIMING") != nullptr;
  TimingReport() {
    if (on) mg::set_stage_log(&log);
  }
  ~TimingReport() {
    if (!on) return;
    mg::set_stage_log(nullptr);
    std::vector<std::pair<std::string, double>> sum;  // a stage met again (one per piece) adds up
    for (const auto& [name, s] : log.stages) {
      auto it = std::find_if(sum.begin(), sum.end(), [&](const auto& e) { return e.first == name; });
      if (it == sum.end())
        sum.emplace_back(name, s);
      else
        it->second += s;
    }
    double total = 0;
    for (const auto& [name, s] : sum) {
      std::fprintf(stderr, "timing: %-22s %8.1f ms\n", name.c_str(), 1e3 * s);
      total += s;
    }
    std::fprintf(stderr, "timing: %-22s %8.1f ms\n", "total (after startup)", 1e3 * total);
  }
};

int main(int argc, char** argv) {
#if defined(__GLIBC__)
  // Blocks from 4 MB on (a scan's working arrays, a sparse factorisation of the planning mesh) are mapped and
  // given back when freed. glibc would otherwise raise its threshold to the largest block freed so far (the
  // scan's 14 MB arrays) and keep every later factorisation in its heap after use: 12 MB more peak memory on a
  // 1.2-million-triangle scan planned at 3 mm. The heap keeps up to twice that free at its top (glibc's own
  // ratio): trimmed at the default 128 kB, the solvers' vectors, allocated and freed at every iteration, would
  // be given back and faulted in again each time (10-15% more CPU time).
  mallopt(M_MMAP_THRESHOLD, 4 << 20);
  mallopt(M_TRIM_THRESHOLD, 8 << 20);
#endif
  cli::reopen_closed_streams();  // before anything opens a file that could take descriptor 0, 1 or 2
  TimingReport timing;
  try {
    return run(argc, argv);
  } catch (const mg::Error& e) {
    cli::print_line("mesogrid: error: ", cli::text(e));
    return cli::exit_code(e.kind);
  } catch (const std::bad_alloc&) {
    cli::print_line("mesogrid: error: ", "out of memory");
    return cli::exit_plan;
  } catch (const std::exception& e) {
    cli::print_line("mesogrid: error: ", std::string("unexpected failure: ") + e.what());
    return cli::exit_input;
  } catch (...) {
    cli::print_line("mesogrid: error: ", "unexpected failure");
    return cli::exit_input;
  }
}

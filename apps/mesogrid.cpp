// apps/mesogrid.cpp: the mesogrid command line: plan, batch, techniques, regions, --version.
// Errors: one line "mesogrid: error: ..." on stderr and the exit code of error.hpp
// (1 arguments, 2 input/output file, 3 plan impossible, 4 batch: a row failed).
// Plan flags live in src/plan_flags.* (shared with batch); the batch run in src/batch.*.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <exception>
#include <mesogrid/anatomy.hpp>
#include <mesogrid/error.hpp>
#include <mesogrid/frame.hpp>
#include <mesogrid/plan.hpp>
#include <mesogrid/region.hpp>
#include <mesogrid/technique.hpp>
#include <mesogrid/units.hpp>
#include <new>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "batch.hpp"
#include "format.hpp"
#include "load.hpp"
#include "output.hpp"
#include "plan_flags.hpp"

namespace mg = mesogrid;
namespace cli = mesogrid::cli;

namespace {

struct Verbosity {
  bool quiet = false;
  bool verbose = false;
};

void note(const Verbosity& v, const std::string& s) {
  if (!v.quiet) fmt::print(stderr, "note: {}\n", s);
}

void info(const Verbosity& v, const std::string& s) {
  if (v.verbose) fmt::print(stderr, "info: {}\n", s);
}

/// The output format when --format is not given: -o's extension (.csv, .json) if it is one of `allowed`.
std::string format_default(const std::string& out, std::initializer_list<std::string_view> allowed,
                           const std::string& fallback) {
  const auto dot = out.rfind('.');
  const std::string ext = dot == std::string::npos ? "" : out.substr(dot + 1);
  for (auto a : allowed)
    if (ext == a) return ext;
  return fallback;
}

/// The output format: --format when given, else from -o's extension (.csv, .json), else the default.
std::string pick_format(const CLI::Option* format_opt, const std::string& format, const std::string& out,
                        std::initializer_list<std::string_view> allowed) {
  const std::string f = format_opt->count() == 0 ? format_default(out, allowed, format) : format;
  for (auto a : allowed)
    if (f == a) return f;
  std::string list;
  for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  throw mg::usage_error("--format '" + format + "' is not a format of this command: use " + list);
}

struct MeshArgs {
  cli::MeshSource src;
  const CLI::Option* units_opt = nullptr;
  cli::MeshSource source() const {
    cli::MeshSource s = src;
    s.units_given = units_opt->count() > 0;
    return s;
  }
};

cli::LoadedMesh load(const cli::MeshSource& src, const Verbosity& v) {
  cli::LoadedMesh m = cli::load_mesh(src);
  info(v, m.summary);
  for (const auto& n : m.notes) {  // the built-in face's notes never change: only with --verbose
    if (src.path.empty())
      info(v, m.name + ": " + n);
    else
      note(v, m.name + ": " + n);
  }
  for (const auto& w : m.warnings) fmt::print(stderr, "warning: {}\n", w);
  return m;
}

void add_mesh_options(CLI::App* sub, MeshArgs& a) {
  sub->add_option("--mesh", a.src.path, "Face mesh: OBJ, PLY or STL (default: the built-in MediaPipe canonical face)")
      ->type_name("FILE");
  a.units_opt = sub->add_option("--units", a.src.units, "Units of the mesh file: auto, mm, cm or m (default auto)")
                    ->type_name("UNITS");
}

void add_verbosity(CLI::App* sub, Verbosity& v) {
  sub->add_flag("-q,--quiet", v.quiet, "Silence notes on stderr (warnings and errors stay)");
  sub->add_flag("-v,--verbose", v.verbose, "Also print what was read and resolved on stderr");
}

/// `plan`: every plan flag comes from the shared table (plan_flags.hpp), the same code path as `batch`.
struct PlanArgs {
  std::vector<std::string> text = std::vector<std::string>(cli::plan_flag_table().size());
  std::vector<std::vector<std::string>> lists = std::vector<std::vector<std::string>>(cli::plan_flag_table().size());
  std::vector<const CLI::Option*> opts;
  std::string out;
  cli::PlanFlags flags() const {
    cli::PlanFlags f;
    const auto& table = cli::plan_flag_table();
    for (size_t i = 0; i < opts.size(); ++i) {
      if (opts[i]->count() == 0) continue;
      if (table[i].list) {
        for (const auto& v : lists[i]) cli::set_plan_flag(f, table[i], v);
      } else {
        f.*(table[i].member) = text[i];  // given but empty stays "given": the parser names the flag
      }
    }
    return f;
  }
};

void add_plan_options(CLI::App* sub, PlanArgs& a) {
  const auto& table = cli::plan_flag_table();
  for (size_t i = 0; i < table.size(); ++i) {
    if (table[i].list)
      a.opts.push_back(sub->add_option(table[i].flag, a.lists[i], table[i].help)
                           ->type_name(table[i].type_name)
                           ->take_all()
                           ->allow_extra_args(false));
    else
      a.opts.push_back(sub->add_option(table[i].flag, a.text[i], table[i].help)->type_name(table[i].type_name));
  }
}

int run_plan(const PlanArgs& a, const Verbosity& v) {
  const cli::PlanRequest req = cli::parse_plan_flags(a.flags(), format_default(a.out, {"csv", "json"}, "table"));
  const cli::LoadedMesh m = load(req.mesh, v);
  const mg::Plan plan = cli::plan_on_mesh(req, m);
  const mg::ResolvedParams& r = plan.params;
  info(v, fmt::format("plan: {} on '{}', spacing {} mm, margin {} mm, depth {} mm, angle {} deg, {} lattice, {} sites",
                      mg::technique_name(r.technique), r.region, r.spacing_mm, r.margin_mm, r.depth_mm, r.angle_deg,
                      mg::lattice_name(r.lattice), plan.summary.sites));
  for (const auto& w : plan.warnings) fmt::print(stderr, "warning: {}\n", w);
  cli::write_output(a.out, cli::render_plan(plan, req.format, {m.name, m.units}));
  if (!a.out.empty() && a.out != "-") note(v, fmt::format("wrote {} sites to {}", plan.summary.sites, a.out));
  return mg::exit_ok;
}

struct BatchArgs {
  std::string manifest, out_dir, jobs, shard;
  bool resume = false;
};

int run_batch(const BatchArgs& a, const Verbosity& v) {
  cli::BatchOptions o;
  o.manifest = a.manifest;
  o.out_dir = a.out_dir;
  const unsigned cores = std::thread::hardware_concurrency();
  o.jobs = a.jobs.empty() ? static_cast<int>(cores == 0 ? 1 : cores)
                          : static_cast<int>(std::min(1024L, mg::parse_count(a.jobs, "--jobs")));
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
    fmt::print(stderr, "mesogrid: error: {}\n", row.error);
  }
  if (r.failed > 20) fmt::print(stderr, "mesogrid: error: ... and {} more failed rows: see {}\n", r.failed - 20, r.summary_path);
  if (r.not_run > 0)
    fmt::print(stderr, "mesogrid: interrupted: {} rows not run; rerun with --resume to complete them\n", r.not_run);
  note(v, fmt::format("batch: {} rows: {} ok, {} failed, {} skipped, {} not run; summary: {}", r.rows.size(), r.ok,
                      r.failed, r.skipped, r.not_run, r.summary_path));
  return r.exit_code;
}

int run(int argc, char** argv) {
  CLI::App app{"mesogrid: injection grids for facial mesotherapy on a 3D face mesh.\n" + std::string(cli::disclaimer),
               "mesogrid"};
  app.set_version_flag("--version", std::string("mesogrid ") + cli::version());
  app.require_subcommand(1);

  Verbosity verbosity;
  PlanArgs pa;
  CLI::App* plan = app.add_subcommand("plan", "Compute an injection grid on a face region and print or export it");
  add_plan_options(plan, pa);
  add_verbosity(plan, verbosity);
  plan->add_option("-o,--output", pa.out, "Write to FILE (atomically) instead of stdout")->type_name("FILE");

  BatchArgs ba;
  CLI::App* batch = app.add_subcommand(
      "batch", "Run many plans from a manifest (CSV or JSON Lines, columns = plan flags) into a directory");
  batch->add_option("MANIFEST", ba.manifest, "CSV with a header (name,mesh,region,technique,...) or JSON Lines")
      ->required()
      ->type_name("FILE");
  batch->add_option("--out-dir", ba.out_dir, "Directory for <name>.<format> and batch_summary.csv (created if missing)")
      ->required()
      ->type_name("DIR");
  batch->add_option("-j,--jobs", ba.jobs, "Rows planned at the same time (default: the number of cores)")->type_name("N");
  batch->add_flag("--resume", ba.resume, "Skip rows whose output file already exists (outputs only ever appear complete)");
  batch->add_option("--shard", ba.shard, "Run only rows I, I+N, I+2N, ... (0-based) of the manifest, e.g. 0/4")
      ->type_name("I/N");
  batch->add_flag("-q,--quiet", verbosity.quiet, "No progress bar and no notes (errors stay)");

  MeshArgs ra;
  std::string rformat = "table", rout;
  CLI::App* regions = app.add_subcommand("regions", "List the named regions of a mesh with triangle counts and areas");
  add_mesh_options(regions, ra);
  add_verbosity(regions, verbosity);
  const CLI::Option* rformat_o = regions->add_option("--format", rformat, "table or json (default table)")->type_name("FORMAT");
  regions->add_option("-o,--output", rout, "Write to FILE (atomically) instead of stdout")->type_name("FILE");

  std::string tformat = "table", tout;
  CLI::App* techniques = app.add_subcommand("techniques", "List the technique presets, their clinical ranges and sources");
  const CLI::Option* tformat_o = techniques->add_option("--format", tformat, "table or json (default table)")->type_name("FORMAT");
  techniques->add_option("-o,--output", tout, "Write to FILE (atomically) instead of stdout")->type_name("FILE");

  if (argc > 1 && argv[1][0] != '-' && app.get_subcommands([&](const CLI::App* c) { return c->get_name() == argv[1]; }).empty())
    throw mg::usage_error(std::string("unknown command '") + argv[1] +
                          "': use plan, batch, techniques or regions (see 'mesogrid --help')");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string m = e.what();
    for (auto& c : m)
      if (c == '\n') c = ' ';
    fmt::print(stderr, "mesogrid: error: {} (see 'mesogrid --help' or 'mesogrid COMMAND --help')\n", m);
    return mg::exit_usage;
  }

  if (plan->parsed()) return run_plan(pa, verbosity);
  if (batch->parsed()) return run_batch(ba, verbosity);
  if (regions->parsed()) {
    const std::string f = pick_format(rformat_o, rformat, rout, {"table", "json"});
    const cli::LoadedMesh m = load(ra.source(), verbosity);
    auto list = mg::list_regions(m.mesh);
    for (auto& r : list)  // the anatomical description where the name is one of the built-in regions
      if (const std::string d = mg::region_description(r.name); !d.empty()) r.description = d;
    cli::write_output(rout, f == "json" ? cli::dump(cli::regions_json(list, m.name)) : cli::regions_table(list, m.name));
    return mg::exit_ok;
  }
  const std::string f = pick_format(tformat_o, tformat, tout, {"table", "json"});
  cli::write_output(tout, f == "json" ? cli::dump(cli::techniques_json()) : cli::techniques_table());
  return mg::exit_ok;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const mg::Error& e) {
    std::fprintf(stderr, "mesogrid: error: %s\n", e.what());
    return e.code;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "mesogrid: error: out of memory\n");
    return mg::exit_plan;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mesogrid: error: unexpected failure: %s\n", e.what());
    return mg::exit_input;
  } catch (...) {
    std::fprintf(stderr, "mesogrid: error: unexpected failure\n");
    return mg::exit_input;
  }
}

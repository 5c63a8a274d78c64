// apps/mesogrid.cpp: the mesogrid command line: plan, compare, batch, techniques, regions, --version.
// Errors: one line "mesogrid: error: ..." on stderr and the exit code of error.hpp
// (1 arguments, 2 input/output file, 3 plan impossible, 4 batch: a row failed).
// Plan flags live in src/plan_flags.* (shared with batch); the batch run in src/batch.*.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <mesogrid/anatomy.hpp>
#include <mesogrid/error.hpp>
#include <mesogrid/frame.hpp>
#include <mesogrid/landmarks.hpp>
#include <mesogrid/plan.hpp>
#include <mesogrid/region.hpp>
#include <mesogrid/technique.hpp>
#include <mesogrid/timing.hpp>
#include <mesogrid/units.hpp>
#include <new>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "batch.hpp"
#include "compare.hpp"
#include "format.hpp"
#include "load.hpp"
#include "output.hpp"
#include "pdf.hpp"
#include "plan_flags.hpp"
#include "svg.hpp"
#include "zone_flags.hpp"

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
  std::string view = "front";  // --view (svg, pdf)
  bool labels = false;         // --labels (svg, pdf)
  const CLI::Option* view_opt = nullptr;
  const CLI::Option* labels_opt = nullptr;
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

/// Map formats (svg, pdf) are handled here, not in the shared plan flags: batch writes text formats only.
bool is_map_format(const std::string& f) { return f == "svg" || f == "pdf"; }

/// The zones applied to a plan on this mesh (for drawing), as plan_on_mesh applies them.
std::vector<mg::Zone> plan_zones(const cli::PlanRequest& req, const cli::LoadedMesh& m) {
  mg::PlanParams params = req.params;
  std::vector<std::string> ignored;
  cli::apply_zone_flags(req.zone, m, params, ignored);
  return params.zones;
}

/// The map's bytes: an SVG page, or a PDF (map + site table pages).
std::string render_map(const std::string& format, const cli::LoadedMesh& m, const std::vector<mg::Plan>& plans,
                       const std::vector<mg::Zone>& zones, const cli::MapOptions& mo, bool compare) {
  if (format == "svg")
    return compare ? cli::compare_svg(m.mesh, plans, zones, mo) : cli::plan_svg(m.mesh, plans.front(), zones, mo);
  std::vector<cli::PdfPage> pages;
  if (compare) {
    pages.push_back({cli::compare_svg(m.mesh, plans, zones, mo), 297, 210});
  } else {
    pages.push_back({cli::plan_svg(m.mesh, plans.front(), zones, mo), 210, 297});
    for (auto& t : cli::site_table_svgs(plans.front())) pages.push_back({std::move(t), 210, 297});
  }
  return cli::pdf_from_svg_pages(pages, "mesogrid map: " + plans.front().params.region);
}

void check_map_flags(const std::string& format, const CLI::Option* view_opt, const CLI::Option* labels_opt,
                     const std::string& view) {
  if (!is_map_format(format) && (view_opt->count() > 0 || labels_opt->count() > 0))
    throw mg::usage_error(std::string(view_opt->count() > 0 ? "--view" : "--labels") +
                          " applies to maps only: add --format svg or --format pdf (or -o map.svg)");
  (void)cli::make_map_view(mg::FaceFrame{}, view);  // exit 1 on a bad --view before any file is read
}

int run_plan(const PlanArgs& a, const Verbosity& v) {
  cli::PlanFlags flags = a.flags();
  const std::string format = flags.format.value_or(format_default(a.out, {"csv", "json", "svg", "pdf"}, "table"));
  check_map_flags(format, a.view_opt, a.labels_opt, a.view);
  if (is_map_format(format)) flags.format = "table";  // the shared flags know text formats only
  const cli::PlanRequest req = cli::parse_plan_flags(flags, format_default(a.out, {"csv", "json"}, "table"));
  const cli::LoadedMesh m = load(req.mesh, v);
  const mg::Plan plan = cli::plan_on_mesh(req, m);
  const mg::ResolvedParams& r = plan.params;
  info(v, fmt::format("plan: {} on '{}', spacing {} mm, margin {} mm, depth {} mm, angle {} deg, {} lattice, {} sites",
                      mg::technique_name(r.technique), r.region, r.spacing_mm, r.margin_mm, r.depth_mm, r.angle_deg,
                      mg::lattice_name(r.lattice), plan.summary.sites));
  for (const auto& w : plan.warnings) fmt::print(stderr, "warning: {}\n", w);
  if (is_map_format(format)) {
    cli::MapOptions mo;
    mo.view = a.view;
    mo.labels = a.labels;
    mo.mesh_name = m.name;
    cli::write_output(a.out, render_map(format, m, {plan}, plan_zones(req, m), mo, false));
  } else {
    mg::stage_done("plan (rest)");
    cli::write_output(a.out, cli::render_plan(plan, req.format, cli::plan_context(m)));
    mg::stage_done("write");
  }
  if (!a.out.empty() && a.out != "-") note(v, fmt::format("wrote {} sites to {}", plan.summary.sites, a.out));
  return mg::exit_ok;
}

/// `compare`: the same region planned with several techniques, side by side.
struct CompareArgs {
  MeshArgs mesh;
  std::string region = "forehead", techniques = "point-by-point,nappage,epidermic", up, front, zones, sex;
  std::string landmarks, landmark_set;
  const CLI::Option *landmarks_opt = nullptr, *landmark_set_opt = nullptr;
  std::string format = "table", out, view = "front";
  bool labels = false;
  const CLI::Option *format_opt = nullptr, *view_opt = nullptr, *labels_opt = nullptr;
};

int run_compare(const CompareArgs& a, const Verbosity& v) {
  const std::string format = pick_format(a.format_opt, a.format, a.out, {"table", "csv", "json", "svg", "pdf"});
  check_map_flags(format, a.view_opt, a.labels_opt, a.view);
  std::vector<std::string> names;
  for (size_t pos = 0; pos <= a.techniques.size();) {
    const size_t end = std::min(a.techniques.find(',', pos), a.techniques.size());
    names.push_back(a.techniques.substr(pos, end - pos));
    pos = end + 1;
  }
  if (names.size() > 4) throw mg::usage_error("--techniques '" + a.techniques + "': compare at most 4 techniques");
  std::vector<cli::PlanRequest> reqs;
  for (const auto& n : names) {
    if (n.empty())
      throw mg::usage_error("--techniques '" + a.techniques + "': an empty name; use e.g. point-by-point,nappage");
    cli::PlanFlags f;
    if (!a.mesh.src.path.empty()) f.mesh = a.mesh.src.path;
    if (a.mesh.units_opt->count() > 0) f.units = a.mesh.src.units;
    f.region = a.region;
    f.technique = n;
    if (!a.up.empty()) f.up = a.up;
    if (!a.front.empty()) f.front = a.front;
    if (!a.zones.empty()) f.zones = a.zones;
    if (!a.sex.empty()) f.sex = a.sex;
    if (a.landmarks_opt->count() > 0) f.landmarks = a.landmarks;
    if (a.landmark_set_opt->count() > 0) f.landmark_set = a.landmark_set;
    try {
      reqs.push_back(cli::parse_plan_flags(f, "table"));
    } catch (const mg::Error& e) {
      std::string msg = e.what();
      if (msg.rfind("--technique", 0) == 0 && msg.rfind("--techniques", 0) != 0) msg = "--techniques" + msg.substr(11);
      throw mg::Error(e.code, msg);
    }
  }
  const cli::LoadedMesh m = load(reqs.front().mesh, v);
  std::vector<mg::Plan> plans;
  for (const auto& r : reqs) {
    plans.push_back(cli::plan_on_mesh(r, m));
    for (const auto& w : plans.back().warnings)
      fmt::print(stderr, "warning: {}: {}\n", mg::technique_name(plans.back().params.technique), w);
  }
  if (is_map_format(format)) {
    cli::MapOptions mo;
    mo.view = a.view;
    mo.labels = a.labels;
    mo.mesh_name = m.name;
    cli::write_output(a.out, render_map(format, m, plans, plan_zones(reqs.front(), m), mo, true));
  } else {
    cli::write_output(a.out, format == "table" ? cli::compare_table(plans, m.name)
                             : format == "csv" ? cli::compare_csv(plans)
                                               : cli::dump(cli::compare_json(plans, m.name)));
  }
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
  if (r.failed > 20)
    fmt::print(stderr, "mesogrid: error: ... and {} more failed rows: see {}\n", r.failed - 20, r.summary_path);
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
  plan->get_option("--format")
      ->description("table, csv, json, svg or pdf (default table, or from -o's extension; svg/pdf: a map, see --view)");
  pa.view_opt =
      plan->add_option("--view", pa.view, "Map view for --format svg|pdf: front, left or right (default front)")
          ->type_name("VIEW");
  pa.labels_opt = plan->add_flag("--labels", pa.labels, "Maps: print each site's number beside its dot");

  CompareArgs ca;
  CLI::App* compare = app.add_subcommand(
      "compare", "Plan one region with several techniques and show them side by side (table, CSV, JSON or maps)");
  add_mesh_options(compare, ca.mesh);
  compare->add_option("--region", ca.region, "Region to plan (default forehead; see 'mesogrid regions')")
      ->type_name("NAME");
  compare
      ->add_option("--techniques", ca.techniques,
                   "Comma-separated techniques (default point-by-point,nappage,epidermic; at most 4)")
      ->type_name("LIST");
  compare->add_option("--up", ca.up, "Axis pointing to the top of the head (default +y)")->type_name("AXIS");
  compare->add_option("--front", ca.front, "Axis the face looks along (default +z)")->type_name("AXIS");
  compare->add_option("--zones", ca.zones, "Built-in keep-out and danger zones: on or off (default on)")
      ->type_name("on|off");
  compare->add_option("--sex", ca.sex, "Skin-thickness column for depth warnings: f or m")->type_name("f|m");
  ca.landmarks_opt = compare
                         ->add_option("--landmarks", ca.landmarks,
                                      "3D landmarks of the --mesh scan (CSV or JSON): plan on its transferred regions")
                         ->type_name("FILE");
  ca.landmark_set_opt =
      compare->add_option("--landmark-set", ca.landmark_set, "mediapipe468, ibug68 or auto (default auto)")
          ->type_name("SET");
  ca.format_opt =
      compare->add_option("--format", ca.format, "table, csv, json, svg or pdf (default table, or from -o's extension)")
          ->type_name("FORMAT");
  compare->add_option("-o,--output", ca.out, "Write to FILE (atomically) instead of stdout")->type_name("FILE");
  ca.view_opt = compare->add_option("--view", ca.view, "Map view for svg|pdf: front, left or right (default front)")
                    ->type_name("VIEW");
  ca.labels_opt = compare->add_flag("--labels", ca.labels, "Maps: print each site's number beside its dot");
  add_verbosity(compare, verbosity);

  BatchArgs ba;
  CLI::App* batch = app.add_subcommand(
      "batch", "Run many plans from a manifest (CSV or JSON Lines, columns = plan flags) into a directory");
  batch->add_option("MANIFEST", ba.manifest, "CSV with a header (name,mesh,region,technique,...) or JSON Lines")
      ->required()
      ->type_name("FILE");
  batch->add_option("--out-dir", ba.out_dir, "Directory for <name>.<format> and batch_summary.csv (created if missing)")
      ->required()
      ->type_name("DIR");
  batch->add_option("-j,--jobs", ba.jobs, "Rows planned at the same time (default: the number of cores)")
      ->type_name("N");
  batch->add_flag("--resume", ba.resume,
                  "Skip rows whose output file already exists (outputs only ever appear complete)");
  batch->add_option("--shard", ba.shard, "Run only rows I, I+N, I+2N, ... (0-based) of the manifest, e.g. 0/4")
      ->type_name("I/N");
  batch->add_flag("-q,--quiet", verbosity.quiet, "No progress bar and no notes (errors stay)");

  MeshArgs ra;
  std::string rformat = "table", rout, rlandmarks, rlandmark_set, rview = "front";
  CLI::App* regions = app.add_subcommand(
      "regions", "List the named regions of a mesh with triangle counts and areas (or draw them: --format svg)");
  add_mesh_options(regions, ra);
  const CLI::Option* rlandmarks_o =
      regions
          ->add_option("--landmarks", rlandmarks,
                       "3D landmarks of the --mesh scan (CSV or JSON): list the built-in regions carried onto it")
          ->type_name("FILE");
  const CLI::Option* rlandmark_set_o =
      regions->add_option("--landmark-set", rlandmark_set, "mediapipe468, ibug68 or auto (default auto)")
          ->type_name("SET");
  add_verbosity(regions, verbosity);
  const CLI::Option* rformat_o =
      regions
          ->add_option("--format", rformat,
                       "table, json or svg (a map of the regions; default table, or from -o's extension)")
          ->type_name("FORMAT");
  const CLI::Option* rview_o =
      regions->add_option("--view", rview, "Map view for --format svg: front, left or right (default front)")
          ->type_name("VIEW");
  regions->add_option("-o,--output", rout, "Write to FILE (atomically) instead of stdout")->type_name("FILE");

  std::string tformat = "table", tout;
  CLI::App* techniques =
      app.add_subcommand("techniques", "List the technique presets, their clinical ranges and sources");
  const CLI::Option* tformat_o =
      techniques->add_option("--format", tformat, "table or json (default table)")->type_name("FORMAT");
  techniques->add_option("-o,--output", tout, "Write to FILE (atomically) instead of stdout")->type_name("FILE");

  if (argc > 1 && argv[1][0] != '-' &&
      app.get_subcommands([&](const CLI::App* c) { return c->get_name() == argv[1]; }).empty())
    throw mg::usage_error(std::string("unknown command '") + argv[1] +
                          "': use plan, compare, batch, techniques or regions (see 'mesogrid --help')");
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
  if (compare->parsed()) return run_compare(ca, verbosity);
  if (regions->parsed()) {
    const std::string f = pick_format(rformat_o, rformat, rout, {"table", "json", "svg"});
    if (f != "svg" && rview_o->count() > 0)
      throw mg::usage_error("--view applies to maps only: add --format svg (or -o regions.svg)");
    (void)cli::make_map_view(mg::FaceFrame{}, rview);  // exit 1 on a bad --view before any file is read
    cli::MeshSource src = ra.source();
    if (rlandmark_set_o->count() > 0) {
      (void)mg::parse_landmark_set(rlandmark_set);
      if (rlandmarks_o->count() == 0)
        throw mg::usage_error(
            "--landmark-set applies to --landmarks: give the landmark file too (or drop --landmark-set)");
      src.landmark_set = rlandmark_set;
    }
    if (rlandmarks_o->count() > 0) {
      if (rlandmarks.empty())
        throw mg::usage_error("--landmarks is empty: give the scan's landmark file (CSV or JSON)");
      if (src.path.empty())
        throw mg::usage_error(
            "--landmarks needs --mesh: the built-in face has its regions already; give the scan the "
            "landmarks belong to");
      src.landmarks = rlandmarks;
    }
    const cli::LoadedMesh m = load(src, verbosity);
    auto list = mg::list_regions(m.mesh);
    for (auto& r : list)  // the anatomical description where the name is one of the built-in regions
      if (const std::string d = mg::region_description(r.name); !d.empty()) r.description = d;
    if (m.transfer)
      for (auto& r : list)
        if (r.name == "all")
          r.description = "the part of the scan the built-in face covers (ears, scalp, neck left out)";
    const cli::PlanContext ctx = cli::plan_context(m);
    if (f == "svg") {
      cli::MapOptions mo;
      mo.view = rview;
      mo.mesh_name = m.name;
      cli::write_output(rout, cli::regions_svg(m, list, mo));
    } else {
      cli::write_output(rout, f == "json" ? cli::dump(cli::regions_json(list, m.name, &ctx))
                                          : cli::regions_table(list, m.name, &ctx));
    }
    return mg::exit_ok;
  }
  const std::string f = pick_format(tformat_o, tformat, tout, {"table", "json"});
  cli::write_output(tout, f == "json" ? cli::dump(cli::techniques_json()) : cli::techniques_table());
  return mg::exit_ok;
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
  TimingReport timing;
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

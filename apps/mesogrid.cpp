// apps/mesogrid.cpp: the mesogrid command line: plan, techniques, regions, --version.
// Errors: one line "mesogrid: error: ..." on stderr and the exit code of error.hpp
// (1 arguments, 2 input/output file, 3 plan impossible).
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <exception>
#include <functional>
#include <mesogrid/anatomy.hpp>
#include <mesogrid/error.hpp>
#include <mesogrid/frame.hpp>
#include <mesogrid/plan.hpp>
#include <mesogrid/region.hpp>
#include <mesogrid/technique.hpp>
#include <mesogrid/units.hpp>
#include <new>
#include <string>

#include "format.hpp"
#include "load.hpp"
#include "output.hpp"

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

/// Runs `f`; a usage error it throws is re-thrown with `flag` in front when the message lacks it.
template <class F>
auto for_flag(std::string_view flag, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const mg::Error& e) {
    const std::string m = e.what();
    if (m.rfind(std::string(flag), 0) == 0) throw;
    throw mg::Error(e.code, std::string(flag) + ": " + m);
  }
}

/// The output format: --format when given, else from -o's extension (.csv, .json), else the default.
std::string pick_format(const CLI::Option* format_opt, const std::string& format, const std::string& out,
                        std::initializer_list<std::string_view> allowed) {
  std::string f = format;
  if (format_opt->count() == 0) {
    const auto dot = out.rfind('.');
    const std::string ext = dot == std::string::npos ? "" : out.substr(dot + 1);
    for (auto a : allowed)
      if (ext == a) f = ext;
  }
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

cli::LoadedMesh load(const MeshArgs& a, const Verbosity& v) {
  cli::LoadedMesh m = cli::load_mesh(a.source());
  info(v, m.summary);
  for (const auto& n : m.notes) {  // the built-in face's notes never change: only with --verbose
    if (a.src.path.empty())
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

struct PlanArgs {
  MeshArgs mesh;
  std::string up = "+y", front = "+z", region = "all", technique = "point-by-point";
  std::string spacing, depth, margin, volume, total_volume, angle, lattice, advance = "down", rate;
  std::string max_sites = "100000", format = "table", out;
  CLI::Option *spacing_o, *depth_o, *margin_o, *volume_o, *total_o, *angle_o, *lattice_o, *rate_o, *format_o;
};

int run_plan(const PlanArgs& a, const Verbosity& v) {
  // Every flag value is checked before the mesh is read: bad arguments fail fast with exit 1.
  mg::PlanParams p;
  p.technique = for_flag("--technique", [&] { return mg::parse_technique(a.technique); });
  p.region = a.region;
  // Each numeric flag: parsed (units, syntax), then range-checked alone so a rejection names its flag.
  struct NumericFlag {
    const char* flag;
    const CLI::Option* opt;
    const std::string& text;
    std::function<void(mg::PlanParams&)> apply;
  };
  const NumericFlag numeric[] = {
      {"--spacing", a.spacing_o, a.spacing, [&](mg::PlanParams& q) { q.spacing_mm = mg::parse_length_mm(a.spacing, "--spacing"); }},
      {"--depth", a.depth_o, a.depth, [&](mg::PlanParams& q) { q.depth_mm = mg::parse_length_mm(a.depth, "--depth"); }},
      {"--margin", a.margin_o, a.margin, [&](mg::PlanParams& q) { q.margin_mm = mg::parse_length_mm(a.margin, "--margin"); }},
      {"--volume", a.volume_o, a.volume, [&](mg::PlanParams& q) { q.volume_ml = mg::parse_volume_ml(a.volume, "--volume"); }},
      {"--total-volume", a.total_o, a.total_volume,
       [&](mg::PlanParams& q) { q.total_volume_ml = mg::parse_volume_ml(a.total_volume, "--total-volume"); }},
      {"--angle", a.angle_o, a.angle, [&](mg::PlanParams& q) { q.angle_deg = mg::parse_angle_deg(a.angle, "--angle"); }},
      {"--injector-rate", a.rate_o, a.rate,
       [&](mg::PlanParams& q) { q.injector_rate = mg::parse_rate_per_min(a.rate, "--injector-rate"); }},
  };
  for (const auto& f : numeric) {
    if (f.opt->count() == 0) continue;
    f.apply(p);
    mg::PlanParams alone;
    alone.technique = p.technique;
    f.apply(alone);
    std::vector<std::string> ignored;
    for_flag(std::string(f.flag) + " '" + f.text + "'", [&] { return mg::resolve_params(alone, ignored); });
  }
  if (a.lattice_o->count()) p.lattice = for_flag("--lattice", [&] { return mg::parse_lattice(a.lattice); });
  p.advance = for_flag("--advance", [&] { return mg::parse_advance(a.advance); });
  p.max_sites = mg::parse_count(a.max_sites, "--max-sites");
  p.frame = mg::make_frame(a.up, a.front);
  const std::string format = pick_format(a.format_o, a.format, a.out, {"table", "csv", "json"});
  cli::check_units(a.mesh.src.units);
  {
    std::vector<std::string> ignored;
    mg::resolve_params(p, ignored);  // range checks (exit 1) before the possibly slow mesh read
  }

  const cli::LoadedMesh m = load(a.mesh, v);
  mg::Plan plan;
  try {
    plan = mg::make_plan(m.mesh, p);
  } catch (const mg::Error&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw mg::plan_error("out of memory while planning: raise --spacing or choose a smaller --region");
  } catch (const std::exception& e) {
    throw mg::plan_error(std::string("planning failed: ") + e.what());
  }
  const mg::ResolvedParams& r = plan.params;
  info(v, fmt::format("plan: {} on '{}', spacing {} mm, margin {} mm, depth {} mm, angle {} deg, {} lattice, {} sites",
                      mg::technique_name(r.technique), r.region, r.spacing_mm, r.margin_mm, r.depth_mm, r.angle_deg,
                      mg::lattice_name(r.lattice), plan.summary.sites));
  for (const auto& w : plan.warnings) fmt::print(stderr, "warning: {}\n", w);
  std::string text;
  if (format == "csv")
    text = cli::plan_csv(plan);
  else if (format == "json")
    text = cli::dump(cli::plan_json(plan, {m.name, m.units}));
  else
    text = cli::plan_table(plan, {m.name, m.units});
  cli::write_output(a.out, text);
  if (!a.out.empty() && a.out != "-") note(v, fmt::format("wrote {} sites to {}", plan.summary.sites, a.out));
  return mg::exit_ok;
}

int run(int argc, char** argv) {
  CLI::App app{"mesogrid: injection grids for facial mesotherapy on a 3D face mesh.\n" + std::string(cli::disclaimer),
               "mesogrid"};
  app.set_version_flag("--version", std::string("mesogrid ") + cli::version());
  app.require_subcommand(1);

  Verbosity verbosity;
  PlanArgs pa;
  CLI::App* plan = app.add_subcommand("plan", "Compute an injection grid on a face region and print or export it");
  add_mesh_options(plan, pa.mesh);
  add_verbosity(plan, verbosity);
  plan->add_option("--up", pa.up, "Mesh axis pointing to the top of the head (default +y)")->type_name("AXIS");
  plan->add_option("--front", pa.front, "Mesh axis the face looks along (default +z)")->type_name("AXIS");
  plan->add_option("--region", pa.region, "Region to plan on; 'mesogrid regions' lists them (default all)")
      ->type_name("NAME");
  plan->add_option("--technique", pa.technique,
                   "point-by-point, nappage or epidermic (default point-by-point); presets: 'mesogrid techniques'")
      ->type_name("NAME");
  pa.spacing_o = plan->add_option("--spacing", pa.spacing, "Distance between sites along the skin: 15, 15mm, 1.5cm (default: preset)")
                     ->type_name("LENGTH");
  pa.depth_o = plan->add_option("--depth", pa.depth, "Injection depth below the skin (default: preset)")->type_name("LENGTH");
  pa.margin_o = plan->add_option("--margin", pa.margin, "Keep sites this far inside the region border (default: half the spacing)")
                    ->type_name("LENGTH");
  pa.volume_o = plan->add_option("--volume", pa.volume, "Volume per site: 0.03, 0.03ml, 30ul, 0.03cc (default: preset)")
                    ->type_name("VOLUME");
  pa.total_o = plan->add_option("--total-volume", pa.total_volume, "Total volume spread evenly over the sites (overrides --volume)")
                   ->type_name("VOLUME");
  pa.angle_o = plan->add_option("--angle", pa.angle, "Needle angle to the skin in degrees, 90 = perpendicular: 45, 45deg (default: preset)")
                   ->type_name("ANGLE");
  pa.lattice_o = plan->add_option("--lattice", pa.lattice, "square or hex (default: preset)")->type_name("KIND");
  plan->add_option("--advance", pa.advance, "Direction the needle tilts toward: down, up, medial or lateral (default down)")
      ->type_name("DIR");
  pa.rate_o = plan->add_option("--injector-rate", pa.rate,
                               "Sites per minute with an injector (default: manual timing from the preset)")
                  ->type_name("N");
  plan->add_option("--max-sites", pa.max_sites, "Refuse plans with more sites than this (default 100000)")->type_name("N");
  pa.format_o = plan->add_option("--format", pa.format, "table, csv or json (default table, or from -o's extension)")
                    ->type_name("FORMAT");
  plan->add_option("-o,--output", pa.out, "Write to FILE (atomically) instead of stdout")->type_name("FILE");

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
                          "': use plan, techniques or regions (see 'mesogrid --help')");
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
  if (regions->parsed()) {
    const std::string f = pick_format(rformat_o, rformat, rout, {"table", "json"});
    const cli::LoadedMesh m = load(ra, verbosity);
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

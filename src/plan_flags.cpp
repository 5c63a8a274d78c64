// src/plan_flags.cpp: see plan_flags.hpp.
#include "plan_flags.hpp"

#include <exception>
#include <functional>
#include <mesogrid/error.hpp>
#include <mesogrid/frame.hpp>
#include <mesogrid/landmarks.hpp>
#include <mesogrid/units.hpp>
#include <new>

namespace mesogrid::cli {

namespace {

/// Runs `f`; a usage error it throws is re-thrown with `flag` in front when the message lacks it.
template <class F>
auto for_flag(std::string_view flag, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const Error& e) {
    const std::string m = e.what();
    if (m.rfind(std::string(flag), 0) == 0) throw;
    throw Error(e.code, std::string(flag) + ": " + m);
  }
}

}  // namespace

const std::vector<PlanFlagInfo>& plan_flag_table() {
  static const std::vector<PlanFlagInfo> table = {
      {"mesh", "--mesh", "FILE", "Face mesh: OBJ, PLY, STL or OFF (default: the built-in MediaPipe canonical face)",
       &PlanFlags::mesh},
      {"units", "--units", "UNITS", "Units of the mesh file: auto, mm, cm or m (default auto)", &PlanFlags::units},
      {"up", "--up", "AXIS", "Mesh axis pointing to the top of the head (default +y)", &PlanFlags::up},
      {"front", "--front", "AXIS", "Mesh axis the face looks along (default +z)", &PlanFlags::front},
      {"landmarks", "--landmarks", "FILE",
       "3D landmarks of the scan (CSV or JSON; the mesh's units unless the file names them): carries the built-in "
       "face's regions, danger zones and frame onto --mesh",
       &PlanFlags::landmarks},
      {"landmark_set", "--landmark-set", "SET",
       "Landmark set of --landmarks: mediapipe468, ibug68 or auto (default auto: 468 or 68 points, or the names)",
       &PlanFlags::landmark_set},
      {"region", "--region", "NAME", "Region to plan on; 'mesogrid regions' lists them (default all)",
       &PlanFlags::region},
      {"technique", "--technique", "NAME",
       "point-by-point, nappage or epidermic (default point-by-point); presets: 'mesogrid techniques'",
       &PlanFlags::technique},
      {"spacing", "--spacing", "LENGTH", "Distance between sites along the skin: 15, 15mm, 1.5cm (default: preset)",
       &PlanFlags::spacing},
      {"depth", "--depth", "LENGTH", "Injection depth below the skin (default: preset)", &PlanFlags::depth},
      {"margin", "--margin", "LENGTH", "Keep sites this far inside the region border (default: half the spacing)",
       &PlanFlags::margin},
      {"volume", "--volume", "VOLUME", "Volume per site: 0.03, 0.03ml, 30ul, 0.03cc (default: preset)",
       &PlanFlags::volume},
      {"total_volume", "--total-volume", "VOLUME", "Total volume spread evenly over the sites (overrides --volume)",
       &PlanFlags::total_volume},
      {"angle", "--angle", "ANGLE",
       "Needle angle to the skin in degrees, 90 = perpendicular: 45, 45deg (default: preset)", &PlanFlags::angle},
      {"lattice", "--lattice", "KIND", "square or hex (default: preset)", &PlanFlags::lattice},
      {"advance", "--advance", "DIR", "Direction the needle tilts toward: down, up, medial or lateral (default down)",
       &PlanFlags::advance},
      {"injector_rate", "--injector-rate", "N",
       "Sites per minute with an injector (default: manual timing from the preset)", &PlanFlags::injector_rate},
      {"max_sites", "--max-sites", "N", "Refuse plans with more sites than this (default 100000)",
       &PlanFlags::max_sites},
      {"zones", "--zones", "on|off", "Built-in keep-out and danger zones of the built-in face: on or off (default on)",
       &PlanFlags::zones},
      {"exclude", "--exclude", "SPHERE",
       "Keep sites out of a sphere, mm in the mesh frame: sphere:X,Y,Z,R (repeatable; ';' separates several)", nullptr,
       &PlanFlags::exclude},
      {"sex", "--sex", "f|m", "Skin thickness column for depth warnings: f or m (default: the thinner)",
       &PlanFlags::sex},
      {"format", "--format", "FORMAT", "table, csv or json (default table, or from -o's extension)",
       &PlanFlags::format},
  };
  return table;
}

const PlanFlagInfo* find_plan_flag(std::string_view column) {
  std::string c(column);
  for (auto& ch : c)
    if (ch == '-') ch = '_';
  for (const auto& f : plan_flag_table())
    if (c == f.column) return &f;
  return nullptr;
}

void set_plan_flag(PlanFlags& flags, const PlanFlagInfo& info, const std::string& value) {
  if (info.list) {
    size_t start = 0;
    for (;;) {
      const size_t end = value.find(';', start);
      std::string part = value.substr(start, end == std::string::npos ? std::string::npos : end - start);
      const auto a = part.find_first_not_of(" \t"), b = part.find_last_not_of(" \t");
      part = a == std::string::npos ? "" : part.substr(a, b - a + 1);
      if (!part.empty()) (flags.*(info.list)).push_back(part);
      if (end == std::string::npos) break;
      start = end + 1;
    }
    return;
  }
  if (!value.empty()) flags.*(info.member) = value;
}

PlanRequest parse_plan_flags(const PlanFlags& f, const std::string& default_format) {
  // Every value is checked before the mesh is read: bad arguments fail fast with exit 1.
  PlanRequest req;
  PlanParams& p = req.params;
  const std::string technique = f.technique.value_or("point-by-point");
  p.technique = for_flag("--technique", [&] { return parse_technique(technique); });
  p.region = f.region.value_or("all");
  // Each numeric flag: parsed (units, syntax), then range-checked alone so a rejection names its flag.
  struct NumericFlag {
    const char* flag;
    const std::optional<std::string>& text;
    std::function<void(PlanParams&, const std::string&)> apply;
  };
  const NumericFlag numeric[] = {
      {"--spacing", f.spacing,
       [](PlanParams& q, const std::string& t) { q.spacing_mm = parse_length_mm(t, "--spacing"); }},
      {"--depth", f.depth, [](PlanParams& q, const std::string& t) { q.depth_mm = parse_length_mm(t, "--depth"); }},
      {"--margin", f.margin, [](PlanParams& q, const std::string& t) { q.margin_mm = parse_length_mm(t, "--margin"); }},
      {"--volume", f.volume, [](PlanParams& q, const std::string& t) { q.volume_ml = parse_volume_ml(t, "--volume"); }},
      {"--total-volume", f.total_volume,
       [](PlanParams& q, const std::string& t) { q.total_volume_ml = parse_volume_ml(t, "--total-volume"); }},
      {"--angle", f.angle, [](PlanParams& q, const std::string& t) { q.angle_deg = parse_angle_deg(t, "--angle"); }},
      {"--injector-rate", f.injector_rate,
       [](PlanParams& q, const std::string& t) { q.injector_rate = parse_rate_per_min(t, "--injector-rate"); }},
  };
  for (const auto& n : numeric) {
    if (!n.text) continue;
    n.apply(p, *n.text);
    PlanParams alone;
    alone.technique = p.technique;
    n.apply(alone, *n.text);
    std::vector<std::string> ignored;
    for_flag(std::string(n.flag) + " '" + *n.text + "'", [&] { return resolve_params(alone, ignored); });
  }
  if (f.lattice) p.lattice = for_flag("--lattice", [&] { return parse_lattice(*f.lattice); });
  p.advance = for_flag("--advance", [&] { return parse_advance(f.advance.value_or("down")); });
  p.max_sites = parse_count(f.max_sites.value_or("100000"), "--max-sites");
  p.frame = make_frame(f.up.value_or("+y"), f.front.value_or("+z"));
  req.format = f.format.value_or(default_format);
  if (req.format != "table" && req.format != "csv" && req.format != "json")
    throw usage_error("--format '" + req.format + "' is not a format of this command: use table, csv, json");
  req.mesh.path = f.mesh.value_or("");
  req.mesh.units = f.units.value_or("auto");
  req.mesh.units_given = f.units.has_value();
  check_units(req.mesh.units);
  if (f.landmark_set) {
    (void)parse_landmark_set(*f.landmark_set);  // exit 1 for an unknown set, before any file is read
    if (!f.landmarks)
      throw usage_error("--landmark-set applies to --landmarks: give the landmark file too (or drop --landmark-set)");
    req.mesh.landmark_set = *f.landmark_set;
  }
  if (f.landmarks) {
    if (f.landmarks->empty()) throw usage_error("--landmarks is empty: give the scan's landmark file (CSV or JSON)");
    if (req.mesh.path.empty())
      throw usage_error(
          "--landmarks needs --mesh: the built-in face has its regions already; give the scan the "
          "landmarks belong to");
    req.mesh.landmarks = *f.landmarks;
  }
  std::vector<std::string> ignored;
  resolve_params(p, ignored);  // range checks (exit 1) before the possibly slow mesh read
  req.zone.zones = f.zones.value_or("on");
  req.zone.sex = f.sex.value_or("");
  req.zone.exclude = f.exclude;
  req.zone.axes_given = f.up.has_value() || f.front.has_value();
  parse_zone_flags(req.zone, p);  // exit 1 before the mesh is read
  return req;
}

Plan plan_on_mesh(const PlanRequest& req, const LoadedMesh& mesh) {
  PlanParams params = req.params;
  std::vector<std::string> zone_warnings;
  apply_zone_flags(req.zone, mesh, params, zone_warnings);
  Plan plan = compute_plan(mesh.mesh, params);
  plan.warnings.insert(plan.warnings.begin(), zone_warnings.begin(), zone_warnings.end());
  return plan;
}

PlanContext plan_context(const LoadedMesh& mesh) {
  PlanContext c;
  c.mesh = mesh.name;
  c.units = mesh.units;
  if (mesh.transfer) {
    c.fit = &mesh.transfer->fit.report;
    c.landmarks = mesh.transfer->fit.report.source;
    c.landmark_units = mesh.landmark_units;
  }
  return c;
}

Plan compute_plan(const Mesh& mesh_mm, const PlanParams& params) {
  try {
    return make_plan(mesh_mm, params);
  } catch (const Error&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw plan_error("out of memory while planning: raise --spacing or choose a smaller --region");
  } catch (const std::exception& e) {
    throw plan_error(std::string("planning failed: ") + e.what());
  }
}

std::string render_plan(const Plan& plan, const std::string& format, const PlanContext& ctx) {
  if (format == "csv") return plan_csv(plan);
  if (format == "json") return dump(plan_json(plan, ctx));
  return plan_table(plan, ctx);
}

}  // namespace mesogrid::cli

// src/flags.cpp: see flags.hpp.
#include "flags.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <mesogrid/core/text.hpp>
#include <mesogrid/core/units.hpp>
#include <mesogrid/plan/resolve.hpp>
#include <mesogrid/plan/technique.hpp>

#include "errors.hpp"
#include "suggest.hpp"

namespace mesogrid::cli {

namespace {

/// Runs `f`; an error it throws is re-thrown with `flag` in front when its message lacks it.
template <class F>
auto for_flag(std::string_view flag, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const Error& e) {
    const std::string m = text(e);
    if (m.rfind(std::string(flag), 0) == 0) throw;
    throw Error(e.kind, std::string(flag) + ": " + m);
  }
}

/// Refuses `typed`, not one of `known` for `flag`: names the nearest name and what is accepted, then `tail`.
[[noreturn]] void unknown_name(const std::string& flag, const std::string& typed, const std::vector<std::string>& known,
                               const std::string& tail = "") {
  throw usage_error(flag + " " + text::quoted(typed) + " is not known" + did_you_mean(typed, known) + ": use " +
                    or_list(known) + tail);
}

/// The axis of --up or --front ("+y", "-Z", "x").
Eigen::Vector3d axis(const std::string& s, const char* flag) {
  if (const auto a = axis_from_name(s)) return *a;
  throw usage_error(std::string(flag) + " '" + text::printable(s) + "' is not an axis: use +x, -x, +y, -y, +z or -z");
}

/// The frame of --up and --front; they must be perpendicular.
FaceFrame frame_of(const std::string& up, const std::string& front) {
  FaceFrame f;
  f.up = axis(up, "--up");
  f.front = axis(front, "--front");
  if (std::abs(f.up.dot(f.front)) > 0.5)
    throw usage_error("--up " + text::printable(up) + " and --front " + text::printable(front) +
                      " are the same axis: they must be perpendicular (default --up +y --front +z)");
  return f;
}

/// A user zone "sphere:X,Y,Z,R" (mm, mesh frame; R > 0; each number may carry a length unit: "2.5cm"): an exclusion
/// zone named user_sphere_<index>.
Zone sphere_zone(const std::string& t, int index) {
  const std::string bad = "--exclude '" + text::printable(t) + "': ";
  if (t.rfind("sphere:", 0) != 0)
    throw usage_error(bad + "use sphere:X,Y,Z,R (mm, mesh frame), e.g. --exclude sphere:25,40,45,8");
  // the commas separate the four numbers: a fifth part is an error, not a decimal comma (sphere:50,5,0,30,8 could
  // be X 50.5 or R 30.8)
  if (const auto parts = std::count(t.begin() + 7, t.end(), ',') + 1; parts > 4)
    throw usage_error(bad + "needs 4 numbers X,Y,Z,R (mm), not " + std::to_string(parts) +
                      ": the commas separate them, so write decimals with a point, e.g. --exclude sphere:25,40.5,45,8");
  double v[4];
  size_t pos = 7;
  for (int k = 0; k < 4; ++k) {
    const size_t end = k < 3 ? t.find(',', pos) : t.size();
    if (end == std::string::npos)
      throw usage_error(bad + "needs 4 numbers X,Y,Z,R (mm), e.g. --exclude sphere:25,40,45,8");
    // each a length with an optional unit (bare = mm: "25", "2.5cm", "-0.04m"); the centre's may be negative
    std::string_view num = text::trim(std::string_view(t).substr(pos, end - pos));
    const bool negative = k < 3 && !num.empty() && num.front() == '-';
    if (negative) num.remove_prefix(1);
    static constexpr const char* names[4] = {"X", "Y", "Z", "R"};
    try {
      v[k] = (negative ? -1 : 1) * parse_length_mm(num, std::string(names[k]));
    } catch (const Error& e) {
      throw usage_error(bad + e.what() + " (use sphere:X,Y,Z,R, each in mm or with a unit, e.g. sphere:25,40,45,8)");
    }
    pos = end + 1;
  }
  if (!(v[3] > 0)) throw usage_error(bad + "radius must be > 0 mm, e.g. sphere:25,40,45,8");
  for (double x : v)  // the largest mesh is 1 km across: beyond it distances only overflow
    if (std::fabs(x) > 1e6) throw usage_error(bad + "centre and radius must be within 1e6 mm (1 km)");
  Zone z;
  z.name = "user_sphere_" + std::to_string(index);
  z.kind = "user";
  z.source = "--exclude " + text::clean(t, 200);
  z.path = {Eigen::Vector3d(v[0], v[1], v[2])};
  z.radius_mm = v[3];
  return z;
}

/// A record field: printable one-line text of at most `max_chars` bytes ("" when not given).
std::string record_text(const std::optional<std::string>& v, const char* flag, size_t max_chars) {
  if (!v) return "";
  const std::string t(text::trim(*v));
  if (t.size() > max_chars)
    throw usage_error(std::string(flag) + " is " + std::to_string(t.size()) + " bytes long: keep it to " +
                      std::to_string(max_chars) + " (it is printed on the map)");
  if (text::printable(t) != t)
    throw usage_error(std::string(flag) + " " + text::quoted(t) +
                      " holds a control character or invalid UTF-8: give one line of plain text");
  return t;
}

/// --date: YYYY-MM-DD, a real calendar date.
std::string record_date(const std::optional<std::string>& v) {
  const std::string d = record_text(v, "--date", 64);
  if (d.empty()) return d;
  auto digits = [&](size_t from, size_t n) {
    int x = 0;
    for (size_t i = from; i < from + n; ++i) {
      if (i >= d.size() || d[i] < '0' || d[i] > '9') return -1;
      x = x * 10 + (d[i] - '0');
    }
    return x;
  };
  const int y = digits(0, 4), m = digits(5, 2), day = digits(8, 2);
  const bool leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
  const int days[] = {31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (d.size() != 10 || d[4] != '-' || d[7] != '-' || y < 1900 || m < 1 || m > 12 || day < 1 || day > days[m - 1])
    throw usage_error("--date " + text::quoted(d) + " is not a date: give YYYY-MM-DD, e.g. 2026-12-03");
  return d;
}

/// --units, --landmark-set and --landmarks of `f` into `s` (the mesh path is set already). `plans`: the command
/// plans on a region (plan, compare, batch rows), so a bare mesh gets its landmarks found by itself.
void parse_mesh_flags(const PlanFlags& f, FaceSource& s, bool plans) {
  // an empty --mesh (an unset shell variable) must not plan on the built-in face as if it had been left out
  if (f.mesh && f.mesh->empty())
    throw usage_error("--mesh is empty: give the scan's mesh file, or leave --mesh out for the built-in face");
  s.units_text = f.units.value_or("auto");
  s.units_given = f.units.has_value();
  const auto units = units_from_name(s.units_text);
  if (!units) unknown_name("--units", s.units_text, {"auto", "um", "mm", "cm", "dm", "m", "in"});
  s.units = *units;
  if (f.landmark_set) {
    s.landmark_set_text = *f.landmark_set;
    if (text::lower(*f.landmark_set) != "auto") {
      s.landmark_set = landmark_set_from_name(*f.landmark_set);
      if (!s.landmark_set)  // before any file is read
        unknown_name("--landmark-set", *f.landmark_set, {"mediapipe468", "ibug68", "auto"},
                     " (auto: decided by the point count)");
    }
    if (!f.landmarks)
      throw usage_error("--landmark-set applies to --landmarks: give the landmark file too (or drop --landmark-set)");
  }
  if (f.landmarks) {
    if (f.landmarks->empty())
      throw usage_error("--landmarks is empty: give the scan's landmark file (CSV or JSON), auto or none");
    const std::string mode = text::lower(*f.landmarks);
    if (mode == "none") {
      if (f.landmark_set) throw usage_error("--landmark-set applies to a landmark file, not to --landmarks none");
      s.landmarks_none = true;
      return;
    }
    if (s.path.empty())
      throw usage_error(
          "--landmarks needs --mesh: the built-in face has its regions already; give the scan the "
          "landmarks belong to");
    if (mode == "auto") {
      if (f.landmark_set)
        throw usage_error("--landmark-set applies to a landmark file: --landmarks auto finds the 68 iBUG points");
      s.landmarks = "auto";
      s.auto_landmarks = true;
      return;
    }
    s.landmarks = *f.landmarks;
  } else if (plans && !s.path.empty() && (!f.region || text::lower(*f.region) != "all")) {
    // decided when the mesh is read: only when it has no labels (and, for the default region, looks like a face)
    s.auto_landmarks = s.auto_implied = true;
    s.region_default = !f.region;
  }
}

}  // namespace

const std::vector<PlanFlagInfo>& plan_flag_table() {
  static const std::vector<PlanFlagInfo> table = {
      {"mesh", "--mesh", "FILE", "Face mesh: OBJ, PLY, STL or OFF (default: the built-in MediaPipe canonical face)",
       &PlanFlags::mesh},
      {"units", "--units", "UNITS",
       "Units of the mesh file: auto, um, mm, cm, dm, m or in (default auto: metric, from its size)", &PlanFlags::units,
       nullptr, Param::units},
      {"up", "--up", "AXIS", "Mesh axis pointing to the top of the head (default +y)", &PlanFlags::up},
      {"front", "--front", "AXIS", "Mesh axis the face looks along (default +z)", &PlanFlags::front},
      {"landmarks", "--landmarks", "FILE|auto|none",
       "3D landmarks of the scan (CSV or JSON; the mesh's units unless the file names them), or auto (found on the "
       "scan; implied when a face-sized scan without regions is planned on the default region or any --region but "
       "all) or none: carries the built-in face's regions, danger zones and frame onto --mesh",
       &PlanFlags::landmarks},
      {"landmark_set", "--landmark-set", "SET",
       "Landmark set of --landmarks: mediapipe468, ibug68 or auto (default auto: 468 or 68 points, or the names)",
       &PlanFlags::landmark_set, nullptr, Param::landmark_set},
      {"region", "--region", "NAME",
       "Region to plan on; 'mesogrid regions' lists them (default full_face on the built-in face and with "
       "--landmarks, else all)",
       &PlanFlags::region, nullptr, Param::region},
      {"technique", "--technique", "NAME",
       "point-by-point (or pbp), nappage or epidermic (default point-by-point); presets: 'mesogrid techniques'",
       &PlanFlags::technique, nullptr, Param::technique},
      {"spacing", "--spacing", "LENGTH", "Distance between sites along the skin: 15, 15mm, 1.5cm (default: preset)",
       &PlanFlags::spacing, nullptr, Param::spacing},
      {"depth", "--depth", "LENGTH",
       "Injection depth below the skin, used at every site (default: follows the skin in the technique's layer, "
       "at most the preset)",
       &PlanFlags::depth, nullptr, Param::depth},
      {"margin", "--margin", "LENGTH", "Keep sites this far inside the region border (default: half the spacing)",
       &PlanFlags::margin, nullptr, Param::margin},
      {"volume", "--volume", "VOLUME",
       "Volume per site: 0.03, 0.03ml, 30ul, 0.03cc (default: preset, lowered to fit --session-max)",
       &PlanFlags::volume, nullptr, Param::volume},
      {"total_volume", "--total-volume", "VOLUME", "Total volume spread evenly over the sites (instead of --volume)",
       &PlanFlags::total_volume, nullptr, Param::total_volume},
      {"angle", "--angle", "ANGLE",
       "Needle angle to the skin in degrees, 90 = perpendicular: 45, 45deg (default: preset)", &PlanFlags::angle,
       nullptr, Param::angle},
      {"needle", "--needle", "LENGTH",
       "Length of the needle used: no insertion (depth / sin angle) may be longer (default: the preset's, "
       "4 mm or 13 mm)",
       &PlanFlags::needle, nullptr, Param::needle},
      {"session_max", "--session-max", "VOLUME",
       "Session budget: the preset's volume per site is lowered to fit it while it stays in the technique's range, "
       "else a larger total is warned about (default 3 mL: a face with the neck)",
       &PlanFlags::session_max, nullptr, Param::session_max},
      {"lattice", "--lattice", "KIND", "square or hex (or hexagonal; default: preset)", &PlanFlags::lattice},
      {"advance", "--advance", "DIR", "Direction the needle tilts toward: down, up, medial or lateral (default down)",
       &PlanFlags::advance},
      {"injector_rate", "--injector-rate", "N",
       "Sites per minute with an injector (default: manual timing from the preset)", &PlanFlags::injector_rate},
      {"max_sites", "--max-sites", "N", "Refuse plans with more sites than this (default 100000)",
       &PlanFlags::max_sites, nullptr, Param::max_sites},
      {"zones", "--zones", "on|off",
       "Keep-out and danger zones of the built-in face, also carried onto --mesh by --landmarks: on or off "
       "(default on)",
       &PlanFlags::zones},
      {"exclude", "--exclude", "SPHERE",
       "Keep sites out of a sphere, mm in the mesh frame: sphere:X,Y,Z,R (repeatable; ';' separates several)", nullptr,
       &PlanFlags::exclude},
      {"sex", "--sex", "f|m", "Whose skin the depth follows: f or m (or female, male; default: the thinner of the two)",
       &PlanFlags::sex},
      {"format", "--format", "FORMAT",
       "table, csv, json, svg, pdf or glb (default table, or from -o's extension; svg, pdf: a map; glb: a 3D scene)",
       &PlanFlags::format},
      {"patient", "--patient", "TEXT", "Record: the patient's name or id, on the map, the site sheet and in JSON",
       &PlanFlags::patient},
      {"date", "--date", "YYYY-MM-DD", "Record: the session date", &PlanFlags::date},
      {"practitioner", "--practitioner", "TEXT", "Record: who injects", &PlanFlags::practitioner},
      {"product", "--product", "TEXT", "Record: the product injected", &PlanFlags::product},
      {"dilution", "--dilution", "TEXT", "Record: its dilution, e.g. '1:1 with lidocaine 1%'", &PlanFlags::dilution},
      {"lot", "--lot", "TEXT", "Record: the product's lot number", &PlanFlags::lot},
      {"notes", "--notes", "TEXT", "Record: free notes (one line)", &PlanFlags::notes},
      {"view", "--view", "VIEW", "Map view for svg|pdf: front, left or right (default front)", &PlanFlags::view,
       nullptr, std::nullopt, true},
      {"labels", "--labels", "true|false", "Maps: number the sites (a manifest cell: true or false; default false)",
       &PlanFlags::labels, nullptr, std::nullopt, true},
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
      const std::string part(text::trim(
          std::string_view(value).substr(start, end == std::string::npos ? std::string::npos : end - start), " \t"));
      if (!part.empty()) (flags.*(info.list)).push_back(part);
      if (end == std::string::npos) break;
      start = end + 1;
    }
    return;
  }
  if (!value.empty()) flags.*(info.member) = value;
}

std::string face_key(const FaceSource& s) {
  auto axis_text = [](const Eigen::Vector3d& a) {
    return text::general(a.x(), 17) + "," + text::general(a.y(), 17) + "," + text::general(a.z(), 17);
  };
  return s.path + '\n' + s.units_text + '\n' + (s.units_given ? "1" : "0") + '\n' + s.landmarks + '\n' +
         (s.auto_landmarks ? "auto" : "") +
         (s.auto_implied ? (s.region_default ? " implied default" : " implied") : "") +
         (s.landmarks_none ? "none" : "") + '\n' + s.landmark_set_text + '\n' + axis_text(s.frame.up) + '\n' +
         axis_text(s.frame.front) + '\n' + (s.axes_given ? "1" : "0") + '\n' + s.shown_path + '\n' + s.shown_landmarks;
}

PlanRequest parse_plan_flags(const PlanFlags& f, const std::string& default_format) {
  PlanRequest req;
  PlanParams& p = req.params;
  const std::string technique = f.technique.value_or("point-by-point");
  const auto t = technique_from_name(technique);
  if (!t)
    unknown_name("--technique", technique, {"point-by-point", "nappage", "epidermic"},
                 " (also pbp; any case; see 'mesogrid techniques')");
  p.technique = *t;
  p.region = f.region.value_or("");  // empty: the face's default (planning.hpp)
  // Each numeric flag: parsed (units, syntax), then checked alone, so that a refusal names its flag.
  struct NumericFlag {
    const char* flag;
    const std::optional<std::string>& text;
    double PlanParams::*member;
    double (*parse)(std::string_view, std::string_view);
  };
  const NumericFlag numeric[] = {
      {"--spacing", f.spacing, &PlanParams::spacing_mm, parse_length_mm},
      {"--depth", f.depth, &PlanParams::depth_mm, parse_length_mm},
      {"--margin", f.margin, &PlanParams::margin_mm, parse_length_mm},
      {"--volume", f.volume, &PlanParams::volume_ml, parse_volume_ml},
      {"--total-volume", f.total_volume, &PlanParams::total_volume_ml, parse_volume_ml},
      {"--angle", f.angle, &PlanParams::angle_deg, parse_angle_deg},
      {"--injector-rate", f.injector_rate, &PlanParams::injector_rate, parse_rate_per_min},
      {"--needle", f.needle, &PlanParams::needle_mm, parse_length_mm},
      {"--session-max", f.session_max, &PlanParams::session_max_ml, parse_volume_ml},
  };
  for (const auto& n : numeric) {
    if (!n.text) continue;
    const std::string_view typed = text::trim(*n.text);
    const std::string flag_text = std::string(n.flag) + " '" + text::printable(*n.text) + "'";
    if (!typed.empty() && typed.front() == '-') {
      // A negative value: the range check of the value itself says exactly what is accepted.
      double magnitude = 0;
      try {
        magnitude = n.parse(typed.substr(1), n.flag);
      } catch (const Error&) {
        magnitude = -1;  // not a number after all: the parser's own message below
      }
      if (magnitude > 0) {
        PlanParams alone;
        alone.*(n.member) = -magnitude;
        for_flag(flag_text, [&] { check_plan_values(alone); });
      }
    }
    const double v = n.parse(*n.text, n.flag);
    p.*(n.member) = v;
    PlanParams alone;
    alone.*(n.member) = v;
    for_flag(flag_text, [&] { check_plan_values(alone); });
  }
  if (f.volume && f.total_volume)
    throw usage_error("--volume and --total-volume both set the volume per site: give one (--total-volume " +
                      text::printable(*f.total_volume) + " spreads that total evenly over the sites)");
  if (f.lattice) {
    const auto k = lattice_from_name(*f.lattice);
    if (!k) unknown_name("--lattice", *f.lattice, {"square", "hex"}, " (also hexagonal; any case)");
    p.lattice = *k;
  }
  const std::string advance = f.advance.value_or("down");
  const auto a = advance_from_name(advance);
  if (!a) unknown_name("--advance", advance, {"down", "up", "medial", "lateral"});
  p.advance = *a;
  p.max_sites =
      parse_count(f.max_sites.value_or("100000"), "--max-sites", "a number of sites, e.g. 100000 (the default)");
  req.face.frame = frame_of(f.up.value_or("+y"), f.front.value_or("+z"));
  req.face.axes_given = f.up.has_value() || f.front.has_value();
  p.frame = req.face.frame;
  static const std::vector<std::string> formats = {"table", "csv", "json", "svg", "pdf", "glb"};
  req.format = f.format ? match_name(*f.format, formats) : default_format;
  if (req.format.empty()) unknown_name("--format", *f.format, formats);
  const bool map = req.format == "svg" || req.format == "pdf";
  if (f.view) {
    req.view = match_name(*f.view, {"front", "left", "right"});
    if (req.view.empty()) unknown_name("--view", *f.view, {"front", "left", "right"});
  }
  if (f.labels) {
    const std::string l = text::lower(text::trim(*f.labels));
    if (l == "true" || l == "yes" || l == "on" || l == "1")
      req.labels = true;
    else if (!(l == "false" || l == "no" || l == "off" || l == "0"))
      throw usage_error("--labels " + text::quoted(*f.labels) + " is not true or false (yes/no, on/off, 1/0 too)");
  }
  if (!map && (f.view || req.labels))
    throw usage_error(std::string(f.view ? "--view" : "--labels") +
                      " applies to maps only: add --format svg or --format pdf (or -o map.svg)");
  req.face.path = f.mesh.value_or("");
  parse_mesh_flags(f, req.face, true);
  const std::string zones = match_name(f.zones.value_or("on"), {"on", "off"});
  if (zones.empty()) unknown_name("--zones", *f.zones, {"on", "off"}, " (default on; off removes the danger zones)");
  req.builtin_zones = zones == "on";
  if (f.sex && !f.sex->empty()) {
    const auto sex = sex_from_name(*f.sex);
    if (!sex) unknown_name("--sex", *f.sex, {"f", "m"}, " (also female, male; default: the thinner skin of the two)");
    p.sex = *sex;
  }
  for (size_t i = 0; i < f.exclude.size(); ++i) p.zones.push_back(sphere_zone(f.exclude[i], static_cast<int>(i) + 1));
  Record& r = req.record;
  r.patient = record_text(f.patient, "--patient", 120);
  r.date = record_date(f.date);
  r.practitioner = record_text(f.practitioner, "--practitioner", 120);
  r.product = record_text(f.product, "--product", 120);
  r.dilution = record_text(f.dilution, "--dilution", 120);
  r.lot = record_text(f.lot, "--lot", 60);
  r.notes = record_text(f.notes, "--notes", 300);
  {  // values that only fail together (an asked depth and angle longer than the needle): before any file is read
    std::vector<Message> unused;
    (void)resolve_params(p, unused);
  }
  return req;
}

namespace {
/// The file extensions that choose each of `formats` (the table: txt).
std::vector<std::string> allowed_extensions(const std::vector<std::string>& formats) {
  std::vector<std::string> e;
  for (const auto& f : formats) e.push_back(f == "table" ? "txt" : f);
  return e;
}
}  // namespace

std::string output_format(const std::string& command, const std::optional<std::string>& format, const std::string& out,
                          const std::vector<std::string>& allowed, const std::string& fallback, bool to_terminal) {
  const std::string cmd = "'mesogrid " + command + "'";
  std::string chosen;
  if (format) {
    chosen = match_name(*format, allowed);
    if (chosen.empty())
      throw usage_error("--format " + text::quoted(*format) + " is not a format of " + cmd +
                        did_you_mean(*format, allowed) + ": use " + or_list(allowed));
  }
  // -o's extension, when it names a format: "plan.CSV" is csv, "notes.txt" a table.
  const std::string base = out.substr(out.find_last_of('/') == std::string::npos ? 0 : out.find_last_of('/') + 1);
  const auto dot = base.rfind('.');
  const std::string ext = dot == std::string::npos || dot == 0 ? "" : text::lower(base.substr(dot + 1));
  static const std::vector<std::string> known_ext = {"txt", "csv", "json", "svg", "pdf", "glb"};
  const std::string ext_format = match_name(ext, known_ext).empty() ? "" : (ext == "txt" ? std::string("table") : ext);
  if (!format && !ext.empty() && ext_format.empty())  // a script asking for "plan.tsv" must not get a table
    throw usage_error("-o " + text::quoted(out) + ": ." + text::printable(ext) + " names no format of " + cmd +
                      ": name the file ." + text::joined(allowed_extensions(allowed), ", .") + ", or give --format (" +
                      or_list(allowed) + ") to write that format under this name");
  if (!ext_format.empty()) {
    if (!format && match_name(ext_format, allowed).empty())
      throw usage_error("-o " + text::quoted(out) + ": " + cmd + " does not write " + ext_format + ": use " +
                        or_list(allowed) + " (or give --format for another extension)");
    if (format && chosen != ext_format && ext != "txt")  // .txt holds any text format
      throw usage_error("-o " + text::quoted(out) + " is a ." + ext + " file but --format is " + chosen +
                        ": name the file for " + chosen + " or drop --format (the extension chooses it)");
    if (!format && (ext != "txt" || !match_name("table", allowed).empty())) chosen = ext_format;
  }
  if (chosen.empty()) chosen = fallback;
  if ((chosen == "svg" || chosen == "pdf" || chosen == "glb") && to_terminal && (out.empty() || out == "-"))
    throw usage_error("--format " + chosen + " writes a " + (chosen == "glb" ? "3D scene" : "map") +
                      " file, not text for a terminal: give -o " + (chosen == "glb" ? "plan." : "map.") + chosen +
                      " (or redirect the output to a file)");
  return chosen;
}

FaceSource parse_face_flags(const PlanFlags& f) {
  FaceSource s;
  s.frame = frame_of(f.up.value_or("+y"), f.front.value_or("+z"));
  s.axes_given = f.up.has_value() || f.front.has_value();
  s.path = f.mesh.value_or("");
  parse_mesh_flags(f, s, false);
  return s;
}

}  // namespace mesogrid::cli

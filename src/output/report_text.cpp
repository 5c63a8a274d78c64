// src/output/report_text.cpp: the CSV and text-table outputs of report.hpp.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <mesogrid/core/text.hpp>
#include <mesogrid/plan/safety.hpp>
#include <mesogrid/plan/technique.hpp>

#include "../errors.hpp"
#include "../face.hpp"
#include "numbers.hpp"
#include "report.hpp"

namespace mesogrid::cli {

const char* const csv_header =
    "site_id,region,technique,row,col,x_mm,y_mm,z_mm,nx,ny,nz,needle_dx,needle_dy,needle_dz,angle_deg,depth_mm,"
    "tip_x_mm,tip_y_mm,tip_z_mm,volume_ml,layer";

namespace {

using namespace decimals;

std::string timing_basis(const Plan& p) {
  return p.summary.injector
             ? fmt::format("{} s per site: injector at {} sites/min", fixed(p.summary.seconds_per_site, seconds),
                           p.params.injector_rate)
             : fmt::format("{} s per site: manual, {} preset estimate", fixed(p.summary.seconds_per_site, seconds),
                           technique_name(p.params.technique));
}

}  // namespace

std::string plan_csv(const Plan& plan) {
  std::string out = csv_header;
  out += '\n';
  const std::string region = csv_field(plan.region_label);
  const std::string tech = std::string(technique_name(plan.params.technique));
  out.reserve(out.size() + plan.sites.size() * (region.size() + tech.size() + 160));
  for (const Site& s : plan.sites) {
    char buf[24];
    out.append(buf, std::to_chars(buf, buf + sizeof buf, s.id).ptr);
    out += ',';
    out += region;
    out += ',';
    out += tech;
    out += ',';
    out.append(buf, std::to_chars(buf, buf + sizeof buf, s.row).ptr);
    out += ',';
    out.append(buf, std::to_chars(buf, buf + sizeof buf, s.col).ptr);
    for (const auto& [v, d] : {std::pair{s.position.x(), position},
                               {s.position.y(), position},
                               {s.position.z(), position},
                               {s.normal.x(), unit_vector},
                               {s.normal.y(), unit_vector},
                               {s.normal.z(), unit_vector},
                               {s.needle.x(), unit_vector},
                               {s.needle.y(), unit_vector},
                               {s.needle.z(), unit_vector},
                               {s.angle_deg, angle},
                               {s.depth_mm, depth},
                               {s.tip.x(), position},
                               {s.tip.y(), position},
                               {s.tip.z(), position},
                               {s.volume_ml, volume}}) {
      out += ',';
      append_fixed(out, v, d);
    }
    out += ',';
    out += skin_layer_name(s.layer);
    out += '\n';
  }
  return out;
}

std::string coverage_line(const PlanCoverage& c) {
  if (!c.measured) return "not measured";
  const double off = c.expected_sites > 0 ? 100 * (static_cast<double>(c.sites) / c.expected_sites - 1) : 0;
  std::string o = fmt::format("{} sites for {} expected ({}{}%), NN {} s CV {}, uncovered {}% ({} cm²), gap p99 {} s",
                              c.sites, fixed(c.expected_sites, 0), off >= 0 ? "+" : "", fixed(off, 1),
                              fixed(c.nn_mean_s, 3), fixed(c.nn_cv, 3), fixed(c.uncovered_percent, 1),
                              fixed(c.uncovered_mm2 / 100, 1), fixed(c.gap_p99_s, 2));
  if (!c.small_pieces.empty())
    o += fmt::format(
        "; {} under half a cell ({} cm²) without sites",
        c.small_pieces.size() == 1 ? std::string("1 piece") : fmt::format("{} pieces", c.small_pieces.size()),
        fixed(c.small_pieces_mm2() / 100, 2));
  // The figures above are over the whole region; the contract is judged on the lattice before zones removed sites,
  // over the skin meant to be covered (less what zones, the margin and small pieces leave empty on purpose): said
  // apart whenever the two differ, so that a plan thinned by zones does not read as a lattice that missed.
  if (c.judged_apart()) {
    const double judged_off = c.judged_count_percent();
    o += fmt::format(
        "; left empty on purpose (zones, margin, small pieces): {} cm²; the lattice{}: {} sites for {} "
        "expected ({}{}%), CV {}, uncovered {}% of the skin meant to be covered",
        fixed(c.empty_by_design_mm2 / 100, 1), c.judged_sites != c.sites ? " before zones" : "", c.judged_sites,
        fixed(c.judged_expected_sites, 0), judged_off >= 0 ? "+" : "", fixed(judged_off, 1), fixed(c.lattice_nn_cv, 3),
        fixed(c.judged_uncovered_percent, 1));
  }
  o += c.meets_contract() ? "; meets the contract" : "; misses the contract";
  return o;
}

std::vector<std::string> small_piece_lines(const PlanCoverage& c) {
  std::vector<std::string> out;
  for (const SmallPiece& p : c.small_pieces)
    out.push_back(fmt::format("piece under half a cell, without sites: {} cm² at ({}, {}, {}) mm",
                              fixed(p.area_mm2 / 100, 2), fixed(p.centroid_mm.x(), 1), fixed(p.centroid_mm.y(), 1),
                              fixed(p.centroid_mm.z(), 1)));
  return out;
}

std::string plan_table(const Plan& plan, const PlanContext& ctx) {
  const ResolvedParams& r = plan.params;
  const TechniquePreset& t = preset(r.technique);
  const PlanSummary& sm = plan.summary;
  std::string o;
  auto line = [&](std::string_view key, const std::string& value) { o += fmt::format("{:<15}{}\n", key, value); };
  o += fmt::format("mesogrid {}: injection plan\n", version());
  line("technique",
       fmt::format("{} ({}); needle {}{}; bevel {}", technique_name(plan.params.technique), t.layer, t.needle,
                   std::abs(r.needle_mm - t.needle_length_mm) > 1e-9
                       ? fmt::format(" (asked: {} mm)", text::general(r.needle_mm))
                       : std::string(),
                   t.bevel));
  const std::string read_as = ctx.mesh == builtin_face_name ? "MediaPipe canonical face"
                              : ctx.units == "mm"           ? "lengths in mm"
                                                            : "lengths in " + ctx.units + ", converted to mm";
  line("mesh",
       fmt::format("{} ({}; up {}, front {})", ctx.mesh, read_as, axis_name(r.frame.up), axis_name(r.frame.front)));
  for (const auto& [k, v] : landmark_fit_lines(ctx)) line(k, v);
  if (!ctx.record.empty()) {
    std::string rec;
    for (const auto& [k, v] : ctx.record.fields())
      if (!v.empty()) rec += (rec.empty() ? "" : "; ") + text::lower(k) + " " + v;
    line("record", rec);
  }
  line("region", fmt::format("{}, {} cm²", plan.region_label, fixed(sm.region_area_cm2, area)));
  line("sites", std::to_string(sm.sites));
  line("spacing", sm.sites >= 2
                      ? fmt::format("{} mm asked; nearest neighbour mean {}, min {}, max {} mm",
                                    fixed(r.spacing_mm, depth), fixed(sm.spacing_mean_mm, depth),
                                    fixed(sm.spacing_min_mm, depth), fixed(sm.spacing_max_mm, depth))
                      : fmt::format("{} mm asked; not measured (fewer than 2 sites)", fixed(r.spacing_mm, depth)));
  line("lattice", fmt::format("{}, margin {} mm", lattice_name(r.lattice), fixed(r.margin_mm, depth)));
  if (r.depth_given)
    line("depth", fmt::format("{} mm asked, at every site (insertion {} mm along the needle)", fixed(r.depth_mm, depth),
                              fixed(r.insertion_mm(), depth)));
  else
    line("depth",
         fmt::format("follows the skin ({}, {} skin): {}-{} mm, at most the preset {} mm", t.layer, sex_name(r.sex),
                     fixed(sm.depth_min_mm, depth), fixed(sm.depth_max_mm, depth), fixed(r.depth_mm, depth)));
  line("angle", fmt::format("{}° to the skin, advancing {}", fixed(r.angle_deg, angle), advance_name(r.advance)));
  line("volume", fmt::format("{} mL per site, {} mL total{}; session budget {} mL",
                             fixed(sm.volume_per_site_ml, volume), fixed(sm.total_volume_ml, volume),
                             std::isnan(r.total_volume_ml) ? "" : " (--total-volume spread over the sites)",
                             text::general(r.session_max_ml)));
  line("session", fmt::format("{} min ({})", fixed(sm.session_minutes, minutes), timing_basis(plan)));
  if (!sm.zones.empty()) {
    std::string per;
    for (const auto& z : sm.zones)
      if (z.removed + z.capped > 0)
        per += fmt::format("{}{} {}", per.empty() ? "" : ", ", z.name,
                           z.removed > 0 ? fmt::format("-{}", z.removed) : fmt::format("capped {}", z.capped));
    line("zones", fmt::format("{} zones{}: {} sites removed, {} capped{}{}", sm.zones.size(),
                              ctx.zones_source.empty() ? "" : " (" + ctx.zones_source + ")", sm.sites_removed,
                              sm.sites_capped, per.empty() ? "" : ": ", per));
  } else if (ctx.zones_source == "none") {
    line("zones", "none: no danger zone checked this plan");
  }
  if (sm.regions.size() > 1) {
    std::string per;
    for (const auto& c : sm.regions)
      per += fmt::format("{}{} {} ({} mL)", per.empty() ? "" : ", ", c.name, c.sites, fixed(c.volume_ml, volume));
    line("by region", per);
  }
  if (sm.coverage.measured) line("coverage", coverage_line(sm.coverage));
  if (!std::isnan(sm.mirror_error_mm))
    line("symmetry", fmt::format("mirror-pair error {} mm (max over sites, after mirroring about the midline)",
                                 fixed(sm.mirror_error_mm, position)));
  for (const auto& w : plan.warnings) line("warning", text(w));
  for (const auto& n : plan.notes) line("note", text(n));
  o += '\n';
  o += fmt::format("{:>6} {:>4} {:>4} {:>9} {:>9} {:>9} {:>8} {:>8} {:>8} {:>9} {:>8} {:>9} {:>9} {:>9} {:>9} {:<9}\n",
                   "site", "row", "col", "x mm", "y mm", "z mm", "needle x", "needle y", "needle z", "angle deg",
                   "depth mm", "tip x mm", "tip y mm", "tip z mm", "volume mL", "layer");
  for (const Site& s : plan.sites)
    o += fmt::format("{:>6} {:>4} {:>4} {:>9} {:>9} {:>9} {:>8} {:>8} {:>8} {:>9} {:>8} {:>9} {:>9} {:>9} {:>9} {}\n",
                     s.id, s.row, s.col, fixed(s.position.x(), position), fixed(s.position.y(), position),
                     fixed(s.position.z(), position), fixed(s.needle.x(), 3), fixed(s.needle.y(), 3),
                     fixed(s.needle.z(), 3), fixed(s.angle_deg, angle), fixed(s.depth_mm, depth),
                     fixed(s.tip.x(), position), fixed(s.tip.y(), position), fixed(s.tip.z(), position),
                     fixed(s.volume_ml, volume), skin_layer_name(s.layer));
  o += fmt::format(
      "\n{}\nContraindications, precautions before and after the session, side effects: 'mesogrid techniques'.\n"
      "Surface normals and full precision needle vectors: --format csv or --format json.\n",
      disclaimer);
  return o;
}

std::string render_plan(const Plan& plan, const std::string& format, const PlanContext& ctx) {
  if (format == "csv") return plan_csv(plan);
  if (format == "json") return plan_json(plan, ctx);
  return plan_table(plan, ctx);
}

namespace {  // the columns of a comparison
// the depth actually used: the range of the plan's sites (the preset is only their upper bound when the depth
// follows the skin)
const std::vector<std::string> columns{"technique",       "sites",           "spacing_mm",
                                       "depth_min_mm",    "depth_max_mm",    "volume_per_site_ml",
                                       "total_volume_ml", "session_minutes", "warnings"};

std::vector<std::string> cells(const Plan& p) {
  return {std::string(technique_name(p.params.technique)),
          std::to_string(p.summary.sites),
          fixed(p.params.spacing_mm, 1),
          fixed(p.summary.depth_min_mm, decimals::depth),
          fixed(p.summary.depth_max_mm, decimals::depth),
          fixed(p.summary.volume_per_site_ml, decimals::volume),
          fixed(p.summary.total_volume_ml, decimals::volume),
          fixed(p.summary.session_minutes, decimals::minutes),
          std::to_string(p.warnings.size())};
}
}  // namespace

std::string compare_table(const std::vector<Plan>& plans, const std::string& mesh) {
  std::vector<std::vector<std::string>> rows{columns};
  for (const auto& p : plans) rows.push_back(cells(p));
  std::vector<size_t> w(columns.size(), 0);
  for (const auto& r : rows)
    for (size_t c = 0; c < r.size(); ++c) w[c] = std::max(w[c], r[c].size());
  std::string o = fmt::format("Techniques compared on region '{}' of {}\n\n",
                              plans.empty() ? "" : plans.front().params.region, mesh);
  for (const auto& r : rows) {
    std::string line;
    for (size_t c = 0; c < r.size(); ++c)
      line += c == 0 ? fmt::format("{:<{}}", r[c], w[c]) : fmt::format("  {:>{}}", r[c], w[c]);
    o += line + "\n";
  }
  bool any = false;  // every plan's warnings, as `plan` prints them: risks to look at, per technique
  for (const auto& p : plans)
    for (const auto& m : p.warnings) {
      if (!any) o += "\nwarnings\n";
      any = true;
      o += fmt::format("  {}: {}\n", technique_name(p.params.technique), text(m));
    }
  o += std::string("\n") + disclaimer + "\n";
  return o;
}

std::string compare_csv(const std::vector<Plan>& plans) {
  std::string o;
  for (size_t c = 0; c < columns.size(); ++c) o += (c ? "," : "") + columns[c];
  o += "\n";
  for (const auto& p : plans) {
    const auto r = cells(p);
    for (size_t c = 0; c < r.size(); ++c) o += (c ? "," : "") + csv_field(r[c]);
    o += "\n";
  }
  return o;
}

std::string techniques_table() {
  std::string o;
  auto num = [](double v) { return fmt::format("{}", v); };
  auto rng = [&](const Range& r, const char* unit) {
    return r.lo == r.hi ? fmt::format("{} {}", num(r.lo), unit) : fmt::format("{}-{} {}", num(r.lo), num(r.hi), unit);
  };
  for (const TechniquePreset& t : technique_presets()) {
    o += fmt::format("{}\n", t.name);
    auto line = [&](std::string_view key, const std::string& v) { o += fmt::format("  {:<18}{}\n", key, v); };
    line("layer", std::string(t.layer));
    line("depth", fmt::format("follows the skin: the bottom of the technique's layer in each region, at most {} mm "
                              "(sources: {}); --depth is used as given",
                              num(t.depth_mm), rng(t.depth_range_mm, "mm")));
    line("spacing", fmt::format("{} mm (range {})", num(t.spacing_mm), rng(t.spacing_range_mm, "mm")));
    line("volume per site", fmt::format("{} mL (range {})", num(t.volume_ml), rng(t.volume_range_ml, "mL")));
    line("volume sources", std::string(t.volume_sources));
    line("angle to skin", fmt::format("{} deg (range {})", num(t.angle_deg), rng(t.angle_range_deg, "deg")));
    line("lattice", std::string(lattice_name(t.lattice)));
    line("needle", fmt::format("{} (length {} mm: no insertion may be longer; --needle names yours)", t.needle,
                               num(t.needle_length_mm)));
    line("bevel", std::string(t.bevel));
    line("time per site", fmt::format("{} s (manual estimate; --injector-rate overrides)", num(t.seconds_per_site)));
    line("sources", std::string(t.sources));
    o += '\n';
  }
  o += fmt::format("Session budget: {} mL (--session-max)\n\n", num(PlanParams{}.session_max_ml));
  for (const SafetyList& l : safety_lists()) {
    o += fmt::format("{}\n", l.title);
    for (const SafetyItem& i : l.items)
      o += fmt::format("  - {} [{}{}{}]\n", i.text, i.source, i.strength.empty() ? "" : "; ", i.strength);
    o += '\n';
  }
  o += fmt::format("{}\n", disclaimer);
  return o;
}

std::string landmark_group_text(const LandmarkFitReport& r) {
  std::string s;
  for (const auto& g : r.groups)
    s += fmt::format("{}{} {}/{}", s.empty() ? "" : ", ", g.name, fixed(g.rms_similarity_mm, 2),
                     fixed(g.rms_warp_mm, 2));
  return s;
}

/// "; guided by FILE's 5 points: ..." when a face detector's 5 points guided the search; else "".
static std::string guide_text(const DetectedLandmarks& d) {
  if (d.guide.empty()) return {};
  const int w = d.guide_match.worst();
  const double farthest = w < 0 ? 0.0 : d.guide_match.distance[static_cast<size_t>(w)];
  return fmt::format("; guided by the 5 points of {}{}: the points found within {} mm of them (at most {}){}", d.guide,
                     d.guide_view ? " (their view)" : "", fixed(farthest, 1), fixed(d.guide_limit_mm, 1),
                     d.guide_match.swapped ? ", sides the other way" : "");
}

std::vector<std::pair<std::string, std::string>> landmark_fit_lines(const PlanContext& ctx) {
  std::vector<std::pair<std::string, std::string>> l;
  if (!ctx.fit) return l;
  const LandmarkFitReport& r = *ctx.fit;
  l.emplace_back("landmarks",
                 fmt::format("{}: {} {} points in {}; scale {}, face width {} mm; {} of {} cm² of the "
                             "scan covered",
                             ctx.landmarks, r.count, landmark_set_name(r.set), ctx.landmark_units, fixed(r.scale, 3),
                             fixed(r.face_width_mm, 1), fixed(r.covered_area_cm2, 1), fixed(r.scan_area_cm2, 1)));
  if (const DetectedLandmarks* d = ctx.detected)
    l.emplace_back("found by",
                   fmt::format("dlib on the scan{}: confidence {}, {} of 68 iBUG points used; view straight at the "
                               "face: front ({}, {}, {}), up ({}, {}, {})",
                               d->implied ? " (it has no regions)" : "", fixed(d->score, 2), d->placed.size(),
                               fixed(d->view_front.x(), 2), fixed(d->view_front.y(), 2), fixed(d->view_front.z(), 2),
                               fixed(d->view_up.x(), 2), fixed(d->view_up.y(), 2), fixed(d->view_up.z(), 2)) +
                       guide_text(*d));
  const std::string g = landmark_group_text(r);
  l.emplace_back("landmark fit", fmt::format("RMS mm after similarity/warp: {} (limits {} mm a landmark or group)", g,
                                             fixed(r.limit_point_mm, 1)));
  return l;
}

std::string regions_table(const std::vector<RegionInfo>& regions, const std::string& mesh, const PlanContext* ctx) {
  size_t w = 6;
  for (const auto& r : regions) w = std::max(w, r.name.size());
  std::string o = fmt::format("regions of {}\n", mesh);
  if (ctx)
    for (const auto& [k, v] : landmark_fit_lines(*ctx)) o += fmt::format("{}: {}\n", k, v);
  o += fmt::format("{:<{}}  {:>9}  {:>9}  {}\n", "region", w, "triangles", "area cm²", "description");
  for (const auto& r : regions)
    o += fmt::format("{:<{}}  {:>9}  {:>9}  {}\n", r.name, w, r.triangles, fixed(r.area_cm2, area), r.description);
  return o;
}

}  // namespace mesogrid::cli

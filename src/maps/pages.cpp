// src/maps/pages.cpp: the page layouts of the maps (maps.hpp): a plan on A4 portrait (map, legend, summary box),
// techniques compared on A4 landscape, the site table pages of a PDF, and the regions of a face. The drawing
// primitives are in draw.hpp.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <limits>
#include <map>
#include <mesogrid/core/error.hpp>
#include <mesogrid/core/parallel.hpp>
#include <mesogrid/core/text.hpp>
#include <mesogrid/face/region.hpp>
#include <mesogrid/plan/technique.hpp>
#include <set>
#include <string>
#include <vector>

#include "../errors.hpp"
#include "../output/numbers.hpp"
#include "../suggest.hpp"
#include "blocks.hpp"
#include "draw.hpp"
#include "maps.hpp"
#include "pdf.hpp"

namespace mesogrid::cli {

using namespace draw;

namespace {

std::string region_text(const Plan& plan) {
  return plan.params.region +
         (plan.region_label.empty() || plan.region_label == plan.params.region ? "" : " (" + plan.region_label + ")");
}

std::string view_text(const MapView& v) {
  if (v.name == "left") return "left side view (subject's left)";
  if (v.name == "right") return "right side view (subject's right)";
  return "front view";
}

/// "N site(s)".
std::string sites_text(size_t n) { return fmt::format("{} site{}", n, n == 1 ? "" : "s"); }

/// The summary box's lines. Every count says what it counts: the plan's sites, or those this view shows (`shown`).
std::vector<std::pair<std::string, std::string>> summary_lines(const Plan& plan, size_t shown) {
  const auto& s = plan.summary;
  const auto& r = plan.params;
  std::vector<std::pair<std::string, std::string>> l;
  l.emplace_back("Technique", std::string(technique_name(r.technique)));
  l.emplace_back("Region", fmt::format("{} ({} cm²)", r.region, fixed(s.region_area_cm2, decimals::area)));
  l.emplace_back("Sites", fmt::format("{} in the plan, {} shown in this view", s.sites, shown));
  l.emplace_back("Spacing", fmt::format("{} mm (nearest neighbour {}-{} mm)", fixed(r.spacing_mm, 1),
                                        fixed(s.spacing_min_mm, 1), fixed(s.spacing_max_mm, 1)));
  l.emplace_back("Depth", r.depth_given ? fmt::format("{} mm, needle at {}°", fixed(r.depth_mm, decimals::depth),
                                                      fixed(r.angle_deg, decimals::angle))
                                        : fmt::format("{} mm (follows the skin), needle at {}°",
                                                      fixed_range(s.depth_min_mm, s.depth_max_mm, decimals::depth),
                                                      fixed(r.angle_deg, decimals::angle)));
  l.emplace_back("Volume per site", fmt::format("{} mL", fixed(s.volume_per_site_ml, decimals::volume)));
  l.emplace_back("Total volume", fmt::format("{} mL", fixed(s.total_volume_ml, 3)));
  l.emplace_back("Session estimate",
                 fmt::format("{} min ({})", fixed(s.session_minutes, decimals::minutes),
                             s.injector ? "injector" : fmt::format("{} s per site", fixed(s.seconds_per_site, 1))));
  if (const PlanCoverage& c = s.coverage; c.measured) {
    // judged as the contract is: the lattice before zones, on the skin meant to be covered (report_text.cpp)
    const bool apart = c.judged_apart();
    const double off = c.judged_count_percent();
    l.emplace_back("Coverage", fmt::format("{}{}{}% vs area/cell, {}% uncovered, {}", apart ? "lattice " : "",
                                           off >= 0 ? "+" : "", fixed(off, 1), fixed(c.judged_uncovered_percent, 1),
                                           c.meets_contract() ? "meets contract" : "misses contract"));
    if (apart)
      l.emplace_back("Left empty", fmt::format("{} cm² on purpose (zones, margin, small pieces)",
                                               fixed(c.empty_by_design_mm2 / 100, 1)));
  }
  if (s.sites_removed > 0 || s.sites_capped > 0)
    l.emplace_back("Zones (whole plan)", fmt::format("{} removed, {} depth-capped",
                                                     sites_text(static_cast<size_t>(s.sites_removed)), s.sites_capped));
  if (!plan.warnings.empty())
    l.emplace_back("Warnings", fmt::format("{} (listed below the map)", plan.warnings.size()));
  return l;
}

}  // namespace

MapView make_map_view(const FaceFrame& frame, const std::string& typed) {
  static const std::vector<std::string> views = {"front", "left", "right"};
  const std::string name = match_name(typed, views);
  MapView v;
  v.name = name;
  const Eigen::Vector3d lat = frame.lateral();
  v.up = frame.up;
  if (name == "front") {
    v.right = lat;  // the subject's left is on the reader's right, as when facing the patient
    v.toward = frame.front;
  } else if (name == "left") {
    v.right = -frame.front;
    v.toward = lat;
    v.side = 1;
  } else if (name == "right") {
    v.right = frame.front;
    v.toward = -lat;
    v.side = -1;
  } else {
    throw usage_error("--view " + text::quoted(typed) + " is not known" + did_you_mean(typed, views) +
                      ": use front, left or right");
  }
  return v;
}

namespace {
constexpr double map_x = 10, map_y = 20, map_w = 190;
// the face at full size; the least a busy page leaves it before its warnings are printed smaller; the least ever
constexpr double map_h_max = 190, map_h_min = 112, map_h_floor = 60;

/// The parts of a plan's page below the map, built before it is drawn: their heights decide the map's.
struct PlanPage {
  Block legend, summary, warnings, checklist;
  double map_h = map_h_max;
  double band_y = 0, warnings_y = 0, checklist_y = 0;
};

/// The warnings as printed text (one entry each).
std::vector<std::string> warning_texts(const Plan& plan) {
  std::vector<std::string> w;
  for (const auto& m : plan.warnings) w.push_back(text(m));
  return w;
}

/// The legend of a plan map: depth colours, needle marks, region outline, zones; room for the scale bar below.
Block plan_legend(const Plan& plan, const std::vector<const Site*>& sites, const MapView& view,
                  const DrawnZones& kinds) {
  Block b;
  std::string& o = b.svg;
  const DepthScale scale = depth_scale(plan);
  double x = 0, y = 3;
  o +=
      fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"3\" font-weight=\"bold\">Sites by depth below the skin</text>\n",
                  f2(x), f2(y));
  y += 4.5;
  std::vector<std::pair<double, double>> rows;  // (shown value, representative depth)
  if (!scale.binned) {
    for (double dd : scale.depths) rows.emplace_back(dd, dd);
  } else {
    const double n = static_cast<double>(depth_palette.size());
    for (size_t i = 0; i < depth_palette.size(); ++i) {
      const double lo = scale.lo + (scale.hi - scale.lo) * static_cast<double>(i) / n;
      rows.emplace_back(lo, lo + 1e-9);
    }
  }
  for (size_t i = 0; i < rows.size(); ++i) {  // each colour's sites: those shown of those in the plan
    const char* colour = scale.colour(rows[i].second);
    size_t all = 0, seen = 0;
    for (const auto& s : plan.sites) all += scale.colour(s.depth_mm) == colour;
    for (const Site* s : sites) seen += scale.colour(s->depth_mm) == colour;
    if (all == 0) continue;  // a bin of the binned scale that no depth falls in
    const std::string label = fmt::format("{}{} mm ({} of {} shown)", scale.binned ? "from " : "",
                                          fixed(rows[i].first, 2), seen, sites_text(all));
    o += fmt::format(
        "<circle cx=\"{}\" cy=\"{}\" r=\"1.4\" fill=\"{}\" stroke=\"#111111\" stroke-width=\"0.22\"/>"
        "<text x=\"{}\" y=\"{}\" font-size=\"2.8\">{}</text>\n",
        f2(x + 2), f2(y - 1), scale.colour(rows[i].second), f2(x + 5), f2(y), label);
    y += 3.8;
  }
  bool away = false;
  for (const Site* st : sites) away = away || st->normal.dot(view.toward) < 0;
  if (away) {
    o += fmt::format(
        "<circle cx=\"{}\" cy=\"{}\" r=\"1.1\" fill=\"none\" stroke=\"#414487\" stroke-width=\"0.55\" "
        "stroke-dasharray=\"0.7 0.4\"/><text x=\"{}\" y=\"{}\" font-size=\"2.8\">site on skin seen from "
        "behind (turned away)</text>\n",
        f2(x + 2), f2(y - 1), f2(x + 5), f2(y));
    y += 3.8;
  }
  legend_needles(o, plan, x, y);
  o += fmt::format(
      "<path d=\"M{} {}h6\" stroke=\"#1f3f8f\" stroke-width=\"0.6\"/><text x=\"{}\" y=\"{}\" "
      "font-size=\"2.8\">planned region outline</text>\n",
      f2(x - 1), f2(y - 1), f2(x + 7), f2(y));
  y += 6;
  legend_zones(o, kinds, x, y, 88);
  b.h = y + 9;  // the scale bar below
  return b;
}

/// The summary box (technique, numbers, record), `w` wide: each value wrapped to the box, continued under itself.
Block plan_summary(const Plan& plan, size_t shown, const MapOptions& opt, double w) {
  Block b;
  auto lines = summary_lines(plan, shown);                                             // plain text, escaped as drawn
  if (!opt.record.patient.empty()) lines.emplace_back("Patient", opt.record.patient);  // the rest: site sheet
  if (!opt.record.date.empty()) lines.emplace_back("Date", opt.record.date);
  const double step = 4.3, font = 2.8, pad = 3;
  std::string rows;
  double ly = 5.5;
  for (const auto& [k, v] : lines) {
    const double key_w = text_advance(k + ": ", font, true);
    const std::vector<std::string> parts = wrap_text(v, std::max(w - 2 * pad - key_w, 0.3 * w), font,
                                                     [](std::string_view t, double f) { return text_advance(t, f); });
    for (size_t i = 0; i < std::max<size_t>(parts.size(), 1); ++i) {
      const std::string part = i < parts.size() ? esc(parts[i]) : std::string();
      if (i == 0)
        rows +=
            fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"{}\"><tspan font-weight=\"bold\">{}:</tspan> {}</text>\n",
                        pad, f2(ly), font, esc(k), part);
      else
        rows +=
            fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"{}\">{}</text>\n", f2(pad + key_w), f2(ly), font, part);
      ly += step;
    }
  }
  b.h = ly - 0.5;
  b.svg += fmt::format(
      "<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" rx=\"1.5\" fill=\"#f6f6f6\" stroke=\"#888888\" "
      "stroke-width=\"0.3\"/>\n",
      f2(w), f2(b.h));
  b.svg += rows;
  return b;
}

/// The page of `plan`: blocks below the map and the map's height that leaves them room (or `drawn_h`, the height of
/// a map already drawn, when given). With more warnings than fit above the least map height, they are printed
/// smaller; the PDF's checklist page repeats them all.
PlanPage plan_page(const Plan& plan, const std::vector<const Site*>& sites, const DrawnZones& kinds,
                   const MapView& view, const MapOptions& opt, double drawn_h = 0) {
  PlanPage pg;
  pg.legend = plan_legend(plan, sites, view, kinds);
  pg.summary = plan_summary(plan, sites.size(), opt, 98);
  pg.checklist = checklist_block(190);
  const std::vector<std::string> warnings = warning_texts(plan);
  const double fixed_h = map_y + 8 + 3 + 7;  // title, orientation and scale row, gaps, disclaimer
  const double band = std::max(pg.legend.h, pg.summary.h);
  for (double font : {2.5, 2.2, 2.0}) {  // 2 mm of paper: 5.7 pt, the smallest text of the page
    pg.warnings = warnings_block(warnings, 190, font);
    const double rest = fixed_h + band + (pg.warnings.h > 0 ? pg.warnings.h + 3 : 0) + pg.checklist.h + 3;
    pg.map_h = std::clamp(297 - rest, map_h_floor, map_h_max);  // the page holds everything: the map gives way
    if (297 - rest >= map_h_min) break;
  }
  if (drawn_h > 0) pg.map_h = drawn_h;
  pg.band_y = map_y + pg.map_h + 8;
  pg.warnings_y = pg.band_y + band + 3;
  pg.checklist_y = pg.warnings_y + (pg.warnings.h > 0 ? pg.warnings.h + 3 : 0);
  return pg;
}

Fit plan_fit(const FaceDrawing& d, const MapView& view, double map_h) {
  return fit_box(d, view, map_x, map_y, map_w, map_h);
}

/// A plan's map laid out: the face picture at the scale that leaves the page's blocks their room, the sites seen
/// in it, their numbers (--labels) and its zones drawn. The blocks' heights depend on what the picture shows (the
/// zone kinds and names left off the face, sites seen from behind), the picture's scale on the blocks: a quick
/// picture at the full map height sizes the blocks, the page is then drawn at its scale (and sized again, at most
/// twice, should the legend differ there). The page's blocks are always those of the picture drawn last.
struct PlanMap {
  MapView view;
  FaceDrawing face;
  PlanPage page;
  Fit fit;
  FacePicture pic;
  std::vector<const Site*> sites;
  std::string zones_svg;
  DrawnZones kinds;
  std::string labels_svg;  ///< the site numbers (--labels)
  size_t labelled = 0;     ///< how many sites they number
};

/// Where the plan map's site numbers may go: the map, and a little above and below it.
Box plan_label_area(double map_h) { return {map_x, map_y - 3, map_x + map_w, map_y + map_h + 1}; }

void lay_out(PlanMap& m, const Mesh& mesh, const Plan& plan, const std::vector<Zone>& zones, const MapOptions& opt) {
  m.view = make_map_view(plan.params.frame, opt.view);
  m.face = make_face(mesh, m.view, opt.texture);
  // the zones' footprints at print resolution: tested pixel by pixel on the first such picture, moved onto the
  // next ones (the same face at another scale)
  std::vector<ZoneFootprint> print_fps;
  Fit print_fit;
  bool have_print = false;
  double drawn_h = 0;
  const auto draw_at = [&](double map_h, double dpi) {
    drawn_h = map_h;
    m.fit = plan_fit(m.face, m.view, map_h);
    m.pic = render_face(m.face, m.fit, dpi);
    m.sites = shown_sites(plan, m.pic);
    const double r = dot_radius(plan, m.fit);
    NameRules rules;
    rules.area = {map_x, map_y, map_x + map_w, map_y + map_h};
    for (const Site* s : m.sites) rules.dots.push_back(m.fit(s->position));
    rules.dot_r = r;
    m.labels_svg.clear();
    m.labelled = 0;
    if (opt.labels)  // the numbers first (asked for), the zone names where they leave room, as on the close-ups
      m.labelled = draw_labels(m.labels_svg, m.sites, m.fit, r, label_font(r), angled(plan), plan_label_area(map_h), {},
                               &rules.obstacles);
    std::vector<ZoneFootprint> fps;
    if (dpi != picture_dpi) {
      fps = zone_footprints(zones, plan.params.frame, m.pic);
    } else if (!have_print) {
      print_fps = zone_footprints(zones, plan.params.frame, m.pic);
      print_fit = m.fit;
      have_print = true;
      fps = print_fps;
    } else {
      fps = refit(print_fps, print_fit, m.fit);
    }
    m.zones_svg.clear();
    m.kinds = draw_zones(m.zones_svg, fps, m.pic, {&plan}, rules);
  };
  draw_at(map_h_max, 75);
  m.page = plan_page(plan, m.sites, m.kinds, m.view, opt);
  for (int pass = 0; pass < 3; ++pass) {
    draw_at(m.page.map_h, picture_dpi);
    m.page = plan_page(plan, m.sites, m.kinds, m.view, opt);
    if (m.page.map_h == drawn_h) return;  // the blocks sized on this very picture
  }
  // not settled in three pictures (the legend a row longer at one scale than at the other): the last one stays,
  // its blocks sized on it, at most a legend row off the page's room
  m.page = plan_page(plan, m.sites, m.kinds, m.view, opt, drawn_h);
}
}  // namespace

std::vector<Eigen::Vector2d> plan_svg_site_positions(const Mesh& mesh, const Plan& plan, const MapOptions& opt,
                                                     const std::vector<Zone>& zones) {
  PlanMap m;
  lay_out(m, mesh, plan, zones, opt);
  std::vector<Eigen::Vector2d> out;
  for (const Site* s : m.sites) out.push_back(m.fit(s->position));
  return out;
}

namespace {
/// The map page of a plan laid out.
std::string plan_page_svg(const PlanMap& m, const Plan& plan, const MapOptions& opt) {
  const MapView& view = m.view;
  const PlanPage& pg = m.page;
  const double map_h = pg.map_h;
  const Fit& fit = m.fit;
  const std::string tech(technique_name(plan.params.technique));
  const std::vector<const Site*>& sites = m.sites;

  std::string o = svg_open(page_w, page_h, "mesogrid injection map: " + tech + " on " + plan.params.region);
  o += fmt::format("<text x=\"10\" y=\"11\" font-size=\"5.2\" font-weight=\"bold\">{}: {}</text>\n",
                   esc(region_text(plan)), esc(tech));
  o += fmt::format(
      "<text x=\"10\" y=\"16.5\" font-size=\"3\" fill=\"#444444\">{}, {} of {} sites shown; mesh: {}</text>\n",
      view_text(view), sites.size(), plan.sites.size(), esc(opt.mesh_name));
  draw_face(o, plan, m.pic);
  o += m.zones_svg;
  const DepthScale scale = depth_scale(plan);
  const double r = dot_radius(plan, fit);
  draw_sites(
      o, sites, fit, r, [&](const Site& s) { return scale.colour(s.depth_mm); }, false);
  const bool needles = angled(plan);
  if (needles) draw_needles(o, sites, fit, r, 0.9);
  if (opt.labels) {
    o += m.labels_svg;
    const size_t n = m.labelled;
    o += fmt::format(
        "<text id=\"labels-rule\" x=\"{}\" y=\"{}\" font-size=\"2.3\" fill=\"#444444\" text-anchor=\"middle\">{} of "
        "the {} "
        "sites shown numbered{}</text>\n",
        f2(map_x + map_w / 2), f2(map_y + map_h + 3), n, sites.size(),
        n < sites.size() ? " (row ends, every 10th first; no overlap); the PDF's close-ups number all" : "");
  }
  if (view.side == 0) {  // orientation marks: the subject's right and left
    o += fmt::format(
        "<g font-size=\"3\" fill=\"#444444\"><text x=\"{}\" y=\"{}\">subject's right</text>"
        "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">subject's left</text></g>\n",
        f2(map_x), f2(map_y + map_h + 3), f2(map_x + map_w), f2(map_y + map_h + 3));
  }
  o += pg.legend.at(10, pg.band_y, "legend");
  draw_scale_bar(o, fit, 10, pg.band_y + pg.legend.h - 5, 40);
  o += pg.summary.at(102, pg.band_y - 2.5, "summary");
  o += pg.warnings.at(10, pg.warnings_y, "warnings");
  o += pg.checklist.at(10, pg.checklist_y, "checklist");
  o += fmt::format("<text x=\"105\" y=\"293\" font-size=\"2.3\" fill=\"#555555\" text-anchor=\"middle\">{}</text>\n",
                   esc(disclaimer));
  o += "</svg>\n";
  return o;
}
}  // namespace

std::string plan_svg(const Mesh& mesh, const Plan& plan, const std::vector<Zone>& zones, const MapOptions& opt) {
  PlanMap m;
  lay_out(m, mesh, plan, zones, opt);
  return plan_page_svg(m, plan, opt);
}

std::string compare_svg(const Mesh& mesh, const std::vector<Plan>& plans, const std::vector<Zone>& zones,
                        const MapOptions& opt) {
  const double w = 297, h = 210;
  if (plans.empty()) throw usage_error("compare: no technique to compare");
  const MapView view = make_map_view(plans.front().params.frame, opt.view);
  const FaceDrawing d = make_face(mesh, view, opt.texture);
  std::string o = svg_open(w, h, "mesogrid technique comparison on " + plans.front().params.region);
  o += fmt::format("<text x=\"10\" y=\"11\" font-size=\"5.2\" font-weight=\"bold\">{}: {} techniques compared</text>\n",
                   esc(region_text(plans.front())), plans.size());
  o += fmt::format("<text x=\"10\" y=\"16.5\" font-size=\"3\" fill=\"#444444\">{}; mesh: {}</text>\n", view_text(view),
                   esc(opt.mesh_name));
  const double pw = (w - 20) / static_cast<double>(plans.size());
  // every plan's warnings (risks to look at, as `plan` lists them), each text once with the techniques it concerns,
  // under the table: the maps give up the height they take (up to 8 lines; the rest counted and pointed to)
  std::vector<std::pair<std::string, std::string>> warned;  // text, techniques
  for (const Plan& p : plans)
    for (const std::string& t : warning_texts(p)) {
      auto it = std::find_if(warned.begin(), warned.end(), [&](const auto& e) { return e.first == t; });
      if (it == warned.end())
        warned.emplace_back(t, technique_name(p.params.technique));
      else
        it->second += std::string(", ") + std::string(technique_name(p.params.technique));
    }
  const double warn_font = 2.3, warn_lh = warn_font * 1.25;
  std::vector<std::string> warn_lines;
  for (size_t i = 0; i < warned.size(); ++i) {
    const auto lines = wrap_text(warned[i].second + ": " + warned[i].first, 277, warn_font);
    if (warn_lines.size() + lines.size() > 8) {
      warn_lines.push_back(fmt::format("and {} more: see 'mesogrid compare --format table'", warned.size() - i));
      break;
    }
    warn_lines.insert(warn_lines.end(), lines.begin(), lines.end());
  }
  const double shift = warned.empty() ? 0 : warn_lh * static_cast<double>(warn_lines.size() + 1) + 3;
  // the panels show the face at one scale: rendered once and moved along the page, its zones' footprints found
  // once and moved with it
  const Fit first = fit_box(d, view, 12, 26, pw - 4, 118 - shift);
  FacePicture pic = render_face(d, first);
  const FaceFrame& frame = plans.front().params.frame;
  const std::vector<ZoneFootprint> fps = zone_footprints(zones, frame, pic);
  Fit fit;
  DrawnZones kinds;
  for (size_t i = 0; i < plans.size(); ++i) {
    const Plan& p = plans[i];
    const double px = 10 + pw * static_cast<double>(i);
    fit = fit_box(d, view, px + 2, 26, pw - 4, 118 - shift);
    pic.x = fit.ox;
    pic.y = fit.oy;
    const char* col = technique_palette[i % technique_palette.size()];
    o += fmt::format("<g id=\"panel-{}\">\n", i + 1);
    o += fmt::format(
        "<circle cx=\"{}\" cy=\"{}\" r=\"1.6\" fill=\"{}\" stroke=\"#111111\" stroke-width=\"0.22\"/>"
        "<text x=\"{}\" y=\"{}\" font-size=\"4\" font-weight=\"bold\">{}</text>\n",
        f2(px + 3.5), f2(22.6), col, f2(px + 6.5), f2(24), technique_name(p.params.technique));
    draw_face(o, p, pic);
    const std::vector<const Site*> sites = shown_sites(p, pic);
    const double r = dot_radius(p, fit);
    NameRules rules;
    rules.area = {px + 1, 25, px + pw - 1, 146 - shift};
    for (const Site* s : sites) rules.dots.push_back(fit(s->position));
    rules.dot_r = r;
    rules.faint = false;
    const FaceFrame& f = p.params.frame;
    const bool same_frame = f.up == frame.up && f.front == frame.front && f.midline_mm == frame.midline_mm;
    const DrawnZones panel =
        draw_zones(o, same_frame ? refit(fps, first, fit) : zone_footprints(zones, f, pic), pic, {&p}, rules);
    for (const auto& k : panel.kinds)  // the legend: every panel's zones
      if (std::find(kinds.kinds.begin(), kinds.kinds.end(), k) == kinds.kinds.end()) kinds.kinds.push_back(k);
    kinds.forbid = kinds.forbid || panel.forbid;
    kinds.cap = kinds.cap || panel.cap;
    for (const auto& n : panel.unnamed)
      if (std::find(kinds.unnamed.begin(), kinds.unnamed.end(), n) == kinds.unnamed.end()) kinds.unnamed.push_back(n);
    draw_sites(
        o, sites, fit, r, [&](const Site&) { return col; }, false);
    if (angled(p)) draw_needles(o, sites, fit, r, 0.7);
    o += fmt::format(
        "<text x=\"{}\" y=\"{}\" font-size=\"2.6\" fill=\"#444444\" text-anchor=\"middle\">{} of {} "
        "shown</text>\n",
        f2(px + pw / 2), f2(148 - shift), sites.size(), sites_text(p.sites.size()));
    if (opt.labels)
      (void)draw_labels(o, sites, fit, r, label_font(r), angled(p), {px, 26, px + pw, 146 - shift}, panel.obstacles());
    o += "</g>\n";
  }
  // Table of the plans side by side.
  const std::vector<std::string> head{"technique", "plan sites",  "spacing mm", "depth mm",
                                      "angle °",   "mL per site", "total mL",   "minutes"};
  const std::array<double, 8> cx{10, 58, 82, 110, 136, 160, 192, 222};
  double y = 155 - shift;
  o += "<g id=\"table\" font-size=\"3\">\n";
  for (size_t c = 0; c < head.size(); ++c)
    o += fmt::format("<text x=\"{}\" y=\"{}\" font-weight=\"bold\">{}</text>", f2(cx[c]), f2(y), head[c]);
  o += fmt::format("\n<path d=\"M10 {}H270\" stroke=\"#888888\" stroke-width=\"0.25\"/>\n", f2(y + 1.5));
  for (size_t i = 0; i < plans.size(); ++i) {
    const Plan& p = plans[i];
    y += 5;
    const std::vector<std::string> cells{std::string(technique_name(p.params.technique)),
                                         std::to_string(p.summary.sites),
                                         fixed(p.params.spacing_mm, 1),
                                         fixed_range(p.summary.depth_min_mm, p.summary.depth_max_mm, decimals::depth),
                                         fixed(p.params.angle_deg, decimals::angle),
                                         fixed(p.summary.volume_per_site_ml, decimals::volume),
                                         fixed(p.summary.total_volume_ml, 3),
                                         fixed(p.summary.session_minutes, decimals::minutes)};
    o += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"1.2\" fill=\"{}\"/>", f2(cx[0] - 3), f2(y - 1),
                     technique_palette[i % technique_palette.size()]);
    for (size_t c = 0; c < cells.size(); ++c)
      o += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>", f2(cx[c]), f2(y), cells[c]);
    o += "\n";
  }
  o += "</g>\n";
  if (!warned.empty()) {
    double wy = y + 5.5;
    o += fmt::format("<g id=\"warnings\" font-size=\"{}\" fill=\"#b00000\">\n", f2(warn_font));
    o += fmt::format(
        "<text x=\"10\" y=\"{}\" font-weight=\"bold\">Warnings ({}): risks to look at before "
        "injecting</text>\n",
        f2(wy), warned.size());
    for (const auto& l : warn_lines)
      wy += warn_lh, o += fmt::format("<text x=\"10\" y=\"{}\">{}</text>\n", f2(wy), esc(l));
    o += "</g>\n";
  }
  double ly = 182;
  o += "<g id=\"legend\">\n";
  bool ticks = false;
  for (const Plan& p : plans) ticks = ticks || angled(p);
  if (ticks)
    o += "<text x=\"150\" y=\"184\" font-size=\"2.8\">Ticks: the needle's path under the skin seen in this view "
         "(angled techniques), to scale</text>\n";
  legend_zones(o, kinds, 10, ly, 130);
  o += "</g>\n";
  draw_scale_bar(o, fit, 200, 190, 40);
  o += fmt::format("<text x=\"148.5\" y=\"206\" font-size=\"2.3\" fill=\"#555555\" text-anchor=\"middle\">{}</text>\n",
                   esc(disclaimer));
  o += "</svg>\n";
  return o;
}

std::vector<std::string> site_table_svgs(const Plan& plan, const Record& record) {
  const size_t per_page = 48;
  const size_t pages = std::max<size_t>(1, (plan.sites.size() + per_page - 1) / per_page);
  // numbers right-aligned at their x; the region, the needle's way and the note left-aligned (negative x)
  const std::vector<std::string> head{"site", "region", "depth mm", "angle °", "advancing", "volume mL", "note"};
  const std::array<double, 7> cx{22, -28, 90, 108, -114, 156, -162};
  const double tick_x = 186;  // the "done" box of each site, ticked at the chair
  std::vector<std::string> out;
  for (size_t pg = 0; pg < pages; ++pg) {
    std::string o = svg_open(page_w, page_h, "mesogrid site table");
    o += fmt::format(
        "<text x=\"10\" y=\"12\" font-size=\"4.5\" font-weight=\"bold\">Sites: {} on {} (page {} of {})</text>\n",
        technique_name(plan.params.technique), esc(plan.params.region), pg + 1, pages);
    // The record on every sheet: what was given, a line to write on where nothing was.
    o += "<g font-size=\"2.8\">\n";
    const auto fields = record.fields();
    for (size_t i = 0; i < fields.size(); ++i) {
      const double fx = i == 6 ? 10 : 10 + 64.0 * static_cast<double>(i % 3),
                   fy = 18.5 + 5.0 * static_cast<double>(i / 3);
      const auto& [k, v] = fields[i];
      o += fmt::format("<text x=\"{}\" y=\"{}\"><tspan font-weight=\"bold\">{}:</tspan> {}</text>", f2(fx), f2(fy), k,
                       esc(v));
      if (v.empty()) {
        const double lx = fx + 2.0 + 1.7 * static_cast<double>(k.size()), end = i == 6 ? 196 : fx + 58;
        o += fmt::format("<path d=\"M{} {}H{}\" stroke=\"#999999\" stroke-width=\"0.2\"/>", f2(lx), f2(fy + 0.6),
                         f2(end));
      }
      o += "\n";
    }
    o += "</g>\n";
    double y = 38;
    o += "<g font-size=\"3\" text-anchor=\"end\">\n";
    for (size_t c = 0; c < head.size(); ++c)
      o += fmt::format("<text x=\"{}\" y=\"{}\" font-weight=\"bold\"{}>{}</text>", f2(std::abs(cx[c])), f2(y),
                       cx[c] < 0 ? " text-anchor=\"start\"" : "", head[c]);
    o += fmt::format("<text x=\"{}\" y=\"{}\" font-weight=\"bold\" text-anchor=\"start\">done</text>", f2(tick_x - 2),
                     f2(y));
    o += fmt::format("\n<path d=\"M8 {}H200\" stroke=\"#888888\" stroke-width=\"0.25\"/>\n", f2(y + 1.5));
    for (size_t i = pg * per_page; i < std::min(plan.sites.size(), (pg + 1) * per_page); ++i) {
      const Site& s = plan.sites[i];
      y += 5;
      const std::string region = s.label >= 0 && static_cast<size_t>(s.label) < plan.label_names.size()
                                     ? plan.label_names[static_cast<size_t>(s.label)]
                                     : "-";
      const std::vector<std::string> cells{std::to_string(s.id),
                                           esc(region),
                                           fixed(s.depth_mm, decimals::depth),
                                           fixed(s.angle_deg, decimals::angle),
                                           s.angle_deg >= 80 ? "-" : std::string(advance_name(plan.params.advance)),
                                           fixed(s.volume_ml, decimals::volume),
                                           s.capped ? "depth capped by a zone" : ""};
      for (size_t c = 0; c < cells.size(); ++c)
        o += fmt::format("<text x=\"{}\" y=\"{}\"{}>{}</text>", f2(std::abs(cx[c])), f2(y),
                         cx[c] < 0 ? " text-anchor=\"start\"" : "", cells[c]);
      o += fmt::format(
          "<rect x=\"{}\" y=\"{}\" width=\"3.2\" height=\"3.2\" fill=\"none\" stroke=\"#333333\" "
          "stroke-width=\"0.25\"/>",
          f2(tick_x + 1), f2(y - 2.8));
      o += "\n";
    }
    o += "</g>\n</svg>\n";
    out.push_back(std::move(o));
  }
  return out;
}

std::vector<std::string> checklist_svgs(const Plan& plan, const Record& record) {
  std::vector<Block> blocks;
  blocks.push_back(warnings_block(warning_texts(plan), 190, 2.8));
  if (plan.warnings.empty()) {
    Block none;
    none.svg = "<text x=\"0\" y=\"4\" font-size=\"3.2\" font-weight=\"bold\">Warnings: none for this plan</text>\n";
    none.h = 6;
    blocks.back() = none;
  }
  for (auto& b : checklist_full_blocks(190)) blocks.push_back(std::move(b));
  const std::string who = record.patient.empty() ? "" : " for " + record.patient;
  const std::string when = record.date.empty() ? "" : ", " + record.date;
  std::vector<std::string> out;
  std::string o;
  double y = 0;
  const double top = 24, bottom = 285;
  const auto open_page = [&] {
    o = svg_open(page_w, page_h, "mesogrid checklist");
    o += fmt::format(
        "<text x=\"10\" y=\"12\" font-size=\"4.5\" font-weight=\"bold\">Checklist and aftercare: {} on {}{}{}</text>\n",
        technique_name(plan.params.technique), esc(plan.params.region), esc(who), esc(when));
    o += "<text x=\"10\" y=\"17.5\" font-size=\"2.6\" fill=\"#444444\">From the clinical sources of 'mesogrid "
         "techniques' (contraindications, before and after the session, side effects), with where each comes "
         "from.</text>\n";
    y = top;
  };
  const auto close_page = [&] {
    o += fmt::format("<text x=\"105\" y=\"293\" font-size=\"2.3\" fill=\"#555555\" text-anchor=\"middle\">{}</text>\n",
                     esc(disclaimer));
    o += "</svg>\n";
    out.push_back(std::move(o));
  };
  open_page();
  for (const Block& b : blocks) {
    if (y + b.h > bottom && y > top) {
      close_page();
      open_page();
    }
    o += b.at(10, y);
    y += b.h + 2;
  }
  close_page();
  for (size_t i = 0; i < out.size(); ++i) {  // "page i of n" now that n is known
    const std::string mark = "</text>\n<text x=\"10\" y=\"17.5\"";
    const size_t at = out[i].find(mark);
    if (at != std::string::npos) out[i].insert(at, fmt::format(" (page {} of {})", i + 1, out.size()));
  }
  return out;
}

/// Print resolution of the close-ups' face picture (the numbers and dots on it are vector).
constexpr double closeup_dpi = 150;

namespace {
/// The close-ups of a plan's map laid out: the sites the map shows are those numbered here.
std::vector<std::string> close_up_svgs(const PlanMap& m, const Mesh& mesh, const Plan& plan,
                                       const std::vector<Zone>& zones, const MapOptions& opt) {
  const MapView& view = m.view;
  const std::vector<const Site*>& shown = m.sites;
  const DepthScale scale = depth_scale(plan);
  const bool needles = angled(plan);
  // the zoom: neighbours far enough apart on paper for a number of the largest id beside each dot
  const double r = 1.0, font = 2.2;
  long max_id = 1;
  for (const Site* s : shown) max_id = std::max(max_id, s->id);
  const double need = text_width(std::to_string(max_id), font) + 2 * r + 2.6;
  const double nn = plan.summary.spacing_min_mm > 0 ? plan.summary.spacing_min_mm : plan.params.spacing_mm;
  const double box_x = 10, box_y = 24, box_w = 190, box_h = 258;
  // sites by region, in label order (the unlabelled last)
  std::map<int, std::vector<const Site*>> groups;
  for (const Site* s : shown) groups[s->label < 0 ? std::numeric_limits<int>::max() : s->label].push_back(s);
  struct Tile {
    std::string region;
    Fit fit;
    FaceDrawing face;  // the region's view of the face
    std::vector<const Site*> sites;
    int index, count;
  };
  const Box label_area{4, box_y - 4, 206, box_y + box_h + 2.5};  // numbers may reach into the page's margins
  std::vector<Tile> tiles;
  for (const auto& [label, sites] : groups) {
    const std::string name = label >= 0 && static_cast<size_t>(label) < plan.label_names.size()
                                 ? plan.label_names[static_cast<size_t>(label)]
                                 : "(no region)";
    // The region seen square-on (along its sites' mean normal), so that its sites are not foreshortened; the
    // map's view when the region wraps around the head.
    MapView rv = view;
    Eigen::Vector3d mean = Eigen::Vector3d::Zero();
    for (const Site* s : sites) mean += s->normal;
    const Eigen::Vector3d up = plan.params.frame.up;
    if (mean.norm() > 0.5 * static_cast<double>(sites.size())) {
      const Eigen::Vector3d toward = mean.normalized(), u = up - up.dot(toward) * toward;
      if (u.norm() > 0.3) {
        rv.name = "region";
        rv.toward = toward;
        rv.up = u.normalized();
        rv.right = rv.up.cross(rv.toward);
        rv.side = 0;
      }
    }
    const FaceDrawing rd = make_face(mesh, rv, opt.texture);  // the face seen from the region's side
    double u0 = 1e300, u1 = -1e300, v0 = 1e300, v1 = -1e300;
    for (const Site* s : sites) {
      const double u = s->position.dot(rv.right), v = s->position.dot(rv.up);
      u0 = std::min(u0, u), u1 = std::max(u1, u), v0 = std::min(v0, v), v1 = std::max(v1, v);
    }
    const double pad = 2 * nn;  // face mm around the sites
    u0 -= pad, u1 += pad, v0 -= pad, v1 += pad;
    const double k_fit = std::min(box_w / (u1 - u0), box_h / (v1 - v0));  // the zoom that fits one window
    // The zooms tried until every number finds its place: first the one that fits the region in one window
    // (when it leaves the numbers at least half the room given below), so that a region one page holds is not cut
    // across two; then from the zoom that gives every number its room, closer each time, through the one-window
    // zoom before going past it.
    std::vector<double> zooms;
    const double k0 = std::max(need / nn, std::min(k_fit, 3.0));
    if (k_fit < k0 && k_fit >= 0.5 * need / nn) zooms.push_back(k_fit);
    for (double k = k0; zooms.size() < 6; k *= 1.3) {
      if (!zooms.empty() && zooms.back() < k_fit && k > k_fit) zooms.push_back(k_fit);
      zooms.push_back(k);
    }
    std::vector<Tile> mine;
    for (const double k : zooms) {
      mine.clear();
      const int nx = std::max(1, static_cast<int>(std::ceil((u1 - u0) * k / box_w - 1e-9)));
      const int ny = std::max(1, static_cast<int>(std::ceil((v1 - v0) * k / box_h - 1e-9)));
      const double tw = box_w / k, th = box_h / k;                                      // a tile's window in face mm
      const double cu = (u0 + u1) / 2 - nx * tw / 2, cv = (v0 + v1) / 2 + ny * th / 2;  // left, top of the tiles
      bool all = true;
      for (int ty = 0; ty < ny; ++ty)
        for (int tx = 0; tx < nx; ++tx) {
          Tile t;
          t.region = name;
          t.fit.view = rv;
          t.fit.s = k;
          t.fit.xmin = cu + tx * tw;
          t.fit.ymax = cv - ty * th;
          t.fit.ox = box_x;
          t.fit.oy = box_y;
          for (const Site* s : sites) {
            const double u = s->position.dot(rv.right), v = s->position.dot(rv.up);
            const int ix = std::clamp(static_cast<int>(std::floor((u - cu) / tw)), 0, nx - 1);
            const int iy = std::clamp(static_cast<int>(std::floor((cv - v) / th)), 0, ny - 1);
            if (ix == tx && iy == ty) t.sites.push_back(s);
          }
          if (t.sites.empty()) continue;
          std::string scratch;
          all = all && draw_labels(scratch, t.sites, t.fit, r, font, needles, label_area) == t.sites.size();
          mine.push_back(std::move(t));
        }
      if (all) break;
    }
    for (size_t i = 0; i < mine.size(); ++i) {
      mine[i].index = static_cast<int>(i) + 1;
      mine[i].count = static_cast<int>(mine.size());
      mine[i].face = rd;
      tiles.push_back(std::move(mine[i]));
    }
  }
  // Each close-up is drawn on its own (its picture, zones and numbers), so the pages are shared out over the cores;
  // each writes only its own string.
  std::vector<std::string> out(tiles.size());
  std::atomic<size_t> started{0};
  parallel_for(tiles.size(), [&](size_t p) {
    if (opt.progress) opt.progress(fmt::format("close-up {} of {}", started.fetch_add(1) + 1, tiles.size()));
    const Tile& t = tiles[p];
    std::string& o = out[p];
    o = svg_open(page_w, page_h, "mesogrid site numbers: " + t.region);
    o += fmt::format(
        "<text x=\"10\" y=\"11\" font-size=\"4.5\" font-weight=\"bold\">Site numbers: {}{} ({} sites shown "
        "here)</text>\n",
        esc(t.region), t.count > 1 ? fmt::format(", part {} of {}", t.index, t.count) : "", t.sites.size());
    o += fmt::format(
        "<text x=\"10\" y=\"16.5\" font-size=\"3\" fill=\"#444444\">{} of {}, {}; close-up {} of {}, {} mm on paper "
        "per mm of face; other regions' sites grey</text>\n",
        technique_name(plan.params.technique), esc(plan.params.region),
        t.fit.view.name == "region" ? "the region seen square-on" : view_text(view), p + 1, tiles.size(),
        fixed(t.fit.s, 2));
    o += fmt::format(
        "<defs><clipPath id=\"window\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/></clipPath></defs>\n",
        f2(box_x), f2(box_y), f2(box_w), f2(box_h));
    o += "<g clip-path=\"url(#window)\">\n";
    FaceDrawing part = t.face;  // the picture of the window only, at the close-up's scale
    part.xmin = t.fit.xmin;
    part.xmax = t.fit.xmin + box_w / t.fit.s;
    part.ymax = t.fit.ymax;
    part.ymin = t.fit.ymax - box_h / t.fit.s;
    const FacePicture pic = render_face(part, t.fit, closeup_dpi);
    draw_face(o, plan, pic);
    std::vector<const Site*> others;
    for (const Site* s : shown)
      if (std::find(t.sites.begin(), t.sites.end(), s) == t.sites.end()) others.push_back(s);
    // the numbers first (a close-up is for them), then the zone names where they leave room
    std::string labels;
    std::vector<Box> label_boxes;
    const size_t n = draw_labels(labels, t.sites, t.fit, r, font, needles, label_area, {}, &label_boxes);
    NameRules rules;
    rules.area = {box_x, box_y, box_x + box_w, box_y + box_h};
    rules.obstacles = label_boxes;
    for (const Site* s : t.sites) rules.dots.push_back(t.fit(s->position));
    for (const Site* s : others) rules.dots.push_back(t.fit(s->position));
    rules.dot_r = r;
    const DrawnZones drawn = draw_zones(o, zones, plan.params.frame, pic, {&plan}, rules);
    std::string grey;
    draw_sites(
        grey, others, t.fit, r * 0.7, [](const Site&) { return "#bbbbbb"; }, false);
    const std::string tag = "<g id=\"sites\"";
    if (grey.rfind(tag, 0) == 0) grey.replace(0, tag.size(), "<g id=\"other-sites\" opacity=\"0.8\"");
    for (size_t at = grey.find("class=\"site\""); at != std::string::npos; at = grey.find("class=\"site\"", at))
      grey.replace(at, 12, "class=\"other\"");
    o += grey;
    draw_sites(
        o, t.sites, t.fit, r, [&](const Site& s) { return scale.colour(s.depth_mm); }, false);
    if (needles) draw_needles(o, t.sites, t.fit, r, 0.9);
    o += "</g>\n";
    o += labels;
    o += fmt::format(
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#888888\" stroke-width=\"0.3\"/>\n",
        f2(box_x), f2(box_y), f2(box_w), f2(box_h));
    o += fmt::format(
        "<text x=\"10\" y=\"288\" font-size=\"2.6\">{} of {} sites of this close-up numbered; dots coloured by depth "
        "as on the map{}</text>\n",
        n, t.sites.size(), needles ? "; ticks: needle paths" : "");
    if (!drawn.unnamed.empty()) {
      std::string list = "Zones not named here (no room): ";
      for (size_t i = 0; i < drawn.unnamed.size(); ++i) list += (i ? ", " : "") + drawn.unnamed[i];
      const auto lines = wrap_text(list, 190, 2.3);
      o += fmt::format("<text class=\"unnamed\" x=\"10\" y=\"285.2\" font-size=\"2.3\" fill=\"#333333\">{}{}</text>\n",
                       esc(lines.front()), lines.size() > 1 ? " ..." : "");
    }
    draw_scale_bar(o, t.fit, 150, 290, 25);
    o += "</svg>\n";
  });
  return out;
}
}  // namespace

std::vector<std::string> label_page_svgs(const Mesh& mesh, const Plan& plan, const std::vector<Zone>& zones,
                                         const MapOptions& opt) {
  PlanMap m;
  lay_out(m, mesh, plan, zones, opt);
  return close_up_svgs(m, mesh, plan, zones, opt);
}

namespace {

/// Region colours (paired regions share one: cheek_left and cheek_right), Okabe-Ito then Tol's muted.
constexpr std::array<long, 12> region_palette{0xe69f00, 0x56b4e9, 0x009e73, 0xf0e442, 0x0072b2, 0xd55e00,
                                              0xcc79a7, 0x999933, 0x88ccee, 0xaa4499, 0x44aa99, 0x882255};

std::string region_stem(const std::string& n) {
  for (const char* side : {"_left", "_right"}) {
    const std::string s(side);
    if (n.size() > s.size() && n.compare(n.size() - s.size(), s.size(), s) == 0)
      return n.substr(0, n.size() - s.size());
  }
  return n;
}

std::string hex_colour(long c) { return fmt::format("#{:06x}", c); }

}  // namespace

std::string regions_svg(const Face& m, const std::vector<RegionInfo>& regions, const MapOptions& opt) {
  const Mesh& mesh = m.mesh;
  const FaceFrame& frame = m.frame;
  const MapView view = make_map_view(frame, opt.view);
  const FaceDrawing d = make_face(mesh, view, opt.texture);
  const Fit fit = fit_box(d, view, 10, 20, 190, 168);
  const FacePicture pic = render_face(d, fit);
  // one colour per region stem, in label order
  std::vector<long> colour(mesh.label_names.size(), 0xbbbbbb);
  std::vector<std::string> stems;
  for (size_t l = 0; l < mesh.label_names.size(); ++l) {
    const std::string st = region_stem(mesh.label_names[l]);
    auto it = std::find(stems.begin(), stems.end(), st);
    if (it == stems.end()) it = stems.insert(stems.end(), st);
    colour[l] = region_palette[static_cast<size_t>(it - stems.begin()) % region_palette.size()];
  }
  std::string o = svg_open(page_w, page_h, "mesogrid regions: " + m.name);
  o += fmt::format("<text x=\"10\" y=\"11\" font-size=\"5.2\" font-weight=\"bold\">Regions: {}</text>\n", esc(m.name));
  const std::string sub = m.transfer
                              ? fmt::format("{}; carried from the built-in face by the landmarks {} ({}, {} points)",
                                            view_text(view), m.transfer->fit.report.source,
                                            landmark_set_name(m.transfer->fit.report.set), m.transfer->fit.report.count)
                              : fmt::format("{}; regions of the mesh", view_text(view));
  o += fmt::format("<text x=\"10\" y=\"16.5\" font-size=\"3\" fill=\"#444444\">{}</text>\n", esc(sub));
  {  // the picture tinted by region: a region's colour darkened by the shading
    Image tinted;
    tinted.width = pic.image.width;
    tinted.height = pic.image.height;
    tinted.channels = 3;
    tinted.pixels.resize(static_cast<size_t>(tinted.width) * static_cast<size_t>(tinted.height) * 3);
    for (int py = 0; py < tinted.height; ++py)
      for (int px = 0; px < tinted.width; ++px) {
        const std::uint8_t* in = pic.image.at(px, py);
        const double grey = pic.image.channels == 1 ? in[0] : 0.299 * in[0] + 0.587 * in[1] + 0.114 * in[2];  // 0..255
        std::uint8_t* out = tinted.pixels.data() +
                            (static_cast<size_t>(py) * static_cast<size_t>(tinted.width) + static_cast<size_t>(px)) * 3;
        const int l = pic.label_at(px, py);
        for (int c = 0; c < 3; ++c) {
          if (l < 0 || l >= static_cast<int>(colour.size())) {
            out[c] = static_cast<std::uint8_t>(std::lround(grey));
            continue;
          }
          const double k = 0.45 + 0.55 * grey / 240.0;
          const double ch = static_cast<double>((colour[static_cast<size_t>(l)] >> (16 - 8 * c)) & 0xff) * k;
          out[c] = static_cast<std::uint8_t>(std::min(255L, std::lround(ch)));
        }
      }
    draw_picture(o, pic, &tinted);
  }
  draw_outlines(o, pic, {});
  const std::vector<Zone>& zones = m.zones;
  // region names at the visible centre of each region
  std::vector<double> wsum(mesh.label_names.size(), 0);
  std::vector<Eigen::Vector3d> csum(mesh.label_names.size(), Eigen::Vector3d::Zero());
  if (mesh.label.size() == mesh.num_faces())
    for (Eigen::Index f = 0; f < mesh.num_faces(); ++f) {
      const int l = mesh.label(f);
      if (l < 0 || l >= static_cast<int>(wsum.size())) continue;
      const Eigen::Vector3d c = (mesh.corner(f, 0) + mesh.corner(f, 1) + mesh.corner(f, 2)) / 3.0;
      const double a = face_area(mesh, f) * std::max(0.0, face_normal(mesh, f).dot(view.toward));
      if (a <= 0 || !on_side(view, frame, c)) continue;
      wsum[static_cast<size_t>(l)] += a;
      csum[static_cast<size_t>(l)] += a * c;
    }
  std::string region_names;
  NameRules rules;  // the zones' names (faint) keep clear of the regions'
  rules.area = {10, 20, 200, 188};
  const double region_font = 2.6;
  for (size_t l = 0; l < wsum.size(); ++l) {
    if (wsum[l] < 50) continue;  // under 0.5 cm² visible
    const Eigen::Vector2d p = fit(csum[l] / wsum[l]);
    const double half = text_width(mesh.label_names[l], region_font) / 2, base = p.y() + 0.9;
    rules.obstacles.push_back(
        {p.x() - half - 0.2, base - 0.76 * region_font - 0.2, p.x() + half + 0.2, base + 0.24 * region_font + 0.2});
    region_names += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>\n", f2(p.x()), f2(base), esc(mesh.label_names[l]));
  }
  const DrawnZones drawn = draw_zones(o, zones, frame, pic, {}, rules);
  o += "<g id=\"region-names\" font-size=\"2.6\" text-anchor=\"middle\" fill=\"#000000\" stroke=\"#ffffff\" "
       "stroke-width=\"0.4\" paint-order=\"stroke\" stroke-linejoin=\"round\">\n" +
       region_names + "</g>\n";
  if (m.transfer) {  // the scan's landmarks: small crosses
    o += "<g id=\"landmarks\" stroke=\"#d00000\" stroke-width=\"0.25\" fill=\"none\">\n<path d=\"";
    for (const Eigen::Vector3d& p : m.transfer->landmarks_mm) {
      if (!on_side(view, frame, p)) continue;
      const Eigen::Vector2d q = fit(p);
      o += fmt::format("M{} {}h1.6M{} {}v1.6", f2(q.x() - 0.8), f2(q.y()), f2(q.x()), f2(q.y() - 0.8));
    }
    o += "\"/>\n</g>\n";
  }
  // legend: regions (two columns), zones, landmarks
  double y = 196;
  o += "<g id=\"legend\" font-size=\"2.8\">\n";
  o += fmt::format("<text x=\"10\" y=\"{}\" font-size=\"3\" font-weight=\"bold\">Regions (area cm²)</text>\n", f2(y));
  y += 4.5;
  std::vector<const RegionInfo*> shown;
  for (const auto& r : regions)
    for (size_t l = 0; l < mesh.label_names.size(); ++l)
      if (r.name == mesh.label_names[l]) shown.push_back(&r);
  const size_t rows = (shown.size() + 1) / 2;
  for (size_t i = 0; i < shown.size(); ++i) {
    const double x = i < rows ? 10 : 62, yy = y + 4.2 * static_cast<double>(i < rows ? i : i - rows);
    size_t l = 0;
    while (mesh.label_names[l] != shown[i]->name) ++l;
    o += fmt::format(
        "<rect x=\"{}\" y=\"{}\" width=\"4\" height=\"3\" fill=\"{}\" stroke=\"#555555\" stroke-width=\"0.2\"/>"
        "<text x=\"{}\" y=\"{}\">{} {}</text>\n",
        f2(x), f2(yy - 2.5), hex_colour(colour[l]), f2(x + 5.5), f2(yy), esc(shown[i]->name),
        fixed(shown[i]->area_cm2, decimals::area));
  }
  y += 4.2 * static_cast<double>(rows) + 2;
  if (!zones.empty()) {
    o += fmt::format("<text x=\"10\" y=\"{}\">Danger zones, faint: keep-out grey, arteries red, nerves yellow</text>\n",
                     f2(y));
    y += 4.2;
  }
  if (!drawn.unnamed.empty()) {
    std::string list = "Zones not named on the face (no room): ";
    for (size_t i = 0; i < drawn.unnamed.size(); ++i) list += (i ? ", " : "") + drawn.unnamed[i];
    for (const auto& line : wrap_text(list, m.transfer ? 104 : 190, 2.5)) {
      o += fmt::format("<text class=\"unnamed\" x=\"10\" y=\"{}\" font-size=\"2.5\">{}</text>\n", f2(y), esc(line));
      y += 3.4;
    }
  }
  if (m.transfer) {
    o += fmt::format(
        "<path d=\"M10 {}h1.6M10.8 {}v1.6\" stroke=\"#d00000\" stroke-width=\"0.25\"/><text x=\"14\" y=\"{}\">"
        "landmarks of the scan</text>\n",
        f2(y - 1), f2(y - 1.8), f2(y));
    y += 4.2;
  }
  o += "</g>\n";
  if (m.transfer) {  // fit box (right column)
    const LandmarkFitReport& r = m.transfer->fit.report;
    std::vector<std::string> lines = {
        fmt::format("Scale {} of the built-in face", fixed(r.scale, 3)),
        fmt::format("Face width {} mm", fixed(r.face_width_mm, 1)),
        fmt::format("Covered {} of {} cm² of the scan", fixed(r.covered_area_cm2, 1), fixed(r.scan_area_cm2, 1)),
        "RMS mm after similarity / warp:"};
    for (const auto& g : r.groups)
      lines.push_back(fmt::format("  {} {} / {}", g.name, fixed(g.rms_similarity_mm, 2), fixed(g.rms_warp_mm, 2)));
    lines.push_back(fmt::format("Limit {} mm a landmark or group", fixed(r.limit_point_mm, 1)));
    const double bx = 118, by = 192, bw = 82, bh = 5 + 3.8 * static_cast<double>(lines.size());
    o += fmt::format(
        "<g id=\"fit\" font-size=\"2.6\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"1.5\" "
        "fill=\"#f6f6f6\" stroke=\"#888888\" stroke-width=\"0.3\"/>\n",
        f2(bx), f2(by), f2(bw), f2(bh));
    double ly = by + 5;
    for (const auto& line : lines) {
      o += fmt::format("<text x=\"{}\" y=\"{}\" xml:space=\"preserve\">{}</text>\n", f2(bx + 3), f2(ly), esc(line));
      ly += 3.8;
    }
    o += "</g>\n";
  }
  draw_scale_bar(o, fit, 10, 287 - 8, 40);
  o += fmt::format("<text x=\"105\" y=\"293\" font-size=\"2.3\" fill=\"#555555\" text-anchor=\"middle\">{}</text>\n",
                   esc(disclaimer));
  o += "</svg>\n";
  return o;
}

std::string render_map(const std::string& format, const Mesh& mesh, const std::vector<Plan>& plans,
                       const std::vector<Zone>& zones, const MapOptions& opt, bool compare) {
  if (plans.empty()) throw usage_error("map: no plan to draw");
  if (format == "svg")
    return compare ? compare_svg(mesh, plans, zones, opt) : plan_svg(mesh, plans.front(), zones, opt);
  std::vector<PdfPage> pages;
  if (compare) {
    pages.push_back({compare_svg(mesh, plans, zones, opt), 297, 210});
  } else {
    const Plan& plan = plans.front();
    PlanMap m;  // laid out once for the map and its close-ups
    lay_out(m, mesh, plan, zones, opt);
    pages.push_back({plan_page_svg(m, plan, opt), 210, 297});
    if (opt.labels)  // every site numbered on close-ups of its region
      for (auto& t : close_up_svgs(m, mesh, plan, zones, opt)) pages.push_back({std::move(t), 210, 297});
    for (auto& t : checklist_svgs(plan, opt.record)) pages.push_back({std::move(t), 210, 297});
    for (auto& t : site_table_svgs(plan, opt.record)) pages.push_back({std::move(t), 210, 297});
  }
  std::function<void(size_t, size_t)> on_page;
  if (opt.progress) on_page = [&](size_t k, size_t n) { opt.progress(fmt::format("page {} of {} into PDF", k, n)); };
  return pdf_from_svg_pages(pages, "mesogrid map: " + plans.front().params.region, on_page);
}

}  // namespace mesogrid::cli

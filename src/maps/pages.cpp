// src/maps/pages.cpp: the page layouts of the maps (maps.hpp): a plan on A4 portrait (map, legend, summary box),
// techniques compared on A4 landscape, the site table pages of a PDF, and the regions of a face. The drawing
// primitives are in draw.hpp.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <mesogrid/core/error.hpp>
#include <mesogrid/core/text.hpp>
#include <mesogrid/face/region.hpp>
#include <mesogrid/plan/technique.hpp>
#include <set>
#include <string>
#include <vector>

#include "../output/numbers.hpp"
#include "../suggest.hpp"
#include "draw.hpp"
#include "maps.hpp"

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

std::vector<std::pair<std::string, std::string>> summary_lines(const Plan& plan) {
  const auto& s = plan.summary;
  const auto& r = plan.params;
  std::vector<std::pair<std::string, std::string>> l;
  l.emplace_back("Technique", std::string(technique_name(r.technique)));
  l.emplace_back("Region", fmt::format("{} ({} cm²)", esc(r.region), fixed(s.region_area_cm2, decimals::area)));
  l.emplace_back("Sites", std::to_string(s.sites));
  l.emplace_back("Spacing", fmt::format("{} mm (nearest neighbour {}-{} mm)", fixed(r.spacing_mm, 1),
                                        fixed(s.spacing_min_mm, 1), fixed(s.spacing_max_mm, 1)));
  l.emplace_back(
      "Depth",
      r.depth_given
          ? fmt::format("{} mm, needle at {}°", fixed(r.depth_mm, decimals::depth), fixed(r.angle_deg, decimals::angle))
          : fmt::format("{}-{} mm (follows the skin), needle at {}°", fixed(s.depth_min_mm, decimals::depth),
                        fixed(s.depth_max_mm, decimals::depth), fixed(r.angle_deg, decimals::angle)));
  l.emplace_back("Volume per site", fmt::format("{} mL", fixed(s.volume_per_site_ml, decimals::volume)));
  l.emplace_back("Total volume", fmt::format("{} mL", fixed(s.total_volume_ml, 3)));
  l.emplace_back("Session estimate",
                 fmt::format("{} min ({})", fixed(s.session_minutes, decimals::minutes),
                             s.injector ? "injector" : fmt::format("{} s per site", fixed(s.seconds_per_site, 1))));
  if (const PlanCoverage& c = s.coverage; c.measured) {
    const double off = c.expected_sites > 0 ? 100 * (c.count_ratio - 1) : 0;
    l.emplace_back("Coverage", fmt::format("{}{}% vs area/cell, {}% uncovered, {}", off >= 0 ? "+" : "", fixed(off, 1),
                                           fixed(c.uncovered_percent, 1),
                                           c.meets_contract() ? "meets contract" : "misses contract"));
  }
  if (s.sites_removed > 0 || s.sites_capped > 0)
    l.emplace_back("Zones", fmt::format("{} sites removed, {} depth-capped", s.sites_removed, s.sites_capped));
  if (!plan.warnings.empty())
    l.emplace_back("Warnings", fmt::format("{} (see the plan's text output)", plan.warnings.size()));
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
constexpr double map_x = 10, map_y = 20, map_w = 190, map_h = 190;

Fit plan_fit(const FaceDrawing& d, const MapView& view) { return fit_box(d, view, map_x, map_y, map_w, map_h); }
}  // namespace

std::vector<Eigen::Vector2d> plan_svg_site_positions(const Mesh& mesh, const Plan& plan, const MapOptions& opt) {
  const MapView view = make_map_view(plan.params.frame, opt.view);
  const FaceDrawing d = make_face(mesh, view);
  const Fit fit = plan_fit(d, view);
  std::vector<Eigen::Vector2d> out;
  for (const Site* s : shown_sites(plan, view)) out.push_back(fit(s->position));
  return out;
}

std::string plan_svg(const Mesh& mesh, const Plan& plan, const std::vector<Zone>& zones, const MapOptions& opt) {
  const MapView view = make_map_view(plan.params.frame, opt.view);
  const FaceDrawing d = make_face(mesh, view);
  const Fit fit = plan_fit(d, view);
  const std::string tech(technique_name(plan.params.technique));
  const std::vector<const Site*> sites = shown_sites(plan, view);

  std::string o = svg_open(page_w, page_h, "mesogrid injection map: " + tech + " on " + plan.params.region);
  o += fmt::format("<text x=\"10\" y=\"11\" font-size=\"5.2\" font-weight=\"bold\">{}: {}</text>\n",
                   esc(region_text(plan)), esc(tech));
  o += fmt::format(
      "<text x=\"10\" y=\"16.5\" font-size=\"3\" fill=\"#444444\">{}, {} of {} sites shown; mesh: {}</text>\n",
      view_text(view), sites.size(), plan.sites.size(), esc(opt.mesh_name));
  draw_face(o, mesh, plan, d, fit);
  const std::vector<std::string> kinds = draw_zones(o, zones, plan.params.frame, fit, active_zones({&plan}));
  const DepthScale scale = depth_scale(plan);
  draw_sites(
      o, sites, fit, dot_radius(plan, fit), [&](const Site& s) { return scale.colour(s.depth_mm); }, opt.labels);
  if (view.side == 0) {  // orientation marks: the subject's right and left
    o += fmt::format(
        "<g font-size=\"3\" fill=\"#444444\"><text x=\"{}\" y=\"{}\">subject's right</text>"
        "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">subject's left</text></g>\n",
        f2(map_x), f2(map_y + map_h + 2), f2(map_x + map_w), f2(map_y + map_h + 2));
  }

  // Legend (left column): depth colours, zones, scale bar.
  double x = 10, y = 220;
  o += "<g id=\"legend\">\n";
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
  for (size_t i = 0; i < rows.size(); ++i) {
    long count = 0;
    for (const auto& s : plan.sites)
      if (scale.colour(s.depth_mm) == scale.colour(rows[i].second)) ++count;
    const std::string label =
        scale.binned ? fmt::format("from {} mm ({} sites)", fixed(rows[i].first, 2), count)
                     : fmt::format("{} mm ({} site{})", fixed(rows[i].first, 2), count, count == 1 ? "" : "s");
    o += fmt::format(
        "<circle cx=\"{}\" cy=\"{}\" r=\"1.4\" fill=\"{}\" stroke=\"#111111\" stroke-width=\"0.22\"/>"
        "<text x=\"{}\" y=\"{}\" font-size=\"2.8\">{}</text>\n",
        f2(x + 2), f2(y - 1), scale.colour(rows[i].second), f2(x + 5), f2(y), label);
    y += 4.2;
  }
  bool away = false;
  for (const Site* st : sites) away = away || st->normal.dot(view.toward) < 0;
  if (away) {
    o += fmt::format(
        "<circle cx=\"{}\" cy=\"{}\" r=\"1.1\" fill=\"none\" stroke=\"#414487\" stroke-width=\"0.55\" "
        "stroke-dasharray=\"0.7 0.4\"/><text x=\"{}\" y=\"{}\" font-size=\"2.8\">site on skin facing away "
        "(hidden in this view)</text>\n",
        f2(x + 2), f2(y - 1), f2(x + 5), f2(y));
    y += 4.2;
  }
  o += fmt::format(
      "<path d=\"M{} {}h6\" stroke=\"#1f3f8f\" stroke-width=\"0.6\"/><text x=\"{}\" y=\"{}\" "
      "font-size=\"2.8\">planned region outline</text>\n",
      f2(x - 1), f2(y - 1), f2(x + 7), f2(y));
  y += 6;
  legend_zones(o, kinds, x, y);
  o += "</g>\n";
  draw_scale_bar(o, fit, 10, 287 - 8, 40);

  // Summary box (right column).
  auto lines = summary_lines(plan);
  if (!opt.record.patient.empty()) lines.emplace_back("Patient", esc(opt.record.patient));  // the rest: site sheet
  if (!opt.record.date.empty()) lines.emplace_back("Date", esc(opt.record.date));
  const double bx = 108, by = 214, bw = 92, bh = 6 + 4.6 * static_cast<double>(lines.size());
  o += "<g id=\"summary\">\n";
  o += fmt::format(
      "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"1.5\" fill=\"#f6f6f6\" stroke=\"#888888\" "
      "stroke-width=\"0.3\"/>\n",
      f2(bx), f2(by), f2(bw), f2(bh));
  double ly = by + 6;
  for (const auto& [k, v] : lines) {
    o += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"2.8\"><tspan font-weight=\"bold\">{}:</tspan> {}</text>\n",
                     f2(bx + 3), f2(ly), k, v);
    ly += 4.6;
  }
  o += "</g>\n";
  o += fmt::format("<text x=\"105\" y=\"293\" font-size=\"2.3\" fill=\"#555555\" text-anchor=\"middle\">{}</text>\n",
                   esc(disclaimer));
  o += "</svg>\n";
  return o;
}

std::string compare_svg(const Mesh& mesh, const std::vector<Plan>& plans, const std::vector<Zone>& zones,
                        const MapOptions& opt) {
  const double w = 297, h = 210;
  if (plans.empty()) throw usage_error("compare: no technique to compare");
  const MapView view = make_map_view(plans.front().params.frame, opt.view);
  const FaceDrawing d = make_face(mesh, view);
  std::string o = svg_open(w, h, "mesogrid technique comparison on " + plans.front().params.region);
  o += fmt::format("<text x=\"10\" y=\"11\" font-size=\"5.2\" font-weight=\"bold\">{}: {} techniques compared</text>\n",
                   esc(region_text(plans.front())), plans.size());
  o += fmt::format("<text x=\"10\" y=\"16.5\" font-size=\"3\" fill=\"#444444\">{}; mesh: {}</text>\n", view_text(view),
                   esc(opt.mesh_name));
  const double pw = (w - 20) / static_cast<double>(plans.size());
  Fit fit;
  std::vector<std::string> kinds;
  for (size_t i = 0; i < plans.size(); ++i) {
    const Plan& p = plans[i];
    const double px = 10 + pw * static_cast<double>(i);
    fit = fit_box(d, view, px + 2, 26, pw - 4, 118);
    const char* col = technique_palette[i % technique_palette.size()];
    o += fmt::format("<g id=\"panel-{}\">\n", i + 1);
    o += fmt::format(
        "<circle cx=\"{}\" cy=\"{}\" r=\"1.6\" fill=\"{}\" stroke=\"#111111\" stroke-width=\"0.22\"/>"
        "<text x=\"{}\" y=\"{}\" font-size=\"4\" font-weight=\"bold\">{}</text>\n",
        f2(px + 3.5), f2(22.6), col, f2(px + 6.5), f2(24), technique_name(p.params.technique));
    draw_face(o, mesh, p, d, fit);
    kinds = draw_zones(o, zones, p.params.frame, fit, active_zones({&p}));
    draw_sites(
        o, shown_sites(p, view), fit, dot_radius(p, fit), [&](const Site&) { return col; }, opt.labels);
    o += "</g>\n";
  }
  // Table of the plans side by side.
  const std::vector<std::string> head{"technique",   "sites",    "spacing mm", "depth mm",
                                      "mL per site", "total mL", "minutes"};
  const std::array<double, 7> cx{10, 62, 92, 126, 158, 196, 230};
  double y = 155;
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
                                         fixed(p.params.depth_mm, decimals::depth),
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
  double ly = 182;
  o += "<g id=\"legend\">\n";
  legend_zones(o, kinds, 10, ly);
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
  const std::vector<std::string> head{"site", "row", "col", "x mm", "y mm", "z mm", "depth mm", "angle °", "volume mL"};
  const std::array<double, 9> cx{14, 26, 36, 58, 78, 98, 122, 142, 166};
  const double tick_x = 176;  // the "done" box of each site, ticked at the chair
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
      o += fmt::format("<text x=\"{}\" y=\"{}\" font-weight=\"bold\">{}</text>", f2(cx[c]), f2(y), head[c]);
    o += fmt::format("<text x=\"{}\" y=\"{}\" font-weight=\"bold\" text-anchor=\"start\">done</text>", f2(tick_x),
                     f2(y));
    o += fmt::format("\n<path d=\"M8 {}H190\" stroke=\"#888888\" stroke-width=\"0.25\"/>\n", f2(y + 1.5));
    for (size_t i = pg * per_page; i < std::min(plan.sites.size(), (pg + 1) * per_page); ++i) {
      const Site& s = plan.sites[i];
      y += 5;
      const std::vector<std::string> cells{std::to_string(s.id),
                                           std::to_string(s.row),
                                           std::to_string(s.col),
                                           fixed(s.position.x(), 1),
                                           fixed(s.position.y(), 1),
                                           fixed(s.position.z(), 1),
                                           fixed(s.depth_mm, decimals::depth),
                                           fixed(s.angle_deg, decimals::angle),
                                           fixed(s.volume_ml, decimals::volume)};
      for (size_t c = 0; c < cells.size(); ++c)
        o += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>", f2(cx[c]), f2(y), cells[c]);
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
  const FaceDrawing d = make_face(mesh, view);
  const Fit fit = fit_box(d, view, 10, 20, 190, 168);
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
  const bool labelled = d.shade.label.size() == d.shade.num_faces();
  draw_shading(o, d, fit, [&](int grey, int f) -> long {
    const int l = labelled ? d.shade.label(f) : -1;
    if (l < 0 || l >= static_cast<int>(colour.size())) return (long(grey) << 16) | (long(grey) << 8) | grey;
    const double k = 0.45 + 0.55 * grey / 240.0;
    const long c = colour[static_cast<size_t>(l)];
    const auto ch = [&](int shift) {
      return std::min(255L, std::lround(static_cast<double>((c >> shift) & 0xff) * k));
    };
    return (ch(16) << 16) | (ch(8) << 8) | ch(0);
  });
  draw_outlines(o, mesh, frame, {}, fit);
  const std::vector<Zone>& zones = m.zones;
  draw_zones(o, zones, frame, fit, {});
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
  o += "<g id=\"region-names\" font-size=\"2.6\" text-anchor=\"middle\" fill=\"#000000\" stroke=\"#ffffff\" "
       "stroke-width=\"0.4\" paint-order=\"stroke\" stroke-linejoin=\"round\">\n";
  for (size_t l = 0; l < wsum.size(); ++l) {
    if (wsum[l] < 50) continue;  // under 0.5 cm² visible
    const Eigen::Vector2d p = fit(csum[l] / wsum[l]);
    o += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>\n", f2(p.x()), f2(p.y() + 0.9), esc(mesh.label_names[l]));
  }
  o += "</g>\n";
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

}  // namespace mesogrid::cli

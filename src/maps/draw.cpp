// src/maps/draw.cpp: see draw.hpp.
#include "draw.hpp"

#include <mesogrid/core/text.hpp>

#include <fmt/format.h>

#include <cmath>
#include <mesogrid/face/region.hpp>
#include <mesogrid/geometry/proxy.hpp>

namespace mesogrid::cli::draw {

std::string f2(double v) { return fixed(v, 2); }

std::string esc(std::string_view raw) {
  const std::string s = text::clean(raw);  // XML allows no control character, and the text must be UTF-8
  std::string o;
  for (char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      default: o += c;
    }
  }
  return o;
}

bool on_side(const MapView& v, const FaceFrame& fr, const Eigen::Vector3d& p) {
  return v.side == 0 || v.side * fr.side(p) >= -1.0;
}

FaceDrawing make_face(const Mesh& mesh, const MapView& view) {
  FaceDrawing d;
  d.shade = mesh;
  if (mesh.num_faces() > max_shade_faces) {  // keep the file small: shade a vertex-clustered copy
    // A cell of c mm leaves about 2·area/c² triangles: start just below the target, grow until under it.
    double cell = 0.9 * std::sqrt(2.0 * surface_area(mesh) / static_cast<double>(max_shade_faces));
    for (int k = 0; k < 12; ++k) {
      d.shade = cluster_vertices(mesh, cell);
      if (d.shade.num_faces() <= max_shade_faces) break;
      cell *= 1.25;
    }
  }
  const Eigen::Vector3d light = (view.toward + 0.45 * view.up - 0.3 * view.right).normalized();
  std::vector<double> depth;
  for (Eigen::Index f = 0; f < d.shade.num_faces(); ++f) {
    const Eigen::Vector3d n = face_normal(d.shade, f);
    const double lambert = std::max(0.0, n.dot(light));
    const int g = static_cast<int>(std::lround((0.42 + 0.5 * lambert) * 32)) * 8;
    d.shade_grey.push_back(std::min(g, 240));
    const Eigen::Vector3d c = (d.shade.corner(f, 0) + d.shade.corner(f, 1) + d.shade.corner(f, 2)) / 3.0;
    depth.push_back(c.dot(view.toward));
    if (n.dot(view.toward) > 0) d.shade_order.push_back(static_cast<int>(f));
  }
  std::stable_sort(d.shade_order.begin(), d.shade_order.end(),
                   [&](int a, int b) { return depth[static_cast<size_t>(a)] < depth[static_cast<size_t>(b)]; });
  bool first = true;
  for (int f : d.shade_order)
    for (int k = 0; k < 3; ++k) {
      const Eigen::Vector3d p = d.shade.corner(f, k);
      const double x = p.dot(view.right), y = p.dot(view.up);
      if (first) {
        d.xmin = d.xmax = x;
        d.ymin = d.ymax = y;
        first = false;
      }
      d.xmin = std::min(d.xmin, x);
      d.xmax = std::max(d.xmax, x);
      d.ymin = std::min(d.ymin, y);
      d.ymax = std::max(d.ymax, y);
    }
  return d;
}

Fit fit_box(const FaceDrawing& d, const MapView& view, double bx, double by, double bw, double bh) {
  Fit fit;
  fit.view = view;
  const double w = std::max(d.xmax - d.xmin, 1e-6), h = std::max(d.ymax - d.ymin, 1e-6);
  fit.s = std::min(bw / w, bh / h);
  fit.xmin = d.xmin;
  fit.ymax = d.ymax;
  fit.ox = bx + (bw - fit.s * w) / 2;
  fit.oy = by + (bh - fit.s * h) / 2;
  return fit;
}

namespace {
std::string hex_grey(int g) { return fmt::format("#{:02x}{:02x}{:02x}", g, g, g); }
}  // namespace

void draw_shading(std::string& o, const FaceDrawing& d, const Fit& fit,
                  const std::function<long(int grey, int face)>& tint) {
  o += "<g id=\"face\" stroke-width=\"0.15\" stroke-linejoin=\"round\">\n";
  long cur = -1;
  std::string path;
  const auto flush = [&] {
    if (cur >= 0)
      o += fmt::format("<path fill=\"{0}\" stroke=\"{0}\" d=\"{1}\"/>\n",
                       tint ? fmt::format("#{:06x}", cur) : hex_grey(static_cast<int>(cur)), path);
    path.clear();
  };
  for (int f : d.shade_order) {
    const long g = tint ? tint(d.shade_grey[static_cast<size_t>(f)], f) : d.shade_grey[static_cast<size_t>(f)];
    if (g != cur) {
      flush();
      cur = g;
    }
    // 0.1 mm of paper is finer than the shading needs; the 2nd and 3rd corners relative (shorter numbers).
    const Eigen::Vector2d p0 = fit(d.shade.corner(f, 0)), p1 = fit(d.shade.corner(f, 1)),
                          p2 = fit(d.shade.corner(f, 2));
    const double x0 = rounded(p0.x(), 1), y0 = rounded(p0.y(), 1), x1 = rounded(p1.x(), 1), y1 = rounded(p1.y(), 1);
    path += fmt::format("M{} {}l{} {} {} {}z", fixed(x0, 1), fixed(y0, 1), fixed(x1 - x0, 1), fixed(y1 - y0, 1),
                        fixed(rounded(p2.x(), 1) - x1, 1), fixed(rounded(p2.y(), 1) - y1, 1));
  }
  flush();
  o += "</g>\n";
}

/// Region outlines (edges between differently labelled faces), the outline of the `planned` labels, silhouette.
void draw_outlines(std::string& o, const Mesh& mesh, const FaceFrame& fr, const std::set<int>& planned,
                   const Fit& fit) {
  // Edges as (a, b, face) sorted: an edge's two faces are neighbours (faster than a map on dense meshes).
  std::vector<std::array<int, 3>> half;
  half.reserve(static_cast<size_t>(mesh.num_faces()) * 3);
  for (Eigen::Index f = 0; f < mesh.num_faces(); ++f)
    for (int k = 0; k < 3; ++k) {
      const int a = mesh.F(f, k), b = mesh.F(f, (k + 1) % 3);
      half.push_back({std::min(a, b), std::max(a, b), static_cast<int>(f)});
    }
  std::sort(half.begin(), half.end());
  std::vector<std::pair<std::pair<int, int>, std::array<int, 2>>> edges;
  for (size_t i = 0; i < half.size();) {
    size_t j = i + 1;
    while (j < half.size() && half[j][0] == half[i][0] && half[j][1] == half[i][1]) ++j;
    edges.push_back({{half[i][0], half[i][1]}, {half[i][2], j - i >= 2 ? half[j - 1][2] : -1}});
    i = j;
  }
  const auto label = [&](int f) { return f < 0 || mesh.label.size() != mesh.num_faces() ? -1 : mesh.label(f); };
  const auto visible = [&](int f) { return f >= 0 && face_normal(mesh, f).dot(fit.view.toward) > 0; };
  std::string regions, chosen, silhouette;
  for (const auto& [e, fs] : edges) {
    const Eigen::Vector3d a = mesh.vertex(e.first), b = mesh.vertex(e.second);
    if (!on_side(fit.view, fr, (a + b) / 2)) continue;
    const bool va = visible(fs[0]), vb = visible(fs[1]);
    if (!va && !vb) continue;
    const Eigen::Vector2d pa = fit(a), pb = fit(b);
    const std::string seg = fmt::format("M{} {}L{} {}", f2(pa.x()), f2(pa.y()), f2(pb.x()), f2(pb.y()));
    const int la = label(fs[0]), lb = label(fs[1]);
    if (fs[1] < 0 || va != vb) silhouette += seg;
    if (!planned.empty() && (planned.count(la) > 0) != (fs[1] >= 0 && planned.count(lb) > 0)) {
      chosen += seg;
    } else if (fs[1] >= 0 && la != lb) {
      regions += seg;
    }
  }
  o += "<g id=\"outlines\" fill=\"none\" stroke-linecap=\"round\">\n";
  if (!regions.empty()) o += "<path stroke=\"#5a5a5a\" stroke-width=\"0.18\" d=\"" + regions + "\"/>\n";
  if (!silhouette.empty()) o += "<path stroke=\"#303030\" stroke-width=\"0.35\" d=\"" + silhouette + "\"/>\n";
  if (!chosen.empty()) o += "<path stroke=\"#1f3f8f\" stroke-width=\"0.6\" d=\"" + chosen + "\"/>\n";
  o += "</g>\n";
}

void draw_face(std::string& o, const Mesh& mesh, const Plan& plan, const FaceDrawing& d, const Fit& fit) {
  draw_shading(o, d, fit);
  std::set<int> planned;
  if (mesh.label.size() == mesh.num_faces())
    for (int l : region_labels(mesh, plan.params.region)) planned.insert(l);
  draw_outlines(o, mesh, plan.params.frame, planned, fit);
}

const char* zone_colour(const std::string& kind) {
  if (kind == "artery") return "#c0392b";
  if (kind == "nerve") return "#d4a017";
  if (kind == "user") return "#8e44ad";
  return "#404040";  // keep-out and anything else
}

std::string zone_pattern(const std::string& kind) {
  if (kind == "artery" || kind == "nerve" || kind == "user") return "hatch-" + kind;
  return "hatch-keep-out";
}

namespace {
/// The hatching patterns of the zone kinds.
std::string defs() {
  std::string o = "<defs>\n";
  for (const char* kind : {"keep-out", "artery", "nerve", "user"}) {
    o += fmt::format(
        "<pattern id=\"hatch-{0}\" patternUnits=\"userSpaceOnUse\" width=\"1.2\" height=\"1.2\" "
        "patternTransform=\"rotate(45)\"><rect width=\"1.2\" height=\"1.2\" fill=\"{1}\" fill-opacity=\"0.12\"/>"
        "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"1.2\" stroke=\"{1}\" stroke-width=\"0.45\"/></pattern>\n",
        kind, zone_colour(kind));
  }
  o += "</defs>\n";
  return o;
}
}  // namespace

/// Draws the zones on the shown side; returns the kinds drawn (legend order).
/// Zones that change no site of the plans (nothing removed or capped) are drawn faint, so the ones that
/// matter for this plan stand out; `active` names the others.
std::set<std::string> active_zones(const std::vector<const Plan*>& plans) {
  std::set<std::string> a;
  for (const Plan* p : plans)
    for (const auto& z : p->summary.zones)
      if (z.removed > 0 || z.capped > 0) a.insert(z.name);
  return a;
}

std::vector<std::string> draw_zones(std::string& o, const std::vector<Zone>& zones, const FaceFrame& fr, const Fit& fit,
                                    const std::set<std::string>& active) {
  std::set<std::string> kinds;
  o += "<g id=\"zones\">\n";
  for (const auto& z : zones) {
    if (z.path.empty()) continue;
    bool shown = false;
    for (const auto& p : z.path) shown = shown || on_side(fit.view, fr, p);
    if (!shown) continue;
    kinds.insert(z.kind);
    const std::string pat = zone_pattern(z.kind), col = zone_colour(z.kind);
    const std::string faint = active.count(z.name) > 0 ? "" : " opacity=\"0.35\"";
    const double r = z.radius_mm * fit.s;
    if (z.path.size() == 1) {
      const Eigen::Vector2d c = fit(z.path[0]);
      o += fmt::format(
          "<circle class=\"zone\" data-name=\"{}\" cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"url(#{})\" stroke=\"{}\" "
          "stroke-width=\"0.2\"{}/>\n",
          esc(z.name), f2(c.x()), f2(c.y()), f2(r), pat, col, faint);
      continue;
    }
    std::string d;
    for (size_t i = 0; i < z.path.size(); ++i) {
      const Eigen::Vector2d p = fit(z.path[i]);
      d += fmt::format("{}{} {}", i == 0 ? "M" : "L", f2(p.x()), f2(p.y()));
    }
    if (z.closed) d += "Z";
    o += fmt::format("<g class=\"zone\" data-name=\"{}\"{}>", esc(z.name), faint);
    if (z.closed) o += fmt::format("<path d=\"{}\" fill=\"url(#{})\"/>", d, pat);
    o += fmt::format(
        "<path d=\"{0}\" fill=\"none\" stroke=\"url(#{1})\" stroke-width=\"{2}\" stroke-linecap=\"round\" "
        "stroke-linejoin=\"round\"/><path d=\"{0}\" fill=\"none\" stroke=\"{3}\" stroke-width=\"0.2\" "
        "stroke-dasharray=\"0.8 0.6\"/></g>\n",
        d, pat, f2(2 * r), col);
  }
  o += "</g>\n";
  std::vector<std::string> order;
  for (const char* k : {"keep-out", "artery", "nerve", "user"})
    if (kinds.erase(k) > 0) order.emplace_back(k);
  order.insert(order.end(), kinds.begin(), kinds.end());
  return order;
}

/// Sites shown in this view (front: all; left/right: those on that half facing the viewer).
std::vector<const Site*> shown_sites(const Plan& plan, const MapView& view) {
  std::vector<const Site*> s;
  for (const auto& site : plan.sites)
    if (view.side == 0 || (on_side(view, plan.params.frame, site.position) && site.normal.dot(view.toward) > -0.2))
      s.push_back(&site);
  return s;
}

double dot_radius(const Plan& plan, const Fit& fit) {
  const double spacing = plan.summary.spacing_mean_mm > 0 ? plan.summary.spacing_mean_mm : plan.params.spacing_mm;
  return std::clamp(0.28 * spacing * fit.s, 0.5, 1.8);
}

DepthScale depth_scale(const Plan& plan) {
  DepthScale d;
  std::set<double> all;
  for (const auto& s : plan.sites) all.insert(rounded(s.depth_mm, 2));
  d.depths.assign(all.begin(), all.end());
  if (!d.depths.empty()) {
    d.lo = d.depths.front();
    d.hi = d.depths.back();
  }
  d.binned = d.depths.size() > depth_palette.size();
  return d;
}

void draw_sites(std::string& o, const std::vector<const Site*>& sites, const Fit& fit, double r,
                const std::function<const char*(const Site&)>& colour, bool labels) {
  o += fmt::format("<g id=\"sites\" stroke=\"#111111\" stroke-width=\"{}\">\n", f2(std::min(0.22, 0.15 * r)));
  for (const Site* s : sites) {
    const Eigen::Vector2d c = fit(s->position);
    if (s->normal.dot(fit.view.toward) < 0)  // on skin facing away (seen through the head): a ring
      o += fmt::format(
          "<circle class=\"site\" data-id=\"{}\" cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"none\" stroke=\"{}\" "
          "stroke-width=\"{}\" stroke-dasharray=\"{} {}\"/>\n",
          s->id, f2(c.x()), f2(c.y()), f2(r * 0.8), colour(*s), f2(r * 0.4), f2(r * 0.5), f2(r * 0.3));
    else
      o += fmt::format("<circle class=\"site\" data-id=\"{}\" cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{}\"/>\n", s->id,
                       f2(c.x()), f2(c.y()), f2(r), colour(*s));
  }
  o += "</g>\n";
  if (!labels) return;
  const double fs = std::clamp(r * 1.5, 1.3, 2.4);
  o += fmt::format(
      "<g id=\"labels\" font-size=\"{}\" fill=\"#000000\" stroke=\"#ffffff\" stroke-width=\"0.35\" "
      "paint-order=\"stroke\" stroke-linejoin=\"round\">\n",
      f2(fs));
  for (const Site* s : sites) {
    const Eigen::Vector2d c = fit(s->position);
    o += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>\n", f2(c.x() + r * 0.8), f2(c.y() - r * 0.8), s->id);
  }
  o += "</g>\n";
}

/// A scale bar of a round length (mm on the face) at (x, y), about `target` paper mm long.
void draw_scale_bar(std::string& o, const Fit& fit, double x, double y, double target) {
  double len = 5;
  for (double c : {5.0, 10.0, 20.0, 25.0, 50.0, 100.0})
    if (c * fit.s <= target) len = c;
  const double w = len * fit.s;
  o += "<g id=\"scale-bar\" font-size=\"2.8\">\n";
  o += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"1.2\" fill=\"#000000\"/>\n", f2(x), f2(y), f2(w / 2));
  o += fmt::format(
      "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"1.2\" fill=\"#ffffff\" stroke=\"#000000\" "
      "stroke-width=\"0.2\"/>\n",
      f2(x + w / 2), f2(y), f2(w / 2));
  o += fmt::format("<text x=\"{}\" y=\"{}\">0</text><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{} mm</text>\n", f2(x),
                   f2(y - 1), f2(x + w), f2(y - 1), fixed(len, 0));
  o += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"2.3\" fill=\"#555555\">{} mm on paper per mm of face</text>\n",
                   f2(x), f2(y + 4.2), fixed(fit.s, 2));
  o += "</g>\n";
}

std::string svg_open(double w, double h, const std::string& title) {
  std::string o = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  o += fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}mm\" height=\"{1}mm\" viewBox=\"0 0 {0} {1}\" "
      "font-family=\"{2}\">\n",
      fixed(w, 0), fixed(h, 0), font);
  o += "<title>" + esc(title) + "</title>\n";
  o += defs();
  o += fmt::format("<rect id=\"paper\" width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>\n", fixed(w, 0), fixed(h, 0));
  return o;
}

void legend_zones(std::string& o, const std::vector<std::string>& kinds, double x, double& y) {
  if (kinds.empty()) return;
  o += fmt::format(
      "<text x=\"{}\" y=\"{}\" font-size=\"3\" font-weight=\"bold\">Zones (no injection / depth capped)</text>\n",
      f2(x), f2(y));
  y += 2;
  for (const auto& k : kinds) {
    o += fmt::format(
        "<rect x=\"{}\" y=\"{}\" width=\"6\" height=\"3.6\" fill=\"url(#{})\" stroke=\"{}\" "
        "stroke-width=\"0.25\"/><text x=\"{}\" y=\"{}\" font-size=\"2.8\">{}</text>\n",
        f2(x), f2(y), zone_pattern(k), zone_colour(k), f2(x + 8), f2(y + 2.9),
        k == "keep-out" ? "keep-out (eyes, lips, nostrils)"
        : k == "user"   ? "user zone (--exclude)"
                        : esc(k));
    y += 4.8;
  }
  o += fmt::format(
      "<text x=\"{}\" y=\"{}\" font-size=\"2.5\" fill=\"#555555\">faint: zones that remove or cap "
      "no site of this plan</text>\n",
      f2(x), f2(y + 2));
  y += 5.5;
}

}  // namespace mesogrid::cli::draw

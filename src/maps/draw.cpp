// src/maps/draw.cpp: see draw.hpp.
#include "draw.hpp"

#include <mesogrid/core/text.hpp>

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <mesogrid/face/region.hpp>
#include <mesogrid/geometry/raster.hpp>

#include "../landmarks/texture.hpp"
#include "blocks.hpp"
#include "contour.hpp"

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

FaceDrawing make_face(const Mesh& mesh, const MapView& view, const SurfaceColour* colour) {
  FaceDrawing d;
  d.mesh = &mesh;
  d.view = view;
  d.normals = vertex_normals(mesh);
  d.colour = colour && colour->coloured(mesh) ? colour : nullptr;
  bool first = true;
  for (Eigen::Index f = 0; f < mesh.num_faces(); ++f) {
    if (face_normal(mesh, f).dot(view.toward) <= 0) continue;
    for (int k = 0; k < 3; ++k) {
      const Eigen::Vector3d p = mesh.corner(f, k);
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

int FacePicture::label_at(int px, int py) const {
  if (!raster.inside(px, py)) return -2;
  const std::int32_t f = raster.face_at(px, py);
  if (f < 0) return -2;
  const Mesh& m = *face->mesh;
  return m.label.size() == m.num_faces() ? m.label(f) : -1;
}

FacePicture render_face(const FaceDrawing& d, const Fit& fit, double dpi) {
  FacePicture p;
  p.face = &d;
  p.px_per_paper_mm = dpi / 25.4;
  // The picture covers the drawing's box on paper: pixel (0, 0) at the paper point of (xmin, ymax).
  const double w = std::max(d.xmax - d.xmin, 1e-6), h = std::max(d.ymax - d.ymin, 1e-6);
  OrthoView& v = p.view;
  v.up = fit.view.up;
  v.toward = fit.view.toward;
  v.px_per_mm = fit.s * p.px_per_paper_mm;
  v.width = std::max(1, static_cast<int>(std::ceil(w * v.px_per_mm)));
  v.height = std::max(1, static_cast<int>(std::ceil(h * v.px_per_mm)));
  const Mesh& m = *d.mesh;
  double zlo = 0, zhi = 0;
  if (m.num_vertices() > 0) {
    const Eigen::VectorXd z = m.V * v.toward;
    zlo = z.minCoeff();
    zhi = z.maxCoeff();
  }
  v.center = (d.xmin + 0.5 * v.width / v.px_per_mm) * fit.view.right + (d.ymax - 0.5 * v.height / v.px_per_mm) * v.up +
             0.5 * (zlo + zhi) * v.toward;
  p.x = fit.ox;
  p.y = fit.oy;
  p.raster = rasterize(m, v, 2);
  ShadeOptions so;
  so.light = Eigen::Vector3d(-0.3, 0.45, 1.0);  // over the viewer's left shoulder
  so.ambient = 0.42;
  so.diffuse = 0.52;
  so.channels = d.colour ? 3 : 1;
  p.image = d.colour ? shade(m, v, p.raster, d.normals, so, *d.colour) : shade(m, v, p.raster, d.normals, so);
  return p;
}

namespace {

std::string base64(const std::string& bytes) {
  static const char* digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string o;
  o.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = static_cast<unsigned char>(bytes[i]) << 16 | static_cast<unsigned char>(bytes[i + 1]) << 8 |
                       static_cast<unsigned char>(bytes[i + 2]);
    o += {digits[v >> 18], digits[(v >> 12) & 63], digits[(v >> 6) & 63], digits[v & 63]};
    if (i % 57 == 54) o += '\n';  // lines of 76 characters (MIME); decoders skip the line ends
  }
  if (i + 1 == bytes.size()) {
    const unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    o += {digits[v >> 18], digits[(v >> 12) & 63], '=', '='};
  } else if (i + 2 == bytes.size()) {
    const unsigned v = static_cast<unsigned char>(bytes[i]) << 16 | static_cast<unsigned char>(bytes[i + 1]) << 8;
    o += {digits[v >> 18], digits[(v >> 12) & 63], digits[(v >> 6) & 63], '='};
  }
  return o;
}

/// Loops in picture pixels as one SVG path on paper (2 decimals), each closed.
std::string loops_path(const FacePicture& p, const std::vector<std::vector<Eigen::Vector2d>>& loops) {
  std::string d;
  for (const auto& l : loops) {
    for (size_t i = 0; i < l.size(); ++i) {
      const Eigen::Vector2d q = p.to_paper(l[i]);
      d += fmt::format("{}{} {}", i == 0 ? "M" : i == 1 ? "L" : i % 10 == 0 ? "\n" : " ", f2(q.x()), f2(q.y()));
    }
    d += "Z";
  }
  return d;
}

/// The mask of the pixels whose label satisfies `keep`.
template <class Keep>
Mask label_mask(const FacePicture& p, Keep&& keep) {
  Mask m;
  m.width = p.raster.width;
  m.height = p.raster.height;
  m.bits.assign(static_cast<size_t>(m.width) * static_cast<size_t>(m.height), 0);
  for (int y = 0; y < m.height; ++y)
    for (int x = 0; x < m.width; ++x)
      m.bits[static_cast<size_t>(y) * static_cast<size_t>(m.width) + static_cast<size_t>(x)] =
          keep(p.label_at(x, y)) ? 1 : 0;
  return m;
}

}  // namespace

void draw_picture(std::string& o, const FacePicture& p, const Image* image) {
  const std::string png = encode_png(image ? *image : p.image);
  o += "<g id=\"face\">\n";
  if (!png.empty()) {
    o += fmt::format(
        "<image x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" preserveAspectRatio=\"none\" "
        "xlink:href=\"data:image/png;base64,{}\"/>\n",
        fixed(p.x, 3), fixed(p.y, 3), fixed(p.raster.width / p.px_per_paper_mm, 3),
        fixed(p.raster.height / p.px_per_paper_mm, 3), base64(png));
  } else {  // no PNG encoder in this build: the silhouette, filled
    const auto loops = mask_outlines(label_mask(p, [](int l) { return l > -2; }));
    o += "<path fill=\"#d0d0d0\" fill-rule=\"evenodd\" d=\"" + loops_path(p, loops) + "\"/>\n";
  }
  o += "</g>\n";
}

void draw_outlines(std::string& o, const FacePicture& p, const std::set<int>& planned) {
  std::set<int> labels;
  for (int y = 0; y < p.raster.height; ++y)
    for (int x = 0; x < p.raster.width; ++x)
      if (const int l = p.label_at(x, y); l >= 0) labels.insert(l);
  std::string regions;
  if (labels.size() > 1)  // one label only: its outline is the silhouette
    for (int l : labels) regions += loops_path(p, mask_outlines(label_mask(p, [&](int k) { return k == l; })));
  const std::string silhouette = loops_path(p, mask_outlines(label_mask(p, [](int k) { return k > -2; })));
  std::string chosen;
  if (!planned.empty())
    chosen = loops_path(p, mask_outlines(label_mask(p, [&](int k) { return planned.count(k) > 0; })));
  o += "<g id=\"outlines\" fill=\"none\" stroke-linecap=\"round\" stroke-linejoin=\"round\">\n";
  if (!regions.empty()) o += "<path stroke=\"#5a5a5a\" stroke-width=\"0.18\" d=\"" + regions + "\"/>\n";
  if (!silhouette.empty()) o += "<path stroke=\"#303030\" stroke-width=\"0.35\" d=\"" + silhouette + "\"/>\n";
  if (!chosen.empty()) o += "<path stroke=\"#1f3f8f\" stroke-width=\"0.6\" d=\"" + chosen + "\"/>\n";
  o += "</g>\n";
}

void draw_face(std::string& o, const Plan& plan, const FacePicture& p) {
  draw_picture(o, p);
  const Mesh& mesh = *p.face->mesh;
  std::set<int> planned;
  if (mesh.label.size() == mesh.num_faces())
    for (int l : region_labels(mesh, plan.params.region)) planned.insert(l);
  draw_outlines(o, p, planned);
}

const char* zone_text_colour(const std::string& kind) {
  return kind == "nerve" ? "#7d5c00" : zone_colour(kind);  // the nerves' yellow is too light for text on skin
}

const char* zone_colour(const std::string& kind) {
  if (kind == "artery") return "#c0392b";
  if (kind == "nerve") return "#d4a017";
  if (kind == "user") return "#8e44ad";
  return "#404040";  // keep-out and anything else
}

std::string zone_pattern(const std::string& kind, bool forbid) {
  const std::string k = kind == "artery" || kind == "nerve" || kind == "user" ? kind : "keep-out";
  return (forbid ? "forbid-" : "hatch-") + k;
}

namespace {
/// The patterns of the zone kinds: hatched one way (depth capped), cross-hatched (no injection).
std::string defs() {
  std::string o = "<defs>\n";
  for (const char* kind : {"keep-out", "artery", "nerve", "user"}) {
    o += fmt::format(
        "<pattern id=\"hatch-{0}\" patternUnits=\"userSpaceOnUse\" width=\"1.4\" height=\"1.4\" "
        "patternTransform=\"rotate(45)\"><rect width=\"1.4\" height=\"1.4\" fill=\"{1}\" fill-opacity=\"0.10\"/>"
        "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"1.4\" stroke=\"{1}\" stroke-width=\"0.35\"/></pattern>\n",
        kind, zone_colour(kind));
    o += fmt::format(
        "<pattern id=\"forbid-{0}\" patternUnits=\"userSpaceOnUse\" width=\"1.1\" height=\"1.1\" "
        "patternTransform=\"rotate(45)\"><rect width=\"1.1\" height=\"1.1\" fill=\"{1}\" fill-opacity=\"0.22\"/>"
        "<path d=\"M0 0V1.1M0 0H1.1\" stroke=\"{1}\" stroke-width=\"0.35\"/></pattern>\n",
        kind, zone_colour(kind));
  }
  o += "</defs>\n";
  return o;
}

/// A zone's name as shown: the side (seen on the map) and underscores left out.
std::string zone_label(const std::string& name) {
  std::string n = name;
  for (const char* side : {"_left", "_right"}) {
    const std::string s(side);
    if (n.size() > s.size() && n.compare(n.size() - s.size(), s.size(), s) == 0) n.resize(n.size() - s.size());
  }
  std::replace(n.begin(), n.end(), '_', ' ');
  return n;
}
}  // namespace

std::set<std::string> active_zones(const std::vector<const Plan*>& plans) {
  std::set<std::string> a;
  for (const Plan* p : plans)
    for (const auto& z : p->summary.zones)
      if (z.removed > 0 || z.capped > 0) a.insert(z.name);
  return a;
}

std::vector<ZoneFootprint> zone_footprints(const std::vector<Zone>& zones, const FaceFrame& fr, const FacePicture& p) {
  std::vector<ZoneFootprint> out;
  const Mesh& m = *p.face->mesh;
  const OrthoView& v = p.view;
  const Raster& r = p.raster;
  auto clamp = [](double q, int lo, int hi) {  // within [lo, hi] before the cast to int (a zone of any size; NaN: lo)
    return q >= hi ? hi : q >= lo ? static_cast<int>(q) : lo;
  };
  for (const Zone& z : zones) {
    if (z.path.empty()) continue;
    // the pixels that can hold the zone: its course's box widened by its reach (a closed loop also holds
    // what it encloses)
    double x0 = std::numeric_limits<double>::infinity(), y0 = x0, x1 = -x0, y1 = -x0;
    for (const auto& q : z.path) {
      const Eigen::Vector2d c = v.project(q);
      x0 = std::min(x0, c.x()), x1 = std::max(x1, c.x());
      y0 = std::min(y0, c.y()), y1 = std::max(y1, c.y());
    }
    const double pad = (z.radius_mm + 1) * v.px_per_mm + 2;
    if (!(x0 - pad < r.width && x1 + pad > -1 && y0 - pad < r.height && y1 + pad > -1)) continue;  // off the picture
    const int i0 = clamp(std::floor(x0 - pad), 0, r.width - 1), i1 = clamp(std::ceil(x1 + pad), 0, r.width - 1);
    const int j0 = clamp(std::floor(y0 - pad), 0, r.height - 1), j1 = clamp(std::ceil(y1 + pad), 0, r.height - 1);
    if (i0 > i1 || j0 > j1) continue;
    const ZoneTest test(z, fr);
    Mask mask;
    mask.width = i1 - i0 + 1;
    mask.height = j1 - j0 + 1;
    mask.bits.assign(static_cast<size_t>(mask.width) * static_cast<size_t>(mask.height), 0);
    // the pixels that can be within reach of the course: each segment's image widened by the reach (the view is
    // orthographic: a point is at least as far from the course as its image from the course's image) and a pixel
    // more (surface_at's point lies on the pixel's centre up to the raster's snapping); the inside of a closed
    // loop is judged at every pixel
    std::vector<std::uint8_t> near;
    if (!(z.closed && z.path.size() >= 3)) {
      near.assign(mask.bits.size(), 0);
      const double reach = z.radius_mm * v.px_per_mm + 1;
      for (size_t k = 0; k < mesogrid::detail::course_segments(z); ++k) {
        const Eigen::Vector2d a = v.project(z.path[k]), b = v.project(z.path[(k + 1) % z.path.size()]);
        const int bx0 = clamp(std::floor(std::min(a.x(), b.x()) - reach), i0, i1 + 1),
                  bx1 = clamp(std::ceil(std::max(a.x(), b.x()) + reach), i0 - 1, i1);
        const int by0 = clamp(std::floor(std::min(a.y(), b.y()) - reach), j0, j1 + 1),
                  by1 = clamp(std::ceil(std::max(a.y(), b.y()) + reach), j0 - 1, j1);
        for (int y = by0; y <= by1; ++y)
          std::fill_n(near.begin() + (static_cast<long>(y - j0) * mask.width + (bx0 - i0)), std::max(0, bx1 - bx0 + 1),
                      1);
      }
    }
    double sx = 0, sy = 0;
    long n = 0;
    for (int y = j0; y <= j1; ++y)
      for (int x = i0; x <= i1; ++x) {
        if (!near.empty() &&
            !near[static_cast<size_t>(y - j0) * static_cast<size_t>(mask.width) + static_cast<size_t>(x - i0)])
          continue;
        if (r.face_at(x, y) < 0) continue;
        const Eigen::Vector3d q = surface_at(m, v, r, x, y).point;
        if (!on_side(p.face->view, fr, q) || !test.contains(q)) continue;
        mask.bits[static_cast<size_t>(y - j0) * static_cast<size_t>(mask.width) + static_cast<size_t>(x - i0)] = 1;
        sx += x + 0.5, sy += y + 0.5, ++n;
      }
    if (n == 0) continue;
    ZoneFootprint fp;
    fp.zone = &z;
    fp.loops = mask_outlines(mask);
    for (auto& l : fp.loops)
      for (auto& q : l) q = p.to_paper(q + Eigen::Vector2d(i0, j0));
    // the name at the footprint pixel nearest its centre of mass
    const Eigen::Vector2d c(sx / static_cast<double>(n), sy / static_cast<double>(n));
    double best = std::numeric_limits<double>::infinity();
    Eigen::Vector2d at = c;
    for (int y = 0; y < mask.height; ++y)
      for (int x = 0; x < mask.width; ++x)
        if (mask.at(x, y))
          if (const double d = (Eigen::Vector2d(x + i0 + 0.5, y + j0 + 0.5) - c).squaredNorm(); d < best)
            best = d, at = Eigen::Vector2d(x + i0 + 0.5, y + j0 + 0.5);
    fp.label = p.to_paper(at);
    fp.pixels = n;
    // places for the name: footprint pixels on a grid about 1 mm of paper apart (in picture pixels, so the same
    // for any part of the picture), nearest the centre first
    const int step = std::max(1, static_cast<int>(std::lround(p.px_per_paper_mm)));
    std::vector<std::pair<double, Eigen::Vector2d>> grid;
    for (int y = j0 + (step - j0 % step) % step; y <= j1; y += step)
      for (int x = i0 + (step - i0 % step) % step; x <= i1; x += step)
        if (mask.at(x - i0, y - j0)) {
          const Eigen::Vector2d q(x + 0.5, y + 0.5);
          grid.emplace_back((q - c).squaredNorm(), q);
        }
    std::stable_sort(grid.begin(), grid.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    fp.inside.push_back(fp.label);
    for (const auto& [d, q] : grid) fp.inside.push_back(p.to_paper(q));
    if (!fp.loops.empty()) out.push_back(std::move(fp));
  }
  return out;
}

std::vector<ZoneFootprint> refit(std::vector<ZoneFootprint> fps, const Fit& from, const Fit& to) {
  // paper -> the view's plane (mm of face) by `from`, back to paper by `to`
  const auto move = [&](Eigen::Vector2d& q) {
    const double u = (q.x() - from.ox) / from.s + from.xmin, v = from.ymax - (q.y() - from.oy) / from.s;
    q = Eigen::Vector2d(to.ox + to.s * (u - to.xmin), to.oy + to.s * (to.ymax - v));
  };
  for (ZoneFootprint& fp : fps) {
    for (auto& l : fp.loops)
      for (auto& q : l) move(q);
    move(fp.label);
    for (auto& q : fp.inside) move(q);
  }
  return fps;
}

std::vector<Box> DrawnZones::obstacles() const {
  std::vector<Box> b = name_boxes;
  b.insert(b.end(), leader_boxes.begin(), leader_boxes.end());
  return b;
}

namespace {

/// A zone's name as written on the face: one line, or two (split at the space nearest the middle) when long.
std::vector<std::string> name_lines(const std::string& name) {
  if (text_width(name, zone_name_font) <= 24) return {name};
  size_t best = std::string::npos;
  for (size_t k = name.find(' '); k != std::string::npos; k = name.find(' ', k + 1))
    if (best == std::string::npos ||
        std::abs(static_cast<double>(k) - name.size() / 2.0) < std::abs(static_cast<double>(best) - name.size() / 2.0))
      best = k;
  if (best == std::string::npos) return {name};
  return {name.substr(0, best), name.substr(best + 1)};
}

/// The box of a name's lines centred at `c` (text and its white halo).
Box name_box(const std::vector<std::string>& lines, const Eigen::Vector2d& c) {
  double w = 0;
  for (const auto& l : lines) w = std::max(w, text_width(l, zone_name_font));
  const double h = zone_name_font * (1.0 + 1.1 * static_cast<double>(lines.size() - 1)), halo = 0.25;
  return {c.x() - w / 2 - halo, c.y() - h / 2 - halo, c.x() + w / 2 + halo, c.y() + h / 2 + halo};
}

/// Points on paper in cells of 2 mm, tagged, for counting those in a box.
class PointGrid {
 public:
  void add(const Eigen::Vector2d& p, int tag) { cells_[key(p.x(), p.y())].emplace_back(p, tag); }
  /// How many points lie in b whose tag is not `except`.
  size_t count(const Box& b, int except = std::numeric_limits<int>::min()) const {
    size_t n = 0;
    const auto [x0, y0] = key(b.x0, b.y0);
    const auto [x1, y1] = key(b.x1, b.y1);
    for (long gx = x0; gx <= x1; ++gx)
      for (long gy = y0; gy <= y1; ++gy) {
        const auto it = cells_.find({gx, gy});
        if (it == cells_.end()) continue;
        for (const auto& [p, tag] : it->second)
          n += tag != except && p.x() >= b.x0 && p.x() <= b.x1 && p.y() >= b.y0 && p.y() <= b.y1;
      }
    return n;
  }

 private:
  static std::pair<long, long> key(double x, double y) {
    return {static_cast<long>(std::floor(x / 2)), static_cast<long>(std::floor(y / 2))};
  }
  std::map<std::pair<long, long>, std::vector<std::pair<Eigen::Vector2d, int>>> cells_;
};

/// The share of box b that lies over the face in the picture (0: all on the paper around it).
double over_face(const FacePicture& p, const Box& b) {
  size_t n = 0, on = 0;
  for (double y = b.y0 + 0.25; y < b.y1; y += 0.5)
    for (double x = b.x0 + 0.25; x < b.x1; x += 0.5) {
      const int px = static_cast<int>(std::floor((x - p.x) * p.px_per_paper_mm)),
                py = static_cast<int>(std::floor((y - p.y) * p.px_per_paper_mm));
      ++n;
      on += p.raster.inside(px, py) && p.raster.face_at(px, py) >= 0;
    }
  return n ? static_cast<double>(on) / static_cast<double>(n) : 0;
}

/// The point of box b nearest p.
Eigen::Vector2d nearest_on(const Box& b, const Eigen::Vector2d& p) {
  return {std::clamp(p.x(), b.x0, b.x1), std::clamp(p.y(), b.y0, b.y1)};
}

/// Small boxes along the segment a-b (a leader line), for overlap tests.
std::vector<Box> along(const Eigen::Vector2d& a, const Eigen::Vector2d& b) {
  std::vector<Box> out;
  const int n = std::max(1, static_cast<int>(std::ceil((b - a).norm() / 0.8)));
  for (int k = 0; k <= n; ++k) {
    const Eigen::Vector2d q = a + (b - a) * (static_cast<double>(k) / n);
    out.push_back({q.x() - 0.2, q.y() - 0.2, q.x() + 0.2, q.y() + 0.2});
  }
  return out;
}

/// A zone's name as shown in the legend: its name, and its side when it has one ("facial artery (left)").
std::string zone_label_sided(const std::string& name) {
  for (const char* side : {"left", "right"}) {
    const std::string s = std::string("_") + side;
    if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0)
      return zone_label(name) + " (" + side + ")";
  }
  return zone_label(name);
}

}  // namespace

DrawnZones draw_zones(std::string& o, const std::vector<Zone>& zones, const FaceFrame& fr, const FacePicture& p,
                      const std::vector<const Plan*>& plans, const NameRules& rules) {
  return draw_zones(o, zone_footprints(zones, fr, p), p, plans, rules);
}

DrawnZones draw_zones(std::string& o, const std::vector<ZoneFootprint>& fps, const FacePicture& p,
                      const std::vector<const Plan*>& plans, const NameRules& rules) {
  DrawnZones drawn;
  std::set<std::string> kinds;
  o += "<g id=\"zones\">\n";
  struct ToName {
    const ZoneFootprint* fp;
    bool faint;
    int kind_rank;
  };
  std::vector<ToName> to_name;
  for (const ZoneFootprint& fp : fps) {
    const Zone& z = *fp.zone;
    long removed = 0, capped = 0;
    for (const Plan* pl : plans)
      for (const auto& c : pl->summary.zones)
        if (c.name == z.name) removed += c.removed, capped += c.capped;
    const bool active = removed > 0 || capped > 0;
    const bool forbid = z.keep_out() || (removed > 0 && capped == 0);
    const bool faint = plans.empty() || !active;
    kinds.insert(z.kind);
    if (!faint) (forbid ? drawn.forbid : drawn.cap) = true;
    const std::string col = zone_colour(z.kind);
    o += fmt::format(
        "<path class=\"footprint\" data-name=\"{}\" data-rule=\"{}\" fill=\"url(#{})\" fill-rule=\"evenodd\" "
        "stroke=\"{}\" stroke-width=\"{}\"{}{} d=\"",
        esc(z.name), forbid ? "forbid" : "cap", zone_pattern(z.kind, forbid), col, forbid ? "0.3" : "0.25",
        forbid ? "" : " stroke-dasharray=\"0.9 0.6\"", faint ? " opacity=\"0.4\"" : "");
    for (const auto& l : fp.loops) {
      for (size_t i = 0; i < l.size(); ++i)
        o += fmt::format("{}{} {}", i == 0 ? "M" : i == 1 ? "L" : i % 10 == 0 ? "\n" : " ", f2(l[i].x()), f2(l[i].y()));
      o += "Z";
    }
    o += "\"/>\n";
    if (faint && !rules.faint) continue;
    const int rank = z.kind == "artery" ? 0 : z.kind == "nerve" ? 1 : z.kind == "user" ? 2 : 3;
    to_name.push_back({&fp, faint, rank});
  }
  o += "</g>\n";
  // names: the zones that change a site first, vessels before keep-outs, larger footprints first
  std::stable_sort(to_name.begin(), to_name.end(), [](const ToName& a, const ToName& b) {
    if (a.faint != b.faint) return !a.faint;
    if (a.kind_rank != b.kind_rank) return a.kind_rank < b.kind_rank;
    return a.fp->pixels > b.fp->pixels;
  });
  std::vector<Box> taken = rules.obstacles;  // names, leaders and the text they must not cover
  const auto free = [&](const Box& b) {
    if (!rules.area.contains(b)) return false;
    for (const Box& t : taken)
      if (t.overlaps(b)) return false;
    return true;
  };
  std::string names, leaders;
  const double lh = 1.1 * zone_name_font;
  // what a name should not cover: dots (a dot's centre within its radius of the box), and other zones' footprints
  PointGrid dots, samples;
  for (const Eigen::Vector2d& d : rules.dots) dots.add(d, 0);
  for (size_t i = 0; i < fps.size(); ++i)
    for (size_t k = 1; k < fps[i].inside.size(); ++k) samples.add(fps[i].inside[k], static_cast<int>(i));
  const auto widened = [&](const Box& b) {
    return Box{b.x0 - rules.dot_r, b.y0 - rules.dot_r, b.x1 + rules.dot_r, b.y1 + rules.dot_r};
  };
  constexpr size_t max_dots = 3;  // a name over more dots is hidden by them, and hides them
  for (const ToName& tn : to_name) {
    const ZoneFootprint& fp = *tn.fp;
    const int self = static_cast<int>(tn.fp - fps.data());
    const std::vector<std::string> lines = name_lines(zone_label(fp.zone->name));
    // the cost of a place: the dots it covers, the other zones' footprint it covers (mm² of paper, about), how far
    // from the footprint's centre; beside the footprint (a leader line), more, and more the farther
    const auto cost_of = [&](const Box& b, double extra) {
      const size_t n = dots.count(widened(b));
      if (n > max_dots) return std::numeric_limits<double>::infinity();
      return extra + 3.0 * static_cast<double>(n) + 0.2 * static_cast<double>(samples.count(b, self));
    };
    double best_cost = std::numeric_limits<double>::infinity();
    Box best{};
    bool leader = false;
    Eigen::Vector2d centre{0, 0}, from{0, 0};
    const size_t tries = std::min<size_t>(fp.inside.size(), 400);
    for (size_t k = 0; k < tries; ++k) {  // on the footprint
      const double extra = 0.15 * (fp.inside[k] - fp.label).norm();
      if (extra >= best_cost) continue;
      const Box b = name_box(lines, fp.inside[k]);
      if (!free(b)) continue;
      const double cost = cost_of(b, extra);
      if (cost < best_cost) best_cost = cost, best = b, centre = fp.inside[k];
    }
    const Box at_label = name_box(lines, fp.label);
    const double hw = (at_label.x1 - at_label.x0) / 2, hh = (at_label.y1 - at_label.y0) / 2;
    // beside it, with a leader line, on the paper around the face (a name over other skin would name it)
    for (double dist : {2.0, 4.0, 7.0, 11.0, 16.0, 22.0, 30.0, 40.0}) {
      const double extra = 4 + 0.25 * dist;
      if (extra >= best_cost) break;
      for (int k = 0; k < 24; ++k) {
        const double a = 2 * 3.14159265358979323846 * k / 24;
        const Eigen::Vector2d dir(std::cos(a), -std::sin(a));
        // the box's centre so that its edge is `dist` from the footprint's point along dir
        const double reach = std::min(std::abs(dir.x()) > 1e-9 ? hw / std::abs(dir.x()) : 1e300,
                                      std::abs(dir.y()) > 1e-9 ? hh / std::abs(dir.y()) : 1e300);
        const Eigen::Vector2d c = fp.label + dir * (dist + reach);
        const Box b = name_box(lines, c);
        if (!free(b)) continue;
        const double face = over_face(p, b);
        if (face > 0.25) continue;
        const double cost = cost_of(b, extra + 6 * face);
        if (cost >= best_cost) continue;
        bool clear = true;
        for (const Box& q : along(fp.label, nearest_on(b, fp.label)))
          for (const Box& t : taken) clear = clear && !t.overlaps(q);
        if (!clear) continue;
        best_cost = cost, best = b, centre = c, leader = true, from = fp.label;
      }
    }
    const std::string side_name = zone_label_sided(fp.zone->name);
    if (!std::isfinite(best_cost)) {
      if (std::find(drawn.unnamed.begin(), drawn.unnamed.end(), side_name) == drawn.unnamed.end())
        drawn.unnamed.push_back(side_name);
      continue;
    }
    taken.push_back(best);
    drawn.name_boxes.push_back(best);
    const char* col = zone_text_colour(fp.zone->kind);
    const std::string op = tn.faint ? " opacity=\"0.75\"" : "";
    if (leader) {
      const Eigen::Vector2d to = nearest_on(best, from);
      leaders += fmt::format(
          "<path class=\"leader\" data-zone=\"{}\" d=\"M{} {}L{} {}\" stroke=\"{}\" stroke-width=\"0.3\"{}/>\n",
          esc(fp.zone->name), f2(from.x()), f2(from.y()), f2(to.x()), f2(to.y()), col, op);
      for (const Box& q : along(from, to)) {
        taken.push_back(q);
        drawn.leader_boxes.push_back(q);
      }
    }
    const double top = centre.y() - zone_name_font * (1.0 + 1.1 * static_cast<double>(lines.size() - 1)) / 2;
    for (size_t k = 0; k < lines.size(); ++k)
      names += fmt::format("<text class=\"zone-name\" data-zone=\"{}\" x=\"{}\" y=\"{}\" fill=\"{}\"{}>{}</text>\n",
                           esc(fp.zone->name), f2(centre.x()), f2(top + 0.76 * zone_name_font + lh * k), col, op,
                           esc(lines[k]));
  }
  if (!leaders.empty()) o += "<g id=\"zone-leaders\" fill=\"none\">\n" + leaders + "</g>\n";
  if (!names.empty())
    o += "<g id=\"zone-names\" font-size=\"" + fmt::format("{}", zone_name_font) +
         "\" text-anchor=\"middle\" stroke=\"#ffffff\" stroke-width=\"0.45\" "
         "paint-order=\"stroke\" stroke-linejoin=\"round\">\n" +
         names + "</g>\n";
  for (const char* k : {"keep-out", "artery", "nerve", "user"})
    if (kinds.erase(k) > 0) drawn.kinds.emplace_back(k);
  drawn.kinds.insert(drawn.kinds.end(), kinds.begin(), kinds.end());
  return drawn;
}

std::vector<const Site*> shown_sites(const Plan& plan, const FacePicture& p) {
  const MapView& view = p.face->view;
  std::vector<const Site*> cand;
  std::vector<Eigen::Vector2d> at;
  for (const auto& site : plan.sites) {
    if (view.side != 0 && !on_side(view, plan.params.frame, site.position)) continue;
    cand.push_back(&site);
    at.push_back(p.view.project(site.position));
  }
  // drawn where the first skin along the exact view ray through the site is its own (within 0.5 mm): not behind
  // or under another surface, and not on skin seen edge-on (within 10° of the line of sight: such a site's dot
  // sits on the outline; another view shows it). A ray that meets no skin at all has nothing in front of the site
  // (it passes the outline where the skin folds away, its own triangle missed by rounding): not hidden. Exact rays,
  // not the picture's pixels: the same sites are shown at any size of the map, and mirror sites alike.
  const double edge_on = std::sin(10 * pi / 180);
  const std::vector<RayHit> hits = cast_rays(*p.face->mesh, p.view, at);
  std::vector<const Site*> s;
  for (size_t k = 0; k < cand.size(); ++k) {
    const RayHit& h = hits[k];
    if (h.face >= 0 && (h.point - cand[k]->position).norm() > 0.5) continue;
    if (std::abs(cand[k]->normal.dot(p.view.toward)) < edge_on) continue;
    s.push_back(cand[k]);
  }
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
      "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"{0}mm\" "
      "height=\"{1}mm\" viewBox=\"0 0 {0} {1}\" "
      "font-family=\"{2}\">\n",
      fixed(w, 0), fixed(h, 0), font);
  o += "<title>" + esc(title) + "</title>\n";
  o += defs();
  o += fmt::format("<rect id=\"paper\" width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>\n", fixed(w, 0), fixed(h, 0));
  return o;
}

void legend_zones(std::string& o, const DrawnZones& zones, double x, double& y, double w) {
  if (zones.kinds.empty()) return;
  o += fmt::format(
      "<text x=\"{}\" y=\"{}\" font-size=\"3\" font-weight=\"bold\">Zones (where they lie on the skin)</text>\n", f2(x),
      f2(y));
  y += 2;
  double kx = x;  // the kinds' colours on one row
  for (const auto& k : zones.kinds) {
    const std::string name = k == "keep-out" ? "keep-out (eye, lip, nostril)"
                             : k == "user"   ? "user (--exclude)"
                                             : esc(k);
    o += fmt::format(
        "<rect x=\"{}\" y=\"{}\" width=\"4\" height=\"3.6\" fill=\"{}\"/><text x=\"{}\" y=\"{}\" "
        "font-size=\"2.8\">{}</text>\n",
        f2(kx), f2(y), zone_colour(k), f2(kx + 5), f2(y + 2.9), name);
    kx += 9 + 1.55 * static_cast<double>(name.size());
  }
  y += 4.8;
  double sx = x;
  const auto swatch = [&](bool forbid, const std::string& text) {
    o += fmt::format(
        "<rect x=\"{}\" y=\"{}\" width=\"6\" height=\"3.6\" fill=\"url(#{})\" stroke=\"#404040\" "
        "stroke-width=\"{}\"{}/><text x=\"{}\" y=\"{}\" font-size=\"2.8\">{}</text>\n",
        f2(sx), f2(y), zone_pattern("keep-out", forbid), forbid ? "0.3" : "0.25",
        forbid ? "" : " stroke-dasharray=\"0.9 0.6\"", f2(sx + 7.5), f2(y + 2.9), text);
    sx += 11 + 1.55 * static_cast<double>(text.size());
  };
  swatch(true, "no injection");
  swatch(false, "depth capped above the vessel");
  y += 4.8;
  o += fmt::format(
      "<text x=\"{}\" y=\"{}\" font-size=\"2.5\" fill=\"#555555\">faint: zones that remove or cap "
      "no site of this plan</text>\n",
      f2(x), f2(y + 2));
  y += 5.5;
  if (zones.unnamed.empty()) return;
  std::string list = "Not named on the face (no room): ";
  for (size_t i = 0; i < zones.unnamed.size(); ++i) list += (i ? ", " : "") + zones.unnamed[i];
  for (const auto& line : wrap_text(list, w, 2.5)) {
    o += fmt::format("<text class=\"unnamed\" x=\"{}\" y=\"{}\" font-size=\"2.5\" fill=\"#333333\">{}</text>\n", f2(x),
                     f2(y), esc(line));
    y += 3.2;
  }
  y += 1;
}

}  // namespace mesogrid::cli::draw

// src/maps/blocks.cpp: see blocks.hpp.
#include "blocks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <mesogrid/plan/safety.hpp>
#include <mesogrid/plan/technique.hpp>
#include <set>

namespace mesogrid::cli::draw {

std::string Block::at(double x, double y, const std::string& id) const {
  if (svg.empty()) return "";
  return fmt::format("<g{} transform=\"translate({} {})\">\n{}</g>\n", id.empty() ? "" : " id=\"" + id + "\"", f2(x),
                     f2(y), svg);
}

namespace {
/// DejaVu Sans advance widths in em: digits exactly (1303/2048), the rest an upper bound of their class.
double char_em(unsigned char c) {
  if (c >= '0' && c <= '9') return 0.637;
  if (c == ' ') return 0.318;
  if (c == 'i' || c == 'l' || c == 'j' || c == '.' || c == ',' || c == ':' || c == ';' || c == '\'' || c == '|')
    return 0.32;
  if (c == 'm' || c == 'w') return 0.98;
  if (c >= 'A' && c <= 'Z') return c == 'M' || c == 'W' ? 1.0 : 0.78;
  if (c >= 'a' && c <= 'z') return 0.64;
  if (c == '(' || c == ')' || c == '-' || c == '/' || c == '[' || c == ']') return 0.42;
  return 0.84;  // other ASCII signs, and each code point outside ASCII (counted once, at its lead byte)
}
}  // namespace

double text_width(std::string_view s, double font) {
  double em = 0;
  for (unsigned char c : s)
    if ((c & 0xc0) != 0x80) em += char_em(c);  // continuation bytes of UTF-8 add nothing
  return em * font;
}

double text_advance(std::string_view s, double font, bool bold) {
  // DejaVu Sans Book advance widths of ' ' to '~' in font units (2048 to the em)
  static constexpr std::array<short, 95> units = {
      651,  823,  942,  1716, 1303, 1946, 1597, 563,  799,  799,  1024, 1716, 651,  739,  651,  690,  1303, 1303, 1303,
      1303, 1303, 1303, 1303, 1303, 1303, 1303, 690,  690,  1716, 1716, 1716, 1087, 2048, 1401, 1405, 1430, 1577, 1294,
      1178, 1587, 1540, 604,  604,  1343, 1141, 1767, 1532, 1612, 1235, 1612, 1423, 1300, 1251, 1499, 1401, 2025, 1403,
      1251, 1403, 799,  690,  799,  1716, 1024, 1024, 1255, 1300, 1126, 1300, 1260, 721,  1300, 1298, 569,  569,  1186,
      569,  1995, 1298, 1253, 1300, 1300, 842,  1067, 803,  1298, 1212, 1675, 1212, 1212, 1075, 1303, 690,  1303, 1716};
  double u = 0;
  for (unsigned char c : s) {
    if ((c & 0xc0) == 0x80) continue;  // continuation bytes of UTF-8 add nothing
    u += c >= ' ' && c <= '~' ? units[static_cast<size_t>(c - ' ')] : 1303;
  }
  return u / 2048 * font * (bold ? 1.1 : 1.0);
}

std::vector<std::string> wrap_text(std::string_view text, double width, double font,
                                   double (*measure)(std::string_view, double)) {
  std::vector<std::string> lines;
  std::string line;
  size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && text[pos] == ' ') ++pos;
    if (pos >= text.size()) break;
    size_t end = text.find(' ', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string word(text.substr(pos, end - pos));
    pos = end;
    const std::string joined = line.empty() ? word : line + " " + word;
    if (measure(joined, font) <= width) {
      line = joined;
      continue;
    }
    if (!line.empty()) lines.push_back(line);
    while (measure(word, font) > width && word.size() > 1) {  // a word longer than the line: cut it
      size_t k = word.size() - 1;
      while (k > 1 && measure(word.substr(0, k), font) > width) --k;
      while (k > 1 && (static_cast<unsigned char>(word[k]) & 0xc0) == 0x80) --k;  // not inside a UTF-8 character
      lines.push_back(word.substr(0, k));
      word = word.substr(k);
    }
    line = word;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

Block warnings_block(const std::vector<std::string>& warnings, double w, double font) {
  Block b;
  if (warnings.empty()) return b;
  const double lh = font * 1.28;
  b.svg += fmt::format(
      "<text x=\"0\" y=\"3\" font-size=\"3.2\" font-weight=\"bold\" fill=\"#b00000\">Warnings ({}): risks to look at "
      "before injecting</text>\n",
      warnings.size());
  double y = 3 + 1.6;
  b.svg += fmt::format("<g font-size=\"{}\">\n", f2(font));
  for (size_t i = 0; i < warnings.size(); ++i) {
    const std::string num = fmt::format("{}.", i + 1);
    const double indent = text_width("00.", font) + 1;
    const auto lines = wrap_text(warnings[i], w - indent, font);
    for (size_t k = 0; k < lines.size(); ++k) {
      y += lh;
      if (k == 0)
        b.svg += fmt::format("<text class=\"warning\" x=\"0\" y=\"{}\" fill=\"#b00000\">{}</text>", f2(y), num);
      b.svg += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>\n", f2(indent), f2(y), esc(lines[k]));
    }
    y += 0.6;
  }
  b.svg += "</g>\n";
  b.h = y + 1;
  return b;
}

namespace {

const SafetyList* list_of(std::string_view key) {
  for (const auto& l : safety_lists())
    if (l.key == key) return &l;
  return nullptr;
}

/// A column of check lines with boxes to tick, from y; returns the y below it.
double check_column(std::string& o, const std::string& title, const std::vector<std::string_view>& checks, double x,
                    double y, double w, double font) {
  const double lh = font * 1.22, box = font * 0.95;
  o += fmt::format("<text x=\"{}\" y=\"{}\" font-weight=\"bold\">{}</text>\n", f2(x), f2(y), esc(title));
  y += 0.5;
  for (std::string_view c : checks) {
    const auto lines = wrap_text(c, w - box - 1.2, font);
    y += lh;
    o += fmt::format(
        "<rect class=\"tick\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#333333\" "
        "stroke-width=\"0.2\"/>",
        f2(x), f2(y - box * 0.92), f2(box), f2(box));
    for (size_t k = 0; k < lines.size(); ++k) {
      if (k > 0) y += lh;
      o += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>", f2(x + box + 1.2), f2(y), esc(lines[k]));
    }
    o += "\n";
    y += 0.35;
  }
  return y;
}

std::vector<std::string_view> checks_of(std::initializer_list<std::string_view> keys) {
  std::vector<std::string_view> c;
  for (std::string_view k : keys)
    if (const SafetyList* l = list_of(k))
      for (const auto& it : l->items)
        if (!it.check.empty()) c.push_back(it.check);
  return c;
}

}  // namespace

Block checklist_block(double w) {
  Block b;
  const double font = 2.25, gap = 4, cw1 = 0.37 * (w - 2 * gap), cw2 = 0.33 * (w - 2 * gap),
               cw3 = w - 2 * gap - cw1 - cw2;
  b.svg += "<g font-size=\"" + f2(font) + "\">\n";
  b.svg +=
      "<text x=\"0\" y=\"3\" font-size=\"3.2\" font-weight=\"bold\">Chair-side checklist</text>"
      "<text x=\"" +
      f2(text_width("Chair-side checklist", 3.2) + 3) +
      "\" y=\"3\" fill=\"#555555\">(sources and evidence: the PDF's checklist page, 'mesogrid techniques')</text>\n";
  const double y0 = 3 + 4.2;
  const double h1 =
      check_column(b.svg, "Ruled out before injecting", checks_of({"contraindications"}), 0, y0, cw1, font);
  const double x2 = cw1 + gap, x3 = x2 + cw2 + gap;
  double h2 =
      check_column(b.svg, "Before the session", checks_of({"who_may_be_treated", "before_session"}), x2, y0, cw2, font);
  // side effects: one paragraph to tell the patient, under the second column
  std::string effects = "Side effects to tell the patient: ";
  const auto fx = checks_of({"side_effects"});
  for (size_t i = 0; i < fx.size(); ++i) {
    std::string e(fx[i]);
    if (!e.empty() && e[0] >= 'A' && e[0] <= 'Z') e[0] = static_cast<char>(e[0] - 'A' + 'a');  // mid-sentence
    effects += e + (i + 1 < fx.size() ? "; " : ".");
  }
  h2 += 1.2;
  for (const auto& line : wrap_text(effects, cw2, font)) {
    h2 += font * 1.22;
    b.svg += fmt::format("<text x=\"{}\" y=\"{}\" fill=\"#333333\">{}</text>\n", f2(x2), f2(h2), esc(line));
  }
  const double h3 =
      check_column(b.svg, "After the session (tell the patient)", checks_of({"after_session"}), x3, y0, cw3, font);
  b.svg += "</g>\n";
  b.h = std::max({h1, h2, h3}) + 1;
  return b;
}

std::vector<Block> checklist_full_blocks(double w) {
  std::vector<Block> out;
  const double font = 2.6, lh = font * 1.25, box = 2.6, small = 2.2;
  for (const auto& l : safety_lists()) {
    Block b;
    const bool ticks = l.key != "session" && l.key != "side_effects";  // facts to know, not boxes to tick
    double y = 4;
    b.svg += fmt::format("<g font-size=\"{}\">\n", f2(font));
    b.svg +=
        fmt::format("<text x=\"0\" y=\"{}\" font-size=\"3.4\" font-weight=\"bold\">{}{}</text>\n", f2(y), esc(l.title),
                    l.key == "contraindications"                          ? ": rule each out before injecting"
                    : l.key == "side_effects" || l.key == "after_session" ? ": tell the patient"
                                                                          : "");
    y += 0.6;
    for (const auto& it : l.items) {
      const double tx = ticks ? box + 1.5 : 0;
      const auto lines = wrap_text(it.text, w - tx, font);
      y += lh;
      if (ticks)
        b.svg += fmt::format(
            "<rect class=\"tick\" x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#333333\" "
            "stroke-width=\"0.25\"/>",
            f2(y - box * 0.9), f2(box), f2(box));
      for (size_t k = 0; k < lines.size(); ++k) {
        if (k > 0) y += lh;
        b.svg += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>", f2(tx), f2(y), esc(lines[k]));
      }
      const std::string src =
          "source: " + std::string(it.source) + (it.strength.empty() ? "" : " (" + std::string(it.strength) + ")");
      for (const auto& line : wrap_text(src, w - tx, small)) {
        y += small * 1.25;
        b.svg += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"#666666\">{}</text>", f2(tx), f2(y),
                             f2(small), esc(line));
      }
      b.svg += "\n";
      y += 0.8;
    }
    b.svg += "</g>\n";
    b.h = y + 2;
    out.push_back(std::move(b));
  }
  return out;
}

bool angled(const Plan& plan) { return plan.params.angle_deg < 80; }

size_t draw_needles(std::string& o, const std::vector<const Site*>& sites, const Fit& fit, double r, double min_len) {
  std::string d;
  size_t n = 0;
  for (const Site* s : sites) {
    if (s->angle_deg >= 80) continue;
    const Eigen::Vector2d a = fit(s->position), t = fit(s->tip);
    Eigen::Vector2d v = t - a;
    const double len = v.norm();
    // along the view the needle's path has no length on paper: it goes straight into the page
    const Eigen::Vector3d path = s->tip - s->position;
    if (len < 1e-6 || len < 0.15 * fit.s * path.norm()) continue;
    v /= len;
    const double l = std::max(len, r + min_len);
    const Eigen::Vector2d p0 = a + v * r, p1 = a + v * l;
    d += fmt::format("M{} {}L{} {}", f2(p0.x()), f2(p0.y()), f2(p1.x()), f2(p1.y()));
    ++n;
  }
  if (!d.empty())
    o += fmt::format(
        "<path id=\"needles\" d=\"{}\" fill=\"none\" stroke=\"#111111\" stroke-width=\"{}\" "
        "stroke-linecap=\"round\"/>\n",
        d, f2(std::clamp(0.35 * r, 0.16, 0.3)));
  return n;
}

void legend_needles(std::string& o, const Plan& plan, double x, double& y) {
  const auto& r = plan.params;
  double lo = 90, hi = 0;
  for (const auto& s : plan.sites) {
    lo = std::min(lo, s.angle_deg);
    hi = std::max(hi, s.angle_deg);
  }
  if (plan.sites.empty()) lo = hi = r.angle_deg;
  const std::string angle = std::lround(lo) == std::lround(hi)
                                ? fmt::format("{}°", std::lround(lo))
                                : fmt::format("{}-{}°", std::lround(lo), std::lround(hi));
  if (!angled(plan)) {
    o += fmt::format(
        "<circle cx=\"{}\" cy=\"{}\" r=\"1.4\" fill=\"#dddddd\" stroke=\"#111111\" stroke-width=\"0.22\"/>"
        "<text x=\"{}\" y=\"{}\" font-size=\"2.8\">needle {} to the skin (perpendicular): no direction mark</text>\n",
        f2(x + 2), f2(y - 1), f2(x + 5), f2(y), angle);
    y += 4.2;
    return;
  }
  o += fmt::format(
      "<circle cx=\"{0}\" cy=\"{1}\" r=\"1.1\" fill=\"#dddddd\" stroke=\"#111111\" stroke-width=\"0.22\"/>"
      "<path d=\"M{0} {1}l0 3.2\" stroke=\"#111111\" stroke-width=\"0.3\" stroke-linecap=\"round\"/>"
      "<text x=\"{2}\" y=\"{3}\" font-size=\"2.8\">needle at {4} to the skin, advancing {5}: the tick is</text>\n",
      f2(x + 2), f2(y - 2), f2(x + 5), f2(y), angle, advance_name(r.advance));
  y += 3.6;
  o += fmt::format(
      "<text x=\"{}\" y=\"{}\" font-size=\"2.8\">its path under the skin seen in this view, to scale</text>\n",
      f2(x + 5), f2(y));
  y += 4.2;
}

double label_font(double r) { return std::clamp(r * 1.5, 1.6, 2.4); }

Box label_box(std::string_view text, double x, double y, double font) {
  return {x, y - 0.73 * font, x + text_width(text, font), y};
}

namespace {
/// Boxes in a uniform grid of cells (paper mm), for overlap queries among thousands of labels.
class BoxGrid {
 public:
  explicit BoxGrid(double cell) : cell_(cell) {}
  void add(const Box& b) {
    const size_t i = boxes_.size();
    boxes_.push_back(b);
    for (long gx = key(b.x0); gx <= key(b.x1); ++gx)
      for (long gy = key(b.y0); gy <= key(b.y1); ++gy) cells_[{gx, gy}].push_back(i);
  }
  bool free(const Box& b) const {
    for (long gx = key(b.x0); gx <= key(b.x1); ++gx)
      for (long gy = key(b.y0); gy <= key(b.y1); ++gy) {
        const auto it = cells_.find({gx, gy});
        if (it == cells_.end()) continue;
        for (size_t i : it->second)
          if (boxes_[i].overlaps(b)) return false;
      }
    return true;
  }

 private:
  long key(double v) const { return static_cast<long>(std::floor(v / cell_)); }
  double cell_;
  std::vector<Box> boxes_;
  std::map<std::pair<long, long>, std::vector<size_t>> cells_;
};
}  // namespace

size_t draw_labels(std::string& o, const std::vector<const Site*>& sites, const Fit& fit, double r, double font,
                   bool needles, const Box& page, const std::vector<Box>& obstacles, std::vector<Box>* placed_boxes) {
  BoxGrid grid(4);
  for (const Box& b : obstacles) grid.add(b);
  std::vector<Eigen::Vector2d> at(sites.size());
  for (size_t i = 0; i < sites.size(); ++i) {
    at[i] = fit(sites[i]->position);
    grid.add({at[i].x() - r, at[i].y() - r, at[i].x() + r, at[i].y() + r});
    if (needles && sites[i]->angle_deg < 80) {  // the tick: a thin box along it
      const Eigen::Vector2d t = fit(sites[i]->tip);
      if ((t - at[i]).norm() > r) {
        const Eigen::Vector2d v = (t - at[i]).normalized(), e = at[i] + v * std::max((t - at[i]).norm(), 2.2 * r);
        for (int k = 1; k <= 4; ++k) {
          const Eigen::Vector2d p = at[i] + (e - at[i]) * (k / 4.0);
          grid.add({p.x() - 0.2, p.y() - 0.2, p.x() + 0.2, p.y() + 0.2});
        }
      }
    }
  }
  // priority: row ends, every tenth, every fifth, the rest (stable in site order)
  std::map<int, std::pair<long, long>> row_ends;
  for (const Site* s : sites) {
    auto it = row_ends.find(s->row);
    if (it == row_ends.end())
      row_ends[s->row] = {s->id, s->id};
    else
      it->second = {std::min(it->second.first, s->id), std::max(it->second.second, s->id)};
  }
  const auto rank = [&](const Site* s) {
    const auto& e = row_ends[s->row];
    if (s->id == e.first || s->id == e.second) return 0;
    if (s->id % 10 == 0) return 1;
    if (s->id % 5 == 0) return 2;
    return 3;
  };
  std::vector<size_t> order(sites.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return rank(sites[a]) < rank(sites[b]); });
  const double gap = 0.25, h = 0.73 * font;
  std::vector<std::pair<size_t, Eigen::Vector2d>> placed;  // (site index, baseline start)
  for (size_t i : order) {
    const std::string id = std::to_string(sites[i]->id);
    const double w = text_width(id, font);
    const double cx = at[i].x(), cy = at[i].y(), d = r + gap;
    // 8 places: right, upper right, above, upper left, left, lower left, below, lower right (baseline starts)
    const Eigen::Vector2d cand[8] = {{cx + d, cy + h / 2},     {cx + 0.7 * d, cy - 0.7 * d},
                                     {cx - w / 2, cy - d},     {cx - 0.7 * d - w, cy - 0.7 * d},
                                     {cx - d - w, cy + h / 2}, {cx - 0.7 * d - w, cy + 0.7 * d + h},
                                     {cx - w / 2, cy + d + h}, {cx + 0.7 * d, cy + 0.7 * d + h}};
    for (const auto& c : cand) {
      const Box b = label_box(id, c.x(), c.y(), font);
      const Box pad{b.x0 - 0.1, b.y0 - 0.1, b.x1 + 0.1, b.y1 + 0.1};
      if (b.x0 < page.x0 || b.x1 > page.x1 || b.y0 < page.y0 || b.y1 > page.y1 || !grid.free(pad)) continue;
      grid.add(pad);
      placed.emplace_back(i, c);
      if (placed_boxes) placed_boxes->push_back(b);
      break;
    }
  }
  std::sort(placed.begin(), placed.end(), [&](const auto& a, const auto& b) { return a.first < b.first; });
  o += fmt::format(
      "<g id=\"labels\" font-size=\"{}\" fill=\"#000000\" stroke=\"#ffffff\" stroke-width=\"{}\" "
      "paint-order=\"stroke\" stroke-linejoin=\"round\">\n",
      f2(font), f2(0.2 * font));
  for (const auto& [i, c] : placed)
    o += fmt::format("<text class=\"label\" x=\"{}\" y=\"{}\">{}</text>\n", f2(c.x()), f2(c.y()), sites[i]->id);
  o += "</g>\n";
  return placed.size();
}

}  // namespace mesogrid::cli::draw

// Tests of src/maps/blocks.hpp through the pages: warnings printed as text, the checklist of plan/safety.hpp on the
// map and in full on the PDF's pages, needle ticks along the projected needle, site numbers that never overlap a
// number or a dot, and close-ups that number every site.
#include <doctest/doctest.h>

#include <map>
#include <mesogrid/plan/safety.hpp>
#include <regex>
#include <set>
#include <string>

#include "face.hpp"
#include "flags.hpp"
#include "maps/blocks.hpp"
#include "maps/maps.hpp"
#include "planning.hpp"

#include "../src_support.hpp"

using namespace mesogrid;
using namespace mesogrid::cli;

namespace {

/// The text of every <text> element of `svg` (entities decoded), in order.
std::vector<std::string> bl_texts(const std::string& svg) {
  std::vector<std::string> out;
  static const std::regex re("<text[^>]*>([^<]*)</text>");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), re); it != std::sregex_iterator(); ++it) {
    std::string t = (*it)[1];
    for (const auto& [e, c] : std::vector<std::pair<std::string, std::string>>{
             {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&amp;", "&"}})
      for (size_t p = t.find(e); p != std::string::npos; p = t.find(e, p + 1)) t.replace(p, e.size(), c);
    out.push_back(t);
  }
  return out;
}

/// The text of `svg` as one string, lines joined by spaces (wrapped text reads whole again).
std::string bl_joined(const std::string& svg) {
  std::string s;
  for (const auto& t : bl_texts(svg)) s += t + " ";
  return s;
}

struct BlLabel {
  long id;
  draw::Box box;
};

/// The site numbers (class "label") of an SVG and their boxes from DejaVu Sans's digit width (1303/2048 em) and
/// height (0.73 em), independently of blocks.cpp.
std::vector<BlLabel> bl_labels_of(const std::string& svg) {
  std::vector<BlLabel> out;
  static const std::regex group("<g id=\"labels\" font-size=\"([0-9.]+)\"");
  std::smatch m;
  REQUIRE(std::regex_search(svg, m, group));
  const double font = std::stod(m[1]);
  static const std::regex re("<text class=\"label\" x=\"([-0-9.]+)\" y=\"([-0-9.]+)\">([0-9]+)</text>");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), re); it != std::sregex_iterator(); ++it) {
    const double x = std::stod((*it)[1]), y = std::stod((*it)[2]);
    const std::string id = (*it)[3];
    out.push_back({std::stol(id), {x, y - 0.73 * font, x + static_cast<double>(id.size()) * 1303.0 / 2048 * font, y}});
  }
  return out;
}

struct BlDot {
  long id;
  double x, y, r;
};

std::vector<BlDot> bl_dots_of(const std::string& svg) {
  std::vector<BlDot> out;
  static const std::regex re(
      "<circle class=\"site\" data-id=\"([0-9]+)\" cx=\"([-0-9.]+)\" cy=\"([-0-9.]+)\" r=\"([0-9.]+)\"");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), re); it != std::sregex_iterator(); ++it)
    out.push_back({std::stol((*it)[1]), std::stod((*it)[2]), std::stod((*it)[3]), std::stod((*it)[4])});
  return out;
}

/// Pairs of overlapping label boxes, and labels overlapping a dot (as its square), by brute force.
std::pair<size_t, size_t> bl_overlaps(const std::vector<BlLabel>& labels, const std::vector<BlDot>& dots) {
  size_t ll = 0, ld = 0;
  for (size_t i = 0; i < labels.size(); ++i) {
    for (size_t j = i + 1; j < labels.size(); ++j) ll += labels[i].box.overlaps(labels[j].box);
    for (const BlDot& d : dots) ld += labels[i].box.overlaps({d.x - d.r, d.y - d.r, d.x + d.r, d.y + d.r});
  }
  return {ll, ld};
}

}  // namespace

TEST_CASE("wrap_text: lines within the width, every word kept in order; a word longer than a line is cut") {
  const std::string t = "the quick brown fox jumps over the lazy dog near 0.63 mm of superficial dermis";
  const auto lines = draw::wrap_text(t, 30, 2.5);
  REQUIRE(lines.size() > 1);
  std::string back;
  for (const auto& l : lines) {
    CHECK(draw::text_width(l, 2.5) <= 30);
    back += (back.empty() ? "" : " ") + l;
  }
  CHECK(back == t);
  const auto cut = draw::wrap_text(std::string(60, '7'), 20, 2.5);
  CHECK(cut.size() == 5);  // 12 digits of 1.59 mm a line
  for (const auto& l : cut) CHECK(draw::text_width(l, 2.5) <= 20);
  CHECK(draw::text_width("0123456789", 1) == doctest::Approx(6.37));
}

TEST_CASE("text_advance: DejaVu Sans Book's own widths, under text_width's bound; lines filled to the width") {
  CHECK(draw::text_advance("0", 2048) == doctest::Approx(1303));  // font units at 2048 to the em
  CHECK(draw::text_advance("m i", 2048) == doctest::Approx(1995 + 651 + 569));
  CHECK(draw::text_advance("Coverage: ", 2.8, true) == doctest::Approx(1.1 * draw::text_advance("Coverage: ", 2.8)));
  CHECK(draw::text_advance("°", 2048) == doctest::Approx(1303));  // outside ASCII: once per character
  const std::string t = "lattice +2.4% vs area/cell, 0.4% uncovered, meets contract; left empty on purpose 22.0 cm²";
  CHECK(draw::text_advance(t, 2.8) < draw::text_width(t, 2.8));
  const auto measure = [](std::string_view s, double f) { return draw::text_advance(s, f); };
  const std::string t4 = t + " " + t + " " + t + " " + t;
  const auto exact = draw::wrap_text(t4, 60, 2.8, measure), bound = draw::wrap_text(t4, 60, 2.8);
  for (const auto& l : exact) CHECK(draw::text_advance(l, 2.8) <= 60);
  CHECK(exact.size() < bound.size());  // the bound wraps early: measured lines hold more words
}

TEST_CASE("the map prints every warning as its text, and the checklist of plan/safety.hpp") {
  PlanFlags f;
  f.region = "full_face";
  f.technique = "nappage";
  f.volume = "0.005";
  f.session_max = "1ml";
  f.depth = "1.5mm";
  const Plan p = test::tool_plan(f);
  REQUIRE(p.warnings.size() == 3);
  const std::string svg = plan_svg(test::tool_face().mesh, p, {}, MapOptions{});
  const std::string all = bl_joined(svg);
  for (const auto& w : p.warnings) CHECK(all.find(cli::text(w)) != std::string::npos);
  CHECK(all.find("Warnings (3)") != std::string::npos);
  CHECK(all.find("see the plan's text output") == std::string::npos);
  size_t checks = 0;
  for (const auto& l : safety_lists())
    for (const auto& it : l.items)
      if (!it.check.empty() && l.key != "side_effects") {
        ++checks;
        CHECK_MESSAGE(all.find(std::string(it.check)) != std::string::npos, it.check);
      }
  CHECK(checks >= 20);
  size_t ticks = 0;
  for (size_t at = svg.find("class=\"tick\""); at != std::string::npos; at = svg.find("class=\"tick\"", at + 1))
    ++ticks;
  CHECK(ticks == checks);
  // everything on the A4 page: the lowest text line above the disclaimer
  double lowest = 0;
  static const std::regex ty("<g id=\"checklist\" transform=\"translate\\(10.00 ([0-9.]+)\\)\"");
  std::smatch m;
  REQUIRE(std::regex_search(svg, m, ty));
  const double top = std::stod(m[1]);
  static const std::regex yy(" y=\"([0-9.]+)\"");
  const size_t from = svg.find("<g id=\"checklist\""), to = svg.find("<text x=\"105\" y=\"293\"");
  REQUIRE(to > from);
  const std::string block = svg.substr(from, to - from);
  for (auto it = std::sregex_iterator(block.begin(), block.end(), yy); it != std::sregex_iterator(); ++it)
    lowest = std::max(lowest, std::stod((*it)[1]));
  CHECK(top + lowest < 290);
  // no warning: no block, the page keeps its map at full size
  const Plan quiet = test::tool_plan("forehead", "point-by-point");
  REQUIRE(quiet.warnings.empty());
  CHECK(plan_svg(test::tool_face().mesh, quiet, {}, MapOptions{}).find("id=\"warnings\"") == std::string::npos);
}

TEST_CASE("checklist pages: the warnings in full, every safety item with its source, boxes to tick") {
  PlanFlags f;
  f.region = "forehead";
  f.technique = "nappage";
  f.volume = "0.005";
  const Plan p = test::tool_plan(f);
  REQUIRE(!p.warnings.empty());
  Record r;
  r.patient = "J. Doe";
  const auto pages = checklist_svgs(p, r);
  REQUIRE(!pages.empty());
  std::string all;
  for (const auto& pg : pages) {
    all += bl_joined(pg);
    CHECK(pg.find("width=\"210mm\" height=\"297mm\"") != std::string::npos);
  }
  for (const auto& w : p.warnings) CHECK(all.find(cli::text(w)) != std::string::npos);
  CHECK(all.find("for J. Doe") != std::string::npos);
  for (const auto& l : safety_lists()) {
    CHECK(all.find(std::string(l.title)) != std::string::npos);
    for (const auto& it : l.items) {
      CHECK_MESSAGE(all.find(std::string(it.text)) != std::string::npos, it.text);
      CHECK_MESSAGE(all.find(std::string(it.source)) != std::string::npos, it.source);
    }
  }
  CHECK(all.find("(page 1 of " + std::to_string(pages.size()) + ")") != std::string::npos);
}

TEST_CASE("needle ticks: along each site's needle path seen in the view; none for a perpendicular needle") {
  const Plan p = test::tool_plan("forehead", "nappage");
  MapOptions o;
  const std::string svg = plan_svg(test::tool_face().mesh, p, {}, o);
  // the path's data found by search: libstdc++'s std::regex recurses once per character matched, too deep
  // for a path of hundreds of ticks
  const std::string open = "<path id=\"needles\" d=\"";
  const size_t at = svg.find(open);
  REQUIRE(at != std::string::npos);
  const size_t end = svg.find('"', at + open.size());
  REQUIRE(end != std::string::npos);
  const std::string d = svg.substr(at + open.size(), end - at - open.size());
  static const std::regex seg("M([-0-9.]+) ([-0-9.]+)L([-0-9.]+) ([-0-9.]+)");
  std::vector<std::array<double, 4>> ticks;
  for (auto it = std::sregex_iterator(d.begin(), d.end(), seg); it != std::sregex_iterator(); ++it)
    ticks.push_back({std::stod((*it)[1]), std::stod((*it)[2]), std::stod((*it)[3]), std::stod((*it)[4])});
  const auto dots = bl_dots_of(svg);
  // the sites the map shows (exact view rays, not edge-on), as its title line says: one tick each
  const size_t shown_at =
      svg.find(" sites shown");  // "N of M sites shown": a string search (no std::regex over the page)
  REQUIRE(shown_at != std::string::npos);
  const size_t of = svg.rfind(" of ", shown_at);
  REQUIRE(of != std::string::npos);
  const size_t from = svg.find_last_not_of("0123456789", of - 1) + 1;
  REQUIRE(std::stoul(svg.substr(of + 4, shown_at - of - 4)) == p.sites.size());
  REQUIRE(dots.size() == std::stoul(svg.substr(from, of - from)));
  CHECK(dots.size() >= p.sites.size() - p.sites.size() / 100);  // the front view sees nearly all the forehead
  CHECK(ticks.size() == dots.size());                           // every needle shown has a visible path
  const MapView view = make_map_view(p.params.frame, "front");
  size_t along = 0;
  for (size_t i = 0; i < std::min(ticks.size(), dots.size()); ++i) {
    REQUIRE(dots[i].id >= 1);
    REQUIRE(static_cast<size_t>(dots[i].id) <= p.sites.size());
    const Site& s = p.sites[static_cast<size_t>(dots[i].id - 1)];
    const Eigen::Vector3d path3 = s.tip - s.position;
    const Eigen::Vector2d want(path3.dot(view.right), -path3.dot(view.up));  // paper y grows downwards
    const Eigen::Vector2d got(ticks[i][2] - ticks[i][0], ticks[i][3] - ticks[i][1]);
    const Eigen::Vector2d from(ticks[i][0] - dots[i].x, ticks[i][1] - dots[i].y);
    along += want.normalized().dot(got.normalized()) > 0.99 && from.norm() < dots[i].r + 0.02;
    CHECK(got.y() > 0);  // --advance down: the needle goes toward the chin
  }
  CHECK(along == ticks.size());
  CHECK(svg.find("needle at 45° to the skin, advancing down") != std::string::npos);
  const std::string pbp = plan_svg(test::tool_face().mesh, test::tool_plan("forehead", "point-by-point"), {}, o);
  CHECK(pbp.find("id=\"needles\"") == std::string::npos);
  CHECK(pbp.find("(perpendicular): no direction mark") != std::string::npos);
}

// Release pass only: under the sanitizers its 2,280 sites on dozens of close-up pages took half of this file's 4.5
// minutes; the labels and the close-ups run there on a smaller plan ("close-ups: a region whose numbers ...").
TEST_CASE("labels on a dense plan: no two numbers overlap, none covers a dot; the close-ups number every site" *
          doctest::skip(MESOGRID_TEST_SANITIZED != 0)) {
  const Plan p = test::tool_plan("full_face", "nappage");
  REQUIRE(p.sites.size() > 2000);
  MapOptions o;
  o.labels = true;
  const std::string svg = plan_svg(test::tool_face().mesh, p, {}, o);
  const auto labels = bl_labels_of(svg);
  const auto dots = bl_dots_of(svg);
  const auto [ll, ld] = bl_overlaps(labels, dots);
  CHECK(ll == 0);
  CHECK(ld == 0);
  CHECK(labels.size() > 150);  // the row ends at least, and the room between them
  std::set<long> ids;
  for (const auto& l : labels) ids.insert(l.id);
  CHECK(ids.size() == labels.size());
  // only the sites the picture shows are drawn and numbered (on this face: all but a few under a fold or edge-on)
  const size_t seen = plan_svg_site_positions(test::tool_face().mesh, p, o, {}).size();
  CHECK(seen <= p.sites.size());
  CHECK(seen > p.sites.size() * 99 / 100);
  CHECK(svg.find(std::to_string(labels.size()) + " of the " + std::to_string(seen) + " sites shown numbered") !=
        std::string::npos);
  // the PDF's close-ups: each page overlap-free, every site numbered on exactly one page
  const auto pages = label_page_svgs(test::tool_face().mesh, p, {}, o);
  REQUIRE(pages.size() > 5);
  std::map<long, int> numbered;
  for (const auto& pg : pages) {
    const auto l = bl_labels_of(pg);
    const auto d = bl_dots_of(pg);
    const auto [a, b] = bl_overlaps(l, d);
    CHECK(a == 0);
    CHECK(b == 0);
    CHECK(l.size() == d.size());  // every site of the close-up has its number
    for (const auto& x : l) ++numbered[x.id];
  }
  CHECK(numbered.size() == seen);
  for (const auto& [id, n] : numbered) CHECK(n == 1);
  // a sparse plan: every site numbered on the map itself
  const Plan sparse = test::tool_plan("forehead", "point-by-point");
  const std::string s2 = plan_svg(test::tool_face().mesh, sparse, {}, o);
  CHECK(bl_labels_of(s2).size() == sparse.sites.size());
  CHECK(plan_svg(test::tool_face().mesh, p, {}, o) == svg);  // byte-stable
}

TEST_CASE("site sheet: region, depth, angle, advancing, volume per site") {
  const Plan p = test::tool_plan("cheeks", "nappage");
  const auto pages = site_table_svgs(p);
  const std::string first = bl_joined(pages.front());
  CHECK(first.find("region") != std::string::npos);
  CHECK(first.find("advancing") != std::string::npos);
  CHECK(first.find("cheek_") != std::string::npos);
  CHECK(first.find(" down ") != std::string::npos);
  CHECK(first.find("x mm") == std::string::npos);
}

TEST_CASE("plan_svg_site_positions: where plan_svg draws the dots, with the page's zones (they size the legend)") {
  const Plan p = test::tool_plan("cheeks", "nappage");
  MapOptions o;
  const std::string svg = plan_svg(test::tool_face().mesh, p, test::tool_face().zones, o);
  const auto dots = bl_dots_of(svg);
  const auto pos = plan_svg_site_positions(test::tool_face().mesh, p, o, test::tool_face().zones);
  REQUIRE(dots.size() == pos.size());
  for (size_t i = 0; i < pos.size(); ++i) {
    CHECK(std::abs(dots[i].x - pos[i].x()) < 0.006);
    CHECK(std::abs(dots[i].y - pos[i].y()) < 0.006);
  }
}

TEST_CASE("close-ups: a region whose numbers all fit one window is on one page, not cut across two") {
  // nappage of the temples: each temple was split over two close-ups at the zoom the numbers' width asked
  const Plan p = test::tool_plan("temples", "nappage");
  MapOptions o;
  o.labels = true;
  const auto pages = label_page_svgs(test::tool_face().mesh, p, {}, o);
  REQUIRE(pages.size() == 2);
  for (const auto& pg : pages) {
    CHECK(pg.find(", part ") == std::string::npos);
    CHECK(bl_labels_of(pg).size() == bl_dots_of(pg).size());  // every site numbered
  }
  // the activity line's hook: each close-up announced before it is drawn, and the pages as without it
  std::vector<std::string> said;
  o.progress = [&](const std::string& at) { said.push_back(at); };
  CHECK(label_page_svgs(test::tool_face().mesh, p, {}, o) == pages);
  CHECK(said == std::vector<std::string>{"close-up 1 of 2", "close-up 2 of 2"});
}

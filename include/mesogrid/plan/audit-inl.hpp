// mesogrid/plan/audit-inl.hpp: the definitions of audit.hpp (included by it when MESOGRID_DEFINITIONS; see
// core/config.hpp): the samples, the nearest site of each (a grid of the sites, a k-d tree beyond a spacing), the
// uncovered places (uncovered samples joined when close), the judgement and its warning.
#pragma once
#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <numeric>
#include <string>
#include <vector>

#include "../core/parallel.hpp"
#include "../core/text.hpp"
#include "../geometry/closest.hpp"
#include "../geometry/pieces.hpp"
#include "../geometry/point_hash.hpp"
#include "../geometry/point_tree.hpp"
#include "audit.hpp"

namespace mesogrid {

namespace detail {

/// A well-mixed 64-bit hash of x (splitmix64's finaliser).
inline std::uint64_t mix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

/// A number in [0, 1) from the hash of x.
inline double unit_hash(std::uint64_t x) { return static_cast<double>(mix64(x) >> 11) * (1.0 / 9007199254740992.0); }

}  // namespace detail

MESOGRID_API std::vector<AreaSample> area_samples(const Mesh& m, double area_mm2, size_t count) {
  std::vector<AreaSample> out;
  const Eigen::Index nf = m.num_faces();
  if (count == 0 || nf == 0 || !(area_mm2 > 0)) return out;
  const double step = area_mm2 / static_cast<double>(count);
  // the area of each block of faces (in parallel), then each block emits the samples whose places fall in it
  const size_t blocks = std::min<size_t>(64, static_cast<size_t>(nf));
  auto block_begin = [&](size_t b) { return static_cast<Eigen::Index>(static_cast<size_t>(nf) * b / blocks); };
  std::vector<double> block_area(blocks, 0.0);
  parallel_for(blocks, [&](size_t b) {
    double a = 0;
    detail::for_each_face_area(
        m, [&](Eigen::Index, double fa) { a += fa; }, block_begin(b), block_begin(b + 1));
    block_area[b] = a;
  });
  std::vector<double> before(blocks + 1, 0.0);  // area walked before each block
  for (size_t b = 0; b < blocks; ++b) before[b + 1] = before[b] + block_area[b];
  // sample j sits at (j + u_j)·step of the walk; the blocks' first samples, then each fills its own slots
  auto place = [&](size_t j) { return (static_cast<double>(j) + detail::unit_hash(3 * j)) * step; };
  std::vector<size_t> first(blocks + 1, count);
  {
    size_t j = 0;
    for (size_t b = 0; b < blocks; ++b) {
      while (j < count && place(j) < before[b]) ++j;
      first[b] = j;
    }
  }
  out.resize(count, AreaSample{Eigen::Vector3d::Zero(), 0});
  parallel_for(blocks, [&](size_t b) {
    size_t j = first[b];
    const size_t end = b + 1 < blocks ? first[b + 1] : count;
    double walked = before[b];
    // the faces of the block in order (the walk, its corners prefetched); no sample is left once j reaches end
    detail::for_each_face_area(
        m,
        [&](Eigen::Index f, double fa) {
          walked += fa;
          while (j < end && (place(j) < walked || f + 1 == block_begin(b + 1))) {
            double u = detail::unit_hash(3 * j + 1), v = detail::unit_hash(3 * j + 2);
            if (u + v > 1) u = 1 - u, v = 1 - v;
            const Eigen::Vector3d a = m.corner(f, 0);
            out[j] = {a + u * (m.corner(f, 1) - a) + v * (m.corner(f, 2) - a), static_cast<int>(f)};
            ++j;
          }
        },
        block_begin(b), block_begin(b + 1));
  });
  return out;
}

MESOGRID_API PlanCoverage audit_coverage(const Mesh& region, const std::vector<Eigen::Vector3d>& sites,
                                         const AuditInput& in) {
  PlanCoverage c;
  const double s = in.spacing_mm, cell = lattice_cell_area(in.kind, s);
  c.measured = true;
  c.reach_s = in.kind == LatticeKind::hex ? 0.62 : 0.75;
  c.expected_sites = in.area_mm2 / cell;
  c.sites = static_cast<long>(sites.size());
  c.count_ratio = c.expected_sites > 0 ? static_cast<double>(sites.size()) / c.expected_sites : 0;
  c.small_pieces = in.small_pieces;
  const PointTree tree(sites);
  // nearest neighbours, in spacings: every site (planeval's figures), and the lattice's sites (those with another
  // site within 1.5 spacings: a lone site on a small piece is not part of a lattice)
  std::vector<double> nn(sites.size(), 0.0);
  parallel_for(sites.size(), [&](size_t i) { nn[i] = tree.nearest(sites[i], static_cast<int>(i)) / s; });
  auto mean_cv = [](const std::vector<double>& x, double* mean, double* cv) {
    if (x.size() < 2) return;
    double s1 = 0, s2 = 0;
    for (double v : x) s1 += v, s2 += v * v;
    const double n = static_cast<double>(x.size());
    *mean = s1 / n;
    *cv = *mean > 0 ? std::sqrt(std::max(0.0, s2 / n - *mean * *mean)) / *mean : 0;
  };
  mean_cv(nn, &c.nn_mean_s, &c.nn_cv);
  {  // the lattice as laid: the sites and those zones removed
    std::vector<double> laid_nn = nn;
    if (!in.removed_sites.empty()) {
      std::vector<Eigen::Vector3d> laid = sites;
      laid.insert(laid.end(), in.removed_sites.begin(), in.removed_sites.end());
      const PointTree laid_tree(laid);
      laid_nn.assign(laid.size(), 0.0);
      parallel_for(laid.size(), [&](size_t i) { laid_nn[i] = laid_tree.nearest(laid[i], static_cast<int>(i)) / s; });
    }
    std::vector<double> lattice;
    for (double v : laid_nn)
      if (v <= 1.5) lattice.push_back(v);
    c.lone_sites = static_cast<long>(laid_nn.size() - lattice.size());
    double mean = 0;
    c.lattice_nn_cv = 0;
    mean_cv(lattice, &mean, &c.lattice_nn_cv);
  }
  // where the spacing is least regular: the 2-spacing cell holding most sites closer than 0.85 spacing
  {
    std::map<std::array<long, 3>, std::pair<long, Eigen::Vector3d>> close;
    for (size_t i = 0; i < sites.size(); ++i) {
      if (nn[i] >= 0.85) continue;
      const std::array<long, 3> k = {static_cast<long>(std::floor(sites[i].x() / (2 * s))),
                                     static_cast<long>(std::floor(sites[i].y() / (2 * s))),
                                     static_cast<long>(std::floor(sites[i].z() / (2 * s)))};
      auto& e = close[k];
      if (e.first == 0) e.second = Eigen::Vector3d::Zero();
      ++e.first, e.second += sites[i];
    }
    for (const auto& [k, e] : close)
      if (e.first > c.irregular_sites) c.irregular_sites = e.first, c.irregular_at_mm = e.second / e.first;
  }
  // the samples and their gaps
  const std::vector<AreaSample> smp = area_samples(region, in.area_mm2, audit_samples(sites.size()));
  c.samples = smp.size();
  if (smp.empty() || sites.empty()) return c;
  const double per = in.area_mm2 / static_cast<double>(smp.size());
  detail::PointHash near(2 * s);
  for (size_t i = 0; i < sites.size(); ++i) near.insert(sites[i], static_cast<int>(i));
  std::vector<double> gap(smp.size());
  using Design = AuditInput::Design;
  std::vector<Design> design(smp.size(), Design::meant);
  parallel_for(smp.size(), [&](size_t i) {
    const Eigen::Vector3d& p = smp[i].position;
    double best2 = detail::square_beyond(s);  // a site within a spacing, from the grid; farther: the tree
    near.near(p, s, [&](int j) { best2 = std::min(best2, (sites[static_cast<size_t>(j)] - p).squaredNorm()); });
    gap[i] = (best2 <= s * s ? std::sqrt(best2) : tree.nearest(p)) / s;
    if (in.by_design) design[i] = in.by_design(smp[i]);
  });
  {  // numpy's percentile: linear between the order statistics around 0.99·(n − 1)
    std::vector<double> g = gap;
    const double at = 0.99 * static_cast<double>(g.size() - 1);
    const size_t k = static_cast<size_t>(std::floor(at));
    std::nth_element(g.begin(), g.begin() + static_cast<long>(k), g.end());
    const double lo = g[k];
    const double hi = k + 1 < g.size() ? *std::min_element(g.begin() + static_cast<long>(k) + 1, g.end()) : lo;
    c.gap_p99_s = lo + (at - static_cast<double>(k)) * (hi - lo);
    c.gap_max_s = *std::max_element(gap.begin(), gap.end());
  }
  // the margin's band: with a margin wider than half a spacing the skin within (margin - s/2) of the edge is left
  // on purpose, and the lattice's cells reach (s/2 - margin) past the edge with a narrower one
  const double band = in.margin_mm - 0.5 * s;
  // Between the edge and the lattice's border row (sites s apart, the margin inside the edge) the skin is within
  // sqrt(margin² + (s/2)²) of a border site. A hex lattice's reach (0.62 s) is shorter than that with the default
  // margin (0.71 s): a thin strip between the border sites lies beyond the reach by the margin asked, not by a
  // missing site, and is left on purpose; skin farther than that from every site is not.
  const double border_reach_s = std::sqrt(in.margin_mm * in.margin_mm + 0.25 * s * s) / s;
  const bool border_strip = border_reach_s > c.reach_s + 1e-9 && in.margin_mm > 1e-9;
  std::vector<int> open;  // uncovered samples on the skin the plan meant to cover
  for (size_t i = 0; i < smp.size(); ++i) {
    if (gap[i] <= c.reach_s) continue;
    c.uncovered_mm2 += per;
    if (design[i] != Design::meant) {
      c.empty_by_design_mm2 += per;
      continue;
    }
    open.push_back(static_cast<int>(i));
  }
  const double near_edge = std::max(band, border_strip ? in.margin_mm : 0.0);
  if (near_edge > 1e-9 && !open.empty()) {  // along the edge: the margin's band and the border row's strip
    // every boundary edge of the region (only one within near_edge of a sample can put it in the band or the strip,
    // both narrower)
    std::vector<std::pair<Eigen::Vector3d, Eigen::Vector3d>> seg;
    for (const auto& [a, b] : boundary_edges(region)) seg.emplace_back(region.vertex(a), region.vertex(b));
    // each segment hashed at points at most `step` apart: one within near_edge of a sample has a point within
    // `radius` of it. The step is at least a quarter spacing, so that a band of a hair's width (a margin a hair
    // over half a spacing) does not put millions of points on each edge.
    const double step = std::max(near_edge, 0.25 * s), radius = near_edge + 0.5 * step;
    detail::PointHash edge(2 * radius);
    for (size_t k = 0; k < seg.size(); ++k) {
      const double steps = std::floor((seg[k].second - seg[k].first).norm() / step) + 1;
      for (double t = 0; t <= steps; ++t)
        edge.insert(seg[k].first + (seg[k].second - seg[k].first) * (t / steps), static_cast<int>(k));
    }
    std::vector<int> kept;
    for (int i : open) {
      const Eigen::Vector3d& p = smp[static_cast<size_t>(i)].position;
      double to_edge = std::numeric_limits<double>::infinity();
      edge.near(p, radius, [&](int k) {
        const auto& sk = seg[static_cast<size_t>(k)];
        to_edge = std::min(to_edge, (closest_point_on_segment(p, sk.first, sk.second) - p).norm());
      });
      const bool in_band = to_edge < band;
      const bool in_strip = border_strip && to_edge < in.margin_mm && gap[static_cast<size_t>(i)] <= border_reach_s;
      if (in_band || in_strip)
        c.empty_by_design_mm2 += per;
      else
        kept.push_back(i);
    }
    open = std::move(kept);
  }
  c.uncovered_percent = 100 * c.uncovered_mm2 / in.area_mm2;
  // the skin meant to be covered: the area less what is empty on purpose (by the samples: zones and small pieces
  // whether covered or not), the band of the margin taken off (or added, for a margin under half a spacing)
  double meant = in.area_mm2;
  for (Design d : design) meant -= d == Design::left_out ? per : 0.0;
  meant = std::max(0.0, meant - band * in.edge_length_mm);
  c.judged_expected_sites = meant / cell;
  c.judged_uncovered_mm2 = per * static_cast<double>(open.size());
  c.judged_uncovered_percent = meant > 0 ? 100 * c.judged_uncovered_mm2 / meant : 0;
  // uncovered places: uncovered samples closer than 2.5 sample spacings joined (union-find over sorted cells)
  if (!open.empty()) {
    const double link = 2.5 * std::sqrt(per);
    std::vector<int> parent(open.size());
    std::iota(parent.begin(), parent.end(), 0);
    auto find = [&](int x) {
      while (parent[x] != x) x = parent[x] = parent[parent[x]];
      return x;
    };
    auto cell_of = [&](const Eigen::Vector3d& p) {
      return std::array<long, 3>{static_cast<long>(std::floor(p.x() / link)),
                                 static_cast<long>(std::floor(p.y() / link)),
                                 static_cast<long>(std::floor(p.z() / link))};
    };
    std::vector<std::pair<std::array<long, 3>, int>> cells(open.size());
    for (size_t i = 0; i < open.size(); ++i)
      cells[i] = {cell_of(smp[static_cast<size_t>(open[i])].position), static_cast<int>(i)};
    std::sort(cells.begin(), cells.end());
    for (size_t i = 0; i < open.size(); ++i) {
      const Eigen::Vector3d& p = smp[static_cast<size_t>(open[i])].position;
      const auto c0 = cell_of(p);
      for (long a = -1; a <= 1; ++a)
        for (long b = -1; b <= 1; ++b)
          for (long e = -1; e <= 1; ++e) {
            const std::array<long, 3> k = {c0[0] + a, c0[1] + b, c0[2] + e};
            for (auto it = std::lower_bound(cells.begin(), cells.end(), std::make_pair(k, -1));
                 it != cells.end() && it->first == k; ++it) {
              const int j = it->second;
              if (j <= static_cast<int>(i) || (smp[static_cast<size_t>(open[j])].position - p).norm() > link) continue;
              const int ra = find(static_cast<int>(i)), rb = find(j);
              if (ra != rb) parent[std::max(ra, rb)] = std::min(ra, rb);
            }
          }
    }
    std::map<int, std::pair<CoveragePlace, long>> by_root;  // in order of the root: deterministic
    for (size_t i = 0; i < open.size(); ++i) {
      auto& [place, n] = by_root[find(static_cast<int>(i))];
      const size_t k = static_cast<size_t>(open[i]);
      place.centroid_mm += smp[k].position;
      place.area_mm2 += per;
      place.gap_max_s = std::max(place.gap_max_s, gap[k]);
      ++n;
    }
    for (auto& [root, e] : by_root) {
      e.first.centroid_mm /= static_cast<double>(e.second);
      c.uncovered_places.push_back(e.first);
    }
    std::stable_sort(c.uncovered_places.begin(), c.uncovered_places.end(),
                     [](const CoveragePlace& a, const CoveragePlace& b) { return a.area_mm2 > b.area_mm2; });
  }
  // the contract
  c.judged_sites = c.sites + static_cast<long>(in.removed_sites.size());
  const double off = static_cast<double>(c.judged_sites) - c.judged_expected_sites;
  // a lone site stands on a piece of half a cell to about one and a half (a larger one would hold a neighbour): it
  // carries one site where the area calls for 0.5-1.5, so each adds half a site to what the count may be off by
  c.count_ok = std::abs(off) <= std::max(0.05 * c.judged_expected_sites, 1.0) + 0.5 * static_cast<double>(c.lone_sites);
  c.uncovered_ok = c.judged_uncovered_percent <= 1.0;
  c.cv_ok = c.lattice_nn_cv <= 0.04;
  return c;
}

MESOGRID_API std::optional<Message> coverage_warning(const PlanCoverage& c, double spacing_mm) {
  if (!c.measured || c.meets_contract()) return std::nullopt;
  auto at = [](const Eigen::Vector3d& p) { return text::point(p, 1) + " mm"; };
  std::vector<std::string> parts;
  if (!c.uncovered_ok) {
    std::string w = text::decimals(c.judged_uncovered_percent, 1) + "% of the skin (" +
                    text::decimals(c.judged_uncovered_mm2 / 100, 1) + " cm2) is farther than " +
                    text::decimals(c.reach_s, 2) + " x spacing from every site";
    for (size_t i = 0; i < std::min<size_t>(3, c.uncovered_places.size()); ++i)
      w += std::string(i == 0 ? ", most at " : ", ") + at(c.uncovered_places[i].centroid_mm) + " (" +
           text::decimals(c.uncovered_places[i].area_mm2 / 100, 1) + " cm2)";
    parts.push_back(w);
  }
  if (!c.count_ok) {
    const double pct = c.judged_count_percent();
    parts.push_back(std::to_string(c.judged_sites) + " sites" +
                    (c.judged_sites != c.sites
                         ? " (with " + std::to_string(c.judged_sites - c.sites) + " removed by zones)"
                         : std::string()) +
                    " for " + text::decimals(c.judged_expected_sites, 0) + " expected (area / cell, " +
                    (pct >= 0 ? "+" : "") + text::decimals(pct, 1) + "%)");
  }
  if (!c.cv_ok) {
    std::string w = "nearest-neighbour spacing irregular (CV " + text::decimals(c.lattice_nn_cv, 3) + ")";
    if (c.irregular_sites > 0)
      w += ", most sites closer than " + text::general(0.85 * spacing_mm) + " mm around " + at(c.irregular_at_mm);
    parts.push_back(w);
  }
  std::string w = "the plan misses its coverage contract: ";
  for (size_t i = 0; i < parts.size(); ++i) w += (i ? "; " : "") + parts[i];
  return Message(w);
}

}  // namespace mesogrid

// src/maps/contour.cpp: see contour.hpp.
#include "contour.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace mesogrid::cli::draw {

namespace {

/// Douglas-Peucker on the open polyline p[a..b] (both kept): the kept indices in between are appended to `keep`.
void simplify(const std::vector<Eigen::Vector2d>& p, size_t a, size_t b, double tol2, std::vector<size_t>& keep) {
  if (b <= a + 1) return;
  const Eigen::Vector2d d = p[b] - p[a];
  const double len2 = d.squaredNorm();
  double worst = -1;
  size_t at = a;
  for (size_t i = a + 1; i < b; ++i) {
    const Eigen::Vector2d q = p[i] - p[a];
    double dist2;
    if (len2 > 0) {
      const double cr = d.x() * q.y() - d.y() * q.x();
      dist2 = cr * cr / len2;
    } else {
      dist2 = q.squaredNorm();
    }
    if (dist2 > worst) worst = dist2, at = i;
  }
  if (worst <= tol2) return;
  simplify(p, a, at, tol2, keep);
  keep.push_back(at);
  simplify(p, at, b, tol2, keep);
}

std::vector<Eigen::Vector2d> simplify_loop(const std::vector<Eigen::Vector2d>& loop, double tol) {
  const size_t n = loop.size();
  if (n < 4 || tol <= 0) return loop;
  size_t far = 0;
  double best = -1;
  for (size_t i = 1; i < n; ++i)
    if (const double d = (loop[i] - loop[0]).squaredNorm(); d > best) best = d, far = i;
  std::vector<Eigen::Vector2d> p(loop);
  p.push_back(loop[0]);  // closes the loop: p[n] == p[0]
  std::vector<size_t> keep{0};
  simplify(p, 0, far, tol * tol, keep);
  keep.push_back(far);
  simplify(p, far, n, tol * tol, keep);
  std::vector<Eigen::Vector2d> out;
  for (size_t k : keep) out.push_back(p[k]);
  return out;
}

}  // namespace

std::vector<std::vector<Eigen::Vector2d>> mask_outlines(const Mask& m, double tolerance_px) {
  // Cells between the pixel centres (i, j), (i+1, j), (i+1, j+1), (i, j+1) for i in [-1, W-1], j in [-1, H-1];
  // a crossing point on the edge between two centres is named by the edge: 2 * (J * (W + 1) + I) + {0 across,
  // 1 down}, with I = i + 1, J = j + 1 of the edge's first centre.
  const long W = m.width, H = m.height;
  auto across = [&](long i, long j) { return 2 * ((j + 1) * (W + 1) + (i + 1)); };
  auto down = [&](long i, long j) { return 2 * ((j + 1) * (W + 1) + (i + 1)) + 1; };
  auto point = [&](long id) {
    const long e = id / 2, I = e % (W + 1), J = e / (W + 1);
    const double i = static_cast<double>(I - 1), j = static_cast<double>(J - 1);
    return id % 2 == 0 ? Eigen::Vector2d(i + 1.0, j + 0.5) : Eigen::Vector2d(i + 0.5, j + 1.0);
  };
  // Each crossing point is linked to its two neighbours along the outline (one per cell it bounds). The links
  // are gathered in scan order, then sorted by point: a sorted table instead of a hash map (a mask's outline is
  // a few thousand points; the map draws dozens of masks).
  struct Link {
    long from, to;
    std::uint32_t seq;
  };
  std::vector<Link> links;
  auto link = [&](long a, long b) {
    links.push_back({a, b, static_cast<std::uint32_t>(links.size())});
    links.push_back({b, a, static_cast<std::uint32_t>(links.size())});
  };
  // padded rows: row j + 1 of `pad` is mask row j, with one outside pixel on either end
  const long PW = W + 2;
  std::vector<std::uint8_t> pad(static_cast<size_t>(PW * (H + 2)), 0);
  for (long j = 0; j < H; ++j)
    for (long i = 0; i < W; ++i)
      pad[static_cast<size_t>((j + 1) * PW + i + 1)] =
          m.bits[static_cast<size_t>(j) * static_cast<size_t>(W) + static_cast<size_t>(i)] != 0;
  for (long j = -1; j < H; ++j) {
    const std::uint8_t* r0 = pad.data() + (j + 1) * PW;  // centres of row j, from i = -1
    const std::uint8_t* r1 = r0 + PW;                    // row j + 1
    for (long i = -1; i < W; ++i) {
      const int a = r0[i + 1], b = r0[i + 2], c = r1[i + 2], d = r1[i + 1];
      const int code = a | b << 1 | c << 2 | d << 3;
      if (code == 0 || code == 15) continue;
      const long top = across(i, j), right = down(i + 1, j), bottom = across(i, j + 1), left = down(i, j);
      if (code == 5) {  // a and c inside, b and d outside: two separate corners
        link(top, left);
        link(right, bottom);
        continue;
      }
      if (code == 10) {
        link(top, right);
        link(bottom, left);
        continue;
      }
      long cut[4];
      int nc = 0;
      if (a != b) cut[nc++] = top;
      if (b != c) cut[nc++] = right;
      if (c != d) cut[nc++] = bottom;
      if (d != a) cut[nc++] = left;
      if (nc == 2) link(cut[0], cut[1]);
    }
  }
  // per point (sorted by name): its first and its last link (a point bounds two cells: two links), and when it
  // was first met; `order` lists the points in the order first met
  std::sort(links.begin(), links.end(),
            [](const Link& x, const Link& y) { return x.from != y.from ? x.from < y.from : x.seq < y.seq; });
  std::vector<long> ids;
  std::vector<std::array<long, 2>> next;
  std::vector<std::uint32_t> first;
  for (size_t k = 0; k < links.size();) {
    size_t e = k;
    while (e < links.size() && links[e].from == links[k].from) ++e;
    ids.push_back(links[k].from);
    next.push_back({links[k].to, e - k > 1 ? links[e - 1].to : -1});
    first.push_back(links[k].seq);
    k = e;
  }
  std::vector<size_t> order(ids.size());
  for (size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::sort(order.begin(), order.end(), [&](size_t x, size_t y) { return first[x] < first[y]; });
  auto index_of = [&](long id) {
    return static_cast<size_t>(std::lower_bound(ids.begin(), ids.end(), id) - ids.begin());
  };
  std::vector<std::vector<Eigen::Vector2d>> loops;
  std::vector<char> done(ids.size(), 0);
  for (size_t start : order) {
    if (done[start]) continue;
    std::vector<Eigen::Vector2d> loop;
    long prev = -1;
    size_t cur = start;
    for (;;) {
      done[cur] = 1;
      loop.push_back(point(ids[cur]));
      const auto& nb = next[cur];
      const long go = nb[0] != prev ? nb[0] : nb[1];
      prev = ids[cur];
      if (go < 0) break;
      cur = index_of(go);
      if (done[cur]) break;
    }
    std::vector<Eigen::Vector2d> s = simplify_loop(loop, tolerance_px);
    if (s.size() >= 3) loops.push_back(std::move(s));
  }
  return loops;
}

bool inside_loops(const std::vector<std::vector<Eigen::Vector2d>>& loops, const Eigen::Vector2d& q) {
  bool in = false;
  for (const auto& l : loops)
    for (size_t i = 0, k = l.size() - 1; i < l.size(); k = i++) {
      const Eigen::Vector2d &a = l[i], &b = l[k];
      if ((a.y() > q.y()) != (b.y() > q.y()) && q.x() < (b.x() - a.x()) * (q.y() - a.y()) / (b.y() - a.y()) + a.x())
        in = !in;
    }
  return in;
}

}  // namespace mesogrid::cli::draw

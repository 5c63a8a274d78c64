// src/maps/contour.cpp: see contour.hpp.
#include "contour.hpp"

#include <algorithm>
#include <array>
#include <unordered_map>

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
  std::unordered_map<long, std::array<long, 2>> next;
  std::vector<long> order;  // crossing points in the order first met
  auto link = [&](long a, long b) {
    for (auto [x, y] : {std::pair{a, b}, std::pair{b, a}}) {
      auto [it, fresh] = next.try_emplace(x, std::array<long, 2>{-1, -1});
      if (fresh) order.push_back(x);
      (it->second[0] < 0 ? it->second[0] : it->second[1]) = y;
    }
  };
  for (long j = -1; j < H; ++j)
    for (long i = -1; i < W; ++i) {
      const int a = m.at(static_cast<int>(i), static_cast<int>(j)),
                b = m.at(static_cast<int>(i + 1), static_cast<int>(j)),
                c = m.at(static_cast<int>(i + 1), static_cast<int>(j + 1)),
                d = m.at(static_cast<int>(i), static_cast<int>(j + 1));
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
      std::vector<long> cut;
      if (a != b) cut.push_back(top);
      if (b != c) cut.push_back(right);
      if (c != d) cut.push_back(bottom);
      if (d != a) cut.push_back(left);
      if (cut.size() == 2) link(cut[0], cut[1]);
    }
  std::vector<std::vector<Eigen::Vector2d>> loops;
  std::unordered_map<long, bool> done;
  for (long start : order) {
    if (done.count(start)) continue;
    std::vector<Eigen::Vector2d> loop;
    long prev = -1, cur = start;
    while (cur >= 0 && !done.count(cur)) {
      done[cur] = true;
      loop.push_back(point(cur));
      const auto& nb = next[cur];
      const long go = nb[0] != prev ? nb[0] : nb[1];
      prev = cur;
      cur = go;
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

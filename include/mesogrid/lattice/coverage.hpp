// mesogrid/lattice/coverage.hpp: how well the sites of a piece cover its skin: surface samples where coverage
// can be short (near the edge and near sites missing lattice neighbours), and the coverage step that moves
// sites a little toward the uncovered edge while the spacing stays regular. Lengths in mm, areas in mm².
#pragma once
#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <utility>
#include <vector>

#include "../core/parallel.hpp"
#include "../geometry/point_hash.hpp"
#include "piece.hpp"
#include "types.hpp"

namespace mesogrid::detail {

/// A sample of the surface for coverage: a point, the area it stands for (mm²), and where it lies: the
/// centroid of sub-triangle (i, j, up) of face `face` split k×k, packed as ((k·64 + i)·64 + j)·2 + up.
struct Sample {
  Eigen::Vector3d position;
  double weight;
  int face;
  int sub;
};

/// Barycentrics in its face of the centroid of sub-triangle (i, j, up) of a face split k×k.
inline Eigen::Vector3d sub_centroid(int k, int i, int j, int up) {
  const double o = up ? 2.0 / 3 : 1.0 / 3;
  return {1 - (i + o) / k - (j + o) / k, (i + o) / k, (j + o) / k};
}

/// The surface point a sample stands at.
inline SurfacePoint sample_point(const Sample& smp) {
  const int up = smp.sub & 1, j = (smp.sub >> 1) & 63, i = (smp.sub >> 7) & 63, k = smp.sub >> 13;
  SurfacePoint q;
  q.face = smp.face;
  q.bary = sub_centroid(k, i, j, up);
  q.position = smp.position;
  return q;
}

/// Samples where coverage can be short: on every face near the edge (within 1.5 spacing) or near a site
/// missing lattice neighbours, the centroids of the face's sub-triangles when split into pieces of about
/// s/4. Elsewhere the lattice covers the skin by construction. With `keep`, only the samples at whose
/// position it returns true (the array then holds only those: less memory on a large piece); keep is
/// called from several threads at once, so it must only read.
inline std::vector<Sample> coverage_samples(const PieceLattice& pl, const std::vector<Node>& nodes,
                                            const std::vector<double>& vertex_edge_distance,
                                            const std::function<bool(const Eigen::Vector3d&)>& keep = {}) {
  const SurfacePiece& sp = *pl.sp;
  const Mesh& m = sp.mesh();
  const double s = pl.s, g = s / 4;
  PointHash sites(2 * pl.neighbour_cut());
  for (size_t i = 0; i < nodes.size(); ++i) sites.insert(nodes[i].at.position, static_cast<int>(i));
  // faces worth sampling: near the edge, or near a site with missing neighbours
  std::vector<char> want(static_cast<size_t>(m.num_faces()), 0);
  for (Eigen::Index f = 0; f < m.num_faces(); ++f)
    for (int k = 0; k < 3; ++k) want[f] = want[f] || vertex_edge_distance[m.F(f, k)] < s;
  {
    PointHash vh(2 * s);  // vertices near defect sites
    for (Eigen::Index v = 0; v < m.num_vertices(); ++v) vh.insert(m.vertex(v), static_cast<int>(v));
    std::vector<char> vnear(static_cast<size_t>(m.num_vertices()), 0);
    for (const Node& n : nodes) {
      int deg = 0;
      sites.near(n.at.position, pl.neighbour_cut(), [&](int j) {
        const double d = (nodes[j].at.position - n.at.position).norm();
        if (d > 1e-9 && d < pl.neighbour_cut()) ++deg;
      });
      if (deg >= pl.full_degree()) continue;
      vh.near(n.at.position, s, [&](int v) {
        if ((m.vertex(v) - n.at.position).norm() < s) vnear[v] = 1;
      });
    }
    for (Eigen::Index f = 0; f < m.num_faces(); ++f)
      for (int k = 0; k < 3; ++k) want[f] = want[f] || vnear[m.F(f, k)];
  }
  // samples: centroids of the sub-triangles of each wanted face split k×k (counted first, so the array
  // is allocated once at its size)
  auto splits = [&](int f) {
    double longest = 0;
    for (int k = 0; k < 3; ++k) longest = std::max(longest, (m.corner(f, k) - m.corner(f, (k + 1) % 3)).norm());
    return std::clamp(static_cast<int>(std::ceil(longest / g)), 1, 64);
  };
  std::vector<size_t> first(static_cast<size_t>(m.num_faces()) + 1, 0);  // each face's first candidate
  for (Eigen::Index fi = 0; fi < m.num_faces(); ++fi) {
    const int k = want[fi] ? splits(static_cast<int>(fi)) : 0;
    first[static_cast<size_t>(fi) + 1] = first[static_cast<size_t>(fi)] + static_cast<size_t>(k * k);
  }
  // the candidates of face f in order (k² of them), visit(index from first[f], position, weight, sub)
  auto candidates = [&](int f, auto&& visit) {
    const int k = splits(f);
    const double w = face_area(m, f) / (k * k);
    size_t at = first[static_cast<size_t>(f)];
    for (int i = 0; i < k; ++i)
      for (int j = 0; i + j < k; ++j)
        for (int up = 0; up < 2; ++up) {
          if (up && i + j >= k - 1) continue;
          visit(at++, sp.position(f, sub_centroid(k, i, j, up)), w, ((k * 64 + i) * 64 + j) * 2 + up);
        }
  };
  // with `keep`, the candidates are judged first, on every thread (a face's verdicts in its own slots)
  std::vector<char> kept;
  if (keep) {
    kept.assign(first.back(), 0);
    parallel_for(static_cast<size_t>(m.num_faces()), [&](size_t f) {
      if (want[f])
        candidates(static_cast<int>(f), [&](size_t at, const Eigen::Vector3d& p, double, int) { kept[at] = keep(p); });
    });
  }
  std::vector<Sample> samples;
  if (!keep) samples.reserve(first.back());
  for (Eigen::Index fi = 0; fi < m.num_faces(); ++fi) {
    if (!want[fi]) continue;
    const int f = static_cast<int>(fi);
    candidates(f, [&](size_t at, const Eigen::Vector3d& p, double w, int sub) {
      if (!keep || kept[at]) samples.push_back({p, w, f, sub});
    });
  }
  return samples;
}

/// Parameters of relax_coverage: `reach` in mm, the others in spacings (or a ratio, a count).
struct CoverRelax {
  double reach = 0;        // mm: a point farther than this from every site counts as uncovered (piece_nodes:
                           // 0.58 s hex, 0.71 s square: just beyond the lattice's own farthest point, s/√3 and
                           // s/√2, for both, so that a regular lattice is left as it is and any other gap is
                           // worked on)
  double min_nn = 0.90;    // every nearest-neighbour distance stays within [min_nn, max_nn]·s (or no worse
  double max_nn = 1.10;    // than it was) ...
  double max_cv = 0.03;    // ... and the piece's nearest-neighbour CV at most this (or as it was)
  double min_mean = 0.98;  // ... and their mean at least this many spacings (or as it was)
  int rounds = 12;
  /// Then sites whose nearest neighbour is closer than this many spacings (where lattice lines end, a pocket's
  /// site) step away from it while that parts the closest pair around them (0: no such step).
  double spread_below = 0;
};

/// Where the count budget is spent and the edge is still uncovered, moves sites a little (at most 0.35
/// spacing per step, up to `rounds` rounds) toward the uncovered samples they are nearest to; when a step
/// of the site alone breaks the spacing and none is kept, it is tried with its neighbours ahead of it
/// (closer than the neighbour cut, at least 0.25 spacing further along the move) moving the same way, so
/// a corner site can reach the corner without crowding the site it moves toward. A move is kept when it
/// lowers the uncovered cost near it (per sample: its area if farther than `reach` from every site, plus
/// how far beyond, in spacings) and keeps nearest-neighbour distances within [min_nn, max_nn]·s and their
/// CV within max_cv. Returns how many moves were kept.
inline int relax_coverage(const PieceLattice& pl, std::vector<Node>& nodes, const CoverRelax& cr,
                          const std::vector<double>& vertex_edge_distance) {
  if (nodes.size() < 2) return 0;
  const SurfacePiece& sp = *pl.sp;
  const double s = pl.s, eps = 1e-9;
  const std::vector<Sample> samples = coverage_samples(pl, nodes, vertex_edge_distance);
  if (samples.empty()) return 0;
  PointHash sites(2 * s), near_samples(2 * cr.reach);
  for (size_t i = 0; i < nodes.size(); ++i) sites.insert(nodes[i].at.position, static_cast<int>(i));
  for (size_t i = 0; i < samples.size(); ++i) near_samples.insert(samples[i].position, static_cast<int>(i));
  auto nearest_site = [&](const Eigen::Vector3d& p) {                       // distance and index (lowest index on ties)
    double best = std::numeric_limits<double>::infinity(), beyond2 = best;  // squared: cannot win past this
    int who = -1;
    sites.near(p, s, [&](int j) {
      const double d2 = (nodes[j].at.position - p).squaredNorm();
      if (d2 > beyond2) return;
      const double d = std::sqrt(d2);
      if (d < best - eps || (d < best + eps && j < who)) best = d, who = j, beyond2 = square_beyond(best + eps);
    });
    return std::make_pair(best, who);
  };
  auto site_nn = [&](int i) {  // in spacings, capped at 1.5 (no neighbour within one hash cell)
    double best = 1.5 * s, beyond2 = square_beyond(best);
    sites.near(nodes[i].at.position, 1.5 * s, [&](int j) {
      const double d2 = (nodes[j].at.position - nodes[i].at.position).squaredNorm();
      if (j != i && d2 <= beyond2) best = std::min(best, std::sqrt(d2)), beyond2 = square_beyond(best);
    });
    return best / s;
  };
  std::vector<double> nn(nodes.size());  // each site's and each sample's own slot, side by side; summed in order
  parallel_for_many(nodes.size(), [&](size_t i) { nn[i] = site_nn(static_cast<int>(i)); });
  double sum = 0, sum2 = 0;
  for (size_t i = 0; i < nodes.size(); ++i) sum += nn[i], sum2 += nn[i] * nn[i];
  const double count = static_cast<double>(nodes.size());
  auto cv_of = [&](double s1, double s2) {
    const double mean = s1 / count;
    return std::sqrt(std::max(0.0, s2 / count - mean * mean)) / mean;
  };
  std::vector<double> dist(samples.size());
  parallel_for_many(samples.size(), [&](size_t i) { dist[i] = nearest_site(samples[i].position).first; });
  auto cost = [&](size_t i, double d) { return d > cr.reach ? samples[i].weight * (1 + (d - cr.reach) / s) : 0.0; };
  // A trial move's effect on the cost: `window` (filled by within_reach around each position before and after) is
  // made the samples whose cost can change, sorted and unique; `now` their distance to the nearest site with the
  // move applied; returns the cost before (from dist) and after.
  auto within_reach = [&](std::vector<int>& window, const Eigen::Vector3d& c) {
    near_samples.near(c, cr.reach, [&](int id) {
      if ((samples[id].position - c).norm() <= cr.reach) window.push_back(id);
    });
  };
  auto window_cost = [&](std::vector<int>& window, std::vector<double>& now) {
    std::sort(window.begin(), window.end());
    window.erase(std::unique(window.begin(), window.end()), window.end());
    double e0 = 0, e1 = 0;
    now.resize(window.size());
    for (size_t k = 0; k < window.size(); ++k) {
      e0 += cost(static_cast<size_t>(window[k]), dist[window[k]]);
      now[k] = nearest_site(samples[window[k]].position).first;
      e1 += cost(static_cast<size_t>(window[k]), now[k]);
    }
    return std::pair<double, double>(e0, e1);
  };
  auto move_site = [&](int i, const SurfacePoint& to) {
    sites.erase(nodes[i].at.position, i);
    nodes[i].at = to;
    sites.insert(to.position, i);
  };
  int kept = 0;
  std::vector<char> settled(nodes.size(), 0);  // every move tried failed, and nothing near it moved since
  for (int round = 0; round < cr.rounds; ++round) {
    std::vector<Eigen::Vector3d> pull(nodes.size(), Eigen::Vector3d::Zero());
    std::vector<double> need(nodes.size(), 0.0);
    for (size_t id = 0; id < samples.size(); ++id) {
      if (dist[id] <= cr.reach) continue;
      const Eigen::Vector3d p = samples[id].position;
      const auto [d, who] = nearest_site(p);
      if (who < 0) continue;
      pull[who] += samples[id].weight * (d - cr.reach) * (p - nodes[who].at.position) / d;
      need[who] += samples[id].weight * (d - cr.reach);
    }
    std::vector<int> order;  // sites next to at least 1% of a cell uncovered by 5% of the spacing
    const double cell = lattice_cell_area(pl.hex ? LatticeKind::hex : LatticeKind::square, s);
    for (size_t i = 0; i < nodes.size(); ++i)
      if (need[i] > 0.01 * cell * 0.05 * s && !settled[i]) order.push_back(static_cast<int>(i));
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
      if (std::abs(need[a] - need[b]) > 1e-9 * s * s) return need[a] > need[b];
      const double ua = nodes[a].at.position.dot(pl.frame.up), ub = nodes[b].at.position.dot(pl.frame.up);
      if (std::abs(ua - ub) > eps) return ua > ub;
      return pl.frame.side(nodes[a].at.position) > pl.frame.side(nodes[b].at.position);
    });
    int moved = 0;
    for (int i : order) {
      const Eigen::Vector3d n = sp.normal(nodes[i].at.face, nodes[i].at.bary);
      Eigen::Vector3d dir = pull[i] - n * n.dot(pull[i]);
      if (dir.norm() < 1e-12) continue;
      dir.normalize();
      const SurfacePoint start = nodes[i].at;
      // the site alone, else with its neighbours ahead of it (a site blocked by the one it moves toward
      // takes that one along)
      std::vector<std::vector<int>> groups = {{i}};
      {
        std::vector<int> ahead = {i};
        sites.near(start.position, pl.neighbour_cut(), [&](int j) {
          const Eigen::Vector3d d = nodes[j].at.position - start.position;
          if (j != i && d.norm() < pl.neighbour_cut() && d.dot(dir) > 0.25 * s) ahead.push_back(j);
        });
        std::sort(ahead.begin() + 1, ahead.end());
        if (ahead.size() > 1) groups.push_back(std::move(ahead));
      }
      bool done = false, blocked = false;  // blocked: a step crowded or spread the sites
      for (const std::vector<int>& group : groups) {
        if (group.size() > 1 && !blocked) break;
        std::vector<SurfacePoint> from(group.size()), to(group.size());
        for (size_t g = 0; g < group.size(); ++g) from[g] = nodes[group[g]].at;
        for (double t : {0.35, 0.25, 0.15, 0.08}) {
          bool far_enough = true;
          for (size_t g = 0; g < group.size(); ++g) {  // every member moves along dir in its own tangent plane
            const Eigen::Vector3d ng = sp.normal(from[g].face, from[g].bary);
            Eigen::Vector3d dg = dir - ng * ng.dot(dir);
            if (dg.norm() < 1e-12) dg = dir;
            to[g] = sp.push_inside(sp.walk(from[g], from[g].position + t * s * dg.normalized()), pl.keep_depth());
            far_enough = far_enough && (to[g].position - from[g].position).norm() >= 0.02 * s;
          }
          if (!far_enough) continue;
          // the spacing first (a few sites), then the coverage cost (hundreds of samples)
          for (size_t g = 0; g < group.size(); ++g) move_site(group[g], to[g]);
          std::vector<int> around;
          std::vector<double> nn_new;
          double s1 = sum, s2 = sum2;
          for (size_t g = 0; g < group.size(); ++g)
            for (const Eigen::Vector3d& c : {from[g].position, to[g].position})
              sites.near(c, 1.5 * s, [&](int a) {
                if ((nodes[a].at.position - c).norm() <= 1.5 * s) around.push_back(a);
              });
          std::sort(around.begin(), around.end());
          around.erase(std::unique(around.begin(), around.end()), around.end());
          bool ok = true;
          for (int a : around) {
            const double d = site_nn(a), b = nn[a];
            if ((d < cr.min_nn - eps && d < b - eps) || (d > cr.max_nn + eps && d > b + eps)) ok = false;
            nn_new.push_back(d);
            s1 += d - b, s2 += d * d - b * b;
          }
          ok = ok && cv_of(s1, s2) <= std::max(cr.max_cv, cv_of(sum, sum2)) + eps &&
               s1 / count >= std::min(cr.min_mean, sum / count) - eps;
          blocked = blocked || !ok;
          std::vector<int> window;  // samples whose cost can change: within reach of a position before or after
          std::vector<double> now;
          if (ok) {
            for (size_t g = 0; g < group.size(); ++g)
              for (const Eigen::Vector3d& c : {from[g].position, to[g].position}) within_reach(window, c);
            const auto [e0, e1] = window_cost(window, now);
            ok = e1 < e0 - 1e-9 * s * s;
          }
          if (ok) {
            for (size_t k = 0; k < window.size(); ++k) dist[window[k]] = now[k];
            for (size_t k = 0; k < around.size(); ++k) nn[around[k]] = nn_new[k], settled[around[k]] = 0;
            sum = s1, sum2 = s2;
            ++kept, ++moved;
            done = true;
            break;
          }
          for (size_t g = group.size(); g-- > 0;) move_site(group[g], from[g]);
        }
        if (done) break;
      }
      if (!done) settled[i] = 1;
    }
    if (moved == 0) break;
  }
  // close pairs parted: a site closer than spread_below·s to its nearest neighbour steps straight away from it
  // (0.12, 0.06 or 0.03 spacing, the longest step kept) when the smallest nearest-neighbour distance among the
  // sites around it grows (a step that only moves the close pair elsewhere is refused), no distance goes beyond
  // max_nn·s, the piece's NN mean and CV get no worse and no surface point near it is left less covered. Where
  // lattice lines end the sites are crowded on one side of the line end and spread on the other: this evens them
  // out without touching the lattice elsewhere.
  std::vector<char> calm(nodes.size(), 0);  // every step tried failed, and nothing near it moved since
  for (int round = 0; round < cr.rounds && cr.spread_below > 0; ++round) {
    int moved = 0;
    for (size_t ii = 0; ii < nodes.size(); ++ii) {
      const int i = static_cast<int>(ii);
      if (calm[i] || nn[i] >= cr.spread_below - eps) continue;
      calm[i] = 1;
      int other = -1;
      double best = std::numeric_limits<double>::infinity();
      sites.near(nodes[i].at.position, 1.5 * s, [&](int j) {
        const double d = (nodes[j].at.position - nodes[i].at.position).norm();
        if (j != i && (d < best - eps || (d < best + eps && j < other))) best = d, other = j;
      });
      if (other < 0) continue;
      const Eigen::Vector3d n = sp.normal(nodes[i].at.face, nodes[i].at.bary);
      Eigen::Vector3d dir = nodes[i].at.position - nodes[other].at.position;
      dir -= n * n.dot(dir);
      if (dir.norm() < 1e-12) continue;
      dir.normalize();
      const SurfacePoint from = nodes[i].at;
      double low = nn[i];  // the closest pair around it now (a step must part it)
      sites.near(from.position, 1.5 * s, [&](int a) {
        if ((nodes[a].at.position - from.position).norm() <= 1.5 * s) low = std::min(low, nn[a]);
      });
      for (double t : {0.12, 0.06, 0.03}) {
        const Eigen::Vector3d ahead = from.position + t * s * dir;
        double nearest_ahead = std::numeric_limits<double>::infinity();  // on the tangent plane: cheap, first
        sites.near(ahead, s, [&](int j) {
          if (j != i) nearest_ahead = std::min(nearest_ahead, (nodes[j].at.position - ahead).norm());
        });
        if (nearest_ahead <= low * s + eps) continue;
        const SurfacePoint to = sp.push_inside(sp.walk(from, ahead), pl.keep_depth());
        if ((to.position - from.position).norm() < 0.01 * s) continue;
        move_site(i, to);
        std::vector<int> around;
        for (const Eigen::Vector3d& c : {from.position, to.position})
          sites.near(c, 1.5 * s, [&](int a) {
            if ((nodes[a].at.position - c).norm() <= 1.5 * s) around.push_back(a);
          });
        std::sort(around.begin(), around.end());
        around.erase(std::unique(around.begin(), around.end()), around.end());
        bool ok = true;
        double s1 = sum, s2 = sum2, low_before = nn[i], low_after = std::numeric_limits<double>::infinity();
        std::vector<double> nn_new;
        for (int a : around) {
          const double d = site_nn(a), b = nn[a];
          if (d > cr.max_nn + eps && d > b + eps) ok = false;
          low_before = std::min(low_before, b), low_after = std::min(low_after, d);
          nn_new.push_back(d);
          s1 += d - b, s2 += d * d - b * b;
        }
        ok = ok && low_after > low_before + eps && cv_of(s1, s2) <= cv_of(sum, sum2) + eps && s1 >= sum - eps;
        std::vector<int> window;
        std::vector<double> now;
        if (ok) {
          for (const Eigen::Vector3d& c : {from.position, to.position}) within_reach(window, c);
          const auto [e0, e1] = window_cost(window, now);
          ok = e1 <= e0 + 1e-9 * s * s;
        }
        if (ok) {
          for (size_t k = 0; k < window.size(); ++k) dist[window[k]] = now[k];
          for (size_t k = 0; k < around.size(); ++k) nn[around[k]] = nn_new[k], calm[around[k]] = 0;
          sum = s1, sum2 = s2;
          ++kept, ++moved;
          break;
        }
        move_site(i, from);
      }
    }
    if (moved == 0) break;
  }
  return kept;
}

}  // namespace mesogrid::detail

// Tests of geometry/point_hash.hpp: the hash finds every point within a radius, erases, and the nearest-neighbour
// distances equal brute force, with isolated points and coincident ones.
#include <doctest/doctest.h>

#include <algorithm>
#include <limits>
#include <mesogrid/geometry/point_hash.hpp>
#include <random>
#include <set>

using namespace mesogrid;

TEST_CASE("near: a superset of the points within the radius; erase removes one") {
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> u(-50, 50);
  std::vector<Eigen::Vector3d> P;
  detail::PointHash h(8);
  for (int i = 0; i < 500; ++i) {
    P.emplace_back(u(rng), u(rng), u(rng));
    h.insert(P.back(), i);
  }
  const Eigen::Vector3d q(1, 2, 3);
  std::set<int> found;
  h.near(q, 4, [&](int id) { found.insert(id); });
  for (int i = 0; i < 500; ++i)
    if ((P[static_cast<size_t>(i)] - q).norm() <= 4) CHECK(found.count(i) == 1);
  if (!found.empty()) {
    const int gone = *found.begin();
    h.erase(P[static_cast<size_t>(gone)], gone);
    bool still = false;
    h.near(q, 4, [&](int id) { still = still || id == gone; });
    CHECK_FALSE(still);
  }
}

TEST_CASE("nearest-neighbour distances equal brute force (clusters, isolated points, duplicates)") {
  std::mt19937 rng(5);
  std::uniform_real_distribution<double> u(0, 30);
  std::vector<Eigen::Vector3d> P;
  for (int i = 0; i < 300; ++i) P.emplace_back(u(rng), u(rng), 0);
  P.emplace_back(500, 500, 500);  // isolated: found by the scan of all
  P.push_back(P[7]);              // a duplicate: distance 0
  const std::vector<double> d = nearest_neighbour_distances(P, 3);
  for (size_t i = 0; i < P.size(); ++i) {
    double best = std::numeric_limits<double>::infinity();
    for (size_t j = 0; j < P.size(); ++j)
      if (j != i) best = std::min(best, (P[j] - P[i]).norm());
    CHECK(d[i] == best);
  }
  CHECK(d[7] == 0);
  CHECK(nearest_neighbour_distances({Eigen::Vector3d::Zero()}, 1)[0] == std::numeric_limits<double>::infinity());
}

// Tests of lattice/mirror.hpp: pieces symmetric about the midline get exactly mirror-symmetric grids; the
// mirror-exact sites of a symmetric mesh; the mirror-pair error.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <mesogrid/lattice/mirror.hpp>
#include <mesogrid/plan.hpp>

#include "../support.hpp"

using namespace mesogrid;

using test::grid_mesh;
using test::params;
using test::plane;

TEST_CASE("a plane symmetric about the midline gets a mirror-symmetric grid") {
  for (LatticeKind k : {LatticeKind::square, LatticeKind::hex}) {
    const Plan plan = make_plan(plane(83, 61, -41.5, 0, 23), params(7, k));
    REQUIRE(plan.sites.size() > 20);
    for (const Site& s : plan.sites) {
      double best = 1e9;
      for (const Site& t : plan.sites)
        best = std::min(best, (t.position - Eigen::Vector3d(-s.position.x(), s.position.y(), s.position.z())).norm());
      CHECK(best < 1e-6);
    }
  }
}

TEST_CASE("a curved surface symmetric about the midline gets a mirror-symmetric grid") {
  // a face-like dome, wider than tall, laid from x = -60 to 60: the flattening is pinned on the lateral
  // axis, so the map and the lattice are mirror images of themselves
  const Mesh dome = grid_mesh(48, [](double u, double v) {
    const double x = (u - 0.5) * 120, y = v * 80;
    return Eigen::Vector3d(x, y, 40 * std::cos(x / 70) * std::cos((y - 40) / 90));
  });
  for (LatticeKind k : {LatticeKind::square, LatticeKind::hex}) {
    const Plan plan = make_plan(dome, params(k == LatticeKind::square ? 10 : 3, k));
    REQUIRE(plan.sites.size() > 50);
    double worst = 0;
    for (const Site& s : plan.sites) {
      double best = 1e9;
      for (const Site& t : plan.sites)
        best = std::min(best, (t.position - Eigen::Vector3d(-s.position.x(), s.position.y(), s.position.z())).norm());
      worst = std::max(worst, best);
    }
    CHECK(worst < 0.01);  // µm-level: the grid's quad diagonals are not themselves mirror-symmetric
  }
}

TEST_CASE("mirror_symmetric_sites: midline sites put on it, the left half mirrored onto the right") {
  FaceFrame f;
  auto site = [](double x, double y, int row, int col) {
    LatticeSite s;
    s.position = Eigen::Vector3d(x, y, 0);
    s.normal = Eigen::Vector3d(0.1 * x, 0, 1).normalized();
    s.row = row;
    s.col = col;
    return s;
  };
  // spacing 10: a site 2 mm off the midline goes onto it; the right-half site at -9.6 is replaced by the image
  // of the left one at 10 (taking its row and column)
  const std::vector<LatticeSite> in = {site(2, 0, 0, 1), site(10, 0, 0, 2), site(-9.6, 0, 0, 0)};
  const std::vector<LatticeSite> out = mirror_symmetric_sites(in, f, 10, false);
  REQUIRE(out.size() == 3);
  CHECK(out[0].position == Eigen::Vector3d(-10, 0, 0));  // ordered toward the subject's left
  CHECK(out[0].col == 0);
  CHECK(out[1].position == Eigen::Vector3d(0, 0, 0));
  CHECK(out[1].normal.x() == 0);
  CHECK(out[2].position == Eigen::Vector3d(10, 0, 0));
  CHECK(mirror_pair_error(out, f) == 0);
  CHECK(mirror_pair_error(in, f) == doctest::Approx(4));  // the site at 2 mm: its image at -2 is 4 mm from (2, 0)
  const std::vector<LatticeSite> all = mirror_symmetric_sites(in, f, 10, true);
  REQUIRE(all.size() == 3);
  CHECK(all[0].position == Eigen::Vector3d(-10, 0, 0));
  CHECK(all[0].col == -2);
}

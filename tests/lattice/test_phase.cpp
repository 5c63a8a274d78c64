// Tests of lattice/phase.hpp: a shift scores by how far its site count is from the area's, isolated sites and the
// push toward the middle; on a plane the chosen phase puts the lattice a half cell inside the edges.
#include <doctest/doctest.h>

#include <cmath>
#include <mesogrid/lattice/phase.hpp>

#include "../support.hpp"

using namespace mesogrid;
using namespace mesogrid::detail;

TEST_CASE("a 100 x 100 mm plane, 10 mm square lattice, margin 5: the best shift has 100 sites a half cell in") {
  const Mesh p = test::plane(100, 100, 0, 0, 20);
  const SurfacePiece sp(p, FaceFrame{});
  PieceLattice pl;
  pl.sp = &sp;
  pl.frame = FaceFrame{};
  pl.s = pl.h = 10;
  pl.margin = 5;
  std::vector<double> edge(static_cast<size_t>(p.num_vertices()));
  for (Eigen::Index v = 0; v < p.num_vertices(); ++v)
    edge[static_cast<size_t>(v)] = sp.boundary_distance(p.vertex(v), 10);
  const LatticeFields fields = lattice_fields(sp, pl.frame, LatticeKind::square, 10);
  const auto pat = stripe_patterns(sp, fields, 0);
  const FaceLattice fl = face_lattice(sp, pat[0], pat[1]);
  const Phase ph = choose_phase(pl, pat[0], pat[1], fl, edge, 0, 100);
  CHECK_FALSE(ph.crosses);  // x from 0 to 100: on one side of the midline x = 0 (touching it)
  int n = 0;
  for_each_lattice_point(sp, fl, ph.da, ph.db, [&](const LatticePoint& lp) {
    const Eigen::Vector3d x = sp.position(lp.face, lp.bary);
    const double fx = x.x() / 10 - std::floor(x.x() / 10), fy = x.y() / 10 - std::floor(x.y() / 10);
    CHECK(fx == doctest::Approx(0.5).epsilon(1e-6));
    CHECK(fy == doctest::Approx(0.5).epsilon(1e-6));
    ++n;
  });
  CHECK(n == 100);
  CHECK(score_shift(pl, fl, edge, ph.da, ph.db, 100) < 1e-6);  // count exact, none isolated, none to push
}

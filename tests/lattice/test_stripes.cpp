// Tests of lattice/stripes.hpp: on a plane the target phase gradient is integrable, so each stripe pattern's phase
// advances exactly one turn per spacing, lattice points fall on the exact lattice and none is reported twice.
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <mesogrid/lattice/stripes.hpp>

#include "../support.hpp"

using namespace mesogrid;

TEST_CASE("a plane: phases advance one turn per 10 mm along x (pattern a) and y (pattern b)") {
  const Mesh p = test::plane(60, 40, 0, 0, 12);
  const SurfacePiece sp(p, FaceFrame{});
  const LatticeFields fields = lattice_fields(sp, FaceFrame{}, LatticeKind::square, 10);
  CHECK(fields.ga[0].isApprox(Eigen::Vector3d(2 * pi / 10, 0, 0)));
  CHECK(fields.gb[0].isApprox(Eigen::Vector3d(0, 2 * pi / 10, 0)));
  const auto patterns = stripe_patterns(sp, fields, 0);
  for (Eigen::Index v = 0; v < p.num_vertices(); ++v) {
    const Eigen::Vector3d x = p.vertex(v);
    CHECK(patterns[0].phase[v] - patterns[0].phase[0] == doctest::Approx(2 * pi * x.x() / 10).epsilon(1e-6));
    CHECK(patterns[1].phase[v] - patterns[1].phase[0] == doctest::Approx(2 * pi * x.y() / 10).epsilon(1e-6));
  }
  const FaceLattice fl = face_lattice(sp, patterns[0], patterns[1]);
  for (char s : fl.singular) CHECK(s == 0);
  std::map<std::pair<int, int>, int> seen;  // shifted so the lattice points are the corners (0,0)..(60,40)
  const double da = -patterns[0].phase[0] / (2 * pi), db = -patterns[1].phase[0] / (2 * pi);
  for_each_lattice_point(sp, fl, da, db, [&](const LatticePoint& lp) {
    const Eigen::Vector3d x = sp.position(lp.face, lp.bary);
    CHECK(x.x() == doctest::Approx(10.0 * lp.ia).epsilon(1e-6));
    CHECK(x.y() == doctest::Approx(10.0 * lp.ib).epsilon(1e-6));
    ++seen[{lp.ia, lp.ib}];
  });
  CHECK(seen.size() == 7 * 5);
  for (const auto& [k, n] : seen) CHECK(n == 1);
}

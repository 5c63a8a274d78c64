// Tests of geometry/refine.hpp: long edges split at their midpoints, the surface unchanged (a plane and a
// cylinder's facets keep their area and their plane), conforming (no edge left without its twin), parents kept.
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <mesogrid/geometry/pieces.hpp>
#include <mesogrid/geometry/refine.hpp>

#include "../support.hpp"

using namespace mesogrid;

TEST_CASE("refine_long_edges: a coarse plane refined to 3 mm edges keeps its area, plane, edge and orientation") {
  const Mesh m = test::plane(40, 30, 0, 0, 2);  // 20 x 15 mm quads
  std::vector<int> parent;
  const Mesh r = refine_long_edges(m, 3.0, 1000000, &parent);
  CHECK(longest_edge(m) > 20);
  CHECK(longest_edge(r) <= 3.0);
  CHECK(surface_area(r) == doctest::Approx(1200).epsilon(1e-12));
  CHECK(r.V.col(2).cwiseAbs().maxCoeff() == 0);
  for (Eigen::Index v = 0; v < m.V.rows(); ++v) CHECK(r.V.row(v) == m.V.row(v));  // old vertices keep their index
  REQUIRE(parent.size() == static_cast<size_t>(r.num_faces()));
  for (Eigen::Index f = 0; f < r.num_faces(); ++f) {
    CHECK(face_normal(r, f).z() > 0.999);  // corners keep their order
    // every new face lies in its parent
    const Eigen::Vector3d c = (r.corner(f, 0) + r.corner(f, 1) + r.corner(f, 2)) / 3;
    const int p = parent[static_cast<size_t>(f)];
    const Eigen::Vector3d lo = m.corner(p, 0).cwiseMin(m.corner(p, 1)).cwiseMin(m.corner(p, 2));
    const Eigen::Vector3d hi = m.corner(p, 0).cwiseMax(m.corner(p, 1)).cwiseMax(m.corner(p, 2));
    CHECK(((c - lo).minCoeff() >= -1e-9 && (hi - c).minCoeff() >= -1e-9));
  }
  // conforming: the boundary is the rectangle's 140 mm, and one piece
  double edge = 0;
  for (const auto& [a, b] : boundary_edges(r)) edge += (r.vertex(a) - r.vertex(b)).norm();
  CHECK(edge == doctest::Approx(140));
  CHECK(connected_pieces(r).size() == 1);
}

TEST_CASE("refine_long_edges: a cylinder's facets keep their area; the face cap stops the passes") {
  const double radius = 30;
  const Mesh m = test::grid_mesh(8, [&](double u, double v) {
    return Eigen::Vector3d(radius * std::sin(u * pi), 60 * v, radius * std::cos(u * pi));
  });
  const Mesh r = refine_long_edges(m, 2.0, 1000000);
  CHECK(longest_edge(r) <= 2.0);
  CHECK(surface_area(r) == doctest::Approx(surface_area(m)).epsilon(1e-12));
  const Mesh capped = refine_long_edges(m, 2.0, 4 * m.num_faces());
  CHECK(capped.num_faces() <= 4 * m.num_faces());
  CHECK(capped.num_faces() > m.num_faces());
  CHECK(surface_area(capped) == doctest::Approx(surface_area(m)).epsilon(1e-12));
}

TEST_CASE("sliver_share: none on a grid of right triangles, all on a fan, the share on a mix") {
  CHECK(sliver_share(Mesh{}) == 0);
  CHECK(sliver_share(test::plane(50, 50, 0, 0, 10)) == 0);  // height on the longest edge: half of it
  CHECK(sliver_share(test::fan_disc(1000, 50)) == 1);       // triangles 50 mm long and 0.31 mm wide at the rim
  Mesh mix;  // a right triangle (height half its longest edge), then heights 0.099 and 0.101 of a 10 mm edge
  mix.V.resize(7, 3);
  mix.V << 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 10, 0, 1, 5, 0.99, 1, 5, 1.01, 1;
  mix.F.resize(3, 3);
  mix.F << 0, 1, 2, 3, 4, 5, 3, 4, 6;
  CHECK(sliver_share(mix) == doctest::Approx(1.0 / 3));
}

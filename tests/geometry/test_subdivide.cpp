// Tests of geometry/subdivide.hpp: Loop subdivision: 4x faces, old vertices first with their indices, a flat patch
// stays flat, labels inherited, the rules on a known vertex.
#include <doctest/doctest.h>

#include <mesogrid/geometry/subdivide.hpp>

#include "../support.hpp"

using namespace mesogrid;

TEST_CASE("Loop subdivision: 4x faces, old vertices keep their index, a flat patch stays flat") {
  Mesh q;
  q.V.resize(4, 3);
  q.V << 0, 0, 0, 10, 0, 0, 10, 10, 0, 0, 10, 0;
  q.F.resize(2, 3);
  q.F << 0, 1, 2, 0, 2, 3;
  q.label.resize(2);
  q.label << 0, 1;
  q.label_names = {"a", "b"};
  const LoopStep step = loop_subdivide_once(q);
  CHECK(step.mesh.num_faces() == 8);
  CHECK(step.mesh.num_vertices() == 4 + 5);  // one new vertex per edge
  for (int v = 0; v < 4; ++v) CHECK(step.parents[static_cast<size_t>(v)] == std::array<int, 2>{v, v});
  for (int f = 0; f < 8; ++f) CHECK(step.mesh.label(f) == q.label(f / 4));
  // boundary corner with two boundary neighbours: 3/4 of itself + 1/8 of each
  CHECK(step.mesh.V.row(1).transpose().isApprox(Eigen::Vector3d(0.75 * 10 + 0.125 * 0 + 0.125 * 10, 0.125 * 10, 0)));
  const Mesh r = loop_subdivide(q, 2);
  CHECK(r.num_faces() == 32);
  CHECK(r.V.col(2).cwiseAbs().maxCoeff() == 0);
}

TEST_CASE("the built-in face is the canonical face Loop-refined twice") {
  CHECK(test::builtin_face_mm().num_faces() == 898 * 16);
}

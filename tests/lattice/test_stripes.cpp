// Tests of lattice/stripes.hpp: on a plane the target phase gradient is integrable, so each stripe pattern's phase
// advances exactly one turn per spacing, lattice points fall on the exact lattice and none is reported twice.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <mesogrid/io/read_mesh.hpp>
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

TEST_CASE("shared: a whole head turned in its file, default axes: rows horizontal about the head's own axis") {
  // The ICT neutral head (face, cranium, neck) upright keeps rows along the given axes; turned so that the up axis
  // points out of its skin over large parts, its rows turn with it: horizontal about its own axis, which is the
  // upright head's axis turned (so the turned scan gets the upright plan, turned).
  const std::string path = std::string(MESOGRID_SHARED_DIR) + "/meshes/ict/ict_face_neutral.obj";
  if (!test::have(path, "the ICT faces of ../shared")) return;
  const Mesh upright = read_mesh(path);
  RowFrame how;
  lattice_fields(SurfacePiece(upright, FaceFrame{}, 1), FaceFrame{}, LatticeKind::hex, 3, &how);
  CHECK_FALSE(how.mesh_axis);
  CHECK_FALSE(how.surface_frame);
  const Eigen::Vector3d axis0 = normal_axis(upright, Eigen::Vector3d(0, 1, 0));
  CHECK(axis0.y() > 0.99);  // the head's axis is within 8 degrees of its up
  // turned 70 degrees about x: up now comes out of the crown's side and the throat
  const Eigen::Matrix3d R = Eigen::AngleAxisd(70 * pi / 180, Eigen::Vector3d::UnitX()).toRotationMatrix();
  Mesh turned = upright;
  turned.V = upright.V * R.transpose();
  const SurfacePiece sp(turned, FaceFrame{}, 1);
  const LatticeFields f = lattice_fields(sp, FaceFrame{}, LatticeKind::hex, 3, &how);
  CHECK(how.aligned_residual > 2 * how.frame_residual);
  CHECK(how.mesh_axis);
  CHECK_FALSE(how.surface_frame);
  CHECK(how.axis.isApprox(R * axis0, 1e-9));
  CHECK(how.axis_residual <= 2 * how.frame_residual);
  // the row targets are those of the upright head planned with its own axis as up, turned: the same plan
  FaceFrame own;
  own.up = axis0;
  own.front = Eigen::Vector3d::UnitX().cross(axis0).normalized();
  const LatticeFields f1 = lattice_fields(SurfacePiece(upright, own, 1), own, LatticeKind::hex, 3, &how);
  CHECK_FALSE(how.mesh_axis);
  double worst = 0;
  for (Eigen::Index v = 0; v < turned.num_vertices(); ++v)
    worst = std::max({worst, (f.ga[v] - R * f1.ga[v]).norm(), (f.gb[v] - R * f1.gb[v]).norm()});
  CHECK(worst < 1e-6 * 2 * pi / 3);
}

// Tests of core/frame.hpp: axes by name, the lateral axis, sides and mirror images about the mid-sagittal plane.
#include <doctest/doctest.h>

#include <mesogrid/core/frame.hpp>

using namespace mesogrid;

TEST_CASE("axis names: signs, case, nothing else") {
  CHECK(*axis_from_name("+y") == Eigen::Vector3d(0, 1, 0));
  CHECK(*axis_from_name("-Z") == Eigen::Vector3d(0, 0, -1));
  CHECK(*axis_from_name("x") == Eigen::Vector3d(1, 0, 0));
  CHECK_FALSE(axis_from_name("sideways"));
  CHECK_FALSE(axis_from_name("+"));
  CHECK_FALSE(axis_from_name(""));
  CHECK_FALSE(axis_from_name("+-y"));
}

TEST_CASE("the default frame: lateral is +x (the subject's left), sides and mirror images") {
  FaceFrame f;
  CHECK(f.lateral() == Eigen::Vector3d(1, 0, 0));
  f.midline_mm = 2;
  const Eigen::Vector3d p(5, 1, 3);
  CHECK(f.side(p) == 3);
  CHECK(f.mirror(p) == Eigen::Vector3d(-1, 1, 3));
  CHECK(f.mirror(f.mirror(p)) == p);
  CHECK(f.mirror_direction(Eigen::Vector3d(1, 2, 3)) == Eigen::Vector3d(-1, 2, 3));
}

TEST_CASE("a turned frame: up +z, front -y gives lateral +x; mirror about its plane") {
  FaceFrame f;
  f.up = Eigen::Vector3d(0, 0, 1);
  f.front = Eigen::Vector3d(0, -1, 0);
  CHECK(f.lateral() == Eigen::Vector3d(1, 0, 0));
  CHECK(f.mirror(Eigen::Vector3d(4, 5, 6)) == Eigen::Vector3d(-4, 5, 6));
}

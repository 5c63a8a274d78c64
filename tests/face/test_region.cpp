// Tests of face/region.hpp: regions of a labelled mesh with triangle counts and areas (cm²), mirrored pairs and
// full_face, cutting a region out, the message for an unknown one, regions that are their own mirror image.
#include <doctest/doctest.h>

#include <mesogrid/face/region.hpp>

#include "../support.hpp"

using namespace mesogrid;

namespace {
/// A 100 x 100 mm plane (800 triangles) labelled by quarter: x < 50 is cheek_right (y < 50) or brow_right, x >= 50
/// cheek_left or brow_left.
Mesh quarters() {
  Mesh m = test::plane(100, 100, 0, 0, 20);
  m.label_names = {"cheek_left", "cheek_right", "brow_left", "brow_right"};
  for (Eigen::Index f = 0; f < m.num_faces(); ++f) {
    const Eigen::Vector3d c = (m.corner(f, 0) + m.corner(f, 1) + m.corner(f, 2)) / 3.0;
    m.label(f) = (c.y() < 50 ? 0 : 2) + (c.x() < 50 ? 1 : 0);
  }
  return m;
}
}  // namespace

TEST_CASE("list_regions: labels, then pairs, full_face and all, with areas in cm²") {
  const std::vector<RegionInfo> r = list_regions(quarters());
  std::vector<std::string> names;
  for (const auto& x : r) names.push_back(x.name);
  CHECK(names == std::vector<std::string>{"cheek_left", "cheek_right", "brow_left", "brow_right", "cheeks", "brows",
                                          "full_face", "all"});
  CHECK(r[0].triangles == 200);
  CHECK(r[0].area_cm2 == doctest::Approx(25));
  CHECK(r[4].area_cm2 == doctest::Approx(50));
  CHECK(r[4].description == "cheek_left + cheek_right (both sides in one plan)");
  CHECK(r.back().area_cm2 == doctest::Approx(100));
  CHECK(pair_region_name("jawline") == "jawline");
  CHECK(pair_region_name("temple") == "temples");
}

TEST_CASE("extract_region: a label, a pair (by either name), and unknown or empty regions refused") {
  const Mesh m = quarters();
  CHECK(surface_area(extract_region(m, "brow_left")) == doctest::Approx(2500));
  CHECK(surface_area(extract_region(m, "cheeks")) == doctest::Approx(5000));
  CHECK(surface_area(extract_region(m, "cheek")) == doctest::Approx(5000));
  CHECK(extract_region(m, "all").num_faces() == 800);
  ErrorKind kind{};
  const std::string msg = test::error_of([&] { extract_region(m, "nose"); }, &kind);
  CHECK(kind == ErrorKind::plan);
  CHECK(msg ==
        "unknown region 'nose': this mesh has cheek_left, cheek_right, brow_left, brow_right, cheeks, brows, "
        "full_face, all");
}

TEST_CASE("mirror_closed: all, pairs and full_face are their own mirror image; one side is not") {
  const Mesh m = quarters();
  CHECK(mirror_closed(m, "all"));
  CHECK(mirror_closed(m, "cheeks"));
  CHECK(mirror_closed(m, "full_face"));
  CHECK_FALSE(mirror_closed(m, "cheek_left"));
  CHECK_FALSE(mirror_closed(m, "nose"));
}

TEST_CASE("estimated_midline_mm: the file's x = 0 through the face, else between left and right, or the centroid") {
  Mesh m = quarters();  // pairs meet at x = 50; x = 0 is the right regions' edge, not between the pairs
  CHECK(estimated_midline_mm(m, FaceFrame{}) == doctest::Approx(50));
  Mesh centred = quarters();  // x = 0 between the pairs (centroids at -24 and 26): the file's plane is kept
  centred.V.col(0).array() -= 49;
  CHECK(estimated_midline_mm(centred, FaceFrame{}) == 0);
  m.V.col(0).array() += 1e5;  // the same face 100 m away: its midline goes with it
  CHECK(estimated_midline_mm(m, FaceFrame{}) == doctest::Approx(1e5 + 50));
  // the right cheek only half as wide: each pair's midpoint halves its two centroids (x 37.5 and 75 -> 56.25 for the
  // cheeks, 25 and 75 -> 50 for the brows), weighted by the pairs' areas (3750 and 5000 mm² -> 52.68)
  Mesh lop = quarters();
  for (Eigen::Index f = 0; f < lop.num_faces(); ++f) {
    const Eigen::Vector3d c = (lop.corner(f, 0) + lop.corner(f, 1) + lop.corner(f, 2)) / 3.0;
    if (lop.label(f) == 1 && c.x() < 25) lop.label(f) = -1;
  }
  CHECK(estimated_midline_mm(lop, FaceFrame{}) == doctest::Approx((3750 * 56.25 + 5000 * 50) / 8750.0));
  Mesh bare = test::plane(100, 60, 20, 0, 10);  // no labels, x = 0 beside the mesh: through the area centroid
  CHECK(estimated_midline_mm(bare, FaceFrame{}) == doctest::Approx(70));
  CHECK(estimated_midline_mm(test::plane(100, 60, -30, 0, 10), FaceFrame{}) == 0);  // x = 0 through the mesh
}

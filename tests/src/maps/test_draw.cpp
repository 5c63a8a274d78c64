// Tests of src/maps/draw.hpp: XML escaping, the views' axes, the fit of a drawing into a box, the depth colours.
#include <doctest/doctest.h>

#include "landmarks/texture.hpp"
#include "maps/contour.hpp"
#include "maps/draw.hpp"

#include "../src_support.hpp"

using namespace mesogrid;
using namespace mesogrid::cli;

TEST_CASE("escaping and paper numbers") {
  CHECK(draw::esc("a<b>&\"c\"") == "a&lt;b&gt;&amp;&quot;c&quot;");
  CHECK(draw::f2(1.005) == "1.00");
  CHECK(draw::f2(-0.001) == "0.00");
}

TEST_CASE("views: front puts the subject's left on the reader's right; side views show one half; bad names refused") {
  const MapView front = make_map_view(FaceFrame{}, "front");
  CHECK(front.right == Eigen::Vector3d(1, 0, 0));
  CHECK(front.side == 0);
  const MapView left = make_map_view(FaceFrame{}, "left");
  CHECK(left.toward == Eigen::Vector3d(1, 0, 0));
  CHECK(left.side == 1);
  CHECK(make_map_view(FaceFrame{}, "right").side == -1);
  CHECK(test::cli_error([] { make_map_view(FaceFrame{}, "top"); }) ==
        "--view 'top' is not known: use front, left or right");
}

TEST_CASE("a plane drawn into a box: centred, scaled to fit") {
  const Mesh p = test::plane(100, 50, 0, 0, 4);
  const MapView v = make_map_view(FaceFrame{}, "front");
  const draw::FaceDrawing d = draw::make_face(p, v);
  const draw::Fit fit = draw::fit_box(d, v, 10, 20, 200, 200);
  CHECK(fit.s == doctest::Approx(2));
  CHECK(fit(Eigen::Vector3d(0, 50, 0)).isApprox(Eigen::Vector2d(10, 70)));     // top-left
  CHECK(fit(Eigen::Vector3d(100, 0, 0)).isApprox(Eigen::Vector2d(210, 170)));  // bottom-right
}

TEST_CASE("depth colours: one per distinct depth, shallow light to deep dark") {
  Plan plan;
  for (double depth : {1.0, 2.0, 1.0}) {
    Site s;
    s.position = s.normal = s.needle = s.tip = Eigen::Vector3d::Zero();
    s.depth_mm = depth;
    plan.sites.push_back(s);
  }
  const draw::DepthScale scale = draw::depth_scale(plan);
  CHECK(scale.depths.size() == 2);
  CHECK_FALSE(scale.binned);
  CHECK(std::string(scale.colour(1.0)) == draw::depth_palette.front());
  CHECK(std::string(scale.colour(2.0)) == draw::depth_palette.back());
}

TEST_CASE("mask outlines: loops between pixel centres in and out, holes by the even-odd rule") {
  draw::Mask m;
  m.width = 9;
  m.height = 9;
  m.bits.assign(81, 0);
  for (int y = 1; y <= 7; ++y)
    for (int x = 1; x <= 7; ++x) m.bits[static_cast<size_t>(y * 9 + x)] = (x == 4 && y == 4) ? 0 : 1;
  const auto loops = draw::mask_outlines(m, 0.01);
  REQUIRE(loops.size() == 2);  // the square and the hole
  for (int y = 0; y < 9; ++y)
    for (int x = 0; x < 9; ++x) CHECK(draw::inside_loops(loops, Eigen::Vector2d(x + 0.5, y + 0.5)) == m.at(x, y));
  CHECK(draw::mask_outlines(draw::Mask{}).empty());
}

TEST_CASE("the face picture: watertight at any density, the same bytes twice") {
  // a plane of 2 x 160 x 160 triangles much smaller than a pixel: every pixel centre inside it is covered
  const Mesh p = test::plane(20, 20, 0, 0, 160);
  const MapView v = make_map_view(FaceFrame{}, "front");
  const draw::FaceDrawing d = draw::make_face(p, v);
  const draw::Fit fit = draw::fit_box(d, v, 0, 0, 20, 20);
  const draw::FacePicture pic = draw::render_face(d, fit, 100);
  long holes = 0;
  for (int y = 1; y + 1 < pic.raster.height; ++y)
    for (int x = 1; x + 1 < pic.raster.width; ++x) holes += pic.raster.face_at(x, y) < 0;
  CHECK(holes == 0);
  CHECK(pic.image.channels == 1);
  std::string a, b;
  draw::draw_picture(a, pic);
  draw::draw_picture(b, draw::render_face(d, fit, 100));
  CHECK(a == b);
  if (texture_available()) CHECK(a.find("data:image/png;base64,iVBORw0KGgo") != std::string::npos);
}

TEST_CASE("zone footprints found on one picture and moved to another scale: those found there, to a pixel") {
  // a disc of 4 mm radius on a 40 x 40 mm plane, drawn at two scales and places on the page
  const Mesh m = test::plane(40, 40, -20, -20, 40);
  const MapView v = make_map_view(FaceFrame{}, "front");
  const draw::FaceDrawing d = draw::make_face(m, v);
  Zone z;
  z.name = "disc";
  z.kind = "keep-out";
  z.path = {Eigen::Vector3d(5, 3, 0)};
  z.radius_mm = 4;
  const std::vector<Zone> zones{z};
  const draw::Fit a = draw::fit_box(d, v, 10, 20, 150, 150), b = draw::fit_box(d, v, 30, 25, 120, 120);
  const draw::FacePicture pa = draw::render_face(d, a, 300), pb = draw::render_face(d, b, 300);
  const auto moved = draw::refit(draw::zone_footprints(zones, FaceFrame{}, pa), a, b);
  const auto found = draw::zone_footprints(zones, FaceFrame{}, pb);
  REQUIRE(moved.size() == 1);
  REQUIRE(found.size() == 1);
  const double px = 25.4 / 300;  // a pixel, paper mm
  // the same surface: the centre where the disc's centre is drawn, the outline through the same points
  CHECK((moved[0].label - b(z.path[0])).norm() < 1.5 * px);
  CHECK((moved[0].label - found[0].label).norm() < 1.5 * px);
  for (const auto& loops : {moved[0].loops, found[0].loops}) {
    REQUIRE(loops.size() == 1);
    for (const Eigen::Vector2d& q : loops[0]) CHECK(std::abs((q - b(z.path[0])).norm() - 4 * b.s) < 2 * px);
  }
  for (const Eigen::Vector2d& q : moved[0].inside) CHECK((q - b(z.path[0])).norm() < 4 * b.s);
}

// Tests of landmarks/five.hpp: a face detector's 5 points read from a file, their shape checks (each refusal in
// words), the view they give (exact on a face built along known axes, any turn, mirrored), and how far a found
// iBUG set lies from them (segment and point distances exactly, sides exchanged, points not found).
#include <doctest/doctest.h>

#include <Eigen/Geometry>
#include <cmath>
#include <mesogrid/landmarks/file.hpp>
#include <mesogrid/landmarks/five.hpp>
#include <optional>
#include <string>
#include <utility>

#include "support.hpp"

using namespace mesogrid;

namespace {

// A face looking along +z with +y up, subject's left = +x, mm: eye centres 62 mm apart, mouth corners 50 mm,
// 70 mm below the eyes, the nose tip 40 mm below the eyes and 25 mm in front of them.
FivePoints upright() {
  return {Eigen::Vector3d(-31, 0, 0), Eigen::Vector3d(31, 0, 0), Eigen::Vector3d(0, -40, 25),
          Eigen::Vector3d(-25, -70, 0), Eigen::Vector3d(25, -70, 0)};
}

FivePoints moved(const FivePoints& p, const Eigen::Matrix3d& R, double scale, const Eigen::Vector3d& t) {
  FivePoints q;
  for (size_t k = 0; k < p.size(); ++k) q[k] = scale * (R * p[k]) + t;
  return q;
}

// The iBUG points a detector would find on upright(): the eye corners 20 mm either side of the eye centres (36,
// 39 right; 42, 45 left), the nose tip (30) and the mouth corners (48 right, 54 left) where the 5 points are.
LandmarkFile found_on_upright() {
  LandmarkFile f;
  f.set = LandmarkSet::ibug68;
  f.named = true;
  auto add = [&](int k, Eigen::Vector3d p) {
    f.index.push_back(k);
    f.point.push_back(p);
  };
  add(36, {-51, 0, 0});
  add(39, {-11, 0, 0});
  add(42, {11, 0, 0});
  add(45, {51, 0, 0});
  add(30, {0, -40, 25});
  add(48, {-25, -70, 0});
  add(54, {25, -70, 0});
  return f;
}

}  // namespace

TEST_CASE("an unnamed file of 5 points is a detector's guide, not a set; asked for a set it is refused") {
  const LandmarkFile f = read_landmark_csv("1,2,3\n4,5,6\n7,8,9\n1,0,0\n0,1,0\n", "five.csv", std::nullopt);
  CHECK(f.five);
  CHECK(f.point.size() == 5);
  bool refused = false;
  try {
    (void)read_landmark_csv("1,2,3\n4,5,6\n7,8,9\n1,0,0\n0,1,0\n", "five.csv", LandmarkSet::ibug68);
  } catch (const Error& e) {
    refused = std::string(e.what()).find("five.csv: 5 landmarks, but") == 0;
  }
  CHECK(refused);
}

TEST_CASE("a file naming a face detector's 5 points: any order, names as detectors write them; each once, all 5") {
  const LandmarkFile f = read_landmark_csv(
      "name,x,y,z\nnose_tip,3,0,0\nmouth_left,5,0,0\nEye Right,1,0,0\nleft_eye,2,0,0\nright_mouth_corner,4,0,0\n",
      "five.csv", std::nullopt);
  CHECK(f.five);
  REQUIRE(f.point.size() == 5);
  for (size_t k = 0; k < 5; ++k) {
    CHECK(f.point[k].x() == static_cast<double>(k + 1));
    CHECK(f.index[k] == static_cast<int>(k));
  }
  CHECK(f.line[0] == 4);  // the right eye's line
  const std::pair<std::string, std::string> refusals[] = {
      {"name,x,y,z\nnose,1,2,3\nnose_tip,1,2,3\n", "five.csv:3: the nose tip is given twice (also line 2): keep one"},
      {"name,x,y,z\nright_eye,1,0,0\nleft_eye,2,0,0\nnose,3,0,1e300\nmouth_right,4,0,0\nmouth_left,5,0,0\n",
       "five.csv: landmark 3 has a coordinate beyond 1e6 (1e+300): these are not the landmarks of a face scan; "
       "export them again"},
      {"name,x,y,z\nnose_tip,1,2,3\n",
       "five.csv: the file names 1 of a face detector's 5 points; right eye, left eye, right mouth corner, left "
       "mouth corner are missing: give all 5 (right eye, left eye, nose tip, right mouth corner, left mouth corner)"},
      {"name,x,y,z\njaw_0,1,2,3\nnose,1,2,3\n",
       "five.csv:3: landmark 'nose' is one of a face detector's 5 points but earlier lines are ibug68 names: use one "
       "set per file"},
      {"name,x,y,z\nnose,1,2,3\njaw_0,1,2,3\n",
       "five.csv:3: landmark 'jaw_0' is an ibug68 name but earlier lines name a face detector's 5 points: use one "
       "set per file"},
  };
  for (const auto& [text, message] : refusals) {
    CAPTURE(text);
    CHECK(test::error_with_flags([&] { (void)read_landmark_csv(text, "five.csv", std::nullopt); }) == message);
  }
  CHECK(test::error_with_flags([] {
          (void)read_landmark_csv(
              "name,x,y,z\nright_eye,1,0,0\nleft_eye,2,0,0\nnose,3,0,0\nmouth_right,4,0,0\nmouth_left,5,0,0\n",
              "five.csv", LandmarkSet::ibug68);
        }) ==
        "five.csv: the names are a face detector's 5 points (right eye, left eye, nose tip, right mouth corner, "
        "left mouth corner) but --landmark-set is ibug68: drop --landmark-set");
}

TEST_CASE("the view of 5 points: up from the mouth to the eyes, front towards the nose, in any turn and scale") {
  const FiveView v = five_point_view(upright());
  CHECK((v.up - Eigen::Vector3d(0, 1, 0)).norm() < 1e-12);
  CHECK((v.front - Eigen::Vector3d(0, 0, 1)).norm() < 1e-12);
  const Eigen::Matrix3d R = (Eigen::AngleAxisd(1.1, Eigen::Vector3d(0.3, -0.8, 0.5).normalized())).toRotationMatrix();
  const FivePoints q = moved(upright(), R, 1e-3, Eigen::Vector3d(5, -7, 100));  // turned, in m, moved
  CHECK(five_point_shape_problem(q).empty());
  const FiveView w = five_point_view(q);
  CHECK((w.up - R * Eigen::Vector3d(0, 1, 0)).norm() < 1e-9);
  CHECK((w.front - R * Eigen::Vector3d(0, 0, 1)).norm() < 1e-9);
  // mirrored (x negated): the same up and front; the sides are told by the points found (match_five_points)
  const FivePoints m = moved(upright(), Eigen::Vector3d(-1, 1, 1).asDiagonal().toDenseMatrix(), 1, {0, 0, 0});
  CHECK(five_point_shape_problem(m).empty());
  CHECK((five_point_view(m).front - Eigen::Vector3d(0, 0, 1)).norm() < 1e-12);
}

TEST_CASE("5 points not shaped like a face are refused, in words") {
  auto problem = [](auto&& edit) {
    FivePoints p = upright();
    edit(p);
    return five_point_shape_problem(p);
  };
  CHECK(problem([](FivePoints&) {}).empty());
  CHECK(problem([](FivePoints& p) { p[4] = p[3]; }) ==
        "the right mouth corner and the left mouth corner are at the same place");
  CHECK(problem([](FivePoints& p) {
          p[3].x() = -150;
          p[4].x() = 150;
        }) == "the mouth corners are 4.8 times as far apart as the eyes (0.3 to 3 in a face)");
  CHECK(problem([](FivePoints& p) { std::swap(p[3], p[4]); }) ==
        "the eyes and the mouth corners do not run the same way (right to left)");
  CHECK(problem([](FivePoints& p) {
          p[3].y() = p[4].y() = -10;
          p[2].y() = -5;
        }) == "the mouth is 0.16 eye distances below the eyes (0.4 to 3.5 in a face)");
  CHECK(problem([](FivePoints& p) { p[2].y() = 10; }) ==
        "the nose tip is not between the eyes and the mouth in height");
  CHECK(problem([](FivePoints& p) { p[2].z() = 1; }) ==
        "the nose tip is not in front of the eyes and the mouth (it lies in their plane)");
  // eyes and mouth corners in a line from top to bottom: not across the face
  CHECK(problem([](FivePoints& p) {
          p = {Eigen::Vector3d(0, 0, 0), Eigen::Vector3d(0, -62, 0), Eigen::Vector3d(0, -90, 30),
               Eigen::Vector3d(0, -120, 0), Eigen::Vector3d(0, -170, 0)};
        }) == "the line of the eyes is not across the face (it runs from eyes to mouth)");
}

TEST_CASE("the points found against the 5: distances, sides exchanged, points not found") {
  const LandmarkFile found = found_on_upright();
  const Eigen::Vector3d front(0, 0, 1);
  FiveMatch m = match_five_points(upright(), found, front);
  CHECK_FALSE(m.swapped);
  for (double d : m.distance) CHECK(d < 1e-12);
  CHECK(m.eye_width == doctest::Approx(102));
  // inner eye corners (as some 3D files give for the eyes) lie on the corners' segment too
  FivePoints inner = upright();
  inner[0] = {-11, 0, 0};
  inner[1] = {11, 0, 0};
  CHECK(match_five_points(inner, found, front).distance[0] < 1e-12);
  // a pupil on the cornea, 9 mm in front of its eye's corners: on the segment as seen from the front
  FivePoints cornea = upright();
  cornea[0].z() = 9;
  CHECK(match_five_points(cornea, found, front).distance[0] < 1e-12);
  CHECK(match_five_points(cornea, found, Eigen::Vector3d(0, 1, 0)).distance[0] == doctest::Approx(9));
  // an eye 3 mm above its segment, the nose tip 4 mm off: exact distances, the worst named
  FivePoints off = upright();
  off[1].y() = 3;
  off[2].x() = 4;
  m = match_five_points(off, found, front);
  CHECK(m.distance[1] == doctest::Approx(3));
  CHECK(m.distance[2] == doctest::Approx(4));
  CHECK(m.worst() == 2);
  // the sides exchanged: matched the other way round, with the distances of that way
  FivePoints swapped = upright();
  std::swap(swapped[0], swapped[1]);
  std::swap(swapped[3], swapped[4]);
  m = match_five_points(swapped, found, front);
  CHECK(m.swapped);
  CHECK(m.distance[0] < 1e-12);
  CHECK(m.distance[4] < 1e-12);
  // no left eye corners and no nose tip found: not measured
  LandmarkFile partial = found;
  partial.index = {36, 39, 48, 54};
  partial.point = {found.point[0], found.point[1], found.point[5], found.point[6]};
  m = match_five_points(upright(), partial, front);
  CHECK(std::isnan(m.distance[1]));
  CHECK(std::isnan(m.distance[2]));
  CHECK(std::isnan(m.eye_width));
  CHECK(m.worst() == 0);
}

// Tests of landmarks/file.hpp: the landmark CSV reader and the checks of every landmark file: exact messages
// naming the file, the line and the value (the set asked named as a flag would name it).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <mesogrid/landmarks/file.hpp>
#include <mesogrid/landmarks/sets.hpp>
#include <set>
#include <string>

#include "landmarks_support.hpp"

using namespace mesogrid;
using test::error_with_flags;

using namespace mesogrid::test;

TEST_CASE("CSV: the ICT layout (header with a comment), plain rows, units, separators, line ends, BOM") {
  const LandmarkFile f = read_landmark_csv(ibug_csv("x_mm,y_mm,z_mm (Multi-PIE 68 order)"), "lm.csv", std::nullopt);
  CHECK(f.set == LandmarkSet::ibug68);
  CHECK(f.point.size() == 68);
  CHECK(f.units == "mm");
  CHECK(!f.named);
  CHECK(f.index[45] == 45);
  CHECK((f.point[45] - template_landmark(face(), LandmarkSet::ibug68, 45)).norm() < 1e-5);
  CHECK(read_landmark_csv(ibug_csv(""), "lm.csv", std::nullopt).units.empty());
  CHECK(read_landmark_csv(ibug_csv("X,Y,Z"), "lm.csv", LandmarkSet::ibug68).point.size() == 68);
  CHECK(read_landmark_csv(ibug_csv("x_cm,y_cm,z_cm"), "lm.csv", std::nullopt).units == "cm");
  CHECK(read_landmark_csv(ibug_csv("x_in,y_in,z_in"), "lm.csv", std::nullopt).units == "in");
  std::string spaced = ibug_csv("# exported by hand\nx y z");
  for (auto& c : spaced)
    if (c == ',') c = ' ';
  CHECK(read_landmark_csv(spaced, "lm.xyz", std::nullopt).point.size() == 68);
  std::string crlf;
  for (char c : "\xEF\xBB\xBF" + ibug_csv()) {
    if (c == '\n') crlf += '\r';
    if (c) crlf += c;
  }
  CHECK(read_landmark_csv(crlf, "lm.csv", std::nullopt).point.size() == 68);
  std::string semi = ibug_csv("x;y;z");
  for (auto& c : semi)
    if (c == ',') c = ';';
  CHECK(read_landmark_csv(semi, "lm.csv", std::nullopt).point.size() == 68);
  // 468 rows: MediaPipe by count
  std::string mp = "x,y,z\n";
  for (int k = 0; k < 468; ++k) mp += std::to_string(k) + ",1,2\n";
  CHECK(read_landmark_csv(mp, "mp.csv", std::nullopt).set == LandmarkSet::mediapipe468);
}

TEST_CASE("CSV: named and indexed subsets") {
  std::string s = "name,x,y,z\n";
  const int ks[] = {36, 39, 42, 45, 30, 31, 35, 48, 54, 51, 57, 8};
  for (int k : ks) {
    const Eigen::Vector3d p = template_landmark(face(), LandmarkSet::ibug68, k);
    s += landmark_name(LandmarkSet::ibug68, k) + "," + std::to_string(p.x()) + "," + std::to_string(p.y()) + "," +
         std::to_string(p.z()) + "\n";
  }
  const LandmarkFile f = read_landmark_csv(s, "named.csv", std::nullopt);
  CHECK(f.named);
  CHECK(f.point.size() == 12);
  CHECK(f.index[3] == 45);
  CHECK(f.line[3] == 5);
  std::string idx = "index,x,y,z\n";
  for (int k : ks) idx += std::to_string(k) + ",1,2,3\n";
  CHECK(read_landmark_csv(idx, "idx.csv", LandmarkSet::ibug68).index[11] == 8);
}

TEST_CASE("CSV: every error names the file, the line and the value; input errors") {
  struct Case {
    std::string text;
    std::optional<LandmarkSet> asked;
    std::string message;
  };
  const std::string rows67 = ibug_csv().substr(0, ibug_csv().rfind('\n', ibug_csv().size() - 2) + 1);
  std::string nan_row = ibug_csv();
  nan_row.replace(nan_row.find('\n', 16) + 1, 0, "1,2,nan\n");
  const Case cases[] = {
      {"", std::nullopt,
       "lm.csv: no landmark in the file: one landmark per line: x,y,z in the set's order (68 ibug68 or 468 "
       "mediapipe468 "
       "points), or a name/index column for a subset"},
      {rows67, std::nullopt,
       "lm.csv: 67 landmarks: one landmark per line: x,y,z in the set's order (68 ibug68 or 468 mediapipe468 points), "
       "or "
       "a name/index column for a subset"},
      {ibug_csv(), LandmarkSet::mediapipe468,
       "lm.csv: 68 landmarks, but --landmark-set mediapipe468 has 468: give all 468 points in order, or name them "
       "(name column or JSON)"},
      {"x,y,z\n1,2,3\n1,2\n", std::nullopt, "lm.csv:3: 2 fields, expected 3 (as in the header): one landmark per line"},
      {"1,2,3\n1,2,3,4\n", std::nullopt, "lm.csv:2: 4 fields, expected 3 (x,y,z): one landmark per line"},
      {"x,y,z\n1,2,3\n1,2,nan\n", std::nullopt,
       "lm.csv:3: z value 'nan' is not a finite number: every landmark needs three finite coordinates"},
      {"x,y,z\n1,inf,3\n", std::nullopt,
       "lm.csv:2: y value 'inf' is not a finite number: every landmark needs three finite coordinates"},
      {"x,y,z\n1,2,3\n1,two,3\n", std::nullopt,
       "lm.csv:3: y value 'two' is not a number: every landmark needs three coordinates"},
      {"x,y,w\n1,2,3\n", std::nullopt,
       "lm.csv:1: unknown column 'w': landmark columns are x, y, z (or x_mm, y_mm, z_mm; _cm, _m, _in), and optionally "
       "name or index"},
      {"x,y\n1,2\n", std::nullopt,
       "lm.csv:1: the header lacks z: landmark columns are x, y, z (or x_mm, y_mm, z_mm), and optionally name or "
       "index"},
      {"x_mm,y_cm,z_mm\n", std::nullopt,
       "lm.csv:1: columns in different units ('mm' and 'cm'): give x, y and z in one unit"},
      {"x_ft,y,z\n", std::nullopt,
       "lm.csv:1: unknown column 'x_ft': landmark columns are x, y, z (or x_mm, y_mm, z_mm; _cm, _m, _in), and "
       "optionally name or index"},
      {"name,x,y,z\nnose_point,1,2,3\n", std::nullopt,
       "lm.csv:2: unknown landmark name 'nose_point': use iBUG names (jaw_0..jaw_16, brow_right_0..4, brow_left_0..4, "
       "nose_bridge_0..3, nose_base_0..4, eye_right_0..5, eye_left_0..5, mouth_outer_0..11, mouth_inner_0..7), "
       "ibug_<0-67>, mp_<0-467>, or a face detector's 5 (right_eye, left_eye, nose_tip, right_mouth_corner, "
       "left_mouth_corner)"},
      {"name,x,y,z\njaw_0,1,2,3\nmp_3,1,2,3\n", std::nullopt,
       "lm.csv:3: landmark 'mp_3' is a mediapipe468 name but earlier lines are ibug68: use one set per file"},
      {"name,x,y,z\njaw_0,1,2,3\njaw_0,1,2,3\n", std::nullopt,
       "lm.csv:3: landmark jaw_0 (ibug 0) is given twice (also line 2): keep one"},
      {"name,x,y,z\njaw_0,1,2,3\njaw_1,1,2,3\n", std::nullopt,
       "lm.csv: only 2 landmarks: give at least 10 spread over the eyes, nose and mouth (or the whole set)"},
      {"name,x,y,z\njaw_0,1,2,3\n", LandmarkSet::mediapipe468,
       "lm.csv: the landmarks are ibug68 points (by their names) but --landmark-set is mediapipe468: drop "
       "--landmark-set or fix the names"},
      {"index,x,y,z\n1,1,2,3\n2,1,2,3\n", std::nullopt,
       "lm.csv: an index column with 2 points does not say which set they belong to: add --landmark-set ibug68 or "
       "mediapipe468 (or use names: jaw_0, mp_61, ...)"},
      {"index,x,y,z\n70,1,2,3\n", LandmarkSet::ibug68, "lm.csv:2: landmark index 70 is outside 0-67 of ibug68"},
      {"index,x,y,z\n1.5,1,2,3\n", LandmarkSet::ibug68,
       "lm.csv:2: index '1.5' is not a landmark number (0-based whole number)"},
      {"name,index,x,y,z\n", std::nullopt, "lm.csv:1: two name/index columns: keep one"},
      {"x,x,y,z\n", std::nullopt, "lm.csv:1: column x appears twice: keep one"},
  };
  for (const Case& c : cases) {
    ErrorKind code{};
    CHECK(error_with_flags([&] { read_landmark_csv(c.text, "lm.csv", c.asked); }, &code) == c.message);
    CHECK(code == ErrorKind::input);
  }
  // a subset without a point of the mouth
  std::string s = "name,x,y,z\n";
  for (int k : {36, 37, 38, 39, 42, 43, 44, 45, 30, 31, 33}) s += landmark_name(LandmarkSet::ibug68, k) + ",1,2,3\n";
  CHECK(error_with_flags([&] { read_landmark_csv(s, "lm.csv", std::nullopt); }) ==
        "lm.csv: no landmark of group mouth: a subset must hold points of both eyes, the nose and the mouth");
}

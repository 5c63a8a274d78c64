// Tests of the landmark sets (landmarks.hpp): the iBUG-68 -> MediaPipe table checked on the built-in face
// (iBUG order, mirror-exact), names, groups, and every path of the CSV reader and of the JSON reader
// (src/landmarks_io.*): exact messages naming the file, line and value, exit code 2 (1 for a bad
// --landmark-set).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <mesogrid/anatomy.hpp>
#include <mesogrid/builtin_face.hpp>
#include <mesogrid/io.hpp>
#include <mesogrid/landmarks.hpp>
#include <set>
#include <string>

#include "landmarks_io.hpp"
#include "support.hpp"

using namespace mesogrid;

namespace {

const Mesh& face(std::vector<int>* mirror = nullptr) { return test::builtin_face_mm(mirror); }
using test::error_of;

/// 68 rows "x,y,z" of the built-in face's iBUG points (mm), with an optional header.
std::string ibug_csv(const std::string& header = "x_mm,y_mm,z_mm") {
  std::string s = header.empty() ? "" : header + "\n";
  for (int k = 0; k < 68; ++k) {
    const Eigen::Vector3d p = template_landmark(face(), LandmarkSet::ibug68, k);
    s += std::to_string(p.x()) + "," + std::to_string(p.y()) + "," + std::to_string(p.z()) + "\n";
  }
  return s;
}

}  // namespace

TEST_CASE("iBUG-68 on the built-in face: in iBUG order, mirror-exact, sides as the subject's") {
  const Mesh& m = face();
  auto P = [&](int k) { return template_landmark(m, LandmarkSet::ibug68, k); };
  // jaw 0..16 from the subject's right (x < 0) to the left, through the menton (8) on the midline, lowest
  for (int k = 0; k < 16; ++k) CHECK_MESSAGE(P(k).x() < P(k + 1).x(), "jaw ", k);
  CHECK(std::abs(P(8).x()) < 1e-9);
  for (int k = 0; k < 68; ++k) CHECK(P(8).y() <= P(k).y() + 1e-9);
  // brows above the eyes, eyes above the nose base, nose base above the mouth
  double brow = 1e9, eye_hi = -1e9, eye_lo = 1e9, nose_lo = 1e9, mouth_hi = -1e9;
  for (int k = 17; k <= 26; ++k) brow = std::min(brow, P(k).y());
  for (int k = 36; k <= 47; ++k) eye_hi = std::max(eye_hi, P(k).y()), eye_lo = std::min(eye_lo, P(k).y());
  for (int k = 31; k <= 35; ++k) nose_lo = std::min(nose_lo, P(k).y());
  for (int k = 48; k <= 67; ++k) mouth_hi = std::max(mouth_hi, P(k).y());
  CHECK(brow > eye_hi);
  CHECK(eye_lo > nose_lo);
  CHECK(nose_lo > mouth_hi);
  // brows 17-21 on the subject's right, 22-26 on the left, each run from the subject's right to left
  for (int k = 17; k <= 21; ++k) CHECK(P(k).x() < 0);
  for (int k = 22; k <= 26; ++k) CHECK(P(k).x() > 0);
  for (int k = 17; k < 26; ++k) CHECK_MESSAGE(P(k).x() < P(k + 1).x(), "brow ", k);
  // nose bridge 27..30 on the midline, going down and forward; the tip (30) in front of the face
  for (int k = 27; k < 30; ++k) CHECK(P(k).y() > P(k + 1).y());
  for (int k = 27; k <= 30; ++k) CHECK(std::abs(P(k).x()) < 1e-9);
  for (int k = 0; k < 68; ++k) CHECK(P(30).z() >= P(k).z() - 1e-9);
  // eyes: right eye 36 (outer corner) .. 39 (inner corner), left eye 42 (inner) .. 45 (outer)
  CHECK(P(36).x() < P(39).x());
  CHECK(P(39).x() < 0);
  CHECK(P(42).x() > 0);
  CHECK(P(42).x() < P(45).x());
  CHECK(P(37).y() > P(41).y());  // upper lid above lower lid
  CHECK(P(43).y() > P(47).y());
  // mouth: corners 48 (right) and 54 (left), upper lip 51 above lower lip 57, inner lip inside the outer
  CHECK(P(48).x() < 0);
  CHECK(P(54).x() > 0);
  CHECK(P(51).y() > P(62).y());
  CHECK(P(62).y() >= P(66).y());
  CHECK(P(66).y() > P(57).y());
  // mirror-exact: partner points are mirror images (the table maps iBUG pairs onto MediaPipe pairs)
  for (int k = 0; k < 68; ++k) {
    const int j = ibug68_mirror(k);
    CHECK(ibug68_mirror(j) == k);
    const Eigen::Vector3d a = P(k), b = P(j);
    CHECK_MESSAGE((a - Eigen::Vector3d(-b.x(), b.y(), b.z())).norm() < 1e-9, "ibug ", k, " and ", j);
  }
}

TEST_CASE("MediaPipe groups: disjoint, cover all 468 points, mirror-closed on the built-in face") {
  std::vector<int> mir;
  face(&mir);
  std::set<int> all;
  size_t n = 0;
  for (const auto& g : landmark_groups(LandmarkSet::mediapipe468)) {
    n += g.members.size();
    all.insert(g.members.begin(), g.members.end());
  }
  CHECK(n == 468);
  CHECK(all.size() == 468);
  for (const auto& g : landmark_groups(LandmarkSet::mediapipe468)) {
    const std::string partner = g.name.find("_right") != std::string::npos  ? "left"
                                : g.name.find("_left") != std::string::npos ? "right"
                                                                            : "";
    for (const auto& h : landmark_groups(LandmarkSet::mediapipe468)) {
      const bool same =
          partner.empty() ? h.name == g.name : h.name == g.name.substr(0, g.name.rfind('_') + 1) + partner;
      if (!same) continue;
      const std::set<int> hs(h.members.begin(), h.members.end());
      for (int k : g.members) CHECK_MESSAGE(hs.count(mir[static_cast<size_t>(k)]) == 1, g.name, " ", k);
    }
  }
  // iBUG groups: 68 points once each
  std::set<int> ib;
  for (const auto& g : landmark_groups(LandmarkSet::ibug68)) ib.insert(g.members.begin(), g.members.end());
  CHECK(ib.size() == 68);
}

TEST_CASE("names: iBUG names, ibug_<k>, mp_<k>; unknown names") {
  CHECK(landmark_name(LandmarkSet::ibug68, 0) == "jaw_0");
  CHECK(landmark_name(LandmarkSet::ibug68, 45) == "eye_left_3");
  CHECK(landmark_name(LandmarkSet::ibug68, 67) == "mouth_inner_7");
  CHECK(landmark_name(LandmarkSet::mediapipe468, 61) == "mp_61");
  CHECK(landmark_label(LandmarkSet::ibug68, 45) == "eye_left_3 (ibug 45)");
  for (int k = 0; k < 68; ++k) {
    const auto id = landmark_index(landmark_name(LandmarkSet::ibug68, k));
    REQUIRE(id);
    CHECK(id->first == LandmarkSet::ibug68);
    CHECK(id->second == k);
  }
  CHECK(landmark_index("ibug_45")->second == 45);
  CHECK(landmark_index("mp_467")->second == 467);
  CHECK(landmark_index("mp_467")->first == LandmarkSet::mediapipe468);
  for (const char* bad : {"mp_468", "mp_-1", "mp_01", "ibug_68", "Jaw_0", "nose_tip", "", "mp_", "mp_1x"})
    CHECK_MESSAGE(!landmark_index(bad), bad);
  CHECK(parse_landmark_set("IBUG68") == LandmarkSet::ibug68);
  CHECK(parse_landmark_set("mediapipe") == LandmarkSet::mediapipe468);
  CHECK(!parse_landmark_set("auto"));
  int code = 0;
  CHECK(error_of([] { parse_landmark_set("dlib5"); }, &code) ==
        "--landmark-set 'dlib5': use mediapipe468, ibug68 or auto (decided by the point count)");
  CHECK(code == exit_usage);
}

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

TEST_CASE("CSV: every error names the file, the line and the value; exit code 2") {
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
       "lm.csv:1: unknown column 'w': landmark columns are x, y, z (or x_mm, y_mm, z_mm; _cm, _m), and optionally name "
       "or index"},
      {"x,y\n1,2\n", std::nullopt,
       "lm.csv:1: the header lacks z: landmark columns are x, y, z (or x_mm, y_mm, z_mm), and optionally name or "
       "index"},
      {"x_mm,y_cm,z_mm\n", std::nullopt,
       "lm.csv:1: columns in different units ('mm' and 'cm'): give x, y and z in one unit"},
      {"x_in,y,z\n", std::nullopt,
       "lm.csv:1: unknown column 'x_in': landmark columns are x, y, z (or x_mm, y_mm, z_mm; _cm, _m), and optionally "
       "name or index"},
      {"name,x,y,z\nnose_tip,1,2,3\n", std::nullopt,
       "lm.csv:2: unknown landmark name 'nose_tip': use iBUG names (jaw_0..jaw_16, brow_right_0..4, brow_left_0..4, "
       "nose_bridge_0..3, nose_base_0..4, eye_right_0..5, eye_left_0..5, mouth_outer_0..11, mouth_inner_0..7), "
       "ibug_<0-67> or mp_<0-467>"},
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
    int code = 0;
    CHECK(error_of([&] { read_landmark_csv(c.text, "lm.csv", c.asked); }, &code) == c.message);
    CHECK(code == exit_input);
  }
  // a subset without a point of the mouth
  std::string s = "name,x,y,z\n";
  for (int k : {36, 37, 38, 39, 42, 43, 44, 45, 30, 31, 33}) s += landmark_name(LandmarkSet::ibug68, k) + ",1,2,3\n";
  CHECK(error_of([&] { read_landmark_csv(s, "lm.csv", std::nullopt); }) ==
        "lm.csv: no landmark of group mouth: a subset must hold points of both eyes, the nose and the mouth");
}

TEST_CASE("JSON: named points, ordered points, declared set and units; every error") {
  std::string named = "{\"landmark_set\": \"ibug68\", \"units\": \"cm\", \"points\": {";
  const int ks[] = {36, 39, 42, 45, 30, 31, 35, 48, 54, 51, 57, 8};
  for (size_t i = 0; i < std::size(ks); ++i)
    named += std::string(i ? ", " : "") + "\"" + landmark_name(LandmarkSet::ibug68, ks[i]) + "\": [1, 2.5, -3e1]";
  named += "}}";
  const LandmarkFile f = cli::parse_landmark_json(named, "lm.json", std::nullopt);
  CHECK(f.named);
  CHECK(f.units == "cm");
  CHECK(f.point.size() == 12);
  CHECK(f.index[3] == 45);
  CHECK(f.point[0].z() == -30);
  std::string ordered = "{\"points\": [";
  for (int k = 0; k < 68; ++k) ordered += std::string(k ? "," : "") + "[0, 1, 2]";
  ordered += "]}";
  CHECK(cli::parse_landmark_json(ordered, "lm.json", LandmarkSet::ibug68).set == LandmarkSet::ibug68);
  struct Case {
    std::string text;
    std::string message;
  };
  const Case cases[] = {
      {"{\"points\": {\"eye_left_3\": [1, 2, 3],}}",
       "lm.json: not valid JSON (byte 37): give {\"points\": {\"eye_left_3\": [x, y, z], ...}} or a CSV file"},
      {"[1, 2, 3]",
       "lm.json: the JSON is an array, not an object: give {\"points\": {...}} (see README: landmark formats)"},
      {"{\"pts\": {}}",
       "lm.json: unknown key 'pts': a landmark JSON has \"points\" and optionally \"landmark_set\" and \"units\""},
      {"{\"units\": \"mm\"}", "lm.json: no \"points\": give {\"points\": {\"eye_left_3\": [x, y, z], ...}}"},
      {"{\"points\": {\"nose_tip\": [1, 2, 3]}}",
       "lm.json: unknown landmark name 'nose_tip': use iBUG names (jaw_0..jaw_16, brow_right_0..4, brow_left_0..4, "
       "nose_bridge_0..3, nose_base_0..4, eye_right_0..5, eye_left_0..5, mouth_outer_0..11, mouth_inner_0..7), "
       "ibug_<0-67> or mp_<0-467>"},
      {"{\"points\": {\"jaw_0\": [1, 2]}}",
       "lm.json: landmark 'jaw_0' is an array of 2: give [x, y, z], three numbers"},
      {"{\"points\": {\"jaw_0\": [1, null, 2]}}",
       "lm.json: landmark 'jaw_0': y is null, not a number (JSON has no NaN: every landmark needs three finite "
       "coordinates)"},
      {"{\"points\": {\"jaw_0\": [1, 2, 3], \"jaw_0\": [1, 2, 3]}}", "lm.json: key 'jaw_0' is given twice: keep one"},
      {"{\"points\": {\"jaw_0\": [1, 2, 3], \"mp_1\": [1, 2, 3]}}",
       "lm.json: landmark 'mp_1' is a mediapipe468 name but earlier ones are ibug68: use one set per file"},
      {"{\"landmark_set\": \"mediapipe468\", \"points\": {\"jaw_0\": [1, 2, 3]}}",
       "lm.json: landmark 'jaw_0' is a ibug68 name but \"landmark_set\" is mediapipe468"},
      {"{\"landmark_set\": \"dlib\", \"points\": []}",
       "lm.json: \"landmark_set\" 'dlib' is not a known set: give \"ibug68\" or \"mediapipe468\""},
      {"{\"units\": \"inch\", \"points\": []}",
       "lm.json: \"units\" must be \"mm\", \"cm\" or \"m\" (or left out: the mesh's units apply)"},
      {"{\"points\": 3}",
       "lm.json: \"points\" is a number: give an object of named points {\"eye_left_3\": [x, y, z], ...} or an array "
       "of [x, y, z]"},
      {"{\"points\": [[1, 2, 3]]}",
       "lm.json: 1 landmarks: one landmark per line: x,y,z in the set's order (68 ibug68 or 468 mediapipe468 points), "
       "or "
       "a name/index column for a subset"},
  };
  for (const Case& c : cases) {
    int code = 0;
    CHECK(error_of([&] { cli::parse_landmark_json(c.text, "lm.json", std::nullopt); }, &code) == c.message);
    CHECK(code == exit_input);
  }
  CHECK(error_of([&] {
          cli::parse_landmark_json("{\"landmark_set\": \"ibug68\", \"points\": []}", "lm.json",
                                   LandmarkSet::mediapipe468);
        }) == "lm.json: \"landmark_set\" is ibug68 but --landmark-set is mediapipe468: drop one or make them agree");
}

TEST_CASE("files: missing, a directory, JSON decided by content") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("mesogrid-lm-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  int code = 0;
  CHECK(error_of([&] { cli::read_landmark_file((dir / "none.csv").string(), std::nullopt); }, &code) ==
        "cannot read landmarks '" + (dir / "none.csv").string() +
            "': no such file or not readable (give the landmark file of this scan: CSV or JSON)");
  CHECK(code == exit_input);
  CHECK(error_of([&] { cli::read_landmark_file(dir.string(), std::nullopt); }) ==
        "cannot read landmarks '" + dir.string() +
            "': it is a directory (give the landmark file of this scan: CSV or JSON)");
  {
    std::ofstream o(dir / "lm.txt");
    o << "\n  {\"points\": {\"jaw_0\": [1, 2]}}";
  }
  CHECK(error_of([&] { cli::read_landmark_file((dir / "lm.txt").string(), std::nullopt); }) ==
        (dir / "lm.txt").string() + ": landmark 'jaw_0' is an array of 2: give [x, y, z], three numbers");
  fs::remove_all(dir);
  CHECK(cli::unit_scale_mm("cm") == 10);
  CHECK(cli::unit_scale_mm("m") == 1000);
  CHECK(cli::unit_scale_mm("mm") == 1);
}

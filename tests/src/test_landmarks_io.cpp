// Tests of src/landmarks_io.hpp: landmark JSON (named and ordered points, declared set and units) and files
// decided by content; exact messages, input errors.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <mesogrid/landmarks/file.hpp>
#include <mesogrid/landmarks/sets.hpp>
#include <set>
#include <string>

#include "landmarks_io.hpp"
#include "src_support.hpp"

using namespace mesogrid;
using namespace mesogrid::cli;

TEST_CASE("JSON: named points, ordered points, declared set and units; every error") {
  std::string named = "{\"landmark_set\": \"ibug68\", \"units\": \"cm\", \"points\": {";
  const int ks[] = {36, 39, 42, 45, 30, 31, 35, 48, 54, 51, 57, 8};
  for (size_t i = 0; i < std::size(ks); ++i)
    named += std::string(i ? ", " : "") + "\"" + landmark_name(LandmarkSet::ibug68, ks[i]) + "\": [1, 2.5, -3e1]";
  named += "}}";
  const LandmarkFile f = parse_landmark_json(named, "lm.json", std::nullopt);
  CHECK(f.named);
  CHECK(f.units == "cm");
  CHECK(f.point.size() == 12);
  CHECK(f.index[3] == 45);
  CHECK(f.point[0].z() == -30);
  std::string ordered = "{\"points\": [";
  for (int k = 0; k < 68; ++k) ordered += std::string(k ? "," : "") + "[0, 1, 2]";
  ordered += "]}";
  CHECK(parse_landmark_json(ordered, "lm.json", LandmarkSet::ibug68).set == LandmarkSet::ibug68);
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
      {"{\"points\": {\"nose_point\": [1, 2, 3]}}",
       "lm.json: unknown landmark name 'nose_point': use iBUG names (jaw_0..jaw_16, brow_right_0..4, brow_left_0..4, "
       "nose_bridge_0..3, nose_base_0..4, eye_right_0..5, eye_left_0..5, mouth_outer_0..11, mouth_inner_0..7), "
       "ibug_<0-67>, mp_<0-467>, or a face detector's 5 (right_eye, left_eye, nose_tip, right_mouth_corner, "
       "left_mouth_corner)"},
      {"{\"points\": {\"jaw_0\": [1, 2]}}",
       "lm.json: landmark 'jaw_0' is an array of 2: give [x, y, z], three numbers"},
      {"{\"points\": {\"jaw_0\": [1, null, 2]}}",
       "lm.json: landmark 'jaw_0': y is null, not a number (JSON has no NaN: every landmark needs three finite "
       "coordinates)"},
      {"{\"points\": {\"jaw_0\": [1, 2, 3], \"jaw_0\": [1, 2, 3]}}", "lm.json: key 'jaw_0' is given twice: keep one"},
      {"{\"points\": {\"jaw_0\": [1, 2, 3], \"mp_1\": [1, 2, 3]}}",
       "lm.json: landmark 'mp_1' is a mediapipe468 name but earlier ones are ibug68: use one set per file"},
      {"{\"landmark_set\": \"mediapipe468\", \"points\": {\"jaw_0\": [1, 2, 3]}}",
       "lm.json: landmark 'jaw_0' is an ibug68 name but \"landmark_set\" is mediapipe468"},
      {"{\"landmark_set\": \"dlib\", \"points\": []}",
       "lm.json: \"landmark_set\" 'dlib' is not a known set: give \"ibug68\" or \"mediapipe468\""},
      {"{\"units\": \"inch\", \"points\": []}",
       "lm.json: \"units\" must be \"mm\", \"cm\", \"m\" or \"in\" (or left out: the mesh's units apply)"},
      {"{\"points\": 3}",
       "lm.json: \"points\" is a number: give an object of named points {\"eye_left_3\": [x, y, z], ...} or an array "
       "of [x, y, z]"},
      {"{\"points\": [[1, 2, 3]]}",
       "lm.json: 1 landmark in order: too few to carry a face's regions, which need a landmark set (68 ibug68 or 468 "
       "mediapipe468 points in order, or a name/index column for a subset of 10 or more over the eyes, nose and "
       "mouth)"},
  };
  for (const Case& c : cases) {
    ErrorKind code{};
    CHECK(test::cli_error([&] { parse_landmark_json(c.text, "lm.json", std::nullopt); }, &code) == c.message);
    CHECK(code == ErrorKind::input);
  }
  CHECK(test::cli_error([&] {
          parse_landmark_json("{\"landmark_set\": \"ibug68\", \"points\": []}", "lm.json", LandmarkSet::mediapipe468);
        }) == "lm.json: \"landmark_set\" is ibug68 but --landmark-set is mediapipe468: drop one or make them agree");
}

TEST_CASE("landmark JSON: what no landmark file holds is refused before its document is built") {
  // (a document of 400k keys took minutes, of 16 MB of '[' 1.2 GB)
  std::string keys = "{\"x\": {";
  for (int i = 0; i <= 10000; ++i) keys += (i ? ",\"k" : "\"k") + std::to_string(i) + "\": 0";
  keys += "}, \"points\": []}";
  const std::string tail = ", more than a landmark file holds: give {\"points\": {\"eye_left_3\": [x, y, z], ...}}";
  CHECK(test::cli_error([&] { parse_landmark_json(keys, "lm.json", std::nullopt); }) ==
        "lm.json: an object has more than 10000 keys" + tail);
  const std::string deep = "{\"points\": " + std::string(40, '[') + std::string(40, ']') + "}";
  CHECK(test::cli_error([&] { parse_landmark_json(deep, "lm.json", std::nullopt); }) ==
        "lm.json: it is nested deeper than 32 levels" + tail);
  CHECK(test::cli_error([&] {
          parse_landmark_json("{\"points\": " + std::string(1 << 24, '['), "lm.json", std::nullopt);
        }) == "lm.json: it is nested deeper than 32 levels" + tail);  // unclosed: found before the syntax error
  std::string items = "{\"x\": [0";
  for (int i = 0; i < 100000; ++i) items += ",{}";
  items += "], \"points\": []}";
  CHECK(test::cli_error([&] { parse_landmark_json(items, "lm.json", std::nullopt); }) ==
        "lm.json: an array holds more than 100000 items" + tail);
  // the nesting of a landmark file, and its repeated keys, as before
  CHECK(test::cli_error([&] {
          parse_landmark_json("{\"points\": {\"a\": 1, \"b\": {\"a\": 1, \"a\": 2}}}", "lm.json", std::nullopt);
        }) == "lm.json: key 'a' is given twice: keep one");
}

TEST_CASE("files: missing, a directory, JSON decided by content") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("mesogrid-lm-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  ErrorKind code{};
  CHECK(test::cli_error([&] { read_landmark_file((dir / "none.csv").string(), std::nullopt); }, &code) ==
        (dir / "none.csv").string() + ": no such file; check the path");
  CHECK(code == ErrorKind::input);
  CHECK(test::cli_error([&] { read_landmark_file(dir.string(), std::nullopt); }) ==
        dir.string() + ": is a directory, not a landmark file; give the landmark file itself");
  const std::string fifo = (dir / "fifo.csv").string();  // a FIFO is refused at once, never waited on
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK(test::cli_error([&] { read_landmark_file(fifo, std::nullopt); }) ==
        fifo + ": is not a regular file (a pipe); copy it to a regular file and pass that");
  {
    std::ofstream o(dir / "big.json");
    o << "{\"points\": {\"jaw_0\": [1e400, 0, 0]}}";
  }
  CHECK(test::cli_error([&] { read_landmark_file((dir / "big.json").string(), std::nullopt); }) ==
        (dir / "big.json").string() +
            ": a number is not a finite number (beyond the double range); fix the coordinates");
  {
    std::ofstream o(dir / "lm.txt");
    o << "\n  {\"points\": {\"jaw_0\": [1, 2]}}";
  }
  CHECK(test::cli_error([&] { read_landmark_file((dir / "lm.txt").string(), std::nullopt); }) ==
        (dir / "lm.txt").string() + ": landmark 'jaw_0' is an array of 2: give [x, y, z], three numbers");
  // a .json name, or content starting with '[', is JSON, with the JSON reader's errors (never read as CSV)
  const auto write = [&](const char* name, const char* content) {
    std::ofstream o(dir / name);
    o << content;
    return (dir / name).string();
  };
  const std::string top_array = write("top.json", "[[0, 0, 0], [1, 1, 1]]");
  CHECK(test::cli_error([&] { read_landmark_file(top_array, std::nullopt); }) ==
        top_array + ": the JSON is an array, not an object: give {\"points\": {...}} (see README: landmark formats)");
  const std::string array_txt = write("top.txt", " [[0, 0, 0]]");
  CHECK(test::cli_error([&] { read_landmark_file(array_txt, std::nullopt); }).find(": the JSON is an array") !=
        std::string::npos);
  const std::string csv_named_json = write("csv.JSON", "x,y,z\n1,2,3\n");
  CHECK(test::cli_error([&] { read_landmark_file(csv_named_json, std::nullopt); }) ==
        csv_named_json +
            ": not valid JSON (byte 1): give {\"points\": {\"eye_left_3\": [x, y, z], ...}} or a CSV file");
  const std::string empty_json = write("empty.json", "\n");
  CHECK(test::cli_error([&] { read_landmark_file(empty_json, std::nullopt); }) ==
        empty_json + ": the file is empty: give {\"points\": {\"eye_left_3\": [x, y, z], ...}}");
  fs::remove_all(dir);
}

TEST_CASE("JSON: a face detector's 5 points by name, in any order; the same refusals as CSV") {
  const LandmarkFile f = parse_landmark_json(
      "{\"points\": {\"mouth_left\": [5, 0, 0], \"nose\": [3, 0, 0], \"Right-Eye\": [1, 0, 0], \"left_eye\": [2, 0, "
      "0], \"mouth_right\": [4, 0, 0]}}",
      "lm.json", std::nullopt);
  CHECK(f.five);
  REQUIRE(f.point.size() == 5);
  for (size_t k = 0; k < 5; ++k) CHECK(f.point[k].x() == static_cast<double>(k + 1));
  CHECK(test::cli_error([] {
          parse_landmark_json("{\"points\": {\"nose\": [1, 2, 3], \"jaw_0\": [1, 2, 3]}}", "lm.json", std::nullopt);
        }) ==
        "lm.json: landmark 'jaw_0' is an ibug68 name but earlier ones name a face detector's 5 points: use one "
        "set per file");
  CHECK(test::cli_error([] {
          parse_landmark_json("{\"landmark_set\": \"ibug68\", \"points\": {\"nose\": [1, 2, 3]}}", "lm.json",
                              std::nullopt);
        }) == "lm.json: landmark 'nose' is one of a face detector's 5 points but \"landmark_set\" is ibug68");
  CHECK(test::cli_error([] {
          parse_landmark_json("{\"points\": {\"nose\": [1, 2, 3], \"left_eye\": [1, 2, 3]}}", "lm.json", std::nullopt);
        }) ==
        "lm.json: the file names 2 of a face detector's 5 points; right eye, right mouth corner, left mouth "
        "corner are missing: give all 5 (right eye, left eye, nose tip, right mouth corner, left mouth corner)");
}

// src/landmarks_io.cpp: see landmarks_io.hpp.
#include "landmarks_io.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <mesogrid/core/error.hpp>
#include <mesogrid/core/input_file.hpp>
#include <mesogrid/core/text.hpp>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <vector>

#include "json_limits.hpp"

namespace mesogrid::cli {

namespace fs = std::filesystem;

namespace {

using json = nlohmann::ordered_json;

std::string shown(const std::string& s) { return text::printable(s); }

std::string type_of(const json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "true/false";
  if (v.is_number()) return "a number";
  if (v.is_string()) return "a string";
  if (v.is_array()) return "an array";
  return "an object";
}

Eigen::Vector3d xyz(const json& v, const std::string& source, const std::string& what) {
  if (!v.is_array() || v.size() != 3)
    detail::lm_fail(source, 0,
                    what + " is " + (v.is_array() ? "an array of " + std::to_string(v.size()) : type_of(v)) +
                        ": give [x, y, z], three numbers");
  Eigen::Vector3d p;
  for (int a = 0; a < 3; ++a) {
    const json& c = v[static_cast<size_t>(a)];
    if (!c.is_number())
      detail::lm_fail(source, 0,
                      what + ": " + std::string(1, "xyz"[a]) + " is " + type_of(c) +
                          ", not a number (JSON has no NaN: every landmark needs three finite coordinates)");
    p[a] = c.get<double>() + 0.0;
    if (!std::isfinite(p[a]))
      detail::lm_fail(source, 0, what + ": " + std::string(1, "xyz"[a]) + " is not a finite number");
  }
  return p;
}

}  // namespace

LandmarkFile parse_landmark_json(const std::string& text, const std::string& source, std::optional<LandmarkSet> asked) {
  if (text::trim(text).empty())
    detail::lm_fail(source, 0, "the file is empty: give {\"points\": {\"eye_left_3\": [x, y, z], ...}}");
  json j;
  // a repeated key and what no landmark file holds, found before the document is built (json_limits.hpp)
  const JsonCheck check = check_json(text, {});
  if (!check.repeated_key.empty())
    detail::lm_fail(source, 0, "key '" + shown(check.repeated_key) + "' is given twice: keep one");
  if (!check.beyond.empty())
    detail::lm_fail(
        source, 0,
        check.beyond + ", more than a landmark file holds: give {\"points\": {\"eye_left_3\": [x, y, z], ...}}");
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    detail::lm_fail(source, 0,
                    "not valid JSON (byte " + std::to_string(e.byte) +
                        "): give {\"points\": {\"eye_left_3\": [x, y, z], ...}} or a CSV file");
  } catch (const json::exception&) {  // a number beyond the double range (1e400, a 400-digit integer)
    detail::lm_fail(source, 0, "a number is not a finite number (beyond the double range); fix the coordinates");
  }
  if (!j.is_object())
    detail::lm_fail(
        source, 0,
        "the JSON is " + type_of(j) + ", not an object: give {\"points\": {...}} (see README: landmark formats)");
  LandmarkFile f;
  f.source = source;
  std::optional<LandmarkSet> declared;
  const json* points = nullptr;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& key = it.key();
    if (key == "points") {
      points = &it.value();
    } else if (key == "landmark_set") {
      if (!it->is_string())
        detail::lm_fail(source, 0, "\"landmark_set\" is " + type_of(*it) + ": give \"ibug68\" or \"mediapipe468\"");
      const std::string v = it->get<std::string>();
      if (v != "ibug68" && v != "mediapipe468")
        detail::lm_fail(source, 0,
                        "\"landmark_set\" '" + shown(v) + "' is not a known set: give \"ibug68\" or \"mediapipe468\"");
      declared = v == "ibug68" ? LandmarkSet::ibug68 : LandmarkSet::mediapipe468;
    } else if (key == "units") {
      const std::string v = it->is_string() ? it->get<std::string>() : std::string();
      if (v != "mm" && v != "cm" && v != "m" && v != "in")
        detail::lm_fail(source, 0,
                        "\"units\" must be \"mm\", \"cm\", \"m\" or \"in\" (or left out: the mesh's units apply)");
      f.units = v;
    } else {
      detail::lm_fail(source, 0,
                      "unknown key '" + shown(key) +
                          "': a landmark JSON has \"points\" and optionally "
                          "\"landmark_set\" and \"units\"");
    }
  }
  if (!points) detail::lm_fail(source, 0, "no \"points\": give {\"points\": {\"eye_left_3\": [x, y, z], ...}}");
  if (declared && asked && *declared != *asked)
    detail::lm_fail(source, 0,
                    "\"landmark_set\" is " + std::string(landmark_set_name(*declared)) + " but --landmark-set is " +
                        std::string(landmark_set_name(*asked)) + ": drop one or make them agree");
  const std::optional<LandmarkSet> want = declared ? declared : asked;
  bool set_known = false;
  bool five_named = false;  // the names are a face detector's 5 points
  if (points->is_array()) {
    size_t k = 0;
    for (const json& v : *points) {
      f.point.push_back(xyz(v, source, "point " + std::to_string(k)));
      f.index.push_back(static_cast<int>(k));
      f.line.push_back(0);
      ++k;
    }
  } else if (points->is_object()) {
    f.named = true;
    for (auto it = points->begin(); it != points->end(); ++it) {
      const auto id = landmark_index(it.key());
      const int five = id ? -1 : five_point_index(it.key());
      if ((five >= 0 && set_known) || (id && five_named))
        detail::lm_fail(source, 0,
                        detail::mixed_with_five(shown(it.key()), five >= 0, five >= 0 ? f.set : id->first, "ones"));
      if (five >= 0 && declared)
        detail::lm_fail(source, 0,
                        "landmark '" + shown(it.key()) +
                            "' is one of a face detector's 5 points but \"landmark_set\" is " +
                            std::string(landmark_set_name(*declared)));
      if (five >= 0) {
        five_named = true;
        f.point.push_back(xyz(it.value(), source, "landmark '" + shown(it.key()) + "'"));
        f.index.push_back(five);
        f.line.push_back(0);
        continue;
      }
      if (!id) detail::lm_fail(source, 0, "unknown landmark name '" + shown(it.key()) + "': " + landmark_names_known);
      if (set_known && id->first != f.set)
        detail::lm_fail(source, 0,
                        "landmark '" + shown(it.key()) + "' is " + text::with_article(landmark_set_name(id->first)) +
                            " name but earlier ones are " + std::string(landmark_set_name(f.set)) +
                            ": use one set per file");
      if (declared && id->first != *declared)
        detail::lm_fail(source, 0,
                        "landmark '" + shown(it.key()) + "' is " + text::with_article(landmark_set_name(id->first)) +
                            " name but \"landmark_set\" is " + std::string(landmark_set_name(*declared)));
      f.set = id->first;
      set_known = true;
      f.point.push_back(xyz(it.value(), source, "landmark '" + shown(it.key()) + "'"));
      f.index.push_back(id->second);
      f.line.push_back(0);
    }
  } else {
    detail::lm_fail(source, 0,
                    "\"points\" is " + type_of(*points) +
                        ": give an object of named points {\"eye_left_3\": [x, y, z], ...} or an array of [x, y, z]");
  }
  if (f.point.size() > 100000) detail::lm_fail(source, 0, "more than 100000 points: this is not a landmark file");
  if (five_named)
    finish_five_named(f, want);
  else
    finish_landmark_file(f, want, set_known);
  return f;
}

LandmarkFile read_landmark_file(const std::string& path, std::optional<LandmarkSet> asked) {
  const std::string text = read_input_file(path, "landmark file", max_landmark_file_bytes);
  const std::string_view t = text::strip_bom(text);
  const size_t p = t.find_first_not_of(" \t\r\n");
  // JSON by name, or by its first character: no CSV line starts with '{' or '[' (a header or a number does)
  const bool json_name = text::lower(fs::path(path).extension().string()) == ".json";
  if (json_name || (p != std::string_view::npos && (t[p] == '{' || t[p] == '[')))
    return parse_landmark_json(std::string(t), path, asked);
  return read_landmark_csv(text, path, asked);
}

}  // namespace mesogrid::cli

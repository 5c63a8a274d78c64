// mesogrid/landmarks/sets.hpp: the facial landmark sets a scan's landmarks can be given in, and their
// counterparts on the built-in face. Two sets are known: the 468 MediaPipe face-mesh points (landmark k = vertex
// k of the built-in face) and the 68-point Multi-PIE/iBUG set (dlib, OpenFace, face_alignment), whose points map
// onto one MediaPipe landmark or the midpoint of two. Holds the names, groups and mirror partners of both sets,
// the correspondence table and the template (built-in face) position of every landmark, in mm. Subject's left =
// +x on the built-in face.
#pragma once
#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "../core/mesh.hpp"
#include "../core/text.hpp"

namespace mesogrid {

/// A known landmark set.
enum class LandmarkSet { mediapipe468, ibug68 };

/// "mediapipe468" or "ibug68".
inline std::string_view landmark_set_name(LandmarkSet s) {
  return s == LandmarkSet::ibug68 ? "ibug68" : "mediapipe468";
}

/// Number of points in the full set: 468 or 68.
inline int landmark_count(LandmarkSet s) { return s == LandmarkSet::ibug68 ? 68 : 468; }

/// The set named "mediapipe468" or "ibug68" (also "mediapipe", "ibug", "dlib68", "multipie68"; case-insensitive);
/// nullopt for anything else.
inline std::optional<LandmarkSet> landmark_set_from_name(std::string_view text) {
  const std::string t = text::lower(text);
  if (t == "mediapipe468" || t == "mediapipe") return LandmarkSet::mediapipe468;
  if (t == "ibug68" || t == "ibug" || t == "dlib68" || t == "multipie68") return LandmarkSet::ibug68;
  return std::nullopt;
}

/// Fewest points a named subset (name or index column, JSON object) may hold.
inline constexpr int min_landmark_subset = 10;

namespace detail {

/// Names of the 68 iBUG points, in iBUG order (0-based). Sides are the subject's own: iBUG numbers the jaw
/// from the subject's right (the left of a frontal image) to the subject's left.
inline const std::array<const char*, 68>& ibug68_names() {
  static const std::array<const char*, 68> n = {
      "jaw_0",         "jaw_1",         "jaw_2",         "jaw_3",         "jaw_4",          "jaw_5",
      "jaw_6",         "jaw_7",         "jaw_8",         "jaw_9",         "jaw_10",         "jaw_11",
      "jaw_12",        "jaw_13",        "jaw_14",        "jaw_15",        "jaw_16",         "brow_right_0",
      "brow_right_1",  "brow_right_2",  "brow_right_3",  "brow_right_4",  "brow_left_0",    "brow_left_1",
      "brow_left_2",   "brow_left_3",   "brow_left_4",   "nose_bridge_0", "nose_bridge_1",  "nose_bridge_2",
      "nose_bridge_3", "nose_base_0",   "nose_base_1",   "nose_base_2",   "nose_base_3",    "nose_base_4",
      "eye_right_0",   "eye_right_1",   "eye_right_2",   "eye_right_3",   "eye_right_4",    "eye_right_5",
      "eye_left_0",    "eye_left_1",    "eye_left_2",    "eye_left_3",    "eye_left_4",     "eye_left_5",
      "mouth_outer_0", "mouth_outer_1", "mouth_outer_2", "mouth_outer_3", "mouth_outer_4",  "mouth_outer_5",
      "mouth_outer_6", "mouth_outer_7", "mouth_outer_8", "mouth_outer_9", "mouth_outer_10", "mouth_outer_11",
      "mouth_inner_0", "mouth_inner_1", "mouth_inner_2", "mouth_inner_3", "mouth_inner_4",  "mouth_inner_5",
      "mouth_inner_6", "mouth_inner_7"};
  return n;
}

/// Parses "<prefix><k>" with 0 <= k < count; -1 otherwise.
inline int prefixed_index(std::string_view name, std::string_view prefix, int count) {
  if (name.size() <= prefix.size() || name.substr(0, prefix.size()) != prefix) return -1;
  const std::string_view num = name.substr(prefix.size());
  if (num.size() > 1 && num[0] == '0') return -1;
  int k = -1;
  const auto [end, ec] = std::from_chars(num.data(), num.data() + num.size(), k);
  if (ec != std::errc() || end != num.data() + num.size() || k < 0 || k >= count) return -1;
  return k;
}

}  // namespace detail

/// Name of landmark k of a set: the iBUG names ("jaw_0", "brow_right_2", "eye_left_3", "mouth_outer_6",
/// ...) or "mp_<k>" for MediaPipe.
inline std::string landmark_name(LandmarkSet s, int k) {
  if (s == LandmarkSet::ibug68) return detail::ibug68_names().at(static_cast<size_t>(k));
  return "mp_" + std::to_string(k);
}

/// Name and number for messages: "eye_left_3 (ibug 45)", "mp_61".
inline std::string landmark_label(LandmarkSet s, int k) {
  return s == LandmarkSet::ibug68 ? landmark_name(s, k) + " (ibug " + std::to_string(k) + ")" : landmark_name(s, k);
}

/// The set and number of a landmark name: an iBUG name, "ibug_<k>" (0-67) or "mp_<k>" (0-467);
/// case-sensitive. nullopt for an unknown name.
inline std::optional<std::pair<LandmarkSet, int>> landmark_index(std::string_view name) {
  const auto& n = detail::ibug68_names();
  for (size_t k = 0; k < n.size(); ++k)
    if (name == n[k]) return std::make_pair(LandmarkSet::ibug68, static_cast<int>(k));
  if (const int k = detail::prefixed_index(name, "ibug_", 68); k >= 0) return std::make_pair(LandmarkSet::ibug68, k);
  if (const int k = detail::prefixed_index(name, "mp_", 468); k >= 0)
    return std::make_pair(LandmarkSet::mediapipe468, k);
  return std::nullopt;
}

/// What each point of a face detector's 5 is, in their order (the order of MTCNN, RetinaFace and InsightFace,
/// whose first eye is the one on the left of the image: the subject's own sides): see five.hpp.
inline constexpr std::array<const char*, 5> five_point_names = {"right eye", "left eye", "nose tip",
                                                                "right mouth corner", "left mouth corner"};

/// five_point_names in one line: "right eye, left eye, nose tip, right mouth corner, left mouth corner".
inline std::string five_point_list() {
  std::string s;
  for (const char* n : five_point_names) s += (s.empty() ? "" : ", ") + std::string(n);
  return s;
}

/// The number (0-4, five_point_names) of a face detector's point named `name` (any case, '-' or ' ' for '_'):
/// right_eye or eye_right, left_eye, nose_tip or nose, right_mouth_corner, mouth_right or right_mouth, and the
/// left ones alike; -1 for any other name.
inline int five_point_index(std::string_view name) {
  std::string t = text::lower(name);
  for (char& c : t)
    if (c == '-' || c == ' ') c = '_';
  static const std::array<std::array<const char*, 4>, 5> alias = {{
      {"right_eye", "eye_right", "", ""},
      {"left_eye", "eye_left", "", ""},
      {"nose_tip", "nose", "nosetip", ""},
      {"right_mouth_corner", "mouth_right", "right_mouth", "mouth_corner_right"},
      {"left_mouth_corner", "mouth_left", "left_mouth", "mouth_corner_left"},
  }};
  for (size_t k = 0; k < alias.size(); ++k)
    for (const char* a : alias[k])
      if (*a && t == a) return static_cast<int>(k);
  return -1;
}

/// iBUG-68 point k on the MediaPipe face: the MediaPipe landmark a, or the midpoint of a and b (b >= 0).
/// Source: the mp2dlib correspondence of Peizhi Yan, github.com/PeizhiYan/Mediapipe_2_Dlib_Landmarks
/// (mediapipe2dlib/mp2dlib.py, 2024), with one change: jaw_13 is the midpoint of 361 and 288 (there: 361
/// alone), the mirror image of jaw_3 (132, 58), so that the table is mirror-exact on the built-in face
/// (tested in tests/landmarks/test_sets.cpp: every iBUG left/right pair maps onto mirrored MediaPipe points, and the
/// points come out in iBUG order: jaw from the subject's right to left, brows, nose, eyes, mouth).
inline const std::array<std::array<int, 2>, 68>& ibug68_to_mediapipe() {
  static const std::array<std::array<int, 2>, 68> t = {
      {{127, -1}, {234, -1},  {93, -1},  {132, 58},  {58, 172},  {136, -1}, {150, -1}, {176, -1}, {152, -1},  // jaw
       {400, -1}, {379, -1},  {365, -1}, {397, 288}, {361, 288}, {323, -1}, {454, -1}, {356, -1}, {70, -1},
       {63, -1},  {105, -1},  {66, -1},  {107, -1},                                     // brow right
       {336, -1}, {296, -1},  {334, -1}, {293, -1},  {300, -1},                         // brow left
       {168, 6},  {197, 195}, {5, -1},   {4, -1},                                       // nose bridge
       {75, -1},  {97, -1},   {2, -1},   {326, -1},  {305, -1},                         // nose base
       {33, -1},  {160, -1},  {158, -1}, {133, -1},  {153, -1},  {144, -1},             // eye right
       {362, -1}, {385, -1},  {387, -1}, {263, -1},  {373, -1},  {380, -1},             // eye left
       {61, -1},  {39, -1},   {37, -1},  {0, -1},    {267, -1},  {269, -1}, {291, -1},  // mouth outer
       {321, -1}, {314, -1},  {17, -1},  {84, -1},   {91, -1},   {78, -1},  {82, -1},  {13, -1},  {312, -1},
       {308, -1}, {317, -1},  {14, -1},  {87, -1}}};  // mouth inner
  return t;
}

/// The iBUG mirror partner of point k (the same point on the other side; itself on the midline).
inline int ibug68_mirror(int k) {
  if (k <= 16) return 16 - k;  // jaw
  if (k <= 26) return 43 - k;  // brows 17..21 <-> 26..22
  if (k <= 30) return k;       // nose bridge
  if (k <= 35) return 66 - k;  // nose base 31..35
  static const int eye[12] = {45, 44, 43, 42, 47, 46, 39, 38, 37, 36, 41, 40};
  if (k <= 47) return eye[k - 36];
  if (k <= 54) return 102 - k;  // upper outer lip 48..54
  if (k <= 59) return 114 - k;  // lower outer lip 55..59
  if (k <= 64) return 124 - k;  // upper inner lip 60..64
  return 132 - k;               // lower inner lip 65..67
}

/// A named group of landmarks (for the fit report and its limits).
struct LandmarkGroup {
  std::string name;
  std::vector<int> members;
};

/// Groups of a set. iBUG: jaw, brow_right, brow_left, nose, eye_right, eye_left, mouth. MediaPipe (groups
/// of MESH_ANNOTATIONS, @tensorflow-models/facemesh): silhouette, brow_right, brow_left, eye_right,
/// eye_left (palpebral fissure), lips, and other (every remaining point: nose, cheeks, forehead).
inline const std::vector<LandmarkGroup>& landmark_groups(LandmarkSet s) {
  auto range = [](int a, int b) {
    std::vector<int> v;
    for (int k = a; k <= b; ++k) v.push_back(k);
    return v;
  };
  static const std::vector<LandmarkGroup> ibug = {{"jaw", range(0, 16)},        {"brow_right", range(17, 21)},
                                                  {"brow_left", range(22, 26)}, {"nose", range(27, 35)},
                                                  {"eye_right", range(36, 41)}, {"eye_left", range(42, 47)},
                                                  {"mouth", range(48, 67)}};
  static const std::vector<LandmarkGroup> mp = [] {
    std::vector<LandmarkGroup> g = {
        {"silhouette", {10,  338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377,
                        152, 148, 176, 149, 150, 136, 172, 58,  132, 93,  234, 127, 162, 21,  54,  103, 67,  109}},
        {"brow_right", {156, 70, 63, 105, 66, 107, 55, 193, 35, 124, 46, 53, 52, 65}},
        {"brow_left", {383, 300, 293, 334, 296, 336, 285, 417, 265, 353, 276, 283, 282, 295}},
        {"eye_right", {246, 161, 160, 159, 158, 157, 173, 33, 7, 163, 144, 145, 153, 154, 155, 133}},
        {"eye_left", {466, 388, 387, 386, 385, 384, 398, 263, 249, 390, 373, 374, 380, 381, 382, 362}},
        {"lips", {61, 185, 40, 39, 37, 0,  267, 269, 270, 409, 291, 146, 91, 181, 84, 17, 314, 405, 321, 375,
                  78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308, 95,  88, 178, 87, 14, 317, 402, 318, 324}},
    };
    std::vector<char> used(468, 0);
    for (const auto& x : g)
      for (int k : x.members) used[static_cast<size_t>(k)] = 1;
    LandmarkGroup other{"other", {}};
    for (int k = 0; k < 468; ++k)
      if (!used[static_cast<size_t>(k)]) other.members.push_back(k);
    g.push_back(std::move(other));
    return g;
  }();
  return s == LandmarkSet::ibug68 ? ibug : mp;
}

/// Groups a subset must touch (at least one point each) so that the warp is anchored on both eyes, the
/// nose and the mouth (MediaPipe: both eyes and the lips).
inline std::vector<std::string> required_landmark_groups(LandmarkSet s) {
  if (s == LandmarkSet::ibug68) return {"eye_right", "eye_left", "nose", "mouth"};
  return {"eye_right", "eye_left", "lips"};
}

/// Position (mm) on the built-in face `face` (anatomy.hpp: vertex k = MediaPipe landmark k) of landmark k
/// of set s: the vertex, or for iBUG the vertex or midpoint of the correspondence table.
inline Eigen::Vector3d template_landmark(const Mesh& face, LandmarkSet s, int k) {
  if (s == LandmarkSet::mediapipe468) return face.vertex(k);
  const auto& c = ibug68_to_mediapipe()[static_cast<size_t>(k)];
  return c[1] < 0 ? face.vertex(c[0]) : Eigen::Vector3d(0.5 * (face.vertex(c[0]) + face.vertex(c[1])));
}

}  // namespace mesogrid

// mesogrid/landmarks.hpp: facial landmark sets of a scan and their counterparts on the built-in face.
// Two sets are known: the 468 MediaPipe face-mesh points (landmark k = vertex k of the built-in face) and
// the 68-point Multi-PIE/iBUG set (dlib, OpenFace, face_alignment), whose points map onto one MediaPipe
// landmark or the midpoint of two. Holds the names, groups and mirror partners of both sets, the
// correspondence table, the template (built-in face) position of every landmark, and the reader of the
// landmark CSV format. Coordinates in a file are in FILE units (the caller scales them to mm); template
// positions are mm. Subject's left = +x on the built-in face.
//
// CSV format (read_landmark_csv): one landmark per line, comma-, semicolon-, tab- or space-separated;
// blank lines and lines starting with '#' are ignored; a UTF-8 BOM and CR/CRLF line ends are accepted.
// The first line is a header when any of its fields is not a number. Header names (case-insensitive; a
// trailing "(comment)" is ignored): x, y, z, optionally with a unit suffix (x_mm, x_cm, x_m: all three the
// same), and optionally one of `name` (a landmark name, see landmark_index) or `index` (0-based landmark
// number). Without a name/index column the rows are the whole set in its order (68 or 468 rows); with one,
// any subset of at least min_landmark_subset points in any order.
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

#include "error.hpp"
#include "mesh.hpp"

namespace mesogrid {

/// A known landmark set.
enum class LandmarkSet { mediapipe468, ibug68 };

/// "mediapipe468" or "ibug68" (also the --landmark-set values).
inline std::string_view landmark_set_name(LandmarkSet s) {
  return s == LandmarkSet::ibug68 ? "ibug68" : "mediapipe468";
}

/// Number of points in the full set: 468 or 68.
inline int landmark_count(LandmarkSet s) { return s == LandmarkSet::ibug68 ? 68 : 468; }

/// Parses --landmark-set: "auto" (nullopt: decided from the file), "mediapipe468", "ibug68" (also
/// "mediapipe", "ibug", "dlib68", "multipie68"; case-insensitive). Throws usage_error naming the flag.
inline std::optional<LandmarkSet> parse_landmark_set(std::string_view text) {
  std::string t;
  for (char c : text) t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (t == "auto") return std::nullopt;
  if (t == "mediapipe468" || t == "mediapipe") return LandmarkSet::mediapipe468;
  if (t == "ibug68" || t == "ibug" || t == "dlib68" || t == "multipie68") return LandmarkSet::ibug68;
  std::string shown;
  for (char c : text.substr(0, 40)) shown += (static_cast<unsigned char>(c) < 32 || c == 127) ? '?' : c;
  throw usage_error("--landmark-set '" + shown + "': use mediapipe468, ibug68 or auto (decided by the point count)");
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

/// iBUG-68 point k on the MediaPipe face: the MediaPipe landmark a, or the midpoint of a and b (b >= 0).
/// Source: the mp2dlib correspondence of Peizhi Yan, github.com/PeizhiYan/Mediapipe_2_Dlib_Landmarks
/// (mediapipe2dlib/mp2dlib.py, 2024), with one change: jaw_13 is the midpoint of 361 and 288 (there: 361
/// alone), the mirror image of jaw_3 (132, 58), so that the table is mirror-exact on the built-in face
/// (tested in test_landmarks: every iBUG left/right pair maps onto mirrored MediaPipe points, and the
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

/// Landmarks of a scan as read from a file: which set, which points (a subset when named) and where.
struct LandmarkFile {
  std::string source;  ///< file name, for messages
  LandmarkSet set = LandmarkSet::ibug68;
  std::vector<int> index;              ///< landmark number of each point, in file order
  std::vector<Eigen::Vector3d> point;  ///< FILE units until scaled (see units)
  std::vector<long> line;              ///< file line of each point (0 when not known, e.g. JSON)
  std::string units;                   ///< declared by the file (x_mm, "units": "cm"): mm, cm, m; "" = none
  bool named = false;                  ///< points given by name or index (a subset is allowed)
};

namespace detail {

inline std::string lm_printable(std::string_view s) {
  std::string r;
  for (char c : s.substr(0, 40)) r += (static_cast<unsigned char>(c) < 32 || c == 127) ? '?' : c;
  if (s.size() > 40) r += "...";
  return r;
}

[[noreturn]] inline void lm_fail(const std::string& source, long line, const std::string& what) {
  throw input_error(source + (line > 0 ? ":" + std::to_string(line) : std::string()) + ": " + what);
}

/// Parses a whole field as a double (std::from_chars, locale-free; a leading '+' allowed).
inline bool lm_number(std::string_view t, double& out) {
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
  if (!t.empty() && t.front() == '+') t.remove_prefix(1);
  if (t.empty()) return false;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), out, std::chars_format::general);
  return ec == std::errc() && end == t.data() + t.size();
}

inline std::string lm_trim(std::string_view t) {
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
  return std::string(t);
}

}  // namespace detail

/// Checks a read landmark file against its set and `asked` (--landmark-set; nullopt = auto) and decides
/// the set of an ordered file from its count. Throws input_error (exit 2) naming the file: wrong count,
/// a set other than the one asked, a repeated landmark, a subset under min_landmark_subset points or
/// missing a required group (required_landmark_groups).
inline void finish_landmark_file(LandmarkFile& f, std::optional<LandmarkSet> asked, bool set_known) {
  const long n = static_cast<long>(f.point.size());
  const std::string how =
      "one landmark per line: x,y,z in the set's order (68 ibug68 or 468 mediapipe468 "
      "points), or a name/index column for a subset";
  if (n == 0) detail::lm_fail(f.source, 0, "no landmark in the file: " + how);
  if (!f.named) {
    std::optional<LandmarkSet> by_count;
    if (n == 68) by_count = LandmarkSet::ibug68;
    if (n == 468) by_count = LandmarkSet::mediapipe468;
    if (asked && landmark_count(*asked) != n)
      detail::lm_fail(f.source, 0,
                      std::to_string(n) + " landmarks, but --landmark-set " + std::string(landmark_set_name(*asked)) +
                          " has " + std::to_string(landmark_count(*asked)) + ": give all " +
                          std::to_string(landmark_count(*asked)) +
                          " points in order, or name them (name column or JSON)");
    if (!by_count) detail::lm_fail(f.source, 0, std::to_string(n) + " landmarks: " + how);
    f.set = *by_count;
    f.index.resize(static_cast<size_t>(n));
    for (long k = 0; k < n; ++k) f.index[static_cast<size_t>(k)] = static_cast<int>(k);
    return;
  }
  if (asked && set_known && *asked != f.set)
    detail::lm_fail(f.source, 0,
                    "the landmarks are " + std::string(landmark_set_name(f.set)) +
                        " points (by their names) but --landmark-set is " + std::string(landmark_set_name(*asked)) +
                        ": drop --landmark-set or fix the names");
  if (!set_known) {
    if (asked) {
      f.set = *asked;
    } else if (n == 68 || n == 468) {
      f.set = n == 68 ? LandmarkSet::ibug68 : LandmarkSet::mediapipe468;
    } else {
      detail::lm_fail(f.source, 0,
                      "an index column with " + std::to_string(n) +
                          " points does not say which set they belong to: add --landmark-set ibug68 or "
                          "mediapipe468 (or use names: jaw_0, mp_61, ...)");
    }
  }
  const int count = landmark_count(f.set);
  std::vector<long> seen(static_cast<size_t>(count), -1);
  for (size_t i = 0; i < f.index.size(); ++i) {
    const int k = f.index[i];
    if (k < 0 || k >= count)
      detail::lm_fail(f.source, f.line[i],
                      "landmark index " + std::to_string(k) + " is outside 0-" + std::to_string(count - 1) + " of " +
                          std::string(landmark_set_name(f.set)));
    if (seen[static_cast<size_t>(k)] >= 0)
      detail::lm_fail(f.source, f.line[i],
                      "landmark " + landmark_label(f.set, k) + " is given twice (also " +
                          (f.line[static_cast<size_t>(seen[static_cast<size_t>(k)])] > 0
                               ? "line " + std::to_string(f.line[static_cast<size_t>(seen[static_cast<size_t>(k)])])
                               : std::string("earlier")) +
                          "): keep one");
    seen[static_cast<size_t>(k)] = static_cast<long>(i);
  }
  if (n < min_landmark_subset)
    detail::lm_fail(f.source, 0,
                    "only " + std::to_string(n) + " landmarks: give at least " + std::to_string(min_landmark_subset) +
                        " spread over the eyes, nose and mouth (or the whole set)");
  for (const std::string& g : required_landmark_groups(f.set)) {
    bool any = false;
    for (const auto& grp : landmark_groups(f.set))
      if (grp.name == g)
        for (int k : grp.members) any = any || seen[static_cast<size_t>(k)] >= 0;
    if (!any)
      detail::lm_fail(f.source, 0,
                      "no landmark of group " + g + ": a subset must hold points of both eyes, the nose and the mouth");
  }
}

/// Reads landmark CSV text (see the format at the top). `asked` is --landmark-set (nullopt = auto).
/// Throws input_error (exit 2) with "source:line: what; what to do" for anything wrong: unknown or
/// missing columns, a wrong field count, a value that is not a finite number, an unknown name, a
/// repeated landmark, a count that is no set's, a set other than `asked`.
inline LandmarkFile read_landmark_csv(std::string_view text, const std::string& source,
                                      std::optional<LandmarkSet> asked) {
  using detail::lm_fail;
  LandmarkFile f;
  f.source = source;
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  char sep = 0;  // decided on the first line that counts
  int cx = -1, cy = -1, cz = -1, cname = -1, cindex = -1, ncols = 3;
  bool header_seen = false, first = true, set_known = false;
  long line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + (end + 1 < text.size() && text[end] == '\r' && text[end + 1] == '\n' ? 2 : 1);
    ++line_no;
    if (line.size() > (1u << 16)) lm_fail(source, line_no, "line longer than 64 KiB: this is not a landmark CSV");
    const std::string trimmed = detail::lm_trim(line);
    if (trimmed.empty() || trimmed[0] == '#') continue;
    if (sep == 0)
      sep = trimmed.find(',') != std::string::npos ? ',' : trimmed.find(';') != std::string::npos ? ';' : ' ';
    std::vector<std::string> fields;
    if (sep == ' ') {
      size_t i = 0;
      while (i < trimmed.size()) {
        while (i < trimmed.size() && (trimmed[i] == ' ' || trimmed[i] == '\t')) ++i;
        size_t j = i;
        while (j < trimmed.size() && trimmed[j] != ' ' && trimmed[j] != '\t') ++j;
        if (j > i) fields.push_back(trimmed.substr(i, j - i));
        i = j;
      }
    } else {
      size_t i = 0;
      for (;;) {
        const size_t j = trimmed.find(sep, i);
        fields.push_back(
            detail::lm_trim(std::string_view(trimmed).substr(i, j == std::string::npos ? std::string::npos : j - i)));
        if (j == std::string::npos) break;
        i = j + 1;
      }
    }
    if (first) {
      first = false;
      bool numeric = true;
      double ignored = 0;
      for (const auto& fl : fields) numeric = numeric && detail::lm_number(fl, ignored);
      if (!numeric) {  // header
        header_seen = true;
        ncols = static_cast<int>(fields.size());
        std::string unit_suffix;
        bool unit_set = false;
        for (int c = 0; c < ncols; ++c) {
          std::string h = fields[static_cast<size_t>(c)];
          if (const size_t paren = h.find('('); paren != std::string::npos)
            h = detail::lm_trim(std::string_view(h).substr(0, paren));
          for (char& ch : h) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
          if (!h.empty() && h.front() == '"' && h.back() == '"' && h.size() >= 2) h = h.substr(1, h.size() - 2);
          const auto bad_column = [&] {
            lm_fail(source, line_no,
                    "unknown column '" + detail::lm_printable(fields[static_cast<size_t>(c)]) +
                        "': landmark columns are x, y, z (or x_mm, y_mm, z_mm; _cm, _m), and optionally name or index");
          };
          if (h == "name" || h == "landmark" || h == "label") {
            if (cname >= 0 || cindex >= 0) lm_fail(source, line_no, "two name/index columns: keep one");
            cname = c;
            continue;
          }
          if (h == "index" || h == "id" || h == "idx") {
            if (cname >= 0 || cindex >= 0) lm_fail(source, line_no, "two name/index columns: keep one");
            cindex = c;
            continue;
          }
          if (h.empty() || (h[0] != 'x' && h[0] != 'y' && h[0] != 'z')) bad_column();
          std::string suffix;
          if (h.size() > 1) {
            if (h[1] != '_' && h[1] != ' ') bad_column();
            suffix = detail::lm_trim(std::string_view(h).substr(2));
            if (suffix != "mm" && suffix != "cm" && suffix != "m") bad_column();
          }
          if (unit_set && suffix != unit_suffix)
            lm_fail(source, line_no,
                    "columns in different units ('" + (unit_suffix.empty() ? std::string("none") : unit_suffix) +
                        "' and '" + (suffix.empty() ? std::string("none") : suffix) +
                        "'): give x, y and z in one unit");
          unit_set = true;
          unit_suffix = suffix;
          int& col = h[0] == 'x' ? cx : h[0] == 'y' ? cy : cz;
          if (col >= 0) lm_fail(source, line_no, std::string("column ") + h[0] + " appears twice: keep one");
          col = c;
        }
        if (cx < 0 || cy < 0 || cz < 0)
          lm_fail(source, line_no,
                  "the header lacks " +
                      std::string(cx < 0   ? "x"
                                  : cy < 0 ? "y"
                                           : "z") +
                      ": landmark columns are x, y, z (or x_mm, y_mm, z_mm), and optionally name or index");
        f.units = unit_suffix;
        f.named = cname >= 0 || cindex >= 0;
        continue;
      }
      cx = 0, cy = 1, cz = 2;
    }
    if (static_cast<int>(fields.size()) != ncols)
      lm_fail(source, line_no,
              std::to_string(fields.size()) + " field" + (fields.size() == 1 ? "" : "s") + ", expected " +
                  std::to_string(ncols) + (header_seen ? " (as in the header)" : " (x,y,z)") +
                  ": one landmark per line");
    Eigen::Vector3d p;
    const int cols[3] = {cx, cy, cz};
    for (int a = 0; a < 3; ++a) {
      const std::string& t = fields[static_cast<size_t>(cols[a])];
      double v = 0;
      if (!detail::lm_number(t, v))
        lm_fail(source, line_no,
                std::string(1, "xyz"[a]) + " value '" + detail::lm_printable(t) +
                    "' is not a number: every landmark needs three coordinates");
      if (!std::isfinite(v))
        lm_fail(source, line_no,
                std::string(1, "xyz"[a]) + " value '" + detail::lm_printable(t) +
                    "' is not a finite number: every landmark needs three finite coordinates");
      p[a] = v + 0.0;
    }
    int k = -1;
    if (cname >= 0) {
      const std::string& nm = fields[static_cast<size_t>(cname)];
      const auto id = landmark_index(nm);
      if (!id)
        lm_fail(source, line_no,
                "unknown landmark name '" + detail::lm_printable(nm) +
                    "': use iBUG names (jaw_0..jaw_16, brow_right_0..4, brow_left_0..4, nose_bridge_0..3, "
                    "nose_base_0..4, eye_right_0..5, eye_left_0..5, mouth_outer_0..11, mouth_inner_0..7), "
                    "ibug_<0-67> or mp_<0-467>");
      if (set_known && id->first != f.set)
        lm_fail(source, line_no,
                "landmark '" + detail::lm_printable(nm) + "' is a " + std::string(landmark_set_name(id->first)) +
                    " name but earlier lines are " + std::string(landmark_set_name(f.set)) + ": use one set per file");
      f.set = id->first;
      set_known = true;
      k = id->second;
    } else if (cindex >= 0) {
      const std::string& t = fields[static_cast<size_t>(cindex)];
      double v = -1;
      if (!detail::lm_number(t, v) || v != std::floor(v) || v < 0 || v > 1e6)
        lm_fail(source, line_no,
                "index '" + detail::lm_printable(t) + "' is not a landmark number (0-based whole number)");
      k = static_cast<int>(v);
    }
    f.point.push_back(p);
    f.index.push_back(k);
    f.line.push_back(line_no);
    if (f.point.size() > 100000) lm_fail(source, line_no, "more than 100000 lines: this is not a landmark file");
  }
  finish_landmark_file(f, asked, set_known);
  return f;
}

}  // namespace mesogrid

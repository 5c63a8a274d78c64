// mesogrid/landmarks/file.hpp: a scan's landmarks as read from a file (LandmarkFile: the set, the points, their
// lines, the declared unit), the checks every landmark file gets (count, set, repeats, subset size and groups),
// and the reader of the landmark CSV format. Coordinates in FILE units (the caller scales them to mm).
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
#include <array>
#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "../core/error.hpp"
#include "../core/text.hpp"
#include "sets.hpp"

namespace mesogrid {

/// Landmarks of a scan as read from a file: which set, which points (a subset when named) and where.
struct LandmarkFile {
  std::string source;  ///< file name, for messages
  LandmarkSet set = LandmarkSet::ibug68;
  std::vector<int> index;              ///< landmark number of each point, in file order
  std::vector<Eigen::Vector3d> point;  ///< FILE units until scaled (see units)
  std::vector<long> line;              ///< file line of each point (0 when not known, e.g. JSON)
  std::string units;                   ///< declared by the file (x_mm, "units": "cm"): mm, cm, m, in; "" = none
  bool named = false;                  ///< points given by name or index (a subset is allowed)
  /// 5 points in order and no set asked: a face detector's (five.hpp), a guide to finding a set on the scan,
  /// not a set (`set` and `index` are then meaningless)
  bool five = false;
};

namespace detail {

/// Throws input_error "source:line: what" (no line when line is 0).
[[noreturn]] inline void lm_fail(const std::string& source, long line, const Message& what) {
  throw input_error(text::path_shown(source) + (line > 0 ? ":" + std::to_string(line) : std::string()) + ": " + what);
}

/// Parses a whole field as a double (std::from_chars, locale-free; spaces and tabs around it and a leading '+'
/// allowed).
inline bool lm_number(std::string_view t, double& out) {
  t = text::trim(t, " \t");
  if (!t.empty() && t.front() == '+') t.remove_prefix(1);
  if (t.empty()) return false;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), out, std::chars_format::general);
  return ec == std::errc() && end == t.data() + t.size();
}

/// `t` without spaces and tabs around it.
inline std::string lm_trim(std::string_view t) { return std::string(text::trim(t, " \t")); }

}  // namespace detail

/// The words of the refusal of an unnamed file of fewer than min_landmark_subset points (a tool may add how to
/// find the landmarks instead).
inline constexpr const char* too_few_landmarks = "too few to carry a face's regions, which need a landmark set";

namespace detail {

/// Throws input_error naming the file when a coordinate lies beyond 1e6 (1 km in mm): no face fits, and
/// products of coordinates overflow.
inline void check_coordinates(const LandmarkFile& f) {
  for (size_t k = 0; k < f.point.size(); ++k)
    if (f.point[k].cwiseAbs().maxCoeff() > 1e6)
      lm_fail(f.source, 0,
              "landmark " + std::to_string(k + 1) + " has a coordinate beyond 1e6 (" +
                  text::general(f.point[k].cwiseAbs().maxCoeff(), 3) +
                  "): these are not the landmarks of a face scan; export them again");
}

}  // namespace detail

namespace detail {

/// The refusal of a file that mixes a face detector's 5 points with a set's names: landmark `shown` is one of
/// the 5 (`five`) after names of `set`, or a name of `set` after the 5; `earlier` says "lines" or "ones".
inline std::string mixed_with_five(const std::string& shown, bool five, LandmarkSet set, const char* earlier) {
  const std::string set_name(landmark_set_name(set));
  return "landmark '" + shown + "' is " +
         (five ? "one of a face detector's 5 points but earlier " + std::string(earlier) + " are " + set_name + " names"
               : text::with_article(set_name) + " name but earlier " + earlier + " name a face detector's 5 points") +
         ": use one set per file";
}

}  // namespace detail

/// The names a landmark file may use, for the refusal of an unknown one.
inline constexpr const char* landmark_names_known =
    "use iBUG names (jaw_0..jaw_16, brow_right_0..4, brow_left_0..4, nose_bridge_0..3, nose_base_0..4, "
    "eye_right_0..5, eye_left_0..5, mouth_outer_0..11, mouth_inner_0..7), ibug_<0-67>, mp_<0-467>, or a face "
    "detector's 5 (right_eye, left_eye, nose_tip, right_mouth_corner, left_mouth_corner)";

/// Finishes a file that names a face detector's 5 points (`index` holds their numbers, five_point_index): each
/// once, put in their order (five_point_names), `five` set. Throws input_error naming the file: a coordinate
/// beyond 1e6, a set asked, a point given twice, a point missing.
inline void finish_five_named(LandmarkFile& f, std::optional<LandmarkSet> asked) {
  const std::string all = five_point_list();
  detail::check_coordinates(f);
  if (asked)
    detail::lm_fail(f.source, 0,
                    Message("the names are a face detector's 5 points (" + all + ") but ")
                        << Param::landmark_set << " is " + std::string(landmark_set_name(*asked)) + ": drop "
                        << Param::landmark_set);
  std::array<long, 5> at{-1, -1, -1, -1, -1};
  for (size_t i = 0; i < f.index.size(); ++i) {
    const auto k = static_cast<size_t>(f.index[i]);
    if (at[k] >= 0) {
      const long before = f.line[static_cast<size_t>(at[k])];
      detail::lm_fail(f.source, f.line[i],
                      std::string("the ") + five_point_names[k] + " is given twice" +
                          (before > 0 ? " (also line " + std::to_string(before) + ")" : std::string()) + ": keep one");
    }
    at[k] = static_cast<long>(i);
  }
  std::vector<std::string> missing;
  for (size_t k = 0; k < at.size(); ++k)
    if (at[k] < 0) missing.emplace_back(five_point_names[k]);
  if (!missing.empty())
    detail::lm_fail(f.source, 0,
                    "the file names " + std::to_string(5 - missing.size()) + " of a face detector's 5 points; " +
                        text::joined(missing) + (missing.size() == 1 ? " is" : " are") + " missing: give all 5 (" +
                        all + ")");
  LandmarkFile o = f;
  for (size_t k = 0; k < at.size(); ++k) {
    o.point[k] = f.point[static_cast<size_t>(at[k])];
    o.line[k] = f.line[static_cast<size_t>(at[k])];
    o.index[k] = static_cast<int>(k);
  }
  o.five = true;
  f = std::move(o);
}

/// Checks a read landmark file against its set and `asked` (the set asked for; nullopt = decided by the file)
/// and decides the set of an ordered file from its count. Throws input_error naming the file: wrong count,
/// a set other than the one asked, a repeated landmark, a subset under min_landmark_subset points or
/// missing a required group (required_landmark_groups).
inline void finish_landmark_file(LandmarkFile& f, std::optional<LandmarkSet> asked, bool set_known) {
  const long n = static_cast<long>(f.point.size());
  const std::string how =
      "one landmark per line: x,y,z in the set's order (68 ibug68 or 468 mediapipe468 "
      "points), or a name/index column for a subset";
  if (n == 0) detail::lm_fail(f.source, 0, "no landmark in the file: " + how);
  detail::check_coordinates(f);
  if (!f.named) {
    std::optional<LandmarkSet> by_count;
    if (n == 68) by_count = LandmarkSet::ibug68;
    if (n == 468) by_count = LandmarkSet::mediapipe468;
    if (asked && landmark_count(*asked) != n)
      detail::lm_fail(f.source, 0,
                      Message(text::count_of(n, "landmark", "landmarks") + ", but ")
                          << Param::landmark_set
                          << " " + std::string(landmark_set_name(*asked)) + " has " +
                                 std::to_string(landmark_count(*asked)) + ": give all " +
                                 std::to_string(landmark_count(*asked)) +
                                 " points in order, or name them (name column or JSON)");
    if (!asked && n == 5) {  // a face detector's eyes, nose tip and mouth corners (five.hpp)
      f.five = true;
      return;
    }
    if (!by_count && n < min_landmark_subset)
      detail::lm_fail(f.source, 0,
                      text::count_of(n, "landmark", "landmarks") + " in order: " + too_few_landmarks +
                          " (68 ibug68 or 468 mediapipe468 points in order, or a name/index column for a subset of " +
                          std::to_string(min_landmark_subset) + " or more over the eyes, nose and mouth)");
    if (!by_count) detail::lm_fail(f.source, 0, text::count_of(n, "landmark", "landmarks") + ": " + how);
    f.set = *by_count;
    f.index.resize(static_cast<size_t>(n));
    for (long k = 0; k < n; ++k) f.index[static_cast<size_t>(k)] = static_cast<int>(k);
    return;
  }
  if (asked && set_known && *asked != f.set)
    detail::lm_fail(
        f.source, 0,
        Message("the landmarks are " + std::string(landmark_set_name(f.set)) + " points (by their names) but ")
            << Param::landmark_set << " is " + std::string(landmark_set_name(*asked)) + ": drop " << Param::landmark_set
            << " or fix the names");
  if (!set_known) {
    if (asked) {
      f.set = *asked;
    } else if (n == 68 || n == 468) {
      f.set = n == 68 ? LandmarkSet::ibug68 : LandmarkSet::mediapipe468;
    } else {
      detail::lm_fail(
          f.source, 0,
          Message("an index column with " + std::to_string(n) + " points does not say which set they belong to: add ")
              << Param::landmark_set << " ibug68 or mediapipe468 (or use names: jaw_0, mp_61, ...)");
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
                    "only " + text::count_of(n, "landmark", "landmarks") + ": give at least " +
                        std::to_string(min_landmark_subset) +
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

/// Reads landmark CSV text (see the format at the top). `asked` is the set asked for (nullopt: decided by the
/// file). Throws input_error with "source:line: what; what to do" for anything wrong: unknown or
/// missing columns, a wrong field count, a value that is not a finite number, an unknown name, a
/// repeated landmark, a count that is no set's, a set other than `asked`.
inline LandmarkFile read_landmark_csv(std::string_view text, const std::string& source,
                                      std::optional<LandmarkSet> asked) {
  using detail::lm_fail;
  LandmarkFile f;
  f.source = source;
  text = text::strip_bom(text);
  char sep = 0;  // decided on the first line that counts
  int cx = -1, cy = -1, cz = -1, cname = -1, cindex = -1, ncols = 3;
  bool header_seen = false, first = true, set_known = false;
  long five_line = 0;  // the first line naming one of a face detector's 5 points
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
          h = text::lower(h);
          if (!h.empty() && h.front() == '"' && h.back() == '"' && h.size() >= 2) h = h.substr(1, h.size() - 2);
          const auto bad_column = [&] {
            lm_fail(source, line_no,
                    "unknown column '" + text::printable(fields[static_cast<size_t>(c)]) +
                        "': landmark columns are x, y, z (or x_mm, y_mm, z_mm; _cm, _m, _in), and optionally name or "
                        "index");
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
            if (suffix != "mm" && suffix != "cm" && suffix != "m" && suffix != "in") bad_column();
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
                std::string(1, "xyz"[a]) + " value '" + text::printable(t) +
                    "' is not a number: every landmark needs three coordinates");
      if (!std::isfinite(v))
        lm_fail(source, line_no,
                std::string(1, "xyz"[a]) + " value '" + text::printable(t) +
                    "' is not a finite number: every landmark needs three finite coordinates");
      p[a] = v + 0.0;
    }
    int k = -1;
    if (cname >= 0) {
      const std::string& nm = fields[static_cast<size_t>(cname)];
      const auto id = landmark_index(nm);
      const int five = id ? -1 : five_point_index(nm);
      if ((five >= 0 && set_known) || (id && five_line > 0))
        lm_fail(source, line_no,
                detail::mixed_with_five(text::printable(nm), five >= 0, five >= 0 ? f.set : id->first, "lines"));
      if (five >= 0) {
        if (five_line == 0) five_line = line_no;
        f.point.push_back(p);
        f.index.push_back(five);
        f.line.push_back(line_no);
        continue;
      }
      if (!id) lm_fail(source, line_no, "unknown landmark name '" + text::printable(nm) + "': " + landmark_names_known);
      if (set_known && id->first != f.set)
        lm_fail(source, line_no,
                "landmark '" + text::printable(nm) + "' is " + text::with_article(landmark_set_name(id->first)) +
                    " name but earlier lines are " + std::string(landmark_set_name(f.set)) + ": use one set per file");
      f.set = id->first;
      set_known = true;
      k = id->second;
    } else if (cindex >= 0) {
      const std::string& t = fields[static_cast<size_t>(cindex)];
      double v = -1;
      if (!detail::lm_number(t, v) || v != std::floor(v) || v < 0 || v > 1e6)
        lm_fail(source, line_no, "index '" + text::printable(t) + "' is not a landmark number (0-based whole number)");
      k = static_cast<int>(v);
    }
    f.point.push_back(p);
    f.index.push_back(k);
    f.line.push_back(line_no);
    if (f.point.size() > 100000) lm_fail(source, line_no, "more than 100000 lines: this is not a landmark file");
  }
  if (five_line > 0)
    finish_five_named(f, asked);
  else
    finish_landmark_file(f, asked, set_known);
  return f;
}

}  // namespace mesogrid

// mesogrid/core/text.hpp: the small text helpers the library shares: trimming, lower case, the UTF-8 byte
// order mark, user text shown safely in a one-line message, numbers and counts in messages. Locale-free.
// No units.
#pragma once
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace mesogrid::text {

/// ASCII white space: what std::isspace accepts in the "C" locale.
inline constexpr std::string_view whitespace = " \t\n\v\f\r";

/// `s` without leading and trailing characters of `chars`.
inline std::string_view trim(std::string_view s, std::string_view chars = whitespace) {
  while (!s.empty() && chars.find(s.front()) != std::string_view::npos) s.remove_prefix(1);
  while (!s.empty() && chars.find(s.back()) != std::string_view::npos) s.remove_suffix(1);
  return s;
}

/// `s` with ASCII letters in lower case.
inline std::string lower(std::string_view s) {
  std::string r(s);
  for (char& c : r)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return r;
}

/// `s` without a leading UTF-8 byte order mark.
inline std::string_view strip_bom(std::string_view s) {
  if (s.size() >= 3 && s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  return s;
}

/// Length of the well-formed UTF-8 sequence at the start of `s` (1-4), or 0 when it is not one (a stray
/// continuation byte, an overlong form, a surrogate, above U+10FFFF, or cut short).
inline size_t utf8_length(std::string_view s) {
  if (s.empty()) return 0;
  const auto b = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char c = b(0);
  if (c < 0x80) return 1;
  size_t n = 0;
  unsigned lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (s.size() < n || b(1) < lo || b(1) > hi) return 0;
  for (size_t i = 2; i < n; ++i)
    if (b(i) < 0x80 || b(i) > 0xBF) return 0;
  return n;
}

/// True for a character that must never reach a terminal, a log line or an output raw: C0 controls, DEL, C1
/// controls (U+0080-U+009F), the line and paragraph separators and the bidirectional controls (U+200E,
/// U+200F, U+202A-U+202E, U+2066-U+2069), which can forge or reorder what a reader sees.
inline bool is_hostile_char(std::string_view seq) {
  const auto b = [&](size_t i) { return static_cast<unsigned char>(seq[i]); };
  if (seq.size() == 1) return b(0) < 32 || b(0) == 127;
  if (seq.size() == 2) return b(0) == 0xC2 && b(1) <= 0x9F;
  if (seq.size() == 3 && b(0) == 0xE2) {
    if (b(1) == 0x80) return b(2) == 0x8E || b(2) == 0x8F || (b(2) >= 0xA8 && b(2) <= 0xAE);
    if (b(1) == 0x81) return b(2) >= 0xA6 && b(2) <= 0xA9;
  }
  return false;
}

/// True when `s` is well-formed UTF-8 without hostile characters (is_hostile_char); tabs pass when `allow_tab`.
inline bool is_clean(std::string_view s, bool allow_tab = false) {
  for (size_t i = 0; i < s.size();) {
    const size_t n = utf8_length(s.substr(i));
    if (n == 0 || (is_hostile_char(s.substr(i, n)) && !(allow_tab && s[i] == '\t'))) return false;
    i += n;
  }
  return true;
}

namespace detail {
/// `s` rewritten a character at a time: piece(seq, valid, buf) gives what stands for `seq` (a well-formed UTF-8
/// character, or when !valid one byte that is not), seq itself or text it may write in buf (16 bytes); cut after
/// `max_bytes` bytes ("..." added, never inside a piece); max_bytes 0: no cut.
template <class Piece>
std::string rewritten(std::string_view s, size_t max_bytes, Piece piece) {
  std::string r;
  r.reserve(std::min(s.size(), max_bytes ? max_bytes + 3 : s.size()));
  char buf[16];
  for (size_t i = 0; i < s.size();) {
    const size_t n = utf8_length(s.substr(i));
    const std::string_view p = piece(s.substr(i, n == 0 ? 1 : n), n != 0, buf);
    if (max_bytes && r.size() + p.size() > max_bytes) {
      r += "...";
      return r;
    }
    r.append(p);
    i += n == 0 ? 1 : n;
  }
  return r;
}
}  // namespace detail

/// `s` with every hostile character (is_hostile_char) and every byte that is not well-formed UTF-8 shown as
/// '?', cut after `max_bytes` bytes on a character boundary ("..." added); max_bytes 0: no cut. The text policy
/// for whatever the user or a file gave that is copied into an output (messages use escaped()).
inline std::string clean(std::string_view s, size_t max_bytes = 0) {
  return detail::rewritten(s, max_bytes, [](std::string_view seq, bool valid, char*) {
    return !valid || is_hostile_char(seq) ? std::string_view("?") : seq;
  });
}

/// The code point of `seq`, one well-formed UTF-8 sequence (utf8_length(seq) == seq.size()).
inline char32_t code_point(std::string_view seq) {
  const auto b = [&](size_t i) { return static_cast<char32_t>(static_cast<unsigned char>(seq[i])); };
  switch (seq.size()) {
    case 1: return b(0);
    case 2: return (b(0) & 0x1F) << 6 | (b(1) & 0x3F);
    case 3: return (b(0) & 0x0F) << 12 | (b(1) & 0x3F) << 6 | (b(2) & 0x3F);
    default: return (b(0) & 0x07) << 18 | (b(1) & 0x3F) << 12 | (b(2) & 0x3F) << 6 | (b(3) & 0x3F);
  }
}

/// True for a character that shows nothing, so that two different values look the same: the soft hyphen, the
/// zero-width space, joiners and non-joiner, the word joiner and invisible operators, the byte order mark (U+FEFF)
/// inside text, the Arabic letter mark, Hangul and Mongolian fillers and separators, variation selectors, the
/// interlinear annotation marks and the tag characters.
inline bool is_invisible_char(char32_t c) {
  return c == 0xAD || c == 0x34F || c == 0x61C || c == 0x115F || c == 0x1160 || c == 0x17B4 || c == 0x17B5 ||
         (c >= 0x180B && c <= 0x180F) || (c >= 0x200B && c <= 0x200D) || (c >= 0x2060 && c <= 0x2064) ||
         (c >= 0x206A && c <= 0x206F) || c == 0x3164 || (c >= 0xFE00 && c <= 0xFE0F) || c == 0xFEFF || c == 0xFFA0 ||
         (c >= 0xFFF9 && c <= 0xFFFB) || (c >= 0xE0000 && c <= 0xE0FFF);
}

/// `s` for a message: every hostile character (is_hostile_char) and invisible one (is_invisible_char) written as
/// an escape, \x01 (C0 controls and DEL), \u200b (U+0080 to U+FFFF), \U000e0041 (beyond), and every byte that
/// is not well-formed UTF-8 as \xff, so that the reader sees exactly what was given; cut after `max_bytes` bytes
/// ("..." added, never inside an escape or a character); max_bytes 0: no cut. The text policy of messages
/// (printable, path_shown, the tool's message lines); outputs use clean().
inline std::string escaped(std::string_view s, size_t max_bytes = 0) {
  return detail::rewritten(s, max_bytes, [](std::string_view seq, bool valid, char* e) {
    if (!valid) {
      std::snprintf(e, 16, "\\x%02x", static_cast<unsigned>(static_cast<unsigned char>(seq[0])));
      return std::string_view(e);
    }
    if (!is_hostile_char(seq) && !is_invisible_char(code_point(seq))) return seq;
    const auto c = static_cast<unsigned long>(code_point(seq));
    std::snprintf(e, 16, c < 0x80 ? "\\x%02lx" : c <= 0xFFFF ? "\\u%04lx" : "\\U%08lx", c);
    return std::string_view(e);
  });
}

/// The longest value echoed in a message, in bytes.
inline constexpr size_t max_value_bytes = 40;
/// The longest file name echoed in a message, in bytes (longer ones keep their start and their end).
inline constexpr size_t max_path_bytes = 160;

/// User text for a one-line message: escaped(), cut after 40 bytes ("...").
inline std::string printable(std::string_view s) { return escaped(s, max_value_bytes); }

/// A file name for a message: escaped(), and when longer than max_path_bytes its first and last bytes around
/// "...", so that both the folder and the file's own name stay visible.
inline std::string path_shown(std::string_view p) {
  std::string c = escaped(p);
  if (c.size() <= max_path_bytes) return c;
  const size_t head = max_path_bytes / 2 - 2, tail = max_path_bytes - head - 3;
  size_t a = head, b = c.size() - tail;
  while (a > 0 && (static_cast<unsigned char>(c[a]) & 0xC0) == 0x80) --a;  // whole characters only
  while (b < c.size() && (static_cast<unsigned char>(c[b]) & 0xC0) == 0x80) ++b;
  return c.substr(0, a) + "..." + c.substr(b);
}

/// printable(s) in single quotes.
inline std::string quoted(std::string_view s) { return "'" + printable(s) + "'"; }

/// `v` with `significant` significant digits, as printf's %g (4: "0.5", "13", "1.062", "1e+04").
inline std::string general(double v, int significant = 4) {
  char b[64];
  std::snprintf(b, sizeof b, "%.*g", significant, v);
  return b;
}

/// `v` in the shortest text that reads back as exactly `v` ("13.0001", "1e-09", "0.1"): a refused value as given.
inline std::string shortest(double v) {
  char b[64];
  const auto r = std::to_chars(b, b + sizeof b, v);
  return std::string(b, r.ptr);
}

/// `v` with exactly `decimals` decimals, as printf's %f, except that a value that rounds to zero has no sign
/// ("0.0", not "-0.0").
inline std::string decimals(double v, int decimals) {
  char b[400];
  std::snprintf(b, sizeof b, "%.*f", decimals, v);
  if (b[0] == '-' && std::strspn(b + 1, "0.") == std::strlen(b + 1)) return b + 1;
  return b;
}

/// "(x, y, z)" of a point or direction `v` (anything with x(), y(), z()), each with `d` decimals.
template <class V>
std::string point(const V& v, int d) {
  return "(" + decimals(v.x(), d) + ", " + decimals(v.y(), d) + ", " + decimals(v.z(), d) + ")";
}

/// "1 vertex", "2 vertices": n with the singular or plural noun.
inline std::string count_of(long long n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 || n == -1 ? one : many);
}

/// `word` after its indefinite article: "an ibug68", "an OBJ file", "a mediapipe468", "a mesh file". By the first
/// letter (a, e, i, o: "an"), which suits the words messages insert (set names, file kinds, formats).
inline std::string with_article(std::string_view word) {
  const char c = word.empty() ? 'x' : static_cast<char>(word.front() | 0x20);
  return std::string(c == 'a' || c == 'e' || c == 'i' || c == 'o' ? "an " : "a ") + std::string(word);
}

/// "a, b, c and 4 more": up to `shown` items, then how many more.
inline std::string list(const std::vector<std::string>& items, size_t shown = 6) {
  std::string s;
  for (size_t i = 0; i < items.size() && i < shown; ++i) s += (i == 0 ? "" : ", ") + items[i];
  if (items.size() > shown) s += " and " + std::to_string(items.size() - shown) + " more";
  return s;
}

/// "a, b, c": every item, comma-separated.
inline std::string joined(const std::vector<std::string>& items, std::string_view sep = ", ") {
  std::string s;
  for (size_t i = 0; i < items.size(); ++i) s += (i == 0 ? "" : std::string(sep)) + items[i];
  return s;
}

}  // namespace mesogrid::text

// mesogrid/core/text.hpp: the small text helpers the library shares: trimming, lower case, the UTF-8 byte
// order mark, user text shown safely in a one-line message, numbers and counts in messages. Locale-free.
// No units.
#pragma once
#include <cstdio>
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

/// User text for a one-line message: control characters shown as '?', cut after 40 bytes ("...").
inline std::string printable(std::string_view s) {
  std::string r;
  for (char c : s.substr(0, 40)) r += (static_cast<unsigned char>(c) < 32 || c == 127) ? '?' : c;
  if (s.size() > 40) r += "...";
  return r;
}

/// printable(s) in single quotes.
inline std::string quoted(std::string_view s) { return "'" + printable(s) + "'"; }

/// `v` with `significant` significant digits, as printf's %g (4: "0.5", "13", "1.062", "1e+04").
inline std::string general(double v, int significant = 4) {
  char b[64];
  std::snprintf(b, sizeof b, "%.*g", significant, v);
  return b;
}

/// `v` with exactly `decimals` decimals, as printf's %f.
inline std::string decimals(double v, int decimals) {
  char b[400];
  std::snprintf(b, sizeof b, "%.*f", decimals, v);
  return b;
}

/// "1 vertex", "2 vertices": n with the singular or plural noun.
inline std::string count_of(long long n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 || n == -1 ? one : many);
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

// src/suggest.cpp: see suggest.hpp.
#include "suggest.hpp"

#include <algorithm>
#include <mesogrid/core/text.hpp>

namespace mesogrid::cli {

namespace {

char fold(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

size_t edit_distance(std::string_view a, std::string_view b) {
  const size_t n = a.size(), m = b.size();
  // Three rows of the dynamic programme: i-2, i-1, i.
  std::vector<size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (size_t j = 0; j <= m; ++j) prev[j] = j;
  for (size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= m; ++j) {
      const size_t cost = fold(a[i - 1]) == fold(b[j - 1]) ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && fold(a[i - 1]) == fold(b[j - 2]) && fold(a[i - 2]) == fold(b[j - 1]))
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[m];
}

std::string nearest_name(std::string_view typed, const std::vector<std::string>& known) {
  if (typed.empty()) return "";
  const size_t len = typed.size();
  const size_t limit = len <= 4 ? 1 : len <= 8 ? 2 : 3;
  std::string best;
  size_t best_d = limit + 1;
  for (const auto& k : known) {
    const size_t d = edit_distance(typed, k);
    if (d < best_d) {
      best_d = d;
      best = k;
    }
  }
  if (!best.empty()) return best;
  if (len < 3) return "";
  std::string prefix_of;
  int count = 0;
  for (const auto& k : known)
    if (k.size() > len && text::lower(k.substr(0, len)) == text::lower(typed)) {
      prefix_of = k;
      ++count;
    }
  return count == 1 ? prefix_of : "";
}

std::string did_you_mean(std::string_view typed, const std::vector<std::string>& known) {
  const std::string n = nearest_name(typed, known);
  return n.empty() ? "" : " (did you mean '" + n + "'?)";
}

std::string match_name(std::string_view typed, const std::vector<std::string>& known, bool dash_alike) {
  auto key = [&](std::string_view s) {
    std::string k = text::lower(s);
    if (dash_alike)
      for (auto& c : k)
        if (c == '_') c = '-';
    return k;
  };
  for (const auto& k : known)  // an exact match first: names that differ only by case stay apart
    if (k == typed) return k;
  const std::string t = key(typed);
  for (const auto& k : known)
    if (key(k) == t) return k;
  return "";
}

std::string or_list(const std::vector<std::string>& names) {
  std::string s;
  for (size_t i = 0; i < names.size(); ++i) s += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
  return s;
}

}  // namespace mesogrid::cli

// src/suggest.hpp: "did you mean" for names the user typed (flags, commands, regions, techniques, formats):
// the nearest known name by edit distance (optimal string alignment: insertions, deletions, substitutions and
// swaps of two neighbours each count 1; letter case ignored), and the case rule for names.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace mesogrid::cli {

/// Edit distance between `a` and `b`, case-insensitive (optimal string alignment).
size_t edit_distance(std::string_view a, std::string_view b);

/// The known name nearest to `typed`, or "" when none is near enough: at most 1 edit for names of up to 4
/// characters, 2 up to 8, else 3; or `typed` is the start of exactly one name (at least 3 characters). A tie
/// between two names at the same distance gives the first in `known` order.
std::string nearest_name(std::string_view typed, const std::vector<std::string>& known);

/// " (did you mean 'x'?)" for nearest_name, or "" when there is none.
std::string did_you_mean(std::string_view typed, const std::vector<std::string>& known);

/// The name of `known` equal to `typed` ignoring letter case ('_' and '-' alike when `dash_alike`), or "".
/// Every name the tool takes (formats, regions, techniques, lattices, views, ...) is matched this way.
std::string match_name(std::string_view typed, const std::vector<std::string>& known, bool dash_alike = false);

/// "a, b or c".
std::string or_list(const std::vector<std::string>& names);

}  // namespace mesogrid::cli

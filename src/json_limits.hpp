// src/json_limits.hpp: a first pass over a JSON text (landmark files, JSON Lines manifest rows) before nlohmann
// builds its document: a key given twice in one object, nesting, keys per object and items per array beyond what
// such a file holds are found in one linear pass, in bounded memory. nlohmann's document of a hostile text costs
// up to 75 bytes a byte (deep nesting), its ordered objects look each key up in a list (400k keys: minutes) and its
// parser with a callback looks through the parent array at every object's end: neither runs on such a text.
#pragma once
#include <nlohmann/json.hpp>

#include <cstddef>
#include <set>
#include <string>
#include <vector>

namespace mesogrid::cli {

/// What a JSON text may hold (a landmark file: "points" with a few hundred names; a manifest row: a few dozen
/// columns).
struct JsonLimits {
  std::size_t depth = 32, keys = 10000, items = 100000;
};

/// What the first pass found: the first key given twice in one object, or the first thing beyond the limits, in
/// words (both empty when none, and for a text that is not valid JSON: the caller's parse then says where).
struct JsonCheck {
  std::string repeated_key, beyond;
};

inline JsonCheck check_json(const std::string& text, const JsonLimits& limits) {
  struct Pass : nlohmann::json_sax<nlohmann::json> {
    JsonLimits lim;
    std::string found, repeated;
    std::vector<std::set<std::string>> keys;  // per open object: its keys so far
    std::vector<std::size_t> items;           // per open array: its items so far
    std::vector<bool> is_array;               // per open container
    bool value() {                            // a value in the innermost container
      if (!is_array.empty() && is_array.back() && ++items.back() > lim.items)
        found = "an array holds more than " + std::to_string(lim.items) + " items";
      return found.empty();
    }
    bool open(bool array) {
      if (!value()) return false;
      if (is_array.size() >= lim.depth) {
        found = "it is nested deeper than " + std::to_string(lim.depth) + " levels";
        return false;
      }
      is_array.push_back(array);
      if (array)
        items.push_back(0);
      else
        keys.emplace_back();
      return true;
    }
    bool close() {
      if (is_array.back())
        items.pop_back();
      else
        keys.pop_back();
      is_array.pop_back();
      return true;
    }
    bool null() override { return value(); }
    bool boolean(bool) override { return value(); }
    bool number_integer(number_integer_t) override { return value(); }
    bool number_unsigned(number_unsigned_t) override { return value(); }
    bool number_float(number_float_t, const string_t&) override { return value(); }
    bool string(string_t&) override { return value(); }
    bool binary(binary_t&) override { return value(); }
    bool start_object(std::size_t) override { return open(false); }
    bool end_object() override { return close(); }
    bool start_array(std::size_t) override { return open(true); }
    bool end_array() override { return close(); }
    bool key(string_t& k) override {
      if (keys.back().size() >= lim.keys)
        found = "an object has more than " + std::to_string(lim.keys) + " keys";
      else if (!keys.back().insert(k).second)
        repeated = k;
      return found.empty() && repeated.empty();
    }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }
  } pass;
  pass.lim = limits;
  nlohmann::json::sax_parse(text, &pass);
  return {pass.repeated, pass.found};
}

}  // namespace mesogrid::cli

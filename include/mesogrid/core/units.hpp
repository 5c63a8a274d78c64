// mesogrid/core/units.hpp: quantities typed by a user, with their units: lengths to mm, volumes to mL,
// angles to degrees, rates to sites per minute, and counts. Standard library only, locale-free
// (std::from_chars), so the tool, library users and the fuzzers share one parser.
// Every parser takes the name of the value (a tool passes its flag, "--spacing"; a library user what the
// value is, "spacing") and throws usage_error with a one-line message naming it, the text and what to type
// instead. Empty text, NaN, infinities, trailing garbage and negative values are always refused.
// A decimal comma is read as a decimal point ("0,5cm" = 0.5 cm, as typed on European keyboards), except where it
// could be a thousands separator ("1,500": refused, naming both readings).
#pragma once
#include <charconv>
#include <cmath>
#include <string>
#include <string_view>
#include <system_error>

#include "error.hpp"
#include "text.hpp"

namespace mesogrid {

namespace units_detail {

/// "NAME 'text'" for a message.
inline std::string quoted(std::string_view name, std::string_view text) {
  return std::string(name) + " " + text::quoted(text);
}

/// A number followed by an optional unit suffix (spaces allowed between them).
struct Quantity {
  double value = 0;
  std::string unit;  ///< lower-cased, trimmed; empty when absent
};

/// `s` with its decimal comma made a point: one comma between digits, in a number without a point. A comma
/// followed by exactly three digits after one to three digits (not starting with 0) could be a thousands separator
/// as well: refused, naming both readings.
inline std::string decimal_point(std::string_view s, std::string_view name, std::string_view text) {
  const size_t comma = s.find(',');
  if (comma == std::string_view::npos) return std::string(s);
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  size_t int_start = comma;
  while (int_start > 0 && digit(s[int_start - 1])) --int_start;
  size_t frac_end = comma + 1;
  while (frac_end < s.size() && digit(s[frac_end])) ++frac_end;
  const std::string_view number = s.substr(0, frac_end);
  if (number.find('.') != std::string_view::npos || s.find(',', comma + 1) != std::string_view::npos ||
      int_start == comma || frac_end == comma + 1)
    return std::string(s);  // not a decimal comma: the number parser names the problem
  const size_t int_digits = comma - int_start, frac_digits = frac_end - comma - 1;
  if (frac_digits == 3 && int_digits <= 3 && s[int_start] != '0') {
    const std::string as_point = std::string(s.substr(0, comma)) + "." + std::string(s.substr(comma + 1, 3));
    const std::string as_thousands = std::string(s.substr(0, comma)) + std::string(s.substr(comma + 1, 3));
    throw usage_error(quoted(name, text) + " is ambiguous: the comma may be a decimal point (" + as_point +
                      ") or a thousands separator (" + as_thousands + "): write " + as_point + " or " + as_thousands);
  }
  std::string r(s);
  r[comma] = '.';
  return r;
}

/// Splits `text` into number and unit. `kind` and `example` only shape the error message.
inline Quantity split(std::string_view text, std::string_view name, std::string_view kind, std::string_view example) {
  const std::string pointed = decimal_point(text::trim(text), name, text);
  const std::string_view s = pointed;
  if (s.empty())
    throw usage_error(std::string(name) + " is empty: give " + std::string(kind) + ", e.g. " + std::string(example));
  std::string_view num = s;
  if (num.front() == '+') num.remove_prefix(1);  // from_chars does not take a leading '+'
  Quantity q;
  const char* first = num.data();
  const char* last = num.data() + num.size();
  const auto [end, ec] = std::from_chars(first, last, q.value, std::chars_format::general);
  if (ec == std::errc::result_out_of_range)
    throw usage_error(quoted(name, text) + " is out of range: give " + std::string(kind) + ", e.g. " +
                      std::string(example));
  if (ec != std::errc() || end == first)
    throw usage_error(quoted(name, text) + " is not " + std::string(kind) +
                      ": give a number with an optional unit, e.g. " + std::string(example));
  if (!std::isfinite(q.value))
    throw usage_error(quoted(name, text) + " is not a finite number: give " + std::string(kind) + ", e.g. " +
                      std::string(example));
  q.value += 0.0;  // -0 becomes +0
  q.unit = text::lower(text::trim(std::string_view(end, static_cast<size_t>(last - end))));
  if (q.value < 0)
    throw usage_error(quoted(name, text) + " is negative: give " + std::string(kind) + " >= 0, e.g. " +
                      std::string(example));
  return q;
}

[[noreturn]] inline void bad_unit(std::string_view name, std::string_view text, const std::string& unit,
                                  std::string_view allowed, std::string_view example) {
  throw usage_error(quoted(name, text) + " has an unknown unit " + text::quoted(unit) + ": use " +
                    std::string(allowed) + ", e.g. " + std::string(example));
}

/// value * factor, refused when the product overflows to infinity (e.g. "1e308m").
inline double scaled(double value, double factor, std::string_view name, std::string_view text, std::string_view kind,
                     std::string_view example) {
  const double r = value * factor;
  if (!std::isfinite(r))
    throw usage_error(quoted(name, text) + " is out of range: give " + std::string(kind) + ", e.g. " +
                      std::string(example));
  return r;
}

}  // namespace units_detail

/// Length in millimetres: "15", "15mm", "1.5cm", "0.01m", "15 mm", "0.5in". A bare number is mm. Must be >= 0.
inline double parse_length_mm(std::string_view text, std::string_view name) {
  constexpr std::string_view ex = "15, 15mm, 1.5cm or 0.01m";
  const auto q = units_detail::split(text, name, "a length", ex);
  if (q.unit.empty() || q.unit == "mm") return q.value;
  if (q.unit == "cm") return units_detail::scaled(q.value, 10, name, text, "a length", ex);
  if (q.unit == "m") return units_detail::scaled(q.value, 1000, name, text, "a length", ex);
  if (q.unit == "in") return units_detail::scaled(q.value, 25.4, name, text, "a length", ex);
  units_detail::bad_unit(name, text, q.unit, "mm, cm, m or in (no unit = mm)", ex);
}

/// Volume in millilitres: "0.03", "0.03ml", "0.03mL", "0.03cc", "30ul", "30µl", "30μl". A bare number is mL.
/// Must be >= 0 (zero is left to the caller's range check).
inline double parse_volume_ml(std::string_view text, std::string_view name) {
  constexpr std::string_view ex = "0.03, 0.03ml, 0.03cc or 30ul";
  const auto q = units_detail::split(text, name, "a volume", ex);
  const std::string& u = q.unit;
  if (u.empty() || u == "ml" || u == "cc" || u == "cm3") return q.value;
  // "ul", micro sign U+00B5 + "l", Greek small mu U+03BC + "l" (UTF-8)
  if (u == "ul" || u == "\xC2\xB5l" || u == "\xCE\xBCl") return q.value / 1000;
  units_detail::bad_unit(name, text, u, "ml, cc or ul (no unit = mL)", ex);
}

/// Angle in degrees: "45", "45deg", "45°", "45 degrees". Must be >= 0.
inline double parse_angle_deg(std::string_view text, std::string_view name) {
  constexpr std::string_view ex = "45 or 45deg";
  const auto q = units_detail::split(text, name, "an angle", ex);
  const std::string& u = q.unit;
  if (u.empty() || u == "deg" || u == "degree" || u == "degrees" || u == "\xC2\xB0") return q.value;
  units_detail::bad_unit(name, text, u, "deg (no unit = degrees)", ex);
}

/// Rate in sites per minute: "30", "30/min". Must be > 0.
inline double parse_rate_per_min(std::string_view text, std::string_view name) {
  constexpr std::string_view ex = "30 or 30/min";
  const auto q = units_detail::split(text, name, "a rate in sites per minute", ex);
  if (!(q.unit.empty() || q.unit == "/min"))
    units_detail::bad_unit(name, text, q.unit, "/min (no unit = per minute)", ex);
  if (!(q.value > 0))
    throw usage_error(units_detail::quoted(name, text) + " must be more than 0 sites per minute, e.g. " +
                      std::string(ex));
  return q.value;
}

/// A positive whole number ("100000"); no sign, no exponent, no fraction. `hint` is what the message asks for
/// instead ("give <hint>"): what the count counts and a sensible value, e.g. "a number of sites, e.g. 100000".
inline long parse_count(std::string_view text, std::string_view name, std::string_view hint = "e.g. 1000") {
  const std::string_view s = text::trim(text);
  long v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || v < 1)
    throw usage_error(units_detail::quoted(name, text) + " is not a whole number >= 1: give " + std::string(hint));
  return v;
}

}  // namespace mesogrid

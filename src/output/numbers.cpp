// src/output/numbers.cpp: see numbers.hpp.
#include "numbers.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdint>

#ifndef MESOGRID_VERSION
#define MESOGRID_VERSION "unknown"
#endif

namespace mesogrid::cli {

const char* version() { return MESOGRID_VERSION; }

const char* const disclaimer =
    "mesogrid is a planning and teaching aid, not a substitute for clinical judgement: check every site on the "
    "patient.";

namespace {

/// Appends v with exactly `decimals` decimals, correctly rounded with ties to even, the text fmt's
/// "{:.Nf}" gives, but about 20 times faster than fmt 9 (a CSV of 10,000 sites has 160,000 numbers).
/// |v| = M / 2^s exactly (M the 53-bit significand), so v * 10^d = M * 10^d / 2^s: the quotient and the
/// remainder of that integer division decide the rounding with no error. Returns false (nothing
/// appended) outside |v| < 1e9 and 0 <= decimals <= 9, where the quotient fits 64 bits.
bool append_fixed_exact(std::string& out, double v, int decimals) {
  if (!(std::fabs(v) < 1e9) || decimals < 0 || decimals > 9) return false;  // also NaN
  __extension__ typedef unsigned __int128 u128;
  static constexpr std::uint64_t pow10[10] = {1,      10,      100,      1000,      10000,
                                              100000, 1000000, 10000000, 100000000, 1000000000};
  int e = 0;
  const double m = std::frexp(std::fabs(v), &e);  // |v| = m * 2^e, m in [0.5, 1) (0 for v == 0)
  const auto M = static_cast<std::uint64_t>(std::ldexp(m, 53));
  const int s = 53 - e;                                        // > 23 since |v| < 1e9 < 2^30
  const u128 scaled = static_cast<u128>(M) * pow10[decimals];  // < 2^83
  std::uint64_t q = 0;
  if (s < 100) {  // else v * 10^d < 2^-17: rounds to 0
    q = static_cast<std::uint64_t>(scaled >> s);
    const u128 rem = scaled & ((static_cast<u128>(1) << s) - 1), half = static_cast<u128>(1) << (s - 1);
    if (rem > half || (rem == half && (q & 1))) ++q;
  }
  if (v < 0 && q != 0) out += '-';  // never "-0.000"
  char buf[24];
  const std::uint64_t p = pow10[decimals];
  char* end = std::to_chars(buf, buf + sizeof buf, q / p).ptr;
  out.append(buf, end);
  if (decimals > 0) {
    out += '.';
    std::uint64_t frac = q % p;
    char digits[9];
    for (int k = decimals - 1; k >= 0; --k, frac /= 10) digits[k] = static_cast<char>('0' + frac % 10);
    out.append(digits, static_cast<std::size_t>(decimals));
  }
  return true;
}

}  // namespace

void append_fixed(std::string& out, double v, int decimals) {
  if (append_fixed_exact(out, v, decimals)) return;
  std::string s = fmt::format("{:.{}f}", v, decimals);  // fmt ignores the locale unless asked ('L')
  if (s.front() == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
  out += s;
}

std::string fixed(double v, int decimals) {
  std::string s;
  append_fixed(s, v, decimals);
  return s;
}

std::string fixed_range(double lo, double hi, int decimals) {
  const std::string a = fixed(lo, decimals), b = fixed(hi, decimals);
  return a == b ? a : a + "-" + b;
}

double rounded(double v, int decimals) {
  const std::string s = fixed(v, decimals);
  double r = 0;
  std::from_chars(s.data(), s.data() + s.size(), r);
  return r;
}

std::string axis_name(const Eigen::Vector3d& a) {
  static const char* names[] = {"x", "y", "z"};
  for (int i = 0; i < 3; ++i)
    if (std::abs(std::abs(a[i]) - 1) < 1e-12 && a.squaredNorm() < 1 + 1e-9)
      return std::string(a[i] > 0 ? "+" : "-") + names[i];
  return fmt::format("({}, {}, {})", fixed(a.x(), 5), fixed(a.y(), 5), fixed(a.z(), 5));
}

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + '"';
}

}  // namespace mesogrid::cli

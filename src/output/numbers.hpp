// src/output/numbers.hpp: numbers and names as every output of the tool writes them: fixed decimals with '.' and
// never "-0" (the same text in CSV, tables and maps), JSON numbers that match that text, axis names, CSV quoting,
// the version and the disclaimer. Byte-stable: no locale.
#pragma once
#include <Eigen/Core>
#include <string>
#include <string_view>

namespace mesogrid::cli {

/// The version printed by --version and in JSON output.
const char* version();

/// One-line disclaimer printed with plans and technique lists.
extern const char* const disclaimer;

/// Decimals used by every format (CSV, JSON, table, maps).
namespace decimals {
inline constexpr int position = 3, unit_vector = 5, angle = 1, depth = 2, volume = 5, area = 2, minutes = 1,
                     seconds = 2;
}

/// `v` with exactly `decimals` decimals, '.' as separator, never "-0.00".
std::string fixed(double v, int decimals);
/// "lo-hi" with `decimals` decimals, or one number when both read the same ("0.62", not "0.62-0.62").
std::string fixed_range(double lo, double hi, int decimals);
/// Appends fixed(v, decimals) to `out` (no temporary string: the CSV writer's inner loop).
void append_fixed(std::string& out, double v, int decimals);
/// The double whose shortest form is fixed(v, decimals): JSON numbers match the CSV text.
double rounded(double v, int decimals);
/// "+x", "-y", ... for an axis-aligned unit vector (else "(x, y, z)").
std::string axis_name(const Eigen::Vector3d& a);
/// `s` as a CSV field: RFC 4180 quoting when needed.
std::string csv_field(std::string_view s);

}  // namespace mesogrid::cli

// fuzz/fuzz_units.cpp: the value parsers of core/units.hpp (lengths, volumes, angles, rates, counts)
// and units_from_name of io/types.hpp. Errors must be usage_error (exit 1) with a one-line message; results
// must be finite and >= 0.
#include <cmath>
#include <cstdlib>
#include <mesogrid/core/units.hpp>
#include <mesogrid/io/types.hpp>

#include "fuzz_common.hpp"

namespace {
template <class F>
void run(F&& f) {
  try {
    f();
  } catch (const mesogrid::Error& e) {
    fuzz::check_message(e, mesogrid::ErrorKind::usage);
  }
}
void must_be_finite(double v) {
  if (!std::isfinite(v) || v < 0) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* d, std::size_t n) {
  const std::string_view s(reinterpret_cast<const char*>(d), n);
  run([&] { must_be_finite(mesogrid::parse_length_mm(s, "spacing")); });
  run([&] { must_be_finite(mesogrid::parse_volume_ml(s, "volume")); });
  run([&] { must_be_finite(mesogrid::parse_angle_deg(s, "angle")); });
  run([&] { must_be_finite(mesogrid::parse_rate_per_min(s, "injector_rate")); });
  run([&] {
    if (mesogrid::parse_count(s, "max_sites") < 1) std::abort();
  });
  run([&] { (void)mesogrid::units_from_name(s); });
  return 0;
}

// fuzz/fuzz_off.cpp: OFF parser + finish pass.
#include "fuzz_common.hpp"
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* d, std::size_t n) {
  fuzz::parse_and_finish({reinterpret_cast<const char*>(d), n}, "fuzz.off", mesogrid::detail::parse_off);
  return 0;
}

// fuzz/fuzz_stl_ascii.cpp: ascii STL parser + finish pass.
#include "fuzz_common.hpp"
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* d, std::size_t n) {
  fuzz::parse_and_finish({reinterpret_cast<const char*>(d), n}, "fuzz.stl", mesogrid::detail::parse_stl_ascii);
  return 0;
}

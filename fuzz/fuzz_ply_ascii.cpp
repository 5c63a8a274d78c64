// fuzz/fuzz_ply_ascii.cpp: PLY parser (header + ascii body) + finish pass. Seeds are ascii PLY files;
// the whole input, header included, is mutated.
#include "fuzz_common.hpp"
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* d, std::size_t n) {
  fuzz::parse_and_finish({reinterpret_cast<const char*>(d), n}, "fuzz.ply", mesogrid::detail::parse_ply);
  return 0;
}

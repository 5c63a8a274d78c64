// fuzz/fuzz_obj.cpp: OBJ parser + finish pass.
#include "fuzz_common.hpp"
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* d, std::size_t n) {
  fuzz::parse_and_finish({reinterpret_cast<const char*>(d), n}, "fuzz.obj", mesogrid::detail::parse_obj);
  return 0;
}

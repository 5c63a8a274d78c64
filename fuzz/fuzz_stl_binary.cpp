// fuzz/fuzz_stl_binary.cpp: binary STL through read_mesh_buffer (name "fuzz.stl", so content that is
// neither text nor PLY goes to the binary STL reader, including truncated and oversized counts).
// The first input byte chooses whether the triangle count at byte 80 is rewritten to match the size,
// so most inputs reach the triangle loop and the finish pass.
#include <cstring>
#include <string>

#include "fuzz_common.hpp"
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* d, std::size_t n) {
  if (n < 1) return 0;
  std::string b(reinterpret_cast<const char*>(d) + 1, n - 1);
  if ((d[0] & 1) && b.size() >= 84) {
    const std::uint32_t c = static_cast<std::uint32_t>((b.size() - 84) / 50);
    std::memcpy(&b[80], &c, 4);
    b.resize(84 + 50ull * c);
  }
  try {
    mesogrid::LoadReport rep;
    mesogrid::read_mesh_buffer(b, "fuzz.stl", {}, &rep);
  } catch (const mesogrid::Error& e) {
    fuzz::check_message(e, mesogrid::ErrorKind::input);
  }
  return 0;
}

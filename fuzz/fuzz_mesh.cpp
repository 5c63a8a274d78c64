// fuzz/fuzz_mesh.cpp: read_mesh_buffer, i.e. format detection by content (BOM, text vs binary, magic
// words, STL size rule, extension hint) and every parser behind it. Byte 0 picks the display name
// (extension hint).
#include "fuzz_common.hpp"
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* d, std::size_t n) {
  if (n < 1) return 0;
  static const char* const names[] = {"f.obj", "f.ply", "f.stl", "f.off", "f", "f.STL"};
  try {
    mesogrid::LoadReport rep;
    mesogrid::read_mesh_buffer({reinterpret_cast<const char*>(d) + 1, n - 1}, names[d[0] % 6], {}, &rep);
  } catch (const mesogrid::Error& e) {
    fuzz::check_message(e, mesogrid::ErrorKind::input);
  }
  return 0;
}

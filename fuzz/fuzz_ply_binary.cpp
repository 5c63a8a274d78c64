// fuzz/fuzz_ply_binary.cpp: binary PLY bodies. The first byte picks one of a few fixed binary headers
// (little/big endian, float/double/short coordinates, uchar/int/uint list counts, labels, extra
// elements before and after); the rest of the input is the body after end_header, with the element
// counts taken from bytes 1-4. Inputs that start with "ply" are passed whole instead (header fuzzing).
#include <cstring>
#include <string>

#include "fuzz_common.hpp"

namespace {
const char* const headers[] = {
    "format binary_little_endian 1.0\nelement vertex %V\nproperty float x\nproperty float y\nproperty float z\n"
    "element face %F\nproperty list uchar int vertex_indices\nend_header\n",
    "format binary_big_endian 1.0\nelement vertex %V\nproperty double x\nproperty double y\nproperty double z\n"
    "element face %F\nproperty list uchar uint vertex_indices\nproperty int label\nend_header\n",
    "format binary_little_endian 1.0\ncomment label 1 cheek\nelement extra 2\nproperty list int uchar junk\n"
    "element vertex %V\nproperty uchar red\nproperty short z\nproperty short y\nproperty short x\n"
    "element face %F\nproperty int label\nproperty list int int vertex_indices\nend_header\n",
    "format binary_big_endian 1.0\nelement face %F\nproperty list ushort ushort vertex_index\n"
    "element vertex %V\nproperty float x\nproperty float y\nproperty float z\nproperty double nx\n"
    "element tail 3\nproperty float t\nend_header\n",
};
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* d, std::size_t n) {
  std::string b;
  if (n >= 3 && std::memcmp(d, "ply", 3) == 0) {
    b.assign(reinterpret_cast<const char*>(d), n);
  } else {
    if (n < 5) return 0;
    std::string h = headers[d[0] % (sizeof headers / sizeof headers[0])];
    const unsigned nv = d[1] | (d[2] << 8), nf = d[3] | (d[4] << 8);
    h.replace(h.find("%V"), 2, std::to_string(nv));
    h.replace(h.find("%F"), 2, std::to_string(nf));
    b = "ply\n" + h;
    b.append(reinterpret_cast<const char*>(d) + 5, n - 5);
  }
  fuzz::parse_and_finish(b, "fuzz.ply", mesogrid::detail::parse_ply);
  return 0;
}

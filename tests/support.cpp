// tests/support.cpp: the helpers of support.hpp that are compiled once for every test executable.
#include "support.hpp"

#include <mesogrid/face/anatomy.hpp>
#include <mesogrid/face/builtin_face.hpp>
#include <mesogrid/io/read_mesh.hpp>

namespace mesogrid::test {

const Mesh& builtin_face_mm(std::vector<int>* mirror) {
  static std::vector<int> mir;
  static const Mesh m = [] {
    LoadOptions lo;
    lo.units = Units::cm;
    return anatomical_face(read_mesh_buffer(builtin_face_obj(), "built-in face", lo), 2, &mir);
  }();
  if (mirror) *mirror = mir;
  return m;
}

}  // namespace mesogrid::test

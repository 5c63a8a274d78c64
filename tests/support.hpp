// tests/support.hpp: helpers shared by the unit tests (not part of the library).
#pragma once
#include <mesogrid/anatomy.hpp>
#include <mesogrid/builtin_face.hpp>
#include <mesogrid/error.hpp>
#include <mesogrid/io.hpp>
#include <string>
#include <vector>

namespace mesogrid::test {

/// The built-in face as the CLI plans on it (mm, mirror-exact, Loop-refined twice, labelled), made once.
/// With `mirror`, the mirror image of every vertex (anatomical_face's map).
inline const Mesh& builtin_face_mm(std::vector<int>* mirror = nullptr) {
  static std::vector<int> mir;
  static const Mesh m = [] {
    LoadOptions lo;
    lo.units = Units::cm;
    return anatomical_face(read_mesh_buffer(builtin_face_obj(), "built-in face", lo), 2, &mir);
  }();
  if (mirror) *mirror = mir;
  return m;
}

/// The message of the Error `f` throws ("(no error)" when it throws none), and its code in *code.
template <class F>
std::string error_of(F&& f, int* code = nullptr) {
  try {
    f();
  } catch (const Error& e) {
    if (code) *code = e.code;
    return e.what();
  }
  return "(no error)";
}

}  // namespace mesogrid::test

// Tests of face/builtin_face.hpp: the embedded text is data/mediapipe_canonical_face.obj byte for byte (the
// generator's freshness is cli_builtin_header_fresh) and reads as the 468-vertex, 898-triangle face.
#include <doctest/doctest.h>

#include <fstream>
#include <mesogrid/face/builtin_face.hpp>
#include <mesogrid/io/read_mesh.hpp>
#include <sstream>

#include "../support.hpp"

using namespace mesogrid;

TEST_CASE("the built-in face is the canonical OBJ, read in cm") {
  std::ifstream in(MESOGRID_TEST_DATA "/../../data/mediapipe_canonical_face.obj", std::ios::binary);
  REQUIRE(in);
  std::ostringstream file;
  file << in.rdbuf();
  CHECK(builtin_face_obj() == file.str());
  LoadOptions lo;
  lo.units = Units::cm;
  const Mesh face = read_mesh_buffer(builtin_face_obj(), "built-in face", lo);
  CHECK(face.num_vertices() == 468);
  CHECK(face.num_faces() == 898);
}

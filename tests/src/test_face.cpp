// Tests of src/face.hpp: the built-in face is built once with its zones and regions; a mesh file keeps its own
// groups and has no zones; the notes of reading it are worded with the flags.
#include <doctest/doctest.h>

#include "face.hpp"

#include "src_support.hpp"

using namespace mesogrid;
using namespace mesogrid::cli;

TEST_CASE("the built-in face: mirror-exact, 27 zones, described regions, cm") {
  const Face f = load_face(FaceSource{});
  CHECK(f.builtin);
  CHECK(f.name == "built-in face");
  CHECK(f.units == "cm");
  CHECK(f.zones.size() == 27);
  CHECK(f.mesh.num_faces() == 14368);
  CHECK_FALSE(f.transfer);
  bool forehead = false;
  for (const RegionInfo& r : face_regions(f))
    if (r.name == "forehead")
      forehead = r.description == "above the brows, between the temporal lines, up to the top of the face";
  CHECK(forehead);
  CHECK(&builtin_anatomical_face() == &builtin_anatomical_face());  // made once
}

TEST_CASE("a mesh file: its own groups, no zones, the units note with the flag") {
  FaceSource s;
  s.path = test::data_dir + "/cli/plane_100mm.obj";
  const Face f = load_face(s);
  CHECK_FALSE(f.builtin);
  CHECK(f.zones.empty());
  CHECK(f.units == "mm");
  bool units_note = false;
  for (const auto& n : f.notes) units_note = units_note || n.find("; use --units to override") != std::string::npos;
  CHECK(units_note);
  s.units_text = "cm";
  s.units = Units::cm;
  s.units_given = true;
  CHECK(load_face(s).units == "cm");
}

TEST_CASE("--units other than cm on the built-in face is a warning, not an error") {
  FaceSource s;
  s.units_text = "mm";
  s.units = Units::mm;
  s.units_given = true;
  const Face f = load_face(s);
  REQUIRE(f.warnings.size() == 1);
  CHECK(f.warnings[0] == "--units mm ignored: the built-in face is in cm (give --mesh FILE for your own scan)");
}

TEST_CASE("a missing mesh is an input error naming it") {
  FaceSource s;
  s.path = test::data_dir + "/no/such.obj";
  ErrorKind kind{};
  CHECK(test::cli_error([&] { load_face(s); }, &kind).find("no/such.obj: no such file") != std::string::npos);
  CHECK(kind == ErrorKind::input);
}

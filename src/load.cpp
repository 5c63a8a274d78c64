// src/load.cpp: see load.hpp.
#include "load.hpp"

#include <fmt/format.h>

#include <exception>
#include <mesogrid/anatomy.hpp>
#include <mesogrid/builtin_face.hpp>
#include <mesogrid/error.hpp>
#include <mesogrid/io.hpp>
#include <new>

namespace mesogrid::cli {

namespace {

Units units_of(const std::string& s) {
  try {
    return parse_units(s);
  } catch (const Error& e) {
    throw Error(e.code, std::string("--units: ") + e.what());
  }
}

}  // namespace

void check_units(const std::string& units) { (void)units_of(units); }

LoadedMesh load_mesh(const MeshSource& src) {
  const Units asked = units_of(src.units);
  LoadOptions opt;
  LoadReport rep;
  LoadedMesh out;
  out.name = src.path.empty() ? builtin_face_name : src.path;
  try {
    if (src.path.empty()) {
      if (src.units_given && asked != Units::automatic && asked != Units::cm)
        out.warnings.push_back("--units " + src.units +
                               " ignored: the built-in face is in cm (give --mesh FILE for your own scan)");
      opt.units = Units::cm;
      // the canonical face, made mirror-exact, Loop-refined twice and labelled (anatomy.hpp)
      out.mesh = anatomical_face(read_mesh_buffer(builtin_face_obj(), builtin_face_name, opt, &rep));
      out.builtin = true;
    } else {
      opt.units = asked;
      out.mesh = read_mesh(src.path, opt, &rep);
    }
  } catch (const Error&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw input_error("out of memory reading '" + out.name + "': the mesh is too large for this machine");
  } catch (const std::exception& e) {
    throw input_error("cannot read '" + out.name + "': " + e.what());
  }
  out.units = std::string(units_name(rep.units));
  out.summary = fmt::format("{}: {}, {} vertices and {} faces read, {} triangles, units {} ({}), x{} to mm",
                            out.name, rep.format, rep.vertices_read, rep.faces_read, rep.triangles, out.units,
                            rep.units_detected ? "detected" : "given", rep.scale_to_mm);
  if (out.builtin)
    out.summary += fmt::format("; anatomical face: 2 Loop steps, {} triangles, {} regions", out.mesh.num_faces(),
                               out.mesh.label_names.size());
  out.notes = std::move(rep.notes);
  return out;
}

}  // namespace mesogrid::cli

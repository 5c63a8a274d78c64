// src/load.cpp: see load.hpp.
#include "load.hpp"

#include <fmt/format.h>

#include <exception>
#include <mesogrid/anatomy.hpp>
#include <mesogrid/builtin_face.hpp>
#include <mesogrid/error.hpp>
#include <mesogrid/io.hpp>
#include <mesogrid/landmarks.hpp>
#include <mesogrid/transfer.hpp>
#include <new>

#include "format.hpp"
#include "landmarks_io.hpp"

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

const Mesh& builtin_anatomical_face() {
  static const Mesh face = [] {
    LoadOptions opt;
    opt.units = Units::cm;
    return anatomical_face(read_mesh_buffer(builtin_face_obj(), builtin_face_name, opt));
  }();
  return face;
}

std::string landmark_group_text(const LandmarkFitReport& r) {
  std::string s;
  for (const auto& g : r.groups)
    s += fmt::format("{}{} {}/{}", s.empty() ? "" : ", ", g.name, fixed(g.rms_similarity_mm, 2),
                     fixed(g.rms_warp_mm, 2));
  return s;
}

namespace {

/// --landmarks: reads the file, scales it to mm, carries the built-in anatomy onto the scan in `out`.
void apply_landmarks(const MeshSource& src, LoadedMesh& out, double mesh_scale_to_mm) {
  const std::optional<LandmarkSet> asked = parse_landmark_set(src.landmark_set);
  LandmarkFile lm = read_landmark_file(src.landmarks, asked);
  const double scale = lm.units.empty() ? mesh_scale_to_mm : unit_scale_mm(lm.units);
  out.landmark_units = lm.units.empty() ? out.units : lm.units;
  out.landmark_units_source = lm.units.empty() ? "the mesh's units" : "declared by the file";
  for (auto& p : lm.point) p *= scale;
  std::vector<std::string> own;
  for (size_t l = 0; l < out.mesh.label_names.size(); ++l) own.push_back(out.mesh.label_names[l]);
  auto t = std::make_shared<ScanTransfer>(transfer_to_scan(out.mesh, builtin_anatomical_face(), lm));
  const LandmarkFitReport& r = t->fit.report;
  out.notes.push_back(fmt::format("landmarks {}: {} {} points, in {} ({})", src.landmarks, r.count,
                                  landmark_set_name(r.set), out.landmark_units, out.landmark_units_source));
  out.notes.push_back(
      fmt::format("landmark fit: scale {} of the built-in face, face width {} mm; RMS mm after similarity/warp: {}; "
                  "limits {} mm (landmark, group), {} mm (off the scan)",
                  fixed(r.scale, 3), fixed(r.face_width_mm, 1), landmark_group_text(r), fixed(r.limit_point_mm, 1),
                  fixed(r.limit_surface_mm, 1)));
  out.notes.push_back(fmt::format(
      "regions and danger zones of the built-in face carried onto the scan: {} of {} triangles ({} of {} cm²); "
      "the rest (ears, scalp, neck, inside the mouth) is left out of plans and region lists",
      r.covered_triangles, r.scan_triangles, fixed(r.covered_area_cm2, 1), fixed(r.scan_area_cm2, 1)));
  const FaceFrame& f = t->fit.frame;
  out.notes.push_back(
      fmt::format("face frame from the landmarks: up {}, front {}", axis_name(f.up), axis_name(f.front)));
  if (!own.empty()) {
    std::string names;
    for (const auto& n : own) names += (names.empty() ? "" : ", ") + n;
    out.notes.push_back("the mesh's own regions (" + names + ") are replaced by the transferred ones");
  }
  out.mesh = t->mesh;
  out.transfer = std::move(t);
}

}  // namespace

LoadedMesh load_mesh(const MeshSource& src) {
  const Units asked = units_of(src.units);
  if (src.path.empty() && !src.landmarks.empty())
    throw usage_error(
        "--landmarks needs --mesh: the built-in face has its regions already; give the scan the landmarks belong to");
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
      out.units = std::string(units_name(rep.units));
      if (!src.landmarks.empty()) apply_landmarks(src, out, rep.scale_to_mm);
    }
  } catch (const Error&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw input_error("out of memory reading '" + out.name + "': the mesh is too large for this machine");
  } catch (const std::exception& e) {
    throw input_error("cannot read '" + out.name + "': " + e.what());
  }
  out.units = std::string(units_name(rep.units));
  out.summary = fmt::format("{}: {}, {} vertices and {} faces read, {} triangles, units {} ({}), x{} to mm", out.name,
                            rep.format, rep.vertices_read, rep.faces_read, rep.triangles, out.units,
                            rep.units_detected ? "detected" : "given", rep.scale_to_mm);
  if (out.builtin)
    out.summary += fmt::format("; anatomical face: 2 Loop steps, {} triangles, {} regions", out.mesh.num_faces(),
                               out.mesh.label_names.size());
  out.notes.insert(out.notes.begin(), rep.notes.begin(), rep.notes.end());
  return out;
}

}  // namespace mesogrid::cli

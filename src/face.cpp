// src/face.cpp: see face.hpp.
#include "face.hpp"

#include <mesogrid/core/text.hpp>

#include "output/write.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <mesogrid/core/text.hpp>
#include <mesogrid/face/anatomy.hpp>
#include <mesogrid/face/builtin_face.hpp>
#include <mesogrid/io/read_mesh.hpp>
#include <new>

#include "errors.hpp"
#include "landmarks_io.hpp"
#include "output/numbers.hpp"

namespace mesogrid::cli {

namespace {

/// The built-in face as read from its embedded OBJ (cm), made anatomical (mirror-exact, Loop-refined, labelled).
Mesh read_builtin_face(LoadReport* report) {
  LoadOptions opt;
  opt.units = Units::cm;
  return anatomical_face(read_mesh_buffer(builtin_face_obj(), builtin_face_name, opt, report));
}

/// Angle between two unit vectors, degrees.
double angle_between_deg(const Eigen::Vector3d& a, const Eigen::Vector3d& b) {
  return std::acos(std::clamp(a.dot(b), -1.0, 1.0)) * 180.0 / pi;
}

/// --landmarks: reads the file, scales it to mm and carries the built-in anatomy onto the scan in `face`.
void apply_landmarks(const FaceSource& src, Face& face, double mesh_scale_to_mm) {
  LandmarkFile lm = read_landmark_file(src.landmarks, src.landmark_set);
  const double scale = lm.units.empty() ? mesh_scale_to_mm : units_scale_mm(*units_from_name(lm.units));
  face.landmark_units = lm.units.empty() ? face.units : lm.units;
  const std::string units_source = lm.units.empty() ? "the mesh's units" : "declared by the file";
  for (auto& p : lm.point) p *= scale;
  const std::vector<std::string> own = face.mesh.label_names;
  auto t = std::make_shared<ScanTransfer>(transfer_to_scan(face.mesh, builtin_anatomical_face(), lm));
  const LandmarkFitReport& r = t->fit.report;
  face.notes.push_back(fmt::format("landmarks {}: {} {} points, in {} ({})", src.landmarks, r.count,
                                   landmark_set_name(r.set), face.landmark_units, units_source));
  std::string groups;
  for (const auto& g : r.groups)
    groups += fmt::format("{}{} {}/{}", groups.empty() ? "" : ", ", g.name, fixed(g.rms_similarity_mm, 2),
                          fixed(g.rms_warp_mm, 2));
  face.notes.push_back(fmt::format(
      "landmark fit: scale {} of the built-in face, face width {} mm; RMS mm after similarity/warp: {}; "
      "limits {} mm (landmark, group), {} mm (off the scan)",
      fixed(r.scale, 3), fixed(r.face_width_mm, 1), groups, fixed(r.limit_point_mm, 1), fixed(r.limit_surface_mm, 1)));
  face.notes.push_back(fmt::format(
      "regions and danger zones of the built-in face carried onto the scan: {} of {} triangles ({} of {} cm²); "
      "the rest (ears, scalp, neck, inside the mouth) is left out of plans and region lists",
      r.covered_triangles, r.scan_triangles, fixed(r.covered_area_cm2, 1), fixed(r.scan_area_cm2, 1)));
  const FaceFrame& f = t->fit.frame;
  face.notes.push_back(
      fmt::format("face frame from the landmarks: up {}, front {}", axis_name(f.up), axis_name(f.front)));
  if (!own.empty())
    face.notes.push_back("the mesh's own regions (" + text::joined(own) + ") are replaced by the transferred ones");
  if (src.axes_given) {
    const double up = angle_between_deg(src.frame.up, f.up), front = angle_between_deg(src.frame.front, f.front);
    if (up > 45 || front > 45)
      face.plan_warnings.push_back("--up/--front ignored: the landmarks put the top of the head " +
                                   text::general(std::round(up)) + " deg and the front " +
                                   text::general(std::round(front)) +
                                   " deg away from them; the plan uses the landmarks' face frame");
  }
  face.mesh = t->mesh;
  face.frame = f;
  face.zones = t->zones;
  face.transfer = std::move(t);
}

}  // namespace

const Mesh& builtin_anatomical_face() {
  static const Mesh face = read_builtin_face(nullptr);
  return face;
}

Face load_face(const FaceSource& src) {
  LoadOptions opt;
  LoadReport rep;
  Face face;
  face.name = src.path.empty() ? builtin_face_name : text::path_shown(src.path);  // shown in messages and outputs
  face.frame = src.frame;
  protect_input(src.path);  // no output of this run may replace what it reads
  protect_input(src.landmarks);
  try {
    if (src.path.empty()) {
      if (src.units_given && src.units != Units::automatic && src.units != Units::cm)
        face.warnings.push_back("--units " + src.units_text +
                                " ignored: the built-in face is in cm (give --mesh FILE for your own scan)");
      face.mesh = read_builtin_face(&rep);
      face.builtin = true;
      face.zones = builtin_zones(face.mesh);
    } else {
      opt.units = src.units;
      face.mesh = read_mesh(src.path, opt, &rep);
      face.units = std::string(units_name(rep.units));
      if (!src.landmarks.empty()) apply_landmarks(src, face, rep.scale_to_mm);
    }
  } catch (const Error&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw input_error("out of memory reading '" + face.name + "': the mesh is too large for this machine");
  } catch (const std::exception& e) {
    throw input_error("cannot read '" + face.name + "': " + e.what());
  }
  face.units = std::string(units_name(rep.units));
  face.summary = fmt::format("{}: {}, {} vertices and {} faces read, {} triangles, units {} ({}), x{} to mm", face.name,
                             rep.format, rep.vertices_read, rep.faces_read, rep.triangles, face.units,
                             rep.units_detected ? "detected" : "given", rep.scale_to_mm);
  if (face.builtin)
    face.summary += fmt::format("; anatomical face: 2 Loop steps, {} triangles, {} regions", face.mesh.num_faces(),
                                face.mesh.label_names.size());
  std::vector<std::string> reader_notes;
  for (const Message& n : rep.notes) reader_notes.push_back(text(n));
  face.notes.insert(face.notes.begin(), reader_notes.begin(), reader_notes.end());
  return face;
}

std::vector<RegionInfo> face_regions(const Face& face) {
  std::vector<RegionInfo> list = list_regions(face.mesh);
  // The anatomical description of a built-in region name, where the name means that region: on the built-in face
  // and on a scan the landmarks carried it onto. A mesh's own groups keep what the mesh says (nothing).
  if (face.builtin || face.transfer)
    for (auto& r : list)
      if (const std::string d = region_description(r.name); !d.empty()) r.description = d;
  if (face.transfer)
    for (auto& r : list)
      if (r.name == "all") r.description = "the part of the scan the built-in face covers (ears, scalp, neck left out)";
  return list;
}

}  // namespace mesogrid::cli

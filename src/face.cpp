// src/face.cpp: see face.hpp.
#include "face.hpp"

#include <mesogrid/core/text.hpp>

#include "output/write.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <mesogrid/core/text.hpp>
#include <mesogrid/face/anatomy.hpp>
#include <mesogrid/face/builtin_face.hpp>
#include <mesogrid/face/region.hpp>
#include <mesogrid/io/read_mesh.hpp>
#include <mesogrid/landmarks/five.hpp>
#include <new>
#include <optional>

#include "errors.hpp"
#include "landmarks/autolandmarks.hpp"
#include "landmarks/face_model.hpp"
#include "landmarks_io.hpp"
#include "output/numbers.hpp"

namespace mesogrid::cli {

namespace {

/// One group over every triangle, named as no region of the built-in face, is an exporter's object name (OBJ
/// `o Mesh`, `g scan`), not a region: such a mesh is taken as one without groups (asked for a face region, its
/// landmarks are found). One named as a face region ("forehead" on a forehead patch) stays that region.
bool one_whole_group(const Mesh& m) {
  return m.label_names.size() == 1 && m.label.size() == m.num_faces() && (m.label.array() == 0).all() &&
         region_labels(builtin_anatomical_face(), text::lower(m.label_names[0])).empty();
}

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

/// A comma-separated list of iBUG-68 numbers with runs joined: "0-3, 13-16".
std::string index_runs(const std::vector<int>& k) {
  std::string s;
  for (size_t i = 0; i < k.size();) {
    size_t j = i;
    while (j + 1 < k.size() && k[j + 1] == k[j] + 1) ++j;
    s += (s.empty() ? "" : ", ") + std::to_string(k[i]) + (j > i ? "-" + std::to_string(k[j]) : "");
    i = j + 1;
  }
  return s;
}

/// An axis name for a unit vector along an axis ("+y"), else its components ("(0.71, 0.00, 0.71)").
std::string direction_text(const Eigen::Vector3d& v) {
  for (int a = 0; a < 3; ++a)
    if (std::abs(std::abs(v[a]) - 1) < 1e-6) return std::string(v[a] > 0 ? "+" : "-") + "xyz"[a];
  return "(" + fixed(v.x(), 2) + ", " + fixed(v.y(), 2) + ", " + fixed(v.z(), 2) + ")";
}

/// Adult outer eye corner distance (mm) that the units decision by a face's size takes as plausible.
bool plausible_eye_width_mm(double w) {
  const TransferLimits lim;
  return w >= lim.eye_width_min_mm && w <= lim.eye_width_max_mm;
}

/// The unit a face's outer eye corners make an adult's, and their distance in it (mm).
struct EyeUnits {
  Units units;
  double eye_width_mm;
};

/// The unit (um, mm, cm, m, in, the first that fits) in which outer eye corners `eye_width_mm` apart as read (at
/// `scale_to_mm`) are an adult's, when as read they are not; nullopt when they are, or are in no unit, or unknown.
std::optional<EyeUnits> units_by_eye_width(double eye_width_mm, double scale_to_mm) {
  if (std::isnan(eye_width_mm) || plausible_eye_width_mm(eye_width_mm)) return std::nullopt;
  const double in_file = eye_width_mm / scale_to_mm;
  for (Units u : {Units::um, Units::mm, Units::cm, Units::m, Units::in})
    if (plausible_eye_width_mm(in_file * units_scale_mm(u))) return EyeUnits{u, in_file * units_scale_mm(u)};
  return std::nullopt;
}

/// The note on units decided by the face found; `as_read` the units the mesh had been read in.
std::string units_by_face_note(const EyeUnits& u, const std::string& as_read) {
  const double k = units_scale_mm(u.units) / units_scale_mm(*units_from_name(as_read));
  return fmt::format(
      "units: {} from the face found (outer eye corners {} mm apart read as {}, {} mm read as {}); use --units to "
      "override",
      units_name(u.units), fixed(u.eye_width_mm, 1), units_name(u.units), fixed(u.eye_width_mm / k, 1), as_read);
}

/// The face search's options for `src`: the scan's texture (nullptr: none) and the view given by --up/--front.
AutoLandmarkOptions detection_options(const FaceSource& src, const ScanTexture* texture) {
  AutoLandmarkOptions opt;
  if (texture) opt.colour = texture->colour;
  opt.axes_given = src.axes_given;
  opt.up = src.frame.up;
  opt.front = src.frame.front;
  return opt;
}

/// --landmarks auto: finds the face on the scan and its 68 iBUG points (dlib), the points as a landmark file
/// in mm. The scan's texture (nullptr: none) is rendered for the detector: it then sees the eyebrows, lips and
/// skin as in a photograph instead of the shading alone. When the units were not given and the face found is
/// implausibly sized in the units decided from the bounding box but plausible in another unit (um, mm, cm, m, in), the
/// mesh is rescaled to that unit: a face's size decides it. Throws plan_error when no face is found; `view`
/// says where a given view (src.axes_given) came from, `what_to_do` replaces the refusal's advice when not empty.
LandmarkFile detect_on_face(const FaceSource& src, Face& face, double& mesh_scale_to_mm, const ScanTexture* texture,
                            const std::string& view = "--up/--front", const std::string& what_to_do = "") {
  if (!dlib_available()) (void)dlib_face_finder().detect(Image{});  // throws: this build lacks dlib
  const AutoLandmarkOptions opt = detection_options(src, texture);
  const auto t0 = std::chrono::steady_clock::now();
  const std::optional<AutoLandmarks> a =
      detect_landmarks(face.mesh, builtin_anatomical_face(), dlib_face_finder(), opt);
  auto det = std::make_shared<DetectedLandmarks>();
  det->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  det->implied = src.auto_implied;
  if (!a) {
    const std::string searched = src.axes_given ? "in the view given by " + view : "in any orientation";
    if (!what_to_do.empty()) throw plan_error("no face found on '" + face.name + "' " + searched + ": " + what_to_do);
    throw plan_error("no face found on '" + face.name + "' " + searched +
                     (src.auto_implied ? " (the mesh has no regions, so its landmarks were looked for)" : "") +
                     ": give the scan's 3D landmarks with --landmarks FILE (CSV: name,x,y,z; see the README's "
                     "\"Plans on your own scan\")" +
                     (src.auto_implied ? ", or plan on the whole mesh with --region all or --landmarks none" : ""));
  }
  det->score = a->score;
  det->view_up = a->up;
  det->view_front = a->front;
  det->found_up = a->found_up;
  det->found_front = a->found_front;
  det->views = a->views;
  det->refinements = a->refinements;
  det->snapped = a->snapped;
  for (int k = 0; k < 68; ++k) (a->placed[static_cast<size_t>(k)] ? det->placed : det->left_out).push_back(k);
  LandmarkFile lm = a->file;
  lm.source = "auto";
  // the face's size decides the units when they were not given
  if (!src.units_given)
    if (const auto u = units_by_eye_width(face_proportions(lm).eye_width_mm, mesh_scale_to_mm)) {
      const double k = units_scale_mm(u->units) / mesh_scale_to_mm;
      face.mesh.V *= k;
      for (auto& p : lm.point) p *= k;
      det->units_note = units_by_face_note(*u, face.units);
      mesh_scale_to_mm = units_scale_mm(u->units);
      face.units = std::string(units_name(u->units));
    }
  face.detected = std::move(det);
  return lm;
}

/// A mesh not searched for landmarks (it has its own regions, or the plan is on the whole mesh: --region all,
/// --landmarks none) has its units from its bounding box alone. The box tells units ten times apart (mm, cm, m), not cm
/// from inches (2.54 apart): a head in inches is read as a small one in cm. Nor does it tell a bust of 30-100 cm in cm
/// (read as mm) from a patch of skin of 30-100 mm. When the mesh would be a whole face or head in a unit less than 3
/// times from the one decided, or in any other unit when it is smaller than a face as decided but turns its skin away
/// from every direction as a head does (turns_like_a_head), the face found on it decides, as on a scan searched for
/// its landmarks: its outer eye corners' distance. The mesh is rescaled when the face puts it in the other unit; the
/// regions stay the mesh's own. Returns the note on the decision (no face found: the units stay as decided, and the
/// note says so).
std::string units_by_face_found(const FaceSource& src, Face& face, double& scale_to_mm, LoadReport& rep,
                                const ScanTexture* texture) {
  const FaceSizeLimits lim;
  const bool small_head = rep.extent_file_units.maxCoeff() * scale_to_mm < lim.height_min_mm &&
                          face.mesh.num_faces() >= lim.triangles_min && turns_like_a_head(face.mesh);
  auto rival = [&](Units u) {
    const double ratio = units_scale_mm(u) / scale_to_mm;
    return u != rep.units && (small_head || (ratio < 3 && ratio > 1.0 / 3));
  };
  const Units all[] = {Units::um, Units::mm, Units::cm, Units::m, Units::in};
  if (std::none_of(std::begin(all), std::end(all), rival)) return {};  // mm, m a face's size or more: no pass
  std::string rivals;
  for (Units u : face_sized_units(face.mesh, scale_to_mm))
    if (rival(u)) rivals += std::string(rivals.empty() ? "" : " or ") + std::string(units_name(u));
  if (rivals.empty() || !dlib_available()) return {};
  const AutoLandmarkOptions opt = detection_options(src, texture);
  const std::optional<AutoLandmarks> a =
      detect_landmarks(face.mesh, builtin_anatomical_face(), dlib_face_finder(), opt);
  const std::string decided(units_name(rep.units));
  const double eye = a ? face_proportions(a->file).eye_width_mm : std::nan("");
  const auto u = units_by_eye_width(eye, scale_to_mm);
  if (!u) {
    if (!a || std::isnan(eye) || !plausible_eye_width_mm(eye)) {
      face.notes.push_back("units: " + decided + " from the bounding box; read as " + rivals +
                           " the mesh would be a whole face or head too, and " +
                           (a ? "the face found on it is not an adult's in either" : "no face was found on it") +
                           " to decide: give --units " + rivals + " if it is");
      return {};
    }
    return fmt::format(
        "units: {} confirmed by the face found (outer eye corners {} mm apart; read as {} the mesh would "
        "be a whole face or head too); use --units to override",
        decided, fixed(eye, 1), rivals);
  }
  face.mesh.V *= units_scale_mm(u->units) / scale_to_mm;
  scale_to_mm = units_scale_mm(u->units);
  rep.units = u->units;
  return units_by_face_note(*u, decided);
}

/// --landmarks FILE of a face detector's 5 points (`file`, read): they must be shaped like a face; they give the
/// view of the search for the 68 iBUG points (unless --up/--front did), and the points found must lie near them.
/// Returns the points found (mm), as --landmarks auto does. Throws input_error naming the file when the points
/// are not a face's or the face found is not theirs.
LandmarkFile detect_guided_by_five(const FaceSource& src, const LandmarkFile& file, Face& face,
                                   double& mesh_scale_to_mm, const ScanTexture* texture) {
  const std::string name = text::path_shown(src.shown_landmarks.empty() ? src.landmarks : src.shown_landmarks);
  const double before = mesh_scale_to_mm;
  const double scale = file.units.empty() ? before : units_scale_mm(*units_from_name(file.units));
  FivePoints p;
  for (size_t k = 0; k < p.size(); ++k) p[k] = file.point[k] * scale;
  if (const std::string why = five_point_shape_problem(p); !why.empty())
    throw input_error(name + ": 5 points, read as a face detector's (" + five_point_list() + "), but " + why +
                      ": give them in that order, or 68 ibug68 or 468 mediapipe468 points, or --landmarks auto "
                      "to find them on the scan");
  const FiveView v = five_point_view(p);
  FaceSource guided = src;
  if (!src.axes_given) {
    guided.axes_given = true;
    guided.frame.up = v.up;
    guided.frame.front = v.front;
  }
  const std::string what_to_do =
      src.axes_given ? "check --up/--front, or drop them: the 5 points give the view"
                     : fmt::format(
                           "check that the 5 points are this scan's, in its frame and units (their view: "
                           "front {}, up {}), or give its 68 or 468 landmarks with --landmarks FILE",
                           direction_text(v.front), direction_text(v.up));
  LandmarkFile lm = detect_on_face(guided, face, mesh_scale_to_mm, texture,
                                   src.axes_given ? "--up/--front" : "the 5 points of " + name, what_to_do);
  if (file.units.empty())  // the face found decided other units for the mesh: the file's are the mesh's
    for (auto& q : p) q *= mesh_scale_to_mm / before;
  const FiveMatch m = match_five_points(p, lm, face.detected->view_front.normalized());
  const double eye = std::isnan(m.eye_width) ? 1.5 * (p[1] - p[0]).norm() : m.eye_width;
  const double limit = five_point_limit_share * eye;
  const std::string units_said =
      file.units.empty() ? "read in " + face.units + ", the mesh's units" : "declared " + file.units + " by the file";
  if (const int w = m.worst(); w >= 0 && m.distance[static_cast<size_t>(w)] > limit)
    throw input_error(name + ": its " + five_point_names[static_cast<size_t>(w)] + " is " +
                      fixed(m.distance[static_cast<size_t>(w)], 1) + " mm from the face found on the scan (at most " +
                      fixed(limit, 1) + " mm): check that the 5 points are this scan's, in its frame and units (" +
                      units_said + "), or drop them: --landmarks auto finds the face alone");
  auto det = std::make_shared<DetectedLandmarks>(*face.detected);
  det->guide = name;
  det->guide_match = m;
  det->guide_limit_mm = limit;
  det->guide_view = !src.axes_given;
  face.detected = std::move(det);
  std::string far;
  for (size_t k = 0; k < m.distance.size(); ++k)
    far += fmt::format("{}{} {}", k ? ", " : "", five_point_names[k],
                       std::isnan(m.distance[k]) ? std::string("not found") : fixed(m.distance[k], 1));
  face.notes.push_back(fmt::format(
      "landmarks {}: a face detector's 5 points ({}){}; the 68 iBUG points found on the "
      "scan lie from them, mm: {} (at most {})",
      name, units_said, src.axes_given ? "" : ", the view the face was looked for in", far, fixed(limit, 1)));
  if (m.swapped)
    face.warnings.push_back(
        name +
        " names the sides the other way from the face found on the scan (its right eye and mouth corner "
        "are at the face's left: sides as an image shows them, as MTCNN names them, or a mirror-image scan): "
        "the regions follow the face as the scan shows it; if the scan is a mirror image of the patient, its "
        "left and right regions are swapped: check the scan's sides before planning on one side");
  return lm;
}

/// --landmarks (a file, or auto): reads or finds the landmarks, scales them to mm and carries the built-in
/// anatomy onto the scan in `face`. `texture`: the scan's, per triangle of face.mesh (nullptr: none).
void apply_landmarks(const FaceSource& src, Face& face, double& mesh_scale_to_mm, const ScanTexture* texture) {
  bool detect = src.auto_landmarks;
  LandmarkFile lm;
  if (detect) {
    lm = detect_on_face(src, face, mesh_scale_to_mm, texture);
  } else {
    try {
      lm = read_landmark_file(src.landmarks, src.landmark_set);
    } catch (const Error& e) {  // a few points: the scan's own 68 can be found instead
      if (std::string(e.what()).find(too_few_landmarks) == std::string::npos) throw;
      throw Error(e.kind, Message(e.message) << "; or give --landmarks auto to find them on the scan");
    }
    if (lm.five) {
      lm = detect_guided_by_five(src, lm, face, mesh_scale_to_mm, texture);
      detect = true;
    } else if (!src.shown_landmarks.empty()) {
      lm.source = src.shown_landmarks;
    }
  }
  const double scale = detect ? 1.0 : lm.units.empty() ? mesh_scale_to_mm : units_scale_mm(*units_from_name(lm.units));
  face.landmark_units = lm.units.empty() ? face.units : lm.units;
  const std::string units_source = detect             ? "found on the scan"
                                   : lm.units.empty() ? "the mesh's units"
                                                      : "declared by the file";
  if (detect) face.landmark_units = "mm";
  for (auto& p : lm.point) p *= scale;
  const std::vector<std::string> own = face.mesh.label_names;
  const bool object_name = one_whole_group(face.mesh);  // its one group is the object's name, not a region
  auto t = std::make_shared<ScanTransfer>(transfer_to_scan(face.mesh, builtin_anatomical_face(), lm));
  const LandmarkFitReport& r = t->fit.report;
  if (detect) {
    const DetectedLandmarks& d = *face.detected;
    if (d.implied)
      face.notes.push_back(
          "the mesh has no regions" +
          (object_name ? " (its one group, " + text::quoted(own[0]) + ", covers all of it)" : std::string()) +
          ": its landmarks are found automatically (--landmarks auto; --landmarks none or "
          "--region all plans on the whole mesh)");
    if (!d.units_note.empty()) face.notes.push_back(d.units_note);
    // each point left out with its reason: the jaw's upper contour (0-3, 13-16) by design, any other point because
    // no skin lies where the face puts it
    std::vector<int> contour, no_skin;
    for (int k : d.left_out) (k <= 3 || (k >= 13 && k <= 16) ? contour : no_skin).push_back(k);
    std::string left_out = contour.empty() ? ""
                                           : index_runs(contour) +
                                                 " (the jaw's upper contour is the face's outline, not a point "
                                                 "of the skin)";
    if (!no_skin.empty())
      left_out += (left_out.empty() ? "" : "; ") + index_runs(no_skin) +
                  " (no skin where the face puts them: a hole in the scan, or beside or below its edge)";
    face.notes.push_back(
        fmt::format("landmarks auto: {} of the 68 iBUG points found on the scan by dlib (confidence {}, {} searched, "
                    "{}, {} s); left out: {}{}",
                    d.placed.size(), fixed(d.score, 2), text::count_of(d.views, "view", "views"),
                    text::count_of(d.refinements, "frontal refinement", "frontal refinements"), fixed(d.seconds, 1),
                    left_out.empty() ? "none" : left_out,
                    d.snapped.empty() ? "" : "; over a hole, moved to the nearest skin: " + index_runs(d.snapped)));
    face.notes.push_back(
        fmt::format("landmarks auto: face first found looking along {} with {} up; final view "
                    "straight at the face: front {}, up {}",
                    direction_text(-d.found_front), direction_text(d.found_up), direction_text(d.view_front),
                    direction_text(d.view_up)));
  } else {
    face.notes.push_back(fmt::format("landmarks {}: {} {} points, in {} ({})", src.landmarks, r.count,
                                     landmark_set_name(r.set), face.landmark_units, units_source));
  }
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
  if (!own.empty() && !object_name)
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
  bool units_by_face = false;  // a face found decided the units (notes and size warnings of the box replaced)
  face.name = src.path.empty()         ? builtin_face_name  // shown in messages and outputs
              : src.shown_path.empty() ? text::path_shown(src.path)
                                       : text::path_shown(src.shown_path);
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
      double scale_to_mm = rep.scale_to_mm;
      const bool labelled = !face.mesh.label_names.empty() && !one_whole_group(face.mesh);
      std::vector<std::string> texture_notes;
      std::shared_ptr<ScanTexture> texture = load_scan_texture(src.path, rep.texcoords, texture_notes);
      rep.texcoords = {};
      bool landmarks = !src.landmarks.empty() || (src.auto_implied && !labelled);
      if (landmarks && src.auto_implied) {
        // asked for a face's region without landmarks: a mesh that cannot be a face is not searched
        const std::string why = not_face_sized(face.mesh, scale_to_mm, src.units_given);
        if (!why.empty() && !src.region_default)
          throw plan_error("no face found on '" + face.name + "': " + why +
                           "; the mesh has no regions: give its 3D landmarks with --landmarks FILE (CSV: "
                           "name,x,y,z; see the README's \"Plans on your own scan\"), or plan on the whole mesh "
                           "with --region all");
        if (!why.empty()) {
          landmarks = false;
          face.notes.push_back("the mesh has no regions and is not a face: " + why +
                               "; planned as one surface (region all), without landmarks; give --landmarks FILE or "
                               "--landmarks auto to plan on a face's regions");
        }
      }
      const Mesh whole = texture && landmarks ? face.mesh : Mesh{};
      if (landmarks) apply_landmarks(src, face, scale_to_mm, texture.get());
      std::string units_note;  // the face found decided or confirmed the units of a mesh not searched for landmarks
      if (!landmarks && rep.units_detected)
        units_note = units_by_face_found(src, face, scale_to_mm, rep, texture.get());
      if (texture && face.transfer) {
        texture = texture_on_part(*texture, whole, face.mesh);
        if (!texture)
          texture_notes.push_back(
              "the texture could not be carried onto the part the landmarks cover: "
              "the face is drawn shaded");
      }
      face.texture = std::move(texture);
      for (auto& n : texture_notes) face.notes.push_back(std::move(n));

      rep.scale_to_mm = scale_to_mm;
      if (face.detected && !face.detected->units_note.empty()) rep.units = *units_from_name(face.units);
      units_by_face = !units_note.empty();
      if (units_by_face) face.notes.push_back(std::move(units_note));
      // no face found here to put the mid-sagittal plane (symmetry, medial, left/right): the file's x = 0 when it
      // passes through the face, else from the mesh's own left/right regions or its centroid
      if (!face.transfer) face.frame.midline_mm = estimated_midline_mm(face.mesh, face.frame);
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
  units_by_face = units_by_face || (face.detected && !face.detected->units_note.empty());
  std::vector<std::string> reader_notes;
  for (const Message& n : rep.notes) {
    std::string t = text(n);
    if (t.rfind("warning: ", 0) == 0) {  // a risk to look at: a warning, not a note
      // an implausible size, unless the face found decided the units: the size is then a face's
      if (!units_by_face || t.rfind("warning: the mesh is ", 0) != 0) face.warnings.push_back(t.substr(9));
    } else if (units_by_face && t.rfind("units: auto-detected", 0) == 0) {
      // the bounding box's decision, replaced by the face's (its note says both)
    } else
      reader_notes.push_back(std::move(t));
  }
  face.notes.insert(face.notes.begin(), reader_notes.begin(), reader_notes.end());
  return face;
}

std::string landmarks_csv(const Face& face) {
  if (!face.transfer) return {};
  const ScanTransfer& t = *face.transfer;
  std::string s = "name,x_mm,y_mm,z_mm\n";
  for (size_t i = 0; i < t.landmarks_mm.size(); ++i) {
    const Eigen::Vector3d& p = t.landmarks_mm[i];
    s += landmark_name(t.fit.report.set, t.landmark_index[i]) + "," + fixed(p.x(), 3) + "," + fixed(p.y(), 3) + "," +
         fixed(p.z(), 3) + "\n";
  }
  return s;
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

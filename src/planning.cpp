// src/planning.cpp: see planning.hpp.
#include "planning.hpp"

#include <exception>
#include <mesogrid/core/text.hpp>
#include <mesogrid/face/region.hpp>
#include <new>

#include "suggest.hpp"

namespace mesogrid::cli {

std::string zones_source(const PlanRequest& req, const Face& face) {
  if (!req.builtin_zones || face.zones.empty()) return "none";
  return face.builtin ? "built-in" : face.transfer ? "landmarks" : "none";
}

PlanParams plan_params(const PlanRequest& req, const Face& face, std::vector<std::string>* warnings) {
  PlanParams p = req.params;
  p.frame = face.frame;
  const bool own_zones = face.builtin || face.transfer;  // faces that come with anatomy and danger zones
  p.frame_from_face = own_zones;
  p.axes_given = req.face.axes_given;
  if (p.region.empty()) p.region = own_zones ? "full_face" : "all";
  p.report_mirror = own_zones;
  p.mirror_mesh = face.builtin;
  if (warnings) {  // the mesh's own risks (float32 steps, an implausible size), then the frame's, then the zones'
    *warnings = face.warnings;
    warnings->insert(warnings->end(), face.plan_warnings.begin(), face.plan_warnings.end());
  }
  if (!own_zones) {
    if (warnings) warnings->push_back(no_zones_warning);
    return p;
  }
  if (!req.builtin_zones) {
    if (warnings) warnings->push_back(zones_off_warning);
    return p;
  }
  p.zones = face.zones;
  p.zones.insert(p.zones.end(), req.params.zones.begin(), req.params.zones.end());
  return p;
}

std::string region_name(const std::string& typed, const Mesh& mesh) {
  if (typed == "all" || !region_labels(mesh, typed).empty()) return typed;
  std::vector<std::string> names;
  for (const auto& r : list_regions(mesh)) names.push_back(r.name);
  if (const std::string m = match_name(typed, names, true); !m.empty()) return m;
  if (const std::string l = text::lower(typed); l != typed && (l == "all" || !region_labels(mesh, l).empty())) return l;
  throw plan_error("unknown region " + text::quoted(typed) + did_you_mean(typed, names) + ": this mesh has " +
                   text::joined(names) + " (see 'mesogrid regions')");
}

Plan plan_on_face(const PlanRequest& req, const Face& face) {
  std::vector<std::string> warnings;
  PlanParams params = plan_params(req, face, &warnings);
  params.region = region_name(params.region, face.mesh);
  Plan plan;
  try {
    plan = make_plan(face.mesh, params);
  } catch (const Error&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw plan_error("out of memory while planning: raise --spacing or choose a smaller --region");
  } catch (const std::exception& e) {
    throw plan_error(std::string("planning failed: ") + e.what());
  }
  plan.warnings.insert(plan.warnings.begin(), warnings.begin(), warnings.end());
  if (params.region == "all" && (face.builtin || face.transfer)) {  // what `all` adds that no region covers
    double area_mm2 = 0;
    for (Eigen::Index f = 0; f < face.mesh.num_faces(); ++f)
      if (face.mesh.label.size() == face.mesh.num_faces() && face.mesh.label(f) < 0) {
        const Eigen::Vector3d a = face.mesh.vertex(face.mesh.F(f, 0)), b = face.mesh.vertex(face.mesh.F(f, 1)),
                              c = face.mesh.vertex(face.mesh.F(f, 2));
        area_mm2 += 0.5 * (b - a).cross(c - a).norm();
      }
    long outside = 0;
    for (const Site& s : plan.sites) outside += s.label < 0;
    plan.notes.push_back(
        Message("region all adds " + text::decimals(area_mm2 / 100, 2) +
                " cm² that no region covers (eyelids, nose, red lip, the rim toward the ears and under "
                "the jaw): " +
                std::to_string(outside) + " of the " + std::to_string(plan.summary.sites) +
                " sites lie there; full_face (the default) leaves them out"));
  }
  return plan;
}

PlanContext plan_context(const Face& face, const PlanRequest* req) {
  PlanContext c;
  if (req) {
    c.zones_source = zones_source(*req, face);
    c.record = req->record;
  }
  c.mesh = face.name;
  c.units = face.units;
  if (face.transfer) {
    c.fit = &face.transfer->fit.report;
    c.landmarks = face.transfer->fit.report.source;
    c.landmark_units = face.landmark_units;
    c.detected = face.detected.get();
  }
  return c;
}

}  // namespace mesogrid::cli

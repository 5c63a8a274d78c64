// src/planning.cpp: see planning.hpp.
#include "planning.hpp"

#include <exception>
#include <mesogrid/core/text.hpp>
#include <mesogrid/face/region.hpp>
#include <new>

#include "suggest.hpp"

namespace mesogrid::cli {

PlanParams plan_params(const PlanRequest& req, const Face& face, std::vector<std::string>* warnings) {
  PlanParams p = req.params;
  p.frame = face.frame;
  const bool own_zones = face.builtin || face.transfer;  // faces that come with danger zones
  p.report_mirror = own_zones;
  p.mirror_mesh = face.builtin;
  if (warnings) *warnings = face.plan_warnings;
  if (!own_zones) return p;
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
  return plan;
}

PlanContext plan_context(const Face& face) {
  PlanContext c;
  c.mesh = face.name;
  c.units = face.units;
  if (face.transfer) {
    c.fit = &face.transfer->fit.report;
    c.landmarks = face.transfer->fit.report.source;
    c.landmark_units = face.landmark_units;
  }
  return c;
}

}  // namespace mesogrid::cli

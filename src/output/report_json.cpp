// src/output/report_json.cpp: the JSON outputs of report.hpp (nlohmann-json, keys in the documented order).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <mesogrid/landmarks/five.hpp>
#include <mesogrid/plan/safety.hpp>
#include <mesogrid/plan/technique.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "../errors.hpp"
#include "../face.hpp"
#include "numbers.hpp"
#include "report.hpp"

namespace mesogrid::cli {

namespace {

using json = nlohmann::ordered_json;  // keys keep the documented order

/// A number as nlohmann-json writes it ("-8e-05", "1.5e+20", "0.25") in plain decimals, the same value digit for
/// digit ("-0.00008", "150000000000000000000", "0.25"): the outputs write fixed decimals, never an exponent.
std::string plain_decimal(std::string_view t) {
  const size_t e = t.find_first_of("eE");
  if (e == std::string_view::npos) return std::string(t);
  const bool neg = !t.empty() && t[0] == '-';
  const std::string_view mant = t.substr(neg ? 1 : 0, e - (neg ? 1 : 0));
  int exp = std::atoi(std::string(t.substr(e + 1)).c_str());
  std::string digits;
  for (size_t k = 0; k < mant.size(); ++k)
    if (mant[k] == '.')
      exp -= static_cast<int>(mant.size() - k - 1);  // the digits after the point shift the exponent
    else
      digits += mant[k];
  // value = digits x 10^exp
  std::string out;
  if (exp >= 0) {
    out = digits + std::string(static_cast<size_t>(exp), '0');
  } else {
    const size_t frac = static_cast<size_t>(-exp);
    if (digits.size() <= frac) digits.insert(0, frac - digits.size() + 1, '0');
    out = digits.substr(0, digits.size() - frac) + "." + digits.substr(digits.size() - frac);
    while (out.back() == '0') out.pop_back();
    if (out.back() == '.') out.pop_back();
  }
  const size_t nz = out.find_first_not_of('0');
  out = nz == std::string::npos ? "0" : out[nz] == '.' ? out.substr(nz - 1) : out.substr(nz);
  return (neg && out != "0" ? "-" : "") + out;
}

/// json text as written by the tool: two-space indent, trailing newline, numbers in plain decimals.
/// Invalid UTF-8 (names are cleaned where they are read; this is the safety net) is replaced, never thrown.
std::string dump(const json& j) {
  const std::string t = j.dump(2, ' ', false, json::error_handler_t::replace);
  std::string out;
  out.reserve(t.size() + t.size() / 8 + 1);
  for (size_t i = 0; i < t.size();) {
    if (t[i] == '"') {  // a string, escapes included, copied as it is
      size_t k = i + 1;
      while (k < t.size() && t[k] != '"') k += t[k] == '\\' ? 2 : 1;
      out.append(t, i, k + 1 - i);
      i = k + 1;
    } else if (t[i] == '-' || (t[i] >= '0' && t[i] <= '9')) {
      size_t k = i + 1;
      while (k < t.size() && (std::isdigit(static_cast<unsigned char>(t[k])) || t[k] == '.' || t[k] == 'e' ||
                              t[k] == 'E' || t[k] == '+' || t[k] == '-'))
        ++k;
      out += plain_decimal(std::string_view(t).substr(i, k - i));
      i = k;
    } else {
      out += t[i++];
    }
  }
  return out + "\n";
}

using namespace decimals;

void vec_fields(json& o, const char* x, const char* y, const char* z, const Eigen::Vector3d& v, int d) {
  o[x] = rounded(v.x(), d);
  o[y] = rounded(v.y(), d);
  o[z] = rounded(v.z(), d);
}

json optional_number(double v, int d) { return std::isnan(v) ? json(nullptr) : json(rounded(v, d)); }

/// The landmark fit (summary.landmark_fit of plans, landmark_fit of region lists).
json landmark_fit_json(const LandmarkFitReport& r) {
  json f;
  f["scale"] = rounded(r.scale, 4);
  f["face_width_mm"] = rounded(r.face_width_mm, 2);
  f["rotation_deg"] = rounded(r.rotation_deg, angle);
  f["rms_similarity_mm"] = rounded(r.rms_similarity_mm, 2);
  f["rms_warp_mm"] = rounded(r.rms_warp_mm, 2);
  f["max_off_surface_mm"] = rounded(r.max_surface_mm, 2);
  f["limits_mm"] = {{"landmark", rounded(r.limit_point_mm, 2)},
                    {"group", rounded(r.limit_group_mm, 2)},
                    {"off_surface", rounded(r.limit_surface_mm, 2)},
                    {"cover", rounded(r.limit_cover_mm, 2)}};
  json groups = json::array();
  for (const auto& g : r.groups)
    groups.push_back(json{{"name", g.name},
                          {"points", g.count},
                          {"rms_similarity_mm", rounded(g.rms_similarity_mm, 2)},
                          {"max_similarity_mm", rounded(g.max_similarity_mm, 2)},
                          {"worst", landmark_name(r.set, g.worst)},
                          {"rms_warp_mm", rounded(g.rms_warp_mm, 2)},
                          {"max_leave_one_out_mm", rounded(g.max_loo_mm, 2)}});
  f["groups"] = std::move(groups);
  f["scan_triangles"] = r.scan_triangles;
  f["covered_triangles"] = r.covered_triangles;
  f["scan_area_cm2"] = rounded(r.scan_area_cm2, area);
  f["covered_area_cm2"] = rounded(r.covered_area_cm2, area);
  return f;
}

/// parameters.landmarks (plans) and landmarks (region lists).
json landmarks_json(const PlanContext& ctx) {
  json l = {{"file", ctx.landmarks},
            {"set", std::string(landmark_set_name(ctx.fit->set))},
            {"points", ctx.fit->count},
            {"units", ctx.landmark_units}};
  if (const DetectedLandmarks* d = ctx.detected) {
    auto names = [](const std::vector<int>& k) {
      json a = json::array();
      for (int i : k) a.push_back(landmark_name(LandmarkSet::ibug68, i));
      return a;
    };
    auto dir = [](const Eigen::Vector3d& v) {
      return json::array({rounded(v.x(), 4), rounded(v.y(), 4), rounded(v.z(), 4)});
    };
    l["detected"] = {{"detector", "dlib HOG face detector + 68-point shape predictor"},
                     {"implied", d->implied},
                     {"confidence", rounded(d->score, 3)},
                     {"used", names(d->placed)},
                     {"left_out", names(d->left_out)},
                     {"moved_over_holes", names(d->snapped)},
                     {"view_up", dir(d->view_up)},
                     {"view_front", dir(d->view_front)},
                     {"found_in_view_up", dir(d->found_up)},
                     {"found_in_view_front", dir(d->found_front)},
                     {"views_searched", d->views},
                     {"refinements", d->refinements}};
    if (!d->guide.empty()) {  // a face detector's 5 points gave the view and checked the points found
      json far = json::object();
      const std::array<double, 5>& mm = d->guide_match.distance;
      for (size_t k = 0; k < mm.size(); ++k) {
        std::string key = five_point_names[k];
        std::replace(key.begin(), key.end(), ' ', '_');
        far[key] = std::isnan(mm[k]) ? json(nullptr) : json(rounded(mm[k], 1));
      }
      l["detected"]["guided_by"] = {{"file", d->guide},
                                    {"gave_view", d->guide_view},
                                    {"distance_mm", std::move(far)},
                                    {"limit_mm", rounded(d->guide_limit_mm, 1)},
                                    {"sides_swapped", d->guide_match.swapped}};
    }
  }
  return l;
}

}  // namespace

namespace {

json coverage_json(const PlanCoverage& c) {
  auto place = [](const Eigen::Vector3d& p, double area_mm2) {
    return json{{"x_mm", rounded(p.x(), 1)},
                {"y_mm", rounded(p.y(), 1)},
                {"z_mm", rounded(p.z(), 1)},
                {"area_cm2", rounded(area_mm2 / 100, 3)}};
  };
  json o;
  o["expected_sites"] = rounded(c.expected_sites, 1);
  o["count_ratio"] = rounded(c.count_ratio, 4);
  o["nn_mean_s"] = rounded(c.nn_mean_s, 4);
  o["nn_cv"] = rounded(c.nn_cv, 4);
  o["uncovered_cm2"] = rounded(c.uncovered_mm2 / 100, 3);
  o["uncovered_percent"] = rounded(c.uncovered_percent, 3);
  o["gap_p99_s"] = rounded(c.gap_p99_s, 4);
  o["gap_max_s"] = rounded(c.gap_max_s, 4);
  o["reach_s"] = rounded(c.reach_s, 2);
  o["samples"] = c.samples;
  o["meets_contract"] = c.meets_contract();
  o["contract"] = {{"sites", c.judged_sites},
                   {"expected_sites", rounded(c.judged_expected_sites, 1)},
                   {"uncovered_percent", rounded(c.judged_uncovered_percent, 3)},
                   {"empty_by_design_cm2", rounded(c.empty_by_design_mm2 / 100, 3)},
                   {"nn_cv", rounded(c.lattice_nn_cv, 4)},
                   {"count_ok", c.count_ok},
                   {"uncovered_ok", c.uncovered_ok},
                   {"cv_ok", c.cv_ok}};
  json places = json::array();
  for (size_t i = 0; i < std::min<size_t>(10, c.uncovered_places.size()); ++i)
    places.push_back(place(c.uncovered_places[i].centroid_mm, c.uncovered_places[i].area_mm2));
  o["uncovered_places"] = std::move(places);
  json small = json::array();
  for (const SmallPiece& p : c.small_pieces) small.push_back(place(p.centroid_mm, p.area_mm2));
  o["small_pieces"] = {{"count", c.small_pieces.size()},
                       {"area_cm2", rounded(c.small_pieces_mm2() / 100, 3)},
                       {"places", std::move(small)}};
  return o;
}

}  // namespace

std::string plan_json(const Plan& plan, const PlanContext& ctx) {
  const ResolvedParams& r = plan.params;
  const TechniquePreset& t = preset(r.technique);
  const PlanSummary& sm = plan.summary;
  json j;
  j["mesogrid_version"] = version();
  json& rec = j["record"];  // every key, "" when not given: a stable shape for scripts
  rec["patient"] = ctx.record.patient;
  rec["date"] = ctx.record.date;
  rec["practitioner"] = ctx.record.practitioner;
  rec["product"] = ctx.record.product;
  rec["dilution"] = ctx.record.dilution;
  rec["lot"] = ctx.record.lot;
  rec["notes"] = ctx.record.notes;
  json& p = j["parameters"];
  p["technique"] = technique_name(plan.params.technique);
  p["region"] = r.region;
  p["mesh"] = ctx.mesh;
  p["units"] = ctx.units;
  p["up"] = axis_name(r.frame.up);
  p["front"] = axis_name(r.frame.front);
  if (ctx.fit) p["landmarks"] = landmarks_json(ctx);
  p["lattice"] = std::string(lattice_name(r.lattice));
  p["advance"] = std::string(advance_name(r.advance));
  p["spacing_mm"] = rounded(r.spacing_mm, position);
  p["margin_mm"] = rounded(r.margin_mm, position);
  p["depth_mm"] = rounded(r.depth_mm, depth);
  p["angle_deg"] = rounded(r.angle_deg, angle);
  p["insertion_mm"] = rounded(r.insertion_mm(), depth);
  p["volume_ml"] = rounded(r.volume_ml, volume);
  p["total_volume_ml"] = optional_number(r.total_volume_ml, volume);
  p["injector_rate_per_min"] = r.injector_rate > 0 ? json(r.injector_rate) : json(nullptr);
  p["max_sites"] = r.max_sites;
  p["needle"] = std::string(t.needle);
  p["needle_length_mm"] = rounded(r.needle_mm, depth);
  p["session_max_ml"] = rounded(r.session_max_ml, volume);
  p["depth_follows_skin"] = !r.depth_given;
  p["sex"] = std::string(r.sex == Sex::female ? "f" : r.sex == Sex::male ? "m" : "thinner");
  p["layer"] = std::string(t.layer);
  p["bevel"] = std::string(t.bevel);
  json& s = j["summary"];
  s["sites"] = sm.sites;
  s["total_volume_ml"] = rounded(sm.total_volume_ml, volume);
  s["volume_per_site_ml"] = rounded(sm.volume_per_site_ml, volume);
  s["region_area_cm2"] = rounded(sm.region_area_cm2, area);
  if (sm.sites >= 2)
    s["spacing_mm"] = {{"mean", rounded(sm.spacing_mean_mm, position)},
                       {"min", rounded(sm.spacing_min_mm, position)},
                       {"max", rounded(sm.spacing_max_mm, position)}};
  else
    s["spacing_mm"] = {{"mean", nullptr}, {"min", nullptr}, {"max", nullptr}};
  s["session_minutes"] = rounded(sm.session_minutes, minutes);
  s["seconds_per_site"] = rounded(sm.seconds_per_site, seconds);
  s["timing"] = sm.injector ? "injector" : "manual";
  s["session_budget_ml"] = rounded(r.session_max_ml, volume);
  s["depth_mm"] = {{"min", rounded(sm.depth_min_mm, depth)}, {"max", rounded(sm.depth_max_mm, depth)}};
  s["sites_shallower"] = sm.sites_shallower;
  s["sites_removed"] = sm.sites_removed;
  s["sites_capped"] = sm.sites_capped;
  s["zones_source"] = ctx.zones_source.empty() ? json(nullptr) : json(ctx.zones_source);
  json zones = json::array();
  for (const auto& z : sm.zones)
    zones.push_back(
        json{{"name", z.name},
             {"kind", z.kind},
             {"vessel_depth_mm",
              z.kind == "keep-out" || z.kind == "user" ? json(nullptr) : json(rounded(z.vessel_depth_mm, depth))},
             {"removed", z.removed},
             {"capped", z.capped}});
  s["zones"] = std::move(zones);
  json regions = json::array();
  for (const auto& c : sm.regions)
    regions.push_back(
        json{{"name", c.name},
             {"sites", c.sites},
             {"volume_ml", rounded(c.volume_ml, volume)},
             {"depth_mm", {{"min", rounded(c.depth_min_mm, depth)}, {"max", rounded(c.depth_max_mm, depth)}}},
             {"layer_bottom_mm", rounded(c.layer_bottom_mm, depth)},
             {"shallower", c.shallower},
             {"removed", c.removed},
             {"capped", c.capped}});
  s["regions"] = std::move(regions);
  s["mirror_error_mm"] = optional_number(sm.mirror_error_mm, position);
  if (sm.coverage.measured) s["coverage"] = coverage_json(sm.coverage);
  if (ctx.fit) s["landmark_fit"] = landmark_fit_json(*ctx.fit);
  json warnings = json::array();
  for (const Message& w : plan.warnings) warnings.push_back(text(w));
  j["warnings"] = std::move(warnings);
  json notes = json::array();
  for (const Message& n : plan.notes) notes.push_back(text(n));
  j["notes"] = std::move(notes);
  json sites = json::array();
  for (const Site& x : plan.sites) {
    json o;
    o["site_id"] = x.id;
    o["region"] = plan.region_label;
    o["technique"] = technique_name(plan.params.technique);
    o["row"] = x.row;
    o["col"] = x.col;
    vec_fields(o, "x_mm", "y_mm", "z_mm", x.position, position);
    vec_fields(o, "nx", "ny", "nz", x.normal, unit_vector);
    vec_fields(o, "needle_dx", "needle_dy", "needle_dz", x.needle, unit_vector);
    o["angle_deg"] = rounded(x.angle_deg, angle);
    o["depth_mm"] = rounded(x.depth_mm, depth);
    vec_fields(o, "tip_x_mm", "tip_y_mm", "tip_z_mm", x.tip, position);
    o["volume_ml"] = rounded(x.volume_ml, volume);
    o["layer"] = std::string(skin_layer_name(x.layer));
    sites.push_back(std::move(o));
  }
  j["sites"] = std::move(sites);
  return dump(j);
}

std::string compare_json(const std::vector<Plan>& plans, const std::string& mesh) {
  json j;
  j["mesogrid_version"] = version();
  j["mesh"] = mesh;
  j["region"] = plans.empty() ? "" : plans.front().params.region;
  j["plans"] = json::array();
  for (const auto& p : plans) {
    json e;
    e["technique"] = technique_name(p.params.technique);
    e["sites"] = p.summary.sites;
    e["spacing_mm"] = rounded(p.params.spacing_mm, 1);
    e["depth_mm"] = {{"min", rounded(p.summary.depth_min_mm, decimals::depth)},
                     {"max", rounded(p.summary.depth_max_mm, decimals::depth)}};  // as the plan's summary
    e["volume_per_site_ml"] = rounded(p.summary.volume_per_site_ml, decimals::volume);
    e["total_volume_ml"] = rounded(p.summary.total_volume_ml, decimals::volume);
    e["session_minutes"] = rounded(p.summary.session_minutes, decimals::minutes);
    e["warnings"] = json::array();
    for (const auto& m : p.warnings) e["warnings"].push_back(text(m));
    j["plans"].push_back(e);
  }
  return dump(j);
}

std::string techniques_json() {
  json j;
  j["mesogrid_version"] = version();
  j["disclaimer"] = disclaimer;
  json list = json::array();
  auto range = [](const Range& r) { return json{{"min", r.lo}, {"max", r.hi}}; };
  for (const TechniquePreset& t : technique_presets()) {
    json o;
    o["name"] = std::string(t.name);
    o["layer"] = std::string(t.layer);
    o["depth_mm"] = t.depth_mm;
    o["depth_range_mm"] = range(t.depth_range_mm);
    o["spacing_mm"] = t.spacing_mm;
    o["spacing_range_mm"] = range(t.spacing_range_mm);
    o["volume_ml"] = t.volume_ml;
    o["volume_range_ml"] = range(t.volume_range_ml);
    o["angle_deg"] = t.angle_deg;
    o["angle_range_deg"] = range(t.angle_range_deg);
    o["lattice"] = std::string(lattice_name(t.lattice));
    o["needle"] = std::string(t.needle);
    o["needle_length_mm"] = t.needle_length_mm;
    o["bevel"] = std::string(t.bevel);
    o["seconds_per_site"] = t.seconds_per_site;
    o["sources"] = std::string(t.sources);
    o["volume_sources"] = std::string(t.volume_sources);
    list.push_back(std::move(o));
  }
  j["techniques"] = std::move(list);
  j["session_budget_ml"] = PlanParams{}.session_max_ml;
  json& safety = j["safety"];
  for (const SafetyList& l : safety_lists()) {
    json items = json::array();
    for (const SafetyItem& i : l.items)
      items.push_back(json{{"item", std::string(i.text)},
                           {"source", std::string(i.source)},
                           {"strength", i.strength.empty() ? json(nullptr) : json(std::string(i.strength))}});
    safety[std::string(l.key)] = std::move(items);
  }
  return dump(j);
}

std::string regions_json(const std::vector<RegionInfo>& regions, const std::string& mesh, const PlanContext* ctx) {
  json j;
  j["mesogrid_version"] = version();
  j["mesh"] = mesh;
  if (ctx && ctx->fit) {
    j["landmarks"] = landmarks_json(*ctx);
    j["landmark_fit"] = landmark_fit_json(*ctx->fit);
  }
  json list = json::array();
  for (const auto& r : regions)
    list.push_back(json{{"name", r.name},
                        {"triangles", r.triangles},
                        {"area_cm2", rounded(r.area_cm2, area)},
                        {"description", r.description}});
  j["regions"] = std::move(list);
  return dump(j);
}

}  // namespace mesogrid::cli

// tests/face/face_support.hpp: the built-in face's regions and plans on it as the tool makes them.
#pragma once
#include <map>
#include <mesogrid/face/region.hpp>
#include <mesogrid/face/zones.hpp>
#include <mesogrid/plan.hpp>
#include <string>

#include "../support.hpp"

namespace mesogrid::test {
inline const Mesh& face() { return test::builtin_face_mm(); }
inline std::map<std::string, double> areas() {
  std::map<std::string, double> a;
  for (const auto& r : list_regions(face())) a[r.name] = r.area_cm2;
  return a;
}
inline PlanParams builtin_params(Technique t, const std::string& region) {
  PlanParams p;
  p.technique = t;
  p.region = region;
  p.zones = builtin_zones(face());
  p.report_mirror = p.mirror_mesh = true;
  return p;
}
inline const char* const names[] = {"forehead",         "glabella",          "temple_left", "temple_right",
                                    "periorbital_left", "periorbital_right", "cheek_left",  "cheek_right",
                                    "nasolabial_left",  "nasolabial_right",  "perioral",    "chin",
                                    "jawline_left",     "jawline_right"};
}  // namespace mesogrid::test

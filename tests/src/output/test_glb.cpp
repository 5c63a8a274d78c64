// Tests of src/output/glb.hpp: the .glb is read back with tinygltf (the same library, its reader): a valid glTF 2.0
// binary with the face, one marker and needle per site at the site's position (metres = mm / 1000) in the colour
// it was written with, each zone's footprint inside the zone, byte-stable output.
#include <doctest/doctest.h>
#include <tiny_gltf.h>

#include <cstring>
#include <mesogrid/face/zones.hpp>
#include <string>

#include "face.hpp"
#include "flags.hpp"
#include "output/glb.hpp"
#include "planning.hpp"

#include "../src_support.hpp"

using namespace mesogrid;
using namespace mesogrid::cli;

namespace glb_test {

/// Element i of a float accessor with `comps` components (tightly packed, as the writer makes them).
const float* element(const tinygltf::Model& m, int accessor, size_t i, int comps) {
  const tinygltf::Accessor& a = m.accessors[static_cast<size_t>(accessor)];
  const tinygltf::BufferView& v = m.bufferViews[static_cast<size_t>(a.bufferView)];
  const unsigned char* base = m.buffers[static_cast<size_t>(v.buffer)].data.data() + v.byteOffset + a.byteOffset;
  return reinterpret_cast<const float*>(base) + i * static_cast<size_t>(comps);
}

const tinygltf::Node* node(const tinygltf::Model& m, const std::string& name) {
  for (const auto& n : m.nodes)
    if (n.name == name) return &n;
  return nullptr;
}

}  // namespace glb_test

using namespace glb_test;

TEST_CASE("plan_glb: read back, the sites, colours and zones it was written with") {
  PlanFlags f;
  f.region = "periorbital_left";
  f.technique = "nappage";
  const PlanRequest req = parse_plan_flags(f, "table");
  const Plan plan = plan_on_face(req, test::tool_face());
  REQUIRE(plan.sites.size() > 5);
  const std::vector<Zone> zones = plan_params(req, test::tool_face()).zones;
  const std::string glb = plan_glb(test::tool_face().mesh, plan, zones);
  CHECK(glb == plan_glb(test::tool_face().mesh, plan, zones));  // deterministic
  CHECK(glb.compare(0, 4, "glTF") == 0);

  tinygltf::Model m;
  tinygltf::TinyGLTF reader;
  std::string err, warn;
  REQUIRE(reader.LoadBinaryFromMemory(&m, &err, &warn, reinterpret_cast<const unsigned char*>(glb.data()),
                                      static_cast<unsigned int>(glb.size())));
  CHECK(err.empty());
  CHECK(m.asset.version == "2.0");

  const tinygltf::Node* face_node = node(m, "face");
  REQUIRE(face_node);
  const tinygltf::Primitive& fp = m.meshes[static_cast<size_t>(face_node->mesh)].primitives[0];
  CHECK(m.accessors[static_cast<size_t>(fp.attributes.at("POSITION"))].count ==
        static_cast<size_t>(test::tool_face().mesh.V.rows()));
  CHECK(m.accessors[static_cast<size_t>(fp.indices)].count == static_cast<size_t>(3 * test::tool_face().mesh.F.rows()));

  const tinygltf::Node* sites = node(m, "sites");
  REQUIRE(sites);
  CHECK(sites->extras.Get("site_id").ArrayLen() == plan.sites.size());
  const tinygltf::Primitive& sp = m.meshes[static_cast<size_t>(sites->mesh)].primitives[0];
  const int pos = sp.attributes.at("POSITION"), col = sp.attributes.at("COLOR_0");
  REQUIRE(m.accessors[static_cast<size_t>(pos)].count == plan.sites.size() * glb_vertices_per_site);
  for (size_t k = 0; k < plan.sites.size(); ++k) {
    // The marker's 24 vertices surround the site: their mean is the site, in metres.
    Eigen::Vector3d mean = Eigen::Vector3d::Zero();
    for (int i = 0; i < glb_marker_vertices; ++i) {
      const float* p = element(m, pos, k * glb_vertices_per_site + static_cast<size_t>(i), 3);
      mean += Eigen::Vector3d(p[0], p[1], p[2]);
    }
    mean /= glb_marker_vertices;
    CHECK((mean * 1000.0 - plan.sites[k].position).norm() < 0.01);
    const bool capped = plan.sites[k].depth_mm < plan.params.depth_mm - 1e-9;
    const float* c = element(m, col, k * glb_vertices_per_site, 4);
    const float* want = capped ? GlbColours::capped_site : GlbColours::site;
    CHECK(c[0] == want[0]);
    CHECK(c[1] == want[1]);
    CHECK(c[2] == want[2]);
  }

  // Every zone footprint lies in its zone (0.2 mm off the skin) and has the colour of its rule.
  int footprints = 0;
  for (const Zone& z : zones) {
    const tinygltf::Node* zn = node(m, "zone " + z.name);
    if (!zn) continue;
    ++footprints;
    const tinygltf::Primitive& zp = m.meshes[static_cast<size_t>(zn->mesh)].primitives[0];
    const int zpos = zp.attributes.at("POSITION"), zcol = zp.attributes.at("COLOR_0");
    const size_t n = m.accessors[static_cast<size_t>(zpos)].count;
    for (size_t i = 0; i < n; ++i) {
      const float* p = element(m, zpos, i, 3);
      CHECK(zone_distance(z, Eigen::Vector3d(p[0], p[1], p[2]) * 1000.0) < z.radius_mm + 0.3 + (z.closed ? 1e9 : 0));
    }
    const float* want = z.keep_out() ? GlbColours::exclude_zone : GlbColours::cap_zone;
    CHECK(element(m, zcol, 0, 4)[0] == want[0]);
    CHECK(zn->extras.Get("rule").Get<std::string>() == std::string(z.keep_out() ? "keep-out" : "depth-limited"));
  }
  CHECK(footprints >= 1);  // the eye's keep-out at least
}

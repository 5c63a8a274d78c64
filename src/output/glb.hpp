// src/output/glb.hpp: a plan as a 3D scene, glTF 2.0 binary (.glb, written with Debian's libtinygltf): the face
// shaded from its vertex normals (with a scan's own texture when it has one), each site a small coloured marker with
// its needle (from the tip at the planned depth out through the skin), each zone's footprint on the skin as its own
// coloured, half-transparent node. glTF lengths are metres: every position is the plan's mm / 1000. Opens in Blender
// and any glTF viewer.
#pragma once
#include <mesogrid/core/mesh.hpp>
#include <mesogrid/face/zones.hpp>
#include <mesogrid/geometry/raster.hpp>
#include <mesogrid/plan/types.hpp>
#include <string>
#include <vector>

namespace mesogrid::cli {

/// Colours (linear RGB 0-1) of the scene, also what a reader of the file checks.
struct GlbColours {
  static constexpr float skin[3] = {0.80f, 0.62f, 0.52f};
  static constexpr float site[3] = {0.05f, 0.30f, 0.90f};         ///< a site at the plan's depth
  static constexpr float capped_site[3] = {0.95f, 0.55f, 0.00f};  ///< shallower than the plan's depth (zone, skin)
  static constexpr float needle[3] = {0.15f, 0.15f, 0.15f};
  static constexpr float exclude_zone[3] = {0.85f, 0.10f, 0.10f};  ///< keep-out: no site within
  static constexpr float cap_zone[3] = {1.00f, 0.70f, 0.00f};      ///< vessel: sites kept above it or removed
};

/// Vertices of one site's marker (an octahedron) and of its needle (a three-sided prism), in this order, in the
/// "sites" mesh: site k owns vertices [k * glb_vertices_per_site, (k + 1) * glb_vertices_per_site).
inline constexpr int glb_marker_vertices = 24, glb_needle_vertices = 18;
inline constexpr int glb_vertices_per_site = glb_marker_vertices + glb_needle_vertices;

/// The .glb bytes of `plan` on `face` (the mesh the plan was made on, mm) with `zones` (their footprints: the
/// faces whose three corners lie in the zone). Nodes: "face", "sites" (extras: site ids, positions in mm),
/// then one "zone <name>" per zone with a footprint. Deterministic: same input, same bytes.
/// With `texture` (a scan's, for the triangles of `face`), the face shows it: its images embedded as PNG, a
/// TEXCOORD_0 per vertex (split where a vertex has several), one primitive per image.
std::string plan_glb(const Mesh& face, const Plan& plan, const std::vector<Zone>& zones,
                     const SurfaceColour* texture = nullptr);

}  // namespace mesogrid::cli

// src/output/glb.cpp: see glb.hpp.
#include "glb.hpp"

#include <tiny_gltf.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <sstream>

#include "../errors.hpp"
#include "../landmarks/texture.hpp"

namespace mesogrid::cli {

namespace {

/// One glTF mesh being built: float positions (m), normals, colours, and 32-bit indices.
struct Part {
  std::vector<float> pos, nrm, col, uv;  // uv: TEXCOORD_0 (textured face only)
  std::vector<uint32_t> idx;
  uint32_t vertex(const Eigen::Vector3d& p_mm, const Eigen::Vector3d& n, const float* c, float alpha = 1.0f) {
    const uint32_t i = static_cast<uint32_t>(pos.size() / 3);
    for (int k = 0; k < 3; ++k) {
      pos.push_back(static_cast<float>(p_mm[k] / 1000.0));
      nrm.push_back(static_cast<float>(n[k]));
      col.push_back(c[k]);
    }
    col.push_back(alpha);
    return i;
  }
  /// A flat triangle with its own three vertices (facets of markers).
  void facet(const Eigen::Vector3d& a, const Eigen::Vector3d& b, const Eigen::Vector3d& c, const float* colour) {
    Eigen::Vector3d n = (b - a).cross(c - a);
    n = n.norm() > 0 ? n.normalized() : Eigen::Vector3d(0, 0, 1);
    idx.push_back(vertex(a, n, colour));
    idx.push_back(vertex(b, n, colour));
    idx.push_back(vertex(c, n, colour));
  }
};

/// Appends `bytes` to the model's only buffer (4-byte aligned) and returns a view of it.
int add_view(tinygltf::Model& m, const void* bytes, size_t size, int target) {
  auto& data = m.buffers[0].data;
  while (data.size() % 4) data.push_back(0);
  tinygltf::BufferView v;
  v.buffer = 0;
  v.byteOffset = data.size();
  v.byteLength = size;
  v.target = target;
  const auto* b = static_cast<const unsigned char*>(bytes);
  data.insert(data.end(), b, b + size);
  m.bufferViews.push_back(v);
  return static_cast<int>(m.bufferViews.size()) - 1;
}

int add_accessor(tinygltf::Model& m, const std::vector<float>& v, int comps, bool with_bounds) {
  tinygltf::Accessor a;
  a.bufferView = add_view(m, v.data(), v.size() * sizeof(float), TINYGLTF_TARGET_ARRAY_BUFFER);
  a.componentType = TINYGLTF_COMPONENT_TYPE_FLOAT;
  a.count = v.size() / static_cast<size_t>(comps);
  a.type = comps == 2 ? TINYGLTF_TYPE_VEC2 : comps == 3 ? TINYGLTF_TYPE_VEC3 : TINYGLTF_TYPE_VEC4;
  if (with_bounds && a.count > 0) {  // POSITION needs its bounds
    a.minValues.assign(3, 1e300);
    a.maxValues.assign(3, -1e300);
    for (size_t i = 0; i < a.count; ++i)
      for (int k = 0; k < 3; ++k) {
        a.minValues[k] = std::min(a.minValues[k], static_cast<double>(v[i * 3 + k]));
        a.maxValues[k] = std::max(a.maxValues[k], static_cast<double>(v[i * 3 + k]));
      }
  }
  m.accessors.push_back(a);
  return static_cast<int>(m.accessors.size()) - 1;
}

int add_material(tinygltf::Model& m, const std::string& name, double alpha, double roughness) {
  tinygltf::Material mat;
  mat.name = name;
  mat.pbrMetallicRoughness.baseColorFactor = {1.0, 1.0, 1.0, alpha};  // the vertex colours carry the colour
  mat.pbrMetallicRoughness.metallicFactor = 0.0;
  mat.pbrMetallicRoughness.roughnessFactor = roughness;
  mat.doubleSided = true;
  if (alpha < 1.0) mat.alphaMode = "BLEND";
  m.materials.push_back(mat);
  return static_cast<int>(m.materials.size()) - 1;
}

/// Adds the parts (one primitive each, with its material) as a mesh with one node named `name`; empty parts are
/// left out, and nothing is added when all are empty.
void add_node(tinygltf::Model& m, const std::string& name, const std::vector<std::pair<const Part*, int>>& parts,
              tinygltf::Value extras = {}) {
  tinygltf::Mesh mesh;
  mesh.name = name;
  for (const auto& [part, material] : parts) {
    if (part->idx.empty()) continue;
    tinygltf::Primitive p;
    p.attributes["POSITION"] = add_accessor(m, part->pos, 3, true);
    p.attributes["NORMAL"] = add_accessor(m, part->nrm, 3, false);
    p.attributes["COLOR_0"] = add_accessor(m, part->col, 4, false);
    if (!part->uv.empty()) p.attributes["TEXCOORD_0"] = add_accessor(m, part->uv, 2, false);
    tinygltf::Accessor ia;
    ia.bufferView =
        add_view(m, part->idx.data(), part->idx.size() * sizeof(uint32_t), TINYGLTF_TARGET_ELEMENT_ARRAY_BUFFER);
    ia.componentType = TINYGLTF_COMPONENT_TYPE_UNSIGNED_INT;
    ia.count = part->idx.size();
    ia.type = TINYGLTF_TYPE_SCALAR;
    m.accessors.push_back(ia);
    p.indices = static_cast<int>(m.accessors.size()) - 1;
    p.material = material;
    p.mode = TINYGLTF_MODE_TRIANGLES;
    mesh.primitives.push_back(p);
  }
  if (mesh.primitives.empty()) return;
  m.meshes.push_back(mesh);
  tinygltf::Node node;
  node.name = name;
  node.mesh = static_cast<int>(m.meshes.size()) - 1;
  node.extras = std::move(extras);
  m.nodes.push_back(node);
  m.scenes[0].nodes.push_back(static_cast<int>(m.nodes.size()) - 1);
}

void add_node(tinygltf::Model& m, const std::string& name, const Part& part, int material,
              tinygltf::Value extras = {}) {
  add_node(m, name, {{&part, material}}, std::move(extras));
}

/// A texture image as an embedded PNG (re-encoded from the decoded pixels: the same bytes every run) with its
/// texture and a material showing it; -1 when it cannot be encoded.
int add_texture_material(tinygltf::Model& m, const ImageRef& im, int k) {
  Image rgb;
  rgb.width = im.width;
  rgb.height = im.height;
  rgb.channels = 3;
  rgb.pixels.resize(static_cast<size_t>(im.width) * static_cast<size_t>(im.height) * 3);
  for (size_t i = 0; i < static_cast<size_t>(im.width) * static_cast<size_t>(im.height); ++i)
    for (int c = 0; c < 3; ++c)
      rgb.pixels[3 * i + static_cast<size_t>(c)] =
          im.pixels[i * static_cast<size_t>(im.channels) + static_cast<size_t>(im.channels >= 3 ? c : 0)];
  const std::string png = encode_png(rgb);
  if (png.empty()) return -1;
  tinygltf::Image image;
  image.name = "skin texture " + std::to_string(k + 1);
  image.mimeType = "image/png";
  image.bufferView = add_view(m, png.data(), png.size(), 0);
  m.bufferViews.back().target = 0;  // image data: no vertex or index target
  m.images.push_back(image);
  tinygltf::Texture t;
  t.source = static_cast<int>(m.images.size()) - 1;
  m.textures.push_back(t);
  tinygltf::Material mat;
  mat.name = "skin texture " + std::to_string(k + 1);
  mat.pbrMetallicRoughness.baseColorTexture.index = static_cast<int>(m.textures.size()) - 1;
  mat.pbrMetallicRoughness.metallicFactor = 0.0;
  mat.pbrMetallicRoughness.roughnessFactor = 0.8;
  mat.doubleSided = true;
  m.materials.push_back(mat);
  return static_cast<int>(m.materials.size()) - 1;
}

/// Two unit vectors perpendicular to `d` and to each other.
std::pair<Eigen::Vector3d, Eigen::Vector3d> perpendiculars(const Eigen::Vector3d& d) {
  const Eigen::Vector3d a = std::abs(d.x()) < 0.9 ? Eigen::Vector3d::UnitX() : Eigen::Vector3d::UnitY();
  const Eigen::Vector3d u = d.cross(a).normalized();
  return {u, d.cross(u).normalized()};
}

/// Site marker: an octahedron of radius r (mm) around p, 8 facets = 24 vertices.
void marker(Part& part, const Eigen::Vector3d& p, const Eigen::Vector3d& n, double r, const float* colour) {
  const auto [u, v] = perpendiculars(n);
  const Eigen::Vector3d top = p + r * n, bottom = p - r * n;
  const Eigen::Vector3d ring[4] = {p + r * u, p + r * v, p - r * u, p - r * v};
  for (int k = 0; k < 4; ++k) {
    part.facet(top, ring[k], ring[(k + 1) % 4], colour);
    part.facet(bottom, ring[(k + 1) % 4], ring[k], colour);
  }
}

/// Needle: a three-sided prism (6 facets = 18 vertices) of half-width w from `from` to `to` (mm).
void needle(Part& part, const Eigen::Vector3d& from, const Eigen::Vector3d& to, double w, const float* colour) {
  Eigen::Vector3d d = to - from;
  d = d.norm() > 0 ? d.normalized() : Eigen::Vector3d(0, 0, 1);
  const auto [u, v] = perpendiculars(d);
  Eigen::Vector3d a[3], b[3];
  for (int k = 0; k < 3; ++k) {
    const double t = 2.0 * 3.14159265358979323846 * k / 3.0;
    const Eigen::Vector3d off = w * (std::cos(t) * u + std::sin(t) * v);
    a[k] = from + off;
    b[k] = to + off;
  }
  for (int k = 0; k < 3; ++k) {
    const int j = (k + 1) % 3;
    part.facet(a[k], a[j], b[j], colour);
    part.facet(a[k], b[j], b[k], colour);
  }
}

}  // namespace

std::string plan_glb(const Mesh& face, const Plan& plan, const std::vector<Zone>& zones, const SurfaceColour* texture) {
  tinygltf::Model m;
  m.asset.version = "2.0";
  m.asset.generator = "mesogrid";
  m.buffers.resize(1);
  m.scenes.resize(1);
  m.scenes[0].name = "mesogrid plan: " + plan.params.region;
  m.defaultScene = 0;
  const int skin_mat = add_material(m, "skin", 1.0, 0.8);
  const int site_mat = add_material(m, "sites", 1.0, 0.4);
  const int zone_mat = add_material(m, "zones", 0.45, 0.9);

  // The face, smooth shaded: shared vertices with their normals; with the scan's texture, one primitive per image
  // whose vertices are the (vertex, texture coordinate) pairs of its triangles (glTF has one uv per vertex).
  const Eigen::MatrixXd N = vertex_normals(face);
  const bool textured = texture && texture->textured(face);
  const size_t images = textured ? texture->textures.size() : 0;
  std::vector<int> tex_mat(images, -1);
  for (size_t k = 0; k < images; ++k) tex_mat[k] = add_texture_material(m, texture->textures[k], static_cast<int>(k));
  auto texture_of = [&](Eigen::Index f) -> int {
    if (!textured) return -1;
    const int t = texture->face_texture ? (*texture->face_texture)(f) : 0;
    if (t < 0 || t >= static_cast<int>(images) || tex_mat[static_cast<size_t>(t)] < 0) return -1;
    for (int k = 0; k < 3; ++k) {
      const int i = (*texture->face_uv)(f, k);
      if (i < 0 || i >= texture->uv->rows() || !texture->uv->row(i).allFinite()) return -1;
    }
    return t;
  };
  Part skin;
  std::vector<Part> skins(images);
  std::vector<std::map<std::pair<Eigen::Index, int>, uint32_t>> corner(images);
  const float white[3] = {1, 1, 1};
  bool plain = false;
  for (Eigen::Index f = 0; f < face.F.rows() && !plain; ++f) plain = texture_of(f) < 0;
  if (plain)
    for (Eigen::Index i = 0; i < face.V.rows(); ++i)
      skin.vertex(face.vertex(i), N.row(i).transpose(), GlbColours::skin);
  for (Eigen::Index f = 0; f < face.F.rows(); ++f) {
    const int t = texture_of(f);
    for (int k = 0; k < 3; ++k) {
      const Eigen::Index v = face.F(f, k);
      if (t < 0) {
        skin.idx.push_back(static_cast<uint32_t>(v));
        continue;
      }
      const int uv = (*texture->face_uv)(f, k);
      Part& part = skins[static_cast<size_t>(t)];
      auto [it, fresh] = corner[static_cast<size_t>(t)].try_emplace({v, uv}, 0u);
      if (fresh) {
        it->second = part.vertex(face.vertex(v), N.row(v).transpose(), white);
        part.uv.push_back(static_cast<float>((*texture->uv)(uv, 0)));
        part.uv.push_back(static_cast<float>(1.0 - (*texture->uv)(uv, 1)));  // glTF: v down from the image's top
      }
      part.idx.push_back(it->second);
    }
  }
  std::vector<std::pair<const Part*, int>> face_parts{{&skin, skin_mat}};
  for (size_t k = 0; k < images; ++k) face_parts.emplace_back(&skins[k], tex_mat[k]);
  add_node(m, "face", face_parts);

  // Sites: marker sized to the spacing, needle from the tip out through the skin.
  const double s = plan.params.spacing_mm;
  const double r = std::clamp(0.12 * s, 0.3, 1.2);
  Part sites;
  tinygltf::Value::Array ids, positions;
  for (const Site& site : plan.sites) {
    const bool capped = site.depth_mm < plan.params.depth_mm - 1e-9;
    marker(sites, site.position, site.normal, r, capped ? GlbColours::capped_site : GlbColours::site);
    const Eigen::Vector3d outside = site.position - site.needle * std::max(3.0, 2.5 * r);
    needle(sites, site.tip, outside, 0.08 * r + 0.05, GlbColours::needle);
    ids.emplace_back(static_cast<int>(site.id));
    positions.emplace_back(tinygltf::Value::Array{
        tinygltf::Value(site.position.x()), tinygltf::Value(site.position.y()), tinygltf::Value(site.position.z())});
  }
  tinygltf::Value::Object site_extras;
  site_extras["site_id"] = tinygltf::Value(ids);
  site_extras["position_mm"] = tinygltf::Value(positions);
  site_extras["vertices_per_site"] = tinygltf::Value(glb_vertices_per_site);
  add_node(m, "sites", sites, site_mat, tinygltf::Value(site_extras));

  // Zones: the face triangles inside each zone, lifted 0.2 mm off the skin so that they show above it.
  for (const Zone& z : zones) {
    if (z.path.empty()) continue;
    Eigen::Vector3d lo = z.path[0], hi = z.path[0];
    for (const auto& q : z.path) {
      lo = lo.cwiseMin(q);
      hi = hi.cwiseMax(q);
    }
    lo.array() -= z.radius_mm;
    hi.array() += z.radius_mm;
    const float* colour = z.keep_out() ? GlbColours::exclude_zone : GlbColours::cap_zone;
    const ZoneTest test(z, plan.params.frame);
    Part part;
    std::vector<int64_t> remap(static_cast<size_t>(face.V.rows()), -1);
    std::vector<char> in(static_cast<size_t>(face.V.rows()), -1);
    auto inside = [&](Eigen::Index v) {
      char& c = in[static_cast<size_t>(v)];
      if (c < 0) {
        const Eigen::Vector3d p = face.vertex(v);
        c = (p.array() >= lo.array()).all() && (p.array() <= hi.array()).all() && test.contains(p);
      }
      return c == 1;
    };
    for (Eigen::Index f = 0; f < face.F.rows(); ++f) {
      if (!(inside(face.F(f, 0)) && inside(face.F(f, 1)) && inside(face.F(f, 2)))) continue;
      for (int k = 0; k < 3; ++k) {
        const Eigen::Index v = face.F(f, k);
        int64_t& j = remap[static_cast<size_t>(v)];
        if (j < 0) {
          const Eigen::Vector3d n = N.row(v).transpose();
          j = part.vertex(face.vertex(v) + 0.2 * n, n, colour, 0.6f);
        }
        part.idx.push_back(static_cast<uint32_t>(j));
      }
    }
    tinygltf::Value::Object extras;
    extras["kind"] = tinygltf::Value(z.kind);
    extras["rule"] = tinygltf::Value(std::string(z.keep_out() ? "keep-out" : "depth-limited"));
    if (!z.keep_out())
      extras["vessel_depth_min_mm"] =
          tinygltf::Value(*std::min_element(z.vessel_depth_mm.begin(), z.vessel_depth_mm.end()));
    extras["radius_mm"] = tinygltf::Value(z.radius_mm);
    add_node(m, "zone " + z.name, part, zone_mat, tinygltf::Value(extras));
  }

  tinygltf::TinyGLTF writer;
  std::ostringstream out;
  if (!writer.WriteGltfSceneToStream(&m, out, false, true))
    throw input_error("the 3D scene (glTF) could not be written");
  return out.str();
}

}  // namespace mesogrid::cli

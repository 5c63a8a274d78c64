// src/texture.cpp: see texture.hpp.
#include "texture.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <mesogrid/core/error.hpp>
#include <mesogrid/core/input_file.hpp>
#include <mesogrid/core/text.hpp>

#ifdef MESOGRID_HAVE_STB
#include <stb_image.h>
#include <stb_image_write.h>
#endif

namespace mesogrid::cli {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool is_number(std::string_view t) {
  double v = 0;
  if (!t.empty() && t.front() == '+') t.remove_prefix(1);
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  return ec == std::errc() && end == t.data() + t.size();
}

}  // namespace

#ifdef MESOGRID_HAVE_STB

bool texture_available() { return true; }

TextureImage decode_texture_image(std::string_view bytes, const std::string& name) {
  if (bytes.size() > max_texture_file_bytes || bytes.size() > static_cast<size_t>(std::numeric_limits<int>::max()))
    throw input_error("texture '" + name + "' is larger than 256 MiB: give a smaller texture image");
  const auto* data = reinterpret_cast<const stbi_uc*>(bytes.data());
  const int len = static_cast<int>(bytes.size());
  int w = 0, h = 0, c = 0;
  if (!stbi_info_from_memory(data, len, &w, &h, &c))
    throw input_error("texture '" + name + "' is not an image mesogrid can read (" +
                      std::string(stbi_failure_reason() ? stbi_failure_reason() : "unknown format") +
                      "): give a PNG or JPEG");
  if (w <= 0 || h <= 0 || static_cast<long long>(w) * h > max_texture_pixels)
    throw input_error("texture '" + name + "' is " + std::to_string(w) + " x " + std::to_string(h) +
                      " pixels, more than 8192 x 8192: give a smaller texture image");
  stbi_uc* px = stbi_load_from_memory(data, len, &w, &h, &c, 0);
  if (!px)
    throw input_error("texture '" + name + "' cannot be decoded (" +
                      std::string(stbi_failure_reason() ? stbi_failure_reason() : "corrupt image") +
                      "): export the texture again as PNG or JPEG");
  TextureImage t;
  t.width = w;
  t.height = h;
  t.channels = c;
  t.pixels.assign(px, px + static_cast<size_t>(w) * static_cast<size_t>(h) * static_cast<size_t>(c));
  stbi_image_free(px);
  return t;
}

namespace {
void append_bytes(void* context, void* data, int size) {
  static_cast<std::string*>(context)->append(static_cast<const char*>(data), static_cast<size_t>(size));
}
}  // namespace

std::string encode_png(const Image& img) {
  std::string out;
  if (img.width <= 0 || img.height <= 0 || (img.channels != 1 && img.channels != 3)) return out;
  if (!stbi_write_png_to_func(append_bytes, &out, img.width, img.height, img.channels, img.pixels.data(),
                              img.width * img.channels))
    out.clear();
  return out;
}

#else

bool texture_available() { return false; }

std::string encode_png(const Image&) { return {}; }

TextureImage decode_texture_image(std::string_view, const std::string& name) {
  throw input_error("texture '" + name + "': this build of mesogrid reads no images (install libstb-dev and rebuild)");
}

#endif

TextureImage read_texture_image(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec))
    throw input_error("texture '" + path +
                      "' is missing or not a file: put the image beside the MTL file or fix its map_Kd line");
  const auto size = fs::file_size(path, ec);
  if (ec || size > max_texture_file_bytes)
    throw input_error("texture '" + path + "' is larger than 256 MiB (or unreadable): give a smaller texture image");
  std::ifstream in(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) throw input_error("texture '" + path + "' cannot be read");
  return decode_texture_image(bytes, path);
}

namespace {

void finish_colour(ScanTexture& t) {
  t.colour = SurfaceColour{};
  for (const auto& im : t.images) t.colour.textures.push_back(im.ref());
  t.colour.uv = &t.uv;
  t.colour.face_uv = &t.face_uv;
  t.colour.face_texture = &t.face_texture;
}

/// Largest sum of decoded texture pixels of one scan (several materials): 2 images of the largest size.
constexpr long long max_scan_texture_pixels = 2 * max_texture_pixels;

}  // namespace

std::shared_ptr<ScanTexture> load_scan_texture(const std::string& mesh_path, const TexCoords& tc,
                                               std::vector<std::string>& notes) {
  namespace fs = std::filesystem;
  if (tc.empty()) return nullptr;
  if (!texture_available()) {
    notes.push_back(
        "the mesh has texture coordinates, but this build reads no images (install libstb-dev and "
        "rebuild): the face is drawn shaded");
    return nullptr;
  }
  if (tc.mtllibs.empty()) {
    notes.push_back("the mesh has texture coordinates but names no material file (mtllib): the face is drawn shaded");
    return nullptr;
  }
  const fs::path mesh_dir = fs::path(mesh_path).parent_path();
  // a path written in a file: relative, and inside `dir` (no '..' out of it); else why not
  auto inside = [](const std::string& written) -> std::string {
    const fs::path p = fs::path(written).lexically_normal();
    if (p.empty() || p.is_absolute() || p.has_root_name()) return "an absolute path";
    if (!p.empty() && *p.begin() == "..") return "outside the folder of the file naming it";
    return {};
  };
  auto shown = [](const fs::path& p) { return text::path_shown(p.string()); };
  std::vector<std::pair<std::string, fs::path>> maps;  // material -> image path
  for (const std::string& lib : tc.mtllibs) {
    if (const std::string why = inside(lib); !why.empty()) {
      notes.push_back("material file '" + text::escaped(lib, 200) + "' is " + why +
                      ": not read (put it beside the mesh); the face is drawn shaded where it is missing");
      continue;
    }
    const fs::path mtl = mesh_dir / lib;
    std::string text;
    try {
      text = read_input_file(mtl.string(), "material file", 16u << 20);
    } catch (const Error& e) {
      notes.push_back(std::string("texture not drawn: ") + e.what());
      continue;
    }
    for (const auto& [material, file] : parse_mtl_textures(text)) {
      if (const std::string why = inside(file); !why.empty()) {
        notes.push_back("texture '" + text::escaped(file, 200) + "' of " + shown(mtl) + " is " + why +
                        ": not read (put the image beside the MTL file)");
        continue;
      }
      maps.emplace_back(material, mtl.parent_path() / file);
    }
  }
  auto t = std::make_shared<ScanTexture>();
  std::vector<int> material_image(tc.materials.size(), -1);
  long long pixels = 0;
  for (size_t m = 0; m < tc.materials.size(); ++m) {
    const fs::path* file = nullptr;
    for (const auto& [name, path] : maps)
      if (name == tc.materials[m]) file = &path;
    if (!file) continue;
    const std::string f = file->lexically_normal().string();
    for (size_t k = 0; k < t->files.size(); ++k)
      if (t->files[k] == f) material_image[m] = static_cast<int>(k);
    if (material_image[m] >= 0) continue;
    try {
      const std::string bytes =
          InputFile(f, "texture image", max_texture_file_bytes, "give a smaller texture image").all();
      TextureImage img = decode_texture_image(bytes, text::path_shown(f));
      if (pixels + static_cast<long long>(img.width) * img.height > max_scan_texture_pixels) {
        notes.push_back("texture '" + text::path_shown(f) + "' not read: the scan's textures exceed " +
                        std::to_string(max_scan_texture_pixels / 1000000) + " million pixels together");
        continue;
      }
      pixels += static_cast<long long>(img.width) * img.height;
      material_image[m] = static_cast<int>(t->images.size());
      t->images.push_back(std::move(img));
      t->files.push_back(f);
    } catch (const Error& e) {
      notes.push_back(std::string("texture not drawn: ") + e.what());
    } catch (const std::bad_alloc&) {
      notes.push_back("texture '" + text::path_shown(f) + "' not read: out of memory");
    }
  }
  if (t->images.empty()) return nullptr;
  t->uv = tc.uv;
  t->face_uv = tc.face_uv;
  t->face_texture.resize(tc.face_material.size());
  long textured = 0;
  for (Eigen::Index f = 0; f < tc.face_material.size(); ++f) {
    const int m = tc.face_material(f);
    t->face_texture(f) =
        m >= 0 && m < static_cast<int>(material_image.size()) ? material_image[static_cast<size_t>(m)] : -1;
    textured += t->face_texture(f) >= 0 && t->face_uv(f, 0) >= 0;
  }
  if (textured == 0) return nullptr;
  finish_colour(*t);
  std::string list;
  for (const auto& f : t->files) list += (list.empty() ? "" : ", ") + text::path_shown(f);
  notes.push_back("texture: " + list + " (" + std::to_string(textured) + " of " +
                  std::to_string(tc.face_material.size()) + " triangles textured)");
  return t;
}

std::shared_ptr<ScanTexture> texture_on_part(const ScanTexture& t, const Mesh& from, const Mesh& to) {
  // triangles of `from` by their corners' positions (exact: `to` copies them)
  auto key = [](const Mesh& m, Eigen::Index f) {
    std::array<std::array<double, 3>, 3> k;
    for (int c = 0; c < 3; ++c)
      for (int d = 0; d < 3; ++d) k[static_cast<size_t>(c)][static_cast<size_t>(d)] = m.V(m.F(f, c), d);
    return k;
  };
  std::map<std::array<std::array<double, 3>, 3>, Eigen::Index> index;
  for (Eigen::Index f = 0; f < from.num_faces(); ++f) index.emplace(key(from, f), f);
  auto out = std::make_shared<ScanTexture>();
  out->images = t.images;
  out->files = t.files;
  out->uv = t.uv;
  out->face_uv.setConstant(to.num_faces(), 3, -1);
  out->face_texture.setConstant(to.num_faces(), -1);
  long found = 0;
  for (Eigen::Index f = 0; f < to.num_faces(); ++f) {
    const auto it = index.find(key(to, f));
    if (it == index.end() || it->second >= t.face_uv.rows()) continue;
    out->face_uv.row(f) = t.face_uv.row(it->second);
    out->face_texture(f) = t.face_texture(it->second);
    ++found;
  }
  if (found == 0) return nullptr;
  finish_colour(*out);
  return out;
}

std::vector<std::pair<std::string, std::string>> parse_mtl_textures(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  std::string material;
  size_t pos = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;
  while (pos < text.size()) {
    size_t end = text.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = trim(text.substr(pos, end - pos));
    pos = end + 1;
    if (line.empty() || line.front() == '#') continue;
    const size_t sp = line.find_first_of(" \t");
    const std::string_view kw = line.substr(0, sp);
    std::string_view rest = sp == std::string_view::npos ? std::string_view() : trim(line.substr(sp));
    if (kw == "newmtl") {
      material = std::string(rest);
      continue;
    }
    if (kw != "map_Kd" || material.empty()) continue;
    // options before the file name: -o/-s/-t take 1-3 numbers, -mm 2, the others 1
    for (;;) {
      if (rest.empty() || rest.front() != '-') break;
      const size_t e = rest.find_first_of(" \t");
      const std::string_view opt = rest.substr(0, e);
      rest = e == std::string_view::npos ? std::string_view() : trim(rest.substr(e));
      const bool vector = opt == "-o" || opt == "-s" || opt == "-t";
      const int args = vector ? 3 : opt == "-mm" ? 2 : 1;
      for (int a = 0; a < args && !rest.empty(); ++a) {
        const size_t e2 = rest.find_first_of(" \t");
        const std::string_view tok = rest.substr(0, e2);
        if (vector && a > 0 && !is_number(tok)) break;
        rest = e2 == std::string_view::npos ? std::string_view() : trim(rest.substr(e2));
      }
    }
    if (rest.empty()) continue;
    std::string file(rest);
    for (char& ch : file)
      if (ch == '\\') ch = '/';  // written on Windows
    bool replaced = false;
    for (auto& [m, f] : out)
      if (m == material) f = file, replaced = true;
    if (!replaced) out.emplace_back(material, file);
  }
  return out;
}

}  // namespace mesogrid::cli

// src/texture.cpp: see texture.hpp.
#include "texture.hpp"

#include <cctype>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <mesogrid/core/error.hpp>

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

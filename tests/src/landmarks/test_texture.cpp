// Tests of src/texture.* (scan textures): MTL map_Kd parsing, PNG/JPEG decoding through stb_image, hostile
// images refused with one clear error, and a decoded texture shading a mesh through its UVs.
#include <doctest/doctest.h>

#include <stb_image_write.h>

#include <cstring>
#include <string>
#include <vector>

#include "landmarks/texture.hpp"
#include "support.hpp"

using namespace mesogrid;
using namespace mesogrid::cli;

namespace {

/// A w x h RGB image encoded as PNG (or JPEG) in memory by stb_image_write.
std::string encode(const std::vector<std::uint8_t>& rgb, int w, int h, bool jpeg = false) {
  std::string out;
  auto sink = [](void* ctx, void* data, int size) {
    static_cast<std::string*>(ctx)->append(static_cast<char*>(data), static_cast<size_t>(size));
  };
  if (jpeg)
    stbi_write_jpg_to_func(sink, &out, w, h, 3, rgb.data(), 95);
  else
    stbi_write_png_to_func(sink, &out, w, h, 3, rgb.data(), w * 3);
  return out;
}

}  // namespace

TEST_CASE("MTL: the diffuse map of each material, its options left out") {
  const std::string mtl =
      "\xEF\xBB\xBF# exported\r\n"
      "newmtl skin\r\n"
      "Kd 0.8 0.8 0.8\r\n"
      "map_Kd -s 1 1 1 -o 0 0 -clamp on face texture.jpg\r\n"
      "newmtl eyes\n"
      "map_Ka ambient.png\n"
      "newmtl hair\n"
      "map_Kd -bm 0.5 textures\\hair.png\n"
      "newmtl plain\n"
      "Kd 1 0 0\n";
  const auto t = parse_mtl_textures(mtl);
  REQUIRE(t.size() == 2);
  CHECK(t[0].first == "skin");
  CHECK(t[0].second == "face texture.jpg");  // a file name with a space
  CHECK(t[1].first == "hair");
  CHECK(t[1].second == "textures/hair.png");                     // Windows separators
  CHECK(parse_mtl_textures("map_Kd orphan.png\n").empty());      // no material yet
  CHECK(parse_mtl_textures("newmtl a\nmap_Kd -s 2\n").empty());  // options and no file
}

TEST_CASE("PNG and JPEG decode to their pixels; the image's row 0 is its top") {
  if (!texture_available()) return;
  const int w = 4, h = 2;
  std::vector<std::uint8_t> rgb(w * h * 3);
  for (int i = 0; i < w * h; ++i)
    rgb[3 * i] = static_cast<std::uint8_t>(30 * i), rgb[3 * i + 1] = 7, rgb[3 * i + 2] = 200;
  const TextureImage png = decode_texture_image(encode(rgb, w, h), "t.png");
  CHECK(png.width == 4);
  CHECK(png.height == 2);
  CHECK(png.channels == 3);
  CHECK(png.pixels == rgb);
  // a flat colour survives JPEG within its quantisation
  std::vector<std::uint8_t> flat(16 * 16 * 3);
  for (size_t i = 0; i < flat.size(); i += 3) flat[i] = 200, flat[i + 1] = 120, flat[i + 2] = 40;
  const TextureImage jpg = decode_texture_image(encode(flat, 16, 16, true), "t.jpg");
  REQUIRE(jpg.width == 16);
  CHECK(std::abs(jpg.pixels[0] - 200) <= 4);
  CHECK(std::abs(jpg.pixels[1] - 120) <= 4);
  CHECK(std::abs(jpg.pixels[2] - 40) <= 4);
}

TEST_CASE("hostile images: one clear error naming the file, nothing decoded") {
  if (!texture_available()) return;
  ErrorKind code = ErrorKind::usage;
  CHECK(test::error_of([] { decode_texture_image("not an image at all", "bad.png"); }, &code)
            .find("texture 'bad.png' is not an image") == 0);
  CHECK(code == ErrorKind::input);
  std::string png = encode(std::vector<std::uint8_t>(4 * 4 * 3, 9), 4, 4);
  CHECK(test::error_of([&] {
          decode_texture_image(png.substr(0, png.size() / 2), "cut.png");
        }).find("texture 'cut.png'") == 0);
  // a PNG header claiming 9000 x 9000 pixels: refused from the header, before any allocation
  std::string huge = png;
  const unsigned char dims[8] = {0, 0, 0x23, 0x28, 0, 0, 0x23, 0x28};
  std::memcpy(&huge[16], dims, 8);  // IHDR width and height
  CHECK(test::error_of([&] { decode_texture_image(huge, "huge.png"); }).find("more than 8192 x 8192") !=
        std::string::npos);
  CHECK(test::error_of([] {
          read_texture_image("/nonexistent/skin.jpg");
        }).find("texture '/nonexistent/skin.jpg' is missing") == 0);
}

TEST_CASE("a decoded texture shades a mesh through its UVs") {
  if (!texture_available()) return;
  // a 2 x 1 texture, red | blue, on a square whose u runs along x
  const TextureImage t = decode_texture_image(encode({255, 0, 0, 0, 0, 255}, 2, 1), "rb.png");
  Mesh m;
  m.V.resize(4, 3);
  m.V << 0, 0, 0, 10, 0, 0, 10, 10, 0, 0, 10, 0;
  m.F.resize(2, 3);
  m.F << 0, 1, 2, 0, 2, 3;
  Eigen::MatrixXd uv(4, 2);
  uv << 0.25, 0.5, 0.75, 0.5, 0.75, 0.5, 0.25, 0.5;
  Eigen::MatrixXi fuv = m.F;
  OrthoView v;
  v.center = Eigen::Vector3d(5, 5, 0);
  v.width = v.height = 10;
  const Raster r = rasterize(m, v);
  ShadeOptions so;
  so.ambient = 1;
  so.diffuse = 0;
  SurfaceColour c;
  c.textures = {t.ref()};
  c.uv = &uv;
  c.face_uv = &fuv;
  const Image img = shade(m, v, r, vertex_normals(m), so, c);
  CHECK(img.at(0, 5)[0] > 220);  // left: red
  CHECK(img.at(0, 5)[2] < 35);
  CHECK(img.at(9, 5)[2] > 220);  // right: blue
  CHECK(img.at(9, 5)[0] < 35);
}

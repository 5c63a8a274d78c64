// src/texture.hpp: the texture of a scan: the diffuse maps of an OBJ's material file (MTL `map_Kd`) and the
// decoding of their images (PNG, JPEG, BMP, TGA; stb_image from Debian's libstb-dev, never a hand-written
// decoder). Images are untrusted input: their size is checked from the header before anything is decoded.
// Available when built with stb; otherwise texture_available() is false and textures are not read.
#pragma once
#include <cstdint>
#include <memory>
#include <mesogrid/geometry/raster.hpp>
#include <mesogrid/io/types.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mesogrid::cli {

/// A decoded image: `channels` bytes per pixel (1 grey, 2 grey + alpha, 3 RGB, 4 RGBA), row 0 at the top.
struct TextureImage {
  int width = 0, height = 0, channels = 0;
  std::vector<std::uint8_t> pixels;
  ImageRef ref() const { return ImageRef{width, height, channels, pixels.data()}; }
};

/// Largest image decoded: 8192 x 8192 pixels (a phone or photogrammetry texture is 2-8K a side); above it,
/// and for an image file over 256 MiB, read_texture_image refuses.
inline constexpr long long max_texture_pixels = 8192LL * 8192LL;
inline constexpr unsigned long long max_texture_file_bytes = 256ull << 20;

bool texture_available();

/// Decodes an image held in memory. Throws input_error (exit 2) naming `name`: not an image stb can read,
/// or larger than max_texture_pixels.
TextureImage decode_texture_image(std::string_view bytes, const std::string& name);

/// Reads and decodes an image file; throws input_error naming the file (missing, too large, undecodable).
TextureImage read_texture_image(const std::string& path);

/// The diffuse texture of each material of an MTL file's text: (material name, image path as written, with
/// `map_Kd` options such as -s, -o or -clamp left out), in file order. Materials without map_Kd are left out.
std::vector<std::pair<std::string, std::string>> parse_mtl_textures(std::string_view text);

/// A scan's texture ready to draw: the decoded images of its materials and, per triangle of the face's mesh, the
/// corners' texture coordinates and image. `colour` points into this object (never copied: held by a shared_ptr).
struct ScanTexture {
  std::vector<TextureImage> images;
  std::vector<std::string> files;  ///< the image of each entry of `images`, as shown in notes
  Eigen::MatrixXd uv;
  Eigen::MatrixXi face_uv;
  Eigen::VectorXi face_texture;
  SurfaceColour colour;
  ScanTexture() = default;
  ScanTexture(const ScanTexture&) = delete;
  ScanTexture& operator=(const ScanTexture&) = delete;
};

/// The texture of a mesh read from `mesh_path` with texture coordinates `tc` (io/types.hpp): its material files
/// (mtllib, beside the mesh) read and their map_Kd images (beside the MTL file) decoded. Anything missing,
/// unreadable, too large, not an image, or outside the MTL's folder is said in `notes` (one line each) and its
/// triangles are drawn shaded; nullptr when no triangle can be textured. Never throws for a bad texture.
std::shared_ptr<ScanTexture> load_scan_texture(const std::string& mesh_path, const TexCoords& tc,
                                               std::vector<std::string>& notes);

/// Carries a texture onto `to`, a copy of part of the mesh `from` it was loaded for (the same vertex positions, e.g.
/// the part a landmark fit covers): each triangle of `to` takes the texture of the triangle of `from` with the same
/// corners. nullptr when none matches.
std::shared_ptr<ScanTexture> texture_on_part(const ScanTexture& t, const Mesh& from, const Mesh& to);

/// The PNG bytes of an 8-bit image (1 grey or 3 RGB channels; stb_image_write from libstb-dev): deterministic, the
/// same image gives the same bytes. Empty when this build has no stb (texture_available() false).
std::string encode_png(const Image& img);

}  // namespace mesogrid::cli

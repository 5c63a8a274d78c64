// Tests of src/landmarks/shape_model.* (dlib's 68-point shape predictor, read and evaluated without dlib's
// reader): files that are not a model are refused with what is wrong; dlib's model (Debian libdlib-data),
// when installed, reads as 15 cascades of 68 points and puts the points of the built-in face's render where
// the detection test expects them (test_autolandmarks.cpp runs the whole detection on it).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "landmarks/face_model.hpp"
#include "landmarks/shape_model.hpp"

using namespace mesogrid;
using namespace mesogrid::cli;

namespace {

std::string parse_error(const std::string& bytes) {
  try {
    (void)ShapeModel::parse(bytes.data(), bytes.size());
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("ShapeModel: bytes that are not a version 1 dlib shape predictor are refused, saying why") {
  CHECK(parse_error("").find("is not a dlib 68-point shape predictor (the file ends early at byte 0)") == 0);
  CHECK(parse_error(std::string("\x01\x02", 2)).find("not a version 1") != std::string::npos);
  // version 1, then a 2 x 1 matrix (dlib's current format: negative sizes) of two floats: 1 point, not 68
  const std::string one_point = std::string("\x01\x01", 2) + std::string("\x81\x02\x81\x01", 4) +
                                std::string("\x01\x01\x01\x00", 4) + std::string("\x01\x01\x01\x00", 4);
  CHECK(parse_error(one_point).find("the model does not have 68 points") != std::string::npos);
  // a control byte with reserved bits set is not dlib's
  CHECK(parse_error(std::string("\x31\x01", 2)).find("control byte") != std::string::npos);
  // a count larger than the bytes that follow allocates nothing
  std::string lying = std::string("\x01\x01", 2) + std::string("\x81\x88\x81\x01", 4);
  for (int k = 0; k < 136; ++k) lying += std::string("\x01\x01\x01\x00", 4);
  lying += std::string("\x08\xff\xff\xff\xff\xff\xff\xff\x7f", 9);
  CHECK(parse_error(lying).find("a count exceeds the file's size") != std::string::npos);
  CHECK_THROWS_AS(ShapeModel::read("/nonexistent/shape_predictor.dat"), std::runtime_error);
}

TEST_CASE("ShapeModel: dlib's model reads whole (15 cascades, 68 points)") {
  if (!std::ifstream(dlib_model_path())) {
    MESSAGE("SKIP: " << dlib_model_path() << " not installed (libdlib-data)");
    return;
  }
  const ShapeModel m = ShapeModel::read(dlib_model_path());
  CHECK(m.parts() == 68);
  CHECK(m.cascades() == 15);
}

TEST_CASE("ShapeModel: the same 68 points as dlib's own shape predictor, on every branch of its trees") {
  if (!dlib_available() || !std::ifstream(dlib_model_path())) {
    MESSAGE("SKIP: dlib or " << dlib_model_path() << " not installed (libdlib-dev, libdlib-data)");
    return;
  }
  const ShapeModel m = ShapeModel::read(dlib_model_path());
  // pseudo-random grey noise (every pixel-difference test goes either way) and a smooth RGB gradient with a
  // dark blob (the colour-to-grey conversion, and points pushed off the image: pixels outside read 0)
  Image noise{320, 280, 1, {}};
  noise.pixels.resize(320 * 280);
  std::uint32_t state = 12345u;
  for (auto& v : noise.pixels) {
    state = state * 1664525u + 1013904223u;
    v = static_cast<std::uint8_t>(state >> 24);
  }
  Image shaded{240, 300, 3, {}};
  for (int y = 0; y < shaded.height; ++y)
    for (int x = 0; x < shaded.width; ++x) {
      const double r2 = (x - 120.0) * (x - 120.0) + (y - 170.0) * (y - 170.0);
      const double g = 40.0 + 180.0 * (x + y) / 540.0 - (r2 < 900.0 ? 60.0 : 0.0);
      shaded.pixels.push_back(static_cast<std::uint8_t>(g));
      shaded.pixels.push_back(static_cast<std::uint8_t>(255.0 - g));
      shaded.pixels.push_back(static_cast<std::uint8_t>((x * 7 + y * 3) % 256));
    }
  const std::vector<std::pair<const Image*, FaceBox>> cases = {
      {&noise, {60, 40, 260, 240, 1}},  {&noise, {10.4, 20.6, 150.2, 170.9, 1}}, {&noise, {-30, -20, 200, 210, 1}},
      {&shaded, {40, 70, 200, 230, 1}}, {&shaded, {100, 120, 300, 330, 1}},
  };
  for (const auto& [img, box] : cases) {
    const auto ours = m(*img, box);
    const auto theirs = dlib_reference_shape(*img, box);
    double worst = 0;
    for (size_t k = 0; k < 68; ++k) worst = std::max(worst, (ours[k] - theirs[k]).norm());
    CHECK(worst == 0.0);
  }
}

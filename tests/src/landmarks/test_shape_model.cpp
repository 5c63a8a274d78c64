// Tests of src/landmarks/shape_model.* (dlib's 68-point shape predictor, read and evaluated without dlib's
// reader): files that are not a model are refused with what is wrong; dlib's model (Debian libdlib-data),
// when installed, reads as 15 cascades of 68 points and puts the points of the built-in face's render where
// the detection test expects them (test_autolandmarks.cpp runs the whole detection on it).
#include <doctest/doctest.h>

#include <fstream>
#include <stdexcept>
#include <string>

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

// src/face_model.cpp: see face_model.hpp.
#include "face_model.hpp"

#include <cstdlib>
#include <fstream>
#include <future>
#include <memory>
#include <mesogrid/core/error.hpp>
#include <mutex>
#include <streambuf>

#include "shape_model.hpp"

#ifdef MESOGRID_HAVE_DLIB
#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#endif

#ifdef MESOGRID_FACE_DETECTOR_DATA
namespace mesogrid::cli {
extern const unsigned char face_detector_bytes[];  // face_detector_data.cpp, made at build time
extern const std::size_t face_detector_size;
}  // namespace mesogrid::cli
#endif

#ifndef MESOGRID_DLIB_MODEL_PATH
#define MESOGRID_DLIB_MODEL_PATH "/usr/share/dlib/shape_predictor_68_face_landmarks.dat"
#endif

namespace mesogrid::cli {

std::string dlib_model_path() {
  const char* env = std::getenv("MESOGRID_DLIB_MODEL");
  return env && *env ? std::string(env) : std::string(MESOGRID_DLIB_MODEL_PATH);
}

#ifdef MESOGRID_HAVE_DLIB

bool dlib_available() { return true; }

namespace {

/// dlib's image type for an 8-bit grey mesogrid::Image (a view of its pixels would need dlib's generic
/// image interface; a copy of a few hundred thousand bytes is cheaper than the detector's first level).
dlib::array2d<unsigned char> to_dlib(const Image& img) {
  dlib::array2d<unsigned char> g(img.height, img.width);
  for (int y = 0; y < img.height; ++y) {
    const std::uint8_t* row = img.at(0, y);
    for (int x = 0; x < img.width; ++x) {
      const std::uint8_t* p = row + static_cast<size_t>(x) * static_cast<size_t>(img.channels);
      g[y][x] =
          img.channels >= 3 ? static_cast<unsigned char>((299 * p[0] + 587 * p[1] + 114 * p[2] + 500) / 1000) : p[0];
    }
  }
  return g;
}

struct Models {
  std::shared_future<std::shared_ptr<const dlib::frontal_face_detector>> detector;
  std::shared_future<std::shared_ptr<const ShapeModel>> predictor;
};

/// A read-only stream buffer over bytes in memory.
struct MemoryBuffer : std::streambuf {
  MemoryBuffer(const unsigned char* p, std::size_t n) {
    char* b = const_cast<char*>(reinterpret_cast<const char*>(p));
    setg(b, b, b + n);
  }
};

dlib::frontal_face_detector make_detector() {
#ifdef MESOGRID_FACE_DETECTOR_DATA
  MemoryBuffer buf(face_detector_bytes, face_detector_size);
  std::istream in(&buf);
  dlib::frontal_face_detector d;
  dlib::deserialize(d, in);
  return d;
#else
  return dlib::get_frontal_face_detector();
#endif
}

const Models& models() {
  static const Models m = [] {
    Models r;
    r.detector = std::async(std::launch::async, [] {
                   return std::shared_ptr<const dlib::frontal_face_detector>(
                       std::make_shared<dlib::frontal_face_detector>(make_detector()));
                 }).share();
    const std::string path = dlib_model_path();
    r.predictor = std::async(std::launch::async, [path] {
                    std::shared_ptr<const ShapeModel> sp;
                    try {
                      sp = std::make_shared<const ShapeModel>(ShapeModel::read(path));
                    } catch (const std::bad_alloc&) {
                      throw;
                    } catch (const std::exception& e) {
                      throw input_error("the face landmark model '" + path + "' " + e.what() +
                                        ": install the Debian package libdlib-data (or set MESOGRID_DLIB_MODEL "
                                        "to its shape_predictor_68_face_landmarks.dat)");
                    }
                    return sp;
                  }).share();
    return r;
  }();
  return m;
}

}  // namespace

FaceFinder2D dlib_face_finder() {
  const Models& m = models();
  FaceFinder2D f;
  f.detect = [m](const Image& img) {
    // the detector is not safe for concurrent use: each call scans with its own copy (its filters are
    // shared read-only data; the copy costs a fraction of a millisecond)
    dlib::frontal_face_detector det = *m.detector.get();
    const dlib::array2d<unsigned char> g = to_dlib(img);
    std::vector<dlib::rect_detection> found;
    det(g, found, 0.0);
    std::vector<FaceBox> out;
    for (const auto& d : found)
      out.push_back({static_cast<double>(d.rect.left()), static_cast<double>(d.rect.top()),
                     static_cast<double>(d.rect.right() + 1), static_cast<double>(d.rect.bottom() + 1),
                     d.detection_confidence});
    std::stable_sort(out.begin(), out.end(), [](const FaceBox& a, const FaceBox& b) { return a.score > b.score; });
    return out;
  };
  f.shape = [m](const Image& img, const FaceBox& box) { return (*m.predictor.get())(img, box); };
  return f;
}

std::array<Eigen::Vector2d, 68> dlib_reference_shape(const Image& img, const FaceBox& box) {
  dlib::shape_predictor sp;
  try {
    dlib::deserialize(dlib_model_path()) >> sp;
  } catch (const std::exception& e) {
    throw input_error(std::string("dlib could not read its shape predictor ") + dlib_model_path() + ": " + e.what());
  }
  const dlib::array2d<unsigned char> g = to_dlib(img);
  // the box as dlib's detector gives it: inclusive pixel corners
  const dlib::rectangle r(std::lround(box.left), std::lround(box.top), std::lround(box.right) - 1,
                          std::lround(box.bottom) - 1);
  const dlib::full_object_detection d = sp(g, r);
  std::array<Eigen::Vector2d, 68> out;
  for (unsigned k = 0; k < 68 && k < d.num_parts(); ++k)
    out[k] = Eigen::Vector2d(static_cast<double>(d.part(k).x()) + 0.5, static_cast<double>(d.part(k).y()) + 0.5);
  return out;
}

#else

bool dlib_available() { return false; }

FaceFinder2D dlib_face_finder() {
  const auto missing = [] {
    return usage_error(
        "--landmarks auto needs dlib, which this build of mesogrid lacks: install the Debian packages "
        "libdlib-dev and libdlib-data (scripts/deps.sh does) and rebuild");
  };
  FaceFinder2D f;
  f.detect = [missing](const Image&) -> std::vector<FaceBox> { throw missing(); };
  f.shape = [missing](const Image&, const FaceBox&) -> std::array<Eigen::Vector2d, 68> { throw missing(); };
  return f;
}

std::array<Eigen::Vector2d, 68> dlib_reference_shape(const Image&, const FaceBox&) {
  throw usage_error("dlib is not in this build: install libdlib-dev and libdlib-data and rebuild");
}

#endif

}  // namespace mesogrid::cli

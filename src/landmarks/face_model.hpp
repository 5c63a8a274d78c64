// src/face_model.hpp: the 2D face finder of the automatic landmarks, dlib's: the HOG frontal face detector
// (built into the library) and the 68-point iBUG shape predictor (Debian libdlib-data:
// /usr/share/dlib/shape_predictor_68_face_landmarks.dat, CC0, read by shape_model.hpp). The detector is
// deserialized from bytes decoded at build time (gen_face_detector.cpp; a few ms), the predictor's 100 MB
// take about 0.3 s: both load on background threads started by dlib_face_finder() and each call waits
// only for what it needs.
// Available when built with dlib (Debian libdlib-dev); otherwise dlib_available() is false.
#pragma once
#include <string>

#include "autolandmarks.hpp"

namespace mesogrid::cli {

/// Whether this build has dlib.
bool dlib_available();

/// Where the shape predictor model is read from: $MESOGRID_DLIB_MODEL when set, else the path configured
/// at build time (Debian's).
std::string dlib_model_path();

/// The dlib face finder. Starts loading the detector and the model in the background at the first call
/// (later calls share them). The functions throw usage_error (exit 1) when this build has no dlib and
/// input_error (exit 2) when the model file is missing or unreadable, naming the packages to install.
FaceFinder2D dlib_face_finder();

/// dlib's own shape predictor on the face in `box`, the model read by dlib's reader (about 1.3 s per call);
/// points as ShapeModel gives them (pixel centres at + 0.5):
/// the reference the tests hold shape_model.hpp's reader and evaluator to. Throws like dlib_face_finder().
std::array<Eigen::Vector2d, 68> dlib_reference_shape(const Image& img, const FaceBox& box);

}  // namespace mesogrid::cli

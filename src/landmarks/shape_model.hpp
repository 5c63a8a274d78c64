// src/landmarks/shape_model.hpp: the 68-point face shape predictor of the automatic landmarks: dlib's
// ensemble of regression trees (Kazemi and Sullivan, "One millisecond face alignment with an ensemble of
// regression trees", CVPR 2014), read from dlib's model file (Debian libdlib-data:
// shape_predictor_68_face_landmarks.dat, CC0) and evaluated as dlib's shape_predictor does.
//
// Why not dlib's own class: its reader decodes the 100 MB file one byte at a time through std::istream and
// allocates 120,000 small matrices, about 1.3 s of CPU; this reader decodes the same format from one buffer
// into flat arrays in a fraction of that. The evaluation is dlib's: each cascade maps its feature pixels
// (anchored to the current shape by the similarity between the mean shape and the current one) into the face
// box, and every tree adds the leaf its pixel-difference tests lead to. The points are dlib's (whole pixels).
//
// 2D positions in pixels, continuous coordinates (the centre of pixel (x, y) is (x + 0.5, y + 0.5)).
#pragma once
#include <Eigen/Core>
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "autolandmarks.hpp"

namespace mesogrid::cli {

class ShapeModel {
 public:
  /// Reads a dlib shape predictor file (version 1, 68 points). Throws std::runtime_error saying what is wrong
  /// when the file is not one.
  static ShapeModel read(const std::string& path);
  /// The same from the file's bytes.
  static ShapeModel parse(const char* data, size_t size);

  /// The 68 points of the face in `box` of the grey (or first-channel) image.
  std::array<Eigen::Vector2d, 68> operator()(const Image& img, const FaceBox& box) const;

  int parts() const { return static_cast<int>(initial_.size() / 2); }
  int cascades() const { return static_cast<int>(cascades_.size()); }

 private:
  struct Cascade {
    std::vector<std::uint32_t> anchor;      ///< per feature pixel: the shape point it is anchored to
    std::vector<float> delta;               ///< per feature pixel: x, y offset from the anchor (mean-shape space)
    int trees = 0, splits = 0;              ///< trees of this cascade; split nodes per tree (leaves: splits + 1)
    std::vector<std::uint32_t> idx1, idx2;  ///< per tree and split node: the two feature pixels compared
    std::vector<float> thresh;              ///< per tree and split node
    size_t leaf = 0;                        ///< where its leaves start in leaves_ (per tree and leaf: 2 x parts)
  };
  std::shared_ptr<const float> leaves_;  ///< every leaf's shape increment (65 MB for dlib's model)
  std::vector<float> initial_;           ///< the mean shape, x0 y0 x1 y1 ... in the unit box
  std::vector<Cascade> cascades_;
};

}  // namespace mesogrid::cli

// src/maps/contour.hpp: outlines of pixel masks for the maps: the boundary of a set of pixels (a zone's footprint
// on the visible surface, a region, the face's silhouette) as closed polylines through the midpoints between
// pixel centres inside and outside (marching squares), simplified within a tolerance. Units: pixels of the
// mask, pixel (x, y) centred at (x + 0.5, y + 0.5); row 0 at the top.
#pragma once
#include <Eigen/Core>
#include <cstdint>
#include <functional>
#include <vector>

namespace mesogrid::cli::draw {

/// A mask: `inside(x, y)` for 0 <= x < width, 0 <= y < height (everything beyond is outside).
struct Mask {
  int width = 0, height = 0;
  std::vector<std::uint8_t> bits;  ///< row-major, 1 = inside
  bool at(int x, int y) const {
    return x >= 0 && y >= 0 && x < width && y < height &&
           bits[static_cast<size_t>(y) * static_cast<size_t>(width) + static_cast<size_t>(x)] != 0;
  }
};

/// The closed outlines of the mask (each a loop, first point not repeated), in pixel coordinates, each simplified
/// so that no dropped point lies farther than `tolerance_px` from the kept line (Douglas-Peucker). Loops of
/// fewer than 3 points after simplification are dropped. Deterministic: loops in the order of their first
/// cell in row-major order. Filled with the even-odd rule, the loops cover the inside pixels' centres.
std::vector<std::vector<Eigen::Vector2d>> mask_outlines(const Mask& m, double tolerance_px = 0.6);

/// Whether q lies inside the loops by the even-odd rule (the rule the maps fill them with).
bool inside_loops(const std::vector<std::vector<Eigen::Vector2d>>& loops, const Eigen::Vector2d& q);

}  // namespace mesogrid::cli::draw

// mesogrid/lattice.hpp: (stub, being written) square or hex lattice of sites laid on a region surface.
#pragma once
#include <string>
#include <vector>

#include "frame.hpp"
#include "mesh.hpp"
#include "technique.hpp"

namespace mesogrid {

struct LatticeOptions {
  LatticeKind kind = LatticeKind::square;
  double spacing_mm = 10;
  double margin_mm = 5;
  FaceFrame frame;
};

struct LatticeSite {
  Eigen::Vector3d position;
  Eigen::Vector3d normal;
  int row = 0, col = 0;
};

inline std::vector<LatticeSite> surface_lattice(const Mesh& region, const LatticeOptions& opt,
                                                std::vector<std::string>* warnings = nullptr) {
  (void)region; (void)opt; (void)warnings;
  return {};
}

}  // namespace mesogrid

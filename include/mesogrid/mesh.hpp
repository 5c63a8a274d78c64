// mesogrid/mesh.hpp: the triangle mesh every other header works on, plus per-face geometry
// (areas in mm², unit normals) and basic mesh statistics. Lengths are millimetres.
#pragma once
#include <Eigen/Core>
#include <Eigen/Geometry>
#include <string>
#include <vector>

namespace mesogrid {

inline constexpr double pi = 3.14159265358979323846;

/// A triangle mesh with optional per-face region labels.
/// V: #V×3 vertex positions in millimetres. F: #F×3 zero-based vertex indices.
/// label: #F entries, an index into label_names, or -1 when the face has no label.
struct Mesh {
  Eigen::MatrixXd V;
  Eigen::MatrixXi F;
  Eigen::VectorXi label;
  std::vector<std::string> label_names;

  Eigen::Index num_vertices() const { return V.rows(); }
  Eigen::Index num_faces() const { return F.rows(); }
  Eigen::Vector3d vertex(Eigen::Index i) const { return V.row(i).transpose(); }
  Eigen::Vector3d corner(Eigen::Index f, int k) const { return V.row(F(f, k)).transpose(); }
};

/// Area of triangle f, mm².
inline double face_area(const Mesh& m, Eigen::Index f) {
  return 0.5 * (m.corner(f, 1) - m.corner(f, 0)).cross(m.corner(f, 2) - m.corner(f, 0)).norm();
}

/// Unit normal of triangle f (right-hand rule on F's vertex order); zero for a degenerate face.
inline Eigen::Vector3d face_normal(const Mesh& m, Eigen::Index f) {
  Eigen::Vector3d n = (m.corner(f, 1) - m.corner(f, 0)).cross(m.corner(f, 2) - m.corner(f, 0));
  const double len = n.norm();
  return len > 0 ? Eigen::Vector3d(n / len) : Eigen::Vector3d::Zero();
}

/// Total surface area, mm².
inline double surface_area(const Mesh& m) {
  double a = 0;
  for (Eigen::Index f = 0; f < m.num_faces(); ++f) a += face_area(m, f);
  return a;
}

/// Area-weighted vertex normals (unit length; zero for isolated vertices).
inline Eigen::MatrixXd vertex_normals(const Mesh& m) {
  Eigen::MatrixXd N = Eigen::MatrixXd::Zero(m.num_vertices(), 3);
  for (Eigen::Index f = 0; f < m.num_faces(); ++f) {
    const Eigen::Vector3d n = (m.corner(f, 1) - m.corner(f, 0)).cross(m.corner(f, 2) - m.corner(f, 0));
    for (int k = 0; k < 3; ++k) N.row(m.F(f, k)) += n.transpose();
  }
  for (Eigen::Index i = 0; i < N.rows(); ++i) {
    const double len = N.row(i).norm();
    if (len > 0) N.row(i) /= len;
  }
  return N;
}

}  // namespace mesogrid

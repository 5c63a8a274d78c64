// mesogrid/geometry/warp-inl.hpp: the definitions of warp.hpp (included by it when MESOGRID_DEFINITIONS; see
// core/config.hpp).
#pragma once
#include <Eigen/Geometry>
#include <Eigen/LU>
#include <algorithm>
#include <cmath>

#include "warp.hpp"

namespace mesogrid {

MESOGRID_API Similarity fit_similarity(const Eigen::MatrixX3d& X, const Eigen::MatrixX3d& Y) {
  const Eigen::Matrix3Xd src = X.transpose(), dst = Y.transpose();
  const Eigen::Matrix4d T = Eigen::umeyama(src, dst, true);
  Similarity s;
  const Eigen::Matrix3d sR = T.topLeftCorner<3, 3>();
  s.scale = std::cbrt(std::max(0.0, sR.determinant()));
  s.R = s.scale > 0 ? Eigen::Matrix3d(sR / s.scale) : Eigen::Matrix3d::Identity();
  s.t = T.topRightCorner<3, 1>();
  return s;
}

MESOGRID_API ThinPlateSpline fit_thin_plate_spline(const Eigen::MatrixX3d& X, const Eigen::MatrixX3d& Y, double lambda,
                                                   Eigen::VectorXd* loo) {
  const Eigen::Index n = X.rows();
  if (n < 4 || Y.rows() != n) throw plan_error("a thin-plate spline needs at least 4 corresponding points");
  // the affine part is solved about the points' centroid: a scan far from its origin (coordinates of 1e5 mm
  // around a face 0.2 m across) would otherwise put columns 1e5 times the kernel's in the system, and the LU
  // would take it for singular; the kernel |X_i - X_j| does not depend on where the points are
  const Eigen::RowVector3d c = X.colwise().mean();
  Eigen::MatrixXd A = Eigen::MatrixXd::Zero(n + 4, n + 4);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < n; ++j) A(i, j) = (X.row(i) - X.row(j)).norm();
    A(i, i) += lambda;
    A(i, n) = A(n, i) = 1;
    for (int k = 0; k < 3; ++k) A(i, n + 1 + k) = A(n + 1 + k, i) = X(i, k) - c[k];
  }
  Eigen::MatrixXd B = Eigen::MatrixXd::Zero(n + 4, 3);
  B.topRows(n) = Y;
  const Eigen::FullPivLU<Eigen::MatrixXd> lu(A);
  if (!lu.isInvertible()) throw plan_error("the landmarks do not span 3D space: the warp is undefined");
  const Eigen::MatrixXd C = lu.solve(B);
  ThinPlateSpline s;
  s.centres = X;
  s.weights = C.topRows(n);
  // back to y = a_0 + A^T x: a_0 = b_0 - c B for the affine part b_0 + (x - c) B solved
  s.affine = C.bottomRows(4);
  s.affine.row(0) -= c * C.bottomRows(3);
  if (loo) {
    const Eigen::MatrixXd Ai = lu.inverse();
    loo->resize(n);
    for (Eigen::Index i = 0; i < n; ++i) (*loo)(i) = C.row(i).norm() / std::abs(Ai(i, i));
  }
  return s;
}

}  // namespace mesogrid

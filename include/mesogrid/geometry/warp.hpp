// mesogrid/geometry/warp.hpp: smooth maps of 3D space fitted to corresponding points: a similarity (uniform scale,
// rotation, translation; Umeyama 1991, through Eigen::umeyama) and a thin-plate spline (3D, kernel r,
// with an affine part and a light regularisation), composed into LandmarkWarp: similarity first, then the
// spline on the residual shape difference. Also the leave-one-out errors of the spline (Rippa 1999),
// which flag single points that disagree with all the others. Lengths in mm (any one unit works: the
// maps are unit-free except the regularisation, which is a length).
#pragma once
#include <Eigen/Core>
#include <cmath>

#include "../core/config.hpp"
#include "../core/error.hpp"

namespace mesogrid {

/// x -> scale * R * x + t, with R a proper rotation (det +1).
struct Similarity {
  double scale = 1;
  Eigen::Matrix3d R = Eigen::Matrix3d::Identity();
  Eigen::Vector3d t = Eigen::Vector3d::Zero();
  Eigen::Vector3d operator()(const Eigen::Vector3d& x) const { return scale * (R * x) + t; }
};

/// Least-squares similarity mapping the rows of X onto the rows of Y (n x 3 each, n >= 3), never a
/// reflection (Umeyama 1991; Eigen::umeyama). Degenerate input (all points equal) gives scale 0.
MESOGRID_API Similarity fit_similarity(const Eigen::MatrixX3d& X, const Eigen::MatrixX3d& Y);

/// Root mean square of |f(X_i) - Y_i| over the rows, mm.
template <class F>
double rms_residual(const F& f, const Eigen::MatrixX3d& X, const Eigen::MatrixX3d& Y) {
  double sum = 0;
  for (Eigen::Index i = 0; i < X.rows(); ++i)
    sum += (f(Eigen::Vector3d(X.row(i).transpose())) - Eigen::Vector3d(Y.row(i).transpose())).squaredNorm();
  return X.rows() > 0 ? std::sqrt(sum / static_cast<double>(X.rows())) : 0.0;
}

/// A 3D thin-plate spline f(x) = sum_i w_i |x - c_i| + a_0 + A x (kernel r, the biharmonic one in 3D).
struct ThinPlateSpline {
  Eigen::MatrixX3d centres;                                                  ///< c_i, n x 3
  Eigen::MatrixX3d weights;                                                  ///< w_i, n x 3
  Eigen::Matrix<double, 4, 3> affine = Eigen::Matrix<double, 4, 3>::Zero();  ///< rows: a_0, then A^T
  Eigen::Vector3d operator()(const Eigen::Vector3d& x) const {
    Eigen::Vector3d y = affine.row(0).transpose() + affine.bottomRows<3>().transpose() * x;
    for (Eigen::Index i = 0; i < centres.rows(); ++i)
      y += (x - centres.row(i).transpose()).norm() * weights.row(i).transpose();
    return y;
  }
};

/// Fits a thin-plate spline with f(X_i) ~ Y_i: solves [K + lambda I, P; P^T, 0] [W; a] = [Y; 0] with
/// K_ij = |X_i - X_j| and P = [1 X]. lambda (mm) trades exactness at the points for smoothness: 0
/// interpolates. `loo` (optional) receives, per point, |Y_i - f_{-i}(X_i)|: how far point i lies from where
/// the spline fitted to all the other points puts it (Rippa's formula c_i / (A^-1)_ii, exact for any
/// lambda). Throws plan_error when the system is singular (fewer than 4 points, or all in one plane with
/// lambda = 0).
MESOGRID_API ThinPlateSpline fit_thin_plate_spline(const Eigen::MatrixX3d& X, const Eigen::MatrixX3d& Y, double lambda,
                                                   Eigen::VectorXd* loo = nullptr);

/// The map from the built-in face onto a scan: similarity, then a thin-plate spline in the scan's frame.
struct LandmarkWarp {
  Similarity similarity;
  ThinPlateSpline spline;
  Eigen::Vector3d operator()(const Eigen::Vector3d& x) const { return spline(similarity(x)); }
};

}  // namespace mesogrid

#if MESOGRID_DEFINITIONS
#include "warp-inl.hpp"
#endif

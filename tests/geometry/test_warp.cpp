// Tests of geometry/warp.hpp: similarity, thin-plate spline, leave-one-out: exact known cases.
#include <doctest/doctest.h>

#include <Eigen/Geometry>
#include <mesogrid/core/error.hpp>
#include <mesogrid/geometry/warp.hpp>
#include <random>

using namespace mesogrid;

namespace {

Eigen::MatrixX3d random_points(int n, unsigned seed, double scale = 50) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(-scale, scale);
  Eigen::MatrixX3d P(n, 3);
  for (int i = 0; i < n; ++i) P.row(i) << u(rng), u(rng), u(rng);
  return P;
}

Eigen::Matrix3d rotation(double ax, double ay, double az) {
  return (Eigen::AngleAxisd(az, Eigen::Vector3d::UnitZ()) * Eigen::AngleAxisd(ay, Eigen::Vector3d::UnitY()) *
          Eigen::AngleAxisd(ax, Eigen::Vector3d::UnitX()))
      .toRotationMatrix();
}

}  // namespace

TEST_CASE("similarity: a known scale, rotation and translation are recovered exactly") {
  const Eigen::MatrixX3d X = random_points(30, 1);
  const Eigen::Matrix3d R = rotation(0.3, -1.1, 2.0);
  const Eigen::Vector3d t(5, -7, 120);
  const double s = 0.1;  // e.g. mm -> cm
  Eigen::MatrixX3d Y(X.rows(), 3);
  for (Eigen::Index i = 0; i < X.rows(); ++i) Y.row(i) = (s * R * X.row(i).transpose() + t).transpose();
  const Similarity f = fit_similarity(X, Y);
  CHECK(f.scale == doctest::Approx(s).epsilon(1e-12));
  CHECK((f.R - R).norm() < 1e-10);
  CHECK((f.t - t).norm() < 1e-9);
  CHECK(f.R.determinant() == doctest::Approx(1));
  CHECK(rms_residual(f, X, Y) < 1e-9);
  // a mirror image is never fitted by a reflection: the residual stays large
  Eigen::MatrixX3d Xm = X;
  Xm.col(0) = -Xm.col(0);
  const Similarity g = fit_similarity(Xm, Y);
  CHECK(g.R.determinant() == doctest::Approx(1));
  CHECK(rms_residual(g, Xm, Y) > 1);
}

TEST_CASE("thin-plate spline: interpolates at lambda 0, reproduces an affine map, is smooth between points") {
  const Eigen::MatrixX3d X = random_points(40, 2);
  Eigen::Matrix3d A;
  A << 1.1, 0.2, 0, -0.1, 0.9, 0.3, 0.05, 0, 1.2;
  const Eigen::Vector3d b(3, 4, 5);
  Eigen::MatrixX3d Y(X.rows(), 3);
  for (Eigen::Index i = 0; i < X.rows(); ++i) Y.row(i) = (A * X.row(i).transpose() + b).transpose();
  const ThinPlateSpline f = fit_thin_plate_spline(X, Y, 0);
  CHECK(f.weights.norm() < 1e-8);  // an affine map needs no kernel part
  const Eigen::Vector3d q(10, -20, 7);
  CHECK((f(q) - (A * q + b)).norm() < 1e-8);
  // a bumpy map: exact at the points with lambda 0, within lambda's pull with lambda > 0
  for (Eigen::Index i = 0; i < X.rows(); ++i) Y(i, 2) += 4 * std::sin(X(i, 0) / 15.0);
  const ThinPlateSpline g = fit_thin_plate_spline(X, Y, 0);
  CHECK(rms_residual(g, X, Y) < 1e-8);
  const ThinPlateSpline h = fit_thin_plate_spline(X, Y, 1.0);
  const double r = rms_residual(h, X, Y);
  CHECK(r > 1e-4);
  CHECK(r < 1.0);
  // partition of the affine part: sum w = 0, sum w x = 0
  CHECK(g.weights.colwise().sum().norm() < 1e-8);
  CHECK((X.transpose() * g.weights).norm() < 1e-6);
}

TEST_CASE("leave-one-out: Rippa's formula equals refitting without the point, for any lambda") {
  const Eigen::MatrixX3d X = random_points(25, 3);
  Eigen::MatrixX3d Y = X;
  for (Eigen::Index i = 0; i < X.rows(); ++i) Y(i, 1) += 3 * std::cos(X(i, 2) / 20.0);
  Y.row(7) += Eigen::RowVector3d(0, 30, 0);  // one point far off
  for (double lambda : {0.0, 0.8}) {
    Eigen::VectorXd loo;
    fit_thin_plate_spline(X, Y, lambda, &loo);
    for (Eigen::Index i : {0, 7, 13}) {
      Eigen::MatrixX3d Xi(X.rows() - 1, 3), Yi(X.rows() - 1, 3);
      for (Eigen::Index j = 0, k = 0; j < X.rows(); ++j)
        if (j != i) Xi.row(k) = X.row(j), Yi.row(k++) = Y.row(j);
      const ThinPlateSpline fi = fit_thin_plate_spline(Xi, Yi, lambda);
      CHECK(loo(i) == doctest::Approx((fi(X.row(i).transpose()) - Y.row(i).transpose()).norm()).epsilon(1e-6));
    }
    Eigen::Index worst = 0;
    loo.maxCoeff(&worst);
    CHECK(worst == 7);
  }
  CHECK_THROWS_AS(fit_thin_plate_spline(X.topRows(3), Y.topRows(3), 0), Error);
}

TEST_CASE("thin-plate spline: the same warp for points far from the origin (a scan 100 m off its origin)") {
  const Eigen::MatrixX3d X = random_points(30, 4, 80);
  Eigen::MatrixX3d Y = X;
  for (Eigen::Index i = 0; i < X.rows(); ++i) Y(i, 2) += 4 * std::sin(X(i, 0) / 15.0);
  const ThinPlateSpline near = fit_thin_plate_spline(X, Y, 0.25);
  for (double far : {1e5, 1e7}) {
    const Eigen::RowVector3d t(far, -2 * far, 0.3 * far);
    const Eigen::MatrixX3d Xt = X.rowwise() + t, Yt = Y.rowwise() + t;
    const ThinPlateSpline f = fit_thin_plate_spline(Xt, Yt, 0.25);  // was: "do not span 3D space"
    for (const Eigen::Vector3d& q : {Eigen::Vector3d(10, -20, 7), Eigen::Vector3d(-60, 45, 30)})
      CHECK((f(q + t.transpose()) - t.transpose() - near(q)).norm() < 1e-6 * far / 1e5);
  }
}

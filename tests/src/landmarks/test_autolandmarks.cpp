// Tests of src/autolandmarks.* (automatic landmarks): the back-projection of image points onto the surface
// (exact on a known plane, over holes, on silhouettes), the candidate views of the orientation search, and
// with dlib the whole detection on the built-in face turned and scaled (no ../shared needed).
#include <doctest/doctest.h>

#include <Eigen/Geometry>
#include <random>

#include "face.hpp"
#include "landmarks/autolandmarks.hpp"
#include "landmarks/face_model.hpp"

using namespace mesogrid;
using namespace mesogrid::cli;
using Vec2 = Eigen::Vector2d;
using Vec3 = Eigen::Vector3d;

namespace {

/// An n x n grid over [0, size]^2 at height z(x, y); cells with hole(i, j) true are left out.
template <class Z, class Hole>
Mesh grid(int n, double size, Z z, Hole hole) {
  Mesh m;
  m.V.resize((n + 1) * (n + 1), 3);
  const double h = size / n;
  for (int j = 0; j <= n; ++j)
    for (int i = 0; i <= n; ++i) m.V.row(j * (n + 1) + i) << i * h, j * h, z(i * h, j * h);
  std::vector<std::array<int, 3>> f;
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) {
      if (hole(i, j)) continue;
      const int a = j * (n + 1) + i, b = a + 1, c = a + n + 1, d = c + 1;
      f.push_back({a, b, d});
      f.push_back({a, d, c});
    }
  m.F.resize(static_cast<Eigen::Index>(f.size()), 3);
  for (size_t k = 0; k < f.size(); ++k) m.F.row(static_cast<Eigen::Index>(k)) << f[k][0], f[k][1], f[k][2];
  m.label = Eigen::VectorXi::Constant(m.F.rows(), -1);
  return m;
}

double angle_deg(const Vec3& a, const Vec3& b) {
  return std::acos(std::clamp(a.normalized().dot(b.normalized()), -1.0, 1.0)) * 180 / pi;
}

}  // namespace

TEST_CASE("back_project: image points land exactly on the surface under them") {
  const Mesh m = grid(
      20, 100, [](double x, double y) { return 5 + 0.3 * x - 0.2 * y; }, [](int, int) { return false; });
  const OrthoView v = frame_mesh(m, Vec3(0.2, 0.1, 1).normalized(), Vec3::UnitY(), 2.5, 3);
  const Raster r = rasterize(m, v);
  std::mt19937 rng(4);
  std::uniform_real_distribution<double> u(0.25, 0.75);
  std::vector<Vec2> q;
  for (int i = 0; i < 200; ++i) q.emplace_back(u(rng) * v.width, u(rng) * v.height);
  std::vector<int> snapped;
  const std::vector<RayHit> h = back_project(m, v, r, q, 10, &snapped);
  CHECK(snapped.empty());
  for (size_t i = 0; i < q.size(); ++i) {
    REQUIRE(h[i].face >= 0);
    CHECK(v.project(h[i].point).isApprox(q[i], 1e-9));
    CHECK(h[i].point.z() == doctest::Approx(5 + 0.3 * h[i].point.x() - 0.2 * h[i].point.y()).epsilon(1e-12));
  }
}

TEST_CASE("back_project: a point over a hole goes to the nearest surface pixel, or nowhere when none is near") {
  // a 100 mm plate with a 30 mm square hole in the middle, seen from the front at 1 px/mm
  const Mesh m = grid(
      10, 100, [](double, double) { return 0.0; }, [](int i, int j) { return i >= 4 && i <= 6 && j >= 4 && j <= 6; });
  OrthoView v;
  v.center = Vec3(50, 50, 0);
  v.px_per_mm = 1;
  v.width = v.height = 100;
  const Raster r = rasterize(m, v);
  std::vector<int> snapped;
  // (42.3, 50.2) in the image is mesh (42.3, 49.8): 2.3 mm inside the hole's left edge (x = 40)
  const std::vector<RayHit> h = back_project(m, v, r, {Vec2(42.3, 50.2), Vec2(50, 50), Vec2(20.5, 20.5)}, 5, &snapped);
  REQUIRE(h[0].face >= 0);
  CHECK(h[0].point.x() == doctest::Approx(39.5));  // the centre of the nearest surface pixel
  CHECK(h[0].point.y() == doctest::Approx(49.5));
  CHECK(h[1].face == -1);  // 10 mm from any surface, more than 5 pixels
  CHECK(h[2].face >= 0);
  CHECK(snapped == std::vector<int>{0});
}

TEST_CASE("silhouette_point: the near side of the nearest occluding contour") {
  // a step: the left half of the plate 20 mm nearer the viewer than the right half
  Mesh m = grid(
      20, 100, [](double x, double) { return x < 50.0 ? 20.0 : 0.0; }, [](int, int) { return false; });
  OrthoView v;
  v.center = Vec3(50, 50, 0);
  v.px_per_mm = 1;
  v.width = v.height = 100;
  const Raster r = rasterize(m, v);
  // the grid's cell at x 45-50 slopes from the near half down to the far half: the contour (a jump of more
  // than 3 mm between neighbouring pixels) runs along it, its near side at the cell's left end
  const RayHit h = silhouette_point(m, v, r, Vec2(60.5, 30.5), 20, 3.0);
  REQUIRE(h.face >= 0);
  CHECK(h.point.x() < 50);
  CHECK(h.point.x() > 44);
  CHECK(h.point.z() > 3.0);
  CHECK(silhouette_point(m, v, r, Vec2(20.5, 30.5), 10, 3.0).face == -1);  // no contour within 10 pixels
}

TEST_CASE("the candidate views cover every orientation within the detector's reach") {
  const auto frames = candidate_frames();
  CHECK(frames.size() == 24 + 20 * 6 + 6 * 4);
  CHECK(frames[0].first == Vec3::UnitY());  // the usual frame first
  CHECK(frames[0].second == Vec3::UnitZ());
  for (int i = 0; i < 24; ++i) {  // the axis-aligned frames, all distinct
    CHECK(std::abs(frames[static_cast<size_t>(i)].first.dot(frames[static_cast<size_t>(i)].second)) < 1e-12);
    for (int j = 0; j < i; ++j)
      CHECK((frames[static_cast<size_t>(i)].first - frames[static_cast<size_t>(j)].first).norm() +
                (frames[static_cast<size_t>(i)].second - frames[static_cast<size_t>(j)].second).norm() >
            0.5);
  }
  // any face orientation: some candidate has its view direction within 35 degrees and its up within 45
  // (the detector finds faces up to about 40-50 degrees of yaw, pitch and roll)
  std::mt19937 rng(2);
  std::normal_distribution<double> n(0, 1);
  double worst = 0;
  for (int t = 0; t < 2000; ++t) {
    const Eigen::Matrix3d R = Eigen::Quaterniond(n(rng), n(rng), n(rng), n(rng)).normalized().toRotationMatrix();
    const Vec3 up = R * Vec3::UnitY(), front = R * Vec3::UnitZ();
    double best = 1e9;
    for (const auto& [u, f] : frames)
      if (angle_deg(f, front) <= 35) best = std::min(best, angle_deg(u - u.dot(front) * front, up));
    worst = std::max(worst, best);
  }
  CHECK(worst <= 45);
}

TEST_CASE("detection on the built-in face, turned, moved and in cm: the frame and the points come back") {
  if (!dlib_available()) {
    MESSAGE("built without dlib: skipped");
    return;
  }
  const Mesh& face = builtin_anatomical_face();
  const FaceFinder2D finder = dlib_face_finder();
  std::mt19937 rng(8);
  std::normal_distribution<double> n(0, 1);
  for (int t = 0; t < 3; ++t) {
    const Eigen::Matrix3d R = t == 0
                                  ? Eigen::Matrix3d::Identity()
                                  : Eigen::Quaterniond(n(rng), n(rng), n(rng), n(rng)).normalized().toRotationMatrix();
    const double scale = t == 2 ? 0.1 : 1.0;  // the third copy in cm: the detection does not depend on units
    const Vec3 shift(30, -20, 5);
    Mesh m = face;
    for (Eigen::Index i = 0; i < m.num_vertices(); ++i) m.V.row(i) = (scale * (R * face.vertex(i)) + shift).transpose();
    const std::optional<AutoLandmarks> a = detect_landmarks(m, face, finder);
    REQUIRE(a);
    CAPTURE(t);
    CHECK(angle_deg(a->up, R * Vec3::UnitY()) < 5);
    CHECK(angle_deg(a->front, R * Vec3::UnitZ()) < 5);
    CHECK(a->file.set == LandmarkSet::ibug68);
    CHECK(a->file.named);
    CHECK(a->file.index.size() >= 51);
    // the eyes, nose and mouth within 4 mm of the built-in face's own iBUG points (the table's)
    for (int k : {30, 36, 39, 42, 45, 48, 54}) {
      REQUIRE(a->placed[static_cast<size_t>(k)]);
      const Vec3 truth = scale * (R * template_landmark(face, LandmarkSet::ibug68, k)) + shift;
      CHECK((a->point[static_cast<size_t>(k)] - truth).norm() / scale < 4.0);
    }
    for (size_t i = 0; i < a->file.index.size(); ++i)  // the file holds exactly the placed points
      CHECK(a->file.point[i] == a->point[static_cast<size_t>(a->file.index[i])]);
  }
}

TEST_CASE("no face: a sphere gives nullopt, not a guess") {
  if (!dlib_available()) return;
  // a UV sphere of radius 100
  Mesh m;
  const int nu = 40, nv = 20;
  m.V.resize(nu * (nv + 1), 3);
  for (int j = 0; j <= nv; ++j)
    for (int i = 0; i < nu; ++i) {
      const double th = pi * j / nv, ph = 2 * pi * i / nu;
      m.V.row(j * nu + i) << 100 * std::sin(th) * std::cos(ph), 100 * std::cos(th), 100 * std::sin(th) * std::sin(ph);
    }
  std::vector<std::array<int, 3>> f;
  for (int j = 0; j < nv; ++j)
    for (int i = 0; i < nu; ++i) {
      const int a = j * nu + i, b = j * nu + (i + 1) % nu, c = a + nu, d = b + nu;
      f.push_back({a, c, d});
      f.push_back({a, d, b});
    }
  m.F.resize(static_cast<Eigen::Index>(f.size()), 3);
  for (size_t k = 0; k < f.size(); ++k) m.F.row(static_cast<Eigen::Index>(k)) << f[k][0], f[k][1], f[k][2];
  CHECK(!detect_landmarks(m, builtin_anatomical_face(), dlib_face_finder()));
}

TEST_CASE("turns_like_a_head: a sphere's cap beyond a hemisphere does, a plane or a shallow dome does not") {
  // a cap of the unit sphere from the pole down to polar angle `to` (pi: the whole sphere)
  auto cap = [](double to) {
    const int nu = 48, nv = 24;
    Mesh m;
    m.V.resize(nu * (nv + 1), 3);
    for (int j = 0; j <= nv; ++j)
      for (int i = 0; i < nu; ++i) {
        const double th = to * j / nv, ph = 2 * pi * i / nu;
        m.V.row(j * nu + i) << std::sin(th) * std::cos(ph), std::cos(th), std::sin(th) * std::sin(ph);
      }
    m.F.resize(2 * nu * nv, 3);
    for (int j = 0, k = 0; j < nv; ++j)
      for (int i = 0; i < nu; ++i) {
        const int a = j * nu + i, b = j * nu + (i + 1) % nu, c = a + nu, d = b + nu;
        m.F.row(k++) << a, c, d;
        m.F.row(k++) << a, d, b;
      }
    return m;
  };
  CHECK(turns_like_a_head(cap(pi)));              // a closed head: mean normal 0
  CHECK(turns_like_a_head(cap(0.6 * pi)));        // past the equator, as a face with its sides or a bust
  CHECK_FALSE(turns_like_a_head(cap(0.4 * pi)));  // short of a hemisphere: a patch of skin
  const Mesh plane = grid(
      20, 100, [](double, double) { return 0.0; }, [](int, int) { return false; });
  CHECK_FALSE(turns_like_a_head(plane));
  CHECK_FALSE(turns_like_a_head(Mesh{}));
}

TEST_CASE("not_face_sized: flat or tiny meshes are no face in any unit; faces, heads and busts may be") {
  const Mesh plane = grid(
      20, 100, [](double, double) { return 0.0; }, [](int, int) { return false; });
  CHECK_MESSAGE(not_face_sized(plane, 1.0, false).find("it is flat") == 0, not_face_sized(plane, 1.0, false));
  // a dome 160 x 160 mm, 60 mm deep: face-sized in mm
  auto dome = [](double s) {
    return grid(
        20, 160 * s,
        [s](double x, double y) {
          const double u = x / s - 80, v = y / s - 80;
          return s * 60 * std::max(0.0, 1 - (u * u + v * v) / 12800);
        },
        [](int, int) { return false; });
  };
  CHECK(not_face_sized(dome(1), 1.0, false) == "");
  CHECK(not_face_sized(dome(1), 1.0, true) == "");
  // the same read from a file in cm (x10 to mm): face-sized as cm, and the units may still change
  CHECK(not_face_sized(dome(10), 10.0, false) == "");
  // 16 x 16 x 6 mm as given units: no face
  const std::string small = not_face_sized(dome(0.1), 1.0, true);
  CHECK(small.find("its size is not a face's or a head's") == 0);
  CHECK_MESSAGE(
      small.find("(principal extents 23 x 23 x 6.0 mm; a face is at least 100 x 100 x 30 mm") != std::string::npos,
      small);
  // a patch narrower than a face (a forehead strip 150 x 60 mm): no face in any unit
  const Mesh strip = grid(
      30, 150, [](double x, double) { return 40 * std::sin(pi * x / 150); }, [](int, int j) { return j >= 12; });
  CHECK(not_face_sized(strip, 1.0, false) != "");
  CHECK(not_face_sized(Mesh{}, 1.0, false) == "it has no surface");
  // a fin of a few triangles the size of a head: too coarse to show a face
  Mesh fin;
  fin.V.resize(6, 3);
  fin.V << 0, 0, 0, 100, 0, 0, 100, 100, 0, 0, 100, 0, 50, 50, 50, 50, 50, -50;
  fin.F.resize(4, 3);
  fin.F << 0, 1, 2, 0, 2, 3, 0, 2, 4, 2, 0, 5;
  CHECK(not_face_sized(fin, 1.0, false) == "it has 4 triangles (a face's eyes, nose and mouth need 300 or more)");
}

// Tests of raster.hpp (orthographic views, z-buffer, pixel -> surface point, view rays, shading): exact
// geometry where the answer is known, and no holes at any density.
#include <doctest/doctest.h>

#include <mesogrid/geometry/raster.hpp>
#include <random>

using namespace mesogrid;
using Vec2 = Eigen::Vector2d;
using Vec3 = Eigen::Vector3d;

namespace {

Mesh triangle_mesh(const std::vector<Vec3>& v, const std::vector<std::array<int, 3>>& f) {
  Mesh m;
  m.V.resize(static_cast<Eigen::Index>(v.size()), 3);
  for (size_t i = 0; i < v.size(); ++i) m.V.row(static_cast<Eigen::Index>(i)) = v[i].transpose();
  m.F.resize(static_cast<Eigen::Index>(f.size()), 3);
  for (size_t i = 0; i < f.size(); ++i) m.F.row(static_cast<Eigen::Index>(i)) << f[i][0], f[i][1], f[i][2];
  m.label = Eigen::VectorXi::Constant(m.F.rows(), -1);
  return m;
}

/// An n x n grid of squares over [0, size]^2 at height z(x, y), each square split in two; interior vertices
/// moved by up to `jitter` of a cell (seeded), the border left straight.
Mesh grid(int n, double size, double jitter, unsigned seed, double (*z)(double, double) = nullptr) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(-jitter, jitter);
  std::vector<Vec3> v;
  const double h = size / n;
  for (int j = 0; j <= n; ++j)
    for (int i = 0; i <= n; ++i) {
      double x = i * h, y = j * h;
      if (i > 0 && i < n && j > 0 && j < n) x += u(rng) * h, y += u(rng) * h;
      v.emplace_back(x, y, z ? z(x, y) : 0.0);
    }
  std::vector<std::array<int, 3>> f;
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) {
      const int a = j * (n + 1) + i, b = a + 1, c = a + n + 1, d = c + 1;
      if ((i + j) % 2) {
        f.push_back({a, b, d});
        f.push_back({a, d, c});
      } else {
        f.push_back({a, b, c});
        f.push_back({b, d, c});
      }
    }
  return triangle_mesh(v, f);
}

/// A view looking down -z at the square [x0, x0 + w / s] x [y0, y0 + h / s] (image row 0 at the top = max y).
OrthoView top_view(double x0, double y0, int w, int h, double s) {
  OrthoView v;
  v.up = Vec3::UnitY();
  v.toward = Vec3::UnitZ();
  v.px_per_mm = s;
  v.width = w;
  v.height = h;
  v.center = Vec3(x0 + 0.5 * w / s, y0 + 0.5 * h / s, 0);
  return v;
}

bool strictly_inside(const Vec2& a, const Vec2& b, const Vec2& c, const Vec2& p) {
  auto e = [](const Vec2& u, const Vec2& v, const Vec2& q) {
    return (v - u).x() * (q - u).y() - (v - u).y() * (q - u).x();
  };
  const double e0 = e(a, b, p), e1 = e(b, c, p), e2 = e(c, a, p);
  return (e0 > 1e-9 && e1 > 1e-9 && e2 > 1e-9) || (e0 < -1e-9 && e1 < -1e-9 && e2 < -1e-9);
}

double plane_z(double x, double y) { return 3.0 + 0.25 * x - 0.5 * y; }
double dome_z(double x, double y) { return 20.0 - 0.01 * ((x - 50) * (x - 50) + (y - 50) * (y - 50)); }

}  // namespace

TEST_CASE("a view projects and unprojects exactly; pixel centres are at half pixels") {
  OrthoView v;
  v.up = Vec3(0, 0, 1);
  v.toward = Vec3(0, -1, 0);  // looking along +y at a face whose front is -y
  v.center = Vec3(10, 20, 30);
  v.px_per_mm = 4;
  v.width = 100;
  v.height = 80;
  CHECK(v.right().isApprox(Vec3(1, 0, 0)));  // up x toward: the subject's left (+x) on the image's right
  CHECK(v.project(v.center).isApprox(Vec2(50, 40)));
  CHECK(v.project(v.center + Vec3(0, 0, 2)).isApprox(Vec2(50, 32)));  // 2 mm up = 8 pixels toward row 0
  CHECK(v.project(v.center + Vec3(1, 0, 0)).isApprox(Vec2(54, 40)));
  const Vec3 p(3, -7, 11);
  CHECK(v.unproject(v.project(p), v.depth(p)).isApprox(p));
  CHECK(v.depth(v.center + Vec3(0, -5, 0)) == doctest::Approx(5));
}

TEST_CASE("frame_mesh fits the projected mesh into the image with its margin") {
  const Mesh m = grid(4, 100, 0, 1, plane_z);
  const OrthoView v = frame_mesh(m, Vec3::UnitZ(), Vec3::UnitY(), 2.0, 5);
  CHECK(v.width == 210);
  CHECK(v.height == 210);
  for (Eigen::Index i = 0; i < m.num_vertices(); ++i) {
    const Vec2 q = v.project(m.vertex(i));
    CHECK(q.x() >= 5 - 1e-9);
    CHECK(q.x() <= 205 + 1e-9);
    CHECK(q.y() >= 5 - 1e-9);
    CHECK(q.y() <= 205 + 1e-9);
  }
  const OrthoView small = frame_mesh(m, Vec3::UnitZ(), Vec3::UnitY(), 2.0, 5, 60);  // at most 60 pixels a side
  CHECK(small.width == 60);
  CHECK(small.px_per_mm == doctest::Approx(0.5));
}

TEST_CASE("a triangle covers exactly the pixel centres inside it, at its plane's depth") {
  // corners off the pixel grid, so no centre lies on an edge: coverage is plain point-in-triangle
  const Mesh m = triangle_mesh({{1.3, 2.2, 0.0}, {17.9, 5.1, 4.0}, {6.4, 15.7, -2.0}}, {{0, 1, 2}});
  const OrthoView v = top_view(0, 0, 20, 20, 1.0);
  const Raster r = rasterize(m, v);
  const Vec2 a = v.project(m.vertex(0)), b = v.project(m.vertex(1)), c = v.project(m.vertex(2));
  int covered = 0;
  for (int y = 0; y < r.height; ++y)
    for (int x = 0; x < r.width; ++x) {
      const Vec2 p(x + 0.5, y + 0.5);
      const bool in = strictly_inside(a, b, c, p);
      CHECK((r.face_at(x, y) == 0) == in);
      if (!in) continue;
      ++covered;
      const RayHit h = surface_at(m, v, r, x, y);
      REQUIRE(h.face == 0);
      CHECK(h.bary.sum() == doctest::Approx(1));
      CHECK(h.bary.minCoeff() >= 0);
      CHECK(v.project(h.point).isApprox(p, 1e-12));  // the point under the pixel centre
      const Vec3 n = (m.vertex(1) - m.vertex(0)).cross(m.vertex(2) - m.vertex(0));
      CHECK(std::abs(n.dot(h.point - m.vertex(0))) < 1e-9);  // on the triangle's plane
      CHECK(std::abs(r.depth_at(x, y) - h.depth) < 2e-3);    // the raster interpolates from snapped corners
    }
  CHECK(covered > 60);
}

TEST_CASE("a tilted plane: every pixel's surface point is exact") {
  const Mesh m = grid(7, 70, 0.3, 7, plane_z);
  const OrthoView v = top_view(0, 0, 140, 140, 2.0);
  const Raster r = rasterize(m, v);
  for (int y = 0; y < r.height; ++y)
    for (int x = 0; x < r.width; ++x) {
      const RayHit h = surface_at(m, v, r, x, y);
      REQUIRE(h.face >= 0);  // the grid covers the whole image
      const Vec3 expect = v.unproject(Vec2(x + 0.5, y + 0.5), 0);
      CHECK(h.point.x() == doctest::Approx(expect.x()).epsilon(1e-12));
      CHECK(h.point.y() == doctest::Approx(expect.y()).epsilon(1e-12));
      CHECK(h.point.z() == doctest::Approx(plane_z(expect.x(), expect.y())).epsilon(1e-12));
    }
}

TEST_CASE("no holes at any density: a jittered dense grid covers every pixel centre of its square") {
  for (const auto& [n, s] : std::vector<std::pair<int, double>>{{10, 3.0}, {300, 1.0}, {600, 0.7}}) {
    CAPTURE(n);
    // 600 x 600 cells over 100 mm, drawn at 70 pixels: 720,000 triangles, about 100 per pixel
    const Mesh m = grid(n, 100, 0.35, 11, dome_z);
    const OrthoView v = top_view(0, 0, static_cast<int>(100 * s), static_cast<int>(100 * s), s);
    const Raster r = rasterize(m, v);
    long holes = 0;
    for (int y = 0; y < r.height; ++y)
      for (int x = 0; x < r.width; ++x) holes += r.face_at(x, y) < 0;
    CHECK(holes == 0);
    CHECK(rasterize(m, v, 3).face == r.face);  // bands drawn on threads: the same buffer
  }
}

TEST_CASE("pixel centres on shared edges and vertices belong to exactly one triangle") {
  // grid vertices exactly on pixel centres: many centres lie on edges and corners
  const Mesh m = grid(12, 12, 0, 3);
  OrthoView v = top_view(-0.5, -0.5, 14, 14, 1.0);  // pixel (x, y) centre = mesh point (x, 13 - y)
  const Raster r = rasterize(m, v);
  const std::vector<detail::ProjectedVertex> p = detail::project_vertices(m, v);
  const std::int64_t one = 256, half = 128;
  for (int y = 0; y < 14; ++y)
    for (int x = 0; x < 14; ++x) {
      int takers = 0;
      for (Eigen::Index f = 0; f < m.num_faces(); ++f) {  // the rasterizer's own test, one triangle at a time
        std::int64_t X[3], Y[3];
        for (int k = 0; k < 3; ++k)
          X[k] = p[static_cast<size_t>(m.F(f, k))].x, Y[k] = p[static_cast<size_t>(m.F(f, k))].y;
        if (detail::edge_function(X[0], Y[0], X[1], Y[1], X[2], Y[2]) < 0) std::swap(X[1], X[2]), std::swap(Y[1], Y[2]);
        bool in = true;
        for (int k = 0; k < 3; ++k) {
          const int a = (k + 1) % 3, b = (k + 2) % 3;
          const std::int64_t w = detail::edge_function(X[a], Y[a], X[b], Y[b], x * one + half, y * one + half);
          in = in && (w > 0 || (w == 0 && detail::edge_takes_ties(X[b] - X[a], Y[b] - Y[a])));
        }
        takers += in;
      }
      const bool inside_square = x >= 0 && x <= 12 && y >= 1 && y <= 13;
      const bool interior = x >= 1 && x <= 11 && y >= 2 && y <= 12;
      if (interior) CHECK(takers == 1);  // never two, never none
      CHECK(takers <= 1);
      CHECK((r.face_at(x, y) >= 0) == (takers == 1));
      if (!inside_square) CHECK(takers == 0);
    }
}

TEST_CASE("the nearer triangle wins; equal depths go to the lower index; both sides are drawn") {
  // two squares over [0, 10]^2: the first at z = 1, the second at z = 2 (nearer a viewer at +z)
  Mesh m =
      triangle_mesh({{0, 0, 1}, {10, 0, 1}, {10, 10, 1}, {0, 10, 1}, {0, 0, 2}, {10, 0, 2}, {10, 10, 2}, {0, 10, 2}},
                    {{0, 1, 2}, {0, 2, 3}, {4, 6, 5}, {4, 7, 6}});  // the near square wound backwards
  const OrthoView v = top_view(0, 0, 10, 10, 1.0);
  Raster r = rasterize(m, v);
  for (int y = 0; y < 10; ++y)
    for (int x = 0; x < 10; ++x) {
      CHECK(r.face_at(x, y) >= 2);
      CHECK(r.depth_at(x, y) == doctest::Approx(2 - v.center.z()));
    }
  m.V.col(2).setConstant(1);  // all at the same depth: the lower triangle index
  r = rasterize(m, v);
  for (int y = 0; y < 10; ++y)
    for (int x = 0; x < 10; ++x) CHECK(r.face_at(x, y) <= 1);
  // seen from below, the far square (z = 1) is the nearer one
  OrthoView below = v;
  below.toward = -Vec3::UnitZ();
  below.up = Vec3::UnitY();
  m.V.block(4, 2, 4, 1).setConstant(2);
  r = rasterize(m, below);
  for (int y = 0; y < 10; ++y)
    for (int x = 0; x < 10; ++x) CHECK(r.face_at(x, y) <= 1);
}

TEST_CASE("view rays: the first surface point along each ray, exact, misses where there is no surface") {
  const Mesh m = grid(40, 100, 0.3, 5, dome_z);
  OrthoView v = frame_mesh(m, Vec3(0.3, -0.2, 1).normalized(), Vec3::UnitY(), 3.0, 4);
  const Raster r = rasterize(m, v);
  std::mt19937 rng(9);
  std::uniform_real_distribution<double> ux(0, v.width), uy(0, v.height);
  std::vector<Vec2> q;
  for (int i = 0; i < 400; ++i) q.emplace_back(ux(rng), uy(rng));
  q.emplace_back(-5, -5);  // outside the image and the mesh
  const std::vector<RayHit> hits = cast_rays(m, v, q);
  for (size_t i = 0; i < q.size(); ++i) {
    // brute force: every triangle whose projection contains q, the nearest
    double best = -std::numeric_limits<double>::infinity();
    Eigen::Index face = -1;
    for (Eigen::Index f = 0; f < m.num_faces(); ++f) {
      Vec3 w;
      if (!detail::projected_bary(v.project(m.corner(f, 0)), v.project(m.corner(f, 1)), v.project(m.corner(f, 2)), q[i],
                                  w) ||
          w.minCoeff() < 0)
        continue;
      const double z = v.depth(w[0] * m.corner(f, 0) + w[1] * m.corner(f, 1) + w[2] * m.corner(f, 2));
      if (z > best + 1e-9) best = z, face = f;
    }
    CHECK(hits[i].face == face);
    if (face < 0) continue;
    CHECK(v.project(hits[i].point).isApprox(q[i], 1e-9));
    CHECK(hits[i].depth == doctest::Approx(best));
    // where the raster's pixel holds the same triangle, surface_at agrees with the ray at the pixel centre
    const int x = static_cast<int>(q[i].x()), y = static_cast<int>(q[i].y());
    const std::vector<RayHit> c = cast_rays(m, v, {Vec2(x + 0.5, y + 0.5)});
    if (c[0].face == r.face_at(x, y)) CHECK(surface_at(m, v, r, x, y).point.isApprox(c[0].point, 1e-9));
  }
  CHECK(hits.back().face == -1);
}

TEST_CASE("visible: points on the surface are seen, points behind it are not") {
  const Mesh m = grid(10, 100, 0, 1, dome_z);
  const OrthoView v = frame_mesh(m, Vec3::UnitZ(), Vec3::UnitY(), 1.0, 2);
  const Raster r = rasterize(m, v);
  const Vec3 on(50, 50, dome_z(50, 50));
  CHECK(visible(v, r, on, 0.5));
  CHECK(!visible(v, r, on - Vec3(0, 0, 5), 0.5));
  CHECK(visible(v, r, on + Vec3(0, 0, 5), 0.5));
  CHECK(!visible(v, r, Vec3(-500, 0, 0), 0.5));  // outside the image
}

TEST_CASE("shading: Lambert from interpolated normals, vertex colours, a texture through per-corner UVs") {
  // a unit square of 2 triangles facing the viewer, 8 x 8 pixels
  const Mesh m = triangle_mesh({{0, 0, 0}, {8, 0, 0}, {8, 8, 0}, {0, 8, 0}}, {{0, 1, 2}, {0, 2, 3}});
  const OrthoView v = top_view(0, 0, 8, 8, 1.0);
  const Raster r = rasterize(m, v);
  Eigen::MatrixXd N = Eigen::MatrixXd::Zero(4, 3);
  N.col(2).setConstant(-1);  // normals pointing away: shading turns them toward the viewer
  ShadeOptions so;
  so.light = Vec3(0, 0, 1);
  so.ambient = 0.25;
  so.diffuse = 0.5;
  Image img = shade(m, v, r, N, so);
  REQUIRE(img.channels == 3);
  for (int y = 0; y < 8; ++y)
    for (int x = 0; x < 8; ++x) CHECK(img.at(x, y)[0] == 191);  // (0.25 + 0.5) x 255
  so.light = Vec3(1, 0, 1);                                     // 45 degrees: 0.25 + 0.5 cos 45
  so.channels = 1;
  img = shade(m, v, r, N, so);
  CHECK(img.channels == 1);
  CHECK(img.at(3, 3)[0] == static_cast<int>(std::lround((0.25 + 0.5 * std::sqrt(0.5)) * 255)));
  // vertex colours: red at the bottom edge (y = 0, the last row), blue at the top
  Eigen::MatrixXd rgb(4, 3);
  rgb << 1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 1;
  so = ShadeOptions{};
  so.ambient = 1;
  so.diffuse = 0;
  SurfaceColour col;
  col.vertex_rgb = &rgb;
  img = shade(m, v, r, N, so, col);
  CHECK(img.at(4, 7)[0] == std::lround(255 * (1 - 0.5 / 8)));  // pixel centre y = 0.5 mm
  CHECK(img.at(4, 7)[2] == std::lround(255 * (0.5 / 8)));
  CHECK(img.at(4, 0)[2] == std::lround(255 * (7.5 / 8)));
  // a 2 x 2 texture: u right, v up; each quarter of the square shows one texel (nearest texel centres)
  const std::uint8_t tex[] = {255, 0, 0,   0,   255, 0,     // row 0 (top, v near 1): red, green
                              0,   0, 255, 255, 255, 255};  // row 1 (bottom): blue, white
  Eigen::MatrixXd uv(4, 2);
  uv << 0.25, 0.25, 0.75, 0.25, 0.75, 0.75, 0.25, 0.75;  // the square maps onto the texel centres' square
  Eigen::MatrixXi fuv(2, 3);
  fuv << 0, 1, 2, 0, 2, 3;
  SurfaceColour tc;
  tc.textures = {ImageRef{2, 2, 3, tex}};
  tc.uv = &uv;
  tc.face_uv = &fuv;
  img = shade(m, v, r, N, so, tc);
  const std::uint8_t* top_left = img.at(0, 0);  // u ~ 0.28, v ~ 0.72: mostly red
  CHECK(top_left[0] > 200);
  CHECK(top_left[1] < 60);
  const std::uint8_t* bottom_right = img.at(7, 7);  // mostly white
  CHECK(bottom_right[0] > 200);
  CHECK(bottom_right[1] > 200);
  CHECK(bottom_right[2] > 200);
  const std::uint8_t* bottom_left = img.at(0, 7);  // mostly blue
  CHECK(bottom_left[2] > 200);
  CHECK(bottom_left[0] < 60);
  const std::uint8_t* centre = img.at(4, 4);  // near the middle: all four mixed
  CHECK(centre[0] > 90);
  CHECK(centre[0] < 190);
  // background
  OrthoView wide = top_view(-4, -4, 16, 16, 1.0);
  so.background = {10, 20, 30};
  img = shade(m, wide, rasterize(m, wide), N, so);
  CHECK(img.at(0, 0)[0] == 10);
  CHECK(img.at(0, 0)[2] == 30);
}

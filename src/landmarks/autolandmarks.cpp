// src/autolandmarks.cpp: see autolandmarks.hpp.
#include "autolandmarks.hpp"

#include <fmt/format.h>

#include <Eigen/Eigenvalues>
#include <Eigen/Geometry>
#include <algorithm>
#include <cmath>
#include <limits>
#include <mesogrid/core/parallel.hpp>
#include <mesogrid/core/timing.hpp>
#include <mesogrid/geometry/proxy.hpp>
#include <mesogrid/geometry/warp.hpp>
#include <mesogrid/io/types.hpp>
#include <mesogrid/landmarks/transfer.hpp>
#include <mutex>

namespace mesogrid::cli {

namespace {

using Vec2 = Eigen::Vector2d;
using Vec3 = Eigen::Vector3d;

/// Largest side of a search render, pixels: a face is found from 80 pixels up, and a face is a quarter or
/// more of a head-and-shoulders scan's height.
constexpr int search_side_px = 360;
/// Scans above this many triangles are searched on a vertex-clustered copy (the final renders use the scan).
constexpr Eigen::Index search_max_faces = 150000;
/// Candidate views are evaluated in groups of this size (fixed, so the result does not depend on the
/// number of threads).
constexpr size_t search_group = 12;
/// A face this confident in the first candidate view (+y up, +z front) ends the search there.
constexpr double confident_score = 1.0;
/// Face width in pixels of the detection image of a refinement step (the shape is found at opt.face_px).
constexpr double detect_face_px = 130;
/// Side of a refinement render, in face widths (outer eye corners): the whole face and some context.
constexpr double frontal_side_w = 2.4;
/// A landmark fit whose RMS after the similarity exceeds this share of the face width is not a face.
constexpr double max_fit_rms_w = 0.2;
/// Refinement stops when the frame turns by less than this (degrees), or after max_refinements renders.
constexpr double converged_deg = 1.0;
constexpr int max_refinements = 4;

/// The part of the jaw contour (iBUG 0-16) kept with JawPoints::lower: the lower jaw and the chin.
constexpr int lower_jaw_first = 4, lower_jaw_last = 12;
/// A kept jaw point farther than this (x face width) from where the inner landmarks put the built-in face's
/// jaw is dropped (its ray met the neck or the shoulders below the outline); the transfer refuses points
/// beyond 0.2 face widths.
constexpr double max_jaw_deviation_w = 0.18;

Eigen::Matrix3d frame_matrix(const Vec3& up, const Vec3& front) {
  Eigen::Matrix3d M;
  M.col(0) = up.cross(front);
  M.col(1) = up;
  M.col(2) = front;
  return M;
}

double angle_between_frames(const Vec3& up0, const Vec3& front0, const Vec3& up1, const Vec3& front1) {
  const Eigen::Matrix3d R = frame_matrix(up0, front0).transpose() * frame_matrix(up1, front1);
  return std::acos(std::clamp((R.trace() - 1) / 2, -1.0, 1.0)) * 180 / pi;
}

/// Template (built-in face) positions of the 68 iBUG points, mm.
std::array<Vec3, 68> template_points(const Mesh& face) {
  std::array<Vec3, 68> t;
  for (int k = 0; k < 68; ++k) t[static_cast<size_t>(k)] = template_landmark(face, LandmarkSet::ibug68, k);
  return t;
}

double template_eye_width(const std::array<Vec3, 68>& t) { return (t[36] - t[45]).norm(); }

/// The scan in one view: raster and grey image.
struct Render {
  OrthoView view;
  Raster raster;
  Image image;
};

Render render(const Mesh& m, const Eigen::MatrixXd& N, const OrthoView& v, const SurfaceColour& colour) {
  Render r;
  r.view = v;
  r.raster = rasterize(m, v);
  r.image = render_for_detection(m, N, v, r.raster, colour);
  return r;
}

/// A square view of side_w face widths centred on `centre`, looking along -front, at px_per_mm.
OrthoView frontal_view(const Vec3& centre, const Vec3& up, const Vec3& front, double side_mm, double px_per_mm) {
  OrthoView v;
  v.toward = front.normalized();
  v.up = (up - up.dot(v.toward) * v.toward).normalized();
  v.center = centre;
  v.px_per_mm = px_per_mm;
  v.width = v.height = std::max(16, static_cast<int>(std::ceil(side_mm * px_per_mm)));
  return v;
}

/// Result of fitting the built-in face's landmarks to points on the scan.
struct FrameFit {
  bool ok = false;
  Similarity sim;
  double rms = 0, rms_mirrored = 0;
  double face_width = 0;  ///< outer eye corners, scan units
  Vec3 up, front, centre;
};

FrameFit fit_frame(const std::array<Vec3, 68>& tmpl, const std::vector<RayHit>& hits) {
  FrameFit f;
  std::vector<int> use;
  for (int k = 17; k < 68; ++k)
    if (hits[static_cast<size_t>(k)].face >= 0) use.push_back(k);
  if (use.size() < 20) return f;
  const Eigen::Index n = static_cast<Eigen::Index>(use.size());
  Eigen::MatrixX3d X(n, 3), Xm(n, 3), Y(n, 3);
  for (Eigen::Index i = 0; i < n; ++i) {
    const int k = use[static_cast<size_t>(i)];
    X.row(i) = tmpl[static_cast<size_t>(k)].transpose();
    Xm.row(i) = tmpl[static_cast<size_t>(k)].transpose();
    Xm(i, 0) = -Xm(i, 0);
    Y.row(i) = hits[static_cast<size_t>(k)].point.transpose();
  }
  f.sim = fit_similarity(X, Y);
  const Similarity simm = fit_similarity(Xm, Y);
  f.rms = rms_residual(f.sim, X, Y);
  f.rms_mirrored = rms_residual(simm, Xm, Y);
  f.face_width = f.sim.scale * template_eye_width(tmpl);
  f.up = f.sim.R * Vec3::UnitY();
  f.front = f.sim.R * Vec3::UnitZ();
  Vec3 c = Vec3::Zero();
  for (int k = 17; k < 68; ++k) c += tmpl[static_cast<size_t>(k)];
  f.centre = f.sim(c / 51.0);
  // a face, not its mirror image (the hollow inside of a face-only mesh seen from behind), of a sane shape
  f.ok = f.sim.scale > 0 && f.rms < f.rms_mirrored && f.rms <= max_fit_rms_w * f.face_width;
  return f;
}

/// Drops the jaw points (iBUG 0-16) of `hits` that lie farther than max_jaw_deviation_w face widths from where
/// the built-in face's jaw lands when it is fitted to the inner points (similarity, then thin-plate spline).
void drop_stray_jaw_points(const std::array<Vec3, 68>& tmpl, std::vector<RayHit>& hits) {
  std::vector<int> use;
  for (int k = 17; k < 68; ++k)
    if (hits[static_cast<size_t>(k)].face >= 0) use.push_back(k);
  if (use.size() < 20) {
    for (int k = 0; k < 17; ++k) hits[static_cast<size_t>(k)] = RayHit{};
    return;
  }
  const Eigen::Index n = static_cast<Eigen::Index>(use.size());
  Eigen::MatrixX3d X(n, 3), Y(n, 3);
  for (Eigen::Index i = 0; i < n; ++i) {
    X.row(i) = tmpl[static_cast<size_t>(use[static_cast<size_t>(i)])].transpose();
    Y.row(i) = hits[static_cast<size_t>(use[static_cast<size_t>(i)])].point.transpose();
  }
  const Similarity sim = fit_similarity(X, Y);
  Eigen::MatrixX3d Xs(n, 3);
  for (Eigen::Index i = 0; i < n; ++i) Xs.row(i) = sim(Vec3(X.row(i).transpose())).transpose();
  const double W = sim.scale * template_eye_width(tmpl);
  const ThinPlateSpline tps = fit_thin_plate_spline(Xs, Y, 0.003 * W);
  for (int k = 0; k < 17; ++k) {
    RayHit& h = hits[static_cast<size_t>(k)];
    if (h.face < 0) continue;
    const double d = (tps(sim(tmpl[static_cast<size_t>(k)])) - h.point).norm();
    if (d > max_jaw_deviation_w * W) h = RayHit{};
  }
}

/// The box of `boxes` that contains image position c, the most confident; nullopt when none does.
std::optional<FaceBox> box_around(const std::vector<FaceBox>& boxes, const Vec2& c) {
  for (const FaceBox& b : boxes)  // most confident first
    if (c.x() >= b.left && c.x() <= b.right && c.y() >= b.top && c.y() <= b.bottom) return b;
  return std::nullopt;
}

/// The image mirrored left-right.
Image mirrored(const Image& img) {
  Image m = img;
  const size_t c = static_cast<size_t>(img.channels);
  for (int y = 0; y < img.height; ++y)
    for (int x = 0; x < img.width; ++x)
      std::copy_n(
          img.at(img.width - 1 - x, y), c,
          m.pixels.data() + (static_cast<size_t>(y) * static_cast<size_t>(img.width) + static_cast<size_t>(x)) * c);
  return m;
}

/// The 68 points of the face in `box`: the mean of the shape found in the image and the one found in its
/// mirror image (mapped back: x mirrored, left and right points swapped), which cancels the predictor's
/// left-right differences and halves its rounding to whole pixels.
std::array<Vec2, 68> shape_both_ways(const FaceFinder2D& finder, const Image& img, const FaceBox& box, bool both) {
  std::array<Vec2, 68> p = finder.shape(img, box);
  if (!both) return p;
  const double W = img.width;
  const std::array<Vec2, 68> m =
      finder.shape(mirrored(img), FaceBox{W - box.right, box.top, W - box.left, box.bottom, box.score});
  for (int k = 0; k < 68; ++k) {
    const Vec2& q = m[static_cast<size_t>(ibug68_mirror(k))];
    p[static_cast<size_t>(k)] = 0.5 * (p[static_cast<size_t>(k)] + Vec2(W - q.x(), q.y()));
  }
  return p;
}

/// Eye centres in an image: subject's right (iBUG 36-41) and left (42-47).
std::pair<Vec2, Vec2> eye_centres(const std::array<Vec2, 68>& p) {
  Vec2 r = Vec2::Zero(), l = Vec2::Zero();
  for (int k = 36; k < 42; ++k) r += p[static_cast<size_t>(k)] / 6.0;
  for (int k = 42; k < 48; ++k) l += p[static_cast<size_t>(k)] / 6.0;
  return {r, l};
}

/// Eyebrow offsets (iBUG 17-26) of the detector on an untextured render, in eye distances along the eye
/// line (image right) and across it (image down): measured on the built-in face seen from the front.
struct BrowOffsets {
  bool ok = false;
  std::array<Vec2, 10> offset{};
};

BrowOffsets measure_brow_offsets(const Mesh& face, const FaceFinder2D& finder, double face_px, bool mirror_average) {
  BrowOffsets b;
  const std::array<Vec3, 68> t = template_points(face);
  const double W = template_eye_width(t);
  Vec3 c = Vec3::Zero();
  for (int k = 17; k < 68; ++k) c += t[static_cast<size_t>(k)] / 51.0;
  const Eigen::MatrixXd N = vertex_normals(face);
  const OrthoView dv = frontal_view(c, Vec3::UnitY(), Vec3::UnitZ(), frontal_side_w * W, detect_face_px / W);
  const Render d = render(face, N, dv, {});
  const std::vector<FaceBox> boxes = finder.detect(d.image);
  const std::optional<FaceBox> box = box_around(boxes, dv.project(c));
  if (!box) return b;
  const OrthoView sv = frontal_view(c, Vec3::UnitY(), Vec3::UnitZ(), frontal_side_w * W, face_px / W);
  const Render s = render(face, N, sv, {});
  const double k = sv.px_per_mm / dv.px_per_mm;
  const FaceBox sbox{box->left * k, box->top * k, box->right * k, box->bottom * k, box->score};
  const std::array<Vec2, 68> p = shape_both_ways(finder, s.image, sbox, mirror_average);
  const auto [er, el] = eye_centres(p);
  const double iod = (el - er).norm();
  if (!(iod > 0)) return b;
  const Vec2 ex = (el - er) / iod, ey(-ex.y(), ex.x());
  for (int j = 0; j < 10; ++j) {
    const Vec2 d2 = p[static_cast<size_t>(17 + j)] - sv.project(t[static_cast<size_t>(17 + j)]);
    b.offset[static_cast<size_t>(j)] = Vec2(d2.dot(ex), d2.dot(ey)) / iod;
  }
  b.ok = true;
  return b;
}

const BrowOffsets& brow_offsets(const Mesh& face, const FaceFinder2D& finder, double face_px, bool mirror_average) {
  static std::mutex mu;
  static std::optional<BrowOffsets> cached;
  std::lock_guard<std::mutex> lock(mu);
  if (!cached) cached = measure_brow_offsets(face, finder, face_px, mirror_average);
  return *cached;
}

/// A candidate view searched: its render scale and the faces found.
struct Searched {
  int order = 0;
  Vec3 up, front;
  OrthoView view;
  std::vector<FaceBox> boxes;
};

}  // namespace

std::vector<std::pair<Vec3, Vec3>> candidate_frames() {
  std::vector<std::pair<Vec3, Vec3>> out;
  const Vec3 ups[6] = {Vec3::UnitY(), Vec3::UnitZ(), -Vec3::UnitZ(), -Vec3::UnitY(), Vec3::UnitX(), -Vec3::UnitX()};
  const Vec3 fronts[6] = {Vec3::UnitZ(), -Vec3::UnitY(), -Vec3::UnitZ(), Vec3::UnitY(), Vec3::UnitX(), -Vec3::UnitX()};
  for (const Vec3& u : ups)
    for (const Vec3& f : fronts)
      if (u.dot(f) == 0) out.emplace_back(u, f);
  // directions between the axes: the 8 corners and 12 edge midpoints of the cube, then the axes again at
  // the rolls between the axis-aligned ones; 6 rolls (60 degrees apart) for the diagonals
  std::vector<Vec3> dirs;
  for (int z : {1, -1})
    for (int y : {1, -1})
      for (int x : {1, -1}) dirs.push_back(Vec3(x, y, z).normalized());
  for (int a = 0; a < 3; ++a)
    for (int s : {1, -1})
      for (int t : {1, -1}) {
        Vec3 d = Vec3::Zero();
        d[(a + 1) % 3] = s;
        d[(a + 2) % 3] = t;
        dirs.push_back(d.normalized());
      }
  for (const Vec3& d : dirs) {
    const Vec3 base = std::abs(d.y()) < 0.9 ? Vec3::UnitY() : Vec3::UnitZ();
    const Vec3 u0 = (base - base.dot(d) * d).normalized();
    for (int r = 0; r < 6; ++r) out.emplace_back(Eigen::AngleAxisd(r * pi / 3, d) * u0, d);
  }
  for (const Vec3& f : fronts) {
    const Vec3 base = std::abs(f.y()) < 0.9 ? Vec3::UnitY() : Vec3::UnitZ();
    for (int r = 0; r < 4; ++r) out.emplace_back(Eigen::AngleAxisd(pi / 4 + r * pi / 2, f) * base, f);
  }
  return out;
}

namespace {

/// Principal extents e1 >= e2 >= e3 of a mesh's triangles (mm as read; zero when it has no surface).
Vec3 principal_extents(const Mesh& mesh) {
  // principal axes of the triangles' centres, weighted by area (a scan's vertex density varies)
  Eigen::Matrix3d C = Eigen::Matrix3d::Zero();
  Vec3 m = Vec3::Zero();
  double total = 0;
  for (Eigen::Index f = 0; f < mesh.num_faces(); ++f) {
    const double a = face_area(mesh, f);
    m += a * (mesh.corner(f, 0) + mesh.corner(f, 1) + mesh.corner(f, 2)) / 3.0;
    total += a;
  }
  if (!(total > 0)) return Vec3::Zero();
  m /= total;
  for (Eigen::Index f = 0; f < mesh.num_faces(); ++f) {
    const Vec3 d = (mesh.corner(f, 0) + mesh.corner(f, 1) + mesh.corner(f, 2)) / 3.0 - m;
    C += face_area(mesh, f) * d * d.transpose();
  }
  const Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d> es(C / total);
  Vec3 lo = Vec3::Constant(std::numeric_limits<double>::infinity()), hi = -lo;
  for (Eigen::Index f = 0; f < mesh.num_faces(); ++f)  // the corners of triangles (not unused vertices)
    for (int k = 0; k < 3; ++k) {
      const Vec3 p = es.eigenvectors().transpose() * (mesh.corner(f, k) - m);
      lo = lo.cwiseMin(p);
      hi = hi.cwiseMax(p);
    }
  Vec3 e = hi - lo;  // ascending eigenvalues: e(2) is the largest extent
  std::sort(e.data(), e.data() + 3);
  return {e(2), e(1), e(0)};
}

/// Whether extents e (principal, descending) scaled by k are a whole face's or head's.
bool face_sized(const Vec3& e, double k) {
  const FaceSizeLimits lim;
  return e[0] * k >= lim.height_min_mm && e[0] * k <= lim.size_max_mm && e[1] * k >= lim.width_min_mm &&
         e[2] * k >= lim.depth_min_mm;
}

}  // namespace

std::vector<Units> face_sized_units(const Mesh& mesh, double scale_to_mm) {
  std::vector<Units> out;
  if (mesh.num_faces() < FaceSizeLimits().triangles_min || mesh.num_vertices() < 4) return out;
  const Vec3 e = principal_extents(mesh);
  for (Units u : {Units::um, Units::mm, Units::cm, Units::m, Units::in})
    if (face_sized(e, units_scale_mm(u) / scale_to_mm)) out.push_back(u);
  return out;
}

bool turns_like_a_head(const Mesh& mesh) {
  Vec3 sum = Vec3::Zero();
  double area = 0;
  for (Eigen::Index f = 0; f < mesh.num_faces(); ++f) {
    const Vec3 n = (mesh.corner(f, 1) - mesh.corner(f, 0)).cross(mesh.corner(f, 2) - mesh.corner(f, 0));
    sum += n;
    area += n.norm();
  }
  return area > 0 && sum.norm() <= 0.5 * area;
}

std::string not_face_sized(const Mesh& mesh, double scale_to_mm, bool units_given) {
  if (mesh.num_faces() == 0 || mesh.num_vertices() < 4) return "it has no surface";
  const FaceSizeLimits lim;
  if (mesh.num_faces() < lim.triangles_min)
    return "it has " + std::to_string(mesh.num_faces()) + " triangles (a face's eyes, nose and mouth need " +
           std::to_string(lim.triangles_min) + " or more)";
  const Vec3 e = principal_extents(mesh);
  if (!(e[0] > 0)) return "it has no surface";
  const double e1 = e[0], e2 = e[1], e3 = e[2];
  std::vector<double> scales;  // from the size as read to each unit the file may be in
  if (units_given)
    scales.push_back(1.0);
  else
    for (Units u : {Units::um, Units::mm, Units::cm, Units::m, Units::in})
      scales.push_back(units_scale_mm(u) / scale_to_mm);
  for (double k : scales)
    if (face_sized(e, k)) return "";
  auto mm = [](double x) { return x < 10 ? fmt::format("{:.1f}", x) : fmt::format("{:.0f}", x); };
  std::string sizes = mm(e1) + " x " + mm(e2) + " x " + mm(e3) + " mm";
  if (!units_given) sizes += " as read";
  std::string why;
  if (e3 < 0.2 * e1)
    why = "it is flat (principal extents " + sizes + "; a face has " + mm(lim.depth_min_mm) + " mm of depth or more)";
  else
    why = "its size is not a face's or a head's in any unit (principal extents " + sizes + "; a face is at least " +
          mm(lim.height_min_mm) + " x " + mm(lim.width_min_mm) + " x " + mm(lim.depth_min_mm) + " mm, a bust at most " +
          mm(lim.size_max_mm) + " mm)";
  return why;
}

Image render_for_detection(const Mesh& mesh, const Eigen::MatrixXd& normals, const OrthoView& view,
                           const Raster& raster, const SurfaceColour& colour) {
  ShadeOptions so;
  so.channels = 1;
  so.light = Vec3(0, 1, 1);  // 45 degrees above the viewer, as in a photograph lit from above
  so.ambient = 0.5;
  so.diffuse = 0.5;
  so.background = {0, 0, 0};
  Image img = shade(mesh, view, raster, normals, so, colour);
  // pinholes and cracks of a scan (missing triangles a pixel or two across) would show the black background
  // as speckle that hides the face from the detector: a background pixel with at least 5 surface pixels among
  // its 8 neighbours takes their mean, twice over (holes wider than about 4 pixels stay: eyes, mouths)
  std::vector<char> solid(raster.face.size());
  for (size_t i = 0; i < solid.size(); ++i) solid[i] = raster.face[i] >= 0;
  const int W = img.width, H = img.height;
  for (int pass = 0; pass < 2; ++pass) {
    std::vector<std::pair<size_t, std::uint8_t>> fill;
    for (int y = 1; y + 1 < H; ++y)
      for (int x = 1; x + 1 < W; ++x) {
        const size_t i = static_cast<size_t>(y) * static_cast<size_t>(W) + static_cast<size_t>(x);
        if (solid[i]) continue;
        int n = 0, sum = 0;
        for (int dy = -1; dy <= 1; ++dy)
          for (int dx = -1; dx <= 1; ++dx) {
            const size_t j = static_cast<size_t>(y + dy) * static_cast<size_t>(W) + static_cast<size_t>(x + dx);
            if (solid[j]) ++n, sum += img.pixels[j];
          }
        if (n >= 5) fill.emplace_back(i, static_cast<std::uint8_t>((sum + n / 2) / n));
      }
    for (const auto& [i, v] : fill) img.pixels[i] = v, solid[i] = 1;
  }
  return img;
}

std::vector<RayHit> back_project(const Mesh& mesh, const OrthoView& view, const Raster& raster,
                                 const std::vector<Vec2>& q, double max_px, std::vector<int>* snapped) {
  std::vector<RayHit> hits = cast_rays(mesh, view, q);
  for (size_t k = 0; k < q.size(); ++k) {
    if (hits[k].face >= 0 || !std::isfinite(q[k].x()) || !std::isfinite(q[k].y())) continue;
    const int r = static_cast<int>(std::ceil(max_px));
    const int cx = static_cast<int>(std::floor(q[k].x())), cy = static_cast<int>(std::floor(q[k].y()));
    double best = max_px;
    int bx = -1, by = -1;
    for (int y = cy - r; y <= cy + r; ++y)
      for (int x = cx - r; x <= cx + r; ++x) {
        if (!raster.inside(x, y) || raster.face_at(x, y) < 0) continue;
        const double d = (Vec2(x + 0.5, y + 0.5) - q[k]).norm();
        if (d < best) best = d, bx = x, by = y;
      }
    if (bx < 0) continue;
    hits[k] = surface_at(mesh, view, raster, bx, by);
    if (snapped) snapped->push_back(static_cast<int>(k));
  }
  return hits;
}

RayHit silhouette_point(const Mesh& mesh, const OrthoView& view, const Raster& raster, const Vec2& q, double max_px,
                        double depth_jump) {
  const int r = static_cast<int>(std::ceil(max_px));
  const int cx = static_cast<int>(std::floor(q.x())), cy = static_cast<int>(std::floor(q.y()));
  double best = max_px;
  int bx = -1, by = -1;
  for (int y = cy - r; y <= cy + r; ++y)
    for (int x = cx - r; x <= cx + r; ++x) {
      if (!raster.inside(x, y) || raster.face_at(x, y) < 0) continue;
      const double d = (Vec2(x + 0.5, y + 0.5) - q).norm();
      if (d >= best) continue;
      const float z = raster.depth_at(x, y);
      bool contour = false;
      const int nx[4] = {x - 1, x + 1, x, x}, ny[4] = {y, y, y - 1, y + 1};
      for (int i = 0; i < 4 && !contour; ++i)
        contour = !raster.inside(nx[i], ny[i]) || raster.face_at(nx[i], ny[i]) < 0 ||
                  raster.depth_at(nx[i], ny[i]) < z - depth_jump;
      if (contour) best = d, bx = x, by = y;
    }
  if (bx < 0) return {};
  return surface_at(mesh, view, raster, bx, by);
}

std::optional<AutoLandmarks> detect_landmarks(const Mesh& mesh, const Mesh& builtin_face, const FaceFinder2D& finder,
                                              const AutoLandmarkOptions& opt) {
  if (mesh.num_faces() == 0) return std::nullopt;
  const std::array<Vec3, 68> tmpl = template_points(builtin_face);
  const bool textured = opt.colour.coloured(mesh);
  const Eigen::MatrixXd N = vertex_normals(mesh);
  stage_done("landmarks: normals");
  // ---- the search mesh: the scan, or a clustered copy of a dense one ----
  Mesh coarse;
  Eigen::MatrixXd coarse_N;
  const bool use_coarse = mesh.num_faces() > search_max_faces;
  if (use_coarse) {
    const double extent = (mesh.V.colwise().maxCoeff() - mesh.V.colwise().minCoeff()).maxCoeff();
    coarse = cluster_vertices(mesh, 2.0 * extent / search_side_px);  // 2 pixels of a search render
    coarse_N = vertex_normals(coarse);
    stage_done("landmarks: coarse copy");
  }
  const Mesh& sm = use_coarse ? coarse : mesh;
  const Eigen::MatrixXd& sN = use_coarse ? coarse_N : N;
  const SurfaceColour scol = use_coarse ? SurfaceColour{} : opt.colour;  // colours are per scan vertex/triangle

  std::vector<std::pair<Vec3, Vec3>> frames;
  if (opt.axes_given)
    frames.emplace_back(opt.up.normalized(), opt.front.normalized());
  else
    frames = candidate_frames();

  AutoLandmarks out;
  std::vector<Searched> searched;
  std::vector<char> tried;  // refinement attempted (index into searched)

  // Refines candidate c; true when it ends in a frontal view with a face whose landmarks fit a face.
  auto refine = [&](const Searched& c) -> bool {
    Render rd = render(sm, sN, c.view, scol);
    FaceBox box = c.boxes.front();
    const Mesh* on = &sm;
    Vec3 up = c.up, front = c.front;
    std::array<Vec2, 68> shape{};
    int steps = 0;
    double score = box.score;
    for (;;) {
      shape = shape_both_ways(finder, rd.image, box, opt.mirror_average && on == &mesh);
      std::vector<Vec2> q(shape.begin(), shape.end());
      const auto [er, el] = eye_centres(shape);
      const double iod = (el - er).norm();
      const std::vector<RayHit> hits = back_project(*on, rd.view, rd.raster, q, 0.1 * iod);
      const FrameFit fit = fit_frame(tmpl, hits);
      if (!fit.ok) return false;
      const double turn = angle_between_frames(up, front, fit.up, fit.front);
      if (steps > 0 && turn < converged_deg) break;
      if (steps >= max_refinements) break;
      up = fit.up;
      front = fit.front;
      // a frontal render: the face found by the detector at detect_face_px, its shape at face_px
      const double side = frontal_side_w * fit.face_width;
      const OrthoView dv = frontal_view(fit.centre, up, front, side, detect_face_px / fit.face_width);
      const Render d = render(sm, sN, dv, scol);  // the detector needs no more detail than the search
      const std::optional<FaceBox> b = box_around(finder.detect(d.image), dv.project(fit.centre));
      if (!b) return false;
      const OrthoView sv = frontal_view(fit.centre, up, front, side, opt.face_px / fit.face_width);
      rd = render(mesh, N, sv, opt.colour);
      const double k = sv.px_per_mm / dv.px_per_mm;
      box = FaceBox{b->left * k, b->top * k, b->right * k, b->bottom * k, b->score};
      score = b->score;
      on = &mesh;
      ++steps;
    }
    if (on != &mesh) return false;
    // ---- the final landmarks, from the last frontal render ----
    std::array<Vec2, 68> q2 = shape;
    const auto eyes = eye_centres(shape);
    const double iod = (eyes.second - eyes.first).norm();
    if (opt.correct_brows && !textured) {
      const BrowOffsets& bo = brow_offsets(builtin_face, finder, opt.face_px, opt.mirror_average);
      if (bo.ok) {
        const Vec2 ex = (eyes.second - eyes.first) / iod, ey(-ex.y(), ex.x());
        for (int j = 0; j < 10; ++j) {
          const Vec2& o = bo.offset[static_cast<size_t>(j)];
          q2[static_cast<size_t>(17 + j)] -= iod * (o.x() * ex + o.y() * ey);
        }
      }
    }
    const std::vector<Vec2> q(q2.begin(), q2.end());
    std::vector<int> snapped;
    stage_done("landmarks: search and refinement");
    std::vector<RayHit> hits = back_project(mesh, rd.view, rd.raster, q, 0.1 * iod, &snapped);
    stage_done("landmarks: final points");
    auto was_snapped = [&](int k) { return std::find(snapped.begin(), snapped.end(), k) != snapped.end(); };
    for (int k = 0; k < 17; ++k) {
      RayHit& h = hits[static_cast<size_t>(k)];
      if (opt.jaw == JawPoints::omit) {
        h = RayHit{};
      } else if (opt.jaw == JawPoints::silhouette) {
        h = silhouette_point(mesh, rd.view, rd.raster, q[static_cast<size_t>(k)], 0.15 * iod,
                             0.05 * iod / rd.view.px_per_mm);
      } else if (k < lower_jaw_first || k > lower_jaw_last || was_snapped(k)) {
        h = RayHit{};  // the side of the face seen edge-on, or a ray beside the scan
      }
    }
    if (opt.jaw == JawPoints::lower) drop_stray_jaw_points(tmpl, hits);
    const FrameFit fit = fit_frame(tmpl, hits);
    if (!fit.ok) return false;
    out.point.fill(Vec3::Zero());
    out.placed.fill(false);
    out.file = LandmarkFile{};
    out.file.source = "detected";
    out.file.set = LandmarkSet::ibug68;
    out.file.named = true;
    for (int k = 0; k < 68; ++k) {
      const RayHit& h = hits[static_cast<size_t>(k)];
      out.image_point[static_cast<size_t>(k)] = q2[static_cast<size_t>(k)];
      if (h.face < 0) continue;
      out.point[static_cast<size_t>(k)] = h.point;
      out.placed[static_cast<size_t>(k)] = true;
      out.file.index.push_back(k);
      out.file.point.push_back(h.point);
      out.file.line.push_back(0);
    }
    for (int k : snapped)
      if (out.placed[static_cast<size_t>(k)]) out.snapped.push_back(k);
    out.up = fit.up;
    out.front = fit.front;
    out.found_up = c.up;
    out.found_front = c.front;
    out.frame_change_deg = angle_between_frames(c.up, c.front, fit.up, fit.front);
    out.score = score;
    out.refinements = steps;
    out.view = rd.view;
    return true;
  };

  // Searches frames[first, last); then refines the candidates searched so far that show a face, most
  // confident first (ties: the earlier view), at least min_score confident.
  auto search = [&](size_t first, size_t last, double min_score) -> bool {
    std::vector<Searched> group(last - first);
    parallel_for(group.size(), [&](size_t i) {
      Searched& s = group[i];
      s.order = static_cast<int>(first + i);
      s.up = frames[first + i].first;
      s.front = frames[first + i].second;
      s.view = frame_mesh(sm, s.front, s.up, 1e300, 8, search_side_px);
      const Render r = render(sm, sN, s.view, scol);
      s.boxes = finder.detect(r.image);
    });
    for (Searched& s : group) searched.push_back(std::move(s));
    tried.resize(searched.size(), 0);
    out.views = static_cast<int>(searched.size());
    for (;;) {
      int best = -1;
      for (size_t i = 0; i < searched.size(); ++i)
        if (!tried[i] && !searched[i].boxes.empty() && searched[i].boxes.front().score >= min_score &&
            (best < 0 || searched[i].boxes.front().score > searched[static_cast<size_t>(best)].boxes.front().score))
          best = static_cast<int>(i);
      if (best < 0) return false;
      tried[static_cast<size_t>(best)] = 1;
      if (refine(searched[static_cast<size_t>(best)])) return true;
    }
  };

  // the usual frame alone first: a confident face there ends the search (most scans are +y up, +z front)
  if (!opt.axes_given && search(0, 1, confident_score)) return out;
  const size_t axis_frames = std::min<size_t>(frames.size(), 24);
  if (search(opt.axes_given ? 0 : 1, axis_frames, -std::numeric_limits<double>::infinity())) return out;
  for (size_t first = axis_frames; first < frames.size(); first += search_group)
    if (search(first, std::min(frames.size(), first + search_group), -std::numeric_limits<double>::infinity()))
      return out;
  return std::nullopt;
}

}  // namespace mesogrid::cli

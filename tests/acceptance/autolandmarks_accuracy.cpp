// tests/acceptance/autolandmarks_accuracy.cpp: accuracy of the automatic landmarks (src/autolandmarks.*) on
// the faces of ../shared, printed as a table; exit 1 when a target of issue 19 is missed, 77 without
// ../shared or dlib.
//   - ICT neutral and id00: mean 3D error of the 51 inner iBUG points (17-67) against *_landmarks68.csv,
//     per group, <= 3 mm; the same within 0.5 mm on 5 random rotations found without axes;
//   - the bust meshmonk_demoface_10k.obj: its 5 given points (README: right eye centre, left eye centre, nose
//     tip, right mouth corner, left mouth corner) against the detected iBUG points, within 5 mm. On the mesh
//     the two "eye centres" are the inner eye corners (endocanthion: iBUG 39 and 42); the eye centres (the
//     mean of each eye's six points) are printed beside them;
//   - copies in cm, m and um, and the bust turned 30 degrees about the vertical: the same points.
//   - with --conventions, instead: where the given and the detected points of each group lie against the built-in
//     face's (mp2dlib table) after a similarity fitted to the eyes, nose bridge and outer lips of each, and the
//     noise floor of the region areas: the given points moved by Gaussian noise (sigma 0.5, 1, 2 mm a coordinate,
//     then put back on the surface), RMS area change over 20 draws per region.
// Usage: autolandmarks_accuracy SHARED_DIR [--jaw silhouette] [--quick] [--conventions]
#include <Eigen/Geometry>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <mesogrid/face/region.hpp>
#include <mesogrid/io/read_mesh.hpp>
#include <mesogrid/landmarks/transfer.hpp>
#include <random>
#include <sstream>
#include <string>

#include "face.hpp"
#include "landmarks/autolandmarks.hpp"
#include "landmarks/face_model.hpp"

namespace mg = mesogrid;
namespace cli = mesogrid::cli;
using Vec3 = Eigen::Vector3d;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

mg::Mesh transformed(const mg::Mesh& m, const Eigen::Matrix3d& R, double scale, const Vec3& t) {
  mg::Mesh out = m;
  for (Eigen::Index i = 0; i < m.num_vertices(); ++i) out.V.row(i) = (scale * (R * m.vertex(i)) + t).transpose();
  return out;
}

struct Groups {
  double mean[5] = {0, 0, 0, 0, 0};  // jaw, brows, nose, eyes, mouth
  int count[5] = {0, 0, 0, 0, 0};
  int missing = 0;
  double inner() const {
    return (mean[1] * count[1] + mean[2] * count[2] + mean[3] * count[3] + mean[4] * count[4]) /
           std::max(1, count[1] + count[2] + count[3] + count[4]);
  }
};

/// Region areas (cm2) of the built-in regions carried onto m by landmarks lm.
std::vector<mg::RegionInfo> region_areas(const mg::Mesh& m, const mg::LandmarkFile& lm) {
  return mg::list_regions(mg::transfer_to_scan(m, cli::builtin_anatomical_face(), lm).mesh);
}

/// Largest relative difference of the region areas (all regions but `all`), and its region.
std::pair<double, std::string> worst_area_difference(const std::vector<mg::RegionInfo>& a,
                                                     const std::vector<mg::RegionInfo>& b, bool print) {
  std::pair<double, std::string> worst{0, ""};
  for (const auto& ra : a)
    for (const auto& rb : b)
      if (ra.name == rb.name && rb.area_cm2 > 0) {
        const double d = (ra.area_cm2 - rb.area_cm2) / rb.area_cm2;
        if (print)
          std::printf("  %-18s %8.2f %8.2f cm2 %+6.1f%%\n", ra.name.c_str(), ra.area_cm2, rb.area_cm2, 100 * d);
        if (ra.name != "all" && std::abs(d) > std::abs(worst.first)) worst = {d, ra.name};
      }
  return worst;
}

int group_of(int k) { return k < 17 ? 0 : k < 27 ? 1 : k < 36 ? 2 : k < 48 ? 3 : 4; }

Groups errors(const cli::AutoLandmarks& a, const std::vector<Vec3>& truth, const Eigen::Matrix3d& R, double scale,
              const Vec3& t) {
  Groups g;
  double sum[5] = {0, 0, 0, 0, 0};
  for (int k = 0; k < 68; ++k) {
    if (!a.placed[static_cast<size_t>(k)]) {
      if (k >= 17) ++g.missing;
      continue;
    }
    const Vec3 p = R.transpose() * ((a.point[static_cast<size_t>(k)] - t) / scale);  // back to the file's frame, mm
    sum[group_of(k)] += (p - truth[static_cast<size_t>(k)]).norm();
    g.count[group_of(k)]++;
  }
  for (int i = 0; i < 5; ++i) g.mean[i] = g.count[i] ? sum[i] / g.count[i] : 0;
  return g;
}

/// --conventions: see the top.
void print_conventions(const std::string& shared, const cli::FaceFinder2D& finder, const mg::Mesh& face,
                       const cli::AutoLandmarkOptions& opt) {
  struct G {
    const char* name;
    int a, b;
  };
  const G groups[] = {{"jaw upper (0-3, 13-16)", 0, 3},
                      {"jaw lower (4-12)", 4, 12},
                      {"brows", 17, 26},
                      {"nose bridge", 27, 30},
                      {"nose base alar (31, 35)", 31, 31},
                      {"nose base middle (32-34)", 32, 34},
                      {"eyes", 36, 47},
                      {"mouth outer", 48, 59},
                      {"mouth inner", 60, 67}};
  auto in = [](const G& g, int k) {
    if (g.a == 0) return k <= 3 || (k >= 13 && k <= 16);
    if (g.a == 31) return k == 31 || k == 35;
    return k >= g.a && k <= g.b;
  };
  const char* show[] = {"forehead",   "glabella", "temples", "periorbital", "cheeks",
                        "nasolabial", "perioral", "chin",    "jawline",     "full_face"};
  for (const char* name : {"neutral", "id00"}) {
    const std::string base = shared + "/meshes/ict/ict_face_" + name;
    const mg::Mesh m = mg::read_mesh(base + ".obj");
    const mg::LandmarkFile given = mg::read_landmark_csv(slurp(base + "_landmarks68.csv"), base, std::nullopt);
    const auto a = cli::detect_landmarks(m, face, finder, opt);
    if (!a) continue;
    // the built-in face fitted by a similarity to the eyes, nose bridge and outer lips of each set
    auto fitted = [&](const std::vector<Vec3>& pts) {
      std::vector<int> use;
      for (int k = 27; k <= 30; ++k) use.push_back(k);
      for (int k = 36; k <= 59; ++k) use.push_back(k);
      Eigen::MatrixX3d X(static_cast<Eigen::Index>(use.size()), 3), Y(X.rows(), 3);
      for (size_t i = 0; i < use.size(); ++i) {
        X.row(static_cast<Eigen::Index>(i)) = mg::template_landmark(face, mg::LandmarkSet::ibug68, use[i]).transpose();
        Y.row(static_cast<Eigen::Index>(i)) = pts[static_cast<size_t>(use[i])].transpose();
      }
      return mg::fit_similarity(X, Y);
    };
    std::vector<Vec3> det(68);
    for (int k = 0; k < 68; ++k) det[static_cast<size_t>(k)] = a->point[static_cast<size_t>(k)];
    const mg::Similarity sg = fitted(given.point), sd = fitted(det);
    std::printf(
        "\n%s: mean distance (mm) and mean offset (face frame: x toward the midline, y up, z front) from the "
        "built-in face's points\n  %-26s %30s %30s\n",
        name, "", "given", "detected");
    for (const G& g : groups) {
      Vec3 og = Vec3::Zero(), od = Vec3::Zero();
      double dg = 0, dd = 0;
      int ng = 0, nd = 0;
      for (int k = 0; k < 68; ++k) {
        if (!in(g, k)) continue;
        const Vec3 t = mg::template_landmark(face, mg::LandmarkSet::ibug68, k);
        Vec3 e = sg.R.transpose() * (given.point[static_cast<size_t>(k)] - sg(t));
        if (k < 17 ? k > 8 : k != mg::ibug68_mirror(k) && k > mg::ibug68_mirror(k)) e.x() = -e.x();  // right side
        og += e, dg += e.norm(), ++ng;
        if (!a->placed[static_cast<size_t>(k)]) continue;
        Vec3 f = sd.R.transpose() * (det[static_cast<size_t>(k)] - sd(t));
        if (k < 17 ? k > 8 : k != mg::ibug68_mirror(k) && k > mg::ibug68_mirror(k)) f.x() = -f.x();
        od += f, dd += f.norm(), ++nd;
      }
      std::printf("  %-26s %5.1f (%5.1f %5.1f %5.1f)      ", g.name, dg / ng, og.x() / ng, og.y() / ng, og.z() / ng);
      if (nd)
        std::printf("%5.1f (%5.1f %5.1f %5.1f)\n", dd / nd, od.x() / nd, od.y() / nd, od.z() / nd);
      else
        std::printf("  (left out)\n");
    }
    // the noise floor of the region areas
    const mg::SurfaceIndex idx(m);
    auto areas = [&](const mg::LandmarkFile& lm) {
      std::vector<double> out;
      const auto regions = mg::list_regions(mg::transfer_to_scan(m, face, lm).mesh);
      for (const char* r : show)
        for (const auto& ri : regions)
          if (ri.name == r) out.push_back(ri.area_cm2);
      return out;
    };
    const std::vector<double> a0 = areas(given);
    std::printf("  region areas, RMS change (%%) over 20 draws of noise on the given points:\n  %-14s", "sigma");
    for (const char* r : show) std::printf(" %9.9s", r);
    std::printf("\n");
    std::mt19937 rng(7);
    for (double sigma : {0.5, 1.0, 2.0}) {
      std::vector<double> ss(std::size(show), 0);
      for (int d = 0; d < 20; ++d) {
        std::normal_distribution<double> n(0, sigma);
        mg::LandmarkFile f = given;
        for (Vec3& p : f.point) p = idx.closest(p + Vec3(n(rng), n(rng), n(rng))).point;
        const std::vector<double> ad = areas(f);
        for (size_t i = 0; i < ss.size(); ++i) ss[i] += std::pow(100 * (ad[i] - a0[i]) / a0[i], 2) / 20;
      }
      std::printf("  %4.1f mm      ", sigma);
      for (double v : ss) std::printf(" %8.1f%%", std::sqrt(v));
      std::printf("\n");
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: autolandmarks_accuracy SHARED_DIR [--jaw silhouette] [--quick]\n");
    return 2;
  }
  const std::string shared = argv[1];
  cli::AutoLandmarkOptions opt;
  bool quick = false, per_point = false, conventions = false;
  for (int i = 2; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--jaw") && i + 1 < argc) {
      const std::string j = argv[++i];
      opt.jaw = j == "silhouette" ? cli::JawPoints::silhouette
                : j == "omit"     ? cli::JawPoints::omit
                                  : cli::JawPoints::lower;
    } else if (!std::strcmp(argv[i], "--quick"))
      quick = true;
    else if (!std::strcmp(argv[i], "--no-brow-correction"))
      opt.correct_brows = false;
    else if (!std::strcmp(argv[i], "--conventions"))
      conventions = true;
    else if (!std::strcmp(argv[i], "--per-point"))
      per_point = true;
    else if (!std::strcmp(argv[i], "--no-mirror"))
      opt.mirror_average = false;
    else if (!std::strcmp(argv[i], "--face-px") && i + 1 < argc)
      opt.face_px = std::atof(argv[++i]);
  }
  if (!cli::dlib_available()) {
    std::printf("skipped: built without dlib\n");
    return 77;
  }
  if (!std::ifstream(shared + "/meshes/ict/ict_face_neutral.obj")) {
    std::printf("skipped: no %s/meshes\n", shared.c_str());
    return 77;
  }
  const auto t_load = std::chrono::steady_clock::now();
  const cli::FaceFinder2D finder = cli::dlib_face_finder();
  const mg::Mesh& face = cli::builtin_anatomical_face();
  bool ok = true;
  auto check = [&](bool cond, const std::string& what) {
    if (!cond) {
      ok = false;
      std::printf("FAIL: %s\n", what.c_str());
    }
  };
  if (conventions) {
    print_conventions(shared, finder, face, opt);
    return 0;
  }
  std::mt19937 rng(19);
  double neutral_inner = 0;
  std::printf("%-28s %6s %6s %6s %6s %6s | %6s %5s %5s %6s %6s\n", "case", "jaw", "brows", "nose", "eyes", "mouth",
              "inner", "miss", "views", "turn", "s");
  for (const char* name : {"neutral", "id00", "sub3"}) {
    const bool dense = std::string(name) == "sub3";  // the neutral face midpoint-subdivided 3 times (1.18M triangles)
    if (dense && quick) continue;
    const std::string base = shared + "/meshes/ict/ict_face_" + (dense ? "neutral" : name);
    const mg::Mesh m = mg::read_mesh(dense ? shared + "/meshes/ict/ict_face_sub3.ply" : base + ".obj");
    const std::vector<Vec3> truth = mg::read_landmark_csv(slurp(base + "_landmarks68.csv"), base, std::nullopt).point;
    double inner0 = 0;  // the unrotated face's
    const int runs = quick || dense ? 1 : 6;
    for (int r = 0; r < runs; ++r) {
      Eigen::Matrix3d R = Eigen::Matrix3d::Identity();
      Vec3 t = Vec3::Zero();
      if (r > 0) {  // a random rotation and shift
        std::normal_distribution<double> n(0, 1);
        R = Eigen::Quaterniond(n(rng), n(rng), n(rng), n(rng)).normalized().toRotationMatrix();
        t = Vec3(n(rng), n(rng), n(rng)) * 100;
      }
      const mg::Mesh mr = transformed(m, R, 1, t);
      const auto t0 = std::chrono::steady_clock::now();
      const auto a = cli::detect_landmarks(mr, face, finder, opt);
      const double s = seconds_since(t0);
      const std::string label =
          std::string(dense ? "neutral sub3 (1.18M)" : name) + (r == 0 ? "" : " rotation " + std::to_string(r));
      if (!a) {
        check(false, label + ": no face found");
        continue;
      }
      const Groups g = errors(*a, truth, R, 1, t);
      std::printf("%-28s %6.2f %6.2f %6.2f %6.2f %6.2f | %6.2f %5d %5d %6.1f %6.2f\n", label.c_str(), g.mean[0],
                  g.mean[1], g.mean[2], g.mean[3], g.mean[4], g.inner(), g.missing, a->views, a->frame_change_deg, s);
      if (per_point)
        for (int k = 0; k < 68; ++k)
          if (a->placed[static_cast<size_t>(k)]) {
            const Vec3 d = R.transpose() * (a->point[static_cast<size_t>(k)] - t) - truth[static_cast<size_t>(k)];
            std::printf("  %-16s %6.2f  (x %6.2f y %6.2f z %6.2f)\n",
                        mg::landmark_name(mg::LandmarkSet::ibug68, k).c_str(), d.norm(), d.x(), d.y(), d.z());
          }
      if (r == 0 && dense) {
        check(std::abs(g.inner() - neutral_inner) <= 0.5,
              label + ": inner mean differs from the 18k-triangle face's by more than 0.5 mm");
      } else if (r == 0) {
        mg::LandmarkFile given = mg::read_landmark_csv(slurp(base + "_landmarks68.csv"), base, std::nullopt);
        const auto areas_given = region_areas(m, given);
        std::vector<mg::RegionInfo> areas_detected;
        try {
          areas_detected = region_areas(m, a->file);
        } catch (const mg::Error& e) {
          check(false, label + ": transfer refused: " + e.what());
          continue;
        }
        const auto worst = worst_area_difference(areas_detected, areas_given, per_point);
        std::printf("  regions from detected vs given landmarks: largest difference %+.1f%% (%s)\n", 100 * worst.first,
                    worst.second.c_str());
        check(std::abs(worst.first) <= 0.05,
              label + ": a region area differs by more than 5% from the given landmarks'");
        inner0 = g.inner();
        if (std::string(name) == "neutral") neutral_inner = inner0;
        for (int i = 1; i < 5; ++i) check(g.mean[i] <= 3.0, label + ": group mean over 3 mm");
        check(g.inner() <= 3.0, label + ": inner mean over 3 mm");
      } else {
        check(std::abs(g.inner() - inner0) <= 0.5,
              label + ": inner mean differs from the unrotated face by more than 0.5 mm");
      }
    }
  }
  // ---- the bust: 5 points, rescaled and turned copies ----
  {
    const std::string base = shared + "/meshes/scans/meshmonk_demoface";
    const mg::Mesh m = mg::read_mesh(base + "_10k.obj");
    const std::vector<Vec3> five = [&] {
      std::vector<Vec3> p;
      std::istringstream in(slurp(base + "_landmarks5.csv"));
      std::string line;
      while (std::getline(in, line)) {
        double x, y, z;
        if (std::sscanf(line.c_str(), "%lf,%lf,%lf", &x, &y, &z) == 3) p.emplace_back(x, y, z);
      }
      return p;
    }();
    struct Case {
      const char* label;
      double scale;
      Eigen::Matrix3d R;
    };
    std::vector<Case> cases = {{"bust", 1, Eigen::Matrix3d::Identity()}};
    if (!quick) {
      cases.push_back({"bust in cm", 0.1, Eigen::Matrix3d::Identity()});
      cases.push_back({"bust in m", 0.001, Eigen::Matrix3d::Identity()});
      cases.push_back({"bust in um", 1000, Eigen::Matrix3d::Identity()});
      cases.push_back(
          {"bust turned 30 deg", 1, Eigen::AngleAxisd(30 * mg::pi / 180, Vec3::UnitY()).toRotationMatrix()});
      cases.push_back(
          {"bust turned -30 deg, z up", 1,
           (Eigen::AngleAxisd(mg::pi / 2, Vec3::UnitX()) * Eigen::AngleAxisd(-30 * mg::pi / 180, Vec3::UnitY()))
               .toRotationMatrix()});
    }
    std::printf("\n%-28s %7s %7s %7s %7s %7s | %7s %7s | %5s %6s %6s\n", "case", "canth_r", "canth_l", "nose",
                "mouth_r", "mouth_l", "ctr_r", "ctr_l", "views", "turn", "s");
    for (const Case& c : cases) {
      const mg::Mesh mr = transformed(m, c.R, c.scale, Vec3::Zero());
      const auto t0 = std::chrono::steady_clock::now();
      const auto a = cli::detect_landmarks(mr, face, finder, opt);
      const double s = seconds_since(t0);
      if (!a) {
        check(false, std::string(c.label) + ": no face found");
        continue;
      }
      auto at = [&](int k) { return Vec3(c.R.transpose() * a->point[static_cast<size_t>(k)] / c.scale); };
      auto mean_of = [&](int k0, int k1) {
        Vec3 p = Vec3::Zero();
        for (int k = k0; k <= k1; ++k) p += at(k) / (k1 - k0 + 1);
        return p;
      };
      const Vec3 got[5] = {at(39), at(42), at(30), at(48), at(54)};
      double d[5];
      for (int i = 0; i < 5; ++i) {
        d[i] = (got[i] - five[static_cast<size_t>(i)]).norm();
        check(d[i] <= 5.0, std::string(c.label) + ": point " + std::to_string(i + 1) + " over 5 mm");
      }
      std::printf("%-28s %7.2f %7.2f %7.2f %7.2f %7.2f | %7.2f %7.2f | %5d %6.1f %6.2f\n", c.label, d[0], d[1], d[2],
                  d[3], d[4], (mean_of(36, 41) - five[0]).norm(), (mean_of(42, 47) - five[1]).norm(), a->views,
                  a->frame_change_deg, s);
    }
  }
  std::printf("\ntotal %.1f s (models loaded at the first detection)\n", seconds_since(t_load));
  return ok ? 0 : 1;
}

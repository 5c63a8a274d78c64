// Tests of plan.hpp: a whole plan: totals, warnings, determinism, refused values and impossible plans.
#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <functional>
#include <map>
#include <mesogrid/io/read_mesh.hpp>
#include <mesogrid/plan.hpp>
#include <vector>

#include "face/face_support.hpp"
#include "support.hpp"

using namespace mesogrid;

using test::grid_mesh;
using test::params;
using test::plane;

TEST_CASE("totals: volume, total-volume budget, session time") {
  PlanParams p = params(10, LatticeKind::square, 5);
  p.volume_ml = 0.02;
  Plan plan = make_plan(plane(100, 100, 0, 0), p);
  CHECK(plan.summary.total_volume_ml == doctest::Approx(2.0));
  CHECK(plan.summary.session_minutes == doctest::Approx(100 * 5.0 / 60));
  p.total_volume_ml = 4;
  p.injector_rate = 60;
  plan = make_plan(plane(100, 100, 0, 0), p);
  CHECK(plan.summary.volume_per_site_ml == doctest::Approx(0.04));
  CHECK(plan.summary.session_minutes == doctest::Approx(100.0 / 60));
  p.total_volume_ml = 10;  // 0.1 mL per site: above the point-by-point range -> warning
  plan = make_plan(plane(100, 100, 0, 0), p);
  bool warned = false;
  for (const auto& w : plan.warnings)
    warned = warned || w.str().find("volume per site 0.1 mL is above the point-by-point range") != std::string::npos;
  CHECK(warned);
}

TEST_CASE("error paths: absurd values (exit 1), impossible plans (exit 3)") {
  const Mesh pl = plane(100, 100, 0, 0);
  auto code_of = [&](PlanParams p) {
    try {
      make_plan(pl, p);
    } catch (const Error& e) {
      return e.kind;
    }
    return ErrorKind{};
  };
  PlanParams p = params(10, LatticeKind::square);
  p.depth_mm = 0;
  CHECK(code_of(p) == ErrorKind::usage);
  p.depth_mm = 14;
  CHECK(code_of(p) == ErrorKind::usage);
  p = params(0.5, LatticeKind::square);
  CHECK(code_of(p) == ErrorKind::usage);
  p = params(10, LatticeKind::square);
  p.volume_ml = 0;
  CHECK(code_of(p) == ErrorKind::usage);
  p = params(10, LatticeKind::square);
  p.angle_deg = 0;
  CHECK(code_of(p) == ErrorKind::usage);
  p = params(10, LatticeKind::square);
  p.angle_deg = 91;
  CHECK(code_of(p) == ErrorKind::usage);
  p = params(10, LatticeKind::square);
  p.margin_mm = -1;
  CHECK(code_of(p) == ErrorKind::usage);
  p = params(10, LatticeKind::square);
  p.region = "nose";
  CHECK(code_of(p) == ErrorKind::plan);
  p = params(200, LatticeKind::square);
  CHECK(code_of(p) == ErrorKind::plan);  // smaller than a cell
  p = params(10, LatticeKind::square);
  p.max_sites = 50;
  CHECK(code_of(p) == ErrorKind::plan);
  // a closed surface: no edge for the margin and the anchoring
  Mesh tet;
  tet.V.resize(4, 3);
  tet.V << 0, 0, 0, 100, 0, 0, 0, 100, 0, 0, 0, 100;
  tet.F.resize(4, 3);
  tet.F << 0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3;
  tet.label = Eigen::VectorXi::Constant(4, -1);
  // a closed surface is planned (no edge rule applies)
  CHECK(make_plan(tet, params(10, LatticeKind::square)).sites.size() > 100);
}
TEST_CASE("a closed surface (a watertight scan) is planned all over, within the lattice's contract") {
  // an icosphere of radius 60 mm (icosahedron split 4 times, 5,120 triangles): no edge anywhere
  const double t = (1 + std::sqrt(5.0)) / 2;
  std::vector<Eigen::Vector3d> v = {{-1, t, 0},  {1, t, 0},  {-1, -t, 0}, {1, -t, 0}, {0, -1, t},  {0, 1, t},
                                    {0, -1, -t}, {0, 1, -t}, {t, 0, -1},  {t, 0, 1},  {-t, 0, -1}, {-t, 0, 1}};
  std::vector<std::array<int, 3>> f = {{0, 11, 5}, {0, 5, 1},  {0, 1, 7},   {0, 7, 10}, {0, 10, 11},
                                       {1, 5, 9},  {5, 11, 4}, {11, 10, 2}, {10, 7, 6}, {7, 1, 8},
                                       {3, 9, 4},  {3, 4, 2},  {3, 2, 6},   {3, 6, 8},  {3, 8, 9},
                                       {4, 9, 5},  {2, 4, 11}, {6, 2, 10},  {8, 6, 7},  {9, 8, 1}};
  for (int level = 0; level < 4; ++level) {
    std::map<std::pair<int, int>, int> mid;
    auto middle = [&](int a, int b) {
      const auto key = std::minmax(a, b);
      const auto it = mid.find(key);
      if (it != mid.end()) return it->second;
      v.push_back(((v[a] + v[b]) / 2).normalized());
      return mid[key] = static_cast<int>(v.size()) - 1;
    };
    std::vector<std::array<int, 3>> g;
    for (const auto& [a, b, c] : f) {
      const int ab = middle(a, b), bc = middle(b, c), ca = middle(c, a);
      g.insert(g.end(), {{a, ab, ca}, {b, bc, ab}, {c, ca, bc}, {ab, bc, ca}});
    }
    f = std::move(g);
  }
  Mesh sphere;
  sphere.V.resize(static_cast<Eigen::Index>(v.size()), 3);
  for (size_t i = 0; i < v.size(); ++i) sphere.V.row(static_cast<Eigen::Index>(i)) = 60 * v[i].normalized().transpose();
  sphere.F.resize(static_cast<Eigen::Index>(f.size()), 3);
  for (size_t i = 0; i < f.size(); ++i) sphere.F.row(static_cast<Eigen::Index>(i)) << f[i][0], f[i][1], f[i][2];
  sphere.label = Eigen::VectorXi::Constant(sphere.F.rows(), -1);
  for (LatticeKind kind : {LatticeKind::square, LatticeKind::hex}) {
    CAPTURE(static_cast<int>(kind));
    const Plan plan = make_plan(sphere, params(10, kind));
    const PlanCoverage& c = plan.summary.coverage;
    REQUIRE(c.measured);
    CHECK(std::abs(c.count_ratio - 1) <= 0.05);  // the whole sphere, not a cap of it
    CHECK(c.gap_p99_s <= c.reach_s);
    // regular where it can be: a sphere of six spacings' radius has no flat lattice (its curvature makes lines
    // end: NN CV 0.039 square, 0.068 hex), but no sites pile up
    CHECK(c.nn_mean_s >= 0.92);
  }
}
TEST_CASE("a skin surface turned away from the front axis: needles still go into the skin, and it is said") {
  // a cap of a 60 mm sphere (centre at the origin) facing -z, planned with the default frame (front +z)
  Mesh cap = grid_mesh(24, [](double u, double v) {
    const double x = 80 * u - 40, y = 80 * v - 40;
    return Eigen::Vector3d(-x, y, -std::sqrt(60 * 60 - x * x - y * y));
  });
  cap.F.col(1).swap(cap.F.col(2));  // x mirrored above: wound outward again
  const Plan plan = make_plan(cap, params(10, LatticeKind::square));
  REQUIRE(plan.sites.size() > 20);
  for (const Site& s : plan.sites) {
    CHECK(s.normal.dot(s.position) > 0.9 * s.position.norm());  // out of the sphere
    CHECK(s.needle.dot(s.normal) < 0);                          // into the skin
    CHECK(s.tip.norm() < s.position.norm());                    // the tip below the skin
  }
  bool said = false;
  for (const auto& n : plan.notes)
    said = said || n.str().find("more than 60 degrees from the front axis") != std::string::npos;
  CHECK(said);
}

TEST_CASE("shared: a whole head turned in its file, default axes: the upright plan turned, and it is said") {
  const std::string path = std::string(MESOGRID_SHARED_DIR) + "/meshes/ict/ict_face_neutral.obj";
  if (!test::have(path, "the ICT faces of ../shared")) return;
  const Mesh upright = read_mesh(path);
  // turned 70 degrees about x: the default up comes out of the skin at the crown's side and the throat
  const Eigen::Matrix3d R = Eigen::AngleAxisd(70 * pi / 180, Eigen::Vector3d::UnitX()).toRotationMatrix();
  Mesh turned = upright;
  turned.V = upright.V * R.transpose();
  auto said = [](const Plan& p) {
    for (const auto& n : p.notes)
      if (n.str().find("are horizontal about the mesh's own axis") != std::string::npos) return true;
    return false;
  };
  // (hex at 3 mm: there rows about the head's axis are as regular as its own frame's; at 10 mm square the frame's)
  const Plan a = make_plan(upright, params(3, LatticeKind::hex)), b = make_plan(turned, params(3, LatticeKind::hex));
  CHECK_FALSE(said(a));
  CHECK(said(b));
  CHECK(std::abs(double(b.sites.size()) / double(a.sites.size()) - 1) <= 0.01);
  CHECK(std::abs(b.summary.coverage.nn_mean_s - a.summary.coverage.nn_mean_s) <= 0.01);
  CHECK(b.summary.coverage.meets_contract());
  // axes the user gave: still said, without advising to give them
  PlanParams given = params(3, LatticeKind::hex);
  given.axes_given = true;
  bool found = false, advice = false;
  for (const auto& n : make_plan(turned, given).notes)
    if (n.str().find("are horizontal about the mesh's own axis") != std::string::npos)
      found = true, advice = n.str().find("give --up") != std::string::npos;
  CHECK(found);
  CHECK_FALSE(advice);
  for (const auto& n : b.notes)
    if (n.str().find("are horizontal about the mesh's own axis") != std::string::npos)
      CHECK(n.str().find("give --up and --front") != std::string::npos);
}

TEST_CASE("two surfaces one over the other are warned about; two pieces meeting at a seam are not") {
  using test::joined;
  auto overlap_warned = [](const Plan& p) {
    for (const auto& w : p.warnings)
      if (w.str().find("two surfaces of the region lie one over the other") != std::string::npos) return true;
    return false;
  };
  Mesh upper = plane(100, 100, 0, 0);
  upper.V.col(2).array() += 0.5;  // a shell written twice, 0.5 mm apart
  CHECK(overlap_warned(make_plan(joined(plane(100, 100, 0, 0), upper), params(10, LatticeKind::square))));
  // two halves that touch along x = 50 (not welded: two pieces): a seam, no overlap
  const Plan seam = make_plan(joined(plane(50, 100, 0, 0), plane(50, 100, 50, 0)), params(10, LatticeKind::square));
  CHECK_FALSE(overlap_warned(seam));
  CHECK(seam.sites.size() >= 95);
}

TEST_CASE("the right plan is the mirror of the left (sites pair up within 0.5 mm)") {
  using test::builtin_params;
  using test::face;
  for (const char* stem : {"temple", "periorbital", "cheek", "nasolabial", "jawline"})
    for (Technique t : {Technique::point_by_point, Technique::nappage, Technique::epidermic}) {
      CAPTURE(stem);
      const Plan l = make_plan(face(), builtin_params(t, std::string(stem) + "_left"));
      const Plan r = make_plan(face(), builtin_params(t, std::string(stem) + "_right"));
      REQUIRE(l.sites.size() == r.sites.size());
      double worst = 0;
      for (const Site& s : l.sites) {
        const Eigen::Vector3d m = l.params.frame.mirror(s.position);
        double best = 1e9;
        for (const Site& q : r.sites) best = std::min(best, (q.position - m).norm());
        worst = std::max(worst, best);
      }
      CHECK(worst < 0.5);
    }
}

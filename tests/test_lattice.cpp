// Lattice and plan geometry on surfaces where the answer is known exactly: plane, cylinder, sphere.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <mesogrid/plan.hpp>

#include <cmath>
#include <functional>

using namespace mesogrid;

namespace {

// n×n grid of quads (two triangles each) mapped through f(u, v), u, v in [0, 1]; faces oriented so that
// the normal is +z for the identity-like plane map.
Mesh grid_mesh(int n, const std::function<Eigen::Vector3d(double, double)>& f) {
  Mesh m;
  m.V.resize((n + 1) * (n + 1), 3);
  for (int j = 0; j <= n; ++j)
    for (int i = 0; i <= n; ++i) m.V.row(j * (n + 1) + i) = f(double(i) / n, double(j) / n).transpose();
  m.F.resize(2 * n * n, 3);
  int k = 0;
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) {
      const int a = j * (n + 1) + i, b = a + 1, c = a + n + 1, d = c + 1;
      m.F.row(k++) << a, b, d;
      m.F.row(k++) << a, d, c;
    }
  m.label = Eigen::VectorXi::Constant(m.F.rows(), -1);
  return m;
}

Mesh plane(double w, double h, double x0, double y0, int n = 20) {
  return grid_mesh(n, [=](double u, double v) { return Eigen::Vector3d(x0 + u * w, y0 + v * h, 0); });
}

PlanParams params(double spacing, LatticeKind k, double margin = std::nan("")) {
  PlanParams p;
  p.technique = Technique::point_by_point;
  p.spacing_mm = spacing;
  p.lattice = k;
  p.margin_mm = margin;
  return p;
}

}  // namespace

TEST_CASE("square lattice on a 100 x 100 mm plane, 10 mm spacing, 5 mm margin: exactly 100 sites") {
  for (double x0 : {0.0, -50.0}) {  // off the midline, centred on it
    CAPTURE(x0);
    const Plan plan = make_plan(plane(100, 100, x0, 0), params(10, LatticeKind::square, 5));
    REQUIRE(plan.sites.size() == 100);
    for (const Site& s : plan.sites) {
      CHECK(s.position.x() >= x0 + 5 - 1e-6);
      CHECK(s.position.x() <= x0 + 95 + 1e-6);
      CHECK(s.position.y() >= 5 - 1e-6);
      CHECK(s.position.y() <= 95 + 1e-6);
      CHECK(std::abs(s.position.z()) < 1e-9);
      CHECK(s.normal.isApprox(Eigen::Vector3d(0, 0, 1), 1e-9));
    }
    CHECK(plan.summary.spacing_min_mm == doctest::Approx(10).epsilon(1e-6));
    CHECK(plan.summary.spacing_max_mm == doctest::Approx(10).epsilon(1e-6));
    // rows are horizontal and numbered from the top; columns from the subject's right (-x) to left
    CHECK(plan.sites.front().row == 0);
    CHECK(plan.sites.front().position.y() == doctest::Approx(95));
    CHECK(plan.sites.front().position.x() == doctest::Approx(x0 + 5));
    CHECK(plan.sites.back().row == 9);
    CHECK(plan.sites.back().col == 9);
  }
}

TEST_CASE("a dense mesh is planned on a proxy and the sites land on the dense surface") {
  // 200 x 200 quads = 80,000 triangles: above the proxy threshold
  const Mesh dense = grid_mesh(
      200, [](double u, double v) { return Eigen::Vector3d(u * 100, v * 100, 8 * std::sin(u * 3) * std::cos(v * 2)); });
  const Plan plan = make_plan(dense, params(10, LatticeKind::square, 5));
  const double area = surface_area(dense);
  CHECK(std::abs(double(plan.sites.size()) / (area / 100) - 1) < 0.06);
  CHECK(plan.summary.spacing_mean_mm == doctest::Approx(10).epsilon(0.03));
  for (const Site& s : plan.sites)  // on the dense surface z = f(x, y), within its facet error
    CHECK(std::abs(s.position.z() - 8 * std::sin(s.position.x() / 100 * 3) * std::cos(s.position.y() / 100 * 2)) <
          0.01);
}

TEST_CASE("the proxy of a dense scan keeps the scan's edge") {
  // a 100 x 80 mm plate of 0.5 x 0.4 mm cells, clustered at 3 mm: a proxy vertex on the proxy's edge
  // lies on the plate's edge, corners included (the mean of the whole group would lie up to 1.5 mm inside)
  const Mesh dense = grid_mesh(200, [](double u, double v) { return Eigen::Vector3d(u * 100, v * 80, 0); });
  const DenseProxy proxy(dense, 3.0);
  const auto edge = boundary_edges(proxy.mesh());
  REQUIRE(edge.size() > 100);
  for (const auto& [a, b] : edge)
    for (const int v : {a, b}) {
      const Eigen::Vector3d p = proxy.mesh().vertex(v);
      CHECK(std::min({p.x(), 100 - p.x(), p.y(), 80 - p.y()}) < 1e-9);
    }
  CHECK(surface_area(proxy.mesh()) == doctest::Approx(8000).epsilon(0.002));
}

TEST_CASE("a dense mesh is planned the same way twice, and its sites lie on dense triangles") {
  const Mesh dense = grid_mesh(
      220, [](double u, double v) { return Eigen::Vector3d(u * 90, v * 110, 10 * std::sin(u * 2) * std::sin(v * 3)); });
  REQUIRE(dense.num_faces() > LatticeOptions{}.proxy_above_faces);
  for (LatticeKind k : {LatticeKind::square, LatticeKind::hex}) {
    const Plan a = make_plan(dense, params(6, k, 3)), b = make_plan(dense, params(6, k, 3));
    REQUIRE(a.sites.size() == b.sites.size());
    for (size_t i = 0; i < a.sites.size(); ++i) {  // bit-identical, so the CSV is byte-identical
      CHECK(a.sites[i].position == b.sites[i].position);
      CHECK(a.sites[i].normal == b.sites[i].normal);
    }
    for (const Site& s : a.sites) {  // on the dense surface: within the chord error of its facets
      CHECK(std::abs(s.position.z() - 10 * std::sin(s.position.x() / 90 * 2) * std::sin(s.position.y() / 110 * 3)) <
            0.01);
      CHECK(s.normal.z() > 0.5);
    }
  }
}

TEST_CASE("the lattice is anchored on the midline where the region crosses it") {
  // plane from x = -37 to 63: columns sit on the midline grid (x = 0 + k * 10 or 5 + k * 10)
  const Plan plan = make_plan(plane(100, 100, -37, 0), params(10, LatticeKind::square, 5));
  CHECK(plan.sites.size() == 100);
  for (const Site& s : plan.sites) {
    const double k = s.position.x() / 10;
    // the outermost columns and rows may be drawn toward the edge (and, to keep the grid symmetric about
    // the midline, the mirror images of sites that move)
    if (s.col == 0 || s.col == 9 || s.row == 0 || s.row == 9) continue;
    CHECK(std::min(std::abs(k - std::round(k)), std::abs(k - 0.5 - std::round(k - 0.5))) < 1e-6);
    CHECK(s.position.x() >= -37 - 1e-9);
    CHECK(s.position.x() <= 63 + 1e-9);
  }
}

TEST_CASE("a plane symmetric about the midline gets a mirror-symmetric grid") {
  for (LatticeKind k : {LatticeKind::square, LatticeKind::hex}) {
    const Plan plan = make_plan(plane(83, 61, -41.5, 0, 23), params(7, k));
    REQUIRE(plan.sites.size() > 20);
    for (const Site& s : plan.sites) {
      double best = 1e9;
      for (const Site& t : plan.sites)
        best = std::min(best, (t.position - Eigen::Vector3d(-s.position.x(), s.position.y(), s.position.z())).norm());
      CHECK(best < 1e-6);
    }
  }
}

TEST_CASE("a curved surface symmetric about the midline gets a mirror-symmetric grid") {
  // a face-like dome, wider than tall, laid from x = -60 to 60: the flattening is pinned on the lateral
  // axis, so the map and the lattice are mirror images of themselves
  const Mesh dome = grid_mesh(48, [](double u, double v) {
    const double x = (u - 0.5) * 120, y = v * 80;
    return Eigen::Vector3d(x, y, 40 * std::cos(x / 70) * std::cos((y - 40) / 90));
  });
  for (LatticeKind k : {LatticeKind::square, LatticeKind::hex}) {
    const Plan plan = make_plan(dome, params(k == LatticeKind::square ? 10 : 3, k));
    REQUIRE(plan.sites.size() > 50);
    double worst = 0;
    for (const Site& s : plan.sites) {
      double best = 1e9;
      for (const Site& t : plan.sites)
        best = std::min(best, (t.position - Eigen::Vector3d(-s.position.x(), s.position.y(), s.position.z())).norm());
      worst = std::max(worst, best);
    }
    CHECK(worst < 0.01);  // µm-level: the grid's quad diagonals are not themselves mirror-symmetric
  }
}

TEST_CASE("hex lattice on a plane: nearest neighbours at the spacing, count matches area / cell") {
  const Plan plan = make_plan(plane(120, 90, 0, 0, 30), params(3, LatticeKind::hex));
  const double expected = 120.0 * 90.0 / (std::sqrt(3.0) / 2 * 9);
  CHECK(std::abs(double(plan.sites.size()) / expected - 1) < 0.05);
  // lattice sites sit exactly at the spacing; sites filling edge pockets keep 0.85-1.1 of it
  CHECK(plan.summary.spacing_min_mm >= 0.85 * 3 - 1e-9);
  CHECK(plan.summary.spacing_max_mm <= 1.10 * 3 + 1e-9);
  CHECK(plan.summary.spacing_mean_mm == doctest::Approx(3).epsilon(0.01));
  int exact = 0;
  for (const Site& a : plan.sites)
    for (const Site& b : plan.sites)
      if (a.row == b.row && b.col == a.col + 1 && std::abs((a.position - b.position).norm() - 3) < 1e-9) ++exact;
  CHECK(exact > 0.8 * plan.sites.size());
}

TEST_CASE("spacing along a cylinder's circumference equals the requested spacing within 1%") {
  const double R = 40, H = 100;
  // half cylinder around the y axis facing +z, angle -90..90 degrees
  const Mesh cyl = grid_mesh(60, [=](double u, double v) {
    const double a = (u - 0.5) * pi;
    return Eigen::Vector3d(R * std::sin(a), v * H, R * std::cos(a));
  });
  const Plan plan = make_plan(cyl, params(10, LatticeKind::square));
  REQUIRE(plan.sites.size() > 30);
  int pairs = 0;
  for (const Site& a : plan.sites)
    for (const Site& b : plan.sites)
      if (a.row == b.row && b.col == a.col + 1) {
        const double ang =
            std::abs(std::atan2(b.position.x(), b.position.z()) - std::atan2(a.position.x(), a.position.z()));
        const double r = std::hypot(a.position.x(), a.position.z());
        CHECK(r * ang == doctest::Approx(10).epsilon(0.01));  // arc length along the skin
        ++pairs;
      }
  CHECK(pairs > 20);
  // sites lie on the surface (within the polygonal approximation of the cylinder)
  for (const Site& s : plan.sites)
    CHECK(std::hypot(s.position.x(), s.position.z()) == doctest::Approx(R).epsilon(2e-3));
}

TEST_CASE("spherical cap: spacing along the skin, sites on the surface, normals outward") {
  const double R = 80;
  const Mesh cap = grid_mesh(60, [=](double u, double v) -> Eigen::Vector3d {  // cap of +-35 degrees around +z
    const double a = (u - 0.5) * 70 * pi / 180, b = (v - 0.5) * 70 * pi / 180;
    return Eigen::Vector3d(std::tan(a), std::tan(b), 1).normalized() * R;
  });
  const Plan plan = make_plan(cap, params(8, LatticeKind::hex));
  REQUIRE(plan.sites.size() > 50);
  CHECK(plan.summary.spacing_mean_mm == doctest::Approx(8).epsilon(0.03));
  for (const Site& s : plan.sites) {
    CHECK(s.position.norm() == doctest::Approx(R).epsilon(2e-3));
    CHECK(s.normal.dot(s.position.normalized()) > 0.999);
  }
}

TEST_CASE("needle direction, insertion length and tip depth") {
  PlanParams p = params(10, LatticeKind::square, 5);
  p.technique = Technique::nappage;
  p.angle_deg = 45;
  p.depth_mm = 2;
  p.advance = Advance::down;
  const Plan plan = make_plan(plane(100, 100, -50, 0), p);
  REQUIRE(!plan.sites.empty());
  for (const Site& s : plan.sites) {
    CHECK(s.needle.isApprox(Eigen::Vector3d(0, -std::sqrt(0.5), -std::sqrt(0.5)), 1e-9));
    CHECK(-(s.tip - s.position).z() == doctest::Approx(2));                     // depth below the skin
    CHECK((s.tip - s.position).norm() == doctest::Approx(2 * std::sqrt(2.0)));  // depth / sin(angle)
  }
  p.advance = Advance::medial;
  const Plan med = make_plan(plane(100, 100, -50, 0), p);
  for (const Site& s : med.sites) CHECK(s.needle.x() * s.position.x() < 0);  // toward the midline
  p.angle_deg = 90;
  const Plan perp = make_plan(plane(100, 100, -50, 0), p);
  for (const Site& s : perp.sites) CHECK(s.needle.isApprox(Eigen::Vector3d(0, 0, -1), 1e-12));
}

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
  p.total_volume_ml = 10;  // 0.1 mL per site: outside the point-by-point range -> warning
  plan = make_plan(plane(100, 100, 0, 0), p);
  bool warned = false;
  for (const auto& w : plan.warnings)
    warned = warned || w.find("volume per site 0.1 mL is outside") != std::string::npos;
  CHECK(warned);
}

TEST_CASE("same input and parameters give identical plans") {
  const Mesh cap =
      grid_mesh(40, [](double u, double v) { return Eigen::Vector3d(u * 90 - 45, v * 70, 30 * std::cos(u * 2)); });
  const Plan a = make_plan(cap, params(3, LatticeKind::hex)), b = make_plan(cap, params(3, LatticeKind::hex));
  REQUIRE(a.sites.size() == b.sites.size());
  for (size_t i = 0; i < a.sites.size(); ++i) CHECK(a.sites[i].position == b.sites[i].position);
}

TEST_CASE("error paths: absurd values (exit 1), impossible plans (exit 3)") {
  const Mesh pl = plane(100, 100, 0, 0);
  auto code_of = [&](PlanParams p) {
    try {
      make_plan(pl, p);
    } catch (const Error& e) {
      return e.code;
    }
    return 0;
  };
  PlanParams p = params(10, LatticeKind::square);
  p.depth_mm = 0;
  CHECK(code_of(p) == exit_usage);
  p.depth_mm = 14;
  CHECK(code_of(p) == exit_usage);
  p = params(0.5, LatticeKind::square);
  CHECK(code_of(p) == exit_usage);
  p = params(10, LatticeKind::square);
  p.volume_ml = 0;
  CHECK(code_of(p) == exit_usage);
  p = params(10, LatticeKind::square);
  p.angle_deg = 0;
  CHECK(code_of(p) == exit_usage);
  p = params(10, LatticeKind::square);
  p.angle_deg = 91;
  CHECK(code_of(p) == exit_usage);
  p = params(10, LatticeKind::square);
  p.margin_mm = -1;
  CHECK(code_of(p) == exit_usage);
  p = params(10, LatticeKind::square);
  p.region = "nose";
  CHECK(code_of(p) == exit_plan);
  p = params(200, LatticeKind::square);
  CHECK(code_of(p) == exit_plan);  // smaller than a cell
  p = params(10, LatticeKind::square);
  p.max_sites = 50;
  CHECK(code_of(p) == exit_plan);
  // a closed surface: no edge for the margin and the anchoring
  Mesh tet;
  tet.V.resize(4, 3);
  tet.V << 0, 0, 0, 100, 0, 0, 0, 100, 0, 0, 0, 100;
  tet.F.resize(4, 3);
  tet.F << 0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3;
  tet.label = Eigen::VectorXi::Constant(4, -1);
  CHECK_THROWS_AS(make_plan(tet, params(10, LatticeKind::square)), Error);
}

TEST_CASE("relax_coverage draws sites toward an uncovered edge and keeps the spacing") {
  // a 70 x 24 mm strip with two rows of a 10 mm lattice at y = 6 and 16: the band along the top edge is
  // farther than 7.2 mm from every site
  const Mesh strip = plane(70, 24, -35, 0, 40);
  FaceFrame frame;
  const SurfacePiece sp(strip, frame);
  detail::PieceLattice pl;
  pl.sp = &sp;
  pl.frame = frame;
  pl.s = pl.h = 10;
  pl.margin = 5;
  std::vector<detail::Node> nodes;
  for (int r = 0; r < 2; ++r)
    for (int c = -3; c <= 3; ++c) {
      detail::Node n;
      n.at = sp.closest(Eigen::Vector3d(10.0 * c, 6 + 10.0 * r, 0));
      n.ia = c, n.ib = r;
      nodes.push_back(n);
    }
  std::vector<double> edge_dist;
  for (Eigen::Index v = 0; v < strip.num_vertices(); ++v)
    edge_dist.push_back(sp.boundary_distance(strip.vertex(v), 30));
  auto uncovered = [&](const std::vector<detail::Node>& ns) {  // share of the strip farther than 7.2 mm
    int out = 0, all = 0;
    for (double y = 0.1; y < 24; y += 0.2)
      for (double x = -34.9; x < 35; x += 0.2) {
        double best = 1e9;
        for (const auto& n : ns) best = std::min(best, (n.at.position - Eigen::Vector3d(x, y, 0)).norm());
        out += best > 7.2, ++all;
      }
    return double(out) / all;
  };
  const double before = uncovered(nodes);
  CHECK(before > 0.05);
  std::vector<detail::Node> relaxed = nodes;
  detail::CoverRelax cr;
  cr.reach = 7.2;
  CHECK(detail::relax_coverage(pl, relaxed, cr, edge_dist) > 0);
  CHECK(uncovered(relaxed) < 0.6 * before);
  REQUIRE(relaxed.size() == nodes.size());
  for (size_t i = 0; i < relaxed.size(); ++i) {
    double nn = 1e9;
    for (size_t j = 0; j < relaxed.size(); ++j)
      if (j != i) nn = std::min(nn, (relaxed[i].at.position - relaxed[j].at.position).norm());
    CHECK(nn >= 9 - 1e-6);
    CHECK(nn <= 11 + 1e-6);
    CHECK(std::abs(relaxed[i].at.position.z()) < 1e-9);  // still on the strip
  }
}

TEST_CASE("a narrow strip is covered to its edges: coverage gap and spacing judged on the skin") {
  // 70 x 24 mm, 2.4 rows of 10 mm: rows alone leave the long edges open; the plan must cover the strip
  // (99th percentile of the distance to the nearest site under 0.75 spacing) with spacing within 10%
  const Plan plan = make_plan(plane(70, 24, -35, 0, 40), params(10, LatticeKind::square));
  std::vector<double> d;
  for (double y = 0.1; y < 24; y += 0.2)
    for (double x = -34.9; x < 35; x += 0.2) {
      double best = 1e9;
      for (const Site& s : plan.sites) best = std::min(best, (s.position - Eigen::Vector3d(x, y, 0)).norm());
      d.push_back(best);
    }
  std::sort(d.begin(), d.end());
  CHECK(d[size_t(0.99 * double(d.size()))] / 10 < 0.75);
  CHECK(plan.summary.spacing_min_mm >= 9 - 1e-6);
  CHECK(plan.summary.spacing_max_mm <= 11 + 1e-6);
  for (const Site& s : plan.sites) {  // mirror-symmetric about x = 0
    double best = 1e9;
    for (const Site& t : plan.sites)
      best = std::min(best, (t.position - Eigen::Vector3d(-s.position.x(), s.position.y(), s.position.z())).norm());
    CHECK(best < 1e-6);
  }
}

TEST_CASE("a vacancy inside a hex lattice gets a site while the count is short, and its ring makes room") {
  // 100 x 100 mm plane, hex lattice of 10 mm; the site at the centre is missing and its six neighbours
  // have drawn in to 8.2 mm from it: a site at the centre would be 0.82 spacing from them (below 0.85)
  const Mesh sheet = plane(100, 100, -50, -50, 40);
  FaceFrame frame;
  const SurfacePiece sp(sheet, frame);
  detail::PieceLattice pl;
  pl.sp = &sp;
  pl.frame = frame;
  pl.hex = true;
  pl.s = 10;
  pl.h = 10 * std::sqrt(3.0) / 2;
  pl.margin = 5;
  std::vector<detail::Node> nodes;
  for (int j = -5; j <= 5; ++j)
    for (int i = -5; i <= 5; ++i) {
      Eigen::Vector3d p(10.0 * i + (j % 2 != 0 ? 5 : 0), pl.h * j, 0);
      if (std::abs(p.x()) > 45 || std::abs(p.y()) > 45 || p.norm() < 1e-9) continue;
      if (p.norm() < 10.5) p *= 8.2 / p.norm();  // the ring around the vacancy
      detail::Node n;
      n.at = sp.closest(p);
      n.ia = i, n.ib = j;
      nodes.push_back(n);
    }
  std::vector<double> edge_dist;
  for (Eigen::Index v = 0; v < sheet.num_vertices(); ++v)
    edge_dist.push_back(sp.boundary_distance(sheet.vertex(v), 30));
  auto near_centre = [](const std::vector<detail::Node>& ns, size_t from) {
    int k = 0;
    for (size_t i = from; i < ns.size(); ++i) k += ns[i].at.position.norm() < 2;
    return k;
  };
  detail::PocketFill pf;
  pf.reach = 5.7;
  pf.budget = 100;  // the pockets along the edge come first (larger); the vacancy must get its site too
  SUBCASE("the piece has the sites its area calls for: the vacancy stays") {
    std::vector<detail::Node> filled = nodes;
    pf.vacancy_below = static_cast<double>(nodes.size());
    detail::fill_pockets(pl, filled, pf, edge_dist);
    CHECK(near_centre(filled, nodes.size()) == 0);
  }
  SUBCASE("the piece is short of sites: the vacancy is filled, and after make_room the spacing holds") {
    std::vector<detail::Node> filled = nodes;
    pf.vacancy_below = static_cast<double>(nodes.size()) + 100;
    std::vector<size_t> vacancies;
    REQUIRE(detail::fill_pockets(pl, filled, pf, edge_dist, &vacancies) >= 1);
    CHECK(near_centre(filled, nodes.size()) == 1);
    REQUIRE(!vacancies.empty());
    detail::make_room(pl, filled, nodes.size(), vacancies, pf.vacancy_nn * pl.s);
    int centre = -1;
    for (size_t i = 0; i < filled.size(); ++i)
      if (filled[i].at.position.norm() < 2) centre = static_cast<int>(i);
    REQUIRE(centre >= 0);
    double nn = 1e9;
    for (size_t i = 0; i < filled.size(); ++i)
      if (static_cast<int>(i) != centre) nn = std::min(nn, (filled[i].at.position - filled[centre].at.position).norm());
    MESSAGE("nearest site to the filled vacancy after make_room: " << nn << " mm");
    CHECK(nn >= 9);
    for (const auto& n : filled) CHECK(std::abs(n.at.position.z()) < 1e-9);
  }
}

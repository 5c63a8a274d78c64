// Tests of geometry/pieces.hpp: edge-connected pieces (largest first, vertex origins) and boundary edges.
#include <doctest/doctest.h>

#include <mesogrid/geometry/pieces.hpp>

#include "../support.hpp"

using namespace mesogrid;

namespace {
/// Two planes side by side: a 20 x 10 mm one (x 0..20) and a 10 x 10 mm one (x 30..40), as one mesh.
Mesh two_planes() { return test::joined(test::plane(10, 10, 30, 0, 2), test::plane(20, 10, 0, 0, 2)); }
}  // namespace

TEST_CASE("connected pieces: largest first, compact, with the vertices they came from") {
  const Mesh m = two_planes();
  std::vector<std::vector<int>> origin;
  const std::vector<Mesh> pieces = connected_pieces(m, &origin);
  REQUIRE(pieces.size() == 2);
  CHECK(surface_area(pieces[0]) == doctest::Approx(200));
  CHECK(surface_area(pieces[1]) == doctest::Approx(100));
  CHECK(pieces[0].num_vertices() == 9);
  for (size_t k = 0; k < 2; ++k)
    for (Eigen::Index v = 0; v < pieces[k].num_vertices(); ++v)
      CHECK(pieces[k].V.row(v) == m.V.row(origin[k][static_cast<size_t>(v)]));
}

TEST_CASE("boundary edges of a plane: its outline, oriented as in the faces") {
  const Mesh p = test::plane(10, 10, 0, 0, 3);
  const auto b = boundary_edges(p);
  CHECK(b.size() == 12);   // 3 edges a side
  double signed_area = 0;  // an outline oriented with the faces (counter-clockwise seen from +z) encloses +area
  for (const auto& [from, to] : b) signed_area += 0.5 * (p.V(from, 0) * p.V(to, 1) - p.V(to, 0) * p.V(from, 1));
  CHECK(signed_area == doctest::Approx(100));
}

TEST_CASE("boundary edges among kept vertices: exactly the outline's edges with both ends kept, none inside") {
  const Mesh p = test::plane(10, 10, 0, 0, 5);
  // kept: x <= 4 (vertex columns x = 0, 2, 4): inner edges between kept vertices are shared by
  // two faces of which one has an end not kept; they must still not come out as boundary
  auto keep = [&](int v) { return p.V(v, 0) <= 4 + 1e-9; };
  std::vector<std::pair<int, int>> want;
  for (const auto& e : boundary_edges(p))
    if (keep(e.first) && keep(e.second)) want.push_back(e);
  const auto got = boundary_edges_where(p, keep);
  CHECK(got == want);
  CHECK(got.size() == 9);  // 5 along x = 0, and 2 each along y = 0 and y = 10 (x from 0 to 4)
}

TEST_CASE("boundary edges among kept vertices: the same as counting every edge, on soups of any winding") {
  // small random soups: edges shared by 1-4 faces either way, faces wound both ways, degenerate faces (a repeated
  // corner), vertices kept at random; the answer must be that of counting every edge between kept vertices
  std::uint64_t state = 12345;
  auto next = [&](int n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<int>((state >> 33) % static_cast<std::uint64_t>(n));
  };
  for (int round = 0; round < 300; ++round) {
    const int nv = 4 + next(12), nf = 1 + next(30);
    Mesh m;
    m.V = Eigen::MatrixXd::Zero(nv, 3);
    m.F.resize(nf, 3);
    for (int f = 0; f < nf; ++f)
      for (int k = 0; k < 3; ++k) m.F(f, k) = next(nv);
    std::vector<char> kept(static_cast<size_t>(nv));
    for (auto& k : kept) k = next(4) != 0;
    auto keep = [&](int v) { return kept[static_cast<size_t>(v)] != 0; };
    std::vector<std::array<int, 4>> e;  // every edge between kept vertices: min, max, from, to
    for (int f = 0; f < nf; ++f)
      for (int k = 0; k < 3; ++k) {
        const int a = m.F(f, k), b = m.F(f, (k + 1) % 3);
        if (keep(a) && keep(b)) e.push_back({std::min(a, b), std::max(a, b), a, b});
      }
    std::sort(e.begin(), e.end());
    std::vector<std::pair<int, int>> want;
    for (size_t i = 0; i < e.size();) {
      size_t j = i;
      while (j < e.size() && e[j][0] == e[i][0] && e[j][1] == e[i][1]) ++j;
      if (j - i == 1) want.emplace_back(e[i][2], e[i][3]);
      i = j;
    }
    CAPTURE(round);
    CHECK(boundary_edges_where(m, keep) == want);
  }
}

// fuzz/fuzz_triangulate.cpp: the polygon triangulator (io/triangulate.hpp) on one polygon of up to 2000 corners
// whose coordinates are the input's bytes (small integers: many collinear, repeated and crossing corners). It must
// end (the ear clipping is bounded), refuse or give n-2 triangles of valid indices whose signed areas add up to the
// polygon's (no triangle outside a simple polygon).
#include <mesogrid/io/triangulate.hpp>

#include <cmath>
#include <cstdlib>
#include <vector>

#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* d, std::size_t n) {
  const int corners = static_cast<int>(std::min<std::size_t>(n / 2, 2000));
  if (corners < 3) return 0;
  std::vector<double> V;
  std::vector<int> poly;
  for (int i = 0; i < corners; ++i) {
    V.insert(V.end(), {static_cast<double>(d[2 * i] % 32), static_cast<double>(d[2 * i + 1] % 32), 0.0});
    poly.push_back(i);
  }
  std::vector<int> out;
  if (mesogrid::detail::triangulate_polygon(V, poly.data(), corners, out)) return 0;  // refused: fine
  if (out.size() > 3u * static_cast<std::size_t>(corners - 2) || out.size() % 3) std::abort();
  double tri = 0, shoe = 0;
  for (int k : out)
    if (k < 0 || k >= corners) std::abort();
  for (std::size_t t = 0; t < out.size(); t += 3) {
    const double* a = &V[3 * out[t]];
    const double* b = &V[3 * out[t + 1]];
    const double* c = &V[3 * out[t + 2]];
    tri += std::fabs((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
  }
  for (int i = 0; i < corners; ++i) {
    const double* a = &V[3 * i];
    const double* b = &V[3 * ((i + 1) % corners)];
    shoe += a[0] * b[1] - b[0] * a[1];
  }
  // covered area (unsigned sum) equals the polygon's when it was triangulated (not refused) and has an area
  if (shoe != 0 && std::fabs(tri - std::fabs(shoe)) > 1e-6 * std::max(1.0, std::fabs(shoe))) std::abort();
  return 0;
}

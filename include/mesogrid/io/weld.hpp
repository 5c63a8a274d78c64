// mesogrid/io/weld.hpp: welding and clean-up of the triangles, in place in the finished Mesh's arrays: vertices
// with exactly equal positions merged (first occurrence kept, order kept), corners remapped, and triangles
// with a repeated vertex or zero area dropped. No lengths compared: positions are equal or not.
#pragma once
#include <Eigen/Core>
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "../core/memory.hpp"
#include "../core/mesh.hpp"

namespace mesogrid::detail {

/// Welds the rows of V with exactly equal positions (-0 == +0), keeping the first occurrence: the kept
/// rows are compacted in place to the front, in their order, and V is shrunk. Returns the new row of
/// every old row. One pass of an open-addressing hash (at most half full), with the table slot of a row a
/// few rows ahead prefetched, since the slots are random.
inline BigArray<int> weld_rows(Eigen::MatrixXd& V) {
  const std::size_t n = static_cast<std::size_t>(V.rows());
  BigArray<int> remap = big_array<int>(n);
  std::size_t cap = 16;
  while (cap < 2 * n) cap <<= 1;
  const BigArray<int> table = big_array<int>(cap);
  std::fill(table.get(), table.get() + cap, -1);
  const std::size_t mask = cap - 1;
  double* x = V.data();
  double* y = x + n;
  double* z = y + n;
  auto bits = [](double v) {
    if (v == 0) v = 0;  // -0 == +0
    std::uint64_t b;
    std::memcpy(&b, &v, 8);
    return b;
  };
  auto slot = [&](std::size_t i) {
    std::uint64_t h = bits(x[i]) * 0x9E3779B97F4A7C15ull;
    h = (h ^ (h >> 29)) + bits(y[i]) * 0xC2B2AE3D27D4EB4Full;
    h = (h ^ (h >> 31)) + bits(z[i]) * 0x165667B19E3779F9ull;
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDull;
    h ^= h >> 33;
    return static_cast<std::size_t>(h) & mask;
  };
  constexpr std::size_t ahead = 16;  // a power of two: ring of precomputed slots
  std::size_t ring[ahead];
  for (std::size_t i = 0; i < std::min(n, ahead); ++i) ring[i] = slot(i);
  int count = 0;
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t s = ring[i & (ahead - 1)];
    if (i + ahead < n) {
      const std::size_t s2 = slot(i + ahead);
      ring[i & (ahead - 1)] = s2;
#if defined(__GNUC__)
      __builtin_prefetch(&table[s2]);
#endif
    }
    const double p0 = x[i], p1 = y[i], p2 = z[i];
    for (;;) {
      const int j = table[s];
      if (j < 0) {  // rows before i are read already: writing row count <= i is safe
        table[s] = count;
        remap[i] = count;
        x[count] = p0;
        y[count] = p1;
        z[count] = p2;
        ++count;
        break;
      }
      if (x[j] == p0 && y[j] == p1 && z[j] == p2) {
        remap[i] = j;
        break;
      }
      s = (s + 1) & mask;
    }
  }
  if (static_cast<std::size_t>(count) < n) {
    Eigen::MatrixXd W(count, 3);
    advise_huge_pages(W.data(), sizeof(double) * 3 * static_cast<std::size_t>(count));
    W = V.topRows(count);
    V.swap(W);
  }
  return remap;
}

/// Remaps the corners of m.F through `remap` (Remap false: nothing was welded, remap is the identity)
/// and drops the degenerate triangles (repeated vertex or zero area, from the positions in m.V) in place,
/// with their labels in *TL (and, with TS, the index each kept triangle had appended to *TS); marks the vertices of the
/// kept triangles in `used`. Returns how many are kept (m.F is not shrunk). The corners' positions are prefetched a few
/// triangles ahead: on a scan they are scattered over three columns of several MB.
template <bool Remap>
inline Eigen::Index remap_and_drop(Mesh& m, const int* remap, std::vector<unsigned char>& used, std::vector<int>* TL,
                                   std::vector<int>* TS = nullptr) {
  const Eigen::Index total = m.F.rows(), nw = m.V.rows();
  int* c[3] = {m.F.data(), m.F.data() + total, m.F.data() + 2 * total};
  const double* x = m.V.data();
  const double* y = x + nw;
  const double* z = y + nw;
  auto vertex = [&](int i) { return Remap ? remap[i] : i; };
  constexpr Eigen::Index ahead = 16;
  Eigen::Index kept = 0;
  for (Eigen::Index t = 0; t < total; ++t) {
#if defined(__GNUC__)
    if (t + ahead < total)
      for (int k = 0; k < 3; ++k) {
        const int v = vertex(c[k][t + ahead]);
        __builtin_prefetch(x + v);
        __builtin_prefetch(y + v);
        __builtin_prefetch(z + v);
      }
#endif
    const int a = vertex(c[0][t]), b = vertex(c[1][t]), d = vertex(c[2][t]);
    if (a == b || b == d || a == d) continue;
    const double e1[3] = {x[b] - x[a], y[b] - y[a], z[b] - z[a]};
    const double e2[3] = {x[d] - x[a], y[d] - y[a], z[d] - z[a]};
    const double cx = e1[1] * e2[2] - e1[2] * e2[1], cy = e1[2] * e2[0] - e1[0] * e2[2],
                 cz = e1[0] * e2[1] - e1[1] * e2[0];
    if (cx == 0 && cy == 0 && cz == 0) continue;
    c[0][kept] = a;
    c[1][kept] = b;
    c[2][kept] = d;
    used[static_cast<std::size_t>(a)] = used[static_cast<std::size_t>(b)] = used[static_cast<std::size_t>(d)] = 1;
    if (TL) (*TL)[static_cast<std::size_t>(kept)] = (*TL)[static_cast<std::size_t>(t)];
    if (TS) TS->push_back(static_cast<int>(t));
    ++kept;
  }
  return kept;
}

}  // namespace mesogrid::detail

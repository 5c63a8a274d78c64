// Tests of core/memory.hpp: scan-sized working arrays (mapped with huge pages on Linux, malloc below
// 2 MB and under AddressSanitizer) hold what is written, at every size, and free themselves.
#include <doctest/doctest.h>

#include <cstdint>
#include <mesogrid/core/memory.hpp>
#include <vector>

using namespace mesogrid::detail;

TEST_CASE("big_array: small (malloc) and big (mapped) arrays hold what is written") {
  for (std::size_t n :
       {std::size_t(0), std::size_t(1), std::size_t(1000), std::size_t(3) << 20, std::size_t(5) << 20}) {
    CAPTURE(n);
    BigArray<std::uint32_t> a = big_array<std::uint32_t>(n);
    REQUIRE(a != nullptr);
    for (std::size_t i = 0; i < n; ++i) a[i] = static_cast<std::uint32_t>(i * 2654435761u);
    bool same = true;
    for (std::size_t i = 0; i < n; ++i) same = same && a[i] == static_cast<std::uint32_t>(i * 2654435761u);
    CHECK(same);
    a.reset();  // unmapped or freed as made
    CHECK(a == nullptr);
  }
}

TEST_CASE("big_array: an impossible size throws bad_alloc, not a wrapped small array") {
  CHECK_THROWS_AS(big_array<double>(static_cast<std::size_t>(-1) / 4), std::bad_alloc);
}

TEST_CASE("advise_huge_pages: any range, also unaligned and tiny, is fine") {
  std::vector<char> v(3 << 20, 1);
  advise_huge_pages(v.data() + 1, v.size() - 1);
  advise_huge_pages(v.data(), 10);
  advise_huge_pages(nullptr, 0);
  CHECK(v[v.size() / 2] == 1);
}

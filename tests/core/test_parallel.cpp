// Tests of core/parallel.hpp: parallel_for visits every item exactly once, at every size, and
// rethrows a failure after the other items finished.
#include <doctest/doctest.h>

#include <mesogrid/core/parallel.hpp>
#include <stdexcept>
#include <vector>

TEST_CASE("parallel_for: every item once, whatever the size") {
  for (size_t n : {0, 1, 2, 3, 7, 100, 1001}) {
    std::vector<int> hits(n, 0);
    mesogrid::parallel_for(n, [&](size_t i) { hits[i] += static_cast<int>(i) + 1; });
    for (size_t i = 0; i < n; ++i) CHECK(hits[i] == static_cast<int>(i) + 1);
  }
}

TEST_CASE("parallel_for: an exception reaches the caller") {
  std::vector<int> done(50, 0);
  CHECK_THROWS_AS(mesogrid::parallel_for(done.size(),
                                         [&](size_t i) {
                                           if (i == 17) throw std::runtime_error("item 17");
                                           done[i] = 1;
                                         }),
                  std::runtime_error);
}

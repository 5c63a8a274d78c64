// Tests of src/batch/progress.hpp: remaining time as m:ss or h:mm:ss; a bar that is off draws nothing and stops.
#include <doctest/doctest.h>

#include "batch/progress.hpp"

using namespace mesogrid::cli;

TEST_CASE("clock_text") {
  CHECK(clock_text(0) == "0:00");
  CHECK(clock_text(59.6) == "1:00");
  CHECK(clock_text(3599.4) == "59:59");
  CHECK(clock_text(3600) == "1:00:00");
  CHECK(clock_text(7325) == "2:02:05");
}

TEST_CASE("a bar that is off starts no thread and finishes at once") {
  std::atomic<std::size_t> done{0}, failed{0};
  std::atomic<int> stopping{0};
  ProgressBar bar(false, 10, done, failed, stopping);
  bar.finish();
  bar.finish();  // twice is fine
}

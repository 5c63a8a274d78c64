// Tests of core/timing.hpp: stages are logged only on a thread with a log installed, in order.
#include <doctest/doctest.h>

#include <mesogrid/core/timing.hpp>

using namespace mesogrid;

TEST_CASE("stage_done logs only with a log installed, in order, and restores the previous log") {
  stage_done("nothing installed");  // a no-op
  StageLog log;
  StageLog* old = set_stage_log(&log);
  CHECK(old == nullptr);
  stage_done("read");
  stage_done("plan");
  CHECK(set_stage_log(old) == &log);
  stage_done("after");
  REQUIRE(log.stages.size() == 2);
  CHECK(log.stages[0].first == "read");
  CHECK(log.stages[1].first == "plan");
  CHECK(log.stages[0].second >= 0);
}

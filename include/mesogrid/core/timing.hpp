// mesogrid/core/timing.hpp: optional stage timing (wall seconds) for profiling big meshes. The library marks
// the end of each stage with stage_done("name"); nothing is measured or kept unless the caller installed
// a StageLog on this thread (the CLI does when MESOGRID_TIMING is set and prints it on stderr). The
// library itself never prints.
#pragma once
#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace mesogrid {

/// Stages in the order they ended, each with the wall seconds since the previous mark.
struct StageLog {
  std::vector<std::pair<std::string, double>> stages;
  std::chrono::steady_clock::time_point last = std::chrono::steady_clock::now();
};

namespace detail {
inline StageLog*& stage_log() {
  thread_local StageLog* log = nullptr;
  return log;
}
}  // namespace detail

/// Installs `log` (or nullptr) as this thread's stage log; returns the previous one.
inline StageLog* set_stage_log(StageLog* log) {
  StageLog* old = detail::stage_log();
  detail::stage_log() = log;
  if (log) log->last = std::chrono::steady_clock::now();
  return old;
}

/// Marks the end of stage `name` (a no-op without a stage log).
inline void stage_done(const char* name) {
  StageLog* log = detail::stage_log();
  if (!log) return;
  const auto now = std::chrono::steady_clock::now();
  log->stages.emplace_back(name, std::chrono::duration<double>(now - log->last).count());
  log->last = now;
}

}  // namespace mesogrid

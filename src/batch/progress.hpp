// src/batch/progress.hpp: the progress bar of `mesogrid batch` on stderr (rows done of total, failures, rate, time
// left), redrawn five times a second by its own thread while the rows run. Only drawn on a terminal.
#pragma once
#include <atomic>
#include <chrono>
#include <cstddef>
#include <string>
#include <thread>

namespace mesogrid::cli {

/// "m:ss" or "h:mm:ss" for a duration in seconds (rounded).
std::string clock_text(double seconds);

/// Draws the bar from the counters until stopped; the last frame is drawn with the final counts.
class ProgressBar {
 public:
  /// Starts drawing when `on`; `stopping` is drawn while the batch finishes its running rows after a signal.
  ProgressBar(bool on, std::size_t total, const std::atomic<std::size_t>& done, const std::atomic<std::size_t>& failed,
              const std::atomic<int>& stopping);
  ~ProgressBar() { finish(); }
  /// Draws the last frame and ends the line; waits for the drawing thread.
  void finish();

 private:
  void draw() const;
  void start_thread();
  std::size_t total_;
  const std::atomic<std::size_t>& done_;
  const std::atomic<std::size_t>& failed_;
  const std::atomic<int>& stopping_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::atomic<bool> finished_{false};
  std::thread thread_;
};

}  // namespace mesogrid::cli

// src/activity.hpp: what a long command is doing, shown on stderr while it runs. Nothing is shown for the first 2 s
// (most commands end before) nor when stderr is not a terminal; after that one line says the current step and the
// seconds spent ("mesogrid: planning forehead ... 3 s"), redrawn 4 times a second and at once when the step changes
// (reading, planning, writing), and cleared when the command ends. Lines the command prints meanwhile (notes,
// warnings) go through print(), which clears the line first.
#pragma once
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace mesogrid::cli {

class Activity {
 public:
  /// Shows nothing unless `on` (stderr is a terminal and the command is not --quiet); then shows the line once the
  /// command has run for `after` (2 s; the CLI takes another delay from MESOGRID_ACTIVITY_AFTER_MS, for its tests).
  explicit Activity(bool on, std::chrono::milliseconds after = std::chrono::seconds(2));
  ~Activity();
  Activity(const Activity&) = delete;
  Activity& operator=(const Activity&) = delete;

  /// The step now under way ("reading scan.ply").
  void step(const std::string& what);
  /// Prints `line` (with its newline) on stderr, clearing the activity line first.
  void print(const std::string& line);
  /// Clears the line and stops showing anything.
  void stop();

 private:
  void run(std::chrono::milliseconds after);
  void clear_locked();
  std::mutex m_;
  std::condition_variable cv_;
  std::string step_ = "starting";
  bool stopping_ = false, shown_ = false, changed_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::thread thread_;
};

}  // namespace mesogrid::cli

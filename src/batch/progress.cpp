// src/batch/progress.cpp: see progress.hpp.
#include "progress.hpp"

#include <fmt/format.h>

#include <system_error>

namespace mesogrid::cli {

std::string clock_text(double s) {
  const long t = static_cast<long>(s + 0.5);
  return t >= 3600 ? fmt::format("{}:{:02}:{:02}", t / 3600, t / 60 % 60, t % 60)
                   : fmt::format("{}:{:02}", t / 60, t % 60);
}

ProgressBar::ProgressBar(bool on, std::size_t total, const std::atomic<std::size_t>& done,
                         const std::atomic<std::size_t>& failed, const std::atomic<int>& stopping)
    : total_(total), done_(done), failed_(failed), stopping_(stopping) {
  if (!on || total == 0) return;
  try {
    start_thread();
  } catch (const std::system_error&) {  // no thread to be had: the batch runs without its bar
  }
}

void ProgressBar::start_thread() {
  thread_ = std::thread([this] {
    for (;;) {
      const bool last = finished_.load();
      draw();
      if (last) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    fmt::print(stderr, "\n");
  });
}

void ProgressBar::finish() {
  finished_.store(true);
  if (thread_.joinable()) thread_.join();
}

void ProgressBar::draw() const {
  const size_t d = done_.load();
  const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double rate = el > 0 ? static_cast<double>(d) / el : 0;
  const std::string eta = d > 0 && rate > 0 ? clock_text(static_cast<double>(total_ - d) / rate) : "--:--";
  const int width = 30;
  const int fill = static_cast<int>(static_cast<double>(width) * static_cast<double>(d) / static_cast<double>(total_));
  fmt::print(stderr, "\r[{}{}] {}/{} rows{}  {:.1f} rows/s  ETA {}{}\x1b[K", std::string(fill, '#'),
             std::string(width - fill, '.'), d, total_,
             failed_.load() ? fmt::format(" ({} failed)", failed_.load()) : "", rate, eta,
             stopping_.load() ? "  stopping..." : "");
}

}  // namespace mesogrid::cli

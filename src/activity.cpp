// src/activity.cpp: see activity.hpp.
#include "activity.hpp"

#include <cstdio>
#include <system_error>

#include <fmt/format.h>

namespace mesogrid::cli {

Activity::Activity(bool on, std::chrono::milliseconds after) {
  if (!on) return;
  try {
    thread_ = std::thread([this, after] { run(after); });
  } catch (const std::system_error&) {  // no thread to be had: no activity line, the command runs as without a terminal
  }
}

Activity::~Activity() { stop(); }

void Activity::step(const std::string& what) {
  {
    std::lock_guard<std::mutex> lock(m_);
    step_ = what;
    changed_ = true;
  }
  cv_.notify_all();
}

void Activity::print(const std::string& line) {
  std::lock_guard<std::mutex> lock(m_);
  clear_locked();
  std::fputs(line.c_str(), stderr);
  std::fputc('\n', stderr);
}

void Activity::stop() {
  {
    std::lock_guard<std::mutex> lock(m_);
    stopping_ = true;
    clear_locked();
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Activity::clear_locked() {
  if (!shown_) return;
  std::fputs("\r\x1b[K", stderr);
  std::fflush(stderr);
  shown_ = false;
}

void Activity::run(std::chrono::milliseconds after) {
  std::unique_lock<std::mutex> lock(m_);
  if (cv_.wait_until(lock, start_ + after, [this] { return stopping_; })) return;
  while (!stopping_) {
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    std::fputs(fmt::format("\rmesogrid: {} ... {:.0f} s\x1b[K", step_, s).c_str(), stderr);
    std::fflush(stderr);
    shown_ = true;
    changed_ = false;
    cv_.wait_for(lock, std::chrono::milliseconds(250), [this] { return stopping_ || changed_; });
  }
}

}  // namespace mesogrid::cli

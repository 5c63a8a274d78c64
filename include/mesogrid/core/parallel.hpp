// mesogrid/core/parallel.hpp: a deterministic parallel loop over independent items (std::thread). Each item
// writes only its own result slot and the caller combines the slots in item order afterwards, so results
// do not depend on the number of threads or their timing.
#pragma once
#include <algorithm>
#include <cstddef>
#include <exception>
#include <system_error>
#include <thread>
#include <vector>

namespace mesogrid {

/// Calls f(i) for every i in [0, n), on up to the machine's hardware threads (contiguous blocks of items,
/// one block per thread; inline when n or the machine is small). f(i) must touch only item i's own
/// output. Blocks run inline when no thread can be started. If any call throws, the exception of the lowest-numbered
/// block is rethrown after all finished.
template <class F>
void parallel_for(size_t n, F f) {
  const size_t threads = std::min<size_t>({n, std::max(1u, std::thread::hardware_concurrency()), 8});
  if (threads <= 1) {
    for (size_t i = 0; i < n; ++i) f(i);
    return;
  }
  std::vector<std::exception_ptr> failed(threads);
  auto block = [&](size_t t) {
    try {
      for (size_t i = n * t / threads; i < n * (t + 1) / threads; ++i) f(i);
    } catch (...) {
      failed[t] = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) {
    try {
      pool.emplace_back(block, t);
    } catch (const std::system_error&) {  // no thread to be had (limits): run the block here
      block(t);
    }
  }
  block(0);
  for (std::thread& th : pool) th.join();
  for (const std::exception_ptr& e : failed)
    if (e) std::rethrow_exception(e);
}

/// Items from which parallel_for_many shares a loop out: below, starting the threads costs more than it saves (a
/// loop of a few microseconds an item over a small piece).
inline constexpr size_t kParallelFromItems = 2048;

/// parallel_for for n from kParallelFromItems on, a plain loop below (same calls, same results).
template <class F>
void parallel_for_many(size_t n, F f) {
  if (n >= kParallelFromItems)
    parallel_for(n, f);
  else
    for (size_t i = 0; i < n; ++i) f(i);
}

}  // namespace mesogrid

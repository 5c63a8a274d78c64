// mesogrid/core/memory.hpp: working arrays the size of a scan (millions of vertices or triangles). A one-shot
// command touches each of them once, so its cost is as much the kernel's page faults as the work: on a
// virtual machine a 4 KB fault costs a few µs, 3-5 ms per array of a 1.2-million-triangle scan. On Linux
// big_array() maps such arrays directly, advised for transparent huge pages (one fault per 2 MB; THP in
// "madvise" mode is the common default), and unmaps them when freed, so they never stay in the heap
// (peak resident memory) nor move malloc's thresholds. Under AddressSanitizer they come from malloc, so
// that overflows are still caught.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <type_traits>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#if defined(__SANITIZE_ADDRESS__)
#define MESOGRID_BIG_ARRAY_MALLOC 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MESOGRID_BIG_ARRAY_MALLOC 1
#endif
#endif
#if !defined(__linux__)
#define MESOGRID_BIG_ARRAY_MALLOC 1
#endif

namespace mesogrid::detail {

/// Asks the kernel to back the whole 2 MB pages inside [p, p + bytes) with transparent huge pages when
/// they are first touched (for arrays from elsewhere, e.g. Eigen's): call it before writing the array.
/// A no-op for ranges without a whole 2 MB page and off Linux; failures are ignored (ordinary pages).
inline void advise_huge_pages(void* p, std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr std::uintptr_t huge = std::uintptr_t(2) << 20;
  const auto begin = (reinterpret_cast<std::uintptr_t>(p) + huge - 1) & ~(huge - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(p) + bytes) & ~(huge - 1);
  if (end > begin) (void)madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#else
  (void)p;
  (void)bytes;
#endif
}

/// Arrays from this many bytes on are mapped by big_array(); smaller ones come from malloc.
inline constexpr std::size_t big_array_map_bytes = std::size_t(2) << 20;

/// Frees a big_array(): unmaps it or returns it to malloc, as it was made.
struct BigArrayFree {
  std::size_t bytes = 0;
  void operator()(void* p) const noexcept {
#if !defined(MESOGRID_BIG_ARRAY_MALLOC)
    if (bytes >= big_array_map_bytes) {
      if (p) (void)munmap(p, bytes);
      return;
    }
#endif
    std::free(p);
  }
};

template <class T>
using BigArray = std::unique_ptr<T[], BigArrayFree>;

/// An array of n T (T trivial; contents unspecified: write before reading) for scan-sized working data.
/// Throws std::bad_alloc.
template <class T>
inline BigArray<T> big_array(std::size_t n) {
  static_assert(std::is_trivial_v<T>, "big_array holds plain values");
  if (n > static_cast<std::size_t>(-1) / sizeof(T) / 2) throw std::bad_alloc();
  const std::size_t bytes = (n > 0 ? n : 1) * sizeof(T);
  void* p = nullptr;
#if !defined(MESOGRID_BIG_ARRAY_MALLOC)
  if (bytes >= big_array_map_bytes) {
    p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    advise_huge_pages(p, bytes);
    return BigArray<T>(static_cast<T*>(p), BigArrayFree{bytes});
  }
#endif
  p = std::malloc(bytes);
  if (!p) throw std::bad_alloc();
  return BigArray<T>(static_cast<T*>(p), BigArrayFree{bytes});
}

}  // namespace mesogrid::detail

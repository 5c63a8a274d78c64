// src/landmarks/shape_model.cpp: see shape_model.hpp.
#include "shape_model.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <mesogrid/core/memory.hpp>
#include <stdexcept>

namespace mesogrid::cli {

namespace {

/// dlib's serialization format (dlib/serialize.h), read from a buffer. Integers: a control byte (low 4 bits:
/// the byte count, 0x80: negative for signed types), then the bytes, least significant first. Floats: the
/// mantissa (int64) and the exponent (int16) of float_details, value = ldexp(mantissa, exponent); exponents
/// 32000-32002 stand for +inf, -inf, NaN. A dlib matrix: rows and columns (negative in the current format),
/// then the elements row by row. A std::vector: its size (unsigned), then the elements.
class Reader {
 public:
  Reader(const char* data, size_t size)
      : p_(reinterpret_cast<const unsigned char*>(data)), end_(p_ + size), begin_(p_) {}

  std::uint64_t magnitude(bool* negative) {
    if (p_ >= end_) fail("the file ends early");
    const unsigned c = *p_++;
    const unsigned n = c & 0x0F;
    if (n == 0 || n > 8 || (c & 0x70)) fail("an integer's control byte is not dlib's");
    if (static_cast<size_t>(end_ - p_) < n) fail("the file ends early");
    std::uint64_t v = 0;
    for (unsigned i = n; i-- > 0;) v = (v << 8) | p_[i];
    p_ += n;
    *negative = (c & 0x80) != 0;
    return v;
  }
  std::int64_t signed_int() {
    bool neg = false;
    const std::uint64_t v = magnitude(&neg);
    if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) fail("an integer is too large");
    return neg ? -static_cast<std::int64_t>(v) : static_cast<std::int64_t>(v);
  }
  std::uint64_t unsigned_int() {
    bool neg = false;
    const std::uint64_t v = magnitude(&neg);
    if (neg) fail("a size is negative");
    return v;
  }
  float real() {
    const std::int64_t mantissa = signed_int();
    const std::int64_t exponent = signed_int();
    if (exponent < 32000) {
      if (exponent < -32768) fail("a number's exponent is out of range");
      // mantissa x 2^exponent: a product with a normal power of two is what ldexp gives (one rounding)
      if (exponent >= -126 && exponent <= 127) {
        const std::uint32_t bits = static_cast<std::uint32_t>(exponent + 127) << 23;
        float two;
        std::memcpy(&two, &bits, sizeof two);
        return static_cast<float>(mantissa) * two;
      }
      return std::ldexp(static_cast<float>(mantissa), static_cast<int>(exponent));
    }
    if (exponent == 32000) return std::numeric_limits<float>::infinity();
    if (exponent == 32001) return -std::numeric_limits<float>::infinity();
    if (exponent == 32002) return std::numeric_limits<float>::quiet_NaN();
    fail("a number's exponent is out of range");
  }
  /// A count of elements still to come, each at least `min_bytes` long (so a lying count allocates nothing).
  size_t count(size_t min_bytes) {
    const std::uint64_t n = unsigned_int();
    if (n > static_cast<std::uint64_t>(end_ - p_) / min_bytes) fail("a count exceeds the file's size");
    return static_cast<size_t>(n);
  }
  /// The size of a column vector (dlib matrix<float,0,1>), checked to be `want` when want >= 0; its
  /// elements follow (real()).
  size_t column(long want) {
    std::int64_t nr = signed_int(), nc = signed_int();
    nr = nr < 0 ? -nr : nr;
    nc = nc < 0 ? -nc : nc;
    if (nc != 1 || (want >= 0 && nr != want)) fail("a vector has the wrong size");
    if (static_cast<std::uint64_t>(nr) > static_cast<std::uint64_t>(end_ - p_) / 4) fail("the file ends early");
    return static_cast<size_t>(nr);
  }
  /// Bytes left: every float takes at least 4 (two integers of a control byte and a byte each).
  size_t left() const { return static_cast<size_t>(end_ - p_); }
  [[noreturn]] void fail(const char* what) const {
    throw std::runtime_error("is not a dlib 68-point shape predictor (" + std::string(what) + " at byte " +
                             std::to_string(p_ - begin_) + ")");
  }
  bool at_end() const { return p_ == end_; }

 private:
  const unsigned char* p_;
  const unsigned char* end_;
  const unsigned char* begin_;
};

/// The least-squares similarity (scale and rotation, 2x2) taking the centred points of `from` to those of
/// `to` (x0 y0 x1 y1 ...), as dlib's find_similarity_transform gives it for shapes without reflection.
Eigen::Matrix2f similarity(const std::vector<float>& from, const std::vector<float>& to) {
  const size_t n = from.size() / 2;
  double mfx = 0, mfy = 0, mtx = 0, mty = 0;
  for (size_t i = 0; i < n; ++i) {
    mfx += from[2 * i], mfy += from[2 * i + 1];
    mtx += to[2 * i], mty += to[2 * i + 1];
  }
  mfx /= static_cast<double>(n), mfy /= static_cast<double>(n), mtx /= static_cast<double>(n),
      mty /= static_cast<double>(n);
  double ss = 0, a = 0, b = 0;
  for (size_t i = 0; i < n; ++i) {
    const double fx = from[2 * i] - mfx, fy = from[2 * i + 1] - mfy;
    const double tx = to[2 * i] - mtx, ty = to[2 * i + 1] - mty;
    ss += fx * fx + fy * fy;
    a += fx * tx + fy * ty;
    b += fx * ty - fy * tx;
  }
  Eigen::Matrix2f m = Eigen::Matrix2f::Identity();
  if (ss > 0) {
    a /= ss, b /= ss;
    m << static_cast<float>(a), static_cast<float>(-b), static_cast<float>(b), static_cast<float>(a);
  }
  return m;
}

}  // namespace

ShapeModel ShapeModel::parse(const char* data, size_t size) {
  Reader r(data, size);
  if (r.signed_int() != 1) r.fail("not a version 1 dlib shape predictor");
  ShapeModel m;
  m.initial_.resize(r.column(-1));
  for (float& x : m.initial_) x = r.real();
  if (m.initial_.size() != 136) r.fail("the model does not have 68 points");
  const size_t n = m.initial_.size();
  // all leaves in one array sized by what the file can hold (pages never written are never allocated)
  const size_t capacity = r.left() / 4;
  detail::BigArray<float> leaves = detail::big_array<float>(capacity);
  size_t used = 0;
  const size_t ncascade = r.count(1);
  m.cascades_.resize(ncascade);
  for (Cascade& c : m.cascades_) {
    const size_t trees = r.count(1);
    c.trees = static_cast<int>(trees);
    c.leaf = used;
    for (size_t t = 0; t < trees; ++t) {
      const size_t splits = r.count(3);
      if (t == 0) c.splits = static_cast<int>(splits);
      if (static_cast<int>(splits) != c.splits) r.fail("the trees of a cascade differ in depth");
      for (size_t s = 0; s < splits; ++s) {
        const std::uint64_t i1 = r.unsigned_int(), i2 = r.unsigned_int();
        if (i1 > std::numeric_limits<std::uint32_t>::max() || i2 > std::numeric_limits<std::uint32_t>::max())
          r.fail("a split's pixel index is out of range");
        c.idx1.push_back(static_cast<std::uint32_t>(i1));
        c.idx2.push_back(static_cast<std::uint32_t>(i2));
        c.thresh.push_back(r.real());
      }
      const size_t nleaves = r.count(3);
      if (nleaves != splits + 1 || (nleaves & (nleaves - 1)) != 0) r.fail("a tree is not a full binary tree");
      for (size_t l = 0; l < nleaves; ++l) {
        r.column(static_cast<long>(n));
        if (capacity - used < n) r.fail("the file ends early");
        for (size_t j = 0; j < n; ++j) leaves[used + j] = r.real();
        used += n;
      }
    }
  }
  const detail::BigArrayFree free_leaves = leaves.get_deleter();
  m.leaves_ = std::shared_ptr<const float>(leaves.release(),
                                           [free_leaves](const float* p) { free_leaves(const_cast<float*>(p)); });
  if (r.count(1) != ncascade) r.fail("the model's pixel anchors do not match its cascades");
  for (Cascade& c : m.cascades_) {
    const size_t k = r.count(2);
    c.anchor.resize(k);
    for (size_t i = 0; i < k; ++i) {
      const std::uint64_t a = r.unsigned_int();
      if (a >= n / 2) r.fail("a pixel anchor is not a point of the shape");
      c.anchor[i] = static_cast<std::uint32_t>(a);
    }
  }
  if (r.count(1) != ncascade) r.fail("the model's pixel offsets do not match its cascades");
  for (Cascade& c : m.cascades_) {
    const size_t k = r.count(4);
    if (k != c.anchor.size()) r.fail("the model's pixel offsets do not match its anchors");
    c.delta.resize(2 * k);
    for (size_t i = 0; i < 2 * k; ++i) c.delta[i] = r.real();
    for (size_t s = 0; s < c.idx1.size(); ++s)
      if (c.idx1[s] >= k || c.idx2[s] >= k) r.fail("a split's pixel index is out of range");
  }
  if (!r.at_end()) r.fail("bytes follow the model");
  return m;
}

ShapeModel ShapeModel::read(const std::string& path) {
  // the file mapped (read from the page cache without a copy), else read whole
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot be opened");
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) {
    ::close(fd);
    throw std::runtime_error("is not a regular file");
  }
  const size_t size = static_cast<size_t>(st.st_size);
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  if (map == MAP_FAILED) {
    std::vector<char> bytes(size);
    size_t got = 0;
    while (got < size) {
      const ssize_t r = ::read(fd, bytes.data() + got, size - got);
      if (r <= 0) break;
      got += static_cast<size_t>(r);
    }
    ::close(fd);
    if (got != size) throw std::runtime_error("cannot be read");
    return parse(bytes.data(), size);
  }
  ::close(fd);
  struct Unmap {
    void* p;
    size_t n;
    ~Unmap() { ::munmap(p, n); }
  } unmap{map, size};
  return parse(static_cast<const char*>(map), size);
}

std::array<Eigen::Vector2d, 68> ShapeModel::operator()(const Image& img, const FaceBox& box) const {
  // dlib's rectangle of the box (inclusive right and bottom) and the affine map of the unit box onto it
  const double L = static_cast<double>(std::lround(box.left)), T = static_cast<double>(std::lround(box.top));
  const double R = static_cast<double>(std::lround(box.right) - 1),
               B = static_cast<double>(std::lround(box.bottom) - 1);
  const double sx = R - L, sy = B - T;
  const size_t n = initial_.size();
  std::vector<float> shape = initial_;
  std::vector<float> value;
  auto grey = [&](long x, long y) -> float {
    if (x < 0 || y < 0 || x >= img.width || y >= img.height) return 0;
    const std::uint8_t* p = img.at(static_cast<int>(x), static_cast<int>(y));
    return img.channels >= 3 ? static_cast<float>((299 * p[0] + 587 * p[1] + 114 * p[2] + 500) / 1000) : p[0];
  };
  for (const Cascade& c : cascades_) {
    const Eigen::Matrix2f S = similarity(initial_, shape);
    value.resize(c.anchor.size());
    for (size_t i = 0; i < c.anchor.size(); ++i) {
      const Eigen::Vector2f d(c.delta[2 * i], c.delta[2 * i + 1]);
      const Eigen::Vector2f q = S * d + Eigen::Vector2f(shape[2 * c.anchor[i]], shape[2 * c.anchor[i] + 1]);
      const double x = L + sx * q.x(), y = T + sy * q.y();  // dlib's pixel: rounded to the nearest
      value[i] = grey(static_cast<long>(std::floor(x + 0.5)), static_cast<long>(std::floor(y + 0.5)));
    }
    const size_t splits = static_cast<size_t>(c.splits);
    for (size_t t = 0; t < static_cast<size_t>(c.trees); ++t) {
      const size_t base = t * splits;
      size_t k = 0;
      while (k < splits)
        k = value[c.idx1[base + k]] - value[c.idx2[base + k]] > c.thresh[base + k] ? 2 * k + 1 : 2 * k + 2;
      const float* leaf = leaves_.get() + c.leaf + (t * (splits + 1) + (k - splits)) * n;
      for (size_t j = 0; j < n; ++j) shape[j] += leaf[j];
    }
  }
  std::array<Eigen::Vector2d, 68> p;
  // dlib's points are whole pixels (rounded to the nearest, as its full_object_detection holds them): the
  // same points as dlib's own predictor; pixel (x, y) has its centre at (x + 0.5, y + 0.5)
  for (size_t k = 0; k < 68; ++k)
    p[k] = Eigen::Vector2d(std::floor(L + sx * shape[2 * k] + 0.5) + 0.5,
                           std::floor(T + sy * shape[2 * k + 1] + 0.5) + 0.5);
  return p;
}

}  // namespace mesogrid::cli

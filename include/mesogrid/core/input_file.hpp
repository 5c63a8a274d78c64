// mesogrid/core/input_file.hpp: the one way the library and the tool open a file a user names (meshes, landmark
// files, batch manifests, a previous batch summary): refused unless it is a regular file (a FIFO, a device such
// as /dev/zero or /dev/urandom, a socket or a directory never blocks or streams without end), its size checked
// against a limit before a byte is read, then read exactly (a file that grows meanwhile is not followed; one
// that shrinks is an error). The first bytes can be read alone, so that a refusal decided from a file's head
// (binary content in a text format, a header that lies) costs no more than the head. No units.
//
// POSIX: the file is opened with O_NONBLOCK (opening a FIFO never waits for a writer) and checked with fstat on
// the open descriptor (no race between the check and the read).
#pragma once
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "error.hpp"
#include "text.hpp"

namespace mesogrid {

/// An open regular file, read by position. Throws input_error "<file>: <problem>; <what to do>" (the file
/// name shown with text::path_shown); `kind` says what the file should be ("mesh file", "landmark file").
class InputFile {
 public:
  /// `too_big`: what to do about a file above max_bytes.
  InputFile(const std::string& path, const std::string& kind, std::uintmax_t max_bytes,
            const std::string& too_big = "check that this is the right file")
      : path_(path), kind_(kind) {
    if (path.empty()) fail("", "the path is empty; give the " + kind + "'s path");
    fd_ = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd_ < 0) {
      const int e = errno;
      if (e == ENOENT) fail(path, "no such file; check the path");
      if (e == EACCES) fail(path, "permission denied; check the file's permissions");
      if (e == ELOOP) fail(path, "a symbolic link loop; give the " + kind + " itself");
      if (e == ENAMETOOLONG) fail(path, "the file name is too long; give a shorter path");
      if (e == ENOTDIR) fail(path, "a part of the path is not a directory; check the path");
      fail(path, std::string("cannot open (") + std::strerror(e) + "); check the path and its permissions");
    }
    struct stat st {};
    if (::fstat(fd_, &st) != 0) fail(path, std::string("cannot look at the file (") + std::strerror(errno) + ")");
    if (S_ISDIR(st.st_mode))
      fail(path, "is a directory, not " + text::with_article(kind) + "; give the " + kind + " itself");
    if (!S_ISREG(st.st_mode))
      fail(path, std::string("is not a regular file (") +
                     (S_ISFIFO(st.st_mode)   ? "a pipe"
                      : S_ISCHR(st.st_mode)  ? "a character device"
                      : S_ISBLK(st.st_mode)  ? "a block device"
                      : S_ISSOCK(st.st_mode) ? "a socket"
                                             : "not a file") +
                     "); copy it to a regular file and pass that");
    size_ = static_cast<std::uintmax_t>(st.st_size);
    if (size_ > max_bytes)
      fail(path, "file is " + std::to_string(size_) + " bytes, above the " + std::to_string(max_bytes) +
                     "-byte limit for " + text::with_article(kind) + "; " + too_big);
    if (::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) & ~O_NONBLOCK) != 0) { /* a regular file never blocks */
    }
  }
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;
  ~InputFile() {
    if (fd_ >= 0) ::close(fd_);
  }

  /// The size the file had when it was opened, in bytes.
  std::uintmax_t size() const { return size_; }
  const std::string& path() const { return path_; }

  /// Reads `n` bytes at `offset` into `dst` (n + offset <= size()). Throws when the file shrank or cannot be read.
  void read(char* dst, std::size_t n, std::uintmax_t offset = 0) const {
    std::size_t got = 0;
    while (got < n) {
      const ssize_t r = ::pread(fd_, dst + got, n - got, static_cast<off_t>(offset + got));
      if (r < 0) {
        if (errno == EINTR) continue;
        fail(path_, std::string("read error (") + std::strerror(errno) + "); check the file and the disk");
      }
      if (r == 0) fail(path_, "the file became shorter while it was read; read it again when it is complete");
      got += static_cast<std::size_t>(r);
    }
  }

  /// The first min(n, size()) bytes.
  std::string head(std::size_t n) const {
    std::string s(static_cast<std::size_t>(std::min<std::uintmax_t>(n, size_)), '\0');
    read(s.data(), s.size());
    return s;
  }

  /// The whole file (size() bytes).
  std::string all() const { return head(static_cast<std::size_t>(size_)); }

  /// Throws input_error "<file>: <what>".
  [[noreturn]] static void fail(const std::string& path, const std::string& what) {
    throw input_error((path.empty() ? std::string("<empty path>") : text::path_shown(path)) + ": " + what);
  }

 private:
  std::string path_, kind_;
  int fd_ = -1;
  std::uintmax_t size_ = 0;
};

/// The whole of a regular text file of at most `max_bytes` bytes (InputFile's checks and messages); a NUL byte
/// (binary content, UTF-16) is refused before any parsing, with its offset.
inline std::string read_input_file(const std::string& path, const std::string& kind, std::uintmax_t max_bytes) {
  const InputFile f(path, kind, max_bytes);
  std::string head = f.head(1 << 16);
  if (const auto z = head.find('\0'); z != std::string::npos)
    InputFile::fail(
        path, "is not a text file (a NUL byte at byte " + std::to_string(z) + "); give the " + kind + " as UTF-8 text");
  if (head.size() == f.size()) return head;
  std::string all = f.all();
  if (const auto z = all.find('\0'); z != std::string::npos)
    InputFile::fail(
        path, "is not a text file (a NUL byte at byte " + std::to_string(z) + "); give the " + kind + " as UTF-8 text");
  return all;
}

}  // namespace mesogrid

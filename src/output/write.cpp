// src/output/write.cpp: the one output writer (see write.hpp). POSIX: stat/lstat, mkstemp, write, fsync,
// rename; devices and FIFOs opened without blocking, then written through.
#include "write.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mesogrid/core/error.hpp>
#include <mesogrid/core/text.hpp>
#include <mutex>
#include <set>
#include <utility>
#include <vector>

namespace mesogrid::cli {

namespace {

std::string quoted_path(const std::string& path) { return "'" + text::path_shown(path) + "'"; }

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw input_error("cannot write " + quoted_path(path) + ": " + what);
}

[[noreturn]] void fail_errno(const std::string& path, const std::string& what, int err) {
  fail(path, what + " (" + std::strerror(err) + "); check the directory exists, is writable and has space");
}

mode_t default_mode() {
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return static_cast<mode_t>(0666 & ~mask);
}

std::mutex& inputs_mutex() {
  static std::mutex m;
  return m;
}
std::set<std::pair<dev_t, ino_t>>& inputs() {
  static std::set<std::pair<dev_t, ino_t>> s;
  return s;
}

ClosedStreams& closed() {
  static ClosedStreams c;
  return c;
}

/// Writes all of `content` to `fd`; returns 0 or the errno of the failure.
int write_all(int fd, std::string_view content) {
  const char* p = content.data();
  size_t left = content.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  return 0;
}

/// Standard output (or a path that is standard output through /proc/self/fd/1 when it was closed).
void write_stdout(std::string_view content) {
  if (closed().out) throw input_error("cannot write to standard output: it is closed; give -o FILE");
  std::fflush(stdout);
  if (const int e = write_all(1, content))
    throw input_error(std::string("cannot write to standard output (") + std::strerror(e) + ")");
}

/// A character device or FIFO: opened without blocking (a FIFO nobody reads fails at once), written through.
void write_through(const std::string& path, const std::string& target, std::string_view content) {
  const int fd = ::open(target.c_str(), O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    const int e = errno;
    if (e == ENXIO) fail(path, "it is a FIFO (named pipe) that no program reads; start the reader first");
    fail_errno(path, "cannot open it", e);
  }
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0) ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  const int e = write_all(fd, content);
  if (e) {
    ::close(fd);
    fail_errno(path, "write failed", e);
  }
  if (::close(fd) != 0 && errno != EINTR) fail_errno(path, "close failed", errno);
}

/// The mkstemp template of the temporary file beside `target`: "<target>.mesogrid-tmp-XXXXXX", with the target's
/// own name cut (on a character) when the whole would be longer than its directory allows (NAME_MAX, 255 bytes on
/// Linux): any name the target can have gets a temporary file in the same directory, for an atomic rename.
std::string temp_template(const std::string& target) {
  const size_t base = target.rfind('/') == std::string::npos ? 0 : target.rfind('/') + 1;
  const std::string dir = base == 0 ? std::string(".") : target.substr(0, base);
  long name_max = ::pathconf(dir.c_str(), _PC_NAME_MAX);
  if (name_max <= 0) name_max = NAME_MAX;
  const size_t tail = temp_suffix.size() + 6, most = static_cast<size_t>(name_max);
  size_t keep = target.size() - base;
  if (keep + tail > most && most > tail + 8) {
    keep = most - tail;
    while (keep > 0 && (static_cast<unsigned char>(target[base + keep]) & 0xC0) == 0x80) --keep;
  }
  return target.substr(0, base + keep) + std::string(temp_suffix) + "XXXXXX";
}

/// A regular file (new or replaced), first step: `content` in a temporary file beside `target`, flushed and closed
/// with the old file's permissions; returns its name (commit_atomic renames it onto the target).
std::string prepare_atomic(const std::string& path, const std::string& target, std::string_view content,
                           const struct stat* old) {
  std::string tmpl = temp_template(target);
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  const int fd = ::mkstemp(name.data());
  if (fd < 0) {
    const int e = errno;
    if (e == ENAMETOOLONG) fail(path, "the file name is too long; give a shorter -o path");
    fail_errno(path, "cannot create a temporary file beside it", e);
  }
  const std::string tmp(name.data());
  auto abandon = [&](const char* what, int err) {
    ::close(fd);
    ::unlink(tmp.c_str());
    fail_errno(path, what, err);
  };
  if (const int e = write_all(fd, content)) abandon("write failed", e);
  if (::fchmod(fd, old ? (old->st_mode & 07777) : default_mode()) != 0) abandon("cannot set permissions", errno);
  if (old && ::geteuid() == 0 && (old->st_uid != 0 || old->st_gid != 0))
    (void)!::fchown(fd, old->st_uid, old->st_gid);  // root replacing a user's file keeps it theirs
  if (::fsync(fd) != 0) abandon("flush failed", errno);
  if (::close(fd) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    fail_errno(path, "close failed", err);
  }
  return tmp;
}

/// Second step: the temporary file renamed onto the target (removed if that fails).
void commit_atomic(const std::string& path, const std::string& tmp, const std::string& target) {
  if (std::rename(tmp.c_str(), target.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    fail_errno(path, "cannot rename the temporary file onto it", err);
  }
}

bool same_file(const struct stat& a, const struct stat& b) { return a.st_dev == b.st_dev && a.st_ino == b.st_ino; }

}  // namespace

void protect_input(const std::string& path) {
  struct stat st {};
  if (path.empty() || ::stat(path.c_str(), &st) != 0) return;
  std::lock_guard<std::mutex> lock(inputs_mutex());
  inputs().insert({st.st_dev, st.st_ino});
}

bool is_protected_input(const std::string& path) {
  struct stat st {};
  if (path.empty() || ::stat(path.c_str(), &st) != 0) return false;
  std::lock_guard<std::mutex> lock(inputs_mutex());
  return inputs().count({st.st_dev, st.st_ino}) > 0;
}

ClosedStreams reopen_closed_streams() {
  ClosedStreams c;
  for (int fd = 0; fd <= 2; ++fd) {
    if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
    const int n = ::open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
    if (n >= 0 && n != fd) {  // descriptors are given lowest first, so n == fd unless something is odd
      ::dup2(n, fd);
      ::close(n);
    }
    (fd == 0 ? c.in : fd == 1 ? c.out : c.err) = true;
  }
  closed() = c;
  return c;
}

const ClosedStreams& closed_streams() { return closed(); }

namespace {

/// What is at an output path, symlinks followed.
struct Target {
  bool exists = false;
  std::string path;  ///< where the bytes go: the path, or the file a symlink points to
  struct stat st {};
};

/// Looks at `path` and refuses what can never be written (see write.hpp).
Target resolve_target(const std::string& path) {
  if (path.empty()) throw usage_error("-o '': the output path is empty; give a file name, or - for standard output");
  Target t;
  t.path = path;
  struct stat lst {};
  if (::lstat(path.c_str(), &lst) != 0) {
    const int e = errno;
    if (e == ENOENT) {
      if (path.back() == '/') fail(path, "a file name cannot end with '/'; give a file name");
      return t;
    }
    if (e == ENAMETOOLONG) fail(path, "the file name is too long; give a shorter path");
    if (e == ENOTDIR) fail(path, "a part of the path is not a directory; check the path");
    fail_errno(path, "cannot look at it", e);
  }
  t.exists = true;
  t.st = lst;
  if (S_ISLNK(lst.st_mode)) {
    if (::stat(path.c_str(), &t.st) != 0) {
      const int e = errno;
      if (e == ELOOP) fail(path, "it is a symbolic link loop; give another file name");
      if (e == ENOENT)
        fail(path, "it is a symbolic link to a file that does not exist; remove the link or give its target");
      fail_errno(path, "cannot follow the symbolic link", e);
    }
    char* real = ::realpath(path.c_str(), nullptr);
    if (!real) fail_errno(path, "cannot follow the symbolic link", errno);
    t.path = real;
    std::free(real);
  }
  {
    std::lock_guard<std::mutex> lock(inputs_mutex());
    if (inputs().count({t.st.st_dev, t.st.st_ino}))
      fail(path, "it is an input of this run (a mesh, landmark file or manifest); give another output name");
  }
  if (closed().out) {  // the descriptor of a closed stdout now holds /dev/null: never written through a link
    struct stat so {};
    if (::fstat(1, &so) == 0 && same_file(so, t.st))
      throw input_error("cannot write " + quoted_path(path) + ": it is standard output, which is closed; give -o FILE");
  }
  if (S_ISDIR(t.st.st_mode)) fail(path, "it is a directory; give a file name");
  if (!S_ISREG(t.st.st_mode) && !S_ISCHR(t.st.st_mode) && !S_ISFIFO(t.st.st_mode))
    fail(path, "it is not a regular file (socket or block device); give a file name");
  // read-only by its mode (no write bit for anyone: root too, whom access() would let through) or for this user
  if (S_ISREG(t.st.st_mode) &&
      ((t.st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0 || ::access(t.path.c_str(), W_OK) != 0))
    fail(path, "the file is read-only for you; change its permissions or give another name");
  return t;
}

}  // namespace

void check_output_target(const std::string& path) {
  if (path != "-") (void)resolve_target(path);
}

void write_output(const std::string& path, std::string_view content) { write_outputs({{"-o", path, content}}); }

void write_outputs(const std::vector<Output>& outs) {
  std::vector<Target> ts(outs.size());
  for (size_t i = 0; i < outs.size(); ++i)
    if (outs[i].path != "-") ts[i] = resolve_target(outs[i].path);
  auto same = [&](size_t i, size_t j) {
    if (outs[i].path == "-" || outs[j].path == "-") return outs[i].path == outs[j].path;
    if (ts[i].exists || ts[j].exists) return ts[i].exists && ts[j].exists && same_file(ts[i].st, ts[j].st);
    namespace fs = std::filesystem;
    return fs::absolute(outs[i].path).lexically_normal() == fs::absolute(outs[j].path).lexically_normal();
  };
  for (size_t i = 0; i < outs.size(); ++i)
    for (size_t j = i + 1; j < outs.size(); ++j)
      if (same(i, j))
        throw usage_error(outs[i].flag + " and " + outs[j].flag +
                          (outs[i].path == "-"
                               ? std::string(" both write to standard output: give one of them a file")
                               : " name the same file " + quoted_path(outs[i].path) + ": give each its own file"));
  // the regular files into temporary files first, then the streams and devices, then the renames: a failure before
  // the renames leaves every file as it was
  std::vector<std::string> tmp(outs.size());
  try {
    for (size_t i = 0; i < outs.size(); ++i)
      if (outs[i].path != "-" && (!ts[i].exists || S_ISREG(ts[i].st.st_mode)))
        tmp[i] = prepare_atomic(outs[i].path, ts[i].exists ? ts[i].path : outs[i].path, outs[i].content,
                                ts[i].exists ? &ts[i].st : nullptr);
    for (size_t i = 0; i < outs.size(); ++i)
      if (outs[i].path == "-")
        write_stdout(outs[i].content);
      else if (tmp[i].empty())
        write_through(outs[i].path, ts[i].path, outs[i].content);
  } catch (...) {
    for (const std::string& t : tmp)
      if (!t.empty()) ::unlink(t.c_str());
    throw;
  }
  for (size_t i = 0; i < outs.size(); ++i)
    if (!tmp[i].empty()) commit_atomic(outs[i].path, tmp[i], ts[i].exists ? ts[i].path : outs[i].path);
}

}  // namespace mesogrid::cli

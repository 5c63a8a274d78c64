// src/output/write.cpp: atomic file output (see write.hpp). POSIX: mkstemp, write, fsync, rename.
#include "write.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mesogrid/core/error.hpp>
#include <vector>

namespace mesogrid::cli {

namespace {

[[noreturn]] void fail(const std::string& path, const std::string& what, int err) {
  throw input_error("cannot write '" + path + "': " + what + ": " + std::strerror(err) +
                    " (check the directory exists and is writable)");
}

mode_t default_mode() {
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return static_cast<mode_t>(0666 & ~mask);
}

}  // namespace

void write_output(const std::string& path, std::string_view content) {
  if (path.empty() || path == "-") {
    if (std::fwrite(content.data(), 1, content.size(), stdout) != content.size() || std::fflush(stdout) != 0)
      throw input_error(std::string("cannot write to standard output: ") + std::strerror(errno));
    return;
  }
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(fs::path(path), ec))
    throw input_error("cannot write '" + path + "': it is a directory (give a file name to -o)");
  std::string tmpl = path + std::string(temp_suffix) + "XXXXXX";
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  const int fd = ::mkstemp(name.data());
  if (fd < 0) fail(path, "cannot create a temporary file beside it", errno);
  const std::string tmp(name.data());
  auto abandon = [&](const char* what) {
    const int err = errno;
    ::close(fd);
    ::unlink(tmp.c_str());
    fail(path, what, err);
  };
  const char* p = content.data();
  size_t left = content.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      abandon("write failed");
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  if (::fchmod(fd, default_mode()) != 0) abandon("cannot set permissions");
  if (::fsync(fd) != 0) abandon("flush failed");
  if (::close(fd) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    fail(path, "close failed", err);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    fail(path, "cannot rename the temporary file onto it", err);
  }
}

}  // namespace mesogrid::cli

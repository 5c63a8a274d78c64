// Tests of core/input_file.hpp: only regular files are read, the size limit is checked before reading, FIFOs and
// devices are refused at once (never read, never waited on), text files with NUL bytes are refused.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <mesogrid/core/input_file.hpp>
#include <string>

using namespace mesogrid;

namespace {
/// A scratch directory removed at the end of the test.
struct Scratch {
  std::string dir;
  Scratch() {
    char t[] = "/tmp/mesogrid-input-XXXXXX";
    dir = ::mkdtemp(t);
  }
  ~Scratch() { std::system(("rm -rf '" + dir + "'").c_str()); }
  std::string put(const std::string& name, const std::string& bytes) const {
    const std::string p = dir + "/" + name;
    std::ofstream(p, std::ios::binary) << bytes;
    return p;
  }
};
}  // namespace

TEST_CASE("input file: a regular file is read whole; its head alone") {
  Scratch s;
  const std::string p = s.put("a.txt", "hello world");
  const InputFile f(p, "test file", 100);
  CHECK(f.size() == 11);
  CHECK(f.head(5) == "hello");
  CHECK(f.all() == "hello world");
  CHECK(read_input_file(p, "test file", 100) == "hello world");
}

TEST_CASE("input file: refusals name the file and say what it is") {
  Scratch s;
  const std::string fifo = s.dir + "/fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK_THROWS_WITH_AS(InputFile(fifo, "landmark file", 100), doctest::Contains("not a regular file (a pipe)"), Error);
  CHECK_THROWS_WITH_AS(InputFile(s.dir, "manifest", 100), doctest::Contains("is a directory"), Error);
  CHECK_THROWS_WITH_AS(InputFile(s.dir + "/none", "manifest", 100), doctest::Contains("no such file"), Error);
  CHECK_THROWS_WITH_AS(InputFile("", "manifest", 100), doctest::Contains("empty"), Error);
  CHECK_THROWS_WITH_AS(InputFile(s.put("big", std::string(101, 'x')), "manifest", 100),
                       doctest::Contains("above the 100-byte limit"), Error);
  CHECK_THROWS_WITH_AS(read_input_file(s.put("bin", std::string("a,b\n\0\0", 6)), "manifest", 100),
                       doctest::Contains("NUL byte at byte 4"), Error);
  struct stat st {};
  if (::stat("/dev/zero", &st) == 0 && S_ISCHR(st.st_mode))
    CHECK_THROWS_WITH_AS(InputFile("/dev/zero", "mesh file", 100),
                         doctest::Contains("not a regular file (a character device)"), Error);
}

// Tests of io/raw_mesh.hpp: lines with any line ends and the length limit, tokens, locale-free numbers, binary
// scalars in both byte orders, the one-line input error.
#include <doctest/doctest.h>

#include <mesogrid/io/raw_mesh.hpp>
#include <string>
#include <vector>

using namespace mesogrid;
using namespace mesogrid::detail;

TEST_CASE("LineReader: LF, CRLF and lone CR, line numbers, the length limit") {
  const std::string name = "t.obj";
  LineReader lr("a\nbb\r\nccc\rd", name, 10);
  std::vector<std::string> got;
  std::string_view l;
  while (lr.next(l)) got.emplace_back(l);
  CHECK(got == std::vector<std::string>{"a", "bb", "ccc", "d"});
  CHECK(lr.line() == 4);
  LineReader longer("0123456789ABC\n", name, 10);
  ErrorKind kind{};
  try {
    longer.next(l);
    FAIL("no error");
  } catch (const Error& e) {
    kind = e.kind;
    CHECK(std::string(e.what()) ==
          "t.obj:1: line longer than 10 bytes; the file is corrupt or not a text mesh (or "
          "raise the line limit)");
  }
  CHECK(kind == ErrorKind::input);
}

TEST_CASE("tokens and numbers: white space of any kind, '+' signs, no locale, ranges") {
  std::string_view s = " \tv\f1.5 +2e3\v-0 ";
  CHECK(next_token(s) == "v");
  double d = 0;
  CHECK(parse_double(next_token(s), d) == NumStatus::ok);
  CHECK(d == 1.5);
  CHECK(parse_double(next_token(s), d) == NumStatus::ok);
  CHECK(d == 2000);
  CHECK(parse_double(next_token(s), d) == NumStatus::ok);
  CHECK(next_token(s).empty());
  CHECK(parse_double("1,5", d) == NumStatus::bad);
  CHECK(parse_double("1e999", d) == NumStatus::range);
  CHECK(parse_double("", d) == NumStatus::bad);
  std::int64_t i = 0;
  CHECK(parse_int("+42", i));
  CHECK(i == 42);
  CHECK_FALSE(parse_int("4.2", i));
  CHECK_FALSE(parse_int("", i));
}

TEST_CASE("binary scalars in either byte order") {
  const char le[4] = {0x01, 0x02, 0x03, 0x04};
  const std::uint32_t v = load_scalar<std::uint32_t>(le, !host_little_endian());
  CHECK(v == 0x04030201u);
  CHECK(load_scalar<std::uint32_t>(le, host_little_endian()) == 0x01020304u);
}

TEST_CASE("size_text: whole from 100 on, else three significant digits") {
  CHECK(size_text(0.18) == "0.18");
  CHECK(size_text(15.1) == "15.1");
  CHECK(size_text(1200.4) == "1200");
  CHECK(size_text(1e300) == "1e+300");
}

// Tests of core/text.hpp: trimming, lower case, the byte order mark, user text in one-line messages, numbers and
// counts in messages.
#include <doctest/doctest.h>

#include <mesogrid/core/text.hpp>
#include <string>
#include <vector>

using namespace mesogrid;

TEST_CASE("trim: white space by default, or the characters given") {
  CHECK(text::trim(" \t\r\n x y \v\f") == "x y");
  CHECK(text::trim("\n x \t", " \t") == "\n x");
  CHECK(text::trim("   ").empty());
  CHECK(text::trim("").empty());
}

TEST_CASE("lower: ASCII letters only, other bytes unchanged") {
  CHECK(text::lower("MiXeD-Case_9") == "mixed-case_9");
  CHECK(text::lower("\xC2\xB5L") == "\xC2\xB5l");  // µL: the micro sign's bytes stay
}

TEST_CASE("strip_bom: only a leading UTF-8 byte order mark") {
  CHECK(text::strip_bom("\xEF\xBB\xBFv 1 2 3") == "v 1 2 3");
  CHECK(text::strip_bom("v 1\xEF\xBB\xBF") == "v 1\xEF\xBB\xBF");
  CHECK(text::strip_bom("\xEF\xBB") == "\xEF\xBB");
}

TEST_CASE("printable and quoted: control characters escaped, cut after 40 bytes") {
  CHECK(text::printable("a\r\nb\x7f") == "a\\x0d\\x0ab\\x7f");
  CHECK(text::printable(std::string(41, 'x')) == std::string(40, 'x') + "...");
  CHECK(text::printable(std::string(40, 'x')) == std::string(40, 'x'));
  CHECK(text::quoted("m\tm") == "'m\\x09m'");
}

TEST_CASE("clean: C0, DEL, C1, bidirectional controls and invalid UTF-8 as '?', valid UTF-8 kept, cut on a character") {
  CHECK(text::clean("caf\xC3\xA9 \xE2\x82\xAC") == "caf\xC3\xA9 \xE2\x82\xAC");  // é and € kept
  CHECK(text::clean("a\x1b[31mb\nc") == "a?[31mb?c");
  CHECK(text::clean("\xC2\x85x\xE2\x80\xAEy\xE2\x81\xA6") == "?x?y?");     // NEL, RLO, LRI
  CHECK(text::clean("\xFF\xFE\xC0\xAF\xED\xA0\x80") == "???????");         // bytes, overlong '/', a surrogate
  CHECK(text::clean("\xE2\x82") == "??");                                  // cut short
  CHECK(text::clean("\xE2\x82\xAC\xE2\x82\xAC", 4) == "\xE2\x82\xAC...");  // never half a character
  CHECK(text::printable(std::string(100000, 'A')).size() == 43);
  CHECK(text::is_clean("plain_name-1.csv"));
  CHECK_FALSE(text::is_clean("a\xFF"));
  CHECK_FALSE(text::is_clean("a\tb"));
  CHECK(text::is_clean("a\tb", true));
}

TEST_CASE("escaped: control, bidirectional and invisible characters and invalid bytes as escapes, cut whole") {
  CHECK(text::escaped("caf\xC3\xA9 \xE2\x82\xAC") == "caf\xC3\xA9 \xE2\x82\xAC");  // é and € kept
  CHECK(text::escaped("a\x01"
                      "b\tc\x1b[31m\x7f") == "a\\x01b\\x09c\\x1b[31m\\x7f");
  CHECK(text::escaped("fore\xE2\x80\x8Bhead") == "fore\\u200bhead");  // zero-width space
  CHECK(text::escaped("a\xEF\xBB\xBF"
                      "b") == "a\\ufeffb");                                               // byte order mark inside
  CHECK(text::escaped("\xE2\x80\xAEx\xE2\x81\xA6\xC2\x85") == "\\u202ex\\u2066\\u0085");  // RLO, LRI, NEL
  CHECK(text::escaped("\xC2\xAD\xE2\x80\x8D\xE2\x81\xA0") == "\\u00ad\\u200d\\u2060");    // soft hyphen, ZWJ, WJ
  CHECK(text::escaped("t\xF3\xA0\x81\x81") == "t\\U000e0041");                            // a tag character
  CHECK(text::escaped("\xFF\xC0\xAF\xE2\x82") == "\\xff\\xc0\\xaf\\xe2\\x82");  // invalid, overlong, cut short
  CHECK(text::escaped("ab\x01", 4) == "ab...");                                 // never half an escape
  CHECK(text::escaped("\xE2\x82\xAC\xE2\x82\xAC", 4) == "\xE2\x82\xAC...");     // never half a character
  CHECK(text::quoted("x\xE2\x80\x8B") == "'x\\u200b'");
  CHECK(text::path_shown("a\xE2\x80\x8F.obj") == "a\\u200f.obj");
  CHECK(text::clean("fore\xE2\x80\x8Bhead\x01") == "fore\xE2\x80\x8Bhead?");  // outputs: clean() as before
}

TEST_CASE("path_shown: escaped, long paths keep their start and their end") {
  CHECK(text::path_shown("dir/face\n.obj") == "dir/face\\x0a.obj");
  const std::string p = std::string(5000, 'd') + "/face.obj";
  const std::string s = text::path_shown(p);
  CHECK(s.size() <= text::max_path_bytes);
  CHECK(s.substr(s.size() - 9) == "/face.obj");
  CHECK(s.find("...") != std::string::npos);
}

TEST_CASE("numbers: significant digits as %g, decimals as %f") {
  CHECK(text::general(0.5) == "0.5");
  CHECK(text::general(13) == "13");
  CHECK(text::general(1.0625) == "1.062");  // round half to even on the exact binary value
  CHECK(text::general(12345) == "1.234e+04");
  CHECK(text::general(1e-5, 3) == "1e-05");
  CHECK(text::decimals(1.005, 2) == "1.00");  // 1.005 is a little below in binary
  CHECK(text::decimals(2.5, 0) == "2");
  CHECK(text::decimals(88.85, 1) == "88.8");
  CHECK(text::decimals(-0.04, 1) == "0.0");  // no "-0.0"
  CHECK(text::decimals(-0.0, 2) == "0.00");
  CHECK(text::decimals(-0.4, 0) == "0");
  CHECK(text::decimals(-0.05, 1) == "-0.1");  // (below -0.05 in binary: rounds away from zero)
  CHECK(text::decimals(-1e-300, 3) == "0.000");
  struct P {
    double x() const { return 1.25; }
    double y() const { return -0.01; }
    double z() const { return -3; }
  };
  CHECK(text::point(P{}, 1) == "(1.2, 0.0, -3.0)");
  CHECK(text::decimals(1e300, 1).size() == 303);
}

TEST_CASE("counts and lists") {
  CHECK(text::count_of(1, "vertex", "vertices") == "1 vertex");
  CHECK(text::count_of(0, "vertex", "vertices") == "0 vertices");
  CHECK(text::count_of(-1, "vertex", "vertices") == "-1 vertex");
  const std::vector<std::string> items = {"a", "b", "c", "d"};
  CHECK(text::list(items, 2) == "a, b and 2 more");
  CHECK(text::list(items) == "a, b, c, d");
  CHECK(text::joined(items, "/") == "a/b/c/d");
  CHECK(text::joined({}).empty());
}

TEST_CASE("with_article: 'an' before a vowel-initial word, 'a' otherwise") {
  CHECK(text::with_article("ibug68") == "an ibug68");
  CHECK(text::with_article("OBJ file") == "an OBJ file");
  CHECK(text::with_article("mediapipe468") == "a mediapipe468");
  CHECK(text::with_article("landmark file") == "a landmark file");
}

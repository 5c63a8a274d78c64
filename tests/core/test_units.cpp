// Tests of core/units.hpp: lengths, volumes, angles, rates and counts as typed on the command line.
#include <doctest/doctest.h>

#include <mesogrid/core/units.hpp>
#include <string>

using namespace mesogrid;

namespace {
/// The message of the usage error `f` throws ("" when it throws none or another kind).
template <class F>
std::string usage_message(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.kind == ErrorKind::usage ? e.what() : "";
  }
  return "";
}
}  // namespace

TEST_CASE("lengths convert to millimetres") {
  CHECK(parse_length_mm("15", "--spacing") == doctest::Approx(15));
  CHECK(parse_length_mm("15mm", "--spacing") == doctest::Approx(15));
  CHECK(parse_length_mm("1.5cm", "--spacing") == doctest::Approx(15));
  CHECK(parse_length_mm("0.01m", "--spacing") == doctest::Approx(10));
  CHECK(parse_length_mm(" 15 mm ", "--spacing") == doctest::Approx(15));
  CHECK(parse_length_mm("1.5CM", "--spacing") == doctest::Approx(15));
  CHECK(parse_length_mm("+2", "--margin") == doctest::Approx(2));
  CHECK(parse_length_mm("1e1", "--spacing") == doctest::Approx(10));
  CHECK(parse_length_mm("0", "--margin") == 0);
  CHECK_FALSE(std::signbit(parse_length_mm("-0", "--margin")));
}

TEST_CASE("volumes convert to millilitres") {
  CHECK(parse_volume_ml("0.03", "--volume") == doctest::Approx(0.03));
  CHECK(parse_volume_ml("0.03ml", "--volume") == doctest::Approx(0.03));
  CHECK(parse_volume_ml("0.03mL", "--volume") == doctest::Approx(0.03));
  CHECK(parse_volume_ml("0.03cc", "--volume") == doctest::Approx(0.03));
  CHECK(parse_volume_ml("30ul", "--volume") == doctest::Approx(0.03));
  CHECK(parse_volume_ml("30uL", "--volume") == doctest::Approx(0.03));
  CHECK(parse_volume_ml("30\xC2\xB5l", "--volume") == doctest::Approx(0.03));  // micro sign
  CHECK(parse_volume_ml("30\xCE\xBCl", "--volume") == doctest::Approx(0.03));  // Greek mu
  CHECK(parse_volume_ml("2 ml", "--total-volume") == doctest::Approx(2));
}

TEST_CASE("angles, rates and counts") {
  CHECK(parse_angle_deg("45", "--angle") == doctest::Approx(45));
  CHECK(parse_angle_deg("45deg", "--angle") == doctest::Approx(45));
  CHECK(parse_angle_deg("45\xC2\xB0", "--angle") == doctest::Approx(45));
  CHECK(parse_rate_per_min("30", "--injector-rate") == doctest::Approx(30));
  CHECK(parse_rate_per_min("30/min", "--injector-rate") == doctest::Approx(30));
  CHECK(parse_count("100000", "--max-sites") == 100000);
  CHECK(parse_count(" 7 ", "--max-sites") == 7);
}

TEST_CASE("a decimal comma is a decimal point, unless it could separate thousands") {
  CHECK(parse_length_mm("0,5cm", "--spacing") == doctest::Approx(5));
  CHECK(parse_length_mm("1,5 cm", "--spacing") == doctest::Approx(15));
  CHECK(parse_length_mm("12,25", "--spacing") == doctest::Approx(12.25));
  CHECK(parse_volume_ml("0,03ml", "--volume") == doctest::Approx(0.03));
  CHECK(parse_volume_ml("0,001", "--volume") == doctest::Approx(0.001));  // a leading 0 separates no thousands
  CHECK(parse_angle_deg("22,5deg", "--angle") == doctest::Approx(22.5));
  for (const char* ambiguous : {"1,500", "12,000mm", "999,999"}) {
    CAPTURE(ambiguous);
    const std::string m = usage_message([&] { parse_length_mm(ambiguous, "--spacing"); });
    CHECK(m.find("ambiguous") != std::string::npos);
    CHECK(m.find("--spacing") != std::string::npos);
  }
  CHECK(usage_message([] { parse_length_mm("1,500", "--spacing"); }).find("write 1.500 or 1500") != std::string::npos);
  CHECK(parse_length_mm("1000,500", "--spacing") == doctest::Approx(1000.5));  // 4 digits: not a thousands group
}

TEST_CASE("garbage is rejected with a message naming the flag and the value") {
  for (const char* bad : {"", "   ", "abc", "15 furlongs", "1,5,3cm", "1.5,3", "nan", "NaN", "inf", "-inf", "1e999",
                          "15mm mm", "cm", "--1"}) {
    CAPTURE(bad);
    const std::string m = usage_message([&] { parse_length_mm(bad, "--spacing"); });
    CHECK(m.find("--spacing") != std::string::npos);
    CHECK(m.find("e.g.") != std::string::npos);
    if (*bad && std::string(bad).find_first_not_of(' ') != std::string::npos)
      CHECK(m.find(std::string("'") + bad + "'") != std::string::npos);
  }
  CHECK(usage_message([] { parse_length_mm("-1", "--margin"); }).find("negative") != std::string::npos);
  CHECK(usage_message([] { parse_volume_ml("-1", "--volume"); }).find("negative") != std::string::npos);
  CHECK(usage_message([] { parse_volume_ml("3 litres", "--volume"); }).find("unknown unit") != std::string::npos);
  CHECK(usage_message([] { parse_volume_ml("30mm", "--volume"); }).find("unknown unit") != std::string::npos);
  CHECK(usage_message([] { parse_angle_deg("1rad", "--angle"); }).find("unknown unit") != std::string::npos);
  CHECK(usage_message([] { parse_angle_deg("-10", "--angle"); }).find("--angle") != std::string::npos);
  CHECK(usage_message([] { parse_rate_per_min("0", "--injector-rate"); }).find("--injector-rate") != std::string::npos);
  CHECK(usage_message([] { parse_rate_per_min("10/s", "--injector-rate"); }).find("unknown unit") != std::string::npos);
  for (const char* bad : {"", "0", "-3", "1.5", "1e3", "ten", "99999999999999999999999"}) {
    CAPTURE(bad);
    CHECK(usage_message([&] { parse_count(bad, "--max-sites"); }).find("--max-sites") != std::string::npos);
  }
  // the hint says what to count and a sensible value ("e.g. 1000" when the caller gives none)
  CHECK(usage_message([] { parse_count("0", "--jobs", "a number of threads, e.g. 4"); }) ==
        "--jobs '0' is not a whole number >= 1: give a number of threads, e.g. 4");
  CHECK(usage_message([] { parse_count("0", "count"); }) == "count '0' is not a whole number >= 1: give e.g. 1000");
}

// ---- regressions found by fuzz/fuzz_units (issue #7) ----
TEST_CASE("fuzz regression: a finite number times its unit that overflows is out of range, not infinity") {
  const std::string m = usage_message([] { parse_length_mm("1e308m", "--spacing"); });
  CHECK(m == "--spacing '1e308m' is out of range: give a length, e.g. 15, 15mm, 1.5cm or 0.01m");
  CHECK(usage_message([] { parse_length_mm("1.7e308cm", "--depth"); }).find("out of range") != std::string::npos);
  CHECK(parse_length_mm("1e300m", "--spacing") == doctest::Approx(1e303));
}

TEST_CASE("fuzz regression: messages stay one printable line whatever the value holds") {
  // "-- m\rm": a carriage return in the value used to be echoed into the message
  const std::string m = usage_message([] { parse_length_mm(std::string("-- m\rm"), "--spacing"); });
  CHECK(m ==
        "--spacing '-- m\\x0dm' is not a length: give a number with an optional unit, e.g. 15, 15mm, 1.5cm or 0.01m");
  const std::string u = usage_message([] { parse_volume_ml("3 l\n\x1b[31m", "--volume"); });
  CHECK(u.find_first_of("\r\n\x1b") == std::string::npos);
  CHECK(u.find("unknown unit 'l\\x0a\\x1b[31m'") != std::string::npos);
  const std::string big(100000, '7');
  const std::string b = usage_message([&] { parse_count(big + "x", "--max-sites"); });
  CHECK(b.size() < 200);
  CHECK(b.find("'7777777777777777777777777777777777777777...'") != std::string::npos);
}

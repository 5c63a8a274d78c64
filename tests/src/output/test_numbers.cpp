// Tests of src/output/numbers.hpp: fixed decimals without locale or negative zero, exactly what fmt writes; axis
// names.
#include <doctest/doctest.h>

#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mesogrid/plan/resolve.hpp>
#include <mesogrid/plan/sites.hpp>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "output/numbers.hpp"
#include "output/report.hpp"
#include "output/write.hpp"

using namespace mesogrid;
namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

TEST_CASE("fixed decimals: no locale, no negative zero") {
  CHECK(cli::fixed(1.23456, 3) == "1.235");
  CHECK(cli::fixed(-0.0001, 3) == "0.000");
  CHECK(cli::fixed(-0.0, 2) == "0.00");
  CHECK(cli::fixed(-1.5, 1) == "-1.5");
  CHECK(cli::fixed(12, 5) == "12.00000");
  CHECK(cli::rounded(1.23456, 3) == 1.235);
  CHECK_FALSE(std::signbit(cli::rounded(-0.0001, 3)));
}

TEST_CASE("fixed decimals: the fast formatter writes what fmt writes (random values, exact ties, edges)") {
  auto reference = [](double v, int d) {  // the formatting fixed() used before its fast path
    std::string s = fmt::format("{:.{}f}", v, d);
    if (s.front() == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
    return s;
  };
  std::vector<double> values = {
      0.0,       -0.0,           0.5,          1.5, 2.5,  -2.5, 0.25,   0.125,  0.375,    0.0625, 1.0625, 0.0005,
      0.9999995, 999999999.9999, -999999999.5, 1e9, -1e9, 1e10, 1e-300, 5e-324, 123.4565, 0.1,    0.7};
  std::uint64_t x = 88172645463325252ull;  // xorshift
  auto next = [&] {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return x;
  };
  for (int i = 0; i < 200000; ++i) {
    const double mag = std::ldexp(1.0, static_cast<int>(next() % 60) - 30);  // 2^-30 .. 2^29
    values.push_back((static_cast<double>(next() >> 11) / 9007199254740992.0 - 0.5) * mag);
    values.push_back(static_cast<double>(static_cast<std::int64_t>(next() % 2000001) - 1000000) /
                     1024.0);  // exact binary ties
  }
  std::string out;
  for (double v : values)
    for (int d = 0; d <= 9; ++d) {
      out.clear();
      cli::append_fixed(out, v, d);
      if (out != reference(v, d)) {
        CAPTURE(v);
        CAPTURE(d);
        CHECK(out == reference(v, d));
      }
      CHECK(cli::fixed(v, d) == out);
    }
}

TEST_CASE("axis names") {
  CHECK(cli::axis_name(Eigen::Vector3d(0, 1, 0)) == "+y");
  CHECK(cli::axis_name(Eigen::Vector3d(0, 0, -1)) == "-z");
}

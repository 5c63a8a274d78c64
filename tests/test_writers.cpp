// Tests of the CLI writers (src/format.*, src/output.*) on a hand-made plan: they need no lattice.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mesogrid/plan.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "format.hpp"
#include "output.hpp"

using namespace mesogrid;
namespace fs = std::filesystem;

namespace {

Plan sample_plan() {
  PlanParams pp;
  pp.technique = Technique::nappage;
  pp.region = "cheek, left";
  std::vector<std::string> w;
  Plan p;
  p.params = resolve_params(pp, w);
  p.region_label = pp.region;
  p.warnings = {"a warning"};
  for (int i = 0; i < 2; ++i) {
    Site s;
    s.id = i + 1;
    s.row = 0;
    s.col = i;
    s.position = Eigen::Vector3d(1.23456 + 3 * i, -0.0001, 2.0005);
    s.normal = Eigen::Vector3d(0, 0, 1);
    s.needle = needle_direction(s.position, s.normal, p.params);
    s.tip = s.position + s.needle * p.params.insertion_mm();
    s.angle_deg = p.params.angle_deg;
    s.depth_mm = p.params.depth_mm;
    s.volume_ml = p.params.volume_ml;
    p.sites.push_back(s);
  }
  p.summary.sites = 2;
  p.summary.volume_per_site_ml = 0.005;
  p.summary.total_volume_ml = 0.01;
  p.summary.region_area_cm2 = 0.123456;
  p.summary.spacing_mean_mm = p.summary.spacing_min_mm = p.summary.spacing_max_mm = 3;
  p.summary.seconds_per_site = 1;
  p.summary.session_minutes = 2.0 / 60;
  return p;
}

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

struct TempDir {
  fs::path path;
  TempDir() {
    std::string t = (fs::temp_directory_path() / "mesogrid-writers-XXXXXX").string();
    path = ::mkdtemp(t.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::permissions(path, fs::perms::owner_all, ec);
    fs::remove_all(path, ec);
  }
  size_t entries() const {
    return static_cast<size_t>(std::distance(fs::directory_iterator(path), fs::directory_iterator()));
  }
};

}  // namespace

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

TEST_CASE("CSV: exact header, fixed decimals, quoted region") {
  const std::string csv = cli::plan_csv(sample_plan());
  const std::string header = csv.substr(0, csv.find('\n'));
  CHECK(header ==
        "site_id,region,technique,row,col,x_mm,y_mm,z_mm,nx,ny,nz,needle_dx,needle_dy,needle_dz,angle_deg,depth_mm,"
        "tip_x_mm,tip_y_mm,tip_z_mm,volume_ml");
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);
  std::getline(in, line);
  CHECK(line.rfind("1,\"cheek, left\",nappage,0,0,1.235,0.000,2.001,0.00000,0.00000,1.00000,", 0) == 0);
  CHECK(line.find(",45.0,2.00,") != std::string::npos);
  CHECK(line.substr(line.size() - 8) == ",0.00500");
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 3);
  CHECK(cli::csv_field("a\"b") == "\"a\"\"b\"");
}

TEST_CASE("JSON: schema and numbers rounded like the CSV") {
  const auto j = cli::plan_json(sample_plan(), {"face.obj", "mm"});
  for (const char* k : {"mesogrid_version", "parameters", "summary", "warnings", "sites"}) CHECK(j.contains(k));
  const auto& p = j["parameters"];
  for (const char* k : {"technique", "region", "mesh", "units", "up", "front", "lattice", "advance", "spacing_mm",
                        "margin_mm", "depth_mm", "angle_deg", "volume_ml", "total_volume_ml", "max_sites"})
    CHECK(p.contains(k));
  CHECK(p["mesh"] == "face.obj");
  CHECK(p["lattice"] == "hex");
  const auto& s = j["summary"];
  for (const char* k : {"sites", "total_volume_ml", "volume_per_site_ml", "region_area_cm2", "spacing_mm",
                        "session_minutes", "seconds_per_site", "timing"})
    CHECK(s.contains(k));
  CHECK(s["region_area_cm2"].dump() == "0.12");
  CHECK(s["timing"] == "manual");
  CHECK(s["spacing_mm"]["mean"].dump() == "3.0");
  const auto& site = j["sites"][0];
  CHECK(site["x_mm"].dump() == "1.235");
  CHECK(site["y_mm"].dump() == "0.0");
  CHECK(site["region"] == "cheek, left");
  CHECK(site.size() == 20);  // the CSV columns
  CHECK(cli::dump(j) == cli::dump(cli::plan_json(sample_plan(), {"face.obj", "mm"})));
}

TEST_CASE("table: summary block and aligned rows with units") {
  const std::string t = cli::plan_table(sample_plan(), {"face.obj", "mm"});
  CHECK(t.find("technique      nappage") != std::string::npos);
  CHECK(t.find("x mm") != std::string::npos);
  CHECK(t.find("volume mL") != std::string::npos);
  CHECK(t.find("warning        a warning") != std::string::npos);
  CHECK(t.find(cli::disclaimer) != std::string::npos);
}

TEST_CASE("techniques and regions") {
  const auto j = cli::techniques_json();
  CHECK(j["techniques"].size() == 3);
  CHECK(j["techniques"][2]["name"] == "epidermic");
  CHECK(cli::techniques_table().find("sources") != std::string::npos);
  const std::vector<RegionInfo> r = {{"forehead", 10, 12.345, ""}, {"all", 20, 30, ""}};
  CHECK(cli::regions_json(r, "m.obj")["regions"][0]["area_cm2"].dump() == "12.35");
  CHECK(cli::regions_table(r, "m.obj").find("forehead") != std::string::npos);
}

TEST_CASE("atomic output: replaces the file, leaves no temporary") {
  TempDir d;
  const fs::path f = d.path / "plan.csv";
  cli::write_output(f.string(), "first\n");
  CHECK(slurp(f) == "first\n");
  cli::write_output(f.string(), "second\n");
  CHECK(slurp(f) == "second\n");
  CHECK(d.entries() == 1);
}

TEST_CASE("atomic output: failures name the path and leave the target untouched") {
  TempDir d;
  const fs::path f = d.path / "plan.csv";
  cli::write_output(f.string(), "keep\n");
  CHECK_THROWS_WITH_AS(cli::write_output((d.path / "no-such-dir" / "x.csv").string(), "x"),
                       doctest::Contains("no-such-dir"), Error);
  CHECK_THROWS_WITH_AS(cli::write_output(d.path.string(), "x"), doctest::Contains("is a directory"), Error);
  if (::geteuid() != 0) {  // root ignores directory permissions
    fs::permissions(d.path, fs::perms::owner_read | fs::perms::owner_exec);
    CHECK_THROWS_AS(cli::write_output(f.string(), "new\n"), Error);
    fs::permissions(d.path, fs::perms::owner_all);
  }
  CHECK(slurp(f) == "keep\n");
  CHECK(d.entries() == 1);
}

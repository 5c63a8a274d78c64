// Tests of src/output/report.hpp on a hand-made plan (no lattice needed): the CSV header and decimals, the JSON
// schema with numbers rounded like the CSV, the table, techniques and regions.
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

namespace {

Plan sample_plan() {
  PlanParams pp;
  pp.technique = Technique::nappage;
  pp.region = "cheek, left";
  std::vector<Message> w;
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

/// The context of a plan on "face.obj" read in mm.
cli::PlanContext face_obj() {
  cli::PlanContext c;
  c.mesh = "face.obj";
  c.units = "mm";
  return c;
}

}  // namespace

TEST_CASE("CSV: exact header, fixed decimals, quoted region") {
  const std::string csv = cli::plan_csv(sample_plan());
  const std::string header = csv.substr(0, csv.find('\n'));
  CHECK(header ==
        "site_id,region,technique,row,col,x_mm,y_mm,z_mm,nx,ny,nz,needle_dx,needle_dy,needle_dz,angle_deg,depth_mm,"
        "tip_x_mm,tip_y_mm,tip_z_mm,volume_ml,layer");
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);
  std::getline(in, line);
  CHECK(line.rfind("1,\"cheek, left\",nappage,0,0,1.235,0.000,2.001,0.00000,0.00000,1.00000,", 0) == 0);
  CHECK(line.find(",45.0,2.00,") != std::string::npos);
  CHECK(line.substr(line.size() - 15) == ",0.00100,dermis");
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 3);
  CHECK(cli::csv_field("a\"b") == "\"a\"\"b\"");
}

TEST_CASE("JSON: schema and numbers rounded like the CSV") {
  const auto j = json::parse(cli::plan_json(sample_plan(), face_obj()));
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
  CHECK(site.size() == 21);  // the CSV columns
  CHECK(site["layer"] == "dermis");
  CHECK(cli::plan_json(sample_plan(), face_obj()) == cli::plan_json(sample_plan(), face_obj()));
}

TEST_CASE("table: summary block and aligned rows with units") {
  const std::string t = cli::plan_table(sample_plan(), face_obj());
  CHECK(t.find("technique      nappage") != std::string::npos);
  CHECK(t.find("x mm") != std::string::npos);
  CHECK(t.find("volume mL") != std::string::npos);
  CHECK(t.find("warning        a warning") != std::string::npos);
  CHECK(t.find(cli::disclaimer) != std::string::npos);
}

TEST_CASE("techniques and regions") {
  const auto j = json::parse(cli::techniques_json());
  CHECK(j["techniques"].size() == 3);
  CHECK(j["techniques"][2]["name"] == "epidermic");
  CHECK(cli::techniques_table().find("sources") != std::string::npos);
  const std::vector<RegionInfo> r = {{"forehead", 10, 12.345, ""}, {"all", 20, 30, ""}};
  CHECK(json::parse(cli::regions_json(r, "m.obj"))["regions"][0]["area_cm2"].dump() == "12.35");
  CHECK(cli::regions_table(r, "m.obj").find("forehead") != std::string::npos);
}

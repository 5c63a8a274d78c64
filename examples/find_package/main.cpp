// Plans a point-by-point grid on a 10 x 10 cm square, with the spacing typed as on the command line.
#include <cstdio>
#include <mesogrid/core/units.hpp>
#include <mesogrid/plan.hpp>

int main() {
  mesogrid::Mesh square;
  square.V.resize(4, 3);
  square.V << 0, 0, 0, 100, 0, 0, 100, 100, 0, 0, 100, 0;  // millimetres, facing +z
  square.F.resize(2, 3);
  square.F << 0, 1, 2, 0, 2, 3;
  mesogrid::PlanParams params;
  params.technique = mesogrid::Technique::point_by_point;
  params.spacing_mm = mesogrid::parse_length_mm("1cm", "spacing");
  params.margin_mm = mesogrid::parse_length_mm("5mm", "margin");
  try {
    const mesogrid::Plan plan = mesogrid::make_plan(square, params);
    std::printf("%ld sites, %.2f mL in total\n", plan.summary.sites, plan.summary.total_volume_ml);
  } catch (const mesogrid::Error& e) {
    std::printf("no plan (%s): 0 sites\n", e.what());
    return 1;
  }
  return 0;
}

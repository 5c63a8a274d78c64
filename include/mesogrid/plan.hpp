// mesogrid/plan.hpp: a complete injection plan on one region of a mesh: technique parameters resolved from presets
// and overrides (plan/resolve.hpp), the surface lattice (lattice/), per-site needle direction, depth, tip and volume
// (plan/sites.hpp), totals (sites, mL, nearest-neighbour spacing in mm, region area in cm², session minutes) and
// warnings (risks) and notes (what was done on purpose). With the preset depth each site's depth follows the local
// skin so that it stays in the technique's layer (plan/skin_depth.hpp); an asked depth is used as given and warned
// about where it goes below that layer. Keep-out/danger zones (face/zones.hpp) remove sites or bring their depth
// up, by one rule (plan/sites.hpp); the preset's volume a site is lowered to fit the session budget while it stays in
// the technique's range (a note), else a total over the budget is warned about; an insertion longer than the
// needle is refused. The per-region report and the mirror-pair error (mm; lattice/mirror.hpp) are in the summary.
// The types are in plan/types.hpp.
#pragma once
#include "core/config.hpp"
#include "core/mesh.hpp"
#include "plan/resolve.hpp"
#include "plan/technique.hpp"
#include "plan/types.hpp"

namespace mesogrid {

/// Plans `params` on `mesh` (lengths in mm). Throws Error: of kind usage for impossible values (check_plan_values),
/// of kind plan for an unknown or empty region, a region smaller than one cell, more sites than max_sites, no
/// site left, or a closed surface.
MESOGRID_API Plan make_plan(const Mesh& mesh, const PlanParams& params);

}  // namespace mesogrid

#if MESOGRID_DEFINITIONS
#include "plan-inl.hpp"
#endif

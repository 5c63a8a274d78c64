// src/planning.hpp: a plan request carried out on a face, as every command does it: the request's parameters with
// the face's frame and zones (unless --zones off), mirror-exact planning on the built-in face, then make_plan.
#pragma once
#include <mesogrid/plan.hpp>
#include <string>
#include <vector>

#include "face.hpp"
#include "flags.hpp"
#include "output/report.hpp"

namespace mesogrid::cli {

/// The loud warning every plan carries when the face's zones are switched off (--zones off).
inline constexpr const char* zones_off_warning =
    "DANGER ZONES OFF (--zones off): no keep-out (eyes, red lip, nostrils), artery or nerve zone is applied; "
    "sites may lie over foramina and arteries. Check every site against the anatomy.";

/// The warning of a plan on a mesh that has no danger zones (no landmarks, or --zones off there is nothing to
/// switch off): said once per plan.
inline constexpr const char* no_zones_warning =
    "no danger zones on this mesh: sites are not checked against eyes, lips, arteries or nerves; give the scan's 3D "
    "landmarks (--landmarks FILE, or --landmarks auto to find them) to carry the built-in zones onto it, or mark "
    "places to avoid with --exclude "
    "sphere:X,Y,Z,R";

/// Where the danger zones of a plan on `face` come from: "built-in", "landmarks" or "none" (also with --zones off).
std::string zones_source(const PlanRequest& req, const Face& face);

/// The parameters of a plan of `req` on `face`: the face's frame; the region (default full_face on faces with
/// anatomy: the built-in face and scans with landmarks; else all); its zones (the built-in face's, or those the
/// landmarks carried) before the user's, unless --zones off; mirror-exact planning on the built-in face; the
/// mirror error measured on the built-in face and on scans with landmarks. `warnings` (optional) receives the
/// warnings every such plan carries (the face's, then --zones off or no danger zones on the mesh).
PlanParams plan_params(const PlanRequest& req, const Face& face, std::vector<std::string>* warnings = nullptr);

/// The region of `mesh` the user means by `typed`: the name itself (or a pair stem, see region_labels), else the
/// one equal to it ignoring case ('_' and '-' alike); an unknown name is refused (plan error) with the nearest
/// name and the list.
std::string region_name(const std::string& typed, const Mesh& mesh);

/// The plan of `req` on `face`, with the warnings of plan_params first, and with `--region all` on a
/// face with anatomy a note of what `all` adds that no region covers. Out of memory and unexpected failures
/// become plan errors.
Plan plan_on_face(const PlanRequest& req, const Face& face);

/// What the reports say of the face a plan was made on (name, units, landmark fit).
PlanContext plan_context(const Face& face, const PlanRequest* req = nullptr);

}  // namespace mesogrid::cli

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

/// The parameters of a plan of `req` on `face`: the face's frame; its zones (the built-in face's, or those the
/// landmarks carried) before the user's, unless --zones off; mirror-exact planning on the built-in face; the
/// mirror error measured on the built-in face and on scans with landmarks. `warnings` (optional) receives the
/// warnings every such plan carries (the face's, then --zones off).
PlanParams plan_params(const PlanRequest& req, const Face& face, std::vector<std::string>* warnings = nullptr);

/// The region of `mesh` the user means by `typed`: the name itself (or a pair stem, see region_labels), else the
/// one equal to it ignoring case ('_' and '-' alike); an unknown name is refused (plan error) with the nearest
/// name and the list.
std::string region_name(const std::string& typed, const Mesh& mesh);

/// The plan of `req` on `face`, with the warnings of plan_params first. Out of memory and unexpected failures
/// become plan errors.
Plan plan_on_face(const PlanRequest& req, const Face& face);

/// What the reports say of the face a plan was made on (name, units, landmark fit).
PlanContext plan_context(const Face& face);

}  // namespace mesogrid::cli

// mesogrid/plan/types.hpp: what a plan is asked (PlanParams: technique, region, overrides of the preset, frame,
// zones) and what it is (Plan: the resolved parameters, the injection sites with needle direction, depth, tip and
// volume, the totals and the warnings). Lengths mm, volumes mL, angles degrees, areas cm².
#pragma once
#include <Eigen/Core>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../core/error.hpp"
#include "../core/frame.hpp"
#include "../core/mesh.hpp"
#include "../face/skin.hpp"
#include "../face/zones.hpp"
#include "../lattice/types.hpp"
#include "skin_depth.hpp"
#include "technique.hpp"

namespace mesogrid {

/// Tangent direction the needle is tilted toward (it advances that way under the skin).
enum class Advance { down, up, medial, lateral };

inline std::string_view advance_name(Advance a) {
  switch (a) {
    case Advance::down: return "down";
    case Advance::up: return "up";
    case Advance::medial: return "medial";
    default: return "lateral";
  }
}

/// The direction named "down", "up", "medial" or "lateral" (case-insensitive); nullopt for anything else.
inline std::optional<Advance> advance_from_name(std::string_view name) {
  const std::string s = text::lower(name);
  if (s == "down") return Advance::down;
  if (s == "up") return Advance::up;
  if (s == "medial") return Advance::medial;
  if (s == "lateral") return Advance::lateral;
  return std::nullopt;
}

/// What the user asked for. NaN / empty means "use the technique's preset".
struct PlanParams {
  Technique technique = Technique::point_by_point;
  std::string region = "all";  ///< the CLI asks full_face on faces with anatomy (built-in, landmarks)
  double spacing_mm = std::numeric_limits<double>::quiet_NaN();
  double depth_mm = std::numeric_limits<double>::quiet_NaN();
  double volume_ml = std::numeric_limits<double>::quiet_NaN();
  double angle_deg = std::numeric_limits<double>::quiet_NaN();
  double margin_mm = std::numeric_limits<double>::quiet_NaN();        ///< default: half the spacing
  double total_volume_ml = std::numeric_limits<double>::quiet_NaN();  ///< spread evenly over the sites
  double injector_rate = 0;  ///< sites per minute with an injector; 0 = manual (preset seconds per site)
  double needle_mm = std::numeric_limits<double>::quiet_NaN();  ///< needle length; default: the preset's
  double session_max_ml = 3.0;  ///< session budget (a face with the neck): the preset's volume a site is lowered to
                                ///< fit it, within the technique's range; a larger total is warned about
  std::optional<LatticeKind> lattice;
  Advance advance = Advance::down;
  long max_sites = 100000;
  FaceFrame frame;
  bool frame_from_face = false;  ///< the frame is the face's own (built-in, or found from its landmarks)
  bool axes_given = false;       ///< the frame's axes were given by the user (--up/--front), not the default
  std::vector<Zone> zones;       ///< keep-out and danger zones applied to the sites (face/zones.hpp)
  Sex sex = Sex::thinner;        ///< whose skin the depth follows (face/skin.hpp)
  bool report_mirror = false;    ///< measure summary.mirror_error_mm (mirror-closed regions only)
  /// The mesh and its labels are exactly mirror-symmetric about the mid-sagittal plane (the built-in
  /// face): plans are made mirror-exact (lattice/mirror.hpp).
  bool mirror_mesh = false;
};

/// Parameters after presets and overrides are applied (every field set).
struct ResolvedParams {
  Technique technique;
  std::string region;
  double spacing_mm, depth_mm, volume_ml, angle_deg, margin_mm;
  double total_volume_ml;  ///< NaN unless PlanParams::total_volume_ml was given
  double injector_rate;
  double needle_mm;       ///< the needle's length
  double session_max_ml;  ///< the session budget
  bool depth_given;       ///< depth_mm was asked (used at every site); else the preset's, the deepest a site goes
  Sex sex;
  LatticeKind lattice;
  Advance advance;
  long max_sites;
  FaceFrame frame;
  double insertion_mm() const { return depth_mm / std::sin(angle_deg * pi / 180.0); }
};

struct Site {
  long id = 0;               ///< 1-based, in row-major order
  int row = 0, col = 0;      ///< lattice indices (row 0 = top)
  Eigen::Vector3d position;  ///< on the skin, mm
  Eigen::Vector3d normal;    ///< unit outward surface normal
  Eigen::Vector3d needle;    ///< unit direction the needle travels into the skin
  Eigen::Vector3d tip;       ///< needle tip at the planned depth, mm
  double angle_deg = 0, depth_mm = 0, volume_ml = 0;
  int label = -1;                       ///< region label of the triangle under the site (Plan::label_names), -1: none
  SkinLayer layer = SkinLayer::dermis;  ///< where the needle tip lands in the local skin
  bool shallower = false;               ///< the preset depth was made shallower to stay in the technique's layer
  bool capped = false;                  ///< a zone brought the depth up
};

/// A place of the region's skin the sites leave uncovered (plan/audit.hpp): the centroid of its uncovered
/// samples (mm), their area (mm²) and the largest gap there (spacings).
struct CoveragePlace {
  Eigen::Vector3d centroid_mm = Eigen::Vector3d::Zero();
  double area_mm2 = 0;
  double gap_max_s = 0;
};

/// The plan's own audit of how its sites cover the region (plan/audit.hpp), in the terms of the independent
/// judge planeval.py, and the plan judged against the lattice's contract on the skin it meant to cover.
struct PlanCoverage {
  bool measured = false;
  double reach_s = 0;  ///< skin farther than this (spacings) from every site is uncovered: 0.62 hex, 0.75 square
  long sites = 0;
  double expected_sites = 0;            ///< region area / cell area
  double count_ratio = 0;               ///< sites / expected_sites
  double nn_mean_s = 0, nn_cv = 0;      ///< nearest neighbour of every site, in spacings (0 under 2 sites)
  double gap_p99_s = 0, gap_max_s = 0;  ///< distance from the skin to the nearest site: 99th percentile, max
  double uncovered_mm2 = 0, uncovered_percent = 0;  ///< skin farther than the reach from every site
  size_t samples = 0;                               ///< points of the skin measured
  // the contract, judged on the skin the plan meant to cover
  /// Uncovered on purpose: in and around exclude zones, on pieces under half a cell, in a margin wider than s/2.
  double empty_by_design_mm2 = 0;
  double judged_expected_sites = 0;  ///< the skin meant to be covered / cell area
  long judged_sites = 0;             ///< the sites and those exclude zones removed (the lattice's count)
  double judged_uncovered_mm2 = 0, judged_uncovered_percent = 0;
  double lattice_nn_cv = 0;                     ///< NN CV over the sites with another within 1.5 spacings
  long lone_sites = 0;                          ///< sites with no other within 1.5 spacings (alone on a small piece)
  std::vector<CoveragePlace> uncovered_places;  ///< of the skin meant to be covered, largest first
  Eigen::Vector3d irregular_at_mm = Eigen::Vector3d::Zero();  ///< where most sites are closer than 0.85 spacing
  long irregular_sites = 0;                                   ///< how many there (in a cell of 2 spacings)
  std::vector<SmallPiece> small_pieces;  ///< pieces under half a cell, left without a site, largest first
  bool count_ok = true;                  ///< |sites - judged expected| <= max(5%, 1 site) + half a site per lone site
  bool uncovered_ok = true;              ///< judged uncovered <= 1%
  bool cv_ok = true;                     ///< lattice NN CV <= 0.04
  bool meets_contract() const { return count_ok && uncovered_ok && cv_ok; }
  /// The lattice's count against the skin meant to be covered, in percent (+ for more sites than expected).
  double judged_count_percent() const {
    return judged_expected_sites > 0 ? 100 * (static_cast<double>(judged_sites) / judged_expected_sites - 1) : 0;
  }
  /// Whether the contract's figures differ from the whole region's (zones removed sites, or skin was left empty on
  /// purpose), so that reports give them apart.
  bool judged_apart() const { return judged_sites != sites || empty_by_design_mm2 > 0; }
  double small_pieces_mm2() const {
    double a = 0;
    for (const SmallPiece& p : small_pieces) a += p.area_mm2;
    return a;
  }
};

struct PlanSummary {
  long sites = 0;
  double total_volume_ml = 0;
  double volume_per_site_ml = 0;
  double region_area_cm2 = 0;
  double spacing_mean_mm = 0, spacing_min_mm = 0, spacing_max_mm = 0;  ///< nearest-neighbour, along the skin
  double seconds_per_site = 0;
  double session_minutes = 0;
  bool injector = false;
  /// Sites a zone removed or capped (each site counted once: under the first excluding zone, else the
  /// first zone with the shallowest cap). Every zone of the plan is listed, in order.
  struct ZoneCount {
    std::string name, kind;
    double vessel_depth_mm = 0;  ///< the shallowest depth of the zone's vessel (0: keep-out)
    long removed = 0, capped = 0;
  };
  std::vector<ZoneCount> zones;
  long sites_removed = 0, sites_capped = 0;
  /// Sites whose preset depth was made shallower to stay in the technique's layer (depth follows the skin).
  long sites_shallower = 0;
  double depth_min_mm = 0, depth_max_mm = 0;  ///< over the sites
  /// Per region of the sites (the label under each site; "(no region)" for none), in label order, the
  /// unlabelled last.
  struct RegionCount {
    std::string name;
    long sites = 0;
    double volume_ml = 0, depth_min_mm = 0, depth_max_mm = 0;
    long shallower = 0, removed = 0, capped = 0;
    double layer_bottom_mm = 0;  ///< the technique's layer bottom in this region's skin
  };
  std::vector<RegionCount> regions;
  /// Symmetry of the plan: max over sites of the distance from a site's mirror image (about the
  /// mid-sagittal plane) to the nearest site, mm. NaN when not measured (see PlanParams::report_mirror).
  double mirror_error_mm = std::numeric_limits<double>::quiet_NaN();
  /// How the sites cover the region, measured by the plan itself (plan/audit.hpp).
  PlanCoverage coverage;
  /// Pieces whose rows follow their own smoothest frame, not the given up axis (lattice_fields).
  int surface_frame_pieces = 0;
};

struct Plan {
  ResolvedParams params;
  std::string region_label;
  std::vector<Site> sites;
  PlanSummary summary;
  std::vector<Message> warnings;         ///< risks the user must look at: one line each, in the order they arose
  std::vector<Message> notes;            ///< what the plan did on purpose (zones, depth following the skin, spreads)
  std::vector<std::string> label_names;  ///< names of Site::label (the mesh's region labels)
};

}  // namespace mesogrid

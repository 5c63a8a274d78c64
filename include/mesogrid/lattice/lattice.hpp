// mesogrid/lattice/lattice.hpp: a square or hexagonal lattice of injection sites laid on a region's surface with
// its spacing measured along the skin (mm).
//
// How, for each connected piece of the region:
// 1. Two stripe patterns (stripes.hpp) give the lattice lines: rows run horizontally in the face frame,
//    columns across them, each family exactly one spacing apart along the skin. Where the skin curves too
//    much for a regular lattice (a dome, the nose, the chin-neck angle), lines end at a few singular
//    points instead of the whole lattice stretching.
// 2. Anchoring: the columns are put on the mid-sagittal plane where the piece crosses it (a column on it,
//    or the midline between two columns), else on the piece's most medial point; of the phases that keep
//    that anchoring (2 along the rows on the midline, else 8; 16 across the rows from the piece's top), the
//    one whose site count best matches area ÷ cell area is kept, isolated sites and an empty piece
//    penalised. A site is kept when it lies at least (margin − half a row) inside the edge.
// 3. Where lines end, sites closer than 0.6 spacing are thinned; then the sites relax on the skin: a pair
//    closer than 0.999 spacing pushes apart, one farther than 1.05 pulls together (exact lattice sites
//    feel nothing, so planes and cylinders keep their exact lattice); pairs the relaxation could not part
//    (closer than 0.75 spacing) are thinned.
// 4. Pockets the lattice leaves uncovered (along the edge, where lines end) get one site each, between 0.85
//    and 1.1 spacing from the others, while the count stays within 4% of area ÷ cell (the region's: a piece
//    of 0.5-1.5 cells is planned first and the sites it holds beyond its own count are taken from the larger
//    pieces' budget; on a mirror-symmetric piece a site goes in with its image, both counted); a vacancy (a site
//    missing inside the lattice, its neighbours drawn in) takes one from 0.75 spacing while the count is
//    below area ÷ cell; the new sites settle among the others, with the sites within 3 spacings of a
//    vacancy's, so the ring around it moves out; where the edge is still uncovered, sites move a little
//    toward it, alone or with the neighbours ahead of them (coverage).
// 5. A piece that crosses the midline and is its own mirror image within 0.05 spacing gets an exactly
//    mirror-symmetric plan: the subject's left half is mirrored onto the right (after the relaxation, so
//    pockets see the midline as it will be, and again at the end).
// Positions are points of mesh triangles, so sites lie on the surface. Dense pieces are planned on a
// coarser proxy (dense.hpp) and the sites projected onto the dense surface.
// The steps live in this folder: stripes.hpp (1), phase.hpp (2), relax.hpp (3), pockets.hpp and coverage.hpp
// (4), mirror.hpp (5); lattice-inl.hpp runs them on each piece.
#pragma once
#include <string>
#include <vector>

#include "../core/config.hpp"
#include "../core/error.hpp"
#include "../core/mesh.hpp"
#include "types.hpp"

namespace mesogrid {

/// Lays the lattice on every piece of `region` (mm), largest piece first. A piece of at least half a cell gets a
/// site; smaller pieces get none and are listed in *report, with what else the lattice did (LatticeReport). A
/// warning about sites dropped where pieces meet is appended to *warnings. Closed pieces (no edge) are planned
/// like any other, without an edge rule.
MESOGRID_API std::vector<LatticeSite> surface_lattice(const Mesh& region, const LatticeOptions& opt,
                                                      std::vector<Message>* warnings = nullptr,
                                                      LatticeReport* report = nullptr);

}  // namespace mesogrid

#if MESOGRID_DEFINITIONS
#include "lattice-inl.hpp"
#endif

// mesogrid/mesogrid.hpp: the whole library in one include. Lengths mm, volumes mL, angles degrees.
//   core/       mesh, frame, errors and messages, text helpers, quantities with units, memory, threads, timing
//   io/         mesh files (OBJ, PLY, STL, OFF) read into a Mesh in mm
//   geometry/   pieces, subdivision, surfaces, closest points, dense-scan proxy, point hash, warps
//   lattice/    the surface lattice of injection sites, step by step
//   face/       the built-in face, its regions, danger zones and skin thickness
//   landmarks/  landmark sets and files, the fit to a scan and the transfer of the anatomy onto it
//   plan/       techniques, parameters, sites; plan.hpp makes a whole plan
#pragma once
#include "core/config.hpp"
#include "core/error.hpp"
#include "core/frame.hpp"
#include "core/memory.hpp"
#include "core/mesh.hpp"
#include "core/parallel.hpp"
#include "core/text.hpp"
#include "core/timing.hpp"
#include "core/units.hpp"
#include "face/anatomy.hpp"
#include "face/builtin_face.hpp"
#include "face/region.hpp"
#include "face/skin.hpp"
#include "face/zones.hpp"
#include "geometry/closest.hpp"
#include "geometry/pieces.hpp"
#include "geometry/point_hash.hpp"
#include "geometry/polygon.hpp"
#include "geometry/proxy.hpp"
#include "geometry/subdivide.hpp"
#include "geometry/surface.hpp"
#include "geometry/warp.hpp"
#include "io/read_mesh.hpp"
#include "io/types.hpp"
#include "landmarks/file.hpp"
#include "landmarks/fit.hpp"
#include "landmarks/sets.hpp"
#include "landmarks/transfer.hpp"
#include "lattice/lattice.hpp"
#include "lattice/stripes.hpp"
#include "lattice/types.hpp"
#include "plan.hpp"
#include "plan/resolve.hpp"
#include "plan/safety.hpp"
#include "plan/sites.hpp"
#include "plan/skin_depth.hpp"
#include "plan/technique.hpp"
#include "plan/types.hpp"

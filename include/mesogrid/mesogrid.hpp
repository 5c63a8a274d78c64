// mesogrid/mesogrid.hpp: the whole library in one include (mesh, io, region, frame, pieces,
// surface, stripes, lattice, technique, plan, units, built-in face, landmarks and their transfer onto scans). Lengths mm, volumes mL,
// angles degrees.
#pragma once
#include "builtin_face.hpp"
#include "closest.hpp"
#include "error.hpp"
#include "frame.hpp"
#include "io.hpp"
#include "landmarks.hpp"
#include "lattice.hpp"
#include "memory.hpp"
#include "mesh.hpp"
#include "pieces.hpp"
#include "plan.hpp"
#include "proxy.hpp"
#include "region.hpp"
#include "stripes.hpp"
#include "surface.hpp"
#include "technique.hpp"
#include "timing.hpp"
#include "transfer.hpp"
#include "units.hpp"
#include "warp.hpp"

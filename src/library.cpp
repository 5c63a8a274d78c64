// src/library.cpp: the library's separately compiled functions (mesogrid/core/config.hpp): mesh reading, stripe
// patterns, lattice, plan, warp, landmark fit and transfer, compiled once here for the tool and the tests, which
// see their declarations only (MESOGRID_SEPARATE_COMPILATION). Library users need none of this: by default the
// headers bring their definitions.
#define MESOGRID_IMPLEMENTATION
#include <mesogrid/mesogrid.hpp>

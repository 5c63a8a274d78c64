// mesogrid/core/config.hpp: how the library is compiled. By default it is header-only: every header brings
// the definitions it needs. A program may instead compile the heavy parts once (the mesogrid tool and its
// tests do): it defines MESOGRID_SEPARATE_COMPILATION for every translation unit, so that the headers of
// those parts (mesh reading, stripe patterns, lattice, plan, warp, landmark fit and transfer, anatomical
// face and zones) only declare their functions, and compiles one source file that defines
// MESOGRID_IMPLEMENTATION before including mesogrid/mesogrid.hpp (src/library.cpp), which holds every
// definition once. Each such header ends by including its definitions, a sibling "-inl.hpp" file, when
// MESOGRID_DEFINITIONS is 1 (the pattern of fmt's format.h / format-inl.h). No units.
#pragma once

#if defined(MESOGRID_SEPARATE_COMPILATION) && !defined(MESOGRID_IMPLEMENTATION)
#define MESOGRID_DEFINITIONS 0
#else
#define MESOGRID_DEFINITIONS 1
#endif

// Linkage of the separately compiled functions: inline when header-only, external (defined once, in the
// implementation's translation unit) otherwise. Declarations and definitions both carry it.
#if defined(MESOGRID_SEPARATE_COMPILATION)
#define MESOGRID_API
#else
#define MESOGRID_API inline
#endif

// Tests of core/config.hpp: the tests, like the tool, see the separately compiled functions declared only
// (their definitions come from src/library.cpp); tests/test_mesogrid.cpp checks the header-only way.
#include <doctest/doctest.h>

#include <mesogrid/core/config.hpp>
#include <type_traits>

TEST_CASE("the tests include declare-only headers and link the compiled library") {
#if defined(MESOGRID_SEPARATE_COMPILATION)
  CHECK(MESOGRID_DEFINITIONS == 0);
#else
  FAIL("the unit tests are built with MESOGRID_SEPARATE_COMPILATION (tests/CMakeLists.txt)");
#endif
}

#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
#include <mesogrid/plan.hpp>
TEST_CASE("placeholder") { CHECK(true); }

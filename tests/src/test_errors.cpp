// Tests of src/errors.hpp: the tool's exit codes per error kind, and the library's messages worded with the flags
// of the one flag table and the commands that list values.
#include <doctest/doctest.h>

#include "errors.hpp"

using namespace mesogrid;
using namespace mesogrid::cli;

TEST_CASE("exit codes: usage 1, input 2, plan 3") {
  CHECK(exit_code(ErrorKind::usage) == 1);
  CHECK(exit_code(ErrorKind::input) == 2);
  CHECK(exit_code(ErrorKind::plan) == 3);
}

TEST_CASE("parameters are named by their flags, value lists by the command that lists them") {
  const Message m = Message("use ") << Param::depth << " 1.06mm; raise " << Param::max_sites << ", " << Param::units
                                    << ", " << Param::landmark_set << ", " << Param::spacing << ", " << Param::margin;
  CHECK(cli::text(m) == "use --depth 1.06mm; raise --max-sites, --units, --landmark-set, --spacing, --margin");
  CHECK(cli::text(Message("unknown region 'x'") << Message::ValuesOf{Param::region}) ==
        "unknown region 'x' (see 'mesogrid regions')");
  CHECK(cli::text(Message("t") << Message::ValuesOf{Param::technique}) == "t (see 'mesogrid techniques')");
  CHECK(cli::text(Message("s") << Message::ValuesOf{Param::spacing}) == "s");
  CHECK(cli::text(plan_error(Message("a ") << Param::region)) == "a --region");
}

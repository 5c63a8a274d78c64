// Tests of core/error.hpp: messages name parameters, not flags: the library renders them with its names, a tool
// with its own; errors carry their kind.
#include <doctest/doctest.h>

#include <mesogrid/core/error.hpp>
#include <string>

using namespace mesogrid;

TEST_CASE("a message names a parameter with the library's name, or with the caller's") {
  const Message m = Message("use a smaller ")
                    << Param::spacing << " or " << Param::margin << " (max " << Param::max_sites << ")";
  CHECK(m.str() == "use a smaller spacing or margin (max max_sites)");
  const auto flags = [](Param p, bool values) -> std::string {
    if (values) return " (listed)";
    return p == Param::spacing ? "--spacing" : p == Param::margin ? "--margin" : "--max-sites";
  };
  CHECK(m.str(flags) == "use a smaller --spacing or --margin (max --max-sites)");
}

TEST_CASE("where values are listed: nothing in the library's words, the caller's pointer otherwise") {
  const Message m = Message("unknown region 'nose'") << Message::ValuesOf{Param::region};
  CHECK(m.str() == "unknown region 'nose'");
  CHECK(m.str([](Param, bool values) -> std::string { return values ? " (see the list)" : "x"; }) ==
        "unknown region 'nose' (see the list)");
}

TEST_CASE("a prefix keeps the parameters; plain text converts") {
  const Message m = std::string("file.csv:3: ") + (Message("but ") << Param::landmark_set << " is ibug68");
  CHECK(m.str() == "file.csv:3: but the landmark set asked is ibug68");
  const Message plain = std::string("just text");
  CHECK(plain.str() == "just text");
}

TEST_CASE("errors: kind and message, what() in the library's words") {
  const Error e = plan_error(Message("raise ") << Param::max_sites);
  CHECK(e.kind == ErrorKind::plan);
  CHECK(std::string(e.what()) == "raise max_sites");
  CHECK(e.message.str([](Param, bool) -> std::string { return "--max-sites"; }) == "raise --max-sites");
  CHECK(usage_error("x").kind == ErrorKind::usage);
  CHECK(input_error("x").kind == ErrorKind::input);
}

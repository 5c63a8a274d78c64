// src/errors.cpp: see errors.hpp.
#include "errors.hpp"

#include <cstdio>
#include <mesogrid/core/text.hpp>

#include "flags.hpp"

namespace mesogrid::cli {

int exit_code(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::usage: return exit_usage;
    case ErrorKind::input: return exit_input;
    case ErrorKind::plan: return exit_plan;
  }
  return exit_input;
}

std::string text(const Message& m) {
  return m.str([](Param p, bool values) -> std::string {
    if (values) {  // where the accepted values are listed
      if (p == Param::region) return " (see 'mesogrid regions')";
      if (p == Param::technique) return " (see 'mesogrid techniques')";
      return "";
    }
    for (const PlanFlagInfo& f : plan_flag_table())
      if (f.param && *f.param == p) return f.flag;
    return param_name(p);
  });
}

std::string text(const Error& e) { return text(e.message); }

void print_line(std::string_view prefix, std::string_view message) {
  std::string line(prefix);
  line += text::escaped(message, max_line_bytes);
  line += '\n';
  std::fflush(stderr);
  if (std::fwrite(line.data(), 1, line.size(), stderr) != line.size() || std::fflush(stderr) != 0)
    std::clearerr(stderr);
}

}  // namespace mesogrid::cli

// src/errors.cpp: see errors.hpp.
#include "errors.hpp"

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

}  // namespace mesogrid::cli

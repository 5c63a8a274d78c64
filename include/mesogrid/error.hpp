// mesogrid/error.hpp: the one exception type of the library and the CLI exit codes it maps to.
#pragma once
#include <stdexcept>
#include <string>

namespace mesogrid {

/// Process exit codes (the CLI contract).
enum ExitCode : int {
  exit_ok = 0,           ///< success
  exit_usage = 1,        ///< invalid arguments or flag values
  exit_input = 2,        ///< unreadable or invalid input file
  exit_plan = 3,         ///< plan impossible (unknown/empty region, region smaller than a cell, too many sites)
  exit_batch_failed = 4  ///< batch: at least one row failed
};

/// Error with a one-line, user-facing message and the exit code it implies.
struct Error : std::runtime_error {
  int code;
  Error(int exit_code, const std::string& message) : std::runtime_error(message), code(exit_code) {}
};

inline Error usage_error(const std::string& m) { return Error(exit_usage, m); }
inline Error input_error(const std::string& m) { return Error(exit_input, m); }
inline Error plan_error(const std::string& m) { return Error(exit_plan, m); }

}  // namespace mesogrid

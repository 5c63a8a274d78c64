// src/errors.hpp: how the tool reports problems: its exit codes, the exit code of each kind of library error,
// and the library's messages worded with the tool's flags (a parameter is named by its flag, "use a smaller
// --spacing", and the values of a region or a technique by the command that lists them).
#pragma once
#include <mesogrid/core/error.hpp>
#include <string>
#include <string_view>

namespace mesogrid::cli {

/// Process exit codes (the command-line contract).
enum ExitCode : int {
  exit_ok = 0,           ///< success
  exit_usage = 1,        ///< invalid arguments or flag values
  exit_input = 2,        ///< unreadable or invalid input file, or an output that cannot be written
  exit_plan = 3,         ///< plan impossible: unknown/empty region, too small, too many sites, implausible landmarks
  exit_batch_failed = 4  ///< batch: at least one row failed
};

/// The exit code of an error of kind `kind`: usage 1, input 2, plan 3.
int exit_code(ErrorKind kind);

/// `m` as the tool prints it: each parameter named by its flag (the flag table, flags.hpp).
std::string text(const Message& m);

/// The message of `e` as the tool prints it.
std::string text(const Error& e);

/// Prints one line "<prefix><message>" on stderr, the message escaped (text::escaped: control, bidirectional and
/// invisible characters and invalid UTF-8 shown as \x01, \u200b) and cut after max_line_bytes, so that nothing a
/// user or a file gave can split, forge, hide in or flood a line. Best effort: a failing stderr never changes the exit
/// code.
void print_line(std::string_view prefix, std::string_view message);

/// The longest message print_line prints, in bytes.
inline constexpr size_t max_line_bytes = 900;

}  // namespace mesogrid::cli

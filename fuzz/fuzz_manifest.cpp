// fuzz/fuzz_manifest.cpp: the batch manifest parsers of src/batch/ (issue 5): parse_manifest as CSV
// (byte 0 even) or JSON Lines (byte 0 odd), then name_problem on every row name, and parse_shard on
// the raw text. Errors must be mesogrid::Error (usage_error: exit 1) with a one-line message.
#include <string>

#include "batch/manifest.hpp"
#include "batch/runner.hpp"
#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* d, std::size_t n) {
  if (n < 1) return 0;
  const std::string_view text(reinterpret_cast<const char*>(d) + 1, n - 1);
  try {
    const auto m = mesogrid::cli::parse_manifest(text, "fuzz.csv", d[0] & 1);
    for (const auto& row : m.rows) (void)mesogrid::cli::name_problem(row.name);
  } catch (const mesogrid::Error& e) {
    fuzz::check_message(e, mesogrid::ErrorKind::usage);
  }
  try {
    (void)mesogrid::cli::parse_shard(std::string(text.substr(0, 64)));
  } catch (const mesogrid::Error& e) {
    fuzz::check_message(e, mesogrid::ErrorKind::usage);
  }
  return 0;
}

// src/batch/manifest.hpp: the manifest of `mesogrid batch`: CSV (RFC 4180, with a header) or JSON Lines, one row
// per plan, its columns the `plan` flags (flags.hpp) parsed by the same code as the command line; and the rule for
// a row's output name.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "../flags.hpp"

namespace mesogrid::cli {

/// One data row of a manifest.
struct ManifestRow {
  long line = 0;     ///< 1-based manifest line where the row starts (for "manifest.csv:7: ..." messages)
  std::string name;  ///< output base name (checked when the row runs: a bad name fails that row only)
  PlanFlags flags;   ///< non-empty cells; an empty cell or JSON null is "not given" (the default)
};

struct Manifest {
  std::string source;  ///< the path as given, used in messages
  std::string dir;     ///< directory relative mesh paths resolve against ("" = the current directory)
  std::vector<ManifestRow> rows;
};

/// A CSV record: RFC 4180 fields (quotes, "" escapes, embedded newlines), CRLF or LF, UTF-8 BOM ignored.
struct CsvRecord {
  long line = 0;  ///< line where the record starts
  std::vector<std::string> fields;
  std::vector<bool> quoted;  ///< per field: it was quoted (kept verbatim, not trimmed)
};

/// Splits CSV text into records (blank lines are skipped), at most `max_records` (the rest is not read). Throws
/// usage_error "source:line: ..." for an unterminated quote or a stray quote.
std::vector<CsvRecord> parse_csv(std::string_view text, const std::string& source,
                                 std::size_t max_records = static_cast<std::size_t>(-1));

/// Parses manifest text. `json_lines`: one JSON object per line, else CSV with a header. Throws
/// usage_error (exit 1) "source:line: ..." for a structural problem: no header, no `name` column, an unknown
/// or repeated column, a row whose field count differs from the header's, a malformed JSON line, a value
/// that is not a string or number, or a name used twice.
Manifest parse_manifest(std::string_view text, const std::string& source, bool json_lines);

/// Reads and parses the manifest file (JSON Lines for .jsonl/.ndjson or when the first character is '{',
/// else CSV). Throws input_error (exit 2) when it cannot be read, usage_error (exit 1) as parse_manifest.
Manifest read_manifest(const std::string& path);

/// Why a name cannot be an output file name ("" when it can): empty, '/', '\\', "..", a leading '.',
/// control characters, longer than 200 bytes, or the reserved prefix "batch_summary".
std::string name_problem(const std::string& name);

/// "manifest.csv:7: ": where a manifest message points.
std::string manifest_at(const std::string& source, long line);

}  // namespace mesogrid::cli

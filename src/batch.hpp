// src/batch.hpp: `mesogrid batch`: many plans from one manifest (CSV or JSON Lines), run on worker threads,
// each row written atomically to DIR/<name>.<format>, and DIR/batch_summary.csv listing every row.
// A row's columns are `plan` flags (plan_flags.hpp), parsed by the same code as the command line.
// Each row's output depends only on that row, so results are byte-identical for any --jobs and any --shard.
#pragma once
#include <atomic>
#include <string>
#include <string_view>
#include <vector>

#include "plan_flags.hpp"

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

/// Splits CSV text into records (blank lines are skipped). Throws usage_error "source:line: ..." for an
/// unterminated quote or a stray quote.
std::vector<CsvRecord> parse_csv(std::string_view text, const std::string& source);

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

/// "I/N" with 0 <= I < N (N <= 1000000). Throws usage_error naming --shard.
std::pair<long, long> parse_shard(const std::string& text);

struct BatchOptions {
  std::string manifest;
  std::string out_dir;
  int jobs = 1;
  bool resume = false;
  long shard_index = 0, shard_count = 1;
  bool quiet = false;
  bool progress = false;        ///< draw a progress bar on stderr (the caller checks it is a terminal)
  bool handle_signals = false;  ///< SIGINT/SIGTERM: stop taking rows, finish running ones, write the summary
};

struct RowResult {
  long line = 0;
  std::string name;
  std::string status;  ///< ok, failed, skipped (--resume: output already complete), not_run (interrupted)
  std::string output;  ///< file name in the output directory (ok and skipped rows)
  bool has_numbers = false;
  long sites = 0;
  double total_volume_ml = 0;
  long warnings = 0;
  std::string error;  ///< "manifest.csv:7: ..." for failed and not_run rows
};

struct BatchResult {
  std::vector<RowResult> rows;  ///< this shard's rows, in manifest order
  std::string summary_path;
  int exit_code = 0;  ///< 0 all ok/skipped, 4 a row failed, 128+signal when interrupted
  long ok = 0, failed = 0, skipped = 0, not_run = 0;
};

/// The summary file name: batch_summary.csv, or batch_summary.shard-I-of-N.csv with --shard.
std::string summary_file_name(long shard_index, long shard_count);

/// The summary CSV text (header line, then one line per row).
std::string summary_csv(const std::vector<RowResult>& rows);

/// Runs the batch. Throws mesogrid::Error for problems of the whole batch (manifest, output directory,
/// summary); row problems are reported in the result.
BatchResult run_batch(const BatchOptions& opt);

/// Asks a running batch to stop taking new rows, as SIGINT does (for tests). `signo` picks the exit code.
void request_batch_stop(int signo);

}  // namespace mesogrid::cli

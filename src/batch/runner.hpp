// src/batch/runner.hpp: `mesogrid batch`: the rows of a manifest planned on worker threads, each written atomically
// to DIR/<name>.<format>, and DIR/batch_summary.csv listing every row. Faces are read once and shared by the rows
// that need them. Each row's output depends only on that row, so results are byte-identical for any --jobs and any
// --shard. SIGINT/SIGTERM stop taking rows; --resume skips rows whose output exists.
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace mesogrid::cli {

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
  /// The plan's self-audit as the summary's last columns: count_ratio,uncovered_percent,gap_p99_s,coverage_ok
  /// (empty fields when not measured).
  std::string coverage = ",,,";
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

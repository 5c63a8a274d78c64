// src/output/write.hpp: where the CLI's text goes, and the files a run must never overwrite.
//
// write_output(path, content), by what is at `path` (symlinks followed: the file a link points to gets the
// output, the link itself is kept):
// - nothing: a new file, written atomically (a temporary file beside it, flushed, renamed onto the name);
// - a regular file: replaced atomically, keeping its permission bits; refused when the user may not write it;
// - a character device or a FIFO (/dev/null, /dev/stdout, a pipe read by another program): written through,
//   never replaced; a FIFO nobody reads, or a write error (/dev/full: no space), is an error;
// - a directory, a socket, a dangling symlink or a symlink loop: refused;
// - an input of this run (protect_input: the mesh, the landmarks, the manifest, a batch row's files), by
//   device and inode, so through any name, hard link or symlink: refused.
// An empty path is refused (usage error); "-" is standard output. Errors are mesogrid::Error of kind input
// (exit 2) naming the path, and nothing is left behind: no temporary file, the old file as it was.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace mesogrid::cli {

/// Writes `content` to `path`, or to stdout when `path` is "-" (rules at the top of this header).
void write_output(const std::string& path, std::string_view content);

/// One of the outputs of a run: the flag that named it (for messages), its path ("-": stdout) and its bytes.
struct Output {
  std::string flag, path;
  std::string_view content;
};

/// Writes several outputs of one run as write_output does each, all or none: two naming the same file (or both
/// standard output) are refused (usage error) before anything is written; the regular files are written to
/// temporary files first and renamed only when every write succeeded.
void write_outputs(const std::vector<Output>& outs);

/// The checks of write_output that need no writing (a directory, a socket, a symlink loop or a dangling one, an
/// input of this run, a read-only file): throws what write_output would. For an output that must be known
/// writable before long work is done (the batch summary).
void check_output_target(const std::string& path);

/// The temporary name prefix used beside the target ("<target>.mesogrid-tmp-XXXXXX"; a target name within 20
/// bytes of the file system's limit is cut first, so that any legal name can be written).
inline constexpr std::string_view temp_suffix = ".mesogrid-tmp-";

/// Records `path` (when it exists) as an input of this run: write_output refuses to write onto it, and
/// is_protected_input says so. Thread-safe.
void protect_input(const std::string& path);

/// True when `path` names (through any link) a file recorded by protect_input.
bool is_protected_input(const std::string& path);

/// Standard streams closed when the tool started (reopened on /dev/null so that no file takes their
/// descriptor): writing the output to a closed stdout is an error.
struct ClosedStreams {
  bool in = false, out = false, err = false;
};

/// Reopens closed descriptors 0-2 on /dev/null; call first thing in main. Returns which were closed.
ClosedStreams reopen_closed_streams();

/// Which standard streams were closed at start-up (after reopen_closed_streams).
const ClosedStreams& closed_streams();

}  // namespace mesogrid::cli

// src/output/write.hpp: where the CLI's text goes. A file is written atomically: to a temporary file in the
// same directory, flushed, then renamed over the target, so a failed run never leaves a half-written
// file and never touches an existing one.
#pragma once
#include <string>
#include <string_view>

namespace mesogrid::cli {

/// Writes `content` to `path`, or to stdout when `path` is empty or "-". Throws mesogrid::Error
/// (exit 2) naming the path when it cannot be written; no temporary file is left behind.
void write_output(const std::string& path, std::string_view content);

/// The temporary name prefix used beside the target ("<target>.mesogrid-tmp-XXXXXX").
inline constexpr std::string_view temp_suffix = ".mesogrid-tmp-";

}  // namespace mesogrid::cli

// mesogrid/io/read_mesh-inl.hpp: the definitions of read_mesh.hpp (included by it when MESOGRID_DEFINITIONS;
// see core/config.hpp).
#pragma once
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <system_error>

#include "../core/input_file.hpp"
#include "../core/memory.hpp"
#include "../core/timing.hpp"
#include "detect.hpp"
#include "finish.hpp"
#include "read_mesh.hpp"

namespace mesogrid {

namespace detail {

/// The bytes of a file, in a big_array (not zero-filled by malloc first; huge pages for big files).
struct FileBytes {
  BigArray<char> data;
  std::size_t size = 0;
  std::string_view view() const { return {data.get(), size}; }
};

/// Reads the whole file `path` (core/input_file.hpp: a regular file within opt.max_file_bytes). Its head is read
/// first and decides what it can alone (check_head: a file refused from its first bytes costs no more than them);
/// the rest of a text format is read in chunks and checked as it arrives (check_text_chunk), so a file of zeros
/// or one endless line stops at the first chunk. Throws input_error.
inline FileBytes read_file(const std::string& path, const LoadOptions& opt) {
  const InputFile file(path, "mesh file", opt.max_file_bytes, "decimate the mesh (or raise the limit)");
  const std::uint64_t size = file.size();
  const std::size_t head_bytes = static_cast<std::size_t>(std::min<std::uint64_t>(
      size, std::max<std::uint64_t>(1u << 16, std::min<std::uint64_t>(opt.max_line_bytes + 1, 8u << 20))));
  FileBytes out;
  out.data = big_array<char>(static_cast<std::size_t>(size));
  out.size = static_cast<std::size_t>(size);
  file.read(out.data.get(), head_bytes);
  const bool text = check_head(std::string_view(out.data.get(), head_bytes), size, path, opt);
  long line = 1;
  std::size_t run = 0;
  if (text) check_text_chunk(std::string_view(out.data.get(), head_bytes), 0, line, run, path, opt);
  constexpr std::size_t chunk = 16u << 20;
  for (std::uint64_t at = head_bytes; at < size; at += chunk) {
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(chunk, size - at));
    file.read(out.data.get() + at, n, at);
    if (text) check_text_chunk(std::string_view(out.data.get() + at, n), at, line, run, path, opt);
  }
  return out;
}

}  // namespace detail

MESOGRID_API Mesh read_mesh_buffer(std::string_view bytes, const std::string& display_name, const LoadOptions& opt,
                                   LoadReport* report) {
  detail::RawMesh raw = detail::parse_buffer(bytes, display_name, opt);
  return detail::finish(raw, display_name, opt, report);
}

MESOGRID_API Mesh read_mesh(const std::string& path, const LoadOptions& opt, LoadReport* report) {
  detail::FileBytes file = detail::read_file(path, opt);
  stage_done("read file");
  detail::RawMesh raw = detail::parse_buffer(file.view(), path, opt);
  file = {};  // the file's bytes are not needed past the parse
  return detail::finish(raw, path, opt, report);
}

}  // namespace mesogrid

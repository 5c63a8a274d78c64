// mesogrid/io/read_mesh-inl.hpp: the definitions of read_mesh.hpp (included by it when MESOGRID_DEFINITIONS;
// see core/config.hpp).
#pragma once
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <system_error>

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

/// Reads the whole file `path` (read_mesh's checks and messages: missing, directory, not a regular file,
/// over opt.max_file_bytes, unreadable). Throws input_error.
inline FileBytes read_file(const std::string& path, const LoadOptions& opt) {
  namespace fs = std::filesystem;
  if (path.empty()) fail("<empty path>", 0, "no such file; pass the path of a mesh file");
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (st.type() == fs::file_type::not_found) fail(path, 0, "no such file; check the path");
  if (ec) fail(path, 0, "cannot access (" + ec.message() + "); check the path and its permissions");
  if (fs::is_directory(st)) fail(path, 0, "is a directory, not a mesh file; pass an .obj, .ply, .stl or .off file");
  if (!fs::is_regular_file(st))
    fail(path, 0, "is not a regular file (pipe or device); save the mesh to a file and pass that");
  const std::uintmax_t size = fs::file_size(path, ec);
  if (ec) fail(path, 0, "cannot read the file size (" + ec.message() + "); check the file");
  if (size > opt.max_file_bytes)
    fail(path, 0,
         "file is " + std::to_string(size) + " bytes, above the " + std::to_string(opt.max_file_bytes) +
             "-byte limit; decimate the mesh (or raise the limit)");
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    const int e = errno;
    fail(path, 0, std::string("cannot open for reading (") + std::strerror(e) + "); check the file permissions");
  }
  FileBytes out;
  out.data = big_array<char>(static_cast<std::size_t>(size));
  out.size = size ? std::fread(out.data.get(), 1, static_cast<std::size_t>(size), f) : 0;
  const bool err = std::ferror(f) != 0;
  std::fclose(f);
  if (err) fail(path, 0, "read error; check the file and the disk");
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

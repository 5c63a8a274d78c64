// fuzz/fuzz_common.hpp: shared helpers of the libFuzzer targets (see fuzz/README.md).
// A target may only end an input by returning or by throwing mesogrid::Error (the documented error
// path: one line, an error kind the tool maps to its exit code). Any other exception, crash, sanitizer report, leak,
// timeout or allocation over -malloc_limit_mb is a finding.
#pragma once
#include <mesogrid/core/error.hpp>
#include <mesogrid/core/text.hpp>
#include <mesogrid/io/detect.hpp>
#include <mesogrid/io/finish.hpp>
#include <mesogrid/io/read_mesh.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace fuzz {

/// The message must be one non-empty line of clean text (no control character, valid UTF-8: whatever the input
/// held is echoed through text::printable), at most a few hundred bytes (values are cut).
inline void check_message(const mesogrid::Error& e, mesogrid::ErrorKind want) {
  const std::string m = e.what();
  if (m.empty() || !mesogrid::text::is_clean(m) || m.size() > 2000 || e.kind != want) std::abort();
}

/// Runs a raw parser then the shared finish pass, as read_mesh_buffer does.
template <class Parse>
inline void parse_and_finish(std::string_view bytes, const std::string& name, Parse&& parse) {
  using namespace mesogrid;
  LoadOptions opt;
  LoadReport rep;
  try {
    detail::RawMesh raw = parse(bytes, name, opt);
    Mesh m = detail::finish(raw, name, opt, &rep);
    if (m.F.rows() <= 0 || m.V.rows() <= 0) std::abort();
    for (Eigen::Index i = 0; i < m.F.size(); ++i)
      if (m.F.data()[i] < 0 || m.F.data()[i] >= m.V.rows()) std::abort();
    if (!m.V.allFinite()) std::abort();
  } catch (const Error& e) {
    check_message(e, ErrorKind::input);
  }
}

}  // namespace fuzz

// bench/parse_only.cpp: the "parse only" floor of bench/compare.sh (issue #6). Reads a mesh file and
// decodes it into vertex and triangle arrays with mesogrid's own reader, exactly as read_mesh does up to
// the end of its parse (for the common binary PLY layout that is straight into the arrays of the finished
// Mesh), then exits: no welding, no edge checks, no units, no plan. A process of its own, like the
// command it is compared with.
//
//   parse_only FILE      prints "<format> <vertices read> <faces read>"; exit 2 (and the message) on bad input
#include <cstdio>
#include <mesogrid/core/error.hpp>
#include <mesogrid/io/read_mesh.hpp>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: parse_only FILE\n");
    return 1;
  }
  try {
    const mesogrid::LoadOptions opt;
    const mesogrid::detail::FileBytes file = mesogrid::detail::read_file(argv[1], opt);
    const mesogrid::detail::RawMesh raw = mesogrid::detail::parse_buffer(file.view(), argv[1], opt);
    std::printf("%s %ld %ld\n", raw.format.c_str(), raw.num_vertices(), raw.num_polygons());
  } catch (const mesogrid::Error& e) {
    std::fprintf(stderr, "parse_only: %s\n", e.what());
    return e.kind == mesogrid::ErrorKind::usage ? 1 : 2;
  }
  return 0;
}

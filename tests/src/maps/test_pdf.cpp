// Tests of src/maps/pdf.hpp: a PDF page from an SVG page when librsvg and cairo are there; no pages is an error.
#include <doctest/doctest.h>

#include <mesogrid/core/error.hpp>
#include <utility>
#include <vector>

#include "maps/pdf.hpp"

using namespace mesogrid;
using namespace mesogrid::cli;

TEST_CASE("one SVG page makes one PDF page, byte-stable") {
  if (!pdf_available()) {
    MESSAGE("librsvg/cairo not available at run time: PDF output not tested here");
    return;
  }
  const std::string svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"210mm\" height=\"297mm\" viewBox=\"0 0 210 297\">"
      "<rect x=\"10\" y=\"10\" width=\"50\" height=\"20\" fill=\"#000\"/></svg>";
  const std::string a = pdf_from_svg_pages({{svg, 210, 297}}, "t"), b = pdf_from_svg_pages({{svg, 210, 297}}, "t");
  CHECK(a.rfind("%PDF-", 0) == 0);
  CHECK(a == b);
  CHECK_THROWS_AS(pdf_from_svg_pages({}, "t"), Error);
  // on_page: before each page, in order, and the bytes as without it
  std::vector<std::pair<size_t, size_t>> seen;
  const std::string c = pdf_from_svg_pages({{svg, 210, 297}, {svg, 297, 210}, {svg, 210, 297}}, "t",
                                           [&](size_t k, size_t n) { seen.emplace_back(k, n); });
  CHECK(seen == std::vector<std::pair<size_t, size_t>>{{1, 3}, {2, 3}, {3, 3}});
  CHECK(c == pdf_from_svg_pages({{svg, 210, 297}, {svg, 297, 210}, {svg, 210, 297}}, "t"));
}

// src/maps/pdf.hpp: printable PDF maps: SVG pages (maps.hpp) rendered by librsvg onto a cairo PDF surface, one PDF
// page per SVG page, the page size taken from each SVG's width/height in mm. No hand-written PDF. Byte-stable:
// the creation date is fixed (no time of day in the file). Available when built with librsvg and cairo
// (Debian librsvg2-dev, libcairo2-dev); otherwise pdf_available() is false.
#pragma once
#include <functional>
#include <string>
#include <vector>

namespace mesogrid::cli {

struct PdfPage {
  std::string svg;
  double width_mm = 210, height_mm = 297;
};

bool pdf_available();

/// The PDF bytes of `pages`. Throws mesogrid::Error (exit 2) when the PDF cannot be made, usage_error (exit 1)
/// when this build has no PDF support. `on_page(k, n)`, when given, is called before page k (from 1) of n is made.
std::string pdf_from_svg_pages(const std::vector<PdfPage>& pages, const std::string& title,
                               const std::function<void(size_t, size_t)>& on_page = {});

}  // namespace mesogrid::cli

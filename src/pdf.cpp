// src/pdf.cpp: see pdf.hpp.
#include "pdf.hpp"

#include <mesogrid/error.hpp>

#ifdef MESOGRID_HAVE_PDF
#include <cairo-pdf.h>
#include <cairo.h>
#include <librsvg/rsvg.h>
#endif

namespace mesogrid::cli {

#ifdef MESOGRID_HAVE_PDF

namespace {
constexpr double pt_per_mm = 72.0 / 25.4;

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}
}  // namespace

bool pdf_available() { return true; }

std::string pdf_from_svg_pages(const std::vector<PdfPage>& pages, const std::string& title) {
  if (pages.empty()) throw input_error("pdf: nothing to write");
  std::string out;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(append, &out, pages.front().width_mm * pt_per_mm,
                                                                 pages.front().height_mm * pt_per_mm);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "mesogrid");
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, "2000-01-01T00:00:00Z");
  cairo_t* cr = cairo_create(surface);
  std::string failure;
  for (const auto& page : pages) {
    const double w = page.width_mm * pt_per_mm, h = page.height_mm * pt_per_mm;
    cairo_pdf_surface_set_size(surface, w, h);
    GError* err = nullptr;
    RsvgHandle* handle =
        rsvg_handle_new_from_data(reinterpret_cast<const guint8*>(page.svg.data()), page.svg.size(), &err);
    if (handle) {
      const RsvgRectangle viewport{0, 0, w, h};
      if (!rsvg_handle_render_document(handle, cr, &viewport, &err) && failure.empty())
        failure = err ? err->message : "librsvg could not render a page";
      g_object_unref(handle);
    } else if (failure.empty()) {
      failure = err ? err->message : "librsvg could not read a page";
    }
    if (err) g_error_free(err);
    cairo_show_page(cr);
  }
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t st = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (!failure.empty()) throw input_error("pdf: " + failure);
  if (st != CAIRO_STATUS_SUCCESS) throw input_error(std::string("pdf: cairo: ") + cairo_status_to_string(st));
  return out;
}

#else

bool pdf_available() { return false; }

std::string pdf_from_svg_pages(const std::vector<PdfPage>&, const std::string&) {
  throw usage_error("--format pdf needs a build with librsvg and cairo (scripts/deps.sh installs librsvg2-dev, "
                    "libcairo2-dev): use --format svg");
}

#endif

}  // namespace mesogrid::cli

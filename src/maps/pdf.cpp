// src/maps/pdf.cpp: see pdf.hpp. librsvg and cairo are loaded with dlopen at the first PDF, not linked: they
// pull in about 50 shared libraries (pango, fontconfig, GLib, ...) that every other command would pay for
// at start-up (time and resident memory). The headers give the types; the functions come from dlsym.
#include "pdf.hpp"

#include <mesogrid/core/error.hpp>

#ifdef MESOGRID_HAVE_PDF
#include <cairo-pdf.h>
#include <cairo.h>
#include <dlfcn.h>
#include <librsvg/rsvg.h>
#endif

namespace mesogrid::cli {

#ifdef MESOGRID_HAVE_PDF

namespace {
constexpr double pt_per_mm = 72.0 / 25.4;

/// librsvg's run-time library (its soname since librsvg 2.0); cairo, GObject and GLib are its dependencies,
/// so every symbol below is found through its handle.
constexpr const char* rsvg_library = "librsvg-2.so.2";

/// The functions the PDF writer calls, resolved once.
struct PdfApi {
  decltype(&cairo_pdf_surface_create_for_stream) pdf_surface_create_for_stream = nullptr;
  decltype(&cairo_pdf_surface_set_metadata) pdf_surface_set_metadata = nullptr;
  decltype(&cairo_pdf_surface_set_size) pdf_surface_set_size = nullptr;
  decltype(&cairo_create) create = nullptr;
  decltype(&cairo_show_page) show_page = nullptr;
  decltype(&cairo_destroy) destroy = nullptr;
  decltype(&cairo_surface_finish) surface_finish = nullptr;
  decltype(&cairo_surface_status) surface_status = nullptr;
  decltype(&cairo_surface_destroy) surface_destroy = nullptr;
  decltype(&cairo_status_to_string) status_to_string = nullptr;
  decltype(&rsvg_handle_new_from_data) rsvg_new_from_data = nullptr;
  decltype(&rsvg_handle_render_document) rsvg_render_document = nullptr;
  decltype(&g_object_unref) object_unref = nullptr;
  decltype(&g_error_free) error_free = nullptr;
  std::string error;  ///< why the libraries could not be loaded (empty: loaded)
};

template <class Fn>
void resolve(void* lib, const char* name, Fn& fn, std::string& error) {
  fn = reinterpret_cast<Fn>(dlsym(lib, name));
  if (!fn && error.empty()) error = std::string("no symbol ") + name + " in " + rsvg_library;
}

/// Loads librsvg (and through it cairo) at the first call; thread-safe (a function-local static).
const PdfApi& pdf_api() {
  static const PdfApi api = [] {
    PdfApi a;
    void* lib = dlopen(rsvg_library, RTLD_NOW | RTLD_LOCAL);  // never closed: GLib's type system cannot unload
    if (!lib) {
      const char* e = dlerror();
      a.error = e ? e : std::string("cannot load ") + rsvg_library;
      return a;
    }
    resolve(lib, "cairo_pdf_surface_create_for_stream", a.pdf_surface_create_for_stream, a.error);
    resolve(lib, "cairo_pdf_surface_set_metadata", a.pdf_surface_set_metadata, a.error);
    resolve(lib, "cairo_pdf_surface_set_size", a.pdf_surface_set_size, a.error);
    resolve(lib, "cairo_create", a.create, a.error);
    resolve(lib, "cairo_show_page", a.show_page, a.error);
    resolve(lib, "cairo_destroy", a.destroy, a.error);
    resolve(lib, "cairo_surface_finish", a.surface_finish, a.error);
    resolve(lib, "cairo_surface_status", a.surface_status, a.error);
    resolve(lib, "cairo_surface_destroy", a.surface_destroy, a.error);
    resolve(lib, "cairo_status_to_string", a.status_to_string, a.error);
    resolve(lib, "rsvg_handle_new_from_data", a.rsvg_new_from_data, a.error);
    resolve(lib, "rsvg_handle_render_document", a.rsvg_render_document, a.error);
    resolve(lib, "g_object_unref", a.object_unref, a.error);
    resolve(lib, "g_error_free", a.error_free, a.error);
    return a;
  }();
  return api;
}

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}
}  // namespace

bool pdf_available() { return pdf_api().error.empty(); }

std::string pdf_from_svg_pages(const std::vector<PdfPage>& pages, const std::string& title,
                               const std::function<void(size_t, size_t)>& on_page) {
  if (pages.empty()) throw input_error("pdf: nothing to write");
  const PdfApi& api = pdf_api();
  if (!api.error.empty())
    throw usage_error("--format pdf needs librsvg and cairo at run time (" + api.error +
                      "; scripts/deps.sh installs them): use --format svg");
  std::string out;
  cairo_surface_t* surface = api.pdf_surface_create_for_stream(append, &out, pages.front().width_mm * pt_per_mm,
                                                               pages.front().height_mm * pt_per_mm);
  api.pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
  api.pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "mesogrid");
  api.pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, "2000-01-01T00:00:00Z");
  cairo_t* cr = api.create(surface);
  std::string failure;
  for (size_t k = 0; k < pages.size(); ++k) {
    if (on_page) on_page(k + 1, pages.size());
    const PdfPage& page = pages[k];
    const double w = page.width_mm * pt_per_mm, h = page.height_mm * pt_per_mm;
    api.pdf_surface_set_size(surface, w, h);
    GError* err = nullptr;
    RsvgHandle* handle =
        api.rsvg_new_from_data(reinterpret_cast<const guint8*>(page.svg.data()), page.svg.size(), &err);
    if (handle) {
      const RsvgRectangle viewport{0, 0, w, h};
      if (!api.rsvg_render_document(handle, cr, &viewport, &err) && failure.empty())
        failure = err ? err->message : "librsvg could not render a page";
      api.object_unref(handle);
    } else if (failure.empty()) {
      failure = err ? err->message : "librsvg could not read a page";
    }
    if (err) api.error_free(err);
    api.show_page(cr);
  }
  api.destroy(cr);
  api.surface_finish(surface);
  const cairo_status_t st = api.surface_status(surface);
  api.surface_destroy(surface);
  if (!failure.empty()) throw input_error("pdf: " + failure);
  if (st != CAIRO_STATUS_SUCCESS) throw input_error(std::string("pdf: cairo: ") + api.status_to_string(st));
  return out;
}

#else

bool pdf_available() { return false; }

std::string pdf_from_svg_pages(const std::vector<PdfPage>&, const std::string&,
                               const std::function<void(size_t, size_t)>&) {
  throw usage_error(
      "--format pdf needs a build with librsvg and cairo (scripts/deps.sh installs librsvg2-dev, "
      "libcairo2-dev): use --format svg");
}

#endif

}  // namespace mesogrid::cli

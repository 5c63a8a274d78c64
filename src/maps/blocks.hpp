// src/maps/blocks.hpp: the text blocks and marks a map page carries besides the face: the plan's warnings as text,
// the chair-side checklist (plan/safety.hpp: contraindications, before and after the session, side effects), the
// needle marks of angled techniques and site numbers placed without overlap. Each block is built at the origin and
// placed by the page layout (pages.cpp) with its height known. Paper units are mm.
#pragma once
#include <Eigen/Core>
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "draw.hpp"

namespace mesogrid::cli::draw {

/// A block of SVG drawn from (0, 0) down to (w, h), placed with a translate.
struct Block {
  std::string svg;
  double h = 0;
  /// The block placed at (x, y) as a group (`id` when not empty).
  std::string at(double x, double y, const std::string& id = "") const;
};

/// Advance width of `s` in DejaVu Sans (the maps' first font) at `font` mm, from the font's widths of digits and
/// an average for other characters (wide enough for wrapping and label boxes).
double text_width(std::string_view s, double font);

/// Advance width of `s` in DejaVu Sans Book at `font` mm from the font's own widths of printable ASCII (others as
/// a digit); bold runs about 10% wider. Where text_width bounds, this one measures (a line filled to the width).
double text_advance(std::string_view s, double font, bool bold = false);

/// `text` broken at spaces into lines of at most `width` mm at `font` mm (a word longer than the line is cut),
/// measured by `measure` (text_width by default: an upper bound).
std::vector<std::string> wrap_text(std::string_view text, double width, double font,
                                   double (*measure)(std::string_view, double) = text_width);

/// The plan's warnings, each as its text (wrapped, numbered), under a red heading; empty block when none.
Block warnings_block(const std::vector<std::string>& warnings, double w, double font = 2.5);

/// The chair-side checklist of safety_lists(): a box to tick before each check line, in three columns (ruled out
/// before injecting, before the session, after the session), and a line of the side effects to tell the patient.
Block checklist_block(double w);

/// The checklist in full for pages of its own, a block per list of safety_lists(): each item's full text (a box
/// to tick before those to check), its source and strength of evidence.
std::vector<Block> checklist_full_blocks(double w);

/// Needle marks: for a technique at under 80° (nappage, epidermic), a tick from each site's dot along the
/// needle's path under the skin projected in the view (entry to tip, to the map's scale; at least `min_len`
/// paper mm so that it shows beyond the dot). Returns how many marks were drawn.
size_t draw_needles(std::string& o, const std::vector<const Site*>& sites, const Fit& fit, double r, double min_len);

/// True when a plan's needle is angled enough for marks (under 80° to the skin).
bool angled(const Plan& plan);

/// The legend rows of the needle marks at (x, y); y moves below them.
void legend_needles(std::string& o, const Plan& plan, double x, double& y);

/// The box of a site number `text` whose baseline starts at (x, y), at `font` mm (digits of DejaVu Sans).
Box label_box(std::string_view text, double x, double y, double font);

/// Site numbers placed without overlap: each label takes the first of 8 places around its dot that overlaps no
/// dot, no needle mark and no label placed before it. Order: the first and last site of each lattice row (a row
/// can be followed from the site sheet), then every tenth site, every fifth, then the rest; a site with no free
/// place is left unnumbered; no number covers one of the `obstacles` (the zone names written on the face). Draws
/// them (class "label") and returns how many were placed; their boxes in `placed_boxes` when given.
size_t draw_labels(std::string& o, const std::vector<const Site*>& sites, const Fit& fit, double r, double font,
                   bool needles, const Box& page, const std::vector<Box>& obstacles = {},
                   std::vector<Box>* placed_boxes = nullptr);

/// The label font for dots of radius r (at least 1.6 mm: about 4.5 pt, readable on a print).
double label_font(double r);

}  // namespace mesogrid::cli::draw

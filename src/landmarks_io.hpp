// src/landmarks_io.hpp: reading a scan's landmark file for the CLI: CSV (mesogrid/landmarks/file.hpp) or JSON
// (needs nlohmann-json, hence here). A file named *.json (any case), or whose first non-blank character is '{'
// or '[', is JSON (with the JSON reader's errors); any other is CSV. JSON shape:
//   {"landmark_set": "ibug68" | "mediapipe468" (optional), "units": "mm" | "cm" | "m" | "in" (optional),
//    "points": {"eye_left_3": [x, y, z], "mp_61": [x, y, z], ...}     (named: any subset, >= 10 points)
//              | [[x, y, z], ...]}                                     (the whole set in its order)
// Coordinates are in the file's units: the declared ones ("units", or x_mm/x_cm headers in CSV), else the
// units the mesh was read in (its --units decision). The caller scales them to mm.
#pragma once
#include <mesogrid/landmarks/file.hpp>
#include <optional>
#include <string>

namespace mesogrid::cli {

/// Largest landmark file read (a 468-point CSV is ~20 kB).
inline constexpr unsigned long long max_landmark_file_bytes = 16ull << 20;

/// Parses landmark JSON text (shape above). Throws input_error "source: what; what to do".
LandmarkFile parse_landmark_json(const std::string& text, const std::string& source, std::optional<LandmarkSet> asked);

/// Reads a landmark file (JSON by name or content, else CSV: see the top of this header). Throws input_error naming the
/// file when it is missing, a directory, over 16 MiB, or invalid (see read_landmark_csv, parse_landmark_json).
LandmarkFile read_landmark_file(const std::string& path, std::optional<LandmarkSet> asked);

}  // namespace mesogrid::cli

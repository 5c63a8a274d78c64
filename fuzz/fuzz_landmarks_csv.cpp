// fuzz/fuzz_landmarks_csv.cpp: the landmark CSV reader (landmarks/file.hpp read_landmark_csv) with each `asked` set
// (byte 0: none, ibug68, mediapipe468). Errors must be mesogrid::Error of kind input with one clean line.
#include <mesogrid/landmarks/file.hpp>

#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* d, std::size_t n) {
  if (n < 1) return 0;
  std::optional<mesogrid::LandmarkSet> asked;
  if (d[0] % 3 == 1) asked = mesogrid::LandmarkSet::ibug68;
  if (d[0] % 3 == 2) asked = mesogrid::LandmarkSet::mediapipe468;
  try {
    const auto f = mesogrid::read_landmark_csv({reinterpret_cast<const char*>(d) + 1, n - 1}, "lm.csv", asked);
    for (const auto& p : f.point)
      if (!p.allFinite() || p.cwiseAbs().maxCoeff() > 1e6) std::abort();  // the reader's bounds hold
  } catch (const mesogrid::Error& e) {
    fuzz::check_message(e, mesogrid::ErrorKind::input);
  }
  return 0;
}

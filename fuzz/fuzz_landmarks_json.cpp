// fuzz/fuzz_landmarks_json.cpp: the landmark JSON reader of the tool (src/landmarks_io.cpp parse_landmark_json),
// byte 0 the asked set as fuzz_landmarks_csv. Numbers beyond the double range, repeated keys, any JSON: errors
// must be mesogrid::Error of kind input with one clean line (never the JSON library's own exception).
#include <string>

#include "fuzz_common.hpp"
#include "landmarks_io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* d, std::size_t n) {
  if (n < 1) return 0;
  std::optional<mesogrid::LandmarkSet> asked;
  if (d[0] % 3 == 1) asked = mesogrid::LandmarkSet::ibug68;
  if (d[0] % 3 == 2) asked = mesogrid::LandmarkSet::mediapipe468;
  try {
    const auto f =
        mesogrid::cli::parse_landmark_json(std::string(reinterpret_cast<const char*>(d) + 1, n - 1), "lm.json", asked);
    for (const auto& p : f.point)
      if (!p.allFinite() || p.cwiseAbs().maxCoeff() > 1e6) std::abort();
  } catch (const mesogrid::Error& e) {
    fuzz::check_message(e, mesogrid::ErrorKind::input);
  }
  return 0;
}

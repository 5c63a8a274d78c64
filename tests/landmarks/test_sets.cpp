// Tests of landmarks/sets.hpp: the iBUG-68 -> MediaPipe table checked on the built-in face (iBUG order,
// mirror-exact), the MediaPipe groups, names both ways.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <mesogrid/landmarks/file.hpp>
#include <mesogrid/landmarks/sets.hpp>
#include <set>
#include <string>

#include "landmarks_support.hpp"

using namespace mesogrid;

using namespace mesogrid::test;

TEST_CASE("iBUG-68 on the built-in face: in iBUG order, mirror-exact, sides as the subject's") {
  const Mesh& m = face();
  auto P = [&](int k) { return template_landmark(m, LandmarkSet::ibug68, k); };
  // jaw 0..16 from the subject's right (x < 0) to the left, through the menton (8) on the midline, lowest
  for (int k = 0; k < 16; ++k) CHECK_MESSAGE(P(k).x() < P(k + 1).x(), "jaw ", k);
  CHECK(std::abs(P(8).x()) < 1e-9);
  for (int k = 0; k < 68; ++k) CHECK(P(8).y() <= P(k).y() + 1e-9);
  // brows above the eyes, eyes above the nose base, nose base above the mouth
  double brow = 1e9, eye_hi = -1e9, eye_lo = 1e9, nose_lo = 1e9, mouth_hi = -1e9;
  for (int k = 17; k <= 26; ++k) brow = std::min(brow, P(k).y());
  for (int k = 36; k <= 47; ++k) eye_hi = std::max(eye_hi, P(k).y()), eye_lo = std::min(eye_lo, P(k).y());
  for (int k = 31; k <= 35; ++k) nose_lo = std::min(nose_lo, P(k).y());
  for (int k = 48; k <= 67; ++k) mouth_hi = std::max(mouth_hi, P(k).y());
  CHECK(brow > eye_hi);
  CHECK(eye_lo > nose_lo);
  CHECK(nose_lo > mouth_hi);
  // brows 17-21 on the subject's right, 22-26 on the left, each run from the subject's right to left
  for (int k = 17; k <= 21; ++k) CHECK(P(k).x() < 0);
  for (int k = 22; k <= 26; ++k) CHECK(P(k).x() > 0);
  for (int k = 17; k < 26; ++k) CHECK_MESSAGE(P(k).x() < P(k + 1).x(), "brow ", k);
  // nose bridge 27..30 on the midline, going down and forward; the tip (30) in front of the face
  for (int k = 27; k < 30; ++k) CHECK(P(k).y() > P(k + 1).y());
  for (int k = 27; k <= 30; ++k) CHECK(std::abs(P(k).x()) < 1e-9);
  for (int k = 0; k < 68; ++k) CHECK(P(30).z() >= P(k).z() - 1e-9);
  // eyes: right eye 36 (outer corner) .. 39 (inner corner), left eye 42 (inner) .. 45 (outer)
  CHECK(P(36).x() < P(39).x());
  CHECK(P(39).x() < 0);
  CHECK(P(42).x() > 0);
  CHECK(P(42).x() < P(45).x());
  CHECK(P(37).y() > P(41).y());  // upper lid above lower lid
  CHECK(P(43).y() > P(47).y());
  // mouth: corners 48 (right) and 54 (left), upper lip 51 above lower lip 57, inner lip inside the outer
  CHECK(P(48).x() < 0);
  CHECK(P(54).x() > 0);
  CHECK(P(51).y() > P(62).y());
  CHECK(P(62).y() >= P(66).y());
  CHECK(P(66).y() > P(57).y());
  // mirror-exact: partner points are mirror images (the table maps iBUG pairs onto MediaPipe pairs)
  for (int k = 0; k < 68; ++k) {
    const int j = ibug68_mirror(k);
    CHECK(ibug68_mirror(j) == k);
    const Eigen::Vector3d a = P(k), b = P(j);
    CHECK_MESSAGE((a - Eigen::Vector3d(-b.x(), b.y(), b.z())).norm() < 1e-9, "ibug ", k, " and ", j);
  }
}

TEST_CASE("MediaPipe groups: disjoint, cover all 468 points, mirror-closed on the built-in face") {
  std::vector<int> mir;
  face(&mir);
  std::set<int> all;
  size_t n = 0;
  for (const auto& g : landmark_groups(LandmarkSet::mediapipe468)) {
    n += g.members.size();
    all.insert(g.members.begin(), g.members.end());
  }
  CHECK(n == 468);
  CHECK(all.size() == 468);
  for (const auto& g : landmark_groups(LandmarkSet::mediapipe468)) {
    const std::string partner = g.name.find("_right") != std::string::npos  ? "left"
                                : g.name.find("_left") != std::string::npos ? "right"
                                                                            : "";
    for (const auto& h : landmark_groups(LandmarkSet::mediapipe468)) {
      const bool same =
          partner.empty() ? h.name == g.name : h.name == g.name.substr(0, g.name.rfind('_') + 1) + partner;
      if (!same) continue;
      const std::set<int> hs(h.members.begin(), h.members.end());
      for (int k : g.members) CHECK_MESSAGE(hs.count(mir[static_cast<size_t>(k)]) == 1, g.name, " ", k);
    }
  }
  // iBUG groups: 68 points once each
  std::set<int> ib;
  for (const auto& g : landmark_groups(LandmarkSet::ibug68)) ib.insert(g.members.begin(), g.members.end());
  CHECK(ib.size() == 68);
}

TEST_CASE("names: iBUG names, ibug_<k>, mp_<k>; unknown names") {
  CHECK(landmark_name(LandmarkSet::ibug68, 0) == "jaw_0");
  CHECK(landmark_name(LandmarkSet::ibug68, 45) == "eye_left_3");
  CHECK(landmark_name(LandmarkSet::ibug68, 67) == "mouth_inner_7");
  CHECK(landmark_name(LandmarkSet::mediapipe468, 61) == "mp_61");
  CHECK(landmark_label(LandmarkSet::ibug68, 45) == "eye_left_3 (ibug 45)");
  for (int k = 0; k < 68; ++k) {
    const auto id = landmark_index(landmark_name(LandmarkSet::ibug68, k));
    REQUIRE(id);
    CHECK(id->first == LandmarkSet::ibug68);
    CHECK(id->second == k);
  }
  CHECK(landmark_index("ibug_45")->second == 45);
  CHECK(landmark_index("mp_467")->second == 467);
  CHECK(landmark_index("mp_467")->first == LandmarkSet::mediapipe468);
  for (const char* bad : {"mp_468", "mp_-1", "mp_01", "ibug_68", "Jaw_0", "nose_tip", "", "mp_", "mp_1x"})
    CHECK_MESSAGE(!landmark_index(bad), bad);
  CHECK(landmark_set_from_name("IBUG68") == LandmarkSet::ibug68);
  CHECK(landmark_set_from_name("mediapipe") == LandmarkSet::mediapipe468);
  CHECK(landmark_set_from_name("dlib68") == LandmarkSet::ibug68);
  CHECK_FALSE(landmark_set_from_name("auto"));  // "auto" is the caller's word for "decided by the file"
  CHECK_FALSE(landmark_set_from_name("dlib5"));
}

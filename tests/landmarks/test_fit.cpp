// Tests of landmarks/fit.hpp: implausible landmarks (mirrored, collapsed, flat, wrong units, a few grossly wrong
// points, a displaced group, off the scan) are refused as impossible plans, naming the landmarks.
#include <doctest/doctest.h>

#include <Eigen/Geometry>
#include <filesystem>
#include <fstream>
#include <map>
#include <mesogrid/face/region.hpp>
#include <mesogrid/io/read_mesh.hpp>
#include <mesogrid/landmarks/file.hpp>
#include <mesogrid/landmarks/fit.hpp>
#include <mesogrid/landmarks/transfer.hpp>
#include <sstream>

#include "landmarks_support.hpp"

using namespace mesogrid;

using namespace mesogrid::test;

TEST_CASE("implausible landmarks are refused as impossible plans, naming the landmarks") {
  const KnownMap g;
  const Mesh scan = scan_of(g);
  const SurfaceIndex index(scan);
  const LandmarkFile good = landmarks_of(g, LandmarkSet::ibug68);
  auto refused = [&](const LandmarkFile& lm) {
    ErrorKind code{};
    const std::string m = error_with_flags([&] { fit_landmarks(face(), lm, &index); }, &code);
    CHECK(code == ErrorKind::plan);
    return m;
  };
  {  // left and right swapped
    LandmarkFile lm = good;
    for (int k = 0; k < 68; ++k) lm.point[static_cast<size_t>(k)] = good.point[static_cast<size_t>(ibug68_mirror(k))];
    const std::string m = refused(lm);
    CHECK(m.find("landmarks 'synthetic.csv' are mirrored: they fit the mirror image of a face") == 0);
    CHECK(m.find("jaw_0 is on the subject's right") != std::string::npos);
  }
  {  // a mirrored scan with its own (mirrored) landmarks
    LandmarkFile lm = good;
    for (auto& p : lm.point) p.x() = -p.x();
    CHECK(refused(lm).find("are mirrored") != std::string::npos);
  }
  {  // collapsed
    LandmarkFile lm = good;
    for (auto& p : lm.point) p = good.point[30];
    CHECK(refused(lm) ==
          "landmarks 'synthetic.csv' are degenerate: all 68 points lie within 0.0 mm (RMS) of their "
          "centre; export the 3D landmarks of this scan again");
  }
  {  // on a line
    LandmarkFile lm = good;
    for (size_t k = 0; k < lm.point.size(); ++k) lm.point[k] = Eigen::Vector3d(1, 2, 3) * static_cast<double>(k);
    CHECK(refused(lm).find("lie on a line") != std::string::npos);
  }
  {  // flat: 2D image landmarks with z = 0, in the face's own frame
    LandmarkFile lm =
        landmarks_of(KnownMap{Eigen::Matrix3d::Identity(), Eigen::Vector3d::Zero(), 1.0}, LandmarkSet::ibug68);
    for (auto& p : lm.point) p.z() = 0;
    CHECK(refused(lm).find("lie nearly in one plane (depth spread 0.0 mm RMS): 3D landmarks on the scan are needed") !=
          std::string::npos);
  }
  {  // cm numbers read as mm
    LandmarkFile lm = good;
    for (auto& p : lm.point) p /= 10;
    CHECK(refused(lm).find("give a face 10.7% of the built-in face's size") != std::string::npos);
  }
  {  // three grossly wrong points, each named with its distance; a swapped pair named as such
    LandmarkFile lm = good;
    lm.point[10] += g.R * Eigen::Vector3d(40, 0, 0);
    lm.point[30] += g.R * Eigen::Vector3d(0, -40, 10);
    lm.point[57] += g.R * Eigen::Vector3d(0, 0, 40);
    const std::string m = refused(lm);
    CHECK(m.find("landmarks 'synthetic.csv': jaw_10 (ibug 10) ") == 0);
    CHECK(m.find("nose_bridge_3 (ibug 30) ") != std::string::npos);
    CHECK(m.find("mouth_outer_9 (ibug 57) ") != std::string::npos);
    CHECK(m.find("from where the other landmarks put them (limit ") != std::string::npos);
    CHECK(m.find("eye_") == std::string::npos);  // no innocent landmark named
    LandmarkFile sw = good;
    std::swap(sw.point[36], sw.point[45]);
    const std::string s = refused(sw);
    CHECK(s.find("eye_right_0 (ibug 36) and eye_left_3 (ibug 45) look swapped") != std::string::npos);
  }
  {  // the brows 30 mm too high: a whole group
    LandmarkFile lm = good;
    for (int k = 17; k <= 26; ++k) lm.point[static_cast<size_t>(k)] += g.R * Eigen::Vector3d(0, 30, 0);
    const std::string m = refused(lm);
    CHECK(m.find("group brow_") != std::string::npos);
    CHECK(m.find("from where the rest of the face puts") != std::string::npos);
    CHECK(m.find("check brow_") != std::string::npos);
  }
  {  // landmarks of another position: all 25 mm in front of the scan
    LandmarkFile lm = good;
    for (auto& p : lm.point) p += g.R * Eigen::Vector3d(0, 0, 25);
    const std::string m = refused(lm);
    CHECK(m.find("from the scan surface (limit ") != std::string::npos);
    CHECK(m.find("are the landmarks those of this scan, in its frame and units?") != std::string::npos);
  }
}

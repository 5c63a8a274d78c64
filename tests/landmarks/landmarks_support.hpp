// tests/landmarks/landmarks_support.hpp: a synthetic scan (the built-in face moved by a known smooth map) with its
// own landmarks, and the agreement of transferred labels with the built-in face's.
#pragma once
#include <Eigen/Geometry>
#include <mesogrid/landmarks/file.hpp>
#include <mesogrid/landmarks/sets.hpp>

#include "../support.hpp"

namespace mesogrid::test {

inline const Mesh& face(std::vector<int>* mirror = nullptr) { return test::builtin_face_mm(mirror); }

/// 68 rows "x,y,z" of the built-in face's iBUG points (mm), with an optional header.
inline std::string ibug_csv(const std::string& header = "x_mm,y_mm,z_mm") {
  std::string s = header.empty() ? "" : header + "\n";
  for (int k = 0; k < 68; ++k) {
    const Eigen::Vector3d p = template_landmark(face(), LandmarkSet::ibug68, k);
    s += std::to_string(p.x()) + "," + std::to_string(p.y()) + "," + std::to_string(p.z()) + "\n";
  }
  return s;
}

/// The known map of the synthetic scan: a smooth non-rigid bump (up to 6 mm, over wavelengths of 22-38 cm: a
/// wider face, a longer chin) in the built-in face's frame, then scale 1.07, a rotation and a translation.
struct KnownMap {
  Eigen::Matrix3d R =
      (Eigen::AngleAxisd(0.9, Eigen::Vector3d::UnitZ()) * Eigen::AngleAxisd(-0.3, Eigen::Vector3d::UnitY()) *
       Eigen::AngleAxisd(0.4, Eigen::Vector3d::UnitX()))
          .toRotationMatrix();
  Eigen::Vector3d t{40, -25, 310};
  double s = 1.07;
  double bump_mm = 6;
  Eigen::Vector3d operator()(const Eigen::Vector3d& p) const {
    const Eigen::Vector3d bump(bump_mm * std::sin(p.y() / 40), 0.5 * bump_mm * std::cos(p.x() / 35),
                               bump_mm * std::sin(p.x() / 50 + p.y() / 60));
    return s * (R * (p + bump)) + t;
  }
};

/// The built-in face moved by `g`, without labels (a scan has none).
inline Mesh scan_of(const KnownMap& g) {
  Mesh m = face();
  for (Eigen::Index v = 0; v < m.num_vertices(); ++v) m.V.row(v) = g(face().vertex(v)).transpose();
  m.label = Eigen::VectorXi();
  m.label_names.clear();
  return m;
}

inline LandmarkFile landmarks_of(const KnownMap& g, LandmarkSet set, std::vector<int> which = {}) {
  LandmarkFile f;
  f.source = "synthetic.csv";
  f.set = set;
  if (which.empty())
    for (int k = 0; k < landmark_count(set); ++k) which.push_back(k);
  f.named = static_cast<int>(which.size()) < landmark_count(set);
  for (int k : which) {
    f.index.push_back(k);
    f.point.push_back(g(template_landmark(face(), set, k)));
    f.line.push_back(0);
  }
  return f;
}

/// Area fraction of the built-in face whose transferred label equals its own (unlabelled faces agree
/// when the transfer leaves them unlabelled or uncovered).
inline double agreement(const std::vector<int>& label) {
  const Mesh& m = face();
  double same = 0, all = 0;
  for (Eigen::Index f = 0; f < m.num_faces(); ++f) {
    const double a = face_area(m, f);
    all += a;
    const int want = m.label(f), got = label[static_cast<size_t>(f)];
    if (got == want || (want < 0 && got < 0)) same += a;
  }
  return same / all;
}

}  // namespace mesogrid::test

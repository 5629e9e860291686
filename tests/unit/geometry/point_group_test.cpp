// Point groups of clusters: the LJ13 icosahedron (I h, 120), the LJ38 global minimum (O h, 48),
// the icosahedral LJ38 minimum at -173.252378 (C5v, 10), the LJ7 pentagonal bipyramid (D5h, 20),
// small hand-made molecules of known symmetry, and tolerance behaviour.

#include "common/geometry/point_group.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <vector>

#include "common/random/rng.hpp"
#include "tests/support/clusters.hpp"
#include "tests/support/test_paths.hpp"
#include "tests/unit/optim/optim_structures.hpp"

namespace landscape {
namespace {

using testing::lj38_reference_minimum;

/// x turned by the random rotation of seed and moved by 0.7 along each axis.
std::vector<double> rotated(const std::vector<double>& x, std::uint64_t seed) {
  Rng rng(seed);
  return testing::rotated_and_shifted(x, testing::random_rotation(rng), 0.7);
}

TEST(PointGroup, Lj13IcosahedronIsIhOfOrder120) {
  const PointGroup g = point_group(rotated(testing::lj13_icosahedron(), 1));
  EXPECT_EQ(g.order, 120);
  EXPECT_EQ(g.symbol, "I h");
}

TEST(PointGroup, Lj38GlobalMinimumIsOhOfOrder48) {
  const PointGroup g =
      point_group(rotated(lj38_reference_minimum(1), 2));  // the global minimum, -173.928427
  EXPECT_EQ(g.order, 48);
  EXPECT_EQ(g.symbol, "O h");
}

TEST(PointGroup, Lj38IcosahedralMinimumIsC5vOfOrder10) {
  const PointGroup g =
      point_group(lj38_reference_minimum(7));  // -173.252378, pgorder 10 in min.data.expected
  EXPECT_EQ(g.order, 10);
  EXPECT_EQ(g.symbol, "C5v");
}

TEST(PointGroup, TheTutorialsMinimaHaveTheOrdersOfItsMinData) {
  // min.data.expected of 04_pathsample, column 3.
  const int expected[] = {1, 48, 1, 1, 1, 1, 1, 10, 2, 1, 1, 1};
  for (std::size_t k = 0; k < 12; ++k)
    EXPECT_EQ(point_group(lj38_reference_minimum(k)).order, expected[k]) << "minimum " << k + 1;
}

TEST(PointGroup, Lj7PentagonalBipyramidIsD5h) {
  const PointGroup g = point_group(testing::lj7_pentagonal_bipyramid());
  EXPECT_EQ(g.order, 20);
  EXPECT_EQ(g.symbol, "D5h");
}

TEST(PointGroup, SmallMoleculesOfKnownSymmetry) {
  struct Case {
    std::vector<double> x;
    int order;
    const char* symbol;
  };
  const double h = std::sqrt(3.0) / 2.0;
  const std::vector<Case> cases = {
      // Regular tetrahedron: T d.
      {{1, 1, 1, 1, -1, -1, -1, 1, -1, -1, -1, 1}, 24, "T d"},
      // Octahedron: O h.
      {{1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1}, 48, "O h"},
      // Cube: O h.
      {{1, 1, 1, 1, 1, -1, 1, -1, 1, 1, -1, -1, -1, 1, 1, -1, 1, -1, -1, -1, 1, -1, -1, -1},
       48,
       "O h"},
      // Equilateral triangle: D3h.
      {{1, 0, 0, -0.5, h, 0, -0.5, -h, 0}, 12, "D3h"},
      // Isosceles triangle: C2v.
      {{0, 1.2, 0, -1, 0, 0, 1, 0, 0}, 4, "C2v"},
      // Square: D4h.
      {{1, 0, 0, 0, 1, 0, -1, 0, 0, 0, -1, 0}, 16, "D4h"},
      // Trigonal pyramid: C3v.
      {{1, 0, 0, -0.5, h, 0, -0.5, -h, 0, 0, 0, 0.8}, 6, "C3v"},
      // Rectangle: D2h.
      {{2, 1, 0, -2, 1, 0, 2, -1, 0, -2, -1, 0}, 8, "D2h"},
      // Scalene triangle (planar): C s.
      {{0, 0, 0, 1.3, 0, 0, 0.4, 0.9, 0}, 2, "C s"},
      // Linear: D*h and C*v.
      {{0, 0, 1, 0, 0, -1}, 2, "D*h"},
      {{0, 0, 1, 0, 0, -1, 0, 0, 2.5}, 1, "C*v"},
  };
  for (const Case& c : cases) {
    const PointGroup g = point_group(rotated(c.x, 5));
    EXPECT_EQ(g.order, c.order) << c.symbol;
    EXPECT_EQ(g.symbol, c.symbol);
  }
}

TEST(PointGroup, ARandomClusterIsC1AndADistortionBeyondTheToleranceBreaksSymmetry) {
  Rng rng(4);
  std::vector<double> x(3 * 9);
  for (double& v : x) v = 2.0 * rng.symmetric();
  const PointGroup g = point_group(x);
  EXPECT_EQ(g.order, 1);
  EXPECT_EQ(g.symbol, "C1");
  // The icosahedron with one atom moved by 1e-3: far beyond 1e-4, so at most a subgroup remains.
  auto ico = testing::lj13_icosahedron();
  ico[3] += 1e-3;
  EXPECT_LT(point_group(ico).order, 120);
  PointGroupOptions loose;
  loose.distance_tolerance = 1e-2;
  EXPECT_EQ(point_group(ico, loose).order, 120);
}

}  // namespace
}  // namespace landscape

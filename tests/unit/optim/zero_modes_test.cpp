// The zero modes of a cluster and the rigid alignment of two clusters.
#include "optim/zero_modes.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "common/geometry/cluster_geometry.hpp"
#include "common/geometry/rigid_alignment.hpp"
#include "common/linalg/vector_ops.hpp"
#include "common/random/rng.hpp"
#include "tests/support/clusters.hpp"
#include "tests/unit/optim/optim_structures.hpp"

namespace landscape::optim {
namespace {

TEST(ZeroModes, AClusterHasSixOrthonormalModes) {
  const auto x = testing::lj7_pentagonal_bipyramid();
  const ZeroModes z(x);
  ASSERT_EQ(z.count(), 6u);
  for (std::size_t a = 0; a < 6; ++a)
    for (std::size_t b = 0; b < 6; ++b)
      EXPECT_NEAR(dot(z.mode(a), z.mode(b)), a == b ? 1.0 : 0.0, 1e-12);
}

TEST(ZeroModes, ALinearMoleculeHasFiveAndSystemsThatAreNotAtomsNone) {
  EXPECT_EQ(ZeroModes(std::vector<double>{0, 0, 0, 0, 0, 1.1, 0, 0, 2.2}).count(), 5u);
  EXPECT_EQ(ZeroModes().count(), 0u);
  std::vector<double> v = {1.0, 2.0};
  ZeroModes().project(v);
  EXPECT_EQ(v, (std::vector<double>{1.0, 2.0}));
}

TEST(ZeroModes, ProjectionRemovesTranslationsAndInfinitesimalRotations) {
  const auto x = testing::lj7_pentagonal_bipyramid();
  const ZeroModes z(x);
  // A small rotation about z plus a translation, as a displacement field.
  std::vector<double> d(x.size());
  for (std::size_t i = 0; i < x.size(); i += 3) {
    d[i] = -x[i + 1] + 0.3;
    d[i + 1] = x[i] - 0.2;
    d[i + 2] = 0.1;
  }
  z.project(d);
  for (double v : d) EXPECT_NEAR(v, 0.0, 1e-12);
}

TEST(RigidAlignment, RecoversARotatedAndTranslatedCopy) {
  Rng rng(11);
  const auto x = testing::lj7_capped_octahedron();
  const auto r = testing::random_rotation(rng);
  std::vector<double> y(x.size());
  for (std::size_t i = 0; i < x.size(); i += 3)
    for (std::size_t a = 0; a < 3; ++a)
      y[i + a] =
          r[3 * a] * x[i] + r[3 * a + 1] * x[i + 1] + r[3 * a + 2] * x[i + 2] + 1.5 * (a + 1.0);
  EXPECT_GT(euclidean_distance(x, y), 1.0);
  EXPECT_NEAR(align_rigidly(x, y), 0.0, 1e-9);
  EXPECT_LT(testing::max_difference(x, y), 1e-9);
}

TEST(RigidAlignment, DistanceOfDifferentStructuresIsPositiveAndSymmetric) {
  const auto a = testing::lj7_pentagonal_bipyramid();
  const auto b = testing::lj7_capped_octahedron();
  const double ab = aligned_distance(a, b), ba = aligned_distance(b, a);
  EXPECT_GT(ab, 0.5);
  EXPECT_NEAR(ab, ba, 1e-9);
  EXPECT_LE(ab, euclidean_distance(a, b) + 1e-12);
}

}  // namespace
}  // namespace landscape::optim

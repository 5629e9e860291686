// Normal-mode analysis: zero modes, negative count, lnprodfreq.

#include "common/analysis/normal_modes.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "common/optimize/lbfgs.hpp"
#include "common/potentials/lennard_jones.hpp"
#include "tests/support/clusters.hpp"

namespace landscape {
namespace {

using testing::icosahedron13;
using testing::lj13_icosahedron;
using testing::random_rotation;

std::vector<double> diagonal(const std::vector<double>& d) {
  const std::size_t n = d.size();
  std::vector<double> h(n * n, 0.0);
  for (std::size_t i = 0; i < n; ++i) h[i * n + i] = d[i];
  return h;
}

TEST(NormalModes, Lj13IcosahedronIsAMinimumWithSixZeroModes) {
  const LennardJones lj(13);
  const std::vector<double> x = lj13_icosahedron();
  const NormalModes modes = normal_modes(lj, x, 6);
  ASSERT_EQ(modes.eigenvalues.size(), 39u);
  std::size_t n_small = 0;
  for (double v : modes.eigenvalues) {
    if (std::abs(v) < 1e-6)
      ++n_small;
    else
      EXPECT_GT(v, 0.0);
  }
  EXPECT_EQ(n_small, 6u);
  EXPECT_EQ(modes.n_zero, 6u);
  EXPECT_EQ(modes.n_negative, 0u);
  EXPECT_TRUE(modes.is_minimum());
  EXPECT_GT(modes.smallest_nonzero, 1.0);
  EXPECT_TRUE(std::isfinite(modes.lnprodfreq));
  // lnprodfreq is the sum of ln over the 33 vibrational eigenvalues.
  double expected = 0.0;
  for (std::size_t k = 6; k < 39; ++k) expected += std::log(modes.eigenvalues[k]);
  EXPECT_NEAR(modes.lnprodfreq, expected, 1e-10 * std::abs(expected));
}

TEST(NormalModes, ZeroModesAreThoseOfSmallestMagnitude) {
  // Unsorted on purpose: the analysis sorts.
  const std::vector<double> h = diagonal({3.0, 1e-12, -2.0, 5.0, -3e-11});
  const NormalModes modes = normal_modes(h, 5, 2);
  EXPECT_EQ(modes.eigenvalues, (std::vector<double>{-2.0, -3e-11, 1e-12, 3.0, 5.0}));
  EXPECT_EQ(modes.n_negative, 1u);
  EXPECT_FALSE(modes.is_minimum());
  EXPECT_DOUBLE_EQ(modes.smallest_nonzero, -2.0);
  EXPECT_NEAR(modes.lnprodfreq, std::log(3.0) + std::log(5.0), 1e-14);
}

TEST(NormalModes, TinyNegativeValuesAreNotCountedAsNegative) {
  // -1e-9 is below zero but within the tolerance -1e-8 * max(1, |largest|) = -4e-8.
  const std::vector<double> h = diagonal({-1e-9, 2.0, 4.0, -5e-8});
  const NormalModes modes = normal_modes(h, 4, 0);
  EXPECT_EQ(modes.n_negative, 1u);  // only -5e-8
  EXPECT_NEAR(modes.lnprodfreq, std::log(8.0), 1e-14);
  EXPECT_DOUBLE_EQ(modes.smallest_nonzero, -5e-8);
}

TEST(NormalModes, NoZeroModesForNetworksAndBadCounts) {
  const std::vector<double> h = {2.0, 1.0, 1.0, 2.0};
  const NormalModes modes = normal_modes(h, 2, 0);
  EXPECT_NEAR(modes.lnprodfreq, std::log(3.0), 1e-14);
  EXPECT_EQ(modes.n_negative, 0u);
  EXPECT_THROW(normal_modes(h, 2, 3), std::invalid_argument);
}

}  // namespace
}  // namespace landscape

// Alignment in a periodic box (bulk systems): exact copies that are translated, relabelled within
// each species and moved by box vectors are recovered at distance 0; no exchange across species;
// the aligned copy is the moving structure's nearest images, at the minimum-image distance.
#include "common/geometry/periodic_alignment.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "common/geometry/cluster_geometry.hpp"
#include "common/geometry/minimum_image.hpp"
#include "common/random/rng.hpp"
#include "tests/support/binary_lj.hpp"

namespace landscape {
namespace {

using testing::kBlj60Box;

constexpr std::size_t kAtoms = 60, kA = 48;

PeriodicAlignmentOptions blj_options(bool permutations = true) {
  PeriodicAlignmentOptions o;
  o.box = {kBlj60Box, kBlj60Box, kBlj60Box};
  o.permutations = permutations;
  o.groups.resize(2);
  for (std::size_t i = 0; i < kAtoms; ++i) o.groups[i < kA ? 0 : 1].push_back(i);
  return o;
}

/// x translated by t, its atoms relabelled within each species by a random permutation and each
/// moved by a random box vector: the same periodic structure.
std::vector<double> disguised(const std::vector<double>& x, Rng& rng, bool relabel = true) {
  std::vector<std::size_t> order(kAtoms);
  std::iota(order.begin(), order.end(), std::size_t{0});
  if (relabel) {
    for (std::size_t i = kA - 1; i > 0; --i) std::swap(order[i], order[rng.below(i + 1)]);
    for (std::size_t i = kAtoms - 1; i > kA; --i)
      std::swap(order[i], order[kA + rng.below(i - kA + 1)]);
  }
  const double t[3] = {10.0 * rng.symmetric(), 10.0 * rng.symmetric(), 10.0 * rng.symmetric()};
  std::vector<double> y(x.size());
  for (std::size_t i = 0; i < kAtoms; ++i)
    for (std::size_t a = 0; a < 3; ++a)
      y[3 * i + a] = x[3 * order[i] + a] + t[a] +
                     kBlj60Box * static_cast<double>(static_cast<int>(rng.below(5)) - 2);
  return y;
}

TEST(PeriodicAlignment, RecoversTranslatedRelabelledAndImagedCopies) {
  Rng rng(11);
  for (int c = 0; c < 5; ++c) {
    const std::vector<double> x = testing::random_in_box(kAtoms, kBlj60Box, rng);
    const std::vector<double> y = disguised(x, rng);
    const PeriodicAlignment al = align_periodic(x, y, blj_options());
    EXPECT_LT(al.distance, 1e-9) << "configuration " << c;
    for (std::size_t k = 0; k < x.size(); ++k) EXPECT_NEAR(al.aligned[k], x[k], 1e-9);
    for (std::size_t i = 0; i < kAtoms; ++i)
      EXPECT_EQ(al.permutation[i] < kA, i < kA) << "atom " << i << " changed species";
  }
}

TEST(PeriodicAlignment, WithoutPermutationsRecoversTranslatedImagedCopiesOnly) {
  Rng rng(12);
  const std::vector<double> x = testing::random_in_box(kAtoms, kBlj60Box, rng);
  EXPECT_LT(periodic_distance(x, disguised(x, rng, false), blj_options(false)), 1e-9);
  EXPECT_GT(periodic_distance(x, disguised(x, rng, true), blj_options(false)), 0.5);
}

TEST(PeriodicAlignment, NeverExchangesAtomsOfDifferentSpecies) {
  Rng rng(13);
  const std::vector<double> x = testing::random_in_box(kAtoms, kBlj60Box, rng);
  std::vector<double> swapped = x;  // A atom 0 and B atom 50 exchange places
  for (std::size_t a = 0; a < 3; ++a) std::swap(swapped[a], swapped[3 * 50 + a]);
  EXPECT_GT(periodic_distance(x, swapped, blj_options()), 0.1);
  PeriodicAlignmentOptions one_group = blj_options();
  one_group.groups.clear();  // all atoms one group: the exchange is undone
  EXPECT_LT(periodic_distance(x, swapped, one_group), 1e-9);
}

TEST(PeriodicAlignment, AlignedCopyIsTheNearestImagesAtTheMinimumImageDistance) {
  Rng rng(14);
  const std::vector<double> x = testing::random_in_box(kAtoms, kBlj60Box, rng);
  std::vector<double> y = disguised(x, rng);
  for (double& v : y) v += 0.05 * rng.symmetric();  // a nearby structure
  const PeriodicAlignment al = align_periodic(x, y, blj_options());
  EXPECT_GT(al.distance, 0.0);
  EXPECT_LT(al.distance, 0.05 * std::sqrt(180.0));
  EXPECT_NEAR(euclidean_distance(x, al.aligned), al.distance, 1e-12);
  for (std::size_t i = 0; i < kAtoms; ++i)
    for (std::size_t a = 0; a < 3; ++a) {
      // aligned atom i is moving atom permutation[i], translated, moved by a whole box vector
      const double d = al.aligned[3 * i + a] - y[3 * al.permutation[i] + a] - al.translation[a];
      EXPECT_NEAR(minimum_image(d, kBlj60Box), 0.0, 1e-9);
      EXPECT_LE(std::abs(al.aligned[3 * i + a] - x[3 * i + a]), kBlj60Box / 2 + 1e-12);
    }
}

TEST(PeriodicAlignment, RejectsBadInput) {
  std::vector<double> a(9), b(6);
  EXPECT_THROW(align_periodic(a, b, blj_options()), std::invalid_argument);
  PeriodicAlignmentOptions o;
  EXPECT_THROW(align_periodic(a, a, o), std::invalid_argument) << "no box";
  o.box = {1, 1, 1};
  o.groups = {{0, 1}, {1, 2}};
  EXPECT_THROW(align_periodic(a, a, o), std::invalid_argument) << "atom in two groups";
  o.groups = {{0, 3}};
  EXPECT_THROW(align_periodic(a, a, o), std::invalid_argument) << "atom out of range";
}

}  // namespace
}  // namespace landscape

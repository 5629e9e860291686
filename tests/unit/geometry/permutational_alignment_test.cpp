// Permutational alignment: exact copies (rotated, inverted, permuted, translated) are found at
// distance zero; for two different LJ7 minima the distance is the brute-force minimum over all 7!
// permutations, each with its best rotation or rotation-inversion; options and bad input.

#include "common/geometry/permutational_alignment.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "common/geometry/cluster_geometry.hpp"
#include "common/random/rng.hpp"
#include "tests/support/clusters.hpp"
#include "tests/support/test_paths.hpp"
#include "tests/unit/optim/optim_structures.hpp"

namespace landscape {
namespace {

using testing::lj13_icosahedron;
using testing::lj38_reference_minimum;
using testing::lj7_capped_octahedron;
using testing::lj7_pentagonal_bipyramid;
using testing::random_rotation;

/// x rotated by r, inverted if asked, its atoms shuffled and the whole translated.
std::vector<double> scrambled_copy(const std::vector<double>& x, Rng& rng, bool invert) {
  const auto r = random_rotation(rng);
  const std::size_t n = x.size() / 3;
  std::vector<std::size_t> perm(n);
  std::iota(perm.begin(), perm.end(), std::size_t{0});
  for (std::size_t i = n; i > 1; --i) std::swap(perm[i - 1], perm[rng.below(i)]);
  const double shift[3] = {3.0 * rng.symmetric(), 3.0 * rng.symmetric(), 3.0 * rng.symmetric()};
  const double sign = invert ? -1.0 : 1.0;
  std::vector<double> y(x.size());
  for (std::size_t i = 0; i < n; ++i) {
    const double* p = &x[3 * perm[i]];
    for (int a = 0; a < 3; ++a)
      y[3 * i + a] =
          sign * (r[3 * a] * p[0] + r[3 * a + 1] * p[1] + r[3 * a + 2] * p[2]) + shift[a];
  }
  return y;
}

TEST(PermutationalAlignment, ScrambledCopiesAreAtDistanceZero) {
  Rng rng(2024);
  const std::vector<std::vector<double>> clusters = {
      lj7_pentagonal_bipyramid(), lj13_icosahedron(), lj38_reference_minimum(1),
      lj38_reference_minimum(7), lj38_reference_minimum(0)};
  for (const auto& x : clusters)
    for (const bool invert : {false, true})
      for (int trial = 0; trial < 3; ++trial) {
        const auto y = scrambled_copy(x, rng, invert);
        const ClusterAlignment al = align_cluster(x, y);
        EXPECT_LT(al.distance, 1e-8) << x.size() / 3 << " atoms, inverted " << invert;
        EXPECT_LT(euclidean_distance(x, al.aligned), 1e-8);
        // The permutation is a permutation and the aligned copy is made of y's atoms.
        std::vector<std::size_t> sorted = al.permutation;
        std::sort(sorted.begin(), sorted.end());
        for (std::size_t i = 0; i < sorted.size(); ++i) ASSERT_EQ(sorted[i], i);
      }
}

TEST(PermutationalAlignment, InversionIsNeededForAMirrorImageOfAChiralCluster) {
  // A chiral cluster: no proper rotation and permutation brings its mirror image onto it.
  Rng rng(7);
  std::vector<double> x(3 * 8);
  for (double& v : x) v = 2.0 * rng.symmetric();
  const auto mirror = scrambled_copy(x, rng, true);
  ClusterAlignmentOptions proper;
  proper.inversion = false;
  EXPECT_GT(cluster_distance(x, mirror, proper), 0.1);
  const ClusterAlignment al = align_cluster(x, mirror);
  EXPECT_LT(al.distance, 1e-8);
  EXPECT_TRUE(al.inverted);
}

/// Smallest distance over all permutations of b, each with its best proper or improper rotation.
double brute_force_distance(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> ac = a, bc = b;
  move_to_centre(ac);
  move_to_centre(bc);
  const std::size_t n = a.size() / 3;
  std::vector<std::size_t> perm(n);
  std::iota(perm.begin(), perm.end(), std::size_t{0});
  std::vector<double> permuted(b.size());
  double best = std::numeric_limits<double>::infinity();
  do {
    for (std::size_t i = 0; i < n; ++i)
      for (int c = 0; c < 3; ++c) permuted[3 * i + c] = bc[3 * perm[i] + c];
    std::array<double, 9> r;
    best_orthogonal_transform(ac, permuted, Handedness::kEither, r);
    double s = 0.0;
    for (std::size_t i = 0; i < n; ++i)
      for (int c = 0; c < 3; ++c) {
        const double v = r[3 * c] * permuted[3 * i] + r[3 * c + 1] * permuted[3 * i + 1] +
                         r[3 * c + 2] * permuted[3 * i + 2];
        s += (ac[3 * i + c] - v) * (ac[3 * i + c] - v);
      }
    best = std::min(best, std::sqrt(s));
  } while (std::next_permutation(perm.begin(), perm.end()));
  return best;
}

TEST(PermutationalAlignment, TwoLj7MinimaMatchTheBruteForceMinimumOverAllPermutations) {
  const auto a = lj7_pentagonal_bipyramid();
  const auto b = lj7_capped_octahedron();
  const double brute = brute_force_distance(a, b);
  EXPECT_GT(brute, 0.1);
  Rng rng(11);
  for (int trial = 0; trial < 4; ++trial) {
    // The same pair seen from random orientations, labellings and handedness.
    const auto b2 = scrambled_copy(b, rng, trial % 2 == 1);
    const ClusterAlignment al = align_cluster(a, b2);
    EXPECT_NEAR(al.distance, brute, 1e-9) << "trial " << trial;
    EXPECT_NEAR(euclidean_distance(a, al.aligned), al.distance, 1e-12);
    EXPECT_NEAR(cluster_distance(b2, a), brute, 1e-9);
  }
}

TEST(PermutationalAlignment, WithoutPermutationsItIsTheRigidAlignment) {
  Rng rng(3);
  const auto a = lj7_pentagonal_bipyramid();
  auto b = a;
  // Same labels, rotated and translated, plus a small distortion.
  const auto r = random_rotation(rng);
  for (std::size_t i = 0; i < 7; ++i) {
    const double p[3] = {a[3 * i], a[3 * i + 1], a[3 * i + 2]};
    for (int c = 0; c < 3; ++c)
      b[3 * i + c] = r[3 * c] * p[0] + r[3 * c + 1] * p[1] + r[3 * c + 2] * p[2] + 1.0 + 0.01 * c;
  }
  b[0] += 0.05;
  ClusterAlignmentOptions o;
  o.permutations = false;
  o.inversion = false;
  const ClusterAlignment al = align_cluster(a, b, o);
  EXPECT_LT(al.distance, 0.06);
  EXPECT_FALSE(al.inverted);
  for (std::size_t i = 0; i < 7; ++i) EXPECT_EQ(al.permutation[i], i);
}

TEST(PermutationalAlignment, GroupsRestrictTheExchanges) {
  // Atoms 0-3 may be exchanged among themselves, atoms 4-6 keep their labels: swapping two
  // atoms of the second set in the copy cannot be undone.
  const auto a = lj7_pentagonal_bipyramid();
  auto b = a;
  for (int c = 0; c < 3; ++c) std::swap(b[3 * 0 + c], b[3 * 1 + c]);
  ClusterAlignmentOptions o;
  o.groups = {{0, 1, 2, 3}};
  EXPECT_LT(cluster_distance(a, b, o), 1e-8);
  auto c = a;
  for (int k = 0; k < 3; ++k) std::swap(c[3 * 4 + k], c[3 * 6 + k]);
  const double free = cluster_distance(a, c);
  EXPECT_LT(free, 1e-8);
  EXPECT_GT(cluster_distance(a, c, o), free + 0.1);
}

TEST(PermutationalAlignment, RandomOrientationsAreReproducible) {
  const auto a = lj38_reference_minimum(1);
  const auto b = lj38_reference_minimum(7);
  ClusterAlignmentOptions o;
  o.random_orientations = 5;
  o.seed = 9;
  const double d1 = cluster_distance(a, b, o);
  const double d2 = cluster_distance(a, b, o);
  EXPECT_EQ(d1, d2);
  EXPECT_GT(d1, 1.0);
  // The symmetric version of the question has the same answer up to the search.
  EXPECT_NEAR(cluster_distance(b, a, o), d1, 0.05 * d1);
}

TEST(PermutationalAlignment, BadInput) {
  const std::vector<double> a(9, 0.0), b(12, 0.0);
  EXPECT_THROW(align_cluster(a, b), std::invalid_argument);
  ClusterAlignmentOptions o;
  o.groups = {{0, 1}, {1, 2}};
  EXPECT_THROW(align_cluster(a, a, o), std::invalid_argument);
  o.groups = {{0, 5}};
  EXPECT_THROW(align_cluster(a, a, o), std::invalid_argument);
  EXPECT_EQ(cluster_distance({}, {}), 0.0);
}

}  // namespace
}  // namespace landscape

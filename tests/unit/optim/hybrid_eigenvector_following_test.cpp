// Hybrid eigenvector-following: known saddles of Mueller-Brown and Lennard-Jones clusters, found
// with the Hessian (LAPACK) and without it (Rayleigh-Ritz with gradient differences).
#include "optim/hybrid_eigenvector_following.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>

#include "common/potentials/lennard_jones.hpp"
#include "common/potentials/mueller_brown.hpp"
#include "common/random/rng.hpp"
#include "optim/counting_potential.hpp"
#include "tests/support/clusters.hpp"
#include "tests/unit/optim/mueller_brown_connection.hpp"
#include "tests/unit/optim/optim_structures.hpp"

namespace landscape::optim {
namespace {

/// 200 steps of at most 0.1 (0.2 for one coordinate) by method.
HefOptions options(EigenMethod method) { return testing::hef_options(method, 200, 0.1, 0.2); }

class MuellerBrownSaddle : public ::testing::TestWithParam<EigenMethod> {};

TEST_P(MuellerBrownSaddle, ConvergesToTheUpperSaddleWithOneNegativeEigenvalue) {
  const MuellerBrown mb;
  HybridEigenvectorFollowing hef(mb, options(GetParam()), false);
  const HefResult r = hef.run(std::vector<double>{-0.75, 0.70}, std::vector<double>{1.0, 0.0});
  ASSERT_TRUE(r.converged()) << to_string(r.status);
  EXPECT_NEAR(r.energy, testing::kMuellerBrownUpperSaddleEnergy, 1e-7);
  EXPECT_LT(testing::max_difference(r.x, testing::kMuellerBrownUpperSaddle), 1e-6);
  EXPECT_LE(r.rms, 1e-6);
  EXPECT_EQ(r.modes.n_negative, 1u);
  EXPECT_LT(r.eigen.value, 0.0);
}

TEST(HybridEigenvectorFollowing, ResultReportsItselfInOneLine) {
  const MuellerBrown mb;
  HybridEigenvectorFollowing hef(mb, options(EigenMethod::kLapack), false);
  const HefResult r = hef.run(std::vector<double>{-0.75, 0.70}, std::vector<double>{1.0, 0.0});
  ASSERT_TRUE(r.converged()) << r.summary();
  EXPECT_TRUE(r.index_checked);
  EXPECT_EQ(r.report().rfind(fmt::format("transition state after {} steps: E= ", r.steps), 0), 0u);
  EXPECT_NE(r.summary().find(", one negative Hessian eigenvalue"), std::string::npos);
  EXPECT_EQ(r.summary().find("NOINDEX"), std::string::npos);
  HefResult limit;
  limit.steps = 100;
  EXPECT_EQ(limit.report(), "no transition state (step limit reached) after 100 steps");
}

TEST(HybridEigenvectorFollowing, OptionsNameTheFirstBrokenRuleAndItsNestedStruct) {
  HefOptions o;
  o.eigen.memory = 0;
  o.min_max = 1.0;  // broken too, but checked after eigen
  EXPECT_EQ(o.validate(), "eigen.memory = 0: must be at least 1");
  o.eigen.memory = 4;
  EXPECT_EQ(o.validate(), "min_max = 1: must be between 0 and 0.5");
  EXPECT_THROW(HybridEigenvectorFollowing(MuellerBrown(), o, false), std::invalid_argument);
  EXPECT_FALSE(HefOptions{}.validate().has_value());
}

INSTANTIATE_TEST_SUITE_P(BothEigenMethods, MuellerBrownSaddle,
                         ::testing::Values(EigenMethod::kLapack,
                                           EigenMethod::kGradientDifferences));

TEST(HybridEigenvectorFollowing, LowerMuellerBrownSaddleFromNearby) {
  const MuellerBrown mb;
  HybridEigenvectorFollowing hef(mb, options(EigenMethod::kLapack), false);
  const HefResult r = hef.run(std::vector<double>{0.25, 0.25}, std::vector<double>{1.0, 0.0});
  ASSERT_TRUE(r.converged());
  EXPECT_NEAR(r.x[0], 0.212, 1e-3);
  EXPECT_NEAR(r.x[1], 0.293, 1e-3);
  EXPECT_NEAR(r.energy, -72.2489, 1e-3);
}

/// A transition state of LJ13 found from a randomly perturbed icosahedron.
HefResult lj13_saddle(const Potential& lj, EigenMethod method, std::uint64_t seed) {
  auto x = testing::lj13_icosahedron();
  Rng rng(seed);
  for (double& v : x) v += 0.3 * rng.symmetric();
  std::vector<double> guess(x.size());
  for (double& v : guess) v = rng.symmetric();
  HybridEigenvectorFollowing hef(lj, options(method), true);
  return hef.run(x, guess);
}

TEST(HybridEigenvectorFollowing, Lj13SearchFromAPerturbedSaddleConvergesToIndexOne) {
  const LennardJones lj(13);
  const HefResult first = lj13_saddle(lj, EigenMethod::kLapack, 5);
  ASSERT_TRUE(first.converged()) << to_string(first.status);
  // Perturb the saddle and search again, without a Hessian.
  auto x = first.x;
  Rng rng(6);
  for (double& v : x) v += 0.05 * rng.symmetric();
  std::vector<double> guess(x.size());
  for (double& v : guess) v = rng.symmetric();
  const CountingPotential counted(lj);
  HybridEigenvectorFollowing hef(counted, options(EigenMethod::kGradientDifferences), true);
  const HefResult again = hef.run(x, guess);
  ASSERT_TRUE(again.converged()) << to_string(again.status);
  EXPECT_EQ(again.modes.n_negative, 1u);
  EXPECT_EQ(again.modes.n_zero, 6u);
  EXPECT_LE(again.rms, 1e-6);
  EXPECT_NEAR(again.energy, first.energy, 1e-7);
  EXPECT_GT(counted.counts().gradient, 0u);
  EXPECT_EQ(counted.counts().hessian, 1u);  // the final index check only
}

TEST(HybridEigenvectorFollowing, StopsAtTheStepLimitWithoutClaimingATransitionState) {
  const LennardJones lj(7);
  HefOptions o = options(EigenMethod::kLapack);
  o.max_steps = 1;
  HybridEigenvectorFollowing hef(lj, o, true);
  const HefResult r = hef.run(testing::lj7_pentagonal_bipyramid(), std::vector<double>(21, 1.0));
  EXPECT_EQ(r.status, HefStatus::kMaxSteps);
  EXPECT_FALSE(r.converged());
}

TEST(HybridEigenvectorFollowing, AMinimumWithNoIndexCheckIsNotATransitionState) {
  // Started at a minimum, the search climbs out of it; with NOINDEX nothing is checked, but the
  // converged point must still have a negative eigenvalue to count as converged.
  const MuellerBrown mb;
  HefOptions o = options(EigenMethod::kLapack);
  o.check_index = false;
  HybridEigenvectorFollowing hef(mb, o, false);
  const HefResult r = hef.run(testing::kMuellerBrownMiddleMinimum, std::vector<double>{1.0, 0.0});
  ASSERT_TRUE(r.converged()) << to_string(r.status);
  EXPECT_LT(r.eigen.value, 0.0);
  EXPECT_GT(r.energy, -80.0);
}

}  // namespace
}  // namespace landscape::optim

// The doubly-nudged elastic band: Mueller-Brown and LJ7 bands with a candidate near the saddle.
#include <gtest/gtest.h>

#include <cmath>

#include "common/potentials/lennard_jones.hpp"
#include "common/potentials/mueller_brown.hpp"
#include "optim/dneb.hpp"
#include "common/geometry/rigid_alignment.hpp"
#include "tests/unit/optim/optim_structures.hpp"

namespace landscape::optim {
namespace {

TEST(DoublyNudgedElasticBand, MuellerBrownBandPassesNearTheUpperSaddle) {
  const MuellerBrown mb;
  DnebOptions o;
  o.images = 20;
  o.max_iterations = 1000;
  o.rms_tolerance = 0.01;
  o.max_step_per_image = 0.05;
  DoublyNudgedElasticBand band(mb, o);
  const DnebResult r = band.run(testing::kMuellerBrownDeepMinimum, testing::kMuellerBrownMiddleMinimum);
  EXPECT_TRUE(r.converged);
  ASSERT_EQ(r.images.size(), 22u);
  EXPECT_EQ(r.images.front(), testing::kMuellerBrownDeepMinimum);
  EXPECT_EQ(r.images.back(), testing::kMuellerBrownMiddleMinimum);
  ASSERT_EQ(r.candidates.size(), 1u);
  const auto& top = r.images[r.candidates[0]];
  EXPECT_LT(std::hypot(top[0] - testing::kMuellerBrownUpperSaddle[0], top[1] - testing::kMuellerBrownUpperSaddle[1]), 0.1);
  EXPECT_NEAR(r.energies[r.candidates[0]], testing::kMuellerBrownUpperSaddleEnergy, 3.0);
  for (const auto& t : r.tangents) EXPECT_NEAR(std::hypot(t[0], t[1]), 1.0, 1e-12);
  // Equal spacing within a few per cent.
  EXPECT_LT(r.spacing_deviation, 10.0);
}

TEST(DoublyNudgedElasticBand, AdjustKChangesTheSpringConstant) {
  const MuellerBrown mb;
  DnebOptions o;
  o.images = 10;
  o.max_iterations = 50;
  o.rms_tolerance = 1e-12;
  o.max_step_per_image = 0.05;
  o.adjust_frequency = 5;
  o.adjust_tolerance = 1e-6;  // always above: k grows every 5 iterations
  o.adjust_factor = 1.1;
  DoublyNudgedElasticBand band(mb, o);
  const DnebResult r = band.run(testing::kMuellerBrownDeepMinimum, testing::kMuellerBrownMiddleMinimum);
  EXPECT_EQ(r.iterations, 50);
  EXPECT_NEAR(r.spring_constant, 100.0 * std::pow(1.1, 10), 1e-6);
}

TEST(DoublyNudgedElasticBand, ABandStopsOnceItsCandidatesHaveSettled) {
  const MuellerBrown mb;
  DnebOptions o;
  o.images = 20;
  o.max_iterations = 2000;
  o.rms_tolerance = 1e-12;  // never reached
  o.max_step_per_image = 0.05;
  const DnebResult full = DoublyNudgedElasticBand(mb, o).run(testing::kMuellerBrownDeepMinimum,
                                                             testing::kMuellerBrownMiddleMinimum);
  EXPECT_FALSE(full.settled);
  o.settle_iterations = 20;
  const DnebResult settled = DoublyNudgedElasticBand(mb, o).run(testing::kMuellerBrownDeepMinimum,
                                                                testing::kMuellerBrownMiddleMinimum);
  EXPECT_TRUE(settled.settled);
  EXPECT_FALSE(settled.converged);
  EXPECT_LT(settled.iterations, full.iterations / 2);
  EXPECT_GT(settled.rms, 0.0);  // the true band gradient where it stopped, not the zero that stopped it
  // The same candidate, near the saddle.
  ASSERT_EQ(settled.candidates.size(), 1u);
  ASSERT_EQ(full.candidates.size(), 1u);
  EXPECT_EQ(settled.candidates, full.candidates);
  const auto& top = settled.images[settled.candidates[0]];
  EXPECT_LT(std::hypot(top[0] - testing::kMuellerBrownUpperSaddle[0], top[1] - testing::kMuellerBrownUpperSaddle[1]),
            0.1);
}

TEST(DoublyNudgedElasticBand, Lj7BandHasOneCandidateAboveBothMinima) {
  const LennardJones lj(7);
  auto finish = testing::lj7_capped_octahedron();
  const auto start = testing::lj7_pentagonal_bipyramid();
  align_rigidly(start, finish);
  DnebOptions o;
  o.images = 10;
  o.max_iterations = 500;
  o.rms_tolerance = 0.01;
  o.spring_constant = 10.0;
  DoublyNudgedElasticBand band(lj, o);
  const DnebResult r = band.run(start, finish);
  EXPECT_TRUE(r.converged);
  ASSERT_EQ(r.candidates.size(), 1u);
  const double top = r.energies[r.candidates[0]];
  EXPECT_GT(top, testing::kLj7CappedOctahedron);
  EXPECT_NEAR(top, testing::kLj7TransitionState, 0.05);
}

}  // namespace
}  // namespace landscape::optim

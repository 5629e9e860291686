// The doubly-nudged elastic band: Mueller-Brown and LJ7 bands with a candidate near the saddle.
#include "optim/dneb.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <stdexcept>

#include "common/geometry/rigid_alignment.hpp"
#include "common/potentials/lennard_jones.hpp"
#include "common/potentials/mueller_brown.hpp"
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
  const DnebResult r =
      band.run(testing::kMuellerBrownDeepMinimum, testing::kMuellerBrownMiddleMinimum);
  EXPECT_EQ(r.status, DnebStatus::kConverged) << r.report();
  ASSERT_EQ(r.images.size(), 22u);
  EXPECT_EQ(r.images.front(), testing::kMuellerBrownDeepMinimum);
  EXPECT_EQ(r.images.back(), testing::kMuellerBrownMiddleMinimum);
  ASSERT_EQ(r.candidates.size(), 1u);
  const auto& top = r.images[r.candidates[0]];
  EXPECT_LT(std::hypot(top[0] - testing::kMuellerBrownUpperSaddle[0],
                       top[1] - testing::kMuellerBrownUpperSaddle[1]),
            0.1);
  EXPECT_NEAR(r.energies[r.candidates[0]], testing::kMuellerBrownUpperSaddleEnergy, 3.0);
  for (const auto& t : r.tangents) EXPECT_NEAR(std::hypot(t[0], t[1]), 1.0, 1e-12);
  // Equal spacing within a few per cent.
  EXPECT_LT(r.spacing_deviation, 10.0);
}

TEST(DoublyNudgedElasticBand, OptionsAreValidatedFieldByField) {
  EXPECT_EQ(DnebOptions{}.validate(), std::nullopt);
  DnebOptions o;
  o.images = 0;
  EXPECT_EQ(o.validate(), "images = 0: must be at least 1");
  const MuellerBrown mb;
  EXPECT_THROW(DoublyNudgedElasticBand(mb, o), std::invalid_argument);
  o = DnebOptions{};
  o.adjust_frequency = 0;
  EXPECT_EQ(o.validate(), "adjust_frequency = 0: must be at least 1");
  o = DnebOptions{};
  o.spring_constant = std::nan("");
  EXPECT_EQ(o.validate(), "spring_constant = nan: must be positive and finite");
}

TEST(DoublyNudgedElasticBand, ResultReportsItsStatusAndCandidates) {
  DnebResult r;
  r.status = DnebStatus::kSettled;
  r.iterations = 40;
  r.rms = 0.5;
  r.spacing_deviation = 3.25;
  r.length = 2.0;
  r.spring_constant = 10.0;
  r.seconds = 0.25;
  EXPECT_EQ(r.report(),
            "40 iterations (candidates settled): RMS= 0.5000 Dev= 3.25% S= 2.0000 k= 10 time= "
            "0.250 s");
  EXPECT_EQ(r.candidates_report(), "transition-state candidates (images above both neighbours): 0");
  r.candidates = {3, 8};
  EXPECT_EQ(r.candidates_report(),
            "transition-state candidates (images above both neighbours): 2, images 3 8");
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
  const DnebResult r =
      band.run(testing::kMuellerBrownDeepMinimum, testing::kMuellerBrownMiddleMinimum);
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
  EXPECT_EQ(full.status, DnebStatus::kIterationLimit) << full.report();
  o.settle_iterations = 20;
  const DnebResult settled = DoublyNudgedElasticBand(mb, o).run(
      testing::kMuellerBrownDeepMinimum, testing::kMuellerBrownMiddleMinimum);
  EXPECT_EQ(settled.status, DnebStatus::kSettled) << settled.report();
  EXPECT_LT(settled.iterations, full.iterations / 2);
  EXPECT_GT(settled.rms,
            0.0);  // the true band gradient where it stopped, not the zero that stopped it
  // The same candidate, near the saddle.
  ASSERT_EQ(settled.candidates.size(), 1u);
  ASSERT_EQ(full.candidates.size(), 1u);
  EXPECT_EQ(settled.candidates, full.candidates);
  const auto& top = settled.images[settled.candidates[0]];
  EXPECT_LT(std::hypot(top[0] - testing::kMuellerBrownUpperSaddle[0],
                       top[1] - testing::kMuellerBrownUpperSaddle[1]),
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
  EXPECT_EQ(r.status, DnebStatus::kConverged) << r.report();
  ASSERT_EQ(r.candidates.size(), 1u);
  const double top = r.energies[r.candidates[0]];
  EXPECT_GT(top, testing::kLj7CappedOctahedron);
  EXPECT_NEAR(top, testing::kLj7TransitionState, 0.05);
}

}  // namespace
}  // namespace landscape::optim

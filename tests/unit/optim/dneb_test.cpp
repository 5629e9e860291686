// The doubly-nudged elastic band: Mueller-Brown and LJ7 bands with a candidate near the saddle.
#include "optim/dneb.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <stdexcept>
#include <vector>

#include "common/geometry/rigid_alignment.hpp"
#include "common/potentials/lennard_jones.hpp"
#include "common/potentials/mueller_brown.hpp"
#include "tests/unit/optim/optim_structures.hpp"

namespace landscape::optim {
namespace {

/// Band options with images interior images, at most max_iterations iterations and the RMS
/// tolerance rms_tolerance; Mueller-Brown bands also cap the step at 0.05 per image.
DnebOptions band_options(int images, int max_iterations, double rms_tolerance,
                         bool mueller_brown = true) {
  DnebOptions o;
  o.images = images;
  o.max_iterations = max_iterations;
  o.rms_tolerance = rms_tolerance;
  if (mueller_brown) o.max_step_per_image = 0.05;
  return o;
}

/// The band between the deep and the middle Mueller-Brown minimum.
DnebResult mueller_brown_band(const DnebOptions& o) {
  const MuellerBrown mb;
  return DoublyNudgedElasticBand(mb, o).run(testing::kMuellerBrownDeepMinimum,
                                            testing::kMuellerBrownMiddleMinimum);
}

/// Expects image within 0.1 of the upper Mueller-Brown saddle.
void expect_near_the_upper_saddle(const std::vector<double>& image) {
  EXPECT_LT(std::hypot(image[0] - testing::kMuellerBrownUpperSaddle[0],
                       image[1] - testing::kMuellerBrownUpperSaddle[1]),
            0.1);
}

TEST(DoublyNudgedElasticBand, MuellerBrownBandPassesNearTheUpperSaddle) {
  const DnebResult r = mueller_brown_band(band_options(20, 1000, 0.01));
  EXPECT_EQ(r.status, DnebStatus::kConverged) << r.report();
  ASSERT_EQ(r.images.size(), 22u);
  EXPECT_EQ(r.images.front(), testing::kMuellerBrownDeepMinimum);
  EXPECT_EQ(r.images.back(), testing::kMuellerBrownMiddleMinimum);
  ASSERT_EQ(r.candidates.size(), 1u);
  expect_near_the_upper_saddle(r.images[r.candidates[0]]);
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
  DnebOptions o = band_options(10, 50, 1e-12);
  o.adjust_frequency = 5;
  o.adjust_tolerance = 1e-6;  // always above: k grows every 5 iterations
  o.adjust_factor = 1.1;
  const DnebResult r = mueller_brown_band(o);
  EXPECT_EQ(r.iterations, 50);
  EXPECT_NEAR(r.spring_constant, 100.0 * std::pow(1.1, 10), 1e-6);
}

TEST(DoublyNudgedElasticBand, ABandStopsOnceItsCandidatesHaveSettled) {
  DnebOptions o = band_options(20, 2000, 1e-12);  // the RMS tolerance is never reached
  const DnebResult full = mueller_brown_band(o);
  EXPECT_EQ(full.status, DnebStatus::kIterationLimit) << full.report();
  o.settle_iterations = 20;
  const DnebResult settled = mueller_brown_band(o);
  EXPECT_EQ(settled.status, DnebStatus::kSettled) << settled.report();
  EXPECT_LT(settled.iterations, full.iterations / 2);
  EXPECT_GT(settled.rms,
            0.0);  // the true band gradient where it stopped, not the zero that stopped it
  // The same candidate, near the saddle.
  ASSERT_EQ(settled.candidates.size(), 1u);
  ASSERT_EQ(full.candidates.size(), 1u);
  EXPECT_EQ(settled.candidates, full.candidates);
  expect_near_the_upper_saddle(settled.images[settled.candidates[0]]);
}

TEST(DoublyNudgedElasticBand, Lj7BandHasOneCandidateAboveBothMinima) {
  const LennardJones lj(7);
  auto finish = testing::lj7_capped_octahedron();
  const auto start = testing::lj7_pentagonal_bipyramid();
  align_rigidly(start, finish);
  DnebOptions o = band_options(10, 500, 0.01, /*mueller_brown=*/false);
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

// Pathways from a transition state: both sides reach their minima, EofS runs through the
// transition state, path.xyz holds the stationary points.
#include "optim/pathway.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "common/potentials/mueller_brown.hpp"
#include "optim/rayleigh_ritz.hpp"
#include "tests/unit/optim/optim_structures.hpp"

namespace landscape::optim {
namespace {

Pathway mueller_brown_path() {
  const MuellerBrown mb;
  const auto& ts = testing::kMuellerBrownUpperSaddle;
  const Eigenpair pair = RayleighRitz(mb, RayleighRitzOptions{}).lowest(ts, {}, ZeroModes());
  PathwayOptions o;
  o.pushoff = 0.01;
  o.minimisation.rms_tolerance = 1e-8;
  o.minimisation.max_iterations = 2000;
  o.minimisation.max_step = 0.05;
  return follow_pathway(mb, ts, mb.energy(ts), pair.vector, o, false);
}

TEST(Pathway, MuellerBrownSaddleLeadsToItsTwoMinima) {
  const Pathway p = mueller_brown_path();
  ASSERT_TRUE(p.plus.result.converged());
  ASSERT_TRUE(p.minus.result.converged());
  const auto& deep = testing::kMuellerBrownDeepMinimum;
  const auto& middle = testing::kMuellerBrownMiddleMinimum;
  const bool plus_is_deep = testing::max_difference(p.plus.minimum(), deep) < 1e-6;
  const auto& other = plus_is_deep ? p.minus.minimum() : p.plus.minimum();
  EXPECT_LT(testing::max_difference(plus_is_deep ? p.plus.minimum() : p.minus.minimum(), deep),
            1e-6);
  EXPECT_LT(testing::max_difference(other, middle), 1e-6);
  EXPECT_GT(p.length, p.distance);  // the path curves
  EXPECT_NEAR(p.distance, std::hypot(deep[0] - middle[0], deep[1] - middle[1]), 1e-5);
  // Energies fall monotonically away from the transition state on both sides.
  for (const PathSide* side : {&p.plus, &p.minus})
    for (std::size_t i = 1; i < side->energies.size(); ++i)
      EXPECT_LE(side->energies[i], side->energies[i - 1] + 1e-10);
}

TEST(Pathway, EofsRunsFromThePlusMinimumThroughTheTransitionState) {
  const Pathway p = mueller_brown_path();
  std::istringstream in(format_eofs(p));
  double s, e, previous_s = -1e300, first_s = 0.0;
  int frame, frames = 0;
  bool saw_ts = false;
  while (in >> s >> e >> frame) {
    if (++frames == 1) first_s = s;
    EXPECT_EQ(frame, frames);
    EXPECT_GT(s, previous_s);
    previous_s = s;
    if (s == 0.0) {
      saw_ts = true;
      EXPECT_DOUBLE_EQ(e, p.ts_energy);
    }
  }
  EXPECT_TRUE(saw_ts);
  EXPECT_EQ(static_cast<std::size_t>(frames), p.plus.frames.size() + p.minus.frames.size() - 1);
  EXPECT_NEAR(previous_s - first_s, p.length, 1e-9);
}

TEST(Pathway, PathXyzHoldsTheStationaryPointsAndTheChosenFrames) {
  const Pathway p = mueller_brown_path();
  const std::string xyz = format_path_xyz(p, 3, false);
  std::size_t frames = 0;
  for (std::size_t pos = xyz.find("E= "); pos != std::string::npos; pos = xyz.find("E= ", pos + 1))
    ++frames;
  EXPECT_EQ(frames, 3u + 2u * 2u);  // three stationary points and two more frames a side
  EXPECT_NE(xyz.find("transition state"), std::string::npos);
  EXPECT_NE(xyz.find("minimum (+)"), std::string::npos);
  EXPECT_NE(xyz.find("minimum (-)"), std::string::npos);
}

}  // namespace
}  // namespace landscape::optim

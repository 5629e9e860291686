// The refinement of a band's candidates into transition states shared by NEWNEB and NEWCONNECT:
// new, known and repeated transition states on a Mueller-Brown band.
#include "optim/ts_refinement.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <vector>

#include "common/landscape/structure_metric.hpp"
#include "common/potentials/mueller_brown.hpp"
#include "optim/counting_potential.hpp"
#include "tests/unit/optim/optim_structures.hpp"

namespace landscape::optim {
namespace {

DnebResult mueller_brown_band(const Potential& potential) {
  DnebOptions o;
  o.images = 20;
  o.max_iterations = 1000;
  o.max_step_per_image = 0.05;
  return DoublyNudgedElasticBand(potential, o)
      .run(testing::kMuellerBrownDeepMinimum, testing::kMuellerBrownMiddleMinimum);
}

HefOptions search_options() {
  HefOptions o;
  o.max_step = 0.1;
  o.max_max = 0.2;
  o.tangent.max_step = 0.1;
  return o;
}

TEST(RefineCandidates, TheBandsCandidateIsANewTransitionStateAndItsCostIsCounted) {
  const MuellerBrown mb;
  CountingPotential counted(mb);
  const DnebResult band = mueller_brown_band(counted);
  ASSERT_EQ(band.candidates.size(), 1u);
  const StructureMetric metric(StructureMetricSettings{});
  std::vector<std::size_t> observed;
  const TsRefinement r =
      refine_candidates(counted, search_options(), false, metric, band, {},
                        [&](const RefinedCandidate& c) { observed.push_back(c.image); });
  ASSERT_EQ(r.candidates.size(), 1u);
  EXPECT_EQ(observed, std::vector<std::size_t>{band.candidates[0]});
  EXPECT_EQ(r.candidates[0].fate, CandidateFate::kNew);
  EXPECT_GT(r.candidates[0].gradient_calls, 0u);
  ASSERT_EQ(r.new_states.size(), 1u);
  EXPECT_NEAR(r.transition_state(0).energy, testing::kMuellerBrownUpperSaddleEnergy, 1e-6);
}

TEST(RefineCandidates, AKnownTransitionStateIsNotNew) {
  const MuellerBrown mb;
  CountingPotential counted(mb);
  const DnebResult band = mueller_brown_band(counted);
  const StructureMetric metric(StructureMetricSettings{});
  const TsRefinement r =
      refine_candidates(counted, search_options(), false, metric, band,
                        [](const HefResult&) -> std::optional<std::size_t> { return 4; });
  ASSERT_EQ(r.candidates.size(), 1u);
  EXPECT_EQ(r.candidates[0].fate, CandidateFate::kKnown);
  EXPECT_EQ(r.candidates[0].same_as, 4u);
  EXPECT_TRUE(r.new_states.empty());
}

}  // namespace
}  // namespace landscape::optim

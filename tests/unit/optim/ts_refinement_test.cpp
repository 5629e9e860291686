// The refinement of a band's candidates into transition states shared by NEWNEB and NEWCONNECT:
// new, known and repeated transition states on a Mueller-Brown band; the step-off from a saddle
// of index two on a double well in two variables.
#include "optim/ts_refinement.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "common/landscape/structure_metric.hpp"
#include "common/linalg/vector_ops.hpp"
#include "common/potentials/mueller_brown.hpp"
#include "optim/counting_potential.hpp"
#include "tests/support/stationary_points.hpp"
#include "tests/unit/optim/mueller_brown_connection.hpp"
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

/// V = (x^2 - 1)^2 + 2 (y^2 - 1)^2 + x y / 2: a maximum (index two, V = 3) at the origin, four
/// saddles of index one near (+-1, 0) and (0, +-1) and four minima near (+-1, +-1). The coupling
/// x y keeps the minimisations from the origin off the saddles' axes.
class DoubleWell2D final : public Potential {
 public:
  std::size_t n_dof() const override { return 2; }
  std::string name() const override { return "double well"; }
  bool has_analytic_hessian() const override { return true; }
  double energy(std::span<const double> x) const override {
    const double a = x[0] * x[0] - 1.0, b = x[1] * x[1] - 1.0;
    return a * a + 2.0 * b * b + 0.5 * x[0] * x[1];
  }
  double energy_gradient(std::span<const double> x, std::span<double> g) const override {
    g[0] = 4.0 * x[0] * (x[0] * x[0] - 1.0) + 0.5 * x[1];
    g[1] = 8.0 * x[1] * (x[1] * x[1] - 1.0) + 0.5 * x[0];
    return energy(x);
  }
  double energy_gradient_hessian(std::span<const double> x, std::span<double> g,
                                 std::span<double> h) const override {
    h[0] = 12.0 * x[0] * x[0] - 4.0;
    h[1] = h[2] = 0.5;
    h[3] = 24.0 * x[1] * x[1] - 8.0;
    return energy_gradient(x, g);
  }
};

StepOffOptions double_well_step_off() {
  StepOffOptions o;
  o.displacement = 0.01;
  o.minimisation.rms_tolerance = 1e-8;
  o.minimisation.max_iterations = 1000;
  o.minimisation.max_step = 0.05;
  o.search = testing::hef_options(EigenMethod::kLapack, 200, 0.05, 0.1);
  return o;
}

TEST(StepOffHigherIndex, TheSearchThatEndsAtTheMaximumIsAHigherIndexPointNotATransitionState) {
  const DoubleWell2D well;
  HybridEigenvectorFollowing hef(well, double_well_step_off().search, false);
  const HefResult r = hef.run(std::vector<double>{0.0, 0.0}, std::vector<double>{0.0, 1.0});
  EXPECT_EQ(r.status, HefStatus::kWrongIndex) << r.summary();
  EXPECT_EQ(r.modes.n_negative, 2u);
  EXPECT_TRUE(converged_to_higher_index(r));
  EXPECT_FALSE(r.converged());
}

TEST(StepOffHigherIndex, BothModesBothWaysGiveMinimaAndTheExtraModeTheTwoSaddlesBesideIt) {
  const DoubleWell2D well;
  CountingPotential counted(well);
  const std::vector<double> top = {0.0, 0.0};
  const HigherIndexStepOff r = step_off_higher_index(counted, top, double_well_step_off());

  // The two negative modes at the maximum, ascending: about -8 along y, -4 along x.
  ASSERT_EQ(r.index(), 2u);
  EXPECT_LT(r.eigenvalues[0], r.eigenvalues[1]);
  EXPECT_NEAR(r.eigenvalues[0], -6.0 - std::sqrt(4.25), 1e-9);
  EXPECT_NEAR(r.eigenvalues[1], -6.0 + std::sqrt(4.25), 1e-9);
  for (const auto& v : r.modes) EXPECT_NEAR(dot(v, v), 1.0, 1e-12);
  EXPECT_NEAR(dot(r.modes[0], r.modes[1]), 0.0, 1e-12);
  EXPECT_GT(std::abs(r.modes[0][1]), 0.9) << "the lowest mode lies along y";

  // Four minimisations, each to a minimum below the maximum.
  ASSERT_EQ(r.minima.size(), 4u);
  std::vector<std::vector<double>> reached;
  for (const StepOffMinimum& m : r.minima) {
    EXPECT_TRUE(m.result.converged()) << m.result.report();
    EXPECT_LT(m.start.energy, 3.0);
    EXPECT_LT(m.result.energy, m.start.energy);
    EXPECT_EQ(testing::index_of(testing::hessian_eigenvalues(well, m.x)), 0);
    EXPECT_GT(m.gradient_calls, 0u);
    reached.push_back(m.x);
  }
  // Along y the maximum falls to minima on either side of the x axis.
  EXPECT_GT(reached[0][1] * reached[1][1], -2.0);
  EXPECT_LT(reached[0][1] * reached[1][1], 0.0);

  // Two searches along the lowest mode from the displacements along the other one: the saddles
  // of index one near (+1, 0) and (-1, 0).
  ASSERT_EQ(r.searches.size(), 2u);
  for (const StepOffSearch& s : r.searches) {
    EXPECT_EQ(s.start.mode, 1u);
    ASSERT_TRUE(s.search.converged()) << s.search.summary();
    EXPECT_EQ(s.search.modes.n_negative, 1u);
    EXPECT_EQ(testing::index_of(testing::hessian_eigenvalues(well, s.search.x)), 1);
    EXPECT_LT(s.search.energy, 3.0);
    EXPECT_NEAR(std::abs(s.search.x[0]), 1.0, 0.1);
    EXPECT_NEAR(s.search.x[1], 0.0, 0.1);
  }
  EXPECT_LT(r.searches[0].search.x[0] * r.searches[1].search.x[0], 0.0)
      << "one saddle on each side";

  // Every evaluation counted, the minimisations' and the searches' among them.
  std::size_t parts = 0;
  for (const StepOffMinimum& m : r.minima) parts += m.gradient_calls;
  for (const StepOffSearch& s : r.searches) parts += s.gradient_calls;
  EXPECT_EQ(r.gradient_calls, counted.counts().gradient);
  EXPECT_EQ(r.gradient_calls, parts);
}

TEST(StepOffHigherIndex, ASaddleOfIndexOneIsNotSteppedOff) {
  const DoubleWell2D well;
  CountingPotential counted(well);
  HybridEigenvectorFollowing hef(well, double_well_step_off().search, false);
  const HefResult ts = hef.run(std::vector<double>{0.9, 0.05}, std::vector<double>{0.0, 1.0});
  ASSERT_TRUE(ts.converged()) << ts.summary();
  EXPECT_FALSE(converged_to_higher_index(ts));
  const HigherIndexStepOff r = step_off_higher_index(counted, ts.x, double_well_step_off());
  EXPECT_EQ(r.index(), 1u);
  EXPECT_TRUE(r.minima.empty());
  EXPECT_TRUE(r.searches.empty());
  EXPECT_EQ(r.gradient_calls, 0u);
}

}  // namespace
}  // namespace landscape::optim

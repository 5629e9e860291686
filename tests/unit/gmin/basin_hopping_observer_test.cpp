// The basin-hopping observer sees every step and can stop the run.
#include <gtest/gtest.h>

#include <vector>

#include "common/io/logger.hpp"
#include "common/potentials/lennard_jones.hpp"
#include "common/random/rng.hpp"
#include "gmin/basin_hopping.hpp"
#include "gmin/gmin_keywords.hpp"

namespace landscape::gmin {
namespace {

TEST(BasinHoppingObserver, StopsTheRunAfterTheStepItAsks) {
  GminOptions options;
  ASSERT_TRUE(gmin_keyword_table().parse("data", "STEPS 50\nTEMPERATURE 1.0\n", options).ok());
  const LennardJones lj(7);
  Logger log(nullptr);
  BasinHopping bh(basin_hopping_options(options), lj, StepMove{StepKind::kCluster, &lj}, 3.0, log);
  std::vector<double> x(21);
  Rng rng(2);
  for (double& v : x) v = 1.0 * rng.symmetric();
  bh.start(x);
  std::vector<long long> seen;
  const StopReason reason = bh.run([&](const StepReport& r) {
    seen.push_back(r.step);
    return r.step == 7 ? ObserverAction::kStop : ObserverAction::kContinue;
  });
  EXPECT_EQ(reason, StopReason::kObserver);
  ASSERT_EQ(seen.size(), 7u);
  for (std::size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i], static_cast<long long>(i + 1));
  EXPECT_EQ(bh.state().step, 7);

  BasinHopping all(basin_hopping_options(options), lj, StepMove{StepKind::kCluster, &lj}, 3.0, log);
  all.start(x);
  EXPECT_EQ(all.run({}), StopReason::kSteps);
  EXPECT_EQ(all.state().step, 50);
}

}  // namespace
}  // namespace landscape::gmin

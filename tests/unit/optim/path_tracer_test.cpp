// PathTracer on Mueller-Brown: each of the two saddles, found by eigenvector-following, is traced
// down to the two minima it joins (the upper one to the deepest and the middle minimum, the lower
// one to the middle and the second-deepest), both true minima below it; a minimum offered as a
// transition state gives no valid triple.
#include "optim/path_tracer.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "common/io/logger.hpp"
#include "common/landscape/structure_metric.hpp"
#include "common/potentials/mueller_brown.hpp"
#include "optim/hybrid_eigenvector_following.hpp"
#include "tests/support/stationary_points.hpp"
#include "tests/support/test_paths.hpp"
#include "tests/unit/optim/mueller_brown_connection.hpp"

namespace landscape::optim {
namespace {

using testing::kMuellerBrownMinima;
using testing::kMuellerBrownSaddles;

/// Distance in the plane.
double apart(const std::vector<double>& a, const std::vector<double>& b) {
  return std::hypot(a[0] - b[0], a[1] - b[1]);
}

struct SaddleCase {
  std::size_t saddle;                ///< index into kMuellerBrownSaddles
  std::size_t minimum_a, minimum_b;  ///< the minima it joins (kMuellerBrownMinima)
  double energy;                     ///< of the saddle
};

TEST(PathTracer, EachMuellerBrownSaddleLeadsToTheTwoMinimaItJoins) {
  const MuellerBrown mb;
  const StructureMetric metric{StructureMetricSettings{}};
  Logger log(std::tmpfile());
  const PathTracer tracer(mb, testing::mueller_brown_tracer(), metric, log);
  for (const SaddleCase& c : {SaddleCase{0, 0, 2, -40.6648}, SaddleCase{1, 1, 2, -72.2489}}) {
    SCOPED_TRACE(c.saddle);
    // Eigenvector-following from a point off the saddle.
    std::vector<double> start = kMuellerBrownSaddles[c.saddle];
    start[0] += 0.02;
    start[1] -= 0.02;
    HybridEigenvectorFollowing hef(mb, testing::mueller_brown_hef(), false);
    const HefResult ts = hef.run(start, std::vector<double>{1.0, 0.0});
    ASSERT_TRUE(ts.converged());
    const TracedPath path = tracer.trace(ts, "ts", testing::scratch_dir("tracer"), "", "");
    ASSERT_TRUE(path.valid()) << path.faults.front();
    EXPECT_FALSE(path.degenerate);
    EXPECT_NEAR(path.ts.energy, c.energy, 1e-3);
    EXPECT_LT(apart(path.ts.coords, kMuellerBrownSaddles[c.saddle]), 2e-3);
    EXPECT_EQ(path.ts.n_negative, 1u);
    EXPECT_EQ(testing::index_of(testing::hessian_eigenvalues(mb, path.ts.coords)), 1);
    for (const StationaryPoint* m : {&path.plus, &path.minus}) {
      EXPECT_EQ(m->n_negative, 0u);
      EXPECT_EQ(testing::index_of(testing::hessian_eigenvalues(mb, m->coords)), 0);
      EXPECT_LT(m->energy, path.ts.energy);
      EXPECT_LT(m->rms, 1e-6);
    }
    // One side to each minimum the saddle joins.
    const auto& a = kMuellerBrownMinima[c.minimum_a];
    const auto& b = kMuellerBrownMinima[c.minimum_b];
    const bool plus_is_a = apart(path.plus.coords, a) < apart(path.plus.coords, b);
    EXPECT_LT(apart(plus_is_a ? path.plus.coords : path.minus.coords, a), 2e-3);
    EXPECT_LT(apart(plus_is_a ? path.minus.coords : path.plus.coords, b), 2e-3);
    // The pathway descends from the saddle on both sides.
    EXPECT_NEAR(path.pathway.ts_energy, path.ts.energy, 1e-9);
    EXPECT_NEAR(path.pathway.plus.energy(), path.plus.energy, 1e-9);
    EXPECT_NEAR(path.pathway.minus.energy(), path.minus.energy, 1e-9);
    EXPECT_GT(path.pathway.length, apart(path.plus.coords, path.minus.coords) - 1e-9);
  }
}

TEST(PathTracer, AMinimumOfferedAsATransitionStateGivesNoValidTriple) {
  const MuellerBrown mb;
  const StructureMetric metric{StructureMetricSettings{}};
  Logger log(std::tmpfile());
  const PathTracer tracer(mb, testing::mueller_brown_tracer(), metric, log);
  const StationaryPoint middle = testing::mueller_brown_minimum(kMuellerBrownMinima[2]);
  HefResult fake;
  fake.status = HefStatus::kConverged;
  fake.x = middle.coords;
  fake.energy = middle.energy;
  fake.eigen.value = 1.0;
  fake.eigen.vector = {1.0, 0.0};
  const TracedPath path = tracer.trace(fake, "fake", testing::scratch_dir("tracer-fake"), "", "");
  EXPECT_FALSE(path.valid());
  EXPECT_FALSE(path.faults.empty());
}

}  // namespace
}  // namespace landscape::optim

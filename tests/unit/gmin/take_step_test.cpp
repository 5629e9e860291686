// Basin-hopping's step: a network step moves every weight (not only the first 3*floor(n/3)), a
// cluster step moves every atom within the container.
#include "gmin/take_step.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "common/potentials/lennard_jones.hpp"

namespace landscape::gmin {
namespace {

TEST(TakeStep, UniformStepMovesEveryCoordinateWithinTheStep) {
  for (const std::size_t n : {1u, 2u, 17u, 40u}) {
    SCOPED_TRACE("n = " + std::to_string(n));
    std::vector<double> x(n, 0.5);
    Rng rng(3);
    TakeStep step(StepMove{StepKind::kUniform, nullptr});
    EXPECT_EQ(step.perturb(x, 0.25, 1.0, 0.0, rng), 0);
    for (double v : x) {
      EXPECT_NE(v, 0.5) << "every coordinate moves";
      EXPECT_LE(std::abs(v - 0.5), 0.25);
    }
  }
}

TEST(TakeStep, ClusterStepMovesEveryAtomAndKeepsThemInTheContainer) {
  const std::size_t n_atoms = 13;
  std::vector<double> x(3 * n_atoms);
  Rng start(1);
  TakeStep::random_cluster(x, 2.0, start);
  const std::vector<double> before = x;
  const LennardJones lj(n_atoms);
  TakeStep step(StepMove{StepKind::kCluster, &lj});
  Rng rng(7);
  step.perturb(x, 0.4, 0.0, 2.5, rng);  // astep 0: no angular move
  double cx = 0, cy = 0, cz = 0;
  for (std::size_t a = 0; a < n_atoms; ++a) {
    cx += x[3 * a] / n_atoms;
    cy += x[3 * a + 1] / n_atoms;
    cz += x[3 * a + 2] / n_atoms;
  }
  for (std::size_t a = 0; a < n_atoms; ++a) {
    for (int k = 0; k < 3; ++k) EXPECT_NE(x[3 * a + k], before[3 * a + k]);
    const double r = std::hypot(x[3 * a] - cx, x[3 * a + 1] - cy, x[3 * a + 2] - cz);
    EXPECT_LE(r, 2.5 + 1e-12) << "atom " << a << " outside the container";
  }
}

}  // namespace
}  // namespace landscape::gmin

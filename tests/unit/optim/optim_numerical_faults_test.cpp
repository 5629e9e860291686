// Numerical faults in optim's searches are statuses, never an abort: L-BFGS and hybrid
// eigenvector-following on a potential that returns NaN or Inf (energy, gradient or Hessian) after
// some calls, and on a surface whose Hessian is singular everywhere.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "common/optimize/lbfgs.hpp"
#include "common/potentials/lennard_jones.hpp"
#include "common/potentials/mueller_brown.hpp"
#include "optim/hybrid_eigenvector_following.hpp"
#include "tests/support/faulty_potential.hpp"
#include "tests/unit/optim/mueller_brown_connection.hpp"
#include "tests/unit/optim/optim_structures.hpp"

namespace landscape::optim {
namespace {

using testing::FaultyPotential;

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

/// V(x, y) = x + 2y: a gradient that never vanishes and a Hessian that is zero (singular).
class Plane final : public Potential {
 public:
  std::size_t n_dof() const override { return 2; }
  std::string name() const override { return "plane"; }
  double energy(std::span<const double> x) const override { return x[0] + 2.0 * x[1]; }
  double energy_gradient(std::span<const double> x, std::span<double> grad) const override {
    grad[0] = 1.0;
    grad[1] = 2.0;
    return energy(x);
  }
  double energy_gradient_hessian(std::span<const double> x, std::span<double> grad,
                                 std::span<double> hess) const override {
    for (double& h : hess) h = 0.0;
    return energy_gradient(x, grad);
  }
  bool has_analytic_hessian() const override { return true; }
};

TEST(NumericalFaults, LbfgsStopsWithTheNonFiniteStatusAtTheLastGoodPoint) {
  const LennardJones lj(7);
  for (const double bad : {kNaN, kInf}) {
    for (const long good : {0L, 1L, 8L}) {
      SCOPED_TRACE(std::to_string(bad) + " after " + std::to_string(good));
      const FaultyPotential faulty(lj, good, bad);
      std::vector<double> x = testing::lj7_pentagonal_bipyramid();
      for (std::size_t i = 0; i < x.size(); ++i) x[i] += 0.05 * std::sin(1.0 + i);
      Lbfgs lbfgs(LbfgsOptions{});
      MinimizeResult r;
      EXPECT_NO_THROW(r = lbfgs.minimize(faulty, x));
      EXPECT_EQ(r.status, MinimizeStatus::kNonFinite) << r.report();
      EXPECT_FALSE(r.converged());
      if (good > 0) {
        EXPECT_TRUE(std::isfinite(r.energy));
        for (const double v : x) EXPECT_TRUE(std::isfinite(v));
      }
    }
  }
}

TEST(NumericalFaults, EigenvectorFollowingReportsANonFiniteEnergyOrGradientAsAStatus) {
  const MuellerBrown mb;
  for (const EigenMethod method : {EigenMethod::kLapack, EigenMethod::kGradientDifferences}) {
    for (const double bad : {kNaN, kInf}) {
      for (const long good : {0L, 3L, 20L}) {
        SCOPED_TRACE(std::to_string(bad) + " after " + std::to_string(good));
        const FaultyPotential faulty(mb, good, bad);
        HybridEigenvectorFollowing hef(faulty, testing::hef_options(method, 200, 0.1, 0.2), false);
        HefResult r;
        EXPECT_NO_THROW(
            r = hef.run(std::vector<double>{-0.75, 0.70}, std::vector<double>{1.0, 0.0}));
        EXPECT_FALSE(r.converged()) << r.summary();
        EXPECT_EQ(r.status, HefStatus::kNonFinite) << r.summary();
      }
    }
  }
}

TEST(NumericalFaults, EigenvectorFollowingSurvivesANonFiniteHessian) {
  const MuellerBrown mb;
  for (const double bad : {kNaN, kInf}) {
    SCOPED_TRACE(bad);
    const FaultyPotential faulty(mb, 0, bad, /*hessian_only=*/true);
    HybridEigenvectorFollowing hef(
        faulty, testing::hef_options(EigenMethod::kLapack, 200, 0.1, 0.2), false);
    HefResult r;
    EXPECT_NO_THROW(r = hef.run(std::vector<double>{-0.75, 0.70}, std::vector<double>{1.0, 0.0}));
    EXPECT_FALSE(r.converged()) << r.summary();
  }
}

TEST(NumericalFaults, EigenvectorFollowingOnASingularHessianEndsWithAStatus) {
  const Plane plane;
  for (const EigenMethod method : {EigenMethod::kLapack, EigenMethod::kGradientDifferences}) {
    HybridEigenvectorFollowing hef(plane, testing::hef_options(method, 50, 0.1, 0.2), false);
    HefResult r;
    EXPECT_NO_THROW(r = hef.run(std::vector<double>{0.3, -0.2}, std::vector<double>{1.0, 0.0}));
    EXPECT_FALSE(r.converged()) << r.summary();
    for (const double v : r.x) EXPECT_TRUE(std::isfinite(v)) << r.summary();
  }
}

}  // namespace
}  // namespace landscape::optim

// The lowest Hessian eigenpair apart from the zero modes: LAPACK and Rayleigh-Ritz with gradient
// differences agree with the full spectrum.
#include "optim/rayleigh_ritz.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "common/analysis/normal_modes.hpp"
#include "common/potentials/lennard_jones.hpp"
#include "common/potentials/mueller_brown.hpp"
#include "common/random/rng.hpp"
#include "tests/unit/optim/optim_structures.hpp"

namespace landscape::optim {
namespace {

double overlap(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return std::abs(s);
}

std::vector<double> random_vector(std::size_t n, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<double> v(n);
  for (double& e : v) e = rng.symmetric();
  return v;
}

TEST(RayleighRitz, LapackSkipsTheZeroModesOfACluster) {
  const LennardJones lj(7);
  const auto x = testing::lj7_capped_octahedron();
  const ZeroModes z(x);
  const NormalModes modes = normal_modes(lj, x, 6);
  const RayleighRitz rr(lj, RayleighRitzOptions{});
  const Eigenpair pair = rr.lowest(x, random_vector(21, 1), z);
  EXPECT_NEAR(pair.value, modes.smallest_nonzero, 1e-8);
  EXPECT_GT(pair.value, 1.0);  // a minimum: the lowest non-zero mode is positive
  std::vector<double> v = pair.vector;
  z.project(v);
  EXPECT_NEAR(overlap(v, pair.vector), 1.0, 1e-8);
}

TEST(RayleighRitz, GradientDifferencesAgreeWithLapack) {
  const LennardJones lj(7);
  auto x = testing::lj7_capped_octahedron();
  // Away from a stationary point, where the lowest mode is negative.
  for (std::size_t i = 0; i < x.size(); ++i)
    x[i] = 0.5 * (testing::lj7_pentagonal_bipyramid()[i] + x[i]);
  const ZeroModes z(x);
  const Eigenpair exact =
      RayleighRitz(lj, RayleighRitzOptions{}).lowest(x, random_vector(21, 2), z);
  RayleighRitzOptions o;
  o.method = EigenMethod::kGradientDifferences;
  o.rms_tolerance = 1e-6;
  o.max_iterations = 1000;
  const Eigenpair iterated = RayleighRitz(lj, o).lowest(x, random_vector(21, 3), z);
  EXPECT_TRUE(iterated.converged);
  EXPECT_GT(iterated.iterations, 0);
  EXPECT_NEAR(iterated.value, exact.value, 1e-5 * std::max(1.0, std::abs(exact.value)));
  EXPECT_GT(overlap(iterated.vector, exact.vector), 1.0 - 1e-6);
}

TEST(RayleighRitz, FirstOrderDifferencesAgreeWithLapack) {
  const LennardJones lj(7);
  auto x = testing::lj7_capped_octahedron();
  const auto gm = testing::lj7_pentagonal_bipyramid();
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = 0.5 * (gm[i] + x[i]);
  const ZeroModes z(x);
  const Eigenpair exact =
      RayleighRitz(lj, RayleighRitzOptions{}).lowest(x, random_vector(21, 2), z);
  RayleighRitzOptions o;
  o.method = EigenMethod::kGradientDifferences;
  o.formula = CurvatureFormula::kForwardDifferences;
  o.rms_tolerance = 1e-5;
  o.max_iterations = 1000;
  const Eigenpair iterated = RayleighRitz(lj, o).lowest(x, random_vector(21, 3), z);
  EXPECT_TRUE(iterated.converged);
  // First-order differences carry an error of order zeta = 1e-6 times the third derivative.
  EXPECT_NEAR(iterated.value, exact.value, 1e-3 * std::max(1.0, std::abs(exact.value)));
  EXPECT_GT(overlap(iterated.vector, exact.vector), 1.0 - 1e-6);
}

/// Lennard-Jones shifted by a large constant: the same Hessian, energies of 1e8.
class ShiftedLennardJones : public Potential {
 public:
  explicit ShiftedLennardJones(std::size_t n) : lj_(n) {}
  std::size_t n_dof() const override { return lj_.n_dof(); }
  std::string name() const override { return "shifted Lennard-Jones"; }
  double energy(std::span<const double> x) const override { return kShift + lj_.energy(x); }
  double energy_gradient(std::span<const double> x, std::span<double> g) const override {
    return kShift + lj_.energy_gradient(x, g);
  }
  static constexpr double kShift = 1e8;

 private:
  LennardJones lj_;
};

TEST(RayleighRitz, UsediagFormulasAgreeWithLapackAndTwoSurvivesLargeEnergies) {
  auto x = testing::lj7_capped_octahedron();
  for (std::size_t i = 0; i < x.size(); ++i)
    x[i] = 0.5 * (testing::lj7_pentagonal_bipyramid()[i] + x[i]);
  const ZeroModes z(x);
  const LennardJones lj(7);
  const ShiftedLennardJones shifted(7);
  const double exact =
      RayleighRitz(lj, RayleighRitzOptions{}).lowest(x, random_vector(21, 2), z).value;
  auto iterate = [&](const Potential& p, CurvatureFormula formula) {
    RayleighRitzOptions o;
    o.method = EigenMethod::kGradientDifferences;
    o.formula = formula;
    o.rms_tolerance = 1e-5;
    o.max_iterations = 1000;
    return RayleighRitz(p, o).lowest(x, random_vector(21, 3), z);
  };
  for (const CurvatureFormula f :
       {CurvatureFormula::kEnergyDifferences, CurvatureFormula::kGradientDifferences}) {
    const Eigenpair pair = iterate(lj, f);
    EXPECT_TRUE(pair.converged);
    // Truncation error of order zeta^2 = 1e-6 times the fourth derivative.
    EXPECT_NEAR(pair.value, exact, 1e-4 * std::max(1.0, std::abs(exact)));
  }
  // With energies of 1e8 the energy formula loses about eps 1e8 / zeta^2 = 0.02 to rounding;
  // the gradient formula (USEDIAG 2) does not see the shift at all.
  const Eigenpair two = iterate(shifted, CurvatureFormula::kGradientDifferences);
  EXPECT_NEAR(two.value, exact, 1e-4 * std::max(1.0, std::abs(exact)));
  const double one = iterate(shifted, CurvatureFormula::kEnergyDifferences).value;
  EXPECT_GT(std::abs(one - exact), std::abs(two.value - exact));
}

TEST(RayleighRitz, MuellerBrownSaddleHasOneNegativeMode) {
  const MuellerBrown mb;
  const ZeroModes none;
  const Eigenpair exact =
      RayleighRitz(mb, RayleighRitzOptions{}).lowest(testing::kMuellerBrownUpperSaddle, {}, none);
  EXPECT_NEAR(exact.value, -750.8626617, 1e-3);
  RayleighRitzOptions o;
  o.method = EigenMethod::kGradientDifferences;
  o.rms_tolerance = 1e-6;
  const Eigenpair iterated = RayleighRitz(mb, o).lowest(testing::kMuellerBrownUpperSaddle,
                                                        std::vector<double>{1.0, 0.3}, none);
  EXPECT_NEAR(iterated.value, exact.value, 1e-2);
  EXPECT_GT(overlap(iterated.vector, exact.vector), 1.0 - 1e-8);
}

}  // namespace
}  // namespace landscape::optim

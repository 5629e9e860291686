// The periodic binary Lennard-Jones (OPTIM's LS, GMIN's ljpshift): the pair law and its shift
// (energy and force vanish at each pair's cut-off), the minimum image convention (invariance under
// translation and under moving an atom by a box vector, interactions across the faces), the zero
// modes of a quenched BLJ60 minimum, and the parameter checks. The gradient and Hessian against
// finite differences are in potential_contract_test.
#include "common/potentials/binary_lj_periodic.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "common/analysis/normal_modes.hpp"
#include "common/optimize/lbfgs.hpp"
#include "common/random/rng.hpp"
#include "tests/support/binary_lj.hpp"
#include "tests/support/clusters.hpp"

namespace landscape {
namespace {

using testing::blj60_parameters;
using testing::box_lattice;
using testing::kBlj60Box;

/// Two atoms (types given by n_a: 2 = AA, 1 = AB, 0 = BB) a distance r apart along x in the box.
double dimer_energy(const BinaryLennardJonesPeriodic& p, double r, double x0 = 0.3) {
  const std::vector<double> x = {x0, 0.4, 0.5, x0 + r, 0.4, 0.5};
  return p.energy(x);
}

TEST(BinaryLjPeriodic, PairLawIsShiftedLennardJonesWithTheCutoffInUnitsOfSigma) {
  const BinaryLjParameters params = blj60_parameters(2);
  const BinaryLennardJonesPeriodic aa(2, params);
  // V(r) = 4 eps [(s/r)^12 - (s/r)^6 + c2 r^2 + c0], c0 = 4 u^6 - 7 u^12, c2 = (6 u^12 - 3
  // u^6)/rc^2 with u = 1/cutoff and rc = cutoff sigma.
  const double u6 = std::pow(1.79, -6.0), u12 = u6 * u6;
  const auto expected = [&](double eps, double sigma, double r) {
    const double rc = 1.79 * sigma;
    const double s6 = std::pow(sigma / r, 6.0);
    return 4.0 * eps *
           (s6 * s6 - s6 + (6.0 * u12 - 3.0 * u6) / (rc * rc) * r * r + 4.0 * u6 - 7.0 * u12);
  };
  for (double r : {0.9, 1.0, 1.1, 1.3, 1.6}) {
    EXPECT_NEAR(dimer_energy(aa, r), expected(1.0, 1.0, r), 1e-12) << "AA r=" << r;
    EXPECT_NEAR(aa.pair_energy(0, 0, r), expected(1.0, 1.0, r), 1e-12);
    EXPECT_NEAR(aa.pair_energy(0, 1, 0.8 * r), expected(1.5, 0.8, 0.8 * r), 1e-12);
    EXPECT_NEAR(aa.pair_energy(1, 1, 0.88 * r), expected(0.5, 0.88, 0.88 * r), 1e-12);
  }
  const BinaryLennardJonesPeriodic ab(2, blj60_parameters(1));
  const BinaryLennardJonesPeriodic bb(2, blj60_parameters(0));
  EXPECT_NEAR(dimer_energy(ab, 0.9), expected(1.5, 0.8, 0.9), 1e-12);
  EXPECT_NEAR(dimer_energy(bb, 0.9), expected(0.5, 0.88, 0.9), 1e-12);
}

TEST(BinaryLjPeriodic, EnergyAndForceVanishContinuouslyAtEachCutoff) {
  for (std::size_t n_a : {2u, 1u, 0u}) {  // AA, AB, BB
    const BinaryLjParameters params = blj60_parameters(n_a);
    const BinaryLennardJonesPeriodic p(2, params);
    const double sigma = n_a == 2 ? 1.0 : n_a == 1 ? params.sigma_ab : params.sigma_bb;
    const double rc = params.cutoff * sigma;
    std::vector<double> g(6);
    for (double below : {1e-3, 1e-5, 1e-7}) {
      const double r = rc - below;
      const std::vector<double> x = {0.3, 0.4, 0.5, 0.3 + r, 0.4, 0.5};
      const double e = p.energy_gradient(x, g);
      // V and V' vanish at rc, so V ~ V''(rc) below^2 / 2 and V' ~ V''(rc) below.
      EXPECT_LT(std::abs(e), 10.0 * below * below) << "n_a " << n_a << ", rc - " << below;
      EXPECT_LT(std::abs(g[0]), 10.0 * below) << "n_a " << n_a << ", rc - " << below;
    }
    EXPECT_EQ(dimer_energy(p, rc), 0.0) << "no interaction at the cut-off";
    EXPECT_EQ(dimer_energy(p, rc + 1e-9), 0.0);
    EXPECT_EQ(dimer_energy(p, 1.7935), 0.0) << "nor at half the box";
  }
}

TEST(BinaryLjPeriodic, AtomsInteractAcrossTheFacesOfTheBox) {
  const BinaryLennardJonesPeriodic p(2, blj60_parameters(2));
  // x = 0.5 and x = L - 0.5: one unit apart through the face x = 0.
  const std::vector<double> across = {0.5, 1.0, 1.0, kBlj60Box - 0.5, 1.0, 1.0};
  EXPECT_NEAR(p.energy(across), dimer_energy(p, 1.0), 1e-12);
  std::vector<double> g(6);
  p.energy_gradient(across, g);
  // Through the face atom 0 lies at +1 from atom 1 (x0 - x1 = 0.5 - (L - 0.5) = 1 - L, whose
  // minimum image is +1); repulsive at r = 1, so V falls as atom 0 moves on along +x.
  EXPECT_LT(g[0], 0.0);
  EXPECT_NEAR(g[0], -g[3], 1e-12);
}

TEST(BinaryLjPeriodic, InvariantUnderTranslationAndBoxVectorsOfSingleAtoms) {
  const BinaryLennardJonesPeriodic p(60, blj60_parameters());
  Rng rng(77);
  for (int c = 0; c < 4; ++c) {
    const std::vector<double> x = box_lattice(60, kBlj60Box, 0.12, rng);
    std::vector<double> g0(180), g1(180);
    const double e0 = p.energy_gradient(x, g0);
    const double tol = 1e-10 * std::max(1.0, std::abs(e0));

    std::vector<double> moved = x;
    const double shift[3] = {5.0 * rng.symmetric(), 5.0 * rng.symmetric(), 5.0 * rng.symmetric()};
    for (std::size_t i = 0; i < moved.size(); ++i) moved[i] += shift[i % 3];
    EXPECT_NEAR(p.energy_gradient(moved, g1), e0, tol) << "translation, configuration " << c;
    for (std::size_t i = 0; i < 180; ++i) EXPECT_NEAR(g1[i], g0[i], 1e-9);

    moved = x;  // every atom by its own box vector: the same periodic structure
    for (std::size_t i = 0; i < 60; ++i)
      for (std::size_t a = 0; a < 3; ++a)
        moved[3 * i + a] += kBlj60Box * static_cast<double>(static_cast<int>(rng.below(5)) - 2);
    EXPECT_NEAR(p.energy_gradient(moved, g1), e0, tol) << "box vectors, configuration " << c;
    for (std::size_t i = 0; i < 180; ++i) EXPECT_NEAR(g1[i], g0[i], 1e-9);
  }
}

TEST(BinaryLjPeriodic, TranslationsAreInTheNullSpaceOfTheHessianButRotationsAreNot) {
  const BinaryLennardJonesPeriodic p(60, blj60_parameters());
  Rng rng(78);
  const std::vector<double> x = box_lattice(60, kBlj60Box, 0.12, rng);
  const std::size_t n = 180;
  std::vector<double> g(n), h(n * n);
  p.energy_gradient_hessian(x, g, h);
  double scale = 0.0;
  for (double v : h) scale = std::max(scale, std::abs(v));
  for (std::size_t a = 0; a < 3; ++a)
    for (std::size_t r = 0; r < n; ++r) {
      double ht = 0.0;
      for (std::size_t i = 0; i < 60; ++i) ht += h[r * n + 3 * i + a];
      EXPECT_NEAR(ht, 0.0, 1e-10 * scale) << "translation " << a << ", row " << r;
    }
  // The energy changes under a small rotation about the box centre: no rotational zero mode.
  std::vector<double> turned = x;
  const double c = kBlj60Box / 2, t = 0.01;
  for (std::size_t i = 0; i < 60; ++i) {
    const double dx = x[3 * i] - c, dy = x[3 * i + 1] - c;
    turned[3 * i] = c + std::cos(t) * dx - std::sin(t) * dy;
    turned[3 * i + 1] = c + std::sin(t) * dx + std::cos(t) * dy;
  }
  EXPECT_GT(std::abs(p.energy(turned) - p.energy(x)), 1e-3);
}

TEST(BinaryLjPeriodic, Blj60MinimumHasExactlyThreeZeroModes) {
  const BinaryLennardJonesPeriodic p(60, blj60_parameters());
  Rng rng(79);
  std::vector<double> x = box_lattice(60, kBlj60Box, 0.2, rng);
  const MinimizeResult r = testing::lbfgs_minimize(p, x, 1e-8);
  ASSERT_TRUE(r.converged()) << to_string(r.status);
  const NormalModes modes = normal_modes(p, x, 3);
  EXPECT_EQ(modes.n_negative, 0u);
  std::vector<double> by_size = modes.eigenvalues;
  std::sort(by_size.begin(), by_size.end(),
            [](double a, double b) { return std::abs(a) < std::abs(b); });
  const double largest = std::abs(modes.eigenvalues.back());
  for (int k = 0; k < 3; ++k) EXPECT_LT(std::abs(by_size[k]), 1e-8 * largest) << "zero mode " << k;
  EXPECT_GT(by_size[3], 1e-4 * largest) << "a fourth zero mode: rotations are not zero modes here";
}

TEST(BinaryLjPeriodic, ParameterProblemsAreExplained) {
  BinaryLjParameters p = blj60_parameters();
  EXPECT_EQ(p.problem(60), "");
  EXPECT_EQ(p.problem(40), "ntypea 48 is more than the 40 atoms");
  EXPECT_THROW(BinaryLennardJonesPeriodic(40, p), std::invalid_argument);
  p.cutoff = 1.8;  // 1.8 > L/2 = 1.7935
  EXPECT_NE(p.problem(60).find("more than half the smallest box length"), std::string::npos)
      << p.problem(60);
  EXPECT_THROW(BinaryLennardJonesPeriodic(60, p), std::invalid_argument);
  p = blj60_parameters();
  p.sigma_bb = 1.2;  // the BB cut-off 1.79 * 1.2 is the largest
  EXPECT_NEAR(p.largest_cutoff_radius(), 1.79 * 1.2, 1e-15);
  EXPECT_NE(p.problem(60).find("at most 1.49"), std::string::npos) << p.problem(60);
  p = blj60_parameters();
  p.box[1] = 0.0;
  EXPECT_NE(p.problem(60).find("box length y"), std::string::npos) << p.problem(60);
  const BinaryLennardJonesPeriodic ok(60, blj60_parameters());
  std::vector<double> x(179), g(180);
  EXPECT_THROW(ok.energy(x), std::invalid_argument);
  EXPECT_THROW(ok.energy_gradient(x, g), std::invalid_argument);
  EXPECT_TRUE(ok.periodic());
  EXPECT_TRUE(ok.has_analytic_hessian());
  EXPECT_EQ(ok.n_atoms(), 60u);
}

}  // namespace
}  // namespace landscape

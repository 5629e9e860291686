// The contract every potential satisfies: analytic gradient and Hessian agree with central
// differences, the three evaluation entry points agree with each other, and the energy is
// invariant under rigid-body motion where that applies. Plus Lennard-Jones known answers.
//
// To add a potential to the contract, append one line to contract_cases().

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/optimize/lbfgs.hpp"
#include "common/potentials/binary_lj_periodic.hpp"
#include "common/potentials/lennard_jones.hpp"
#include "common/potentials/mlp.hpp"
#include "common/potentials/mueller_brown.hpp"
#include "common/potentials/potential.hpp"
#include "common/random/rng.hpp"
#include "tests/support/binary_lj.hpp"
#include "tests/support/clusters.hpp"

namespace landscape {
namespace {

using testing::icosahedron13;
using testing::lj13_icosahedron;
using testing::random_rotation;

/// One potential under test: how to build it and how to draw configurations where its values
/// are moderate (so finite differences are meaningful).
struct PotentialCase {
  std::string name;
  std::function<std::unique_ptr<Potential>()> make;
  std::function<std::vector<double>(Rng&)> sample;
  bool rigid_body_invariant =
      false;  ///< atoms in 3D: energy invariant under translation and rotation
};

// A cluster of n atoms on a simple-cubic grid of spacing 1.15, each coordinate perturbed by up
// to +-0.1: no two atoms closer than about 0.8, so Lennard-Jones values stay moderate.
std::vector<double> perturbed_lattice(std::size_t n_atoms, Rng& rng) {
  const auto side = static_cast<std::size_t>(std::ceil(std::cbrt(static_cast<double>(n_atoms))));
  std::vector<double> x(3 * n_atoms);
  for (std::size_t i = 0; i < n_atoms; ++i) {
    const std::size_t cell[3] = {i % side, (i / side) % side, i / (side * side)};
    for (std::size_t a = 0; a < 3; ++a)
      x[3 * i + a] = 1.15 * static_cast<double>(cell[a]) + 0.1 * rng.symmetric();
  }
  return x;
}

PotentialCase lennard_jones_case(std::size_t n_atoms) {
  return {"LJ" + std::to_string(n_atoms),
          [n_atoms] { return std::make_unique<LennardJones>(n_atoms); },
          [n_atoms](Rng& rng) { return perturbed_lattice(n_atoms, rng); }, true};
}

// Mueller-Brown over the box that holds its three minima and two saddles.
PotentialCase mueller_brown_case() {
  return {"MuellerBrown", [] { return std::make_unique<MuellerBrown>(); },
          [](Rng& rng) {
            return std::vector<double>{rng.uniform(-1.5, 1.0), rng.uniform(-0.5, 2.0)};
          }};
}

// A network loss on a small random data set (features U(-1,1), classes uniform), at weights
// U(-1,1): moderate values where finite differences are meaningful.
PotentialCase mlp_case(MlpShape shape, std::size_t n_items, std::uint64_t seed) {
  LabelledData data;
  data.n_features = shape.n_in;
  data.n_classes = shape.n_out;
  Rng data_rng(seed);
  for (std::size_t d = 0; d < n_items; ++d) {
    for (std::size_t k = 0; k < shape.n_in; ++k) data.x.push_back(data_rng.symmetric());
    data.labels.push_back(static_cast<int>(data_rng.below(shape.n_out)));
  }
  const auto shared = std::make_shared<const LabelledData>(std::move(data));
  const std::size_t n = shape.n_weights();
  return {shape.biases ? "MLPVB3" : "MLP3",
          [shape, shared] { return std::make_unique<MlpLoss>(shape, shared, 1e-3); },
          [n](Rng& rng) {
            std::vector<double> w(n);
            for (double& v : w) v = rng.symmetric();
            return w;
          }};
}

// BLJ60 (48 A + 12 B atoms in the periodic box) on the grid that fills the box, jittered: every
// pair type within its cut-off, atoms across the faces interacting through the minimum image.
// Periodic, so invariant under translation only (binary_lj_periodic_test checks that).
PotentialCase binary_lj_periodic_case() {
  return {
      "BinaryLJPeriodic60",
      [] { return std::make_unique<BinaryLennardJonesPeriodic>(60, testing::blj60_parameters()); },
      [](Rng& rng) { return testing::box_lattice(60, testing::kBlj60Box, 0.12, rng); }};
}

std::vector<PotentialCase> contract_cases() {
  return {
      lennard_jones_case(2),
      lennard_jones_case(7),
      lennard_jones_case(13),
      mlp_case(mlp3_shape(2, 3, 2), 7, 11),
      mlp_case(mlpvb3_shape(2, 4, 3), 9, 12),
      mueller_brown_case(),
      binary_lj_periodic_case(),
  };
}

constexpr int kConfigurations = 4;

class PotentialContract : public ::testing::TestWithParam<PotentialCase> {
 protected:
  void SetUp() override { potential_ = GetParam().make(); }
  std::vector<double> sample(Rng& rng) const { return GetParam().sample(rng); }
  /// Calls check(c, x, rng) for kConfigurations configurations x sampled from an Rng seeded with
  /// seed, which check may draw from further.
  template <typename Check>
  void for_configurations(std::uint64_t seed, Check check) const {
    Rng rng(seed);
    for (int c = 0; c < kConfigurations && !HasFatalFailure(); ++c) check(c, sample(rng), rng);
  }
  std::unique_ptr<Potential> potential_;
};

TEST_P(PotentialContract, GradientMatchesCentralDifferences) {
  const Potential& pot = *potential_;
  const std::size_t n = pot.n_dof();
  const double h = 1e-6;
  for_configurations(101, [&](int c, std::vector<double> x, Rng&) {
    std::vector<double> g(n);
    ASSERT_EQ(x.size(), n);
    pot.energy_gradient(x, g);
    for (std::size_t i = 0; i < n; ++i) {
      const double xi = x[i];
      x[i] = xi + h;
      const double ep = pot.energy(x);
      x[i] = xi - h;
      const double em = pot.energy(x);
      x[i] = xi;
      const double fd = (ep - em) / (2 * h);
      EXPECT_NEAR(g[i], fd, 1e-6 * std::max(1.0, std::abs(fd)))
          << "configuration " << c << ", dof " << i;
    }
  });
}

TEST_P(PotentialContract, HessianMatchesCentralDifferencesOfTheGradient) {
  const Potential& pot = *potential_;
  const std::size_t n = pot.n_dof();
  const double h = 1e-5;
  for_configurations(202, [&](int c, std::vector<double> x, Rng&) {
    std::vector<double> g(n), hess(n * n), gp(n), gm(n);
    pot.energy_gradient_hessian(x, g, hess);
    double scale = 1.0;
    for (double v : hess) scale = std::max(scale, std::abs(v));
    for (std::size_t i = 0; i < n; ++i) {
      const double xi = x[i];
      x[i] = xi + h;
      pot.energy_gradient(x, gp);
      x[i] = xi - h;
      pot.energy_gradient(x, gm);
      x[i] = xi;
      for (std::size_t j = 0; j < n; ++j) {
        const double fd = (gp[j] - gm[j]) / (2 * h);
        EXPECT_NEAR(hess[i * n + j], fd, 1e-6 * scale)
            << "configuration " << c << ", H(" << i << "," << j << ")";
      }
    }
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < i; ++j)
        EXPECT_NEAR(hess[i * n + j], hess[j * n + i], 1e-12 * scale)
            << "H not symmetric at " << i << "," << j;
  });
}

TEST_P(PotentialContract, EntryPointsAgree) {
  const Potential& pot = *potential_;
  const std::size_t n = pot.n_dof();
  for_configurations(303, [&](int, const std::vector<double>& x, Rng&) {
    std::vector<double> g1(n), g2(n), hess(n * n);
    const double e0 = pot.energy(x);
    const double e1 = pot.energy_gradient(x, g1);
    const double e2 = pot.energy_gradient_hessian(x, g2, hess);
    const double tol = 1e-12 * std::max(1.0, std::abs(e0));
    EXPECT_NEAR(e1, e0, tol);
    EXPECT_NEAR(e2, e0, tol);
    for (std::size_t i = 0; i < n; ++i)
      EXPECT_NEAR(g1[i], g2[i], 1e-10 * std::max(1.0, std::abs(g1[i])));
  });
}

TEST_P(PotentialContract, RigidBodyInvariance) {
  if (!GetParam().rigid_body_invariant) GTEST_SKIP() << "not a cluster of atoms";
  const Potential& pot = *potential_;
  for_configurations(404, [&](int c, const std::vector<double>& x, Rng& rng) {
    const double e0 = pot.energy(x);
    const double tol = 1e-10 * std::max(1.0, std::abs(e0));

    std::vector<double> moved = x;
    const double shift[3] = {3.0 * rng.symmetric(), 3.0 * rng.symmetric(), 3.0 * rng.symmetric()};
    for (std::size_t i = 0; i < moved.size(); ++i) moved[i] += shift[i % 3];
    EXPECT_NEAR(pot.energy(moved), e0, tol) << "translation, configuration " << c;

    const auto r = random_rotation(rng);
    for (std::size_t i = 0; i < x.size() / 3; ++i)
      for (std::size_t a = 0; a < 3; ++a)
        moved[3 * i + a] =
            r[3 * a] * x[3 * i] + r[3 * a + 1] * x[3 * i + 1] + r[3 * a + 2] * x[3 * i + 2];
    EXPECT_NEAR(pot.energy(moved), e0, tol) << "rotation, configuration " << c;
  });
}

std::string case_name(const ::testing::TestParamInfo<PotentialCase>& param_info) {
  return param_info.param.name;
}

INSTANTIATE_TEST_SUITE_P(AllPotentials, PotentialContract, ::testing::ValuesIn(contract_cases()),
                         case_name);

// --- Lennard-Jones known answers ---

TEST(LennardJones, PairLawValues) {
  const double rmin2 = std::pow(2.0, 1.0 / 3.0);
  double g, h;
  EXPECT_NEAR(LennardJonesPair::energy(1.0), 0.0, 1e-15);
  EXPECT_NEAR(LennardJonesPair::energy_gradient(rmin2, g), -1.0, 1e-14);
  EXPECT_NEAR(g, 0.0, 1e-13);
  // At the minimum the curvature V''(r) = h r^2 is 72 / 2^(1/3).
  LennardJonesPair::energy_gradient_hessian(rmin2, g, h);
  EXPECT_NEAR(h * rmin2, 72.0 / std::pow(2.0, 1.0 / 3.0), 1e-11);
}

TEST(LennardJones, DimerMinimumAtTwoToTheOneSixth) {
  const LennardJones lj(2);
  const double rmin = std::pow(2.0, 1.0 / 6.0);
  std::vector<double> x = {0.0, 0.0, 0.0, 0.3, -0.2, 1.2}, g(6);
  const MinimizeResult result = testing::lbfgs_minimize(lj, x, 1e-10);
  ASSERT_TRUE(result.converged()) << to_string(result.status);
  const double r = std::hypot(x[3] - x[0], x[4] - x[1], x[5] - x[2]);
  EXPECT_NEAR(r, rmin, 1e-9);
  EXPECT_NEAR(result.energy, -1.0, 1e-12);
  EXPECT_NEAR(lj.energy_gradient(x, g), -1.0, 1e-12);
}

TEST(LennardJones, Lj13IcosahedronEnergy) {
  const LennardJones lj(13);
  std::vector<double> x = icosahedron13();
  const MinimizeResult result = testing::lbfgs_minimize(lj, x, 1e-8);
  ASSERT_TRUE(result.converged()) << to_string(result.status);
  EXPECT_NEAR(result.energy, -44.326801, 1e-6);
  EXPECT_NEAR(lj.energy(x), -44.326801, 1e-6);
}

TEST(LennardJones, AtomEnergiesSumToTheEnergy) {
  Rng rng(505);
  for (std::size_t n : {2u, 5u, 13u, 20u}) {
    const LennardJones lj(n);
    const std::vector<double> x = perturbed_lattice(n, rng);
    std::vector<double> e(n);
    lj.atom_energies(x, e);
    double sum = 0.0;
    for (double v : e) sum += v;
    EXPECT_NEAR(sum, lj.energy(x), 1e-12 * std::max(1.0, std::abs(sum))) << n << " atoms";
  }
  // In the icosahedron the 12 vertices are equivalent; the centre, with 12 neighbours, is bound
  // more strongly than any of them.
  const LennardJones lj13(13);
  std::vector<double> x = icosahedron13(), e(13);
  lj13.atom_energies(x, e);
  for (std::size_t i = 2; i < 13; ++i) EXPECT_NEAR(e[i], e[1], 1e-12);
  EXPECT_LT(e[0], e[1]);
}

TEST(LennardJones, RejectsWrongSizes) {
  const LennardJones lj(3);
  std::vector<double> x(8), g(9);
  EXPECT_THROW(lj.energy(x), std::invalid_argument);
  EXPECT_THROW(lj.energy_gradient(x, g), std::invalid_argument);
}

}  // namespace
}  // namespace landscape

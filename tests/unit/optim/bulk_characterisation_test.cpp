// optim on a bulk system (the periodic binary Lennard-Jones): 3 zero modes (translations, no
// rotations) in the projection and in the characterisation of a minimum, which has neither
// moments of inertia nor a point group.
#include <gtest/gtest.h>

#include <cmath>

#include "common/linalg/vector_ops.hpp"
#include "common/optimize/lbfgs.hpp"
#include "common/potentials/binary_lj_periodic.hpp"
#include "common/random/rng.hpp"
#include "optim/characterisation.hpp"
#include "optim/counting_potential.hpp"
#include "optim/zero_modes.hpp"
#include "tests/support/binary_lj.hpp"
#include "tests/support/clusters.hpp"

namespace landscape::optim {
namespace {

TEST(BulkSystem, ZeroModesWithoutRotationsAreTheThreeTranslations) {
  Rng rng(5);
  const std::vector<double> x = testing::random_in_box(60, testing::kBlj60Box, rng);
  const ZeroModes z(x, false);
  ASSERT_EQ(z.count(), 3u);
  std::vector<double> v(x.size());
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = i % 3 == 1 ? 2.0 : 0.0;  // along y
  z.project(v);
  EXPECT_LT(rms_of(v), 1e-14);
}

TEST(BulkSystem, AMinimumHasThreeZeroModesNoMomentsAndPointGroupC1) {
  const BinaryLennardJonesPeriodic blj(60, testing::blj60_parameters());
  const CountingPotential counting(blj);
  EXPECT_TRUE(counting.periodic()) << "the wrapper forwards periodic()";
  Rng rng(6);
  std::vector<double> x = testing::box_lattice(60, testing::kBlj60Box, 0.2, rng);
  ASSERT_TRUE(testing::lbfgs_minimize(blj, x, 1e-8).converged());
  const StationaryPoint sp = characterise(counting, x, true, false);
  EXPECT_EQ(sp.n_zero, 3u);
  EXPECT_EQ(sp.n_negative, 0u);
  EXPECT_EQ(sp.eigenvalues.size(), 180u);
  EXPECT_EQ(sp.pgorder, 1);
  EXPECT_EQ(sp.point_group, "C1");
  EXPECT_EQ(sp.inertia, (std::array<double, 3>{1.0, 1.0, 1.0}));
  EXPECT_TRUE(std::isfinite(sp.lnprodfreq));
}

}  // namespace
}  // namespace landscape::optim

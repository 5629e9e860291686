// Our Lennard-Jones energy, Hessian, normal modes and moments of inertia against the real programs'
// database of the LJ38 tutorial (04_pathsample/min.data.expected and points.min.expected, written
// by PATHSAMPLE from OPTIM's Hessians), read back through our own database reader.
#include <gtest/gtest.h>

#include "common/analysis/normal_modes.hpp"
#include "common/geometry/cluster_geometry.hpp"
#include "common/io/min_database.hpp"
#include "common/potentials/lennard_jones.hpp"
#include "tests/support/test_paths.hpp"

namespace landscape::testing {
namespace {

TEST(ReferenceMinima, EnergiesLnprodfreqAndMomentsMatchTheRealPrograms) {
  const auto ref = lj38_tutorial_dir() / "04_pathsample";
  const auto dir = scratch_dir("reference-minima");
  std::filesystem::copy_file(ref / "min.data.expected", dir / "min.data");
  std::filesystem::copy_file(ref / "points.min.expected", dir / "points.min");
  const MinDatabase db = MinDatabase::open(dir, 114);
  EXPECT_TRUE(db.repairs().empty());
  ASSERT_EQ(db.size(), 12u);
  const LennardJones lj(38);
  std::vector<double> g(114);
  for (std::size_t i = 0; i < db.size(); ++i) {
    SCOPED_TRACE("minimum " + std::to_string(i + 1));
    const MinimumRecord& m = db[i];
    EXPECT_NEAR(lj.energy_gradient(m.coords, g), m.energy, 1e-7);
    const NormalModes modes = normal_modes(lj, m.coords, 6);
    EXPECT_EQ(modes.n_negative, 0u);
    EXPECT_NEAR(modes.lnprodfreq, m.lnprodfreq, 1e-3);
    const auto moments = principal_moments(m.coords);
    for (int k = 0; k < 3; ++k) EXPECT_NEAR(moments[k], m.inertia[k], 1e-4);
  }
  // The global minimum is the second entry: the Oh truncated octahedron.
  EXPECT_NEAR(db[1].energy, -173.928427, 1e-6);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace landscape::testing

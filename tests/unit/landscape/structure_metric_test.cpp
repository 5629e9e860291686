// How optim compares structures: clusters with and without PERMDIST, networks with and without
// isomers, Euclidean variables; identity by EDIFFTOL and GEOMDIFFTOL.
#include "common/landscape/structure_metric.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "common/geometry/cluster_geometry.hpp"
#include "common/ml/network_isomers.hpp"
#include "common/random/rng.hpp"
#include "tests/support/clusters.hpp"
#include "tests/unit/optim/optim_structures.hpp"

namespace landscape::optim {
namespace {

/// x with atoms 0 and 1 exchanged, rotated and translated.
std::vector<double> relabelled(const std::vector<double>& x) {
  std::vector<double> y = x;
  for (int c = 0; c < 3; ++c) std::swap(y[c], y[3 + c]);
  Rng rng(4);
  return testing::rotated_and_shifted(y, testing::random_rotation(rng), 2.0);
}

TEST(StructureMetric, PermdistMakesRelabelledClustersTheSame) {
  const auto x = testing::lj7_pentagonal_bipyramid();
  const auto y = relabelled(x);
  StructureMetricSettings s;
  s.atoms = true;
  s.energy_tolerance = 1e-6;
  s.distance_tolerance = 1e-3;
  const StructureMetric rigid(s);
  EXPECT_GT(rigid.distance(x, y), 0.5);
  EXPECT_FALSE(rigid.same(x, -16.5, y, -16.5));
  s.permutations = true;
  const StructureMetric perm(s);
  EXPECT_LT(perm.distance(x, y), 1e-8);
  EXPECT_TRUE(perm.same(x, -16.5, y, -16.5));
  EXPECT_FALSE(perm.same(x, -16.5, y, -16.4));  // energies differ by more than EDIFFTOL
  EXPECT_FALSE(perm.same_without_permutations(x, -16.5, y, -16.5));
  // The aligned copy is y relabelled onto x.
  const AlignedStructure al = perm.align(x, y);
  EXPECT_LT(euclidean_distance(x, al.coords), 1e-8);
}

TEST(StructureMetric, NetworksWithPermdistCompareIsomers) {
  const MlpShape shape{2, 3, 2, true};
  Rng rng(8);
  std::vector<double> w(shape.n_weights());
  for (double& v : w) v = rng.symmetric();
  HiddenNodeMap map;
  map.perm = {2, 0, 1};
  map.sign = {1, -1, 1};
  const auto isomer = apply_node_map(w, shape, map);
  StructureMetricSettings s;
  s.network = shape;
  s.energy_tolerance = 1e-6;
  s.distance_tolerance = 1e-6;
  EXPECT_GT(StructureMetric(s).distance(w, isomer), 0.1);
  s.permutations = true;
  const StructureMetric m(s);
  EXPECT_LT(m.distance(w, isomer), 1e-12);
  EXPECT_TRUE(m.same(w, 0.3, isomer, 0.3));
  EXPECT_LT(euclidean_distance(w, m.align(w, isomer).coords), 1e-12);
}

TEST(StructureMetric, VariablesAreEuclidean) {
  StructureMetricSettings s;
  s.permutations = true;  // nothing to permute
  const StructureMetric m(s);
  const std::vector<double> a{0.0, 0.0}, b{3.0, 4.0};
  EXPECT_DOUBLE_EQ(m.distance(a, b), 5.0);
  EXPECT_EQ(m.align(a, b).coords, b);
  EXPECT_NE(m.description().find("Euclidean"), std::string::npos);
}

}  // namespace
}  // namespace landscape::optim

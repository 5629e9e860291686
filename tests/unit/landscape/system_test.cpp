// The system factory: every potential of the table by name, its kind, size, zero modes, step and
// structure metric; clear errors for unknown names and sizes that do not fit.
#include "common/landscape/system.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "common/potentials/binary_lj_periodic.hpp"
#include "common/potentials/lennard_jones.hpp"
#include "common/potentials/mueller_brown.hpp"
#include "tests/support/binary_lj.hpp"

namespace landscape {
namespace {

MlpKeywordOptions mlpvb3(long long n_in, long long n_hidden, long long n_out) {
  MlpKeywordOptions m;
  m.keyword = "MLPVB3";
  m.biases = true;
  m.n_in = n_in;
  m.n_hidden = n_hidden;
  m.n_out = n_out;
  m.n_data = 10;
  m.lambda = 1e-4;
  return m;
}

TEST(System, EveryTableEntryHasAUniqueName) {
  const auto& table = potential_table();
  ASSERT_GE(table.size(), 4u);
  for (std::size_t i = 0; i < table.size(); ++i) {
    EXPECT_EQ(find_potential(table[i].name), &table[i]);
    for (std::size_t j = 0; j < i; ++j) EXPECT_NE(table[i].name, table[j].name);
  }
  EXPECT_EQ(find_potential("muellerbrown"), find_potential("MUELLERBROWN")) << "case-insensitive";
  EXPECT_EQ(find_potential("CHARMM"), nullptr);
}

TEST(System, ClusterOfLennardJonesAtoms) {
  SystemRequest r;
  r.n_coordinates = 3 * 38;
  const System s = make_system(r);
  EXPECT_EQ(s.kind(), SystemKind::kCluster);
  EXPECT_TRUE(s.atoms());
  EXPECT_EQ(s.n_dof(), 114u);
  EXPECT_EQ(s.n_atoms(), 38u);
  EXPECT_EQ(s.n_zero_modes(), 6u);
  EXPECT_EQ(s.step_kind(), StepKind::kCluster);
  EXPECT_EQ(s.points_record_bytes(), 114 * sizeof(double));
  ASSERT_NE(s.potential_as<LennardJones>(), nullptr);
  EXPECT_EQ(s.potential().n_dof(), 114u);
  EXPECT_NE(s.description().find("38 atoms"), std::string::npos) << s.description();

  r.n_coordinates = 6;
  EXPECT_EQ(make_system(r).n_zero_modes(), 5u) << "a dimer is linear";
  r.n_coordinates = 7;
  EXPECT_THROW(make_system(r), std::invalid_argument);
  r.n_coordinates = 0;
  EXPECT_THROW(make_system(r), std::invalid_argument);
}

TEST(System, MuellerBrownSurface) {
  SystemRequest r;
  r.potential = "MUELLERBROWN";
  const System s = make_system(r);
  EXPECT_EQ(s.kind(), SystemKind::kSurface);
  EXPECT_EQ(s.n_dof(), 2u);
  EXPECT_EQ(s.n_zero_modes(), 0u);
  EXPECT_EQ(s.step_kind(), StepKind::kUniform);
  EXPECT_NE(s.potential_as<MuellerBrown>(), nullptr);
}

TEST(System, NetworkWithoutItsPotentialNeedsNoData) {
  SystemRequest r;
  r.potential = "MLPVB3";
  r.mlp = mlpvb3(2, 3, 2);
  r.mlp_data = "/nonexistent/MLPdata";
  r.with_potential = false;
  const System s = make_system(r);
  EXPECT_EQ(s.kind(), SystemKind::kNetwork);
  EXPECT_EQ(s.n_dof(), 17u);
  EXPECT_EQ(s.n_zero_modes(), 0u);
  EXPECT_EQ(s.step_kind(), StepKind::kUniform);
  ASSERT_TRUE(s.network().has_value());
  EXPECT_EQ(s.network()->n_weights(), 17u);
  EXPECT_FALSE(s.has_potential());
  EXPECT_THROW((void)s.potential(), std::logic_error);

  r.mlp.reset();
  EXPECT_THROW(make_system(r), std::invalid_argument) << "a network needs its keyword values";
}

TEST(System, UnknownPotentialNamesTheKnownOnes) {
  SystemRequest r;
  r.potential = "AMBER";
  try {
    make_system(r);
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("unknown potential 'AMBER'"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("MLPVB3"), std::string::npos);
  }
}

TEST(System, StructureMetricFollowsTheKindAndTheOneIdentity) {
  SystemRequest r;
  r.n_coordinates = 9;
  const System cluster = make_system(r);
  StructureMetricSettings k;
  k.energy_tolerance = 1e-6;
  k.distance_tolerance = 1e-3;
  k.inertia_tolerance = 1e-4;
  const StructureMetric metric = cluster.structure_metric(k);
  EXPECT_TRUE(metric.settings().atoms);
  // A triangle and the same triangle rotated by 90 degrees about z and translated.
  const std::vector<double> a{0, 0, 0, 1.1, 0, 0, 0.55, 0.95, 0};
  const std::vector<double> b{5, 5, 5, 5, 6.1, 5, 4.05, 5.55, 5};
  EXPECT_TRUE(metric.same({a, -3.0, std::array<double, 3>{1, 1, 2}},
                          {b, -3.0, std::array<double, 3>{1, 1, 2}}));
  EXPECT_FALSE(metric.same({a, -3.0, std::nullopt}, {b, -3.0 + 1e-5, std::nullopt})) << "EDIFFTOL";
  EXPECT_FALSE(metric.same({a, -3.0, std::array<double, 3>{1, 1, 2}},
                           {b, -3.0, std::array<double, 3>{1, 1, 2.1}}))
      << "ITOL";

  r.potential = "MLPVB3";
  r.mlp = mlpvb3(2, 3, 2);
  r.with_potential = false;
  const StructureMetric network_metric = make_system(r).structure_metric(k);
  EXPECT_FALSE(network_metric.settings().atoms);
  EXPECT_TRUE(network_metric.settings().network.has_value());
  EXPECT_FALSE(network_metric.settings().inertia_tolerance.has_value()) << "ITOL is for clusters";
}

TEST(System, PeriodicBinaryLennardJonesIsABulkSystem) {
  SystemRequest r;
  r.potential = "BINARY";
  r.n_coordinates = 180;
  r.binary = testing::blj60_parameters();
  const System s = make_system(r);
  EXPECT_EQ(s.kind(), SystemKind::kBulk);
  EXPECT_TRUE(s.atoms());
  EXPECT_TRUE(s.periodic());
  EXPECT_EQ(s.n_atoms(), 60u);
  EXPECT_EQ(s.n_zero_modes(), 3u) << "translations only";
  EXPECT_EQ(s.step_kind(), StepKind::kUniform) << "no angular moves, no container";
  ASSERT_NE(s.potential_as<BinaryLennardJonesPeriodic>(), nullptr);
  EXPECT_TRUE(s.potential().periodic());
  ASSERT_TRUE(s.box().has_value());
  EXPECT_EQ((*s.box())[2], testing::kBlj60Box);
  ASSERT_TRUE(s.species().has_value());
  ASSERT_EQ(s.species()->size(), 2u);
  EXPECT_EQ((*s.species())[0].size(), 48u);
  EXPECT_EQ((*s.species())[1].front(), 48u);
  EXPECT_NE(s.description().find("48 A and 12 B atoms"), std::string::npos) << s.description();

  // The metric: minimum image in the box, PERMDIST within the species, no ITOL.
  StructureMetricSettings k;
  k.permutations = true;
  k.inertia_tolerance = 1e-4;
  const StructureMetric metric = s.structure_metric(k);
  EXPECT_TRUE(metric.settings().atoms);
  ASSERT_TRUE(metric.settings().box.has_value());
  ASSERT_TRUE(metric.settings().groups.has_value());
  EXPECT_EQ(metric.settings().groups->size(), 2u);
  EXPECT_FALSE(metric.settings().inertia_tolerance.has_value());
  Rng rng(3);
  const std::vector<double> x = testing::random_in_box(60, testing::kBlj60Box, rng);
  std::vector<double> y = x;  // translated; two A atoms exchanged; one atom by a box vector
  for (std::size_t i = 0; i < y.size(); ++i) y[i] += 0.7 + 0.1 * static_cast<double>(i % 3);
  for (std::size_t a = 0; a < 3; ++a) std::swap(y[3 * 4 + a], y[3 * 9 + a]);
  y[3 * 55 + 1] -= testing::kBlj60Box;
  EXPECT_TRUE(metric.same(x, -200.0, y, -200.0));
  EXPECT_TRUE(metric.same_without_permutations(x, -200.0, x, -200.0));
  EXPECT_FALSE(metric.same_without_permutations(x, -200.0, y, -200.0)) << "A atoms exchanged";
  EXPECT_NE(metric.description().find("minimum-image"), std::string::npos);

  // pathsample's BULK: the box without the potential's parameters.
  SystemRequest bulk;
  bulk.potential = "BINARY";
  bulk.n_coordinates = 180;
  bulk.box = std::array<double, 3>{4.0, 4.0, 5.0};
  bulk.with_potential = false;
  const System p = make_system(bulk);
  EXPECT_TRUE(p.periodic());
  EXPECT_EQ(p.n_zero_modes(), 3u);
  EXPECT_FALSE(p.species().has_value());

  bulk.box.reset();
  EXPECT_THROW(make_system(bulk), std::invalid_argument) << "a bulk system needs its box";
  SystemRequest lj;
  lj.n_coordinates = 180;
  lj.box = std::array<double, 3>{4.0, 4.0, 4.0};
  EXPECT_THROW(make_system(lj), std::invalid_argument) << "LJ is a cluster: no box";
}

}  // namespace
}  // namespace landscape

// The system factory: every potential of the table by name, its kind, size, zero modes, step and
// structure metric; clear errors for unknown names and sizes that do not fit.
#include "common/landscape/system.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "common/potentials/lennard_jones.hpp"
#include "common/potentials/mueller_brown.hpp"

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

}  // namespace
}  // namespace landscape

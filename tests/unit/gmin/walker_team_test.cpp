// The messages of a parallel gmin run survive packing, a short message is refused, the walkers'
// SAVE lists merge as one SAVE list would, whatever the order they arrive in, and BHPT's ladder is
// exponential between pttmin and pttmax.
#include "gmin/walker_team.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "common/io/errors.hpp"

namespace landscape::gmin {
namespace {

TEST(WalkerTeam, AMinimumAndAResultSurvivePacking) {
  MinimumRecord m;
  m.energy = -44.326801419532515;
  m.lnprodfreq = 158.24644779033724;
  m.pgorder = 120;
  m.inertia = {9.36, 9.37, 9.38};
  m.coords = {0.1, -0.2, 0.3, 1e-300, -7.5};
  const MinimumRecord back = unpack_minimum(pack_minimum(m));
  EXPECT_EQ(back.energy, m.energy);
  EXPECT_EQ(back.lnprodfreq, m.lnprodfreq);
  EXPECT_EQ(back.pgorder, m.pgorder);
  EXPECT_EQ(back.inertia, m.inertia);
  EXPECT_EQ(back.coords, m.coords);

  WalkerResult r;
  r.rank = 3;
  r.summary.steps = 300;
  r.summary.quenches = 306;
  r.summary.minima_sent = 41;
  r.summary.best_energy = -44.3;
  r.summary.temperature = 0.8;
  r.lowest = {{-44.3, {1, 2, 3}, 200, 15600}, {-41.4, {4, 5, 6}, 242, 19904}};
  const WalkerResult rb = unpack_result(pack_result(r));
  EXPECT_EQ(rb.rank, 3);
  EXPECT_EQ(rb.summary.steps, 300);
  EXPECT_EQ(rb.summary.quenches, 306);
  EXPECT_EQ(rb.summary.minima_sent, 41);
  EXPECT_EQ(rb.summary.temperature, 0.8);
  ASSERT_EQ(rb.lowest.size(), 2u);
  EXPECT_EQ(rb.lowest[1].coords, r.lowest[1].coords);
  EXPECT_EQ(rb.lowest[1].first_step, 242);
  EXPECT_EQ(rb.lowest[1].function_calls, 19904);
}

TEST(WalkerTeam, AShortMessageIsRefused) {
  MinimumRecord m;
  m.coords = {1, 2, 3};
  std::string bytes = pack_minimum(m);
  bytes.pop_back();
  EXPECT_THROW(unpack_minimum(bytes), RuntimeError);
  WalkerResult r;
  r.lowest = {{-1.0, {1, 2}, 1, 1}};
  std::string rb = pack_result(r);
  rb.resize(rb.size() - 9);
  EXPECT_THROW(unpack_result(rb), RuntimeError);
}

TEST(WalkerTeam, SaveListsMergeAsOneSaveListWhateverTheOrder) {
  // Walker 1 found a lower copy (within EDIFF) of walker 0's second minimum.
  const WalkerResult w0{0, {{-10.0, {0}, 5, 50}, {-8.0, {1}, 7, 70}, {-6.0, {2}, 9, 90}}, {}};
  const WalkerResult w1{1, {{-9.0, {3}, 2, 20}, {-8.0005, {4}, 3, 30}}, {}};
  const WalkerResult w2{2, {{-5.0, {5}, 1, 10}}, {}};
  const auto merged = merge_lowest({w2, w0, w1}, 3, 0.001);
  ASSERT_EQ(merged.size(), 3u);
  EXPECT_EQ(merged[0].energy, -10.0);
  EXPECT_EQ(merged[1].energy, -9.0);
  EXPECT_EQ(merged[2].energy, -8.0005);
  EXPECT_EQ(merged[2].coords, std::vector<double>{4});
  const auto again = merge_lowest({w1, w2, w0}, 3, 0.001);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(again[i].coords, merged[i].coords);
}

TEST(WalkerTeam, TheTemperatureLadderIsExponential) {
  EXPECT_DOUBLE_EQ(ladder_temperature(0, 4, 0.5, 4.0), 0.5);
  EXPECT_DOUBLE_EQ(ladder_temperature(1, 4, 0.5, 4.0), 1.0);
  EXPECT_DOUBLE_EQ(ladder_temperature(2, 4, 0.5, 4.0), 2.0);
  EXPECT_DOUBLE_EQ(ladder_temperature(3, 4, 0.5, 4.0), 4.0);
  EXPECT_DOUBLE_EQ(ladder_temperature(0, 1, 0.5, 4.0), 0.5);
}

}  // namespace
}  // namespace landscape::gmin

// The graph of a connection run: the missing-connection Dijkstra path (joined pairs free, tried
// pairs left out, the cheapest chain of costs otherwise) and the path of known transition states.
#include "optim/connection_graph.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace landscape::optim {
namespace {

/// Minima on a line at the given positions; a pair costs its separation.
struct Line {
  std::vector<double> x;
  double operator()(std::size_t a, std::size_t b) const { return std::abs(x[a] - x[b]); }
};

ConnectionGraph with_minima(std::size_t n) {
  ConnectionGraph g;
  for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(g.add_minimum(), i);
  return g;
}

TEST(ConnectionGraph, TwoMinimaGiveTheDirectPair) {
  ConnectionGraph g = with_minima(2);
  const auto p = g.missing_connection_path(0, 1, 3, Line{{0.0, 2.5}});
  ASSERT_TRUE(p);
  EXPECT_EQ(p->minima, (std::vector<std::size_t>{0, 1}));
  ASSERT_EQ(p->missing.size(), 1u);
  EXPECT_DOUBLE_EQ(p->weight, 2.5);
  EXPECT_FALSE(g.connected(0, 1));
  EXPECT_TRUE(g.known_path(0, 1).empty());
}

TEST(ConnectionGraph, SquaredCostsPreferIntermediateMinima) {
  // 0 at 0, 1 (finish) at 3, 2 at 1, 3 at 2: with cost d^2 the chain 0-2-3-1 (3 x 1) beats the
  // direct pair (9); with cost d all chains cost 3.
  ConnectionGraph g = with_minima(4);
  const Line line{{0.0, 3.0, 1.0, 2.0}};
  const auto p = g.missing_connection_path(
      0, 1, 3, [&](std::size_t a, std::size_t b) { return std::pow(line(a, b), 2); });
  ASSERT_TRUE(p);
  EXPECT_EQ(p->minima, (std::vector<std::size_t>{0, 2, 3, 1}));
  EXPECT_EQ(p->missing.size(), 3u);
  EXPECT_DOUBLE_EQ(p->weight, 3.0);
}

TEST(ConnectionGraph, JoinedPairsAreFreeAndOnlyMissingPairsAreReturned) {
  ConnectionGraph g = with_minima(4);
  const Line line{{0.0, 3.0, 1.0, 2.0}};
  g.add_transition_state(0, 0, 2);  // start joined to minimum 2
  g.add_transition_state(1, 3, 1);  // minimum 3 joined to the finish
  EXPECT_TRUE(g.joined(2, 0));
  EXPECT_TRUE(g.connected(0, 2));
  EXPECT_TRUE(g.connected(1, 3));
  EXPECT_FALSE(g.connected(0, 1));
  const auto p = g.missing_connection_path(0, 1, 3, line);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->minima, (std::vector<std::size_t>{0, 2, 3, 1}));
  ASSERT_EQ(p->missing.size(), 1u);
  EXPECT_EQ(p->missing[0], (std::pair<std::size_t, std::size_t>{2, 3}));
  EXPECT_DOUBLE_EQ(p->weight, 1.0);
  g.add_transition_state(2, 2, 3);
  EXPECT_TRUE(g.connected(0, 1));
  const auto steps = g.known_path(0, 1);
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(steps[0].ts, 0u);
  EXPECT_EQ(steps[0].from, 0u);
  EXPECT_EQ(steps[0].to, 2u);
  EXPECT_EQ(steps[1].ts, 2u);
  EXPECT_EQ(steps[2].ts, 1u);
  EXPECT_EQ(steps[2].to, 1u);
}

TEST(ConnectionGraph, TriedPairsAreLeftOutUntilNothingRemains) {
  ConnectionGraph g = with_minima(3);
  const Line line{{0.0, 2.0, 1.0}};
  g.record_attempt(0, 1);
  EXPECT_EQ(g.attempts(1, 0), 1);
  // Direct pair costs 2, the chain through 2 costs 2 too; with the direct pair used up only the
  // chain remains.
  auto p = g.missing_connection_path(0, 1, 1, line);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->minima, (std::vector<std::size_t>{0, 2, 1}));
  g.record_attempt(0, 2);
  g.record_attempt(2, 1);
  EXPECT_FALSE(g.missing_connection_path(0, 1, 1, line));
  // More attempts allowed: the pairs come back.
  EXPECT_TRUE(g.missing_connection_path(0, 1, 2, line));
}

TEST(ConnectionGraph, DegenerateRearrangementsJoinNothing) {
  ConnectionGraph g = with_minima(2);
  g.add_transition_state(0, 1, 1);
  EXPECT_FALSE(g.joined(1, 1));
  EXPECT_FALSE(g.joined(0, 1));
  EXPECT_FALSE(g.connected(0, 1));
  EXPECT_THROW(g.add_transition_state(1, 0, 5), std::out_of_range);
}

}  // namespace
}  // namespace landscape::optim

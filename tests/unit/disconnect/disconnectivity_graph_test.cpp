// The basin analysis and layout of disconnect on small databases whose graphs are known by hand.
#include "disconnect/disconnectivity_graph.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace landscape::disconnect {
namespace {

DisconnectivityInput database(std::vector<double> energies,
                              std::vector<DisconnectivityInput::Connection> ts) {
  return {std::move(energies), std::move(ts)};
}

DisconnectivityOptions levels(double first, double delta, std::size_t n) {
  DisconnectivityOptions o;
  o.first = first;
  o.delta = delta;
  o.levels = n;
  return o;
}

std::size_t branch_ends(const DisconnectivityGraph& g) {
  return static_cast<std::size_t>(
      std::count_if(g.segments.begin(), g.segments.end(), [](const auto& s) { return s.leaf; }));
}

const TreeSegment* end_of(const DisconnectivityGraph& g, std::size_t minimum) {
  for (const auto& s : g.segments)
    if (s.leaf && s.minimum == minimum) return &s;
  return nullptr;
}

/// The global minimum 0 (E = -10) joined to four minima by transition states at E = -2.
DisconnectivityInput star() {
  return database({-10, -5, -6, -7, -8}, {{-2, 0, 1}, {-2, 0, 2}, {-2, 0, 3}, {-2, 0, 4}});
}

TEST(ArrangeChildren, MixesEqualChildrenAsDisconnectionDps) {
  // Five equal children: all "big"; MIX gives 0 4 3 1 2, placed from its end.
  EXPECT_EQ(arrange_children({0, 1, 2, 3, 4}, {1, 1, 1, 1, 1}),
            (std::vector<std::size_t>{2, 1, 3, 4, 0}));
  // One big child among three small ones: small ones on both sides of it.
  EXPECT_EQ(arrange_children({10, 11, 12, 13}, {5, 1, 1, 1}),
            (std::vector<std::size_t>{11, 13, 10, 12}));
  // Two big ones (at least half the largest) spread among the small ones.
  EXPECT_EQ(arrange_children({0, 1, 2, 3, 4}, {4, 1, 3, 1, 1}).size(), 5u);
  EXPECT_EQ(arrange_children({7}, {3}), (std::vector<std::size_t>{7}));
}

TEST(DisconnectivityGraph, StarSplitsIntoFiveBranchesAtTheTransitionStates) {
  const DisconnectivityGraph g = build_disconnectivity_graph(star(), levels(-1, 1, 12));
  EXPECT_EQ(g.global_minimum, 0u);
  EXPECT_EQ(g.levels[0].nodes.size(), 1u);
  EXPECT_EQ(g.levels[1].nodes.size(), 5u);
  EXPECT_EQ(g.n_columns, 5u);
  EXPECT_EQ(branch_ends(g), 5u);
  // Each branch ends at its minimum's energy.
  for (std::size_t m = 0; m < 5; ++m) {
    const TreeSegment* s = end_of(g, m);
    ASSERT_NE(s, nullptr) << m;
    EXPECT_DOUBLE_EQ(s->e2, star().minimum_energies[m]);
  }
  // Without CENTREGMIN the global minimum's branch is at the right edge ...
  EXPECT_EQ(g.levels[1].order, (std::vector<std::size_t>{2, 1, 3, 4, 0}));
  EXPECT_DOUBLE_EQ(end_of(g, 0)->x2, 0.9);
  // ... with it, in the middle.
  auto o = levels(-1, 1, 12);
  o.centre_gmin = true;
  const DisconnectivityGraph c = build_disconnectivity_graph(star(), o);
  EXPECT_EQ(c.levels[1].order[2], c.levels[1].gmin_node);
  EXPECT_DOUBLE_EQ(end_of(c, 0)->x2, 0.5);
}

TEST(DisconnectivityGraph, EveryMinimumGetsItsOwnBranchUnlessNosplit) {
  // A (-5) and B (-5.5) joined at -4.6: the levels -4, -5, -6 do not straddle the barrier.
  const auto db = database({-5.0, -5.5}, {{-4.6, 0, 1}});
  const DisconnectivityGraph split = build_disconnectivity_graph(db, levels(-4, 1, 3));
  EXPECT_EQ(branch_ends(split), 2u);
  EXPECT_DOUBLE_EQ(end_of(split, 0)->e2, -5.0);
  EXPECT_DOUBLE_EQ(end_of(split, 1)->e2, -5.5);
  auto o = levels(-4, 1, 3);
  o.split = false;
  const DisconnectivityGraph nosplit = build_disconnectivity_graph(db, o);
  EXPECT_EQ(branch_ends(nosplit), 1u);
  EXPECT_EQ(nosplit.levels[1].nodes.size(), 1u);
  EXPECT_EQ(nosplit.levels[1].nodes[0].size, 2u);
}

TEST(DisconnectivityGraph, NconnminDropsUnderconnectedMinimaRecursively) {
  // A triangle 0-1-2 with a tail 2-3-4: with NCONNMIN 1, 4 goes, then 3.
  const auto db =
      database({-5, -4, -3, -2, -1}, {{0, 0, 1}, {0, 1, 2}, {0, 0, 2}, {0, 2, 3}, {0, 3, 4}});
  auto o = levels(1, 1, 8);
  o.nconnmin = 1;
  const DisconnectivityGraph g = build_disconnectivity_graph(db, o);
  EXPECT_EQ(g.n_kept_minima, 3u);
  EXPECT_EQ(g.n_underconnected, 2u);
  EXPECT_EQ(g.n_columns, 3u);
  EXPECT_EQ(end_of(g, 3), nullptr);
  // Degenerate transition states (min1 = min2) are no connections.
  const auto loops = database({-5, -4}, {{0, 0, 1}, {0, 1, 1}, {0, 1, 1}});
  o.nconnmin = 1;
  EXPECT_EQ(build_disconnectivity_graph(loops, o).n_kept_minima, 0u);
}

TEST(DisconnectivityGraph, ConnectminAndThresholdsChooseTheConnectedSet) {
  // Two groups: {0, 1} around the global minimum and {2, 3}, joined by a high transition state.
  const auto db = database({-10, -8, -9, -7}, {{-6, 0, 1}, {-6, 2, 3}, {-1, 1, 2}});
  auto o = levels(0, 1, 12);
  EXPECT_EQ(build_disconnectivity_graph(db, o).n_kept_minima, 4u);
  o.ts_threshold = -2;  // TSTHRESH / MAXTSENERGY
  DisconnectivityGraph g = build_disconnectivity_graph(db, o);
  EXPECT_EQ(g.n_kept_minima, 2u);
  EXPECT_EQ(g.n_disconnected, 2u);
  EXPECT_NE(end_of(g, 1), nullptr);
  EXPECT_EQ(end_of(g, 2), nullptr);
  o.connect_min = 3;  // CONNECTMIN 4
  g = build_disconnectivity_graph(db, o);
  EXPECT_NE(end_of(g, 2), nullptr);
  EXPECT_EQ(end_of(g, 0), nullptr);
  // MAXTSBARRIER: the -1 transition state is 7 and 8 above its minima.
  o = levels(0, 1, 12);
  o.barrier_threshold = 6.5;
  EXPECT_EQ(build_disconnectivity_graph(db, o).n_kept_minima, 2u);
  o.barrier_threshold = 7.5;
  EXPECT_EQ(build_disconnectivity_graph(db, o).n_kept_minima, 4u);
}

TEST(DisconnectivityGraph, NobarriersJoinsAtTheHigherMinimum) {
  const auto db = database({-10, -8}, {{-3, 0, 1}});
  auto o = levels(0, 1, 12);  // levels 0, -1, ..., -11
  DisconnectivityGraph g = build_disconnectivity_graph(db, o);
  // Joined while the level is above -3: levels 0, -1, -2; apart from -3 down.
  EXPECT_EQ(g.levels[2].nodes.size(), 1u);
  EXPECT_EQ(g.levels[3].nodes.size(), 2u);
  o.barriers = false;
  g = build_disconnectivity_graph(db, o);
  // The transition state now lies at -8: joined down to level -7.
  EXPECT_EQ(g.levels[7].nodes.size(), 1u);
  EXPECT_EQ(g.levels[8].nodes.size(), 2u);
}

TEST(DisconnectivityGraph, PruningAfterTheBasinAnalysis) {
  // A chain 0 - 1 - 2 - 3 with energies -4 .. -1: only 0 is a monotonic-sequence bottom.
  const auto db = database({-4, -3, -2, -1}, {{0, 0, 1}, {0, 1, 2}, {0, 2, 3}});
  auto o = levels(1, 0.5, 14);
  DisconnectivityGraph g = build_disconnectivity_graph(db, o);
  EXPECT_EQ(branch_ends(g), 4u);
  o.lowest = 2;  // LOWEST 2
  g = build_disconnectivity_graph(db, o);
  EXPECT_EQ(g.n_drawn_minima, 2u);
  EXPECT_NE(end_of(g, 1), nullptr);
  EXPECT_EQ(end_of(g, 2), nullptr);
  o = levels(1, 0.5, 14);
  o.monotonic = true;
  g = build_disconnectivity_graph(db, o);
  EXPECT_EQ(g.n_drawn_minima, 1u);
  EXPECT_NE(end_of(g, 0), nullptr);
  o.pick = {3};  // PICK puts minimum 3 (index 2) back
  g = build_disconnectivity_graph(db, o);
  EXPECT_EQ(g.n_drawn_minima, 2u);
  o = levels(1, 0.5, 14);
  o.exclude_all = true;
  o.pick = {2, 4, -4};
  o.id_minima = {0};  // IDMIN 1 is always drawn
  g = build_disconnectivity_graph(db, o);
  EXPECT_EQ(g.n_drawn_minima, 2u);
  EXPECT_NE(end_of(g, 0), nullptr);
  EXPECT_NE(end_of(g, 1), nullptr);
}

TEST(DisconnectivityGraph, TrminColoursNodesWhoseMinimaAreAllListed) {
  auto o = levels(-1, 1, 12);
  o.colour_lists = {0, 1, 1, 2, 2};  // the global minimum in no list
  const DisconnectivityGraph g = build_disconnectivity_graph(star(), o);
  EXPECT_EQ(g.levels[0].nodes[0].colour, 0);
  for (const auto& s : g.segments) {
    if (s.leaf) {
      EXPECT_EQ(s.colour, o.colour_lists[s.minimum]) << s.minimum;
    }
  }
  o.colour_lists = {2, 1, 1, 1, 1};  // every minimum listed: the top node takes the last list
  EXPECT_EQ(build_disconnectivity_graph(star(), o).levels[0].nodes[0].colour, 2);
}

TEST(DisconnectivityGraph, MembersOfANodeAreItsMinima) {
  const DisconnectivityGraph g = build_disconnectivity_graph(star(), levels(-1, 1, 12));
  EXPECT_EQ(g.members(0, 0), (std::vector<std::size_t>{0, 1, 2, 3, 4}));
  const std::size_t gmin_node = g.levels[5].gmin_node;
  EXPECT_EQ(g.members(5, gmin_node), (std::vector<std::size_t>{0}));
}

TEST(DisconnectivityGraph, MinimaAboveTheTopLevelAreNotDrawn) {
  const auto db = database({-10, 5}, {{6, 0, 1}});
  const DisconnectivityGraph g = build_disconnectivity_graph(db, levels(0, 1, 12));
  EXPECT_EQ(g.n_columns, 1u);
  EXPECT_EQ(branch_ends(g), 1u);
}

}  // namespace
}  // namespace landscape::disconnect

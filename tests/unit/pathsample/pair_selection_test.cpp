// The pair choosers of a connection campaign: the UNTRAP ranking of the LJ38 tutorial database
// against a brute-force minimax evaluation of the rule, UNTRAP partners (threshold, closest,
// fall-through, lazy distances), DIJKSTRA n, the DIJINITSTART path, the distance cache, and the
// CONNECTREGION loop.
#include "pathsample/pair_selection.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <utility>
#include <vector>

#include "common/io/min_database.hpp"
#include "common/io/ts_database.hpp"
#include "tests/support/test_paths.hpp"

namespace landscape::pathsample {
namespace {

using Pair = std::pair<std::size_t, std::size_t>;

Pair ordered(std::size_t a, std::size_t b) { return {std::min(a, b), std::max(a, b)}; }

/// A distance function that counts its calls and fails the test if a pair is asked twice.
struct CountingDistance {
  std::function<double(std::size_t, std::size_t)> law;
  std::vector<Pair> calls;
  PairDistance function() {
    return [this](std::size_t a, std::size_t b) {
      EXPECT_TRUE(std::find(calls.begin(), calls.end(), ordered(a, b)) == calls.end())
          << "distance of (" << a << ", " << b << ") computed twice";
      calls.push_back(ordered(a, b));
      return law(a, b);
    };
  }
};

/// allowed() rejecting the listed pairs (either order).
PairAllowed rejecting(std::set<Pair> rejected) {
  return [rejected](std::size_t a, std::size_t b) { return !rejected.count(ordered(a, b)); };
}

std::set<std::size_t> as_set(std::span<const std::size_t> s) { return {s.begin(), s.end()}; }

const PairAllowed kAllAllowed = [](std::size_t, std::size_t) { return true; };

// ---------------------------------------------------------------------------------------------
// UNTRAP on the LJ38 tutorial database, against an independent evaluation of the rule.

KineticNetwork tutorial_network() {
  const auto dir = testing::lj38_tutorial_dir() / "04_pathsample";
  const auto minima = read_min_data(dir / "min.data.expected", "min.data");
  const auto ts = read_ts_data(dir / "ts.data.expected", "ts.data", minima.size());
  KineticNetwork network;
  for (const auto& m : minima) network.min_energy.push_back(m.energy);
  for (const auto& t : ts) network.ts.push_back({t.min1 - 1, t.min2 - 1, t.energy});
  return network;
}

TEST(Untrap, TutorialDatabaseMatchesBruteForceMinimax) {
  const KineticNetwork net = tutorial_network();
  ASSERT_EQ(net.min_energy.size(), 12u);
  ASSERT_EQ(net.ts.size(), 11u);
  const UntrapSettings settings{0.035, 3.0, 0};
  const UntrapRanking ranking = untrap_candidates(net, settings);

  // Independent evaluation: every minimum has a connection here; minimax by Floyd-Warshall.
  const std::size_t n = net.min_energy.size();
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<std::vector<double>> mm(n, std::vector<double>(n, inf));
  for (std::size_t i = 0; i < n; ++i) mm[i][i] = -inf;
  for (const auto& e : net.ts)
    if (e.min1 != e.min2) {
      mm[e.min1][e.min2] = std::min(mm[e.min1][e.min2], e.energy);
      mm[e.min2][e.min1] = mm[e.min1][e.min2];
    }
  for (std::size_t k = 0; k < n; ++k)
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j)
        mm[i][j] = std::min(mm[i][j], std::max(mm[i][k], mm[k][j]));
  const std::size_t gm = static_cast<std::size_t>(
      std::min_element(net.min_energy.begin(), net.min_energy.end()) - net.min_energy.begin());
  EXPECT_EQ(gm, 1u);  // min.data line 2, -173.928426590627964
  ASSERT_TRUE(ranking.global_minimum);
  EXPECT_EQ(*ranking.global_minimum, gm);
  const double e_gm = net.min_energy[gm];

  struct Expected {
    std::size_t minimum, level;
    double barrier, ratio;
    std::set<std::size_t> product;
  };
  std::vector<Expected> expected;
  for (std::size_t i = 0; i < n; ++i) {
    if (i == gm || mm[gm][i] == inf) continue;
    Expected x;
    x.minimum = i;
    x.level = 1;
    while (!(e_gm + static_cast<double>(x.level) * settings.einc > mm[gm][i])) ++x.level;
    x.barrier = e_gm + static_cast<double>(x.level) * settings.einc - net.min_energy[i];
    x.ratio = x.barrier / std::max(net.min_energy[i] - e_gm, 1e-10);
    const double below = e_gm + static_cast<double>(x.level - 1) * settings.einc;
    x.product.insert(gm);
    for (std::size_t j = 0; j < n; ++j)
      if (mm[gm][j] < below) x.product.insert(j);
    expected.push_back(x);
  }
  std::sort(expected.begin(), expected.end(), [](const Expected& a, const Expected& b) {
    return a.ratio != b.ratio ? a.ratio > b.ratio : a.minimum < b.minimum;
  });

  ASSERT_EQ(ranking.candidates.size(), 11u);  // one component: every other minimum
  ASSERT_EQ(ranking.candidates.size(), expected.size());
  ASSERT_EQ(ranking.basin_order.size(), 12u);
  EXPECT_EQ(ranking.basin_order.front(), gm);
  for (std::size_t r = 0; r < expected.size(); ++r) {
    SCOPED_TRACE("rank " + std::to_string(r));
    const auto& c = ranking.candidates[r];
    EXPECT_EQ(c.minimum, expected[r].minimum);
    EXPECT_EQ(c.minimax, mm[gm][c.minimum]);
    EXPECT_EQ(c.level, expected[r].level);
    EXPECT_NEAR(c.barrier, expected[r].barrier, 1e-12);
    EXPECT_NEAR(c.ratio, expected[r].ratio, 1e-12);
    const auto p = ranking.product_set(c);
    EXPECT_EQ(std::set<std::size_t>(p.begin(), p.end()), expected[r].product);
    EXPECT_EQ(p.size(), expected[r].product.size());
    EXPECT_EQ(p.front(), gm);
  }

  // Known answers for the head of the list: the icosahedral minimum (line 8, -173.25238) is the
  // trap. Its lowest route to gm crosses the transition state of line 2 (-168.75911):
  // L = ceil(5.169319 / 0.035) = 148, barrier = -173.928427 + 5.18 + 173.252378 = 4.503952,
  // ratio = 4.503952 / 0.676048 = 6.662176, product set lines {1, 2, 4}.
  EXPECT_EQ(ranking.candidates[0].minimum, 7u);
  EXPECT_EQ(ranking.candidates[0].level, 148u);
  EXPECT_NEAR(ranking.candidates[0].barrier, 4.503951825, 1e-8);
  EXPECT_NEAR(ranking.candidates[0].ratio, 6.662175850, 1e-8);
  EXPECT_EQ(as_set(ranking.product_set(ranking.candidates[0])), (std::set<std::size_t>{0, 1, 3}));
  EXPECT_EQ(ranking.candidates[1].minimum, 9u);
  EXPECT_EQ(ranking.candidates.back().minimum, 3u);
  EXPECT_EQ(ranking.candidates.back().level, 134u);
}

// ---------------------------------------------------------------------------------------------
// UNTRAP on a hand-made network.
//
//   minimum  0     1     2     3     4     5
//   E      -10    -9    -8    -5    -4    -7
//   TS: 0-1 -8.5, 1-2 -7.5, 0-5 -6, 2-3 -3, 3-4 -3.5; einc 1: levels -9, -8, -7, ...
//   minimax to 0: 1 -8.5, 2 -7.5, 5 -6, 3 -3, 4 -3
//   L: 1 -> 2, 2 -> 3, 5 -> 5, 3 -> 8, 4 -> 8
//   barrier: 1 -> -8-(-9) = 1, 2 -> -7-(-8) = 1, 5 -> -5-(-7) = 2, 3 -> -2-(-5) = 3, 4 -> 2
//   ratio: 1 -> 1/1, 5 -> 2/3, 3 -> 3/5, 2 -> 1/2, 4 -> 2/6
//   product sets: 1 {0}, 5 {0,1,2}, 3 {0,1,2,5}, 2 {0,1}, 4 {0,1,2,5}
KineticNetwork small_network() {
  KineticNetwork net;
  net.min_energy = {-10, -9, -8, -5, -4, -7};
  net.ts = {{0, 1, -8.5}, {1, 2, -7.5}, {0, 5, -6.0}, {2, 3, -3.0}, {3, 4, -3.5}};
  return net;
}

/// Made-up distances: of candidate 5 to 0, 1, 2 and of candidate 3 to 0, 1, 2, 5; others 10 + i +
/// j.
double small_distance(std::size_t a, std::size_t b) {
  const Pair p = ordered(a, b);
  static const std::vector<std::pair<Pair, double>> table{
      {{0, 5}, 3.0}, {{1, 5}, 1.0}, {{2, 5}, 1.0}, {{0, 3}, 4.0},
      {{1, 3}, 2.0}, {{2, 3}, 1.0}, {{3, 5}, 0.5}};
  for (const auto& [pair, d] : table)
    if (pair == p) return d;
  return 10.0 + static_cast<double>(p.first + p.second);
}

TEST(Untrap, HandMadeRanking) {
  const auto ranking = untrap_candidates(small_network(), {1.0, 0.0, 0});
  ASSERT_EQ(ranking.candidates.size(), 5u);
  const std::vector<std::size_t> order{1, 5, 3, 2, 4};
  const std::vector<std::size_t> level{2, 5, 8, 3, 8};
  const std::vector<double> barrier{1, 2, 3, 1, 2};
  const std::vector<double> ratio{1.0, 2.0 / 3.0, 0.6, 0.5, 2.0 / 6.0};
  const std::vector<std::set<std::size_t>> product{
      {0}, {0, 1, 2}, {0, 1, 2, 5}, {0, 1}, {0, 1, 2, 5}};
  for (std::size_t r = 0; r < 5; ++r) {
    SCOPED_TRACE("rank " + std::to_string(r));
    const auto& c = ranking.candidates[r];
    EXPECT_EQ(c.minimum, order[r]);
    EXPECT_EQ(c.level, level[r]);
    EXPECT_DOUBLE_EQ(c.barrier, barrier[r]);
    EXPECT_DOUBLE_EQ(c.ratio, ratio[r]);
    EXPECT_EQ(as_set(ranking.product_set(c)), product[r]);
  }
  EXPECT_EQ(ranking.basin_order, (std::vector<std::size_t>{0, 1, 2, 5, 3, 4}));
}

TEST(Untrap, TopCandidateWithOnePartnerCostsOneDistance) {
  CountingDistance d{small_distance, {}};
  const auto pair = choose_untrap_pair(small_network(), {1.0, 0.0, 0}, d.function(), kAllAllowed);
  ASSERT_TRUE(pair);
  EXPECT_EQ(pair->minimum, 1u);
  EXPECT_EQ(pair->partner, 0u);
  EXPECT_EQ(pair->rank, 0u);
  ASSERT_TRUE(pair->distance);
  EXPECT_DOUBLE_EQ(*pair->distance, 11.0);
  EXPECT_EQ(d.calls, (std::vector<Pair>{{0, 1}}));
}

TEST(Untrap, FallsThroughToNextCandidateAndTakesClosestAllowedBelowThresh) {
  // thresh -7.5: 0, 1, 2 are below it, 5 (-7) is not. (0,1) rejected: candidate 1's only partner
  // is below thresh but not allowed, so candidate 5 is next; its partners 1 and 2 tie at
  // distance 1 and 1 is rejected, so 2 it is. Rejected pairs cost no distance.
  CountingDistance d{small_distance, {}};
  const auto pair = choose_untrap_pair(small_network(), {1.0, -7.5, 0}, d.function(),
                                       rejecting({{0, 1}, {1, 5}}));
  ASSERT_TRUE(pair);
  EXPECT_EQ(pair->minimum, 5u);
  EXPECT_EQ(pair->partner, 2u);
  EXPECT_EQ(pair->rank, 1u);
  EXPECT_DOUBLE_EQ(*pair->distance, 1.0);
  EXPECT_EQ(d.calls, (std::vector<Pair>{{0, 5}, {2, 5}}));

  // Distance ties go to the lower index.
  CountingDistance d2{small_distance, {}};
  const auto tie =
      choose_untrap_pair(small_network(), {1.0, -7.5, 0}, d2.function(), rejecting({{0, 1}}));
  ASSERT_TRUE(tie);
  EXPECT_EQ(tie->minimum, 5u);
  EXPECT_EQ(tie->partner, 1u);
}

TEST(Untrap, ClosestBelowThreshReplacesGlobalMinimumAndThreshExcludesCloserMinima) {
  // Candidates 1 and 5 entirely rejected: candidate 3 (P = {0,1,2,5}) is next. 5 is closest
  // (0.5) but above thresh; of 0, 1, 2 below it, 2 is closest (1.0).
  const PairAllowed allowed = [](std::size_t a, std::size_t b) {
    return a != 1 && b != 1 && a != 5 && b != 5;
  };
  CountingDistance d{small_distance, {}};
  const auto pair = choose_untrap_pair(small_network(), {1.0, -7.5, 0}, d.function(), allowed);
  ASSERT_TRUE(pair);
  EXPECT_EQ(pair->minimum, 3u);
  EXPECT_EQ(pair->partner, 2u);
  EXPECT_EQ(pair->rank, 2u);
  EXPECT_DOUBLE_EQ(*pair->distance, 1.0);
  // (3,1) and (3,5) rejected, 5 above thresh anyway: only 0 and 2 were measured.
  EXPECT_EQ(d.calls, (std::vector<Pair>{{0, 3}, {2, 3}}));

  // With thresh above everything the closest of the whole product set wins.
  CountingDistance d2{small_distance, {}};
  const auto all = choose_untrap_pair(small_network(), {1.0, 0.0, 0}, d2.function(),
                                      rejecting({{0, 1}, {0, 5}, {1, 5}, {2, 5}}));
  ASSERT_TRUE(all);
  EXPECT_EQ(all->minimum, 3u);
  EXPECT_EQ(all->partner, 5u);
  EXPECT_DOUBLE_EQ(*all->distance, 0.5);
}

TEST(Untrap, NoMemberBelowThreshTakesLowestEnergyWithoutDistances) {
  CountingDistance d{small_distance, {}};
  const auto pair = choose_untrap_pair(small_network(), {1.0, -20.0, 0}, d.function(),
                                       rejecting({{0, 1}, {0, 5}}));
  ASSERT_TRUE(pair);
  EXPECT_EQ(pair->minimum, 5u);
  EXPECT_EQ(pair->partner, 1u);  // P = {0, 1, 2}: 0 rejected, 1 (-9) before 2 (-8)
  EXPECT_FALSE(pair->distance);
  EXPECT_TRUE(d.calls.empty());
}

TEST(Untrap, NothingAllowedIsNullopt) {
  CountingDistance d{small_distance, {}};
  const PairAllowed none = [](std::size_t, std::size_t) { return false; };
  EXPECT_FALSE(choose_untrap_pair(small_network(), {1.0, -7.5, 0}, d.function(), none));
  EXPECT_TRUE(d.calls.empty());
}

TEST(Untrap, MinimumConnectionsAndOtherComponents) {
  KineticNetwork net = small_network();
  net.min_energy.push_back(-20.0);  // 6: lowest of all, but no transition state
  net.min_energy.push_back(-6.0);   // 7, 8: a component of their own
  net.min_energy.push_back(-5.0);
  net.ts.push_back({6, 6, -19.0});  // degenerate: still no connection
  net.ts.push_back({4, 4, -3.9});   // degenerate: 4 keeps one connection
  net.ts.push_back({7, 8, -4.0});

  const auto ranking = untrap_candidates(net, {1.0, 0.0, 0});
  ASSERT_TRUE(ranking.global_minimum);
  EXPECT_EQ(*ranking.global_minimum, 0u);
  std::vector<std::size_t> candidates;
  for (const auto& c : ranking.candidates) candidates.push_back(c.minimum);
  EXPECT_EQ(candidates, (std::vector<std::size_t>{1, 5, 3, 2, 4}));

  // DIJKSTRA 1: 4 (3-4) and 5 (0-5) have one connection and go, with their transition states;
  // 7 and 8 go too, 3 keeps 2-3 and 3-4 counted on the whole network.
  const auto one = untrap_candidates(net, {1.0, 0.0, 1});
  candidates.clear();
  for (const auto& c : one.candidates) candidates.push_back(c.minimum);
  EXPECT_EQ(candidates, (std::vector<std::size_t>{1, 3, 2}));
  EXPECT_EQ(as_set(one.product_set(one.candidates[1])), (std::set<std::size_t>{0, 1, 2}));
  EXPECT_EQ(one.basin_order, (std::vector<std::size_t>{0, 1, 2, 3}));

  // DIJKSTRA 2 leaves nothing.
  const auto two = untrap_candidates(net, {1.0, 0.0, 2});
  EXPECT_FALSE(two.global_minimum);
  EXPECT_TRUE(two.candidates.empty());
}

TEST(Untrap, RejectsInvalidSettingsAndIndices) {
  EXPECT_THROW(untrap_candidates(small_network(), {0.0, 0.0, 0}), std::invalid_argument);
  EXPECT_EQ(*UntrapSettings({-1.0, 0.0, 0}).validate(), "einc = -1: must be positive and finite");
  KineticNetwork bad = small_network();
  bad.ts.push_back({0, 6, 0.0});
  EXPECT_THROW(untrap_candidates(bad, {1.0, 0.0, 0}), std::invalid_argument);
}

// ---------------------------------------------------------------------------------------------
// DIJINITSTART
//
// Minima in the plane, distance = Euclidean:
//   0 (0,0)  1 (1,0)  2 (2,0)  3 (3,0.5)  4 (1,0.8);  one transition state 1-2.
// A = {0}, B = {3}: 0-1 (1) + 1-2 (0) + 2-3 (sqrt 1.25) = 2.118, better than 0-3 (sqrt 9.25 =
// 3.041) or 0-2-3 (3.118) or through 4.

const std::vector<std::pair<double, double>> kPlane{{0, 0}, {1, 0}, {2, 0}, {3, 0.5}, {1, 0.8}};

double plane_distance(std::size_t a, std::size_t b) {
  return std::hypot(kPlane[a].first - kPlane[b].first, kPlane[a].second - kPlane[b].second);
}

KineticNetwork plane_network() {
  KineticNetwork net;
  net.min_energy = {-1, -2, -3, -4, -5};
  net.ts = {{1, 2, 0.0}, {4, 4, 1.0}};
  return net;
}

TEST(InitialPath, ShortestMissingConnectionPath) {
  const std::vector<std::size_t> a{0}, b{3};
  CountingDistance d{plane_distance, {}};
  const auto path = initial_path(plane_network(), a, b, {}, d.function(), kAllAllowed);
  ASSERT_EQ(path.status, InitialPathStatus::kPath);
  EXPECT_EQ(path.minima, (std::vector<std::size_t>{0, 1, 2, 3}));
  EXPECT_EQ(path.missing, (std::vector<Pair>{{0, 1}, {2, 3}}));
  EXPECT_NEAR(path.weight, 1.0 + std::sqrt(1.25), 1e-12);
  // Settled in turn: 0 (measures 1, 2, 3, 4), 1 at cost 1 (2 joined at cost 0: not measured),
  // 2 at cost 1 (1 and 2 tie, so (1,2) would not be measured either), 4 at 1.28, then 3.
  EXPECT_EQ(d.calls, (std::vector<Pair>{
                         {0, 1}, {0, 2}, {0, 3}, {0, 4}, {1, 3}, {1, 4}, {2, 3}, {2, 4}, {3, 4}}));
}

TEST(InitialPath, DisallowedPairsHaveNoEdge) {
  const std::vector<std::size_t> a{0}, b{3};
  const auto path =
      initial_path(plane_network(), a, b, {}, plane_distance, rejecting({{0, 1}, {0, 3}}));
  ASSERT_EQ(path.status, InitialPathStatus::kPath);
  EXPECT_EQ(path.minima, (std::vector<std::size_t>{0, 2, 3}));
  EXPECT_EQ(path.missing, (std::vector<Pair>{{0, 2}, {2, 3}}));
  EXPECT_NEAR(path.weight, 2.0 + std::sqrt(1.25), 1e-12);
}

TEST(InitialPath, CostLawChangesThePath) {
  // 0 (0,0), 1 (1,0.5), 2 (2,0): power 1 goes straight (2 < 2 sqrt 1.25), power 2 and EXP hop
  // through 1 (2.5 < 4, 2 e^1.118 = 6.117 < e^2 = 7.389).
  const std::vector<std::pair<double, double>> p{{0, 0}, {1, 0.5}, {2, 0}};
  const PairDistance dist = [&](std::size_t a, std::size_t b) {
    return std::hypot(p[a].first - p[b].first, p[a].second - p[b].second);
  };
  KineticNetwork net;
  net.min_energy = {0, 0, 0};
  const std::vector<std::size_t> a{0}, b{2};
  const auto linear = initial_path(net, a, b, {}, dist, kAllAllowed);
  EXPECT_EQ(linear.minima, (std::vector<std::size_t>{0, 2}));
  EXPECT_DOUBLE_EQ(linear.weight, 2.0);
  InitialPathSettings squared;
  squared.power = 2.0;
  const auto sq = initial_path(net, a, b, squared, dist, kAllAllowed);
  EXPECT_EQ(sq.minima, (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_NEAR(sq.weight, 2.5, 1e-12);
  InitialPathSettings exponential;
  exponential.cost = InitialPathSettings::Cost::kExponential;
  const auto ex = initial_path(net, a, b, exponential, dist, kAllAllowed);
  EXPECT_EQ(ex.minima, (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_NEAR(ex.weight, 2.0 * std::exp(std::sqrt(1.25)), 1e-12);
  EXPECT_EQ(ex.missing, (std::vector<Pair>{{0, 1}, {1, 2}}));
}

TEST(InitialPath, SeveralSourcesAndTargets) {
  // From 4: 4-1 (0.8) + 1-2 (0) + 2-3 (1.118) beats anything from 0.
  const std::vector<std::size_t> a{0, 4}, b{3};
  const auto path = initial_path(plane_network(), a, b, {}, plane_distance, kAllAllowed);
  ASSERT_EQ(path.status, InitialPathStatus::kPath);
  EXPECT_EQ(path.minima, (std::vector<std::size_t>{4, 1, 2, 3}));
  EXPECT_NEAR(path.weight, 0.8 + std::sqrt(1.25), 1e-12);
}

TEST(InitialPath, AlreadyConnectedAndNoPath) {
  KineticNetwork net = plane_network();
  net.ts.push_back({2, 3, 0.5});
  const std::vector<std::size_t> a{1}, b{3};
  int calls = 0;
  const PairDistance counted = [&](std::size_t x, std::size_t y) {
    ++calls;
    return plane_distance(x, y);
  };
  EXPECT_EQ(initial_path(net, a, b, {}, counted, kAllAllowed).status,
            InitialPathStatus::kAlreadyConnected);
  const std::vector<std::size_t> both{0};
  EXPECT_EQ(initial_path(net, both, both, {}, counted, kAllAllowed).status,
            InitialPathStatus::kAlreadyConnected);
  EXPECT_EQ(calls, 0);

  const PairAllowed none = [](std::size_t, std::size_t) { return false; };
  const std::vector<std::size_t> a0{0};
  const auto no = initial_path(net, a0, b, {}, counted, none);
  EXPECT_EQ(no.status, InitialPathStatus::kNoPath);
  EXPECT_TRUE(no.minima.empty());
  EXPECT_EQ(calls, 0);
  EXPECT_EQ(initial_path(net, {}, b, {}, counted, kAllAllowed).status, InitialPathStatus::kNoPath);
}

TEST(DistanceCache, SymmetricAndPersistent) {
  DistanceCache cache;
  int calls = 0;
  const PairDistance law = [&](std::size_t a, std::size_t b) {
    ++calls;
    return plane_distance(a, b);
  };
  const std::vector<std::size_t> a{0}, b{3};
  const auto first = initial_path(plane_network(), a, b, {}, cache.wrap(law), kAllAllowed);
  const int first_calls = calls;
  EXPECT_GT(first_calls, 0);
  EXPECT_EQ(cache.size(), static_cast<std::size_t>(first_calls));
  const auto again = initial_path(plane_network(), a, b, {}, cache.wrap(law), kAllAllowed);
  EXPECT_EQ(calls, first_calls);  // every distance came from the cache
  EXPECT_EQ(again.minima, first.minima);
  ASSERT_TRUE(cache.find(1, 0));
  EXPECT_DOUBLE_EQ(*cache.find(1, 0), 1.0);
  EXPECT_FALSE(cache.find(0, 0));
  cache.insert(7, 2, 4.5);
  EXPECT_DOUBLE_EQ(cache.get(2, 7, law), 4.5);
  EXPECT_EQ(calls, first_calls);
}

// ---------------------------------------------------------------------------------------------
// CONNECTREGION: minima at x = 0, 1, 2, 3, 10; transition state 0-1; (1,2) rejected; dist 2.5.

TEST(ConnectRegion, LoopOrderAndContinuation) {
  const std::vector<double> x{0, 1, 2, 3, 10};
  KineticNetwork net;
  net.min_energy = {0, 0, 0, 0, 0};
  net.ts = {{1, 0, -1.0}};
  std::vector<Pair> calls;
  const PairDistance dist = [&](std::size_t a, std::size_t b) {
    calls.push_back({a, b});
    return std::abs(x[a] - x[b]);
  };
  const auto allowed = rejecting({{1, 2}});

  auto p = next_region_pair(net, {0, 0}, 2.5, dist, allowed);
  ASSERT_TRUE(p);
  EXPECT_EQ(Pair(p->min1, p->min2), Pair(0, 2));
  EXPECT_DOUBLE_EQ(p->distance, 2.0);
  EXPECT_EQ(calls, (std::vector<Pair>{{0, 2}}));  // (0,1) is joined: not measured

  p = next_region_pair(net, p->next, 2.5, dist, allowed);
  ASSERT_TRUE(p);
  EXPECT_EQ(Pair(p->min1, p->min2), Pair(1, 3));
  p = next_region_pair(net, p->next, 2.5, dist, allowed);
  ASSERT_TRUE(p);
  EXPECT_EQ(Pair(p->min1, p->min2), Pair(2, 3));
  EXPECT_EQ(p->next.i, 2u);
  EXPECT_EQ(p->next.j, 4u);
  EXPECT_FALSE(next_region_pair(net, p->next, 2.5, dist, allowed));
  // Every allowed unjoined pair measured exactly once, in loop order.
  EXPECT_EQ(calls,
            (std::vector<Pair>{{0, 2}, {0, 3}, {0, 4}, {1, 3}, {1, 4}, {2, 3}, {2, 4}, {3, 4}}));

  // CONNECTREGION min1 min2: j starts at min2 for the first i only, and never at or below i.
  p = next_region_pair(net, {0, 3}, 3.5, dist, kAllAllowed);
  ASSERT_TRUE(p);
  EXPECT_EQ(Pair(p->min1, p->min2), Pair(0, 3));
  p = next_region_pair(net, {1, 4}, 2.5, dist, kAllAllowed);
  ASSERT_TRUE(p);
  EXPECT_EQ(Pair(p->min1, p->min2), Pair(2, 3));
  p = next_region_pair(net, {2, 0}, 2.5, dist, kAllAllowed);
  ASSERT_TRUE(p);
  EXPECT_EQ(Pair(p->min1, p->min2), Pair(2, 3));
}

}  // namespace
}  // namespace landscape::pathsample

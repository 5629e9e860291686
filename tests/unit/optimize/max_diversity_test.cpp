// The maximum-diversity subset (Niroomand et al. 2022, eq. 9): the capped-simplex projection
// against brute force, planted problems with known optima, input checks, the gap of the
// projected-gradient solver to exhaustive search on random small problems, and the solver against
// the best that eq. 9 can give (the best rounding over all local maxima of its relaxation).

#include "common/optimize/max_diversity.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <functional>
#include <iostream>
#include <limits>
#include <numeric>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/linalg/symmetric_eigen.hpp"
#include "common/random/rng.hpp"

namespace landscape {
namespace {

/// Expects fn to throw std::invalid_argument whose message contains text.
void expect_invalid(const std::function<void()>& fn, const std::string& text) {
  try {
    fn();
    ADD_FAILURE() << "no exception, expected one containing '" << text << "'";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(text), std::string::npos)
        << "message '" << e.what() << "' lacks '" << text << "'";
  }
}

double squared_distance(const std::vector<double>& a, std::span<const double> b) {
  double sum = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) sum += (a[i] - b[i]) * (a[i] - b[i]);
  return sum;
}

/// The projection by brute force over active sets: every assignment of each component to the
/// lower bound, the upper bound or the free set, with the free components shifted by the common
/// tau that meets the sum; the closest feasible candidate wins. 3^n candidates.
std::vector<double> brute_force_projection(const std::vector<double>& x, double m) {
  const std::size_t n = x.size();
  std::size_t candidates = 1;
  for (std::size_t i = 0; i < n; ++i) candidates *= 3;
  std::vector<double> best;
  double best_distance = std::numeric_limits<double>::infinity();
  std::vector<int> state(n);
  for (std::size_t code = 0; code < candidates; ++code) {
    std::size_t c = code;
    double at_one = 0.0, free_sum = 0.0;
    std::size_t n_free = 0;
    for (std::size_t i = 0; i < n; ++i, c /= 3) {
      state[i] = static_cast<int>(c % 3);
      if (state[i] == 1) at_one += 1.0;
      if (state[i] == 2) free_sum += x[i], ++n_free;
    }
    double tau = 0.0;
    if (n_free == 0) {
      if (std::abs(at_one - m) > 1e-12) continue;
    } else {
      tau = (at_one + free_sum - m) / static_cast<double>(n_free);
    }
    std::vector<double> y(n);
    bool feasible = true;
    for (std::size_t i = 0; i < n; ++i) {
      y[i] = state[i] == 0 ? 0.0 : state[i] == 1 ? 1.0 : x[i] - tau;
      if (y[i] < -1e-12 || y[i] > 1.0 + 1e-12) feasible = false;
    }
    if (!feasible) continue;
    const double distance = squared_distance(y, x);
    if (distance < best_distance) best_distance = distance, best = y;
  }
  return best;
}

void expect_feasible(const std::vector<double>& y, double m, double tolerance) {
  double sum = 0.0;
  for (double v : y) {
    EXPECT_GE(v, 0.0);
    EXPECT_LE(v, 1.0);
    sum += v;
  }
  EXPECT_NEAR(sum, m, tolerance);
}

std::vector<double> random_symmetric(Rng& rng, std::size_t n, const std::function<double()>& draw) {
  std::vector<double> d(n * n, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j) d[i * n + j] = d[j * n + i] = draw();
  return d;
}

/// Misclassification distances of random binary predictions: minimum i is right or wrong on each
/// of k data items, and d_ij is the fraction of items on which exactly one of i and j is right.
std::vector<double> prediction_distances(Rng& rng, std::size_t n, std::size_t k) {
  std::vector<std::vector<int>> right(n, std::vector<int>(k));
  for (auto& r : right)
    for (int& v : r) v = rng.uniform() < 0.5 ? 1 : 0;
  std::vector<double> d(n * n, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      std::size_t differ = 0;
      for (std::size_t t = 0; t < k; ++t) differ += right[i][t] != right[j][t] ? 1 : 0;
      d[i * n + j] = static_cast<double>(differ) / static_cast<double>(k);
    }
  return d;
}

double quadratic_form(const std::vector<double>& d, std::size_t n, const std::vector<double>& y) {
  double sum = 0.0;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) sum += y[i] * d[i * n + j] * y[j];
  return sum;
}

/// The invariants every answer keeps: m distinct indices ordered by decreasing y (ties: lowest
/// index), y feasible, the reported values recomputed.
void expect_consistent(const MaxDiversityResult& r, const std::vector<double>& d, std::size_t n,
                       std::size_t m) {
  ASSERT_EQ(r.chosen.size(), m);
  ASSERT_EQ(r.y.size(), n);
  EXPECT_EQ(std::set<std::size_t>(r.chosen.begin(), r.chosen.end()).size(), m);
  for (std::size_t p = 1; p < m; ++p) {
    const std::size_t a = r.chosen[p - 1], b = r.chosen[p];
    EXPECT_TRUE(r.y[a] > r.y[b] || (r.y[a] == r.y[b] && a < b)) << "order at " << p;
  }
  for (std::size_t k = 0; k < n; ++k) {
    if (std::find(r.chosen.begin(), r.chosen.end(), k) != r.chosen.end()) continue;
    EXPECT_LE(r.y[k], r.y[r.chosen.back()]) << "index " << k << " left out";
  }
  expect_feasible(r.y, static_cast<double>(m), 1e-9);
  double value = 0.0;
  for (std::size_t a : r.chosen)
    for (std::size_t b : r.chosen) value += d[a * n + b];
  EXPECT_NEAR(r.subset_value, value, 1e-12 * std::max(1.0, value));
  const double relaxed = quadratic_form(d, n, r.y);
  EXPECT_NEAR(r.relaxed_value, relaxed, 1e-9 * std::max(1.0, relaxed));
  EXPECT_GE(r.swap_improved_value, r.subset_value);
}

std::vector<std::size_t> sorted(std::vector<std::size_t> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// ---- projection onto the capped simplex ----

TEST(ProjectCappedSimplex, MatchesBruteForceOnSmallCases) {
  Rng rng(7);
  for (int trial = 0; trial < 300; ++trial) {
    const std::size_t n = 1 + rng.below(6);
    const double scale = trial % 3 == 0 ? 0.5 : trial % 3 == 1 ? 2.0 : 10.0;
    std::vector<double> x(n);
    for (double& v : x) v = scale * rng.symmetric();
    // Every fourth case has tied values and breakpoints.
    if (trial % 4 == 3)
      for (double& v : x) v = 0.5 * static_cast<double>(rng.below(4));
    // Integer and fractional m, including the ends 0 and n.
    const double m = trial % 2 == 0 ? static_cast<double>(rng.below(n + 1))
                                    : rng.uniform() * static_cast<double>(n);
    const std::vector<double> y = project_capped_simplex(x, m);
    ASSERT_EQ(y.size(), n);
    expect_feasible(y, m, 1e-12);
    const std::vector<double> expected = brute_force_projection(x, m);
    ASSERT_EQ(expected.size(), n);
    for (std::size_t i = 0; i < n; ++i) EXPECT_NEAR(y[i], expected[i], 1e-12) << "trial " << trial;
  }
}

TEST(ProjectCappedSimplex, SumBoundsVariationalInequalityAndIdempotence) {
  Rng rng(11);
  for (int trial = 0; trial < 50; ++trial) {
    const std::size_t n = 50 + rng.below(200);
    std::vector<double> x(n);
    const double offset = trial % 2 == 0 ? 0.0 : 1e3;
    for (double& v : x) v = offset + 3.0 * rng.symmetric();
    const double m = 1.0 + rng.uniform() * static_cast<double>(n - 2);
    const std::vector<double> y = project_capped_simplex(x, m);
    expect_feasible(y, m, 1e-9);
    // y is the projection iff (x - y)^T (z - y) <= 0 for every feasible z.
    for (int k = 0; k < 20; ++k) {
      std::vector<double> w(n);
      for (double& v : w) v = rng.uniform();
      const std::vector<double> z = project_capped_simplex(w, m);
      double inner = 0.0;
      for (std::size_t i = 0; i < n; ++i) inner += (x[i] - y[i]) * (z[i] - y[i]);
      EXPECT_LE(inner, 1e-7);
    }
    const std::vector<double> again = project_capped_simplex(y, m);
    for (std::size_t i = 0; i < n; ++i) EXPECT_NEAR(again[i], y[i], 1e-12);
  }
}

TEST(ProjectCappedSimplex, KeepsVerticesAndEnds) {
  const std::vector<double> vertex = {0.0, 1.0, 0.0, 1.0, 1.0, 0.0};
  EXPECT_EQ(project_capped_simplex(vertex, 3.0), vertex);
  const std::vector<double> x = {0.3, -2.0, 5.0};
  EXPECT_EQ(project_capped_simplex(x, 0.0), (std::vector<double>{0.0, 0.0, 0.0}));
  EXPECT_EQ(project_capped_simplex(x, 3.0), (std::vector<double>{1.0, 1.0, 1.0}));
  // Equal x give the uniform point.
  const std::vector<double> flat(8, 0.7);
  for (double v : project_capped_simplex(flat, 2.0)) EXPECT_NEAR(v, 0.25, 1e-15);
}

TEST(ProjectCappedSimplex, RejectsBadInput) {
  const std::vector<double> x = {0.1, 0.2};
  expect_invalid([&] { project_capped_simplex(x, 3.0); }, "m = 3");
  expect_invalid([&] { project_capped_simplex(x, -1.0); }, "m = -1");
  expect_invalid([&] { project_capped_simplex(x, std::nan("")); }, "m = nan");
  const std::vector<double> bad = {0.1, std::numeric_limits<double>::infinity()};
  expect_invalid([&] { project_capped_simplex(bad, 1.0); }, "x[1] = inf");
}

// ---- planted problems ----

TEST(MaxDiversity, FindsAPlantedBlock) {
  // Five points mutually at distance 1 among 30; every other distance is 0.1.
  const std::size_t n = 30, m = 5;
  const std::vector<std::size_t> block = {3, 7, 11, 19, 24};
  std::vector<double> d(n * n, 0.1);
  for (std::size_t i = 0; i < n; ++i) d[i * n + i] = 0.0;
  for (std::size_t a : block)
    for (std::size_t b : block)
      if (a != b) d[a * n + b] = 1.0;
  const MaxDiversityResult r = max_diversity_subset(d, n, m);
  expect_consistent(r, d, n, m);
  EXPECT_EQ(sorted(r.chosen), block);
  EXPECT_NEAR(r.subset_value, 20.0, 1e-12);
  EXPECT_NEAR(r.relaxed_value, 20.0, 1e-9);
  EXPECT_EQ(r.starts, 18u);
}

TEST(MaxDiversity, TakesFromBothOfTwoClusters) {
  // Even and odd indices form two clusters: distance 0.1 inside a cluster, 1 between them.
  const std::size_t n = 10;
  std::vector<double> d(n * n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) d[i * n + j] = i == j ? 0.0 : (i % 2 == j % 2 ? 0.1 : 1.0);
  for (std::size_t m : {2u, 4u}) {
    const MaxDiversityResult r = max_diversity_subset(d, n, m);
    expect_consistent(r, d, n, m);
    std::size_t even = 0;
    for (std::size_t k : r.chosen) even += k % 2 == 0 ? 1 : 0;
    EXPECT_EQ(even, m / 2) << "m = " << m;
    // m = 2: one cross pair; m = 4: four cross pairs and two inside pairs.
    EXPECT_NEAR(r.subset_value, m == 2 ? 2.0 : 8.4, 1e-12) << "m = " << m;
    EXPECT_DOUBLE_EQ(r.subset_value, exhaustive_max_diversity(d, n, m).subset_value);
  }
}

TEST(MaxDiversity, LeavesTheUniformSaddle) {
  // Two clusters of four, distance 1 inside a cluster and 0.1 between: every row sums to 3.4, so
  // the uniform point is stationary, but (1 on one cluster, -1 on the other) is an eigenvector of
  // D with eigenvalue 3 - 0.4 > 0 in the constraint plane, so it is a saddle of y^T D y. The
  // optimum takes all m = 3 points from one cluster.
  const std::size_t n = 8, m = 3;
  std::vector<double> d(n * n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) d[i * n + j] = i == j ? 0.0 : (i / 4 == j / 4 ? 1.0 : 0.1);
  const std::vector<double> uniform(n, 3.0 / 8.0);
  std::vector<double> ascent(n);
  for (std::size_t i = 0; i < n; ++i) {
    double g = 0.0;
    for (std::size_t j = 0; j < n; ++j) g += 2.0 * d[i * n + j] * uniform[j];
    ascent[i] = uniform[i] + 0.1 * g;
  }
  const std::vector<double> stationary = project_capped_simplex(ascent, 3.0);
  for (std::size_t i = 0; i < n; ++i) EXPECT_NEAR(stationary[i], uniform[i], 1e-14);
  const double uniform_value = quadratic_form(d, n, uniform);

  const MaxDiversityResult r = max_diversity_subset(d, n, m);
  expect_consistent(r, d, n, m);
  EXPECT_NEAR(r.subset_value, 6.0, 1e-12);
  EXPECT_GT(r.relaxed_value, uniform_value + 1.0);
  const std::vector<std::size_t> chosen = sorted(r.chosen);
  EXPECT_EQ(chosen.front() / 4, chosen.back() / 4) << "all from one cluster";
}

TEST(MaxDiversity, HandlesTheEnds) {
  Rng rng(3);
  const std::size_t n = 7;
  const std::vector<double> d = random_symmetric(rng, n, [&] { return rng.uniform(); });
  // m = n takes everything.
  const MaxDiversityResult all = max_diversity_subset(d, n, n);
  expect_consistent(all, d, n, n);
  EXPECT_EQ(sorted(all.chosen), (std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 6}));
  // m = 1: every subset is worth zero.
  const MaxDiversityResult one = max_diversity_subset(d, n, 1);
  expect_consistent(one, d, n, 1);
  EXPECT_EQ(one.subset_value, 0.0);
  // All distances zero: nothing to gain, any subset will do.
  const std::vector<double> zero(n * n, 0.0);
  const MaxDiversityResult flat = max_diversity_subset(zero, n, 3);
  expect_consistent(flat, zero, n, 3);
  EXPECT_EQ(flat.subset_value, 0.0);
}

TEST(MaxDiversity, IsDeterministicForASeed) {
  Rng rng(5);
  const std::size_t n = 40, m = 6;
  const std::vector<double> d = random_symmetric(rng, n, [&] { return rng.uniform(); });
  MaxDiversityOptions options;
  options.seed = 42;
  const MaxDiversityResult a = max_diversity_subset(d, n, m, options);
  const MaxDiversityResult b = max_diversity_subset(d, n, m, options);
  expect_consistent(a, d, n, m);
  EXPECT_EQ(a.chosen, b.chosen);
  EXPECT_EQ(a.y, b.y);
  EXPECT_EQ(a.iterations, b.iterations);
  options.random_starts = 3;
  EXPECT_EQ(max_diversity_subset(d, n, m, options).starts, 5u);
}

TEST(MaxDiversity, RejectsBadInput) {
  const std::size_t n = 3;
  const std::vector<double> good = {0, 1, 2, 1, 0, 3, 2, 3, 0};
  EXPECT_NO_THROW(max_diversity_subset(good, n, 2));
  expect_invalid([&] { max_diversity_subset(good, n, 0); }, "m = 0");
  expect_invalid([&] { max_diversity_subset(good, n, 4); }, "m = 4");
  expect_invalid([&] { max_diversity_subset(good, 2, 1); }, "9 entries, expected 2 x 2");
  auto with = [&](std::size_t k, double v) {
    std::vector<double> d = good;
    d[k] = v;
    return d;
  };
  const std::vector<double> asymmetric = with(1, 1.5);
  expect_invalid([&] { max_diversity_subset(asymmetric, n, 2); }, "symmetric");
  std::vector<double> negative = with(1, -1.0);
  negative[3] = -1.0;
  expect_invalid([&] { max_diversity_subset(negative, n, 2); }, "non-negative");
  std::vector<double> not_finite = with(5, std::nan(""));
  not_finite[7] = std::nan("");
  expect_invalid([&] { max_diversity_subset(not_finite, n, 2); }, "finite");
  const std::vector<double> diagonal = with(4, 0.5);
  expect_invalid([&] { max_diversity_subset(diagonal, n, 2); }, "diagonal");
  MaxDiversityOptions options;
  options.tolerance = -1.0;
  expect_invalid([&] { max_diversity_subset(good, n, 2, options); }, "tolerance = -1");
  expect_invalid([&] { exhaustive_max_diversity(asymmetric, n, 2); }, "symmetric");
  expect_invalid([&] { exhaustive_max_diversity(good, n, 0); }, "m = 0");
}

// ---- exhaustive search ----

TEST(ExhaustiveMaxDiversity, SolvesATinyCaseByHand) {
  const std::size_t n = 4;
  const std::vector<double> d = {0, 1, 2, 3,  //
                                 1, 0, 4, 1,  //
                                 2, 4, 0, 5,  //
                                 3, 1, 5, 0};
  const MaxDiversityResult pair = exhaustive_max_diversity(d, n, 2);
  EXPECT_EQ(pair.chosen, (std::vector<std::size_t>{2, 3}));
  EXPECT_EQ(pair.subset_value, 10.0);
  EXPECT_EQ(pair.relaxed_value, 10.0);
  EXPECT_EQ(pair.starts, 6u);
  EXPECT_EQ(pair.y, (std::vector<double>{0, 0, 1, 1}));
  // {0, 2, 3} and {1, 2, 3} both sum to 10: the first in lexicographic order wins.
  const MaxDiversityResult triple = exhaustive_max_diversity(d, n, 3);
  EXPECT_EQ(triple.chosen, (std::vector<std::size_t>{0, 2, 3}));
  EXPECT_EQ(triple.subset_value, 20.0);
  EXPECT_EQ(triple.starts, 4u);
  const MaxDiversityResult single = exhaustive_max_diversity(d, n, 1);
  EXPECT_EQ(single.chosen, (std::vector<std::size_t>{0}));
  EXPECT_EQ(single.subset_value, 0.0);
  EXPECT_EQ(exhaustive_max_diversity(d, n, 4).subset_value, 32.0);

  const MaxDiversityResult solved = max_diversity_subset(d, n, 3);
  expect_consistent(solved, d, n, 3);
  EXPECT_EQ(solved.subset_value, 20.0);
}

TEST(ExhaustiveMaxDiversity, RefusesTooManySubsets) {
  const std::size_t n = 60;
  const std::vector<double> d(n * n, 0.0);
  expect_invalid([&] { exhaustive_max_diversity(d, n, 10); }, "C(60, 10)");
}

// ---- the gap to exhaustive search ----

bool reaches(double value, double best) { return value >= best - 1e-12 * std::max(1.0, best); }

struct GapStatistics {
  std::size_t cases = 0, hits = 0, swap_hits = 0;
  double gap_sum = 0.0, gap_max = 0.0;
  void add(const MaxDiversityResult& solved, double best) {
    ++cases;
    const double slack = 1e-12 * std::max(1.0, best);
    EXPECT_LE(solved.subset_value, best + slack) << "the solver beat exhaustive search";
    EXPECT_LE(solved.swap_improved_value, best + slack) << "the swaps beat exhaustive search";
    if (reaches(solved.subset_value, best)) ++hits;
    if (reaches(solved.swap_improved_value, best)) ++swap_hits;
    const double gap = best > 0.0 ? std::max(0.0, (best - solved.subset_value) / best) : 0.0;
    gap_sum += gap;
    gap_max = std::max(gap_max, gap);
  }
  double hit_fraction() const { return static_cast<double>(hits) / static_cast<double>(cases); }
  double mean_gap() const { return gap_sum / static_cast<double>(cases); }
  std::string report() const {
    return std::to_string(hits) + "/" + std::to_string(cases) + " exact hits (" +
           std::to_string(hit_fraction()) + "), mean relative gap " + std::to_string(mean_gap()) +
           ", max relative gap " + std::to_string(gap_max) + "; after single swaps " +
           std::to_string(swap_hits) + "/" + std::to_string(cases);
  }
};

TEST(MaxDiversity, GapToExhaustiveSearchOnRandomSmallProblems) {
  // Three families of 200 problems each, n in 6..14 and m in 2..5: misclassification distances of
  // random binary predictions on 1..10 data items (0/1 matrices for one item); random symmetric
  // 0/1 matrices; U(0, 1) distances. On the first two the rounded relaxation is the best subset in
  // at least 95% of cases. On U(0, 1) distances eq. 9 itself falls short: its relaxation has
  // fractional maxima whose rounding is not the best subset (see the next test, which shows that
  // no start could do better), so only a floor well below the measured 0.815 is asserted there.
  struct Family {
    const char* name;
    double min_hit_fraction;
  };
  const Family families[] = {{"predictions", 0.95}, {"binary", 0.95}, {"uniform", 0.75}};
  GapStatistics total;
  Rng rng(2022);
  for (int family = 0; family < 3; ++family) {
    GapStatistics stats;
    for (int trial = 0; trial < 200; ++trial) {
      const std::size_t n = 6 + rng.below(9), m = 2 + rng.below(4);
      std::vector<double> d;
      if (family == 0)
        d = prediction_distances(rng, n, 1 + rng.below(10));
      else if (family == 1)
        d = random_symmetric(rng, n, [&] { return rng.uniform() < 0.5 ? 1.0 : 0.0; });
      else
        d = random_symmetric(rng, n, [&] { return rng.uniform(); });
      const MaxDiversityResult r = max_diversity_subset(d, n, m);
      expect_consistent(r, d, n, m);
      const double best = exhaustive_max_diversity(d, n, m).subset_value;
      stats.add(r, best);
      total.add(r, best);
    }
    const std::string name = families[family].name;
    std::cout << "[ gap      ] " << name << ": " << stats.report() << "\n";
    RecordProperty(name + "_hit_fraction", std::to_string(stats.hit_fraction()));
    RecordProperty(name + "_mean_relative_gap", std::to_string(stats.mean_gap()));
    RecordProperty(name + "_max_relative_gap", std::to_string(stats.gap_max));
    EXPECT_GE(stats.hit_fraction(), families[family].min_hit_fraction) << name;
  }
  std::cout << "[ gap      ] all: " << total.report() << std::endl;
  RecordProperty("hit_fraction", std::to_string(total.hit_fraction()));
  RecordProperty("mean_relative_gap", std::to_string(total.mean_gap()));
  RecordProperty("max_relative_gap", std::to_string(total.gap_max));
}

/// The best subset value of the rounding (m largest components, ties by lowest index) over every
/// local maximum of the eq. 9 relaxation, enumerated by active sets: each component at 0, at 1 or
/// free; the free ones solve 2 D_FF y_F + 2 D_FO 1 = mu 1 with sum y = m; a KKT point has
/// 0 < y_F < 1, gradient <= mu at 0 and >= mu at 1, and a local maximum also has D_FF negative
/// semidefinite on the sum-zero directions. 3^n active sets: small n only.
double best_rounding_over_local_maxima(const std::vector<double>& d, std::size_t n, std::size_t m) {
  std::size_t codes = 1;
  for (std::size_t i = 0; i < n; ++i) codes *= 3;
  double best = -1.0;
  std::vector<int> state(n);
  for (std::size_t code = 0; code < codes; ++code) {
    std::vector<std::size_t> free_set, ones;
    for (std::size_t i = 0, c = code; i < n; ++i, c /= 3) {
      state[i] = static_cast<int>(c % 3);
      if (state[i] == 1) ones.push_back(i);
      if (state[i] == 2) free_set.push_back(i);
    }
    if (ones.size() > m || (free_set.empty() && ones.size() != m)) continue;
    std::vector<double> y(n, 0.0);
    for (std::size_t i : ones) y[i] = 1.0;
    double mu = 0.0;
    if (!free_set.empty()) {
      // Gaussian elimination with partial pivoting on the (f + 1) x (f + 1) system.
      const std::size_t f = free_set.size(), k = f + 1;
      std::vector<double> a(k * (k + 1), 0.0);
      for (std::size_t p = 0; p < f; ++p) {
        for (std::size_t q = 0; q < f; ++q)
          a[p * (k + 1) + q] = 2.0 * d[free_set[p] * n + free_set[q]];
        a[p * (k + 1) + f] = -1.0;
        double rhs = 0.0;
        for (std::size_t o : ones) rhs -= 2.0 * d[free_set[p] * n + o];
        a[p * (k + 1) + k] = rhs;
        a[f * (k + 1) + p] = 1.0;
      }
      a[f * (k + 1) + k] = static_cast<double>(m) - static_cast<double>(ones.size());
      bool singular = false;
      for (std::size_t col = 0; col < k && !singular; ++col) {
        std::size_t pivot = col;
        for (std::size_t r = col + 1; r < k; ++r)
          if (std::abs(a[r * (k + 1) + col]) > std::abs(a[pivot * (k + 1) + col])) pivot = r;
        if (std::abs(a[pivot * (k + 1) + col]) < 1e-10) singular = true;
        for (std::size_t c = 0; c <= k && !singular; ++c)
          std::swap(a[col * (k + 1) + c], a[pivot * (k + 1) + c]);
        for (std::size_t r = 0; r < k && !singular; ++r) {
          if (r == col) continue;
          const double factor = a[r * (k + 1) + col] / a[col * (k + 1) + col];
          for (std::size_t c = col; c <= k; ++c)
            a[r * (k + 1) + c] -= factor * a[col * (k + 1) + c];
        }
      }
      if (singular) continue;
      bool interior = true;
      for (std::size_t p = 0; p < f; ++p) {
        y[free_set[p]] = a[p * (k + 1) + k] / a[p * (k + 1) + p];
        if (!(y[free_set[p]] > 1e-12 && y[free_set[p]] < 1.0 - 1e-12)) interior = false;
      }
      if (!interior) continue;
      mu = a[f * (k + 1) + k] / a[f * (k + 1) + f];
    }
    double low_max = -std::numeric_limits<double>::infinity();
    double high_min = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < n; ++i) {
      double g = 0.0;
      for (std::size_t j = 0; j < n; ++j) g += 2.0 * d[i * n + j] * y[j];
      if (state[i] == 0) low_max = std::max(low_max, g);
      if (state[i] == 1) high_min = std::min(high_min, g);
    }
    if (free_set.empty() ? low_max > high_min + 1e-12
                         : (low_max > mu + 1e-12 || high_min < mu - 1e-12))
      continue;
    if (free_set.size() >= 2) {
      // P D_FF P with P the projector onto sum-zero directions: its top eigenvalue must be <= 0.
      const std::size_t f = free_set.size();
      std::vector<double> pdp(f * f, 0.0), dp(f * f, 0.0);
      const auto proj = [f](std::size_t p, std::size_t q) {
        return (p == q ? 1.0 : 0.0) - 1.0 / static_cast<double>(f);
      };
      for (std::size_t p = 0; p < f; ++p)
        for (std::size_t q = 0; q < f; ++q)
          for (std::size_t t = 0; t < f; ++t)
            dp[p * f + q] += d[free_set[p] * n + free_set[t]] * proj(t, q);
      for (std::size_t p = 0; p < f; ++p)
        for (std::size_t q = 0; q < f; ++q)
          for (std::size_t t = 0; t < f; ++t) pdp[p * f + q] += proj(p, t) * dp[t * f + q];
      if (symmetric_eigen(pdp, f, false).values.back() > 1e-9) continue;
    }
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return y[a] > y[b]; });
    double value = 0.0;
    for (std::size_t p = 0; p < m; ++p)
      for (std::size_t q = 0; q < m; ++q) value += d[order[p] * n + order[q]];
    best = std::max(best, value);
  }
  return best;
}

TEST(MaxDiversity, DoesAsWellAsTheBestLocalMaximumOfTheRelaxation) {
  // U(0, 1) distances, n in 6..9, m in 2..4: the solver's subset is compared with the best
  // rounding over all local maxima of the relaxation, the most any choice of starts could give.
  Rng rng(9);
  std::size_t cases = 0, as_good = 0, ceiling_optimal = 0, solver_optimal = 0;
  for (int trial = 0; trial < 60; ++trial) {
    const std::size_t n = 6 + rng.below(4), m = 2 + rng.below(3);
    const std::vector<double> d = random_symmetric(rng, n, [&] { return rng.uniform(); });
    const MaxDiversityResult r = max_diversity_subset(d, n, m);
    const double ceiling = best_rounding_over_local_maxima(d, n, m);
    const double best = exhaustive_max_diversity(d, n, m).subset_value;
    ASSERT_GT(ceiling, 0.0) << "no local maximum found, trial " << trial;
    EXPECT_LE(ceiling, best + 1e-12 * best);
    ++cases;
    if (reaches(r.subset_value, ceiling)) ++as_good;
    if (reaches(ceiling, best)) ++ceiling_optimal;
    if (reaches(r.subset_value, best)) ++solver_optimal;
  }
  std::cout << "[ ceiling  ] uniform, n 6..9: the solver matches the best rounding over all local "
               "maxima in "
            << as_good << "/" << cases << "; that rounding is the best subset in "
            << ceiling_optimal << "/" << cases << ", the solver's in " << solver_optimal << "/"
            << cases << std::endl;
  EXPECT_GE(static_cast<double>(as_good), 0.95 * static_cast<double>(cases));
}

// Timing, not run by default: build/tests/max_diversity_test --gtest_also_run_disabled_tests
// --gtest_filter='*Time*'
TEST(MaxDiversity, DISABLED_TimeN1000M5) {
  Rng rng(1000);
  const std::size_t n = 1000, m = 5;
  const std::vector<double> d = random_symmetric(rng, n, [&] { return rng.uniform(); });
  const auto begin = std::chrono::steady_clock::now();
  const std::clock_t cpu_begin = std::clock();
  const MaxDiversityResult r = max_diversity_subset(d, n, m);
  const double cpu = static_cast<double>(std::clock() - cpu_begin) / CLOCKS_PER_SEC;
  const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - begin;
  expect_consistent(r, d, n, m);
  std::cout << "[ time     ] n = 1000, m = 5: " << seconds.count() << " s wall, " << cpu
            << " s CPU (all threads), " << r.starts << " starts, " << r.iterations
            << " iterations, subset value " << r.subset_value << ", relaxed value "
            << r.relaxed_value << std::endl;
}

}  // namespace
}  // namespace landscape

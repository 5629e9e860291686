// The minimum-cost assignment solver against brute force over all permutations.

#include "common/optimize/linear_assignment.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "common/random/rng.hpp"

namespace landscape {
namespace {

// Brute force over all n! permutations.
double brute_force_assignment(const std::vector<double>& cost, std::size_t n) {
  std::vector<std::size_t> perm(n);
  std::iota(perm.begin(), perm.end(), std::size_t{0});
  double best = std::numeric_limits<double>::infinity();
  do {
    double sum = 0.0;
    for (std::size_t i = 0; i < n; ++i) sum += cost[i * n + perm[i]];
    best = std::min(best, sum);
  } while (std::next_permutation(perm.begin(), perm.end()));
  return best;
}

void check_assignment(const std::vector<double>& cost, std::size_t n) {
  const Assignment result = solve_min_cost_assignment(cost, n);
  ASSERT_EQ(result.column_of_row.size(), n);
  std::vector<std::size_t> columns = result.column_of_row;
  std::sort(columns.begin(), columns.end());
  for (std::size_t j = 0; j < n; ++j) ASSERT_EQ(columns[j], j) << "not a permutation";
  double sum = 0.0;
  for (std::size_t i = 0; i < n; ++i) sum += cost[i * n + result.column_of_row[i]];
  EXPECT_EQ(result.cost, sum);
  const double brute = brute_force_assignment(cost, n);
  EXPECT_NEAR(result.cost, brute, 1e-12 * std::max(1.0, std::fabs(brute)));
}

TEST(MinCostAssignment, MatchesBruteForceOnRandomMatrices) {
  Rng rng(61);
  for (std::size_t n = 1; n <= 7; ++n) {
    const int trials = n <= 5 ? 1000 : 200;
    for (int trial = 0; trial < trials; ++trial) {
      std::vector<double> cost(n * n);
      switch (trial % 4) {
        case 0:  // uniform
          for (double& c : cost) c = rng.uniform();
          break;
        case 1:  // small integers: many ties and several optimal assignments
          for (double& c : cost) c = static_cast<double>(rng.below(4));
          break;
        case 2:  // negative and positive, wide dynamic range
          for (double& c : cost)
            c = std::ldexp(rng.symmetric(), static_cast<int>(rng.below(20)) - 10);
          break;
        default:  // squared distances, like aligned_distance's
          for (double& c : cost) c = std::pow(3.0 * rng.uniform(), 2);
      }
      check_assignment(cost, n);
    }
  }
}

TEST(MinCostAssignment, TwoCopiesOfAStructureTakeTheShortcutAndStayOptimal) {
  // Squared distances between points and a permuted, slightly moved copy of them: every row's
  // cheapest column is a different column (the shortcut), or, with larger moves, two rows share
  // one (the full search). Both must match brute force.
  Rng rng(7);
  for (double noise : {0.01, 0.3, 1.0}) {
    for (int trial = 0; trial < 200; ++trial) {
      const std::size_t n = 7;
      std::vector<double> x(3 * n), y(3 * n);
      for (double& v : x) v = rng.symmetric();
      std::vector<std::size_t> perm(n);
      std::iota(perm.begin(), perm.end(), std::size_t{0});
      for (std::size_t i = n - 1; i > 0; --i) std::swap(perm[i], perm[rng.below(i + 1)]);
      for (std::size_t i = 0; i < n; ++i)
        for (int c = 0; c < 3; ++c) y[3 * perm[i] + c] = x[3 * i + c] + noise * rng.symmetric();
      std::vector<double> cost(n * n);
      for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j)
          for (int c = 0; c < 3; ++c) cost[i * n + j] += std::pow(x[3 * i + c] - y[3 * j + c], 2);
      check_assignment(cost, n);
      if (noise == 0.01) {
        EXPECT_EQ(solve_min_cost_assignment(cost, n).column_of_row, perm);
      }
    }
  }
}

TEST(MinCostAssignment, EdgeCases) {
  EXPECT_TRUE(solve_min_cost_assignment({}, 0).column_of_row.empty());
  check_assignment(std::vector<double>(16, 2.5), 4);  // all equal
  // Anti-diagonal optimum.
  const auto result = solve_min_cost_assignment(std::vector<double>{9, 9, 1, 9, 1, 9, 1, 9, 9}, 3);
  EXPECT_EQ(result.column_of_row, (std::vector<std::size_t>{2, 1, 0}));
  EXPECT_EQ(result.cost, 3.0);
  EXPECT_THROW(solve_min_cost_assignment(std::vector<double>{1, 2, 3}, 2), std::invalid_argument);
  EXPECT_THROW(solve_min_cost_assignment(std::vector<double>{1, INFINITY, 3, 4}, 2),
               std::invalid_argument);
}

}  // namespace
}  // namespace landscape

#include "common/optimize/linear_assignment.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace landscape {

Assignment solve_min_cost_assignment(std::span<const double> cost, std::size_t n) {
  constexpr const char* kWhat = "solve_min_cost_assignment";
  if (cost.size() != n * n)
    throw std::invalid_argument(
        fmt::format("{}: cost has {} entries, expected {} x {}", kWhat, cost.size(), n, n));
  for (std::size_t k = 0; k < cost.size(); ++k)
    if (!std::isfinite(cost[k]))
      throw std::invalid_argument(
          fmt::format("{}: cost({}, {}) is {}", kWhat, k / n, k % n, cost[k]));

  // When every row's cheapest column is a different column, taking them is optimal: no
  // assignment can give any row less. Aligning two copies of one structure (most of what the
  // identity checks do) ends here, in O(n^2).
  {
    Assignment greedy;
    greedy.column_of_row.resize(n);
    std::vector<char> taken(n, 0);
    bool distinct = true;
    for (std::size_t i = 0; i < n && distinct; ++i) {
      const double* row = &cost[i * n];
      const std::size_t j = static_cast<std::size_t>(std::min_element(row, row + n) - row);
      if (taken[j]) distinct = false;
      taken[j] = 1;
      greedy.column_of_row[i] = j;
      greedy.cost += row[j];
    }
    if (distinct) return greedy;
  }

  // Rows are inserted one at a time (those column reduction left free). For each new row a
  // Dijkstra-like search over reduced costs c(i,j) - row_pot[i] - col_pot[j] (kept >= 0 up to
  // rounding on the tree) grows a tree of tight edges until it reaches a free column; the path is
  // then flipped. Column n is a virtual root that holds the row being inserted.
  constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
  constexpr double kInf = std::numeric_limits<double>::infinity();
  std::vector<double> row_pot(n, 0.0), col_pot(n + 1, 0.0), slack(n + 1);
  std::vector<std::size_t> row_of_col(n + 1, kNone), previous_col(n + 1);
  std::vector<char> in_tree(n + 1);

  // Column reduction (Jonker and Volgenant): each column's potential is its cheapest cost, which
  // keeps every reduced cost >= 0, and a column whose cheapest row is still free takes it (a
  // tight edge). Only the rows left free go through the search below.
  std::vector<char> row_matched(n, 0);
  for (std::size_t j = 0; j < n; ++j) {
    std::size_t best = 0;
    for (std::size_t i = 1; i < n; ++i)
      if (cost[i * n + j] < cost[best * n + j]) best = i;
    col_pot[j] = cost[best * n + j];
    if (!row_matched[best]) {
      row_matched[best] = 1;
      row_of_col[j] = best;
    }
  }

  for (std::size_t new_row = 0; new_row < n; ++new_row) {
    if (row_matched[new_row]) continue;
    row_of_col[n] = new_row;
    std::size_t col = n;
    std::fill(slack.begin(), slack.end(), kInf);
    std::fill(in_tree.begin(), in_tree.end(), char{0});
    std::fill(previous_col.begin(), previous_col.end(), n);
    while (row_of_col[col] != kNone) {
      in_tree[col] = 1;
      const std::size_t row = row_of_col[col];
      double step = kInf;
      std::size_t next_col = kNone;
      for (std::size_t j = 0; j < n; ++j) {
        if (in_tree[j]) continue;
        const double reduced = cost[row * n + j] - row_pot[row] - col_pot[j];
        if (reduced < slack[j]) {
          slack[j] = reduced;
          previous_col[j] = col;
        }
        if (slack[j] < step) {
          step = slack[j];
          next_col = j;
        }
      }
      // Raise the duals of the tree by the smallest slack so that next_col's edge becomes tight.
      for (std::size_t j = 0; j <= n; ++j) {
        if (in_tree[j]) {
          row_pot[row_of_col[j]] += step;
          col_pot[j] -= step;
        } else {
          slack[j] -= step;
        }
      }
      col = next_col;
    }
    // Augment: shift rows along the alternating path back to the virtual root.
    while (col != n) {
      const std::size_t back = previous_col[col];
      row_of_col[col] = row_of_col[back];
      col = back;
    }
  }

  Assignment result;
  result.column_of_row.assign(n, kNone);
  for (std::size_t j = 0; j < n; ++j) result.column_of_row[row_of_col[j]] = j;
  for (std::size_t i = 0; i < n; ++i) result.cost += cost[i * n + result.column_of_row[i]];
  return result;
}

}  // namespace landscape

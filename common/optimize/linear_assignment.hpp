#pragma once
// Minimum-cost perfect assignment of a square cost matrix (the linear assignment problem): which
// atom of one cluster goes with which of another (permutational alignment), which hidden node of
// one network with which of another (network isomers).

#include <cstddef>
#include <span>
#include <vector>

namespace landscape {

/// Solution of a square linear assignment problem.
struct Assignment {
  std::vector<std::size_t> column_of_row;  ///< row i is assigned column column_of_row[i]
  double cost = 0.0;                       ///< sum over i of cost(i, column_of_row[i])
};

/// Minimum-cost perfect assignment of an n x n cost matrix (row-major, cost.size() == n*n, any
/// finite values, negative allowed) by the shortest-augmenting-path Hungarian method with row and
/// column potentials (Kuhn 1955; Munkres 1957; Jonker & Volgenant, Computing 38, 325 (1987)),
/// O(n^3). Throws std::invalid_argument for a wrong size or a non-finite entry.
Assignment solve_min_cost_assignment(std::span<const double> cost, std::size_t n);

}  // namespace landscape

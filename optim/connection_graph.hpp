#pragma once
// The minima and transition states known to a NEWCONNECT run as a graph, and the two questions
// asked of it (Carr, Trygubenko & Wales, J. Chem. Phys. 122, 234903 (2005)):
//  - the missing-connection Dijkstra path: on the complete graph of the minima, an edge costs 0
//    when a known transition state joins its two minima, is absent when the pair has been tried
//    NTriesMax times already, and otherwise costs a given function of the pair (DIJKSTRA: their
//    distance to a power, or its exponential); the shortest path from the start to the finish
//    minimum names the pairs to try next (its edges of non-zero cost);
//  - whether start and finish are connected, and the path of known transition states that
//    joins them (fewest transition states).
// Boost.Graph does the shortest paths.

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <utility>
#include <vector>

namespace landscape::optim {

/// Minima (0, 1, ...) joined by transition states (0, 1, ...).
class ConnectionGraph {
 public:
  /// Adds a minimum; returns its index.
  std::size_t add_minimum();
  /// Records transition state ts joining minima a and b (a == b: a degenerate rearrangement,
  /// which joins nothing).
  void add_transition_state(std::size_t ts, std::size_t a, std::size_t b);
  std::size_t n_minima() const { return n_minima_; }

  /// A known transition state joins a and b directly.
  bool joined(std::size_t a, std::size_t b) const;
  /// a and b are in the same connected component of the known transition states.
  bool connected(std::size_t a, std::size_t b) const;

  /// Counts one connection attempt for the pair {a, b}.
  void record_attempt(std::size_t a, std::size_t b);
  int attempts(std::size_t a, std::size_t b) const;

  /// A shortest path of the missing-connection graph.
  struct MissingConnectionPath {
    std::vector<std::size_t> minima;  ///< from start to finish
    std::vector<std::pair<std::size_t, std::size_t>>
        missing;          ///< its pairs not yet joined, in path order
    double weight = 0.0;  ///< total cost
  };
  /// The missing-connection path from start to finish, pairs tried max_attempts times left out;
  /// empty when no path remains. cost(a, b) > 0 is the cost of an untried or unsuccessful pair.
  std::optional<MissingConnectionPath> missing_connection_path(
      std::size_t start, std::size_t finish, int max_attempts,
      const std::function<double(std::size_t, std::size_t)>& cost) const;

  /// One transition state of a connected path.
  struct Step {
    std::size_t ts, from, to;
  };
  /// The path of known transition states from start to finish with the fewest of them (empty
  /// when they are not connected, or start == finish).
  std::vector<Step> known_path(std::size_t start, std::size_t finish) const;

 private:
  struct Edge {
    std::size_t ts, a, b;
  };
  std::size_t n_minima_ = 0;
  std::vector<Edge> edges_;
  std::map<std::pair<std::size_t, std::size_t>, int> attempts_;
};

}  // namespace landscape::optim

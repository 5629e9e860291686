#pragma once
// The disconnectivity graph of a stationary-point database (Becker and Karplus, J. Chem. Phys. 106,
// 1495 (1997)) as disconnectionDPS builds and lays it out (doc/file_formats.md): basins at
// each level from the transition states below it, the tree of basins, and the left-to-right order
// of the branches (children ordered by size with the big ones towards the middle; CENTREGMIN).

#include <cstddef>
#include <limits>
#include <vector>

namespace landscape::disconnect {

/// What the graph needs of a database (0-based indices).
struct DisconnectivityInput {
  struct Connection {
    double energy = 0.0;
    std::size_t min1 = 0, min2 = 0;
  };
  std::vector<double> minimum_energies;
  std::vector<Connection> transition_states;
};

/// The analysis options of dinfo (DisconnectOptions holds the drawing ones as well).
struct DisconnectivityOptions {
  double delta = 0.0;      ///< DELTA: energy spacing of the levels
  double first = 0.0;      ///< FIRST: energy of the top level
  std::size_t levels = 0;  ///< LEVELS (>= 2)
  /// CONNECTMIN (0-based): keep the minima connected to this one; default the global minimum.
  std::size_t connect_min = kNone;
  int nconnmin = 0;  ///< NCONNMIN: drop minima with this many connections or fewer (recursively)
  double ts_threshold = std::numeric_limits<double>::infinity();       ///< TSTHRESH / MAXTSENERGY
  double barrier_threshold = std::numeric_limits<double>::infinity();  ///< MAXTSBARRIER
  bool centre_gmin = false;                                            ///< CENTREGMIN
  bool split = true;                                                   ///< false with NOSPLIT
  bool barriers = true;                                                ///< false with NOBARRIERS
  std::size_t lowest = 0;    ///< LOWEST: draw only the branches of the n lowest minima (0: all)
  bool monotonic = false;    ///< MONOTONIC
  bool exclude_all = false;  ///< EXCLUDEALL
  /// PICK: +(i+1) draws minimum i, -(i+1) removes it, applied in order after the above.
  std::vector<long long> pick;
  std::vector<std::size_t> id_minima;  ///< IDMIN (0-based): always drawn
  /// TRMIN: the list (1-based) each minimum belongs to, 0 for none; empty without TRMIN.
  std::vector<int> colour_lists;

  static constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
};

/// One basin (node) at one level.
struct TreeNode {
  std::size_t size = 0;          ///< minima drawn below it
  std::size_t parent = kNoNode;  ///< node at the level above (kNoNode at the top)
  std::size_t lowest = 0;        ///< its minimum of lowest energy (first index on ties)
  double lowest_energy = 0.0;
  std::size_t n_children = 0;  ///< nodes at the level below
  /// TRMIN list of the node: k when all its minima are in lists and k is the last of them, 0 when
  /// one of its minima is in none (disconnectionDPS's MARKNODE).
  int colour = 0;
  std::size_t first_column = 0;  ///< first of its columns (0-based)
  double x = 0.0;                ///< centre of its columns, as a fraction of all columns
  /// Its minima that are drawn here but not one level down (each minimum is "own" to one node).
  std::vector<std::size_t> own;

  static constexpr std::size_t kNoNode = std::numeric_limits<std::size_t>::max();
};

/// One level: its energy, its nodes (numbered by their lowest-index minimum) and their order from
/// left to right.
struct TreeLevel {
  double energy = 0.0;
  std::vector<TreeNode> nodes;
  std::vector<std::size_t> order;             ///< node ids from left to right
  std::size_t gmin_node = TreeNode::kNoNode;  ///< node holding the global minimum, if drawn
  /// Children of node k (ids at the level below, ascending): children[child_begin[k] ..
  /// child_begin[k + 1]). Empty at the bottom level.
  std::vector<std::size_t> child_begin, children;
};

/// A line of the graph from a node at level `level - 1` to a node at `level`. x runs over [0, 1]
/// (the columns), e is the energy. A branch end (leaf) stops at its minimum's energy, its x
/// interpolated along the parent-child line.
struct TreeSegment {
  double x1 = 0.0, e1 = 0.0, x2 = 0.0, e2 = 0.0;
  std::size_t level = 0;  ///< level of the lower node
  std::size_t node = 0;   ///< the lower node
  bool leaf = false;
  std::size_t minimum = 0;  ///< leaf: its minimum (0-based)
  int colour = 0;           ///< TRMIN list of the lower node, 0 for none
};

/// The graph: levels, segments and what was kept.
struct DisconnectivityGraph {
  std::vector<TreeLevel> levels;
  std::vector<TreeSegment> segments;   ///< level by level, each level's nodes from left to right
  std::size_t n_columns = 0;           ///< minima drawn (the columns of the layout)
  std::size_t global_minimum = 0;      ///< lowest minimum of the database (0-based)
  std::size_t connect_min = 0;         ///< the minimum whose connected set is kept (0-based)
  std::size_t n_nondegenerate_ts = 0;  ///< transition states with min1 != min2
  std::size_t n_disconnected = 0;      ///< minima not connected to connect_min
  std::size_t n_underconnected = 0;    ///< minima with NCONNMIN connections or fewer
  std::size_t n_kept_minima = 0;       ///< minima in the analysis (connected, enough connections)
  std::size_t n_live_ts = 0;           ///< transition states in the analysis
  std::size_t n_drawn_minima = 0;      ///< after LOWEST, MONOTONIC, EXCLUDEALL, PICK, IDMIN

  /// The minima of a node (ascending), at any level.
  std::vector<std::size_t> members(std::size_t level, std::size_t node) const;
};

/// Builds the graph. The input indices must be valid (the readers check them); options.levels >= 2
/// and options.delta > 0 (the keyword table checks them).
DisconnectivityGraph build_disconnectivity_graph(const DisconnectivityInput& input,
                                                 const DisconnectivityOptions& options);

/// disconnectionDPS's order of the children of one node: sizes ascending (in the order of
/// Numerical Recipes' indexx, which decides among equal sizes), the children
/// at least half as big as the biggest spread by MIX among the smaller ones, which are MIXed too.
/// children are node ids, sizes their sizes; returns the ids from left to right.
std::vector<std::size_t> arrange_children(const std::vector<std::size_t>& children,
                                          const std::vector<std::size_t>& sizes);

}  // namespace landscape::disconnect

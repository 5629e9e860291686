#include "disconnect/disconnectivity_graph.hpp"

#include <algorithm>
#include <boost/pending/disjoint_sets.hpp>
#include <cmath>
#include <numeric>
#include <tuple>

namespace landscape::disconnect {
namespace {

constexpr std::size_t kNoNode = TreeNode::kNoNode;

/// Union-find over minima with a flag per set: "joined by at least one transition state".
class Basins {
 public:
  explicit Basins(std::size_t n)
      : rank_(n), parent_(n), joined_(n, 0), sets_(rank_.data(), parent_.data()) {
    for (std::size_t i = 0; i < n; ++i) sets_.make_set(i);
  }
  void join(std::size_t a, std::size_t b) {
    sets_.union_set(a, b);
    joined_[sets_.find_set(a)] = 1;
  }
  std::size_t find(std::size_t a) { return sets_.find_set(a); }
  bool joined_root(std::size_t root) const { return joined_[root] != 0; }

 private:
  std::vector<std::size_t> rank_, parent_;
  std::vector<char> joined_;
  boost::disjoint_sets<std::size_t*, std::size_t*> sets_;
};

/// disconnectionDPS's MIX: reorders a list sorted by size so that it alternates between its two
/// ends (first, last, last-but-one, second, third, ...).
std::vector<std::size_t> mix(const std::vector<std::size_t>& list) {
  const long long n = static_cast<long long>(list.size());
  std::vector<std::size_t> out;
  out.reserve(list.size());
  long long pos = 0, sign = 1, delta = n - 1;
  bool big = true;
  for (long long i = 0; i < n; ++i) {
    out.push_back(list[static_cast<std::size_t>(pos)]);
    if (big) {
      pos += sign * delta;
      delta -= 2;
      sign = -sign;
    } else {
      pos += sign;
    }
    big = !big;
  }
  return out;
}

/// The order in which Numerical Recipes' indexx lists keys ascending: a median-of-three quicksort
/// that leaves ranges of fewer than 8 to an insertion sort. disconnectionDPS orders children by
/// size with it, so among children of equal size this order decides where each branch goes.
std::vector<std::size_t> indexx_order(const std::vector<std::size_t>& key) {
  const std::size_t n = key.size();
  std::vector<std::size_t> idx(n);
  std::iota(idx.begin(), idx.end(), std::size_t{0});
  if (n < 2) return idx;
  auto k = [&](std::size_t i) { return key[idx[i]]; };
  std::vector<std::pair<std::size_t, std::size_t>> pending;
  std::size_t l = 0, r = n - 1;
  for (;;) {
    if (r - l < 7) {
      for (std::size_t j = l + 1; j <= r; ++j) {
        const std::size_t t = idx[j];
        std::size_t i = j;
        while (i > l && key[idx[i - 1]] > key[t]) {
          idx[i] = idx[i - 1];
          --i;
        }
        idx[i] = t;
      }
      if (pending.empty()) break;
      std::tie(l, r) = pending.back();
      pending.pop_back();
      continue;
    }
    std::swap(idx[(l + r) / 2], idx[l + 1]);
    if (k(l + 1) > k(r)) std::swap(idx[l + 1], idx[r]);
    if (k(l) > k(r)) std::swap(idx[l], idx[r]);
    if (k(l + 1) > k(l)) std::swap(idx[l + 1], idx[l]);
    const std::size_t pivot = idx[l];
    const std::size_t a = key[pivot];
    std::size_t i = l + 1, j = r;
    for (;;) {
      do ++i;
      while (k(i) < a);
      do --j;
      while (k(j) > a);
      if (j < i) break;
      std::swap(idx[i], idx[j]);
    }
    idx[l] = idx[j];
    idx[j] = pivot;
    if (r - i + 1 >= j - l) {
      pending.emplace_back(i, r);
      r = j - 1;
    } else {
      pending.emplace_back(l, j - 1);
      l = i;
    }
  }
  return idx;
}

/// Fortran NINT for the non-negative values used here.
long long nint(double v) { return static_cast<long long>(std::floor(v + 0.5)); }

/// GETNCONN: connections of each minimum to minima with more than nconnmin connections, counted
/// over the non-degenerate transition states and repeated until the set of such minima is stable.
std::vector<long long> count_connections(const DisconnectivityInput& in, int nconnmin) {
  const std::size_t n = in.minimum_energies.size();
  std::vector<char> connected(n, 1);
  std::vector<long long> nconn(n, 0);
  std::size_t previous = n + 1;
  for (;;) {
    std::fill(nconn.begin(), nconn.end(), 0);
    for (const auto& t : in.transition_states) {
      if (t.min1 == t.min2) continue;
      if (connected[t.min2]) ++nconn[t.min1];
      if (connected[t.min1]) ++nconn[t.min2];
    }
    std::size_t count = 0;
    for (std::size_t m = 0; m < n; ++m) {
      connected[m] = nconn[m] > nconnmin;
      count += connected[m];
    }
    if (count == previous) break;
    previous = count;
  }
  return nconn;
}

/// TSTHRESH and MAXTSBARRIER: whether a transition state joins its minima in the analysis (not
/// degenerate, no higher than the threshold, and a barrier no higher than MAXTSBARRIER from at
/// least one side).
bool passes_filters(const DisconnectivityInput::Connection& t, const std::vector<double>& energy,
                    const DisconnectivityOptions& opt) {
  if (t.min1 == t.min2 || t.energy > opt.ts_threshold) return false;
  return !(t.energy - energy[t.min1] > opt.barrier_threshold &&
           t.energy - energy[t.min2] > opt.barrier_threshold);
}

/// The levels, FIRST at the top and DELTA apart, with no nodes yet.
void make_levels(DisconnectivityGraph& g, const DisconnectivityOptions& opt) {
  g.levels.resize(opt.levels);
  for (std::size_t l = 0; l < opt.levels; ++l)
    g.levels[l].energy = opt.first - static_cast<double>(l) * opt.delta;
}

/// The minimum of lowest energy (the first on ties); energy must not be empty.
std::size_t lowest_minimum(const std::vector<double>& energy) {
  std::size_t lowest = 0;
  for (std::size_t m = 1; m < energy.size(); ++m)
    if (energy[m] < energy[lowest]) lowest = m;
  return lowest;
}

/// The minima in the analysis: connected to g.connect_min through transition states that pass the
/// filters, with more than NCONNMIN connections. Counts in g the minima left out and those kept.
std::vector<char> analysed_minima(const DisconnectivityInput& in, const DisconnectivityOptions& opt,
                                  DisconnectivityGraph& g) {
  const std::size_t n = in.minimum_energies.size();
  std::vector<char> alive(n, 0);
  Basins reach(n);
  for (const auto& t : in.transition_states)
    if (passes_filters(t, in.minimum_energies, opt)) reach.join(t.min1, t.min2);
  const std::size_t root = reach.find(g.connect_min);
  const std::vector<long long> nconn = count_connections(in, opt.nconnmin);
  for (std::size_t m = 0; m < n; ++m) {
    const bool connected = reach.find(m) == root;
    g.n_disconnected += !connected;
    if (connected && nconn[m] <= opt.nconnmin) ++g.n_underconnected;
    alive[m] = connected && nconn[m] > opt.nconnmin;
    g.n_kept_minima += alive[m];
  }
  return alive;
}

/// The transition states between minima in the analysis that pass the filters, sorted by the
/// energy used for the basins (NOBARRIERS: the higher of the two minima).
std::vector<DisconnectivityInput::Connection> live_transition_states(
    const DisconnectivityInput& in, const DisconnectivityOptions& opt,
    const std::vector<char>& alive) {
  const auto& energy = in.minimum_energies;
  std::vector<DisconnectivityInput::Connection> live;
  for (const auto& t : in.transition_states)
    if (passes_filters(t, energy, opt) && alive[t.min1] && alive[t.min2]) {
      auto c = t;
      if (!opt.barriers) c.energy = std::max(energy[t.min1], energy[t.min2]);
      live.push_back(c);
    }
  std::sort(live.begin(), live.end(),
            [](const auto& a, const auto& b) { return a.energy < b.energy; });
  return live;
}

/// The minima drawn: those in the analysis, pruned after the basin analysis by LOWEST, MONOTONIC
/// and EXCLUDEALL, then PICK and IDMIN in that order.
std::vector<char> drawn_minima(const std::vector<double>& energy, const std::vector<char>& alive,
                               const std::vector<DisconnectivityInput::Connection>& live,
                               const DisconnectivityOptions& opt) {
  const std::size_t n = energy.size();
  std::vector<char> drawn(alive);
  if (opt.lowest > 0) {
    std::vector<std::size_t> by_energy;
    for (std::size_t m = 0; m < n; ++m)
      if (alive[m]) by_energy.push_back(m);
    std::stable_sort(by_energy.begin(), by_energy.end(),
                     [&](std::size_t a, std::size_t b) { return energy[a] < energy[b]; });
    for (std::size_t i = opt.lowest; i < by_energy.size(); ++i) drawn[by_energy[i]] = 0;
  }
  if (opt.monotonic)
    for (const auto& t : live) drawn[energy[t.min1] < energy[t.min2] ? t.min2 : t.min1] = 0;
  if (opt.exclude_all) std::fill(drawn.begin(), drawn.end(), 0);
  for (long long p : opt.pick) {
    const std::size_t m = static_cast<std::size_t>(std::llabs(p) - 1);
    if (m < n) drawn[m] = p > 0 && alive[m];
  }
  for (std::size_t m : opt.id_minima)
    if (m < n) drawn[m] = alive[m];
  return drawn;
}

/// The basins of every level, built from the bottom level up so that one union-find grows with
/// the threshold: a node of a level is a set of drawn minima joined below the level's threshold.
class BasinSweep {
 public:
  /// energy, drawn, live and opt must outlive the sweep.
  BasinSweep(const std::vector<double>& energy, const std::vector<char>& drawn,
             const std::vector<DisconnectivityInput::Connection>& live,
             const DisconnectivityOptions& opt)
      : energy_(energy),
        drawn_(drawn),
        live_(live),
        opt_(opt),
        split_option_(opt.split ? 0.0 : opt.delta),
        colours_(!opt.colour_lists.empty()),
        basins_(energy.size()),
        label_(energy.size(), kNoNode),
        label_below_(energy.size(), kNoNode),
        node_of_root_(energy.size(), kNoNode),
        stamp_(energy.size(), kNoNode) {}

  /// Builds the nodes of level l of g and makes them the parents of the nodes of level l + 1;
  /// the levels must come from the bottom up.
  void build_level(DisconnectivityGraph& g, std::size_t l) {
    TreeLevel& level = g.levels[l];
    join_below(level.energy + split_option_);
    std::vector<std::size_t> representative = label_minima(level, l, l + 1 == g.levels.size());
    if (!colours_)
      for (auto& node : level.nodes) node.colour = 0;
    if (g.global_minimum < energy_.size()) level.gmin_node = label_[g.global_minimum];
    if (l + 1 < g.levels.size()) adopt_level_below(level, g.levels[l + 1].nodes);
    representative_below_ = std::move(representative);
    std::swap(label_, label_below_);
  }

 private:
  /// Joins the minima of the live transition states below threshold not joined yet.
  void join_below(double threshold) {
    while (next_ts_ < live_.size() && live_[next_ts_].energy < threshold) {
      basins_.join(live_[next_ts_].min1, live_[next_ts_].min2);
      ++next_ts_;
    }
  }

  /// Labels each minimum with its node at level l (kNoNode if not drawn there), making the nodes
  /// in the order of their first minima; returns that first minimum of each node.
  std::vector<std::size_t> label_minima(TreeLevel& level, std::size_t l, bool bottom) {
    std::vector<std::size_t> representative;
    for (std::size_t m = 0; m < energy_.size(); ++m) {
      label_[m] = kNoNode;
      if (!drawn_[m]) continue;
      const std::size_t root = basins_.find(m);
      // A minimum no transition state has joined yet reaches down only to the first level at or
      // below its energy.
      if (!basins_.joined_root(root) && !(energy_[m] < level.energy + opt_.delta)) continue;
      if (stamp_[root] != l) {
        stamp_[root] = l;
        node_of_root_[root] = level.nodes.size();
        level.nodes.emplace_back();
        level.nodes.back().lowest = m;
        level.nodes.back().lowest_energy = energy_[m];
        level.nodes.back().colour = -1;
        representative.push_back(m);
      }
      const std::size_t k = node_of_root_[root];
      label_[m] = k;
      add_minimum(level.nodes[k], m, bottom || label_below_[m] == kNoNode);
    }
    return representative;
  }

  /// Counts minimum m in node: its size, its lowest minimum and its TRMIN list (MARKNODE); own:
  /// m is drawn at this level but not at the one below.
  void add_minimum(TreeNode& node, std::size_t m, bool own) const {
    ++node.size;
    if (energy_[m] < node.lowest_energy) {
      node.lowest_energy = energy_[m];
      node.lowest = m;
    }
    if (colours_ && node.colour != 0) {
      const int c = opt_.colour_lists[m];
      if (c == 0 || c > node.colour) node.colour = c;
    }
    if (own) node.own.push_back(m);
  }

  /// Makes the nodes of level the parents of the nodes below it, each found through one of its
  /// minima (a basin of the level below lies inside one basin of the level).
  void adopt_level_below(TreeLevel& level, std::vector<TreeNode>& below) const {
    for (std::size_t k = 0; k < below.size(); ++k) {
      const std::size_t p = label_[representative_below_[k]];
      below[k].parent = p;
      ++level.nodes[p].n_children;
    }
  }

  const std::vector<double>& energy_;
  const std::vector<char>& drawn_;
  const std::vector<DisconnectivityInput::Connection>& live_;
  const DisconnectivityOptions& opt_;
  const double split_option_;  ///< NOSPLIT: a level's basins join below the level above it
  const bool colours_;         ///< TRMIN
  Basins basins_;
  std::vector<std::size_t> label_, label_below_;   ///< node of each minimum, this level and below
  std::vector<std::size_t> node_of_root_;          ///< node of each set at the level of its stamp
  std::vector<std::size_t> stamp_;                 ///< the last level each set has a node at
  std::vector<std::size_t> representative_below_;  ///< one minimum of each node of the level below
  std::size_t next_ts_ = 0;                        ///< live transition states joined so far
};

/// Fills the child lists (child_begin, children) of the nodes of parents, the level above level;
/// returns the children of each parent, ascending.
std::vector<std::vector<std::size_t>> list_children(TreeLevel& parents, const TreeLevel& level) {
  std::vector<std::vector<std::size_t>> children(parents.nodes.size());
  for (std::size_t k = 0; k < level.nodes.size(); ++k) children[level.nodes[k].parent].push_back(k);
  parents.child_begin.assign(1, 0);
  for (const auto& kids : children) {
    parents.children.insert(parents.children.end(), kids.begin(), kids.end());
    parents.child_begin.push_back(parents.children.size());
  }
  return children;
}

/// The left-to-right order of level: the children of each node of the level above, in that
/// level's order, arranged by arrange_children; CENTREGMIN moves the global minimum's node to the
/// middle of its siblings.
void order_level(const TreeLevel& above, TreeLevel& level,
                 const std::vector<std::vector<std::size_t>>& children, bool centre_gmin) {
  level.order.reserve(level.nodes.size());
  std::vector<std::size_t> child_sizes;
  for (std::size_t p : above.order) {
    const auto& kids = children[p];
    if (kids.empty()) continue;
    child_sizes.resize(kids.size());
    for (std::size_t i = 0; i < kids.size(); ++i) child_sizes[i] = level.nodes[kids[i]].size;
    std::vector<std::size_t> ordered = arrange_children(kids, child_sizes);
    if (centre_gmin) {
      const auto it = std::find(ordered.begin(), ordered.end(), level.gmin_node);
      if (it != ordered.end())
        std::iter_swap(it, ordered.begin() + static_cast<long>(ordered.size() / 2));
    }
    level.order.insert(level.order.end(), ordered.begin(), ordered.end());
  }
}

/// The left-to-right order of every level, top down, and the child lists on the way.
void order_branches(DisconnectivityGraph& g, bool centre_gmin) {
  auto& top = g.levels[0];
  top.order.resize(top.nodes.size());
  std::iota(top.order.begin(), top.order.end(), std::size_t{0});
  for (std::size_t l = 1; l < g.levels.size(); ++l) {
    TreeLevel& above = g.levels[l - 1];
    if (above.nodes.empty()) break;
    const auto children = list_children(above, g.levels[l]);
    order_level(above, g.levels[l], children, centre_gmin);
  }
}

/// Columns: each node gets a block as wide as its size, inside its parent's block and in the
/// left-to-right order, and its x at the centre of the block. g.n_columns must be positive.
void assign_columns(DisconnectivityGraph& g) {
  const double columns = static_cast<double>(g.n_columns);
  std::size_t next_top = 0;
  for (std::size_t k : g.levels[0].order) {
    g.levels[0].nodes[k].first_column = next_top;
    next_top += g.levels[0].nodes[k].size;
  }
  for (std::size_t l = 1; l < g.levels.size(); ++l) {
    auto& above = g.levels[l - 1].nodes;
    auto& level = g.levels[l];
    std::vector<std::size_t> next(above.size());
    for (std::size_t p = 0; p < above.size(); ++p) next[p] = above[p].first_column;
    for (std::size_t k : level.order) {
      TreeNode& node = level.nodes[k];
      node.first_column = next[node.parent];
      next[node.parent] += node.size;
    }
  }
  for (auto& level : g.levels)
    for (auto& node : level.nodes)
      node.x =
          (static_cast<double>(node.first_column) + 0.5 * static_cast<double>(node.size)) / columns;
}

/// The segment from the parent of node k of level l down to it; a branch end stops at its
/// minimum, part of the way along the line when the minimum lies above the level.
TreeSegment segment_to(const TreeLevel& above, const TreeLevel& level, std::size_t l, std::size_t k,
                       double delta) {
  const TreeNode& node = level.nodes[k];
  TreeSegment s;
  s.x1 = above.nodes[node.parent].x;
  s.e1 = above.energy;
  s.x2 = node.x;
  s.e2 = level.energy;
  s.level = l;
  s.node = k;
  s.colour = node.colour;
  if (node.n_children == 0) {
    const double frac = std::clamp((above.energy - node.lowest_energy) / delta, 0.0, 1.0);
    s.x2 = s.x1 + frac * (node.x - s.x1);
    s.e2 = above.energy - frac * delta;
    s.leaf = true;
    s.minimum = node.lowest;
  }
  return s;
}

/// The segments, level by level, each level's nodes from left to right.
void add_segments(DisconnectivityGraph& g, double delta) {
  for (std::size_t l = 1; l < g.levels.size(); ++l) {
    const TreeLevel& above = g.levels[l - 1];
    const TreeLevel& level = g.levels[l];
    if (above.nodes.empty()) break;
    for (std::size_t k : level.order) g.segments.push_back(segment_to(above, level, l, k, delta));
  }
}

}  // namespace

std::vector<std::size_t> arrange_children(const std::vector<std::size_t>& children,
                                          const std::vector<std::size_t>& sizes) {
  const std::size_t n = children.size();
  const std::vector<std::size_t> idx = indexx_order(sizes);
  // The big ones: from the largest down, while at least half the size of the largest.
  std::size_t p = n;
  while (p > 0 && 2 * sizes[idx[p - 1]] >= sizes[idx[n - 1]]) --p;
  const std::size_t n_big = n - p;
  const std::size_t n_small = n - n_big;
  const std::vector<std::size_t> small =
      mix({idx.begin(), idx.begin() + static_cast<long>(n_small)});
  const std::vector<std::size_t> big = mix({idx.begin() + static_cast<long>(n_small), idx.end()});
  const double padding = static_cast<double>(n_small) / static_cast<double>(n_big + 1);
  std::vector<std::size_t> out;
  out.reserve(n);
  for (long long s = 0; s < nint(padding); ++s)
    out.push_back(children[small[static_cast<std::size_t>(s)]]);
  for (std::size_t q = 1; q <= n_big; ++q) {
    out.push_back(children[big[n_big - q]]);
    for (long long s = nint(padding * static_cast<double>(q));
         s < nint(padding * static_cast<double>(q + 1)); ++s)
      out.push_back(children[small[static_cast<std::size_t>(s)]]);
  }
  return out;
}

std::vector<std::size_t> DisconnectivityGraph::members(std::size_t level, std::size_t node) const {
  std::vector<std::size_t> out;
  std::vector<std::pair<std::size_t, std::size_t>> stack{{level, node}};
  while (!stack.empty()) {
    const auto [l, k] = stack.back();
    stack.pop_back();
    const TreeLevel& lv = levels[l];
    out.insert(out.end(), lv.nodes[k].own.begin(), lv.nodes[k].own.end());
    if (lv.child_begin.empty()) continue;
    for (std::size_t c = lv.child_begin[k]; c < lv.child_begin[k + 1]; ++c)
      stack.emplace_back(l + 1, lv.children[c]);
  }
  std::sort(out.begin(), out.end());
  return out;
}

DisconnectivityGraph build_disconnectivity_graph(const DisconnectivityInput& in,
                                                 const DisconnectivityOptions& opt) {
  DisconnectivityGraph g;
  make_levels(g, opt);
  const std::size_t n = in.minimum_energies.size();
  if (n == 0) return g;
  g.global_minimum = lowest_minimum(in.minimum_energies);
  g.connect_min =
      opt.connect_min == DisconnectivityOptions::kNone ? g.global_minimum : opt.connect_min;
  for (const auto& t : in.transition_states) g.n_nondegenerate_ts += t.min1 != t.min2;

  const std::vector<char> alive = analysed_minima(in, opt, g);
  const std::vector<DisconnectivityInput::Connection> live = live_transition_states(in, opt, alive);
  g.n_live_ts = live.size();
  const std::vector<char> drawn = drawn_minima(in.minimum_energies, alive, live, opt);
  for (std::size_t m = 0; m < n; ++m) g.n_drawn_minima += drawn[m];

  BasinSweep sweep(in.minimum_energies, drawn, live, opt);
  for (std::size_t l = g.levels.size(); l-- > 0;) sweep.build_level(g, l);
  order_branches(g, opt.centre_gmin);
  for (const auto& node : g.levels[0].nodes) g.n_columns += node.size;
  if (g.n_columns == 0) return g;
  assign_columns(g);
  add_segments(g, opt.delta);
  return g;
}

}  // namespace landscape::disconnect

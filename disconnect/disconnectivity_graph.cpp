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
  explicit Basins(std::size_t n) : rank_(n), parent_(n), joined_(n, 0), sets_(rank_.data(), parent_.data()) {
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
      do ++i; while (k(i) < a);
      do --j; while (k(j) > a);
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
  const std::vector<std::size_t> small = mix({idx.begin(), idx.begin() + static_cast<long>(n_small)});
  const std::vector<std::size_t> big = mix({idx.begin() + static_cast<long>(n_small), idx.end()});
  const double padding = static_cast<double>(n_small) / static_cast<double>(n_big + 1);
  std::vector<std::size_t> out;
  out.reserve(n);
  for (long long s = 0; s < nint(padding); ++s) out.push_back(children[small[static_cast<std::size_t>(s)]]);
  for (std::size_t q = 1; q <= n_big; ++q) {
    out.push_back(children[big[n_big - q]]);
    for (long long s = nint(padding * static_cast<double>(q)); s < nint(padding * static_cast<double>(q + 1)); ++s)
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
    for (std::size_t c = lv.child_begin[k]; c < lv.child_begin[k + 1]; ++c) stack.emplace_back(l + 1, lv.children[c]);
  }
  std::sort(out.begin(), out.end());
  return out;
}

DisconnectivityGraph build_disconnectivity_graph(const DisconnectivityInput& in,
                                                 const DisconnectivityOptions& opt) {
  DisconnectivityGraph g;
  const std::size_t n = in.minimum_energies.size();
  const auto& energy = in.minimum_energies;
  const std::size_t n_levels = opt.levels;
  g.levels.resize(n_levels);
  for (std::size_t l = 0; l < n_levels; ++l)
    g.levels[l].energy = opt.first - static_cast<double>(l) * opt.delta;
  if (n == 0) return g;

  g.global_minimum = 0;
  for (std::size_t m = 1; m < n; ++m)
    if (energy[m] < energy[g.global_minimum]) g.global_minimum = m;
  g.connect_min = opt.connect_min == DisconnectivityOptions::kNone ? g.global_minimum : opt.connect_min;

  // Transition states that pass the energy and barrier filters.
  auto passes = [&](const DisconnectivityInput::Connection& t) {
    if (t.min1 == t.min2 || t.energy > opt.ts_threshold) return false;
    return !(t.energy - energy[t.min1] > opt.barrier_threshold && t.energy - energy[t.min2] > opt.barrier_threshold);
  };
  for (const auto& t : in.transition_states) g.n_nondegenerate_ts += t.min1 != t.min2;

  // Minima connected to connect_min through such transition states.
  std::vector<char> alive(n, 0);
  {
    Basins reach(n);
    for (const auto& t : in.transition_states)
      if (passes(t)) reach.join(t.min1, t.min2);
    const std::size_t root = reach.find(g.connect_min);
    const std::vector<long long> nconn = count_connections(in, opt.nconnmin);
    for (std::size_t m = 0; m < n; ++m) {
      const bool connected = reach.find(m) == root;
      g.n_disconnected += !connected;
      if (connected && nconn[m] <= opt.nconnmin) ++g.n_underconnected;
      alive[m] = connected && nconn[m] > opt.nconnmin;
      g.n_kept_minima += alive[m];
    }
  }

  // Live transition states, sorted by the energy used for the basins (NOBARRIERS: the higher of
  // the two minima).
  std::vector<DisconnectivityInput::Connection> live;
  for (const auto& t : in.transition_states)
    if (passes(t) && alive[t.min1] && alive[t.min2]) {
      auto c = t;
      if (!opt.barriers) c.energy = std::max(energy[t.min1], energy[t.min2]);
      live.push_back(c);
    }
  g.n_live_ts = live.size();
  std::sort(live.begin(), live.end(), [](const auto& a, const auto& b) { return a.energy < b.energy; });

  // Which minima are drawn: pruning after the basin analysis.
  std::vector<char> drawn(alive);
  if (opt.lowest > 0) {
    std::vector<std::size_t> by_energy;
    for (std::size_t m = 0; m < n; ++m)
      if (alive[m]) by_energy.push_back(m);
    std::stable_sort(by_energy.begin(), by_energy.end(), [&](std::size_t a, std::size_t b) { return energy[a] < energy[b]; });
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
  for (std::size_t m = 0; m < n; ++m) g.n_drawn_minima += drawn[m];

  // Basins, from the bottom level up, so that one union-find grows with the threshold.
  const double split_option = opt.split ? 0.0 : opt.delta;
  const bool colours = !opt.colour_lists.empty();
  Basins basins(n);
  std::vector<std::size_t> label(n, kNoNode), label_below(n, kNoNode);
  std::vector<std::size_t> node_of_root(n, kNoNode);
  std::vector<std::size_t> stamp(n, kNoNode);
  std::vector<std::size_t> representative_below;  // one minimum of each node of the level below
  std::size_t next_ts = 0;
  for (std::size_t l = n_levels; l-- > 0;) {
    TreeLevel& level = g.levels[l];
    const double threshold = level.energy + split_option;
    while (next_ts < live.size() && live[next_ts].energy < threshold) {
      basins.join(live[next_ts].min1, live[next_ts].min2);
      ++next_ts;
    }
    std::vector<std::size_t> representative;
    for (std::size_t m = 0; m < n; ++m) {
      label[m] = kNoNode;
      if (!drawn[m]) continue;
      const std::size_t root = basins.find(m);
      if (!basins.joined_root(root) && !(energy[m] < level.energy + opt.delta)) continue;
      if (stamp[root] != l) {
        stamp[root] = l;
        node_of_root[root] = level.nodes.size();
        level.nodes.emplace_back();
        level.nodes.back().lowest = m;
        level.nodes.back().lowest_energy = energy[m];
        level.nodes.back().colour = -1;
        representative.push_back(m);
      }
      const std::size_t k = node_of_root[root];
      label[m] = k;
      TreeNode& node = level.nodes[k];
      ++node.size;
      if (energy[m] < node.lowest_energy) {
        node.lowest_energy = energy[m];
        node.lowest = m;
      }
      if (colours && node.colour != 0) {
        const int c = opt.colour_lists[m];
        if (c == 0 || c > node.colour) node.colour = c;
      }
      if (l + 1 == n_levels || label_below[m] == kNoNode) node.own.push_back(m);
    }
    if (!colours)
      for (auto& node : level.nodes) node.colour = 0;
    if (g.global_minimum < n) level.gmin_node = label[g.global_minimum];
    // Parents of the level below.
    if (l + 1 < n_levels) {
      auto& below = g.levels[l + 1].nodes;
      for (std::size_t k = 0; k < below.size(); ++k) {
        const std::size_t p = label[representative_below[k]];
        below[k].parent = p;
        ++level.nodes[p].n_children;
      }
    }
    representative_below = std::move(representative);
    std::swap(label, label_below);
  }

  // Left-to-right order, top down.
  {
    auto& top = g.levels[0];
    top.order.resize(top.nodes.size());
    std::iota(top.order.begin(), top.order.end(), std::size_t{0});
  }
  for (std::size_t l = 1; l < n_levels; ++l) {
    const TreeLevel& above = g.levels[l - 1];
    TreeLevel& level = g.levels[l];
    if (above.nodes.empty()) break;
    std::vector<std::vector<std::size_t>> children(above.nodes.size());
    std::vector<std::size_t> sizes(level.nodes.size());
    for (std::size_t k = 0; k < level.nodes.size(); ++k) {
      children[level.nodes[k].parent].push_back(k);
      sizes[k] = level.nodes[k].size;
    }
    TreeLevel& parents = g.levels[l - 1];
    parents.child_begin.assign(1, 0);
    for (const auto& kids : children) {
      parents.children.insert(parents.children.end(), kids.begin(), kids.end());
      parents.child_begin.push_back(parents.children.size());
    }
    level.order.reserve(level.nodes.size());
    std::vector<std::size_t> child_sizes;
    for (std::size_t p : above.order) {
      const auto& kids = children[p];
      if (kids.empty()) continue;
      child_sizes.resize(kids.size());
      for (std::size_t i = 0; i < kids.size(); ++i) child_sizes[i] = sizes[kids[i]];
      std::vector<std::size_t> ordered = arrange_children(kids, child_sizes);
      if (opt.centre_gmin) {
        const auto it = std::find(ordered.begin(), ordered.end(), level.gmin_node);
        if (it != ordered.end()) std::iter_swap(it, ordered.begin() + static_cast<long>(ordered.size() / 2));
      }
      level.order.insert(level.order.end(), ordered.begin(), ordered.end());
    }
  }

  // Columns: each node gets a block as wide as its size, inside its parent's block.
  for (const auto& node : g.levels[0].nodes) g.n_columns += node.size;
  if (g.n_columns == 0) return g;
  const double columns = static_cast<double>(g.n_columns);
  {
    std::size_t next = 0;
    for (std::size_t k : g.levels[0].order) {
      g.levels[0].nodes[k].first_column = next;
      next += g.levels[0].nodes[k].size;
    }
  }
  for (std::size_t l = 1; l < n_levels; ++l) {
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
      node.x = (static_cast<double>(node.first_column) + 0.5 * static_cast<double>(node.size)) / columns;

  // Segments: from each node's parent down to it; a branch end stops at its minimum.
  for (std::size_t l = 1; l < n_levels; ++l) {
    const TreeLevel& above = g.levels[l - 1];
    const TreeLevel& level = g.levels[l];
    if (above.nodes.empty()) break;
    for (std::size_t k : level.order) {
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
        const double frac = std::clamp((above.energy - node.lowest_energy) / opt.delta, 0.0, 1.0);
        s.x2 = s.x1 + frac * (node.x - s.x1);
        s.e2 = above.energy - frac * opt.delta;
        s.leaf = true;
        s.minimum = node.lowest;
      }
      g.segments.push_back(s);
    }
  }
  return g;
}

}  // namespace landscape::disconnect

#include "pathsample/pair_selection.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <unordered_set>

namespace landscape::pathsample {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

std::uint64_t pair_key(std::size_t a, std::size_t b) {
  if (a > b) std::swap(a, b);
  if (b > std::numeric_limits<std::uint32_t>::max())
    throw std::out_of_range("pair_selection: minimum index beyond 2^32");
  return (static_cast<std::uint64_t>(a) << 32) | static_cast<std::uint64_t>(b);
}

void check_network(const KineticNetwork& network) {
  const std::size_t n = network.min_energy.size();
  for (std::size_t k = 0; k < network.ts.size(); ++k) {
    const auto& e = network.ts[k];
    if (e.min1 >= n || e.min2 >= n)
      throw std::invalid_argument(
          fmt::format("KineticNetwork: transition state {} joins minima {} and {} (0-based) but "
                      "there are {} minima",
                      k, e.min1, e.min2, n));
  }
}

void check_minima(const KineticNetwork& network, std::span<const std::size_t> set,
                  const char* name) {
  for (const std::size_t m : set)
    if (m >= network.min_energy.size())
      throw std::invalid_argument(
          fmt::format("{} set: minimum {} (0-based) does not exist ({} minima)", name, m,
                      network.min_energy.size()));
}

/// The unordered pairs joined directly by a transition state (degenerate ones excluded).
std::unordered_set<std::uint64_t> joined_pairs(const KineticNetwork& network) {
  std::unordered_set<std::uint64_t> joined;
  joined.reserve(network.ts.size());
  for (const auto& e : network.ts)
    if (e.min1 != e.min2) joined.insert(pair_key(e.min1, e.min2));
  return joined;
}

using BottleneckGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
                          boost::property<boost::edge_weight_t, double>>;

/// Smallest l >= 1 with e_gm + l einc > minimax, evaluated with the same expression as the levels
/// themselves so that rounding cannot put a minimum on the wrong side of a level.
std::size_t first_level_above(double minimax, double e_gm, double einc) {
  const auto level = [&](std::size_t l) { return e_gm + static_cast<double>(l) * einc; };
  const double guess = std::floor((minimax - e_gm) / einc) + 1.0;
  std::size_t l = guess > 1.0 ? static_cast<std::size_t>(guess) : 1;
  while (!(level(l) > minimax)) ++l;
  while (l > 1 && level(l - 1) > minimax) --l;
  return l;
}

/// minimax_i, the lowest possible highest transition state on a path from gm to i through the
/// kept minima (kInf if there is none; -kInf for gm), by Dijkstra with max in place of +: one
/// sweep over the transition states in energy order.
std::vector<double> minimax_barriers(const KineticNetwork& network, const std::vector<char>& kept,
                                     std::size_t gm) {
  const std::size_t n = network.min_energy.size();
  BottleneckGraph g(n);
  for (const auto& e : network.ts)
    if (e.min1 != e.min2 && kept[e.min1] && kept[e.min2])
      boost::add_edge(e.min1, e.min2, e.energy, g);
  std::vector<double> minimax(n, kInf);
  const auto index = boost::get(boost::vertex_index, g);
  boost::dijkstra_shortest_paths(
      g, gm,
      boost::distance_map(boost::make_iterator_property_map(minimax.begin(), index))
          .distance_compare(std::less<double>())
          .distance_combine([](double a, double b) { return std::max(a, b); })
          .distance_inf(kInf)
          .distance_zero(-kInf));
  return minimax;
}

/// The transition-state neighbours of each minimum, as compressed rows: the neighbours of u are
/// col[row[u] .. row[u + 1]) (degenerate transition states left out).
struct Neighbours {
  std::vector<std::size_t> row, col;

  /// Whether a transition state joins a and b.
  bool joined(std::size_t a, std::size_t b) const {
    return std::find(col.begin() + static_cast<std::ptrdiff_t>(row[a]),
                     col.begin() + static_cast<std::ptrdiff_t>(row[a + 1]),
                     b) != col.begin() + static_cast<std::ptrdiff_t>(row[a + 1]);
  }
};

/// The neighbours of every minimum in the network.
Neighbours transition_state_neighbours(const KineticNetwork& network) {
  const std::size_t n = network.min_energy.size();
  Neighbours nb;
  nb.row.assign(n + 1, 0);
  for (const auto& e : network.ts)
    if (e.min1 != e.min2) {
      ++nb.row[e.min1 + 1];
      ++nb.row[e.min2 + 1];
    }
  std::partial_sum(nb.row.begin(), nb.row.end(), nb.row.begin());
  nb.col.resize(nb.row[n]);
  std::vector<std::size_t> fill(nb.row.begin(), nb.row.end() - 1);
  for (const auto& e : network.ts)
    if (e.min1 != e.min2) {
      nb.col[fill[e.min1]++] = e.min2;
      nb.col[fill[e.min2]++] = e.min1;
    }
  return nb;
}

/// Whether the known transition states already join an A minimum to a B minimum: a search from
/// every A minimum at once.
bool already_connected(const Neighbours& nb, std::span<const std::size_t> a_set,
                       const std::vector<char>& in_b) {
  std::vector<char> seen(in_b.size(), 0);
  std::vector<std::size_t> queue;
  for (const std::size_t a : a_set)
    if (!seen[a]) {
      seen[a] = 1;
      queue.push_back(a);
    }
  for (std::size_t q = 0; q < queue.size(); ++q) {
    const std::size_t u = queue[q];
    if (in_b[u]) return true;
    for (std::size_t k = nb.row[u]; k < nb.row[u + 1]; ++k)
      if (!seen[nb.col[k]]) {
        seen[nb.col[k]] = 1;
        queue.push_back(nb.col[k]);
      }
  }
  return false;
}

/// The outcome of the search for the cheapest path from A to B.
struct CheapestPath {
  std::vector<double> cost;       ///< cost of each minimum from A (kInf: not reached)
  std::vector<std::size_t> pred;  ///< its predecessor on the path (kNone for A minima)
  std::size_t reached = kNone;    ///< the B minimum reached first, kNone if none is reachable
};

/// Dense Dijkstra on the implicit complete graph: the graph is never materialised, so a pair's
/// distance is computed only when that pair is relaxed and might improve a tentative cost. A
/// known transition state costs nothing; any other allowed pair costs edge_cost(distance).
CheapestPath cheapest_path(const Neighbours& nb, std::span<const std::size_t> a_set,
                           const std::vector<char>& in_b, const InitialPathSettings& settings,
                           const PairDistance& distance, const PairAllowed& allowed) {
  const std::size_t n = in_b.size();
  CheapestPath found{std::vector<double>(n, kInf), std::vector<std::size_t>(n, kNone), kNone};
  auto& cost = found.cost;
  auto& pred = found.pred;
  std::vector<char> settled(n, 0);
  std::vector<std::size_t> ts_mark(n, kNone);  // ts_mark[v] == u: a transition state joins u, v
  for (const std::size_t a : a_set) cost[a] = 0.0;
  const auto edge_cost = [&](double d) {
    return settings.cost == InitialPathSettings::Cost::kExponential ? std::exp(d)
                                                                    : std::pow(d, settings.power);
  };
  for (;;) {
    std::size_t u = kNone;
    for (std::size_t v = 0; v < n; ++v)
      if (!settled[v] && cost[v] < kInf && (u == kNone || cost[v] < cost[u])) u = v;
    if (u == kNone) break;
    settled[u] = 1;
    if (in_b[u]) {
      found.reached = u;
      break;
    }
    for (std::size_t k = nb.row[u]; k < nb.row[u + 1]; ++k) ts_mark[nb.col[k]] = u;
    for (std::size_t v = 0; v < n; ++v) {
      if (settled[v]) continue;
      if (ts_mark[v] == u) {
        if (cost[u] < cost[v]) {
          cost[v] = cost[u];
          pred[v] = u;
        }
        continue;
      }
      // Edge costs are >= 0: nothing can improve a minimum already as cheap as u.
      if (!(cost[u] < cost[v]) || !allowed(u, v)) continue;
      const double c = cost[u] + edge_cost(distance(u, v));
      if (c < cost[v]) {
        cost[v] = c;
        pred[v] = u;
      }
    }
  }
  return found;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// DistanceCache

std::uint64_t DistanceCache::key(std::size_t a, std::size_t b) { return pair_key(a, b); }

std::optional<double> DistanceCache::find(std::size_t a, std::size_t b) const {
  const auto it = map_.find(key(a, b));
  if (it == map_.end()) return std::nullopt;
  return it->second;
}

void DistanceCache::insert(std::size_t a, std::size_t b, double distance) {
  map_[key(a, b)] = distance;
}

double DistanceCache::get(std::size_t a, std::size_t b, const PairDistance& distance) {
  const std::uint64_t k = key(a, b);
  if (const auto it = map_.find(k); it != map_.end()) return it->second;
  const double d = distance(a, b);
  map_.emplace(k, d);
  return d;
}

PairDistance DistanceCache::wrap(const PairDistance& distance) {
  return [this, distance](std::size_t a, std::size_t b) { return get(a, b, distance); };
}

// ---------------------------------------------------------------------------------------------
// UNTRAP

std::optional<std::string> UntrapSettings::validate() const {
  if (!(einc > 0.0) || !std::isfinite(einc))
    return fmt::format("einc = {}: must be positive and finite", einc);
  if (std::isnan(thresh)) return fmt::format("thresh = {}: must be a number", thresh);
  if (min_connections < 0)
    return fmt::format("min_connections = {}: must be non-negative", min_connections);
  return std::nullopt;
}

UntrapRanking untrap_candidates(const KineticNetwork& network, const UntrapSettings& settings) {
  if (auto error = settings.validate()) throw std::invalid_argument("UntrapSettings: " + *error);
  check_network(network);
  const std::size_t n = network.min_energy.size();
  const auto& energy = network.min_energy;

  // Connections counted once on the whole network; the minima left out do not lower the counts
  // of their neighbours.
  std::vector<std::size_t> connections(n, 0);
  for (const auto& e : network.ts)
    if (e.min1 != e.min2) {
      ++connections[e.min1];
      ++connections[e.min2];
    }
  const auto min_connections = static_cast<std::size_t>(settings.min_connections);
  std::vector<char> kept(n);
  for (std::size_t i = 0; i < n; ++i) kept[i] = connections[i] > min_connections;

  UntrapRanking ranking;
  for (std::size_t i = 0; i < n; ++i)
    if (kept[i] && (!ranking.global_minimum || energy[i] < energy[*ranking.global_minimum]))
      ranking.global_minimum = i;
  if (!ranking.global_minimum) return ranking;
  const std::size_t gm = *ranking.global_minimum;
  const double e_gm = energy[gm];

  // The minimax barriers give gm's basin at every level at once: i is in it at level l iff
  // minimax_i < E_l.
  const std::vector<double> minimax = minimax_barriers(network, kept, gm);

  // gm's component in the order its minima join gm's basin (gm has minimax -inf, so it is first).
  for (std::size_t i = 0; i < n; ++i)
    if (minimax[i] < kInf) ranking.basin_order.push_back(i);
  std::sort(ranking.basin_order.begin(), ranking.basin_order.end(),
            [&](std::size_t a, std::size_t b) {
              return minimax[a] != minimax[b] ? minimax[a] < minimax[b] : a < b;
            });
  std::vector<double> sorted_minimax(ranking.basin_order.size());
  for (std::size_t k = 0; k < sorted_minimax.size(); ++k)
    sorted_minimax[k] = minimax[ranking.basin_order[k]];

  const double einc = settings.einc;
  for (std::size_t k = 1; k < ranking.basin_order.size(); ++k) {
    UntrapCandidate c;
    c.minimum = ranking.basin_order[k];
    c.minimax = minimax[c.minimum];
    c.level = first_level_above(c.minimax, e_gm, einc);
    c.barrier = e_gm + static_cast<double>(c.level) * einc - energy[c.minimum];
    c.ratio = c.barrier / std::max(energy[c.minimum] - e_gm, 1e-10);
    if (c.level == 1) {
      c.product_count = 1;  // the level 0 basin is gm alone
    } else {
      // gm's basin at level L_i - 1: gm and every minimum with minimax below that level.
      const double below = e_gm + static_cast<double>(c.level - 1) * einc;
      c.product_count = static_cast<std::size_t>(
          std::lower_bound(sorted_minimax.begin() + 1, sorted_minimax.end(), below) -
          sorted_minimax.begin());
    }
    ranking.candidates.push_back(c);
  }
  std::sort(ranking.candidates.begin(), ranking.candidates.end(),
            [](const UntrapCandidate& a, const UntrapCandidate& b) {
              return a.ratio != b.ratio ? a.ratio > b.ratio : a.minimum < b.minimum;
            });
  return ranking;
}

std::optional<UntrapPair> choose_untrap_pair(const KineticNetwork& network,
                                             const UntrapSettings& settings,
                                             const PairDistance& distance,
                                             const PairAllowed& allowed) {
  return choose_untrap_pair(network, settings, untrap_candidates(network, settings), distance,
                            allowed);
}

std::optional<UntrapPair> choose_untrap_pair(const KineticNetwork& network,
                                             const UntrapSettings& settings,
                                             const UntrapRanking& ranking,
                                             const PairDistance& distance,
                                             const PairAllowed& allowed) {
  if (auto error = settings.validate()) throw std::invalid_argument("UntrapSettings: " + *error);
  const auto& energy = network.min_energy;
  std::vector<std::size_t> above;
  for (std::size_t rank = 0; rank < ranking.candidates.size(); ++rank) {
    const UntrapCandidate& c = ranking.candidates[rank];
    const std::size_t i = c.minimum;
    bool any_below = false;
    std::optional<UntrapPair> best;
    above.clear();
    for (const std::size_t j : ranking.product_set(c)) {
      if (!(energy[j] < settings.thresh)) {
        above.push_back(j);
        continue;
      }
      any_below = true;
      // Distances only for allowed partners: the closest allowed one is the first allowed one
      // in closest-first order. No pair recurs across candidates (j in P_i implies
      // minimax_j < minimax_i), so nothing needs caching within the call.
      if (!allowed(i, j)) continue;
      const double d = distance(i, j);
      if (!best || d < *best->distance || (d == *best->distance && j < best->partner))
        best = UntrapPair{i, j, rank, d};
    }
    if (any_below) {
      if (best) return best;
      continue;
    }
    std::sort(above.begin(), above.end(), [&](std::size_t a, std::size_t b) {
      return energy[a] != energy[b] ? energy[a] < energy[b] : a < b;
    });
    for (const std::size_t j : above)
      if (allowed(i, j)) return UntrapPair{i, j, rank, std::nullopt};
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// DIJINITSTART

std::optional<std::string> InitialPathSettings::validate() const {
  if (cost == Cost::kPower && (!(power > 0.0) || !std::isfinite(power)))
    return fmt::format("power = {}: must be positive and finite", power);
  return std::nullopt;
}

InitialPath initial_path(const KineticNetwork& network, std::span<const std::size_t> a_set,
                         std::span<const std::size_t> b_set, const InitialPathSettings& settings,
                         const PairDistance& distance, const PairAllowed& allowed) {
  if (auto error = settings.validate())
    throw std::invalid_argument("InitialPathSettings: " + *error);
  check_network(network);
  check_minima(network, a_set, "A");
  check_minima(network, b_set, "B");
  const std::size_t n = network.min_energy.size();
  InitialPath result;
  if (a_set.empty() || b_set.empty()) return result;

  const Neighbours nb = transition_state_neighbours(network);
  std::vector<char> in_b(n, 0);
  for (const std::size_t b : b_set) in_b[b] = 1;
  if (already_connected(nb, a_set, in_b)) {
    result.status = InitialPathStatus::kAlreadyConnected;
    return result;
  }

  const CheapestPath found = cheapest_path(nb, a_set, in_b, settings, distance, allowed);
  if (found.reached == kNone) return result;
  for (std::size_t v = found.reached; v != kNone; v = found.pred[v]) result.minima.push_back(v);
  std::reverse(result.minima.begin(), result.minima.end());
  for (std::size_t k = 0; k + 1 < result.minima.size(); ++k)
    if (!nb.joined(result.minima[k], result.minima[k + 1]))
      result.missing.emplace_back(result.minima[k], result.minima[k + 1]);
  result.weight = found.cost[found.reached];
  result.status = InitialPathStatus::kPath;
  return result;
}

// ---------------------------------------------------------------------------------------------
// CONNECTREGION

std::optional<RegionPair> next_region_pair(const KineticNetwork& network, RegionPosition start,
                                           double max_distance, const PairDistance& distance,
                                           const PairAllowed& allowed) {
  check_network(network);
  const std::size_t n = network.min_energy.size();
  const auto joined = joined_pairs(network);
  for (std::size_t i = start.i; i < n; ++i) {
    const std::size_t j0 = i == start.i ? std::max(start.j, i + 1) : i + 1;
    for (std::size_t j = j0; j < n; ++j) {
      if (joined.count(pair_key(i, j)) || !allowed(i, j)) continue;
      const double d = distance(i, j);
      if (d < max_distance) return RegionPair{i, j, d, RegionPosition{i, j + 1}};
    }
  }
  return std::nullopt;
}

}  // namespace landscape::pathsample

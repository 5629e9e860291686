#pragma once
// How a PATHSAMPLE connection campaign chooses the pair of minima for its next optim job
// (Wales, PATHSAMPLE manual; Carr, Trygubenko & Wales, J. Chem. Phys. 122, 234903 (2005);
// Strodel, Whittleston & Wales, J. Chem. Phys. 127, 024108 (2007) for UNTRAP):
//  - UNTRAP einc thresh: connect the minima behind the largest barriers, relative to their height
//    above the global minimum, to the basin they drain into;
//  - DIJINITSTART [EXP|n]: the missing-connection Dijkstra path between the A and B sets;
//  - CONNECTREGION min1 min2 dist: every unconnected pair closer than dist, in loop order.
// Pure algorithms on the database as indices and energies: distances and the record of pairs tried
// come from the caller as functions. All minimum indices are 0-based min.data lines.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace landscape::pathsample {

/// The database as the pair choosers see it.
struct KineticNetwork {
  std::vector<double> min_energy;  ///< energy of minimum i (0-based min.data line)
  /// One transition state (a ts.data line). min1 == min2 is a degenerate rearrangement: it joins
  /// nothing and is no connection.
  struct Edge {
    std::size_t min1 = 0, min2 = 0;  ///< 0-based
    double energy = 0.0;
  };
  std::vector<Edge> ts;
};

/// Aligned distance of two minima. Expensive: every chooser calls it as little as it can and
/// never twice for the same pair in one call.
using PairDistance = std::function<double(std::size_t, std::size_t)>;
/// false for a pair that may not be sent to optim (tried before, or running now); symmetric.
using PairAllowed = std::function<bool(std::size_t, std::size_t)>;

/// Distances of pairs of minima computed so far, owned by the caller and kept between choices:
/// a database grows by a few minima per job, so most alignments are still valid next time.
/// Indices must be stable (minima are only ever appended to min.data).
class DistanceCache {
 public:
  /// The cached distance of {a, b}, if known.
  std::optional<double> find(std::size_t a, std::size_t b) const;
  /// Records the distance of {a, b}.
  void insert(std::size_t a, std::size_t b, double distance);
  /// The distance of {a, b}: cached, or computed by distance(a, b) and cached.
  double get(std::size_t a, std::size_t b, const PairDistance& distance);
  /// A PairDistance that consults this cache first (holds a copy of distance; the cache must
  /// outlive it).
  PairDistance wrap(const PairDistance& distance);
  std::size_t size() const { return map_.size(); }
  void clear() { map_.clear(); }

 private:
  static std::uint64_t key(std::size_t a, std::size_t b);
  std::unordered_map<std::uint64_t, double> map_;
};

// ---------------------------------------------------------------------------------------------
// UNTRAP einc thresh

/// Parameters of UNTRAP (and the DIJKSTRA n that sets min_connections).
struct UntrapSettings {
  double einc = 0.0;    ///< energy interval of the disconnectivity levels (> 0)
  double thresh = 0.0;  ///< product minima below this energy are preferred as partners
  /// Minima with this many connections or fewer are left out (DIJKSTRA n).
  int min_connections = 0;

  /// Empty when valid, otherwise "field = value: rule broken".
  std::optional<std::string> validate() const;
};

/// One minimum that UNTRAP may connect, with the quantities of its ranking.
struct UntrapCandidate {
  std::size_t minimum = 0;        ///< 0-based
  double minimax = 0.0;           ///< lowest possible highest transition state of a path to gm
  std::size_t level = 0;          ///< L_i >= 1: first level l at which the minimum joins gm's basin
  double barrier = 0.0;           ///< E_gm + L_i einc - E_i
  double ratio = 0.0;             ///< barrier / max(E_i - E_gm, 1e-10)
  std::size_t product_count = 0;  ///< |P_i|: P_i is the first product_count of basin_order
};

/// Every UNTRAP candidate, ranked.
struct UntrapRanking {
  std::optional<std::size_t> global_minimum;  ///< gm; empty when no minimum is left
  /// gm's connected component in the order its minima join gm's basin: gm first, then by
  /// minimax transition-state energy (ties by index). Each product set is a prefix of it.
  std::vector<std::size_t> basin_order;
  /// Ratio descending, ties by lower index.
  std::vector<UntrapCandidate> candidates;

  /// The product set P_i of a candidate (gm first).
  std::span<const std::size_t> product_set(const UntrapCandidate& c) const {
    return std::span<const std::size_t>(basin_order).first(c.product_count);
  }
};

/// The UNTRAP ranking (PATHSAMPLE manual): "Connections are attempted between all minima and any of
/// the minima in the product set based on the largest barriers in the product direction, as
/// estimated from disconnectivity analysis at energy intervals of einc, starting from the global
/// minimum. The product basin is defined as the set at the highest energy for which the minimum in
/// question is not a member. Candidate pairs of minima are sorted based upon the ratio of the
/// potential energy barrier to the potential energy difference between the minimum in question and
/// the lowest product minimum." Precisely:
///  - the connections of a minimum are the transition states with min1 != min2 touching it;
///    minima with <= min_connections of them (counted once, on the whole network) are left out
///    entirely, as candidates and as partners, and so are the transition states touching them;
///  - gm is the lowest remaining minimum (ties: lower index); only minima of gm's connected
///    component over the remaining transition states are candidates;
///  - levels E_l = E_gm + l einc, l = 1, 2, ...; gm's basin at level l is the set of minima joined
///    to gm by transition states below E_l, i.e. with minimax_i < E_l; the level 0 basin is {gm};
///  - candidate i != gm: L_i = the smallest l >= 1 with i in gm's basin at level l;
///    barrier_i = E_gm + L_i einc - E_i; product set P_i = gm's basin at level L_i - 1, whose
///    lowest minimum is gm; ratio_i = barrier_i / max(E_i - E_gm, 1e-10);
///  - ranked by ratio descending, ties by lower index.
/// Cost O((N + T) log(N + T)): one bottleneck (minimax) Dijkstra from gm over the transition states
/// gives every minimax_i and the order in which minima join gm's basin.
/// Throws std::invalid_argument when the settings do not validate or an index is out of range.
UntrapRanking untrap_candidates(const KineticNetwork& network, const UntrapSettings& settings);

/// The pair UNTRAP chose.
struct UntrapPair {
  std::size_t minimum = 0;  ///< the trapped minimum (candidate)
  std::size_t partner = 0;  ///< the member of its product set
  std::size_t rank = 0;     ///< position of the candidate in UntrapRanking::candidates
  /// Their distance, when the partner was chosen below thresh (closest first).
  std::optional<double> distance;
};

/// The first allowed pair in rank order (manual: "Minima from the product basin above energy thresh
/// will only be considered if there are no minima below this threshold. In a second phase the
/// original product minimum may be replaced by a minimum from the same superbasin that is closer to
/// the target minimum, so long as its energy lies below the threshold."). For each candidate i in
/// turn: if P_i has members with energy < thresh, they are its partners, closest to i first
/// (distance ties: lower index); only if it has none, its members (all >= thresh) are, lowest
/// energy first (ties: lower index). The first allowed (i, partner) is returned; a candidate whose
/// partners are all disallowed passes to the next. Distances are computed lazily: only for the
/// allowed below-thresh partners of the candidates examined, each pair once. nullopt when no
/// allowed pair is left.
std::optional<UntrapPair> choose_untrap_pair(const KineticNetwork& network,
                                             const UntrapSettings& settings,
                                             const PairDistance& distance,
                                             const PairAllowed& allowed);
/// The same, from a ranking already computed by untrap_candidates(network, settings).
std::optional<UntrapPair> choose_untrap_pair(const KineticNetwork& network,
                                             const UntrapSettings& settings,
                                             const UntrapRanking& ranking,
                                             const PairDistance& distance,
                                             const PairAllowed& allowed);

// ---------------------------------------------------------------------------------------------
// DIJINITSTART [EXP|n]

/// Edge cost of an untried pair in the missing-connection graph.
struct InitialPathSettings {
  enum class Cost {
    kPower,       ///< distance^power (DIJINITSTART n; n = 1 by default)
    kExponential  ///< exp(distance) (DIJINITSTART EXP)
  };
  Cost cost = Cost::kPower;
  double power = 1.0;  ///< > 0

  /// Empty when valid, otherwise "field = value: rule broken".
  std::optional<std::string> validate() const;
};

/// What the initial-path Dijkstra found.
enum class InitialPathStatus {
  kPath,              ///< a path with missing connections to try
  kAlreadyConnected,  ///< an A and a B minimum are joined by known transition states (checked
                      ///< first, by a search over them; no distance is computed)
  kNoPath             ///< every path needs a pair that is not allowed (or A or B is empty)
};

/// The missing-connection path from the A set to the B set.
struct InitialPath {
  InitialPathStatus status = InitialPathStatus::kNoPath;
  std::vector<std::size_t> minima;  ///< from an A minimum to a B minimum (kPath only)
  /// Its consecutive pairs not joined by a transition state, in path order: the pairs to try.
  std::vector<std::pair<std::size_t, std::size_t>> missing;
  double weight = 0.0;  ///< total cost
};

/// DIJINITSTART: on the complete graph of the minima, an edge costs 0 when a transition state
/// joins the pair directly, is absent when the pair is not allowed, and otherwise costs
/// distance^n or exp(distance); the shortest path from any A minimum to any B minimum (a
/// multi-source Dijkstra) names the pairs to try. The graph is never built: a dense Dijkstra over
/// the implicit complete graph (O(N^2) time, O(N + T) memory) evaluates the distance of a pair
/// only when the pair is relaxed and could improve the tentative cost (each pair at most once),
/// and stops when the first B minimum is settled. Ties go to the lower index.
/// Throws std::invalid_argument on invalid settings or an index out of range.
InitialPath initial_path(const KineticNetwork& network, std::span<const std::size_t> a_set,
                         std::span<const std::size_t> b_set, const InitialPathSettings& settings,
                         const PairDistance& distance, const PairAllowed& allowed);

// ---------------------------------------------------------------------------------------------
// CONNECTREGION min1 min2 dist

/// Where the CONNECTREGION loop continues: the next pair (i, j) to consider.
struct RegionPosition {
  std::size_t i = 0, j = 0;
};

/// A pair CONNECTREGION chose, and the position after it.
struct RegionPair {
  std::size_t min1 = 0, min2 = 0;  ///< min1 < min2
  double distance = 0.0;
  RegionPosition next;  ///< pass this to continue the loop after this pair
};

/// CONNECTREGION: the double loop over pairs i < j, i from start.i, j from max(start.j, i + 1) for
/// the first i and from i + 1 after it, returning the first pair not joined directly by a
/// transition state, allowed, and with distance < max_distance. (The keyword's min1 min2 are the
/// first position, converted to 0-based by the caller.) The distance is evaluated only for
/// unjoined allowed pairs, each once. nullopt when the loop ends.
std::optional<RegionPair> next_region_pair(const KineticNetwork& network, RegionPosition start,
                                           double max_distance, const PairDistance& distance,
                                           const PairAllowed& allowed);

}  // namespace landscape::pathsample

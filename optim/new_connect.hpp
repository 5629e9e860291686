#pragma once
// Connection of two distant minima through a chain of transition states: OPTIM's NEWCONNECT with
// the missing-connection Dijkstra choice of pairs (Trygubenko & Wales, J. Chem. Phys. 120, 2082
// (2004); Carr, Trygubenko & Wales, J. Chem. Phys. 122, 234903 (2005)).
//
// The run keeps every minimum and transition state it finds. Each cycle
//  1. finds the shortest path from the start to the finish minimum on the complete graph of the
//     known minima (ConnectionGraph: joined pairs cost 0, pairs tried NTriesMax times are left out,
//     other pairs cost their distance to the power n of DIJKSTRA n, or its exponential);
//  2. tries each pair on it that is not joined yet, in path order: a doubly-nudged elastic band
//     between the two minima (the second brought into closest coincidence with the first: with
//     PERMDIST over permutations and inversion too) of ImageDensity x distance images (plus
//     ImageIncr per earlier attempt of the pair, at most ImageMax) and IterDensity x images
//     iterations (the first band of the run takes NEWNEB's values when it is given), or until its
//     candidates have settled (DnebOptions::settle_iterations, kSettleIterations); every image
//     above both neighbours is refined by hybrid eigenvector-following; every new transition
//     state is traced down to its two minima (PathTracer), which are identified with known
//     minima (EDIFFTOL, GEOMDIFFTOL) or added;
//     a candidate whose search converges to a stationary point of index two or more (no transition
//     state) is stepped off along its negative modes (step_off_higher_index): the minima of the
//     displaced structures join the known minima, and the index-one saddles found from them are
//     traced and kept like the band's own;
//  3. stops as soon as the start and the finish are connected, or after NConMax cycles.
// Only stationary points of index one are ever kept or written as transition states.
// Every valid min-TS-min triple goes to path.info (DUMPALLPATHS) as it is found; with DUMPPATH
// alone, path.info receives the triples of the connected path in path order at the end; with
// PATH, the connected path's energy profile goes to EofS and its frames to path.xyz.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "optim/characterisation.hpp"
#include "optim/connection_graph.hpp"
#include "optim/dneb.hpp"
#include "optim/hybrid_eigenvector_following.hpp"
#include "optim/path_tracer.hpp"
#include "optim/ts_refinement.hpp"

namespace landscape {
class Logger;
class StructureMetric;
struct AlignedStructure;
}  // namespace landscape

namespace landscape::optim {

class CountingPotential;

/// A band of a connection run stops once its transition-state candidates have settled: the same
/// images above both neighbours for this many iterations, their energies changed by less than
/// 1e-3 of the band's energy range. On the LJ38 tutorial this halves the gradient evaluations of
/// the bands (bench/optim_connect_bench) and the connection is the same; OPTIM runs every band to
/// RMStol or its iteration limit.
inline constexpr int kSettleIterations = 20;

/// Parameters of a connection run: default, unit and OPTIM keyword in each comment.
struct NewConnectOptions {
  int max_cycles = 100;             ///< 100; cycles (NEWCONNECT NConMax)
  int max_tries = 3;                ///< 3; attempts per pair of minima (NEWCONNECT NTriesMax)
  double image_density = 10.0;      ///< 10; images/length (NEWCONNECT ImageDensity)
  double iteration_density = 30.0;  ///< 30; band iterations/image (NEWCONNECT IterDensity)
  int max_images = 400;             ///< 400; images (NEWCONNECT ImageMax)
  /// 0.5; images/length added to the density on each further attempt (NEWCONNECT ImageIncr).
  double image_increment = 0.5;
  double rms_tolerance = 0.1;  ///< 0.1; RMS band gradient of every band (NEWCONNECT RMStol)
  /// The first band of the run (NEWNEB Nimage NIterMax RMSTol): images, iterations, RMS gradient.
  struct FirstBand {
    int images = 0;
    int iterations = 0;
    double rms_tolerance = 0.0;
  };
  std::optional<FirstBand> first_band;  ///< unset: the first band is sized like the others
  bool exponential_cost = false;        ///< false; a pair costs exp(distance) (DIJKSTRA EXP)
  int cost_exponent = 1;                ///< 1; a pair costs distance^n (DIJKSTRA n)
  /// Unset; CPU seconds after which the run stops before its next cycle (TIMELIMIT).
  std::optional<double> cpu_time_limit;

  /// Empty when valid, otherwise "field = value: rule broken".
  std::optional<std::string> validate() const;
};

/// Everything a connection run needs besides the potential.
struct NewConnectSettings {
  NewConnectOptions connect;
  /// NEBK, ADJUSTK, UPDATES m4, DGUESS d3, MAXBFGS x4 (size and length set per band).
  DnebOptions band;
  HefOptions transition_state;   ///< BFGSTS and friends
  bool dump_all_paths = false;   ///< DUMPALLPATHS: every triple to path.info as it is found
  bool dump_path = false;        ///< DUMPPATH: the connected path's triples to path.info at the end
  bool with_frequencies = true;  ///< not NOFRQS
  /// PATH n: EofS.k / path.k.xyz per transition state, EofS / path.xyz of the path, n frames a
  /// side.
  std::optional<long long> path_frames;

  /// Empty when valid, otherwise "field = value: rule broken" (band and transition_state fields
  /// prefixed by their struct's name).
  std::optional<std::string> validate() const;
};

/// The set a known minimum belongs to during a run: joined to the start, to the finish, or to
/// neither yet.
enum class ConnectionSet { kStart, kFinish, kUnconnected };

/// "S", "F" or "U", as the log spells the sets.
std::string_view to_string(ConnectionSet set);

/// Output file names of one job (the suffix of `optim N` applied).
using FileNameFunction = std::function<std::string(const std::string&)>;

/// A known transition state.
struct KnownTransitionState {
  StationaryPoint point;
  std::size_t plus = 0, minus = 0;          ///< minima of its two sides (indices into minima())
  StationaryPoint plus_point, minus_point;  ///< those minima as its own pathway reached them
  Pathway pathway;
};

/// How one attempt at a pair of minima ended.
enum class AttemptStatus {
  kJoined,                ///< the two minima are joined through known transition states
  kNewTransitionStates,   ///< transition states were added, but the pair is not joined yet
  kNoValidPath,           ///< new transition states, none of them on a valid min-TS-min path
  kNoNewTransitionState,  ///< the candidates gave no transition state that was not known
  kNoCandidates,          ///< the band had no image above both neighbours
};

/// "joined", "new transition states", ...
std::string_view to_string(AttemptStatus status);

/// One attempt at joining a pair of minima: a band and its refined candidates.
struct ConnectionAttempt {
  std::size_t a = 0, b = 0;  ///< the pair (indices into NewConnect::minima())
  int attempt = 0;           ///< 1 for the pair's first attempt
  int images = 0;            ///< of the band
  DnebStatus band = DnebStatus::kIterationLimit;
  std::size_t candidates = 0;         ///< images above both neighbours
  std::size_t transition_states = 0;  ///< new distinct transition states refined from them
  std::size_t kept = 0;               ///< those on a valid min-TS-min path, now known
  /// Candidates whose search converged to a stationary point of index two or more.
  std::size_t higher_index = 0;
  /// Of transition_states and kept: the ones found by stepping off those points.
  std::size_t stepped_off_transition_states = 0, stepped_off_kept = 0;
  std::size_t stepped_off_minima = 0;  ///< new minima reached by stepping off those points
  AttemptStatus status = AttemptStatus::kNoCandidates;
  /// One line for a log: "minima 1 and 2, attempt 1: joined (band of 40 images: candidates
  /// settled; 3 candidates, 2 new transition states, 2 kept)"; with candidates at higher-index
  /// points, "...; 1 higher-index saddle stepped off: 1 new transition state, 1 kept, 2 new
  /// minima)".
  std::string report() const;
};

/// How a connection run ended.
enum class NewConnectStatus {
  kConnected,    ///< the start and the finish are joined through known transition states
  kSameMinimum,  ///< the start and the finish are the same minimum: nothing to connect
  kNoPairLeft,   ///< every pair on every path has been tried NTriesMax times
  kCycleLimit,   ///< NConMax cycles without a connection
  kInterrupted,  ///< SIGINT or SIGTERM: stopped between cycles
  kTimeLimit,    ///< more CPU time used than TIMELIMIT allows: stopped between cycles
};

/// "connected", "same minimum", "no pair left", "cycle limit", "interrupted" or "time limit".
std::string_view to_string(NewConnectStatus status);

/// Outcome of a connection run.
struct NewConnectResult {
  NewConnectStatus status = NewConnectStatus::kCycleLimit;
  bool connected = false;  ///< kConnected or kSameMinimum
  int cycles = 0;
  /// Transition states from start (minimum 0) to finish (minimum 1).
  std::vector<ConnectionGraph::Step> path;
  std::size_t bands = 0;
  std::size_t minima = 0;                   ///< known at the end
  std::size_t transition_states = 0;        ///< known at the end
  std::vector<ConnectionAttempt> attempts;  ///< in the order they were made
  /// Distinct stationary points of index two or more that band candidates converged to, all
  /// stepped off, and the energy+gradient evaluations spent on stepping off them (minimisations,
  /// searches and the tracing of the transition states found).
  std::size_t higher_index_saddles = 0;
  std::size_t step_off_gradient_calls = 0;
  /// One line for a log: "connected after 1 cycles and 2 bands: 5 minima and 3 transition states
  /// known, 2 on the path"; then, if there were any, "; 1 higher-index saddle stepped off (2345
  /// gradient evaluations)".
  std::string report() const;
};

/// One connection run.
class NewConnect {
 public:
  /// Throws std::invalid_argument when the settings do not pass NewConnectSettings::validate().
  NewConnect(CountingPotential& potential, NewConnectSettings settings, bool atoms,
             const StructureMetric& metric, const PathTracer& tracer, Logger& log,
             std::filesystem::path dir, FileNameFunction files);

  /// Connects start and finish (both minima, characterised).
  NewConnectResult run(const StationaryPoint& start, const StationaryPoint& finish);

  const std::vector<StationaryPoint>& minima() const { return minima_; }
  const std::vector<KnownTransitionState>& transition_states() const { return ts_; }

 private:
  double pair_distance(std::size_t a, std::size_t b);
  double pair_cost(std::size_t a, std::size_t b);
  /// A band between minima a and b, its candidates refined and every new transition state traced.
  ConnectionAttempt try_pair(std::size_t a, std::size_t b, bool first_band);
  /// The band of an attempt: NEWNEB's size for the run's first band, else sized by the distance.
  DnebOptions band_options(int attempt, double distance, bool first_band) const;
  /// Runs and logs the band of an attempt between minimum a and end (b aligned with a).
  DnebResult run_band(const ConnectionAttempt& attempt, const AlignedStructure& end,
                      bool first_band);
  /// Logs the fate of a candidate image.
  void log_candidate(const RefinedCandidate& c);
  /// Traces a new transition state to its minima and keeps it with them when the path is valid
  /// (and the transition state of index one).
  bool add_transition_state(const HefResult& r);
  /// The known transition state that is the same as a search's end point, if there is one.
  std::optional<std::size_t> known_transition_state(const HefResult& r) const;
  /// Steps off the higher-index point a candidate's search converged to (unless it was stepped off
  /// before), keeps the new minima and transition states found, and counts them in attempt.
  void step_off(const RefinedCandidate& c, ConnectionAttempt& attempt);
  /// Logs the minima that a new transition state number `number` joined to the S or F set.
  void log_joins(std::size_t number, std::size_t plus, ConnectionSet plus_set, std::size_t minus,
                 ConnectionSet minus_set);
  /// The index of a known minimum that is the same as m, or a new one.
  std::size_t place_minimum(const StationaryPoint& m, bool& is_new);
  ConnectionSet set_of(std::size_t m) const;
  void conclude(NewConnectResult& result);
  void write_connected_path(const std::vector<ConnectionGraph::Step>& path);

  CountingPotential& potential_;
  NewConnectSettings settings_;
  bool atoms_;
  const StructureMetric& metric_;
  const PathTracer& tracer_;
  Logger& log_;
  std::filesystem::path dir_;
  FileNameFunction files_;
  std::vector<StationaryPoint> minima_;
  std::vector<KnownTransitionState> ts_;
  ConnectionGraph graph_;
  std::vector<std::vector<double>> distances_;  ///< cache, -1 when not computed
  std::size_t bands_ = 0;
  std::vector<StationaryPoint> higher_index_;  ///< the higher-index points stepped off
  std::size_t step_off_gradient_calls_ = 0;
};

}  // namespace landscape::optim

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
//  3. stops as soon as the start and the finish are connected, or after NConMax cycles.
// Every valid min-TS-min triple goes to path.info (DUMPALLPATHS) as it is found; with DUMPPATH
// alone, path.info receives the triples of the connected path in path order at the end; with
// PATH, the connected path's energy profile goes to EofS and its frames to path.xyz.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "optim/connection_graph.hpp"
#include "optim/dneb.hpp"
#include "optim/hybrid_eigenvector_following.hpp"
#include "optim/path_tracer.hpp"
#include "optim/characterisation.hpp"

namespace landscape {
class Logger;
class StructureMetric;
}

namespace landscape::optim {

class CountingPotential;

/// A band of a connection run stops once its transition-state candidates have settled: the same
/// images above both neighbours for this many iterations, their energies changed by less than
/// 1e-3 of the band's energy range. On the LJ38 tutorial this halves the gradient evaluations of
/// the bands (bench/optim_connect_bench) and the connection is the same; OPTIM runs every band to
/// RMStol or its iteration limit.
inline constexpr int kSettleIterations = 20;

/// NEWCONNECT NConMax NTriesMax ImageDensity IterDensity ImageMax ImageIncr RMStol and DIJKSTRA.
struct NewConnectOptions {
  int max_cycles = 100;             ///< NConMax
  int max_tries = 3;                ///< NTriesMax: connection attempts per pair of minima
  double image_density = 10.0;      ///< images per unit distance between the two minima
  double iteration_density = 30.0;  ///< band iterations per image
  int max_images = 400;             ///< ImageMax
  double image_increment = 0.5;     ///< ImageIncr: added to the density on each further attempt
  double rms_tolerance = 0.1;       ///< RMStol of every band
  /// NEWNEB Nimage NIterMax RMSTol: the first band of the run.
  struct FirstBand {
    int images = 0;
    int iterations = 0;
    double rms_tolerance = 0.0;
  };
  std::optional<FirstBand> first_band;
  bool exponential_cost = false;  ///< DIJKSTRA EXP: a pair costs exp(distance)
  int cost_exponent = 1;          ///< DIJKSTRA n: a pair costs distance^n
};

/// Everything a connection run needs besides the potential.
struct NewConnectSettings {
  NewConnectOptions connect;
  DnebOptions
      band;  ///< NEBK, ADJUSTK, UPDATES m4, DGUESS d3, MAXBFGS x4 (size and length set per band)
  HefOptions transition_state;   ///< BFGSTS and friends
  bool dump_all_paths = false;   ///< DUMPALLPATHS: every triple to path.info as it is found
  bool dump_path = false;        ///< DUMPPATH: the connected path's triples to path.info at the end
  bool with_frequencies = true;  ///< not NOFRQS
  std::optional<long long> path_frames;  ///< PATH n: EofS.k / path.k.xyz per transition state, EofS
                                         ///< / path.xyz of the path
};

/// Output file names of one job (the suffix of `optim N` applied).
using FileNameFunction = std::function<std::string(const std::string&)>;

/// A known transition state.
struct KnownTransitionState {
  StationaryPoint point;
  std::size_t plus = 0, minus = 0;          ///< minima of its two sides (indices into minima())
  StationaryPoint plus_point, minus_point;  ///< those minima as its own pathway reached them
  Pathway pathway;
};

/// Outcome of a connection run.
struct NewConnectResult {
  bool connected = false;
  int cycles = 0;
  std::vector<ConnectionGraph::Step>
      path;  ///< transition states from start (minimum 0) to finish (minimum 1)
  std::size_t bands = 0;
};

/// One connection run.
class NewConnect {
 public:
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
  void try_pair(std::size_t a, std::size_t b, bool first_band);
  /// The index of a known minimum that is the same as m, or a new one.
  std::size_t place_minimum(const StationaryPoint& m, bool& is_new);
  std::string set_of(std::size_t m) const;
  void report(NewConnectResult& result);
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
};

}  // namespace landscape::optim

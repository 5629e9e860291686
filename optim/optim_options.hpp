#pragma once
// Typed options of an optim run, filled from the `odata` keyword file by optim_keywords.cpp.
// Defaults are not written here: they live in the keyword table only.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/ml/mlp_keywords.hpp"
#include "common/potentials/binary_lj_periodic.hpp"

namespace landscape::optim {

/// NEWNEB Nimage NIterMax RMSTol: one doubly-nudged elastic band between odata and finish.
struct NewNebOptions {
  long long images = 0;        ///< images between the two fixed end points
  long long iterations = 0;    ///< largest number of L-BFGS iterations of the band
  double rms_tolerance = 0.0;  ///< converged when the RMS band gradient is at most this
};

/// NEWCONNECT NConMax NTriesMax ImageDensity IterDensity ImageMax ImageIncr RMStol.
struct NewConnectKeyword {
  long long max_cycles = 0;
  long long max_tries = 0;
  double image_density = 0.0;
  double iteration_density = 0.0;
  long long max_images = 0;
  double image_increment = 0.0;
  double rms_tolerance = 0.0;
};

/// DIJKSTRA [EXP | n]: the cost of a pair of minima in the missing-connection path.
struct DijkstraKeyword {
  bool exponential = false;  ///< EXP: exp(distance)
  long long exponent = 1;    ///< n: distance^n
};

/// ADJUSTK frequency tolerance factor: adaptive spring constant.
struct AdjustKOptions {
  long long frequency = 0;  ///< iterations between adjustments
  double tolerance = 0.0;   ///< allowed mean deviation of the image spacings, percent
  double factor = 0.0;      ///< k is multiplied (deviation above tolerance) or divided by this
};

/// BFGSTS nevs ncgmax1 ncgmax2 ceig [nevl]: hybrid eigenvector-following.
struct BfgsTsOptions {
  long long nevs = 0;     ///< largest number of Rayleigh-Ritz iterations per eigenpair
  long long ncgmax1 = 0;  ///< tangent-space L-BFGS steps while the eigenvector still changes
  long long ncgmax2 = 0;  ///< tangent-space L-BFGS steps once it has converged
  double ceig = 0.0;   ///< RMS of the Rayleigh-Ritz gradient at which the eigenvector is converged
  long long nevl = 0;  ///< iterations for the largest eigenvalue (accepted, not needed here)
};

/// CONVERGE step [rms] [NOINDEX].
struct ConvergeOptions {
  double max_step = 0.0;    ///< largest unscaled eigenvector-following step |F/lambda|
  double rms = 0.0;         ///< RMS gradient
  bool check_index = true;  ///< false with NOINDEX
};

/// PATH n [x].
struct PathOptions {
  long long frames = 0;        ///< frames per side saved in path.xyz
  double energy_factor = 0.0;  ///< second argument of OPTIM (accepted, no effect here)
};

/// Everything an optim run needs from `odata`.
struct OptimOptions {
  /// The potential named in odata, by its name in the potential table (Lennard-Jones when none is).
  std::string potential = "LJ";
  std::optional<MlpKeywordOptions> mlp;  ///< the network of MLP3 / MLPVB3

  // Jobs.
  std::optional<NewNebOptions> newneb;  ///< given: a double-ended search between odata and finish
  std::optional<NewConnectKeyword> newconnect;  ///< given: connect odata and finish through a chain
  DijkstraKeyword dijkstra;
  BfgsTsOptions bfgsts;        ///< also refines the DNEB candidates
  bool bfgsts_given = false;   ///< BFGSTS given: a transition-state search
  bool bfgsmin_given = false;  ///< BFGSMIN given: a minimisation job
  double bfgsmin_rms = 0.0;    ///< RMS tolerance of every minimisation (BFGSMIN)
  std::optional<PathOptions> path;

  // Double-ended search.
  double nebk = 0.0;
  std::optional<AdjustKOptions> adjustk;
  bool reoptimise_endpoints = false;

  // Eigenvector-following.
  bool nohess = false;
  bool noit = false;
  long long usediag = 1;  ///< USEDIAG: CurvatureFormula 1, 2 or 3 (rayleigh_ritz.hpp)
  double bfgsconv = 0.0;
  ConvergeOptions converge;
  double max_step = 0.0;  ///< MAXSTEP: initial largest uphill step
  double max_max = 0.0;   ///< MAXMAX: upper limit of the adapted step; uphill step when lambda >= 0
  double min_max = 0.0;   ///< MINMAX: lower limit of the adapted step
  double trust_radius = 0.0;  ///< TRAD
  double pushoff = 0.0;

  // L-BFGS settings per purpose (UPDATES, DGUESS, MAXBFGS, MAXERISE).
  std::array<long long, 5> updates{};  ///< minimisation, Rayleigh-Ritz, alignment, DNEB, string
  std::array<double, 4> dguess{};      ///< minimisation, Rayleigh-Ritz, DNEB, string
  std::array<double, 4> max_bfgs{};    ///< minimisation, Rayleigh-Ritz, alignment, DNEB
  std::array<double, 2> max_erise{};   ///< minimisation, Rayleigh-Ritz ratio
  long long steps = 0;
  std::optional<long long> bfgs_steps;  ///< absent: STEPS

  // Identity and alignment of structures.
  bool permdist = false;            ///< PERMDIST
  double permdist_tolerance = 0.0;  ///< PERMDIST tol (OPTIM's orbit tolerance; accepted)
  long long ranrot = 0;             ///< RANROT

  // Output and analysis.
  bool dump_all_paths = false;
  bool dump_path = false;
  bool all_points = false;  ///< ALLPOINTS: every step of the single-ended searches to `points`
  bool dump_data = false;
  std::optional<long long> end_hess;  ///< ENDHESS [n]
  bool end_num_hess = false;
  bool no_frqs = false;
  double ediff_tol = 0.0;
  double geomdiff_tol = 0.0;
  std::optional<double> radius;
  std::uint64_t ranseed = 0;
  std::optional<double> time_limit;  ///< TIMELIMIT x: CPU seconds of a connection run

  // The periodic binary Lennard-Jones (atoms of type LS).
  /// BINARY ntypea epsab epsbb sigmaab sigmabb; the box and cut-off are PARAMS' (set when the
  /// system is made).
  std::optional<BinaryLjParameters> binary;
  std::optional<std::array<double, 4>> params;    ///< PARAMS Lx Ly Lz cutoff
  bool bulk = false;                              ///< BULK given
  std::optional<std::array<double, 3>> bulk_box;  ///< BULK Lx Ly Lz, when the lengths are given

  /// Largest L-BFGS iterations of a minimisation: BFGSSTEPS, or STEPS when it is not given.
  long long minimisation_steps() const { return bfgs_steps.value_or(steps); }
};

}  // namespace landscape::optim

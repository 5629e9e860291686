#pragma once
// Basin-hopping (Wales & Doye, J. Phys. Chem. A 101, 5111 (1997)) as GMIN runs it:
// step (TakeStep) / quench (L-BFGS) / accept (Metropolis on the quench energy) / store (SAVE list),
// with adaptive step size, NEWRESTART reseeding and the AVOID taboo list.

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/io/logger.hpp"
#include "common/optimize/lbfgs.hpp"
#include "common/potentials/potential.hpp"
#include "common/random/rng.hpp"
#include "gmin/gmin_options.hpp"
#include "gmin/saved_minima.hpp"
#include "gmin/take_step.hpp"

namespace landscape {
class LennardJones;
}

namespace landscape::gmin {

/// L-BFGS settings of gmin's quenches: SLOPPYCONV/MAXIT first value during basin-hopping (tight =
/// false), TIGHTCONV/MAXIT second value for final and DATABASE quenches (tight = true).
LbfgsOptions quench_options(const GminOptions& options, bool tight);

/// The settings of the basin-hopping engine, each with its gmin keyword (defaults: the keyword
/// table's, see doc/keywords/gmin.md). validate() names the first rule broken.
struct BasinHoppingOptions {
  long long steps = 10000;        ///< STEPS nsteps: basin-hopping steps of the run
  double temperature_factor = 1;  ///< STEPS factor: the temperature is multiplied by it each step
  double temperature = 0.3;       ///< TEMPERATURE (energy, k_B = 1): Metropolis temperature
  double step = 0.3;              ///< STEP step (length): largest displacement per coordinate
  double astep = 0.3;             ///< STEP astep: angular-move threshold of clusters (0: none)
  double accept_ratio = 0.5;      ///< ACCEPTRATIO: the acceptance ratio aimed at
  long long change_accept = 50;   ///< CHANGEACCEPT (steps): interval of the step adjustment
  bool fix_step = false;          ///< FIXSTEP: adjust the temperature instead of the step
  bool fix_temp = false;          ///< FIXTEMP: keep the temperature
  bool fix_both = false;          ///< FIXBOTH: adjust neither
  long long save = 5;             ///< SAVE: lowest distinct minima kept
  double ediff = 0.02;            ///< EDIFF (energy): minima closer in energy are one for SAVE
  std::vector<double> targets;    ///< TARGET energies: stop on reaching one (within EDIFF)
  std::uint64_t seed = 1;         ///< RANSEED
  bool centre = false;            ///< CENTRE: move the centre of mass to the origin
  bool noreset = false;           ///< NORESET: the next step starts from the quench minimum
  std::optional<NewRestartOptions> new_restart;  ///< NEWRESTART
  std::optional<AvoidOptions> avoid;             ///< AVOID
  LbfgsOptions sloppy;  ///< quenches of the walk: SLOPPYCONV, MAXIT first value, UPDATES, ...
  LbfgsOptions tight;   ///< final quenches: TIGHTCONV, MAXIT second value, UPDATES, ...

  /// Empty when every rule is kept, else "field = value: rule broken".
  std::optional<std::string> validate() const;
};

/// The engine's settings from gmin's keywords.
BasinHoppingOptions basin_hopping_options(const GminOptions& options);

/// Distance between two structures after alignment (permutational for clusters, over
/// hidden-node permutations and sign flips for networks), used by AVOID.
using StructureDistance = std::function<double(std::span<const double>, std::span<const double>)>;

/// AVOID's distance between two clusters: permutational alignment (rotations, inversion, atom
/// permutations) from a reduced set of starting frames.
double avoid_cluster_distance(std::span<const double> a, std::span<const double> b);

/// A structure in the AVOID list.
struct AvoidEntry {
  double energy = 0.0;
  std::vector<double> coords;
};

/// Everything needed to continue a run exactly where it stopped (GMIN.dump).
struct BasinHoppingState {
  long long step = 0;  ///< steps completed
  double temperature = 0.0;
  double step_size = 0.0;
  double astep = 0.0;
  std::vector<double> markov;  ///< current Markov-chain coordinates
  double markov_energy = 0.0;
  long long window_tried = 0, window_accepted = 0;  ///< since the last CHANGEACCEPT adjustment
  long long total_accepted = 0;
  double best_energy = 0.0;  ///< lowest quench energy of the whole run
  // NEWRESTART bookkeeping: lowest energy since the last restart, and the one before it.
  double run_best_energy = 0.0;
  long long run_best_step = 0;
  std::vector<double> run_best_coords;
  double prev_run_best_energy = 0.0;
  std::vector<double> prev_run_best_coords;
  std::vector<AvoidEntry> avoid;
  long long avoid_saved = 0;  ///< entries ever added (the list is cyclic)
  long long function_calls = 0;
  long long quenches = 0;
  long long restarts = 0;
  std::vector<SavedMinimum> lowest;
  std::string rng_state;
};

/// What one basin-hopping step did, for the log, TRACKDATA and DATABASE.
struct StepReport {
  long long step = 0;   ///< 1-based
  double energy = 0.0;  ///< quench energy
  double rms = 0.0;
  int iterations = 0;
  bool converged = false;
  bool evaporated = false;  ///< an atom left the container: step rejected
  bool accepted = false;
  double markov_energy = 0.0;
  double best_energy = 0.0;
  double temperature = 0.0;
  double step_size = 0.0;
  std::span<const double> coords;  ///< quench minimum
  std::string note;                ///< restart or taboo message, if any
  std::string adjustment;          ///< CHANGEACCEPT adjustment made after this step, if any
};

/// Why a run ended.
enum class StopReason {
  kSteps,     ///< all the steps were taken
  kTarget,    ///< a quench reached a TARGET energy
  kObserver,  ///< the observer asked to stop
};

/// What the observer of a run says after each step.
enum class ObserverAction { kContinue, kStop };

/// The basin-hopping engine. It knows nothing of files: the driver observes each step.
class BasinHopping {
 public:
  /// Sees every step; returning kStop ends the run after that step (StopReason::kObserver).
  using Observer = std::function<ObserverAction(const StepReport&)>;

  /// move is the system's step (System::step_kind; a cluster's angular moves need its
  /// Lennard-Jones potential); radius <= 0 disables the container; distance is AVOID's (default:
  /// avoid_cluster_distance).
  /// Throws std::invalid_argument when options breaks a rule (BasinHoppingOptions::validate).
  BasinHopping(const BasinHoppingOptions& options, const Potential& potential, StepMove move,
               double radius, Logger& log, StructureDistance distance = {});

  /// Starts from coords: quenches them and makes the result the Markov state (step 0).
  void start(std::vector<double> coords);
  /// Continues from a saved state.
  void restore(const BasinHoppingState& state);
  /// Replaces the Markov state (a parallel-tempering exchange): the next step starts from coords,
  /// whose quench energy is energy.
  void set_markov(std::vector<double> coords, double energy);
  /// Runs steps until options.steps, a TARGET or the observer's kStop; the observer sees every
  /// step.
  StopReason run(const Observer& observer);
  /// The present state (for restart dumps and summaries).
  BasinHoppingState state() const;
  /// The SAVE list re-quenched with TIGHTCONV and MAXIT's second value, lowest first.
  std::vector<SavedMinimum> final_lowest();
  /// Quench with the sloppy (tight = false) or tight settings; counts function calls.
  MinimizeResult quench(std::vector<double>& x, bool tight);
  double radius() const { return radius_; }

 private:
  bool outside_container(std::span<const double> x) const;
  bool hit_target(double energy) const;
  void adjust_step();
  /// What NEWRESTART/AVOID decided after a quench.
  struct RestartOutcome {
    std::string note;       ///< for the log; empty when nothing happened
    bool reject = false;    ///< the step is rejected (taboo, or AVOID ... F when stuck)
    bool reseeded = false;  ///< trial and the Markov state were replaced by a reseeded minimum
  };
  /// NEWRESTART/AVOID after a quench (GMIN's newres).
  RestartOutcome new_restart(std::vector<double>& trial, double& energy);
  void reseed(std::vector<double>& trial, double& energy);
  void push_avoid(double energy, const std::vector<double>& coords);

  BasinHoppingOptions options_;
  StructureDistance distance_;
  const Potential& potential_;
  double radius_;
  Logger& log_;
  Rng rng_;
  TakeStep take_step_;
  Lbfgs lbfgs_;
  SavedMinima lowest_;
  BasinHoppingState s_;
  std::vector<double> trial_, unquenched_, reported_;
  std::string adjustment_;
};

}  // namespace landscape::gmin

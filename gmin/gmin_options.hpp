#pragma once
// Typed options of a gmin run, filled from the `data` keyword file by gmin_keywords.cpp.
// Defaults are not written here: they live in the keyword table only.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/ml/mlp_keywords.hpp"
#include "common/potentials/binary_lj_periodic.hpp"

namespace landscape::gmin {

/// NEWRESTART nrelax [nhs].
struct NewRestartOptions {
  long long nrelax = 0;  ///< steps without improvement (by more than EDIFF) before a restart
  long long nhs = 0;  ///< hard-sphere moves (accepted; reseeding is always by random coordinates)
};

/// AVOID dist nmax [reseed].
struct AvoidOptions {
  double distance = 0.0;  ///< closer than this to a saved structure counts as a revisit
  long long max_saved = 0;
  bool reseed = true;  ///< T: reseed on a revisit; F: reject the step instead (taboo)
};

/// DATABASE [etol [itol]].
struct DatabaseOptions {
  double etol = 0.0;  ///< energy tolerance for identity
  double itol = 0.0;  ///< principal-moment tolerance for identity
};

/// MLPTESTDATA file ndata: a second data set, for test-set figures of network minima.
struct MlpTestDataOptions {
  std::string file;
  long long n_data = 0;
};

/// MLMIN Nin Ninstart Nhid Nout Ndata lambda Nmin: the chosen minima of a network landscape, read
/// from MLMINweights, that the MLSUP meta-network combines.
struct MlminOptions {
  MlpKeywordOptions network;  ///< the minima's network (MLPVB3 layout of MLPdata)
  long long n_minima = 0;
};

/// MLSUP Nin Ninstart Nhid_meta Nmin Ndata lambda_meta: the meta-network (Niroomand et al. 2022,
/// algorithm 1).
struct MlsupOptions {
  long long n_in = 0, n_in_start = 1, n_hidden = 0, n_minima = 0, n_data = 0;
  double lambda = 0.0;
};

/// BHPT pttmin pttmax exchprob: parallel-tempering basin-hopping over the walkers of an MPI run.
struct ParallelTemperingOptions {
  double t_min = 0.0, t_max = 0.0;    ///< the walkers' temperatures, exponentially spaced
  double exchange_probability = 0.0;  ///< chance, each step, that an exchange is attempted
};

/// Everything a gmin run needs from `data`.
struct GminOptions {
  long long steps = 0;
  double temperature_factor = 1.0;
  double temperature = 0.0;
  double step = 0.0;
  double astep = 0.0;
  double ostep = 0.0;
  long long block = 0;
  double accept_ratio = 0.0;
  long long change_accept = 0;
  bool fix_step = false;
  bool fix_temp = false;
  bool fix_both = false;
  double sloppy_conv = 0.0;
  double tight_conv = 0.0;
  long long maxit_sloppy = 0;
  long long maxit_tight = 0;
  long long save = 0;
  double ediff = 0.0;
  std::vector<double> targets;
  std::uint64_t ranseed = 0;
  long long updates = 0;
  double dguess = 0.0;
  double max_bfgs = 0.0;
  double max_erise = 0.0;
  std::optional<double> radius;  ///< absent: GMIN's formula for the atom count
  bool centre = false;
  bool sort = false;
  bool noreset = false;
  std::optional<NewRestartOptions> new_restart;
  std::optional<AvoidOptions> avoid;
  bool track_data = false;
  long long dump_interval = 0;
  std::optional<std::string> restore_file;
  std::optional<DatabaseOptions> database;
  /// Network loss landscape (MLP3 / MLPVB3) instead of a Lennard-Jones cluster.
  std::optional<MlpKeywordOptions> mlp;
  std::optional<MlpTestDataOptions> mlp_test;
  std::optional<MlminOptions> mlmin;
  std::optional<MlsupOptions> mlsup;
  /// MLSUPDATABASE: the network's min.data + points.min (read only), for the best AUC over all.
  std::optional<std::string> mlsup_database;
  /// Aligned distance below which two network minima are the same (DATABASE).
  double geomdifftol = 0.0;
  /// BINARY ntypea epsab epsbb sigmaab sigmabb: the periodic binary Lennard-Jones; its box and
  /// cut-off are those of PERIODIC and SHIFTCUT (set when the system is made).
  std::optional<BinaryLjParameters> binary;
  std::optional<std::array<double, 3>> periodic;  ///< PERIODIC: the box lengths
  std::optional<double> shiftcut;                 ///< SHIFTCUT: the cut-off, in units of sigma
  std::optional<ParallelTemperingOptions> bhpt;   ///< BHPT (an MPI run's walkers exchange)
  bool mpi = false;                               ///< MPI: GMIN's switch; mpirun decides here
};

}  // namespace landscape::gmin

#pragma once
// DATABASE: every distinct minimum found by basin-hopping, re-quenched to TIGHTCONV, checked to be
// a true minimum (no negative Hessian eigenvalue) and appended to min.data/points.min.

#include <filesystem>
#include <map>
#include <optional>

#include "common/io/logger.hpp"
#include "common/io/min_database.hpp"
#include "common/ml/mlp_shape.hpp"
#include "common/optimize/lbfgs.hpp"
#include "common/potentials/potential.hpp"
#include "gmin/gmin_options.hpp"

namespace landscape::gmin {

/// Counters of what the recorder did.
struct DatabaseStats {
  long long offered = 0;
  long long added = 0;
  long long duplicates = 0;
  long long not_converged = 0;
  long long not_minima = 0;
  long long function_calls = 0;  ///< spent in the re-quenches
};

/// Owns the open database and decides what enters it.
class DatabaseRecorder {
 public:
  /// Opens (or creates) the database in dir; repairs are logged. Throws DatabaseError on corruption.
  /// n_zero_modes: Hessian modes excluded from lnprodfreq (6 for clusters, 0 for networks).
  /// Two cluster minima are the same when their energies agree within etol, their principal
  /// moments within itol (a cheap filter) and their distance after permutational alignment
  /// (rotations, inversion, atom permutations) is below GEOMDIFFTOL; pgorder is the order of the
  /// point group found at OPTIM's tolerance (1e-4), so it is meaningful with a tight TIGHTCONV.
  /// For a network (network_shape given) minima are stored in canonical form and two minima are
  /// the same when their energies agree within etol and their aligned distance (over hidden-node
  /// permutations and sign flips) is below GEOMDIFFTOL.
  DatabaseRecorder(const std::filesystem::path& dir, const GminOptions& options,
                   const Potential& potential, std::size_t n_zero_modes,
                   std::optional<MlpShape> network_shape, Logger& log);

  /// Offers a quench minimum: re-quench a copy to TIGHTCONV, test identity, check the Hessian,
  /// append. Returns the 1-based index of a newly added minimum, 0 otherwise.
  std::size_t offer(std::span<const double> coords);

  const MinDatabase& database() const { return db_; }
  const DatabaseStats& stats() const { return stats_; }

 private:
  /// Index (0-based) of an existing minimum the same as x (energy, moments), or -1.
  long long find_same(double energy, const std::array<double, 3>& moments,
                      std::span<const double> x) const;

  DatabaseOptions opts_;
  double geomdifftol_;
  std::size_t n_zero_modes_;
  std::optional<MlpShape> network_;
  const Potential& potential_;
  Logger& log_;
  MinDatabase db_;
  Lbfgs lbfgs_;
  DatabaseStats stats_;
  std::multimap<double, std::size_t> by_energy_;
  std::vector<double> x_;
};

}  // namespace landscape::gmin

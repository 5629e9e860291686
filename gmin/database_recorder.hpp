#pragma once
// DATABASE: every distinct minimum found by basin-hopping, re-quenched to TIGHTCONV, checked to be
// a true minimum (no negative Hessian eigenvalue) and appended to min.data/points.min.

#include <filesystem>
#include <map>
#include <optional>

#include "common/io/database_lock.hpp"
#include "common/io/logger.hpp"
#include "common/io/min_database.hpp"
#include "common/landscape/structure_metric.hpp"
#include "common/landscape/system.hpp"
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
  /// Opens (or creates) the database in dir; repairs are logged. Throws DatabaseError on
  /// corruption. potential is the system's own or a wrapper of it (benchmarks time it); system
  /// gives the zero modes excluded from lnprodfreq and the structure metric. Identity is the
  /// suite's one (StructureMetric::same) with DATABASE's etol as EDIFFTOL, itol as ITOL and
  /// GEOMDIFFTOL: clusters are aligned over rotations, the inversion and atom permutations, bulk
  /// systems over a translation and permutations within each species (minimum image; no moments,
  /// pgorder 1), networks over hidden-node permutations and sign flips (isomer-aligned distance).
  /// pgorder is
  /// the order of the point group found at OPTIM's tolerance (1e-4), so it is meaningful with a
  /// tight TIGHTCONV. Network minima are stored in canonical form (storage only: identity never
  /// compares canonical forms).
  DatabaseRecorder(const std::filesystem::path& dir, const GminOptions& options,
                   const Potential& potential, const System& system, Logger& log);

  /// The same screening without files (a walker of an MPI run other than rank 0): the minima it
  /// accepts are kept in memory only, for its own identity checks, and sent to rank 0, which
  /// add()s them to the database.
  static DatabaseRecorder in_memory(const GminOptions& options, const Potential& potential,
                                    const System& system, Logger& log);

  /// Offers a quench minimum: re-quench a copy to TIGHTCONV, test identity, check the Hessian,
  /// append. Returns the 1-based index of a newly added minimum, 0 otherwise.
  std::size_t offer(std::span<const double> coords);

  /// Adds a minimum already screened by another walker (re-quenched, checked to be a minimum, in
  /// storage form) unless it is one of the stored minima. Returns its 1-based index, 0 for a
  /// duplicate.
  std::size_t add(const MinimumRecord& record);

  /// The stored minima: the database's, or those kept in memory.
  std::size_t size() const { return db_.is_open() ? db_.size() : memory_.size(); }
  const MinimumRecord& operator[](std::size_t i) const {
    return db_.is_open() ? db_[i] : memory_[i];
  }
  /// False for an in_memory() recorder.
  bool writes_files() const { return db_.is_open(); }
  const MinDatabase& database() const { return db_; }
  const DatabaseStats& stats() const { return stats_; }

 private:
  std::size_t n_zero_modes_;
  bool periodic_;  ///< a bulk system: no centring, moments 1 1 1, point-group order 1
  std::optional<MlpShape> network_;
  StructureMetric metric_;
  const Potential& potential_;
  Logger& log_;
  std::optional<DatabaseLock> lock_;  ///< before db_: no other writer while this one is open
  MinDatabase db_;
  Lbfgs lbfgs_;
  DatabaseStats stats_;
  StructureIndex index_;
  std::vector<double> x_;
  std::vector<MinimumRecord> memory_;  ///< an in_memory() recorder's minima

  DatabaseRecorder(const GminOptions& options, const Potential& potential, const System& system,
                   Logger& log, std::optional<DatabaseLock> lock, MinDatabase db);
  /// Identity check against the stored minima, then append (file or memory).
  std::size_t store(const MinimumRecord& record);
  /// Appends without a check (file or memory); returns the 1-based index.
  std::size_t append(const MinimumRecord& record);
};

}  // namespace landscape::gmin

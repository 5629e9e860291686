#pragma once
// PATHSAMPLE's stationary-point database: min.data + points.min, ts.data + points.ts, min.A and
// min.B in one directory. Minima and transition states are added in discovery order (a new entry
// gets the next line, so every index already written stays valid) and each is added only once:
// two entries are the same stationary point when their energies agree within EDIFFTOL, their
// principal moments of inertia within ITOL (when given) and their aligned distance is below
// GEOMDIFFTOL (PERMDIST and RANROT as in OPTIM). Appends are crash-safe (RecordFiles).

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/io/min_database.hpp"
#include "common/io/ts_database.hpp"
#include "common/landscape/path_info.hpp"
#include "common/landscape/structure_metric.hpp"

namespace landscape::pathsample {

/// How stationary points are compared and characterised.
struct IdentitySettings {
  /// EDIFFTOL, ITOL, GEOMDIFFTOL, PERMDIST, RANROT, SEED (System::structure_metric)
  landscape::StructureMetricSettings metric;
  std::size_t zero_modes = 0;  ///< Hessian eigenvalues of overall motion (6 for clusters)
};

/// min.A or min.B: 1-based indices into min.data.
using MinimumSet = std::vector<std::size_t>;

/// Reads min.A or min.B (a count, then that many 1-based indices, free format) and checks each
/// index against n_minima; throws InputError ("min.A:2: ...") otherwise.
MinimumSet read_minimum_set(const std::filesystem::path& path, std::size_t n_minima);
/// Writes a min.A / min.B file (count, then one index a line) atomically (temporary + rename).
void write_minimum_set(const std::filesystem::path& path, const MinimumSet& set);

/// What adding stationary points did.
struct AddCounts {
  std::size_t new_minima = 0, known_minima = 0;
  std::size_t new_ts = 0, known_ts = 0;
  std::size_t rejected = 0;  ///< triples whose points are not what they claim (see add_triple)
  AddCounts& operator+=(const AddCounts& o);
};

class StationaryPointDatabase {
 public:
  /// Opens (creating if need be) the database in dir for records of n_dof values, repairing a
  /// torn tail (repairs()) and throwing DatabaseError on corruption.
  static StationaryPointDatabase open(const std::filesystem::path& dir, std::size_t n_dof,
                                      IdentitySettings identity);

  const MinDatabase& minima() const { return minima_; }
  const TsDatabase& transition_states() const { return ts_; }
  std::size_t n_minima() const { return minima_.size(); }
  std::size_t n_ts() const { return ts_.size(); }
  std::vector<std::string> repairs() const;
  const landscape::StructureMetric& metric() const { return metric_; }
  const IdentitySettings& identity() const { return identity_; }

  /// The 0-based index of the stored minimum that is the same as (coords, energy), if any.
  std::optional<std::size_t> find_minimum(const std::vector<double>& coords, double energy,
                                          const std::array<double, 3>& inertia) const;
  /// Adds a minimum unless it is known; returns its 0-based index and whether it is new.
  std::pair<std::size_t, bool> add_minimum(const MinimumRecord& record);
  /// Adds a transition state (min1/min2 1-based, already in the database) unless the same one is
  /// known (StructureMetric::same: energy, moments, aligned distance; as in PATHSAMPLE, the minima
  /// it joins follow from its geometry and are not compared); returns its 0-based index and
  /// whether it is new.
  std::pair<std::size_t, bool> add_transition_state(const TransitionStateRecord& record);

  /// Adds the minima and the transition state of a path.info triple (minima first, so a kill
  /// never leaves a ts.data line without its minima). A triple whose "minima" have a non-positive
  /// eigenvalue or whose transition state has not exactly one negative eigenvalue (beyond the
  /// zero modes) is rejected and explained in *why when given. Returns the 0-based indices of
  /// its two minima (nullopt when rejected).
  std::optional<std::pair<std::size_t, std::size_t>> add_triple(
      const landscape::PathInfoTriple& triple, AddCounts& counts, std::string* why = nullptr);

  /// Adds every minimum and transition state of another database (MERGEDB); returns the 0-based
  /// index here of each of its minima.
  std::vector<std::size_t> merge(const StationaryPointDatabase& other, AddCounts& counts);

  /// A path.info point as a min.data record: lnprodfreq from its eigenvalues (the largest
  /// n_dof - zero_modes for a minimum, one fewer for a transition state), pgorder from its
  /// block, inertia from its coordinates (clusters; 1 1 1 otherwise). Throws InputError if the
  /// counted eigenvalues are not all positive.
  MinimumRecord record_of(const landscape::PathInfoPoint& point, bool transition_state) const;

 private:
  StationaryPointDatabase() = default;

  IdentitySettings identity_;
  landscape::StructureMetric metric_{landscape::StructureMetricSettings{}};
  MinDatabase minima_;
  TsDatabase ts_;
  landscape::StructureIndex minima_index_, ts_index_;
};

}  // namespace landscape::pathsample

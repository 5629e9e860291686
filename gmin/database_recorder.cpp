#include "gmin/database_recorder.hpp"

#include <cmath>

#include "common/analysis/normal_modes.hpp"
#include "common/geometry/cluster_geometry.hpp"
#include "common/geometry/permutational_alignment.hpp"
#include "common/geometry/point_group.hpp"
#include "common/io/record_files.hpp"
#include "common/io/ts_database.hpp"
#include "common/ml/network_isomers.hpp"
#include "gmin/basin_hopping.hpp"

namespace landscape::gmin {
namespace {

/// DATABASE's identity keywords as the structure metric's settings. gmin always aligns over atom
/// permutations (all atoms identical) and the inversion, from one starting frame set.
StructureMetricSettings identity_keywords(const GminOptions& options) {
  StructureMetricSettings s;
  s.permutations = true;
  s.energy_tolerance = options.database->etol;
  s.inertia_tolerance = options.database->itol;
  s.distance_tolerance = options.geomdifftol;
  return s;
}

/// The database in dir, once its records are known to fit this system (check_system_size).
MinDatabase open_database(const std::filesystem::path& dir, const System& system) {
  check_system_size(dir, {&min_data_kind(), &ts_data_kind()}, system.n_dof(),
                    system.atoms() ? 3 : 1, system.size_statement());
  return MinDatabase::open(dir, system.n_dof());
}

}  // namespace

DatabaseRecorder::DatabaseRecorder(const std::filesystem::path& dir, const GminOptions& options,
                                   const Potential& potential, const System& system, Logger& log)
    : DatabaseRecorder(options, potential, system, log, DatabaseLock::acquire(dir, "gmin"),
                       open_database(dir, system)) {
  for (const auto& r : db_.repairs()) log_.warn("database: {}", r);
  log_.info("database: {} minima in min.data and points.min ({} coordinates a record)", db_.size(),
            db_.n_dof());
}

DatabaseRecorder DatabaseRecorder::in_memory(const GminOptions& options, const Potential& potential,
                                             const System& system, Logger& log) {
  return DatabaseRecorder(options, potential, system, log, std::nullopt, MinDatabase());
}

DatabaseRecorder::DatabaseRecorder(const GminOptions& options, const Potential& potential,
                                   const System& system, Logger& log,
                                   std::optional<DatabaseLock> lock, MinDatabase db)
    : n_zero_modes_(system.n_zero_modes()),
      periodic_(system.periodic()),
      network_(system.network()),
      metric_(system.structure_metric(identity_keywords(options))),
      potential_(potential),
      log_(log),
      lock_(std::move(lock)),
      db_(std::move(db)),
      lbfgs_(quench_options(options, true)) {
  for (std::size_t i = 0; i < db_.size(); ++i) index_.add(db_[i].energy, i);
}

std::size_t DatabaseRecorder::offer(std::span<const double> coords) {
  ++stats_.offered;
  x_.assign(coords.begin(), coords.end());
  const MinimizeResult q = lbfgs_.minimize(potential_, x_);
  stats_.function_calls += q.evaluations;
  if (!q.converged()) {
    ++stats_.not_converged;
    return 0;
  }
  // Not a cluster (networks, bulk systems): 1 1 1 in min.data's inertia columns, as optim and
  // pathsample write them.
  std::array<double, 3> moments{1.0, 1.0, 1.0};
  if (network_) {
    x_ = canonical_form(x_, *network_);
  } else if (!periodic_) {
    move_to_centre(x_);
    moments = principal_moments(x_);
  }
  const auto stored = [&](std::size_t i) {
    const MinimumRecord& r = (*this)[i];
    return StructureView{r.coords, r.energy, r.inertia};
  };
  if (index_.find(metric_, {x_, q.energy, moments}, stored)) {
    ++stats_.duplicates;
    return 0;
  }
  const NormalModes modes = normal_modes(potential_, x_, n_zero_modes_);
  if (!modes.is_minimum()) {
    ++stats_.not_minima;
    log_.warn(
        "database: quench minimum at {:.10f} has {} negative Hessian eigenvalue(s); not stored",
        q.energy, modes.n_negative);
    return 0;
  }
  MinimumRecord rec;
  rec.energy = q.energy;
  rec.lnprodfreq = modes.lnprodfreq;
  rec.pgorder = network_ || periodic_ ? 1 : point_group(x_).order;
  rec.inertia = moments;
  rec.coords = x_;
  return append(rec);  // the identity check was made above, before the Hessian
}

std::size_t DatabaseRecorder::add(const MinimumRecord& record) {
  ++stats_.offered;
  const std::size_t index = store(record);
  if (index == 0) ++stats_.duplicates;
  return index;
}

std::size_t DatabaseRecorder::store(const MinimumRecord& record) {
  const auto stored = [&](std::size_t i) {
    const MinimumRecord& r = (*this)[i];
    return StructureView{r.coords, r.energy, r.inertia};
  };
  if (index_.find(metric_, {record.coords, record.energy, record.inertia}, stored)) return 0;
  return append(record);
}

std::size_t DatabaseRecorder::append(const MinimumRecord& record) {
  std::size_t index = 0;
  if (db_.is_open()) {
    index = db_.append(record);
  } else {
    memory_.push_back(record);
    index = memory_.size();
  }
  index_.add(record.energy, index - 1);
  ++stats_.added;
  return index;
}

}  // namespace landscape::gmin

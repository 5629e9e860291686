#include "gmin/database_recorder.hpp"

#include <cmath>

#include "common/analysis/normal_modes.hpp"
#include "common/geometry/cluster_geometry.hpp"
#include "common/geometry/permutational_alignment.hpp"
#include "common/geometry/point_group.hpp"
#include "common/ml/network_isomers.hpp"
#include "gmin/basin_hopping.hpp"

namespace landscape::gmin {
DatabaseRecorder::DatabaseRecorder(const std::filesystem::path& dir, const GminOptions& options,
                                   const Potential& potential, std::size_t n_zero_modes,
                                   std::optional<MlpShape> network_shape, Logger& log)
    : opts_(*options.database),
      geomdifftol_(options.geomdifftol),
      n_zero_modes_(n_zero_modes),
      network_(network_shape),
      potential_(potential),
      log_(log),
      db_(MinDatabase::open(dir, potential.n_dof())),
      lbfgs_(quench_options(options, true)) {
  for (const auto& r : db_.repairs()) log_.warn("database: {}", r);
  for (std::size_t i = 0; i < db_.size(); ++i) by_energy_.emplace(db_[i].energy, i);
  log_.info("database: {} minima in min.data and points.min ({} coordinates a record)", db_.size(),
            db_.n_dof());
}

long long DatabaseRecorder::find_same(double energy, const std::array<double, 3>& moments,
                                      std::span<const double> x) const {
  for (auto it = by_energy_.lower_bound(energy - opts_.etol);
       it != by_energy_.end() && it->first <= energy + opts_.etol; ++it) {
    const MinimumRecord& r = db_[it->second];
    const bool same =
        network_ ? same_network_minimum(x, r.coords, *network_, geomdifftol_)
                 : std::abs(r.inertia[0] - moments[0]) < opts_.itol &&
                       std::abs(r.inertia[1] - moments[1]) < opts_.itol &&
                       std::abs(r.inertia[2] - moments[2]) < opts_.itol &&
                       cluster_distance(r.coords, x) < geomdifftol_;
    if (same) return static_cast<long long>(it->second);
  }
  return -1;
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
  std::array<double, 3> moments{};
  if (network_) {
    x_ = canonical_form(x_, *network_);
  } else {
    move_to_centre(x_);
    moments = principal_moments(x_);
  }
  if (find_same(q.energy, moments, x_) >= 0) {
    ++stats_.duplicates;
    return 0;
  }
  const NormalModes modes = normal_modes(potential_, x_, n_zero_modes_);
  if (!modes.is_minimum()) {
    ++stats_.not_minima;
    log_.warn("database: quench minimum at {:.10f} has {} negative Hessian eigenvalue(s); not stored",
              q.energy, modes.n_negative);
    return 0;
  }
  MinimumRecord rec;
  rec.energy = q.energy;
  rec.lnprodfreq = modes.lnprodfreq;
  rec.pgorder = network_ ? 1 : point_group(x_).order;
  rec.inertia = moments;
  rec.coords = x_;
  const std::size_t index = db_.append(rec);
  by_energy_.emplace(rec.energy, index - 1);
  ++stats_.added;
  return index;
}

}  // namespace landscape::gmin

#pragma once
// A stationary point characterised for the output files (path.info, min.data, ts.data): energy,
// Hessian eigenvalues (unit masses), index, lnprodfreq, point group and principal moments of
// inertia.

#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace landscape {

/// Everything path.info and min.data.info say about a stationary point.
struct StationaryPoint {
  std::vector<double> coords;
  double energy = 0.0;
  double rms = 0.0;                 ///< RMS gradient
  std::vector<double> eigenvalues;  ///< all Hessian eigenvalues, ascending (zero modes included)
  std::size_t n_zero = 0;           ///< zero modes excluded from the counts below
  std::size_t n_negative = 0;       ///< negative eigenvalues among the others
  double lnprodfreq = 0.0;          ///< sum of the logs of the positive non-zero eigenvalues
  int pgorder = 1;                  ///< point-group order (clusters; 1 for other systems)
  std::string point_group = "C1";   ///< Schoenflies symbol as OPTIM writes it ("C1", "O h", "C5v")
  std::array<double, 3> inertia{1.0, 1.0, 1.0};  ///< principal moments (clusters), else 1 1 1
};

/// RMS gradient below which OPTIM determines the point group of a stationary point (its log:
/// "Point group checked when RMS force < 0.001"); above it the point group is C1.
inline constexpr double kPointGroupRms = 1e-3;

/// Sets sp.pgorder and sp.point_group from sp.coords: the point group of a cluster (atoms) whose
/// RMS gradient sp.rms is below kPointGroupRms, else C1 (order 1).
void assign_point_group(StationaryPoint& sp, bool atoms);

}  // namespace landscape

#pragma once
// A stationary point characterised for the output files: energy, Hessian eigenvalues (unit
// masses), index, lnprodfreq, point group and principal moments of inertia.

#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace landscape {
class Potential;
}

namespace landscape::optim {

/// Everything path.info and min.data.info say about a stationary point.
struct StationaryPoint {
  std::vector<double> coords;
  double energy = 0.0;
  double rms = 0.0;                    ///< RMS gradient
  std::vector<double> eigenvalues;     ///< all Hessian eigenvalues, ascending (zero modes included)
  std::size_t n_zero = 0;              ///< zero modes excluded from the counts below
  std::size_t n_negative = 0;          ///< negative eigenvalues among the others
  double lnprodfreq = 0.0;             ///< sum of the logs of the positive non-zero eigenvalues
  int pgorder = 1;                     ///< point-group order (1 until symmetry detection exists)
  std::string point_group = "C1";
  std::array<double, 3> inertia{1.0, 1.0, 1.0};  ///< principal moments (clusters), else 1 1 1
};

/// Characterises x on potential: its Hessian (analytic, or central differences of the gradient
/// when numerical_hessian is set or the potential has no analytic one) and, for clusters
/// (atoms = true), the 6 zero modes of overall translation and rotation and the moments of inertia.
StationaryPoint characterise(const Potential& potential, std::span<const double> x, bool atoms,
                             bool numerical_hessian);

}  // namespace landscape::optim

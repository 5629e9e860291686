#include "optim/characterisation.hpp"

#include <cmath>

#include "common/analysis/normal_modes.hpp"
#include "common/geometry/cluster_geometry.hpp"
#include "common/potentials/potential.hpp"
#include "optim/hybrid_eigenvector_following.hpp"
#include "optim/rayleigh_ritz.hpp"
#include "optim/zero_modes.hpp"

namespace landscape::optim {

StationaryPoint characterise(const Potential& potential, std::span<const double> x, bool atoms,
                             bool numerical_hessian) {
  const std::size_t n = potential.n_dof();
  StationaryPoint sp;
  sp.coords.assign(x.begin(), x.end());
  std::vector<double> g(n);
  sp.energy = potential.energy_gradient(x, g);
  double g2 = 0.0;
  for (double v : g) g2 += v * v;
  sp.rms = n > 0 ? std::sqrt(g2 / static_cast<double>(n)) : 0.0;
  const std::size_t n_zero = atoms ? ZeroModes(x).count() : 0;
  const NormalModes modes = normal_modes(hessian_at(potential, x, numerical_hessian), n, n_zero);
  sp.eigenvalues = modes.eigenvalues;
  sp.n_zero = modes.n_zero;
  sp.n_negative = modes.n_negative;
  sp.lnprodfreq = modes.lnprodfreq;
  if (atoms) sp.inertia = principal_moments(x);
  assign_point_group(sp, atoms);
  return sp;
}

StationaryPoint characterise_transition_state(const Potential& potential, const HefResult& ts,
                                              bool atoms, bool numerical_hessian) {
  if (ts.modes.eigenvalues.empty()) return characterise(potential, ts.x, atoms, numerical_hessian);
  StationaryPoint sp;
  sp.coords = ts.x;
  sp.energy = ts.energy;
  sp.rms = ts.rms;
  sp.eigenvalues = ts.modes.eigenvalues;
  sp.n_zero = ts.modes.n_zero;
  sp.n_negative = ts.modes.n_negative;
  sp.lnprodfreq = ts.modes.lnprodfreq;
  if (atoms) sp.inertia = principal_moments(ts.x);
  assign_point_group(sp, atoms);
  return sp;
}

}  // namespace landscape::optim

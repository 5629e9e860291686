#include "optim/characterisation.hpp"

#include "common/analysis/normal_modes.hpp"
#include "common/geometry/cluster_geometry.hpp"
#include "common/linalg/vector_ops.hpp"
#include "common/potentials/potential.hpp"
#include "optim/hybrid_eigenvector_following.hpp"
#include "optim/rayleigh_ritz.hpp"
#include "optim/zero_modes.hpp"

namespace landscape::optim {
namespace {

/// Fills in what follows from the Hessian analysis and the geometry: eigenvalues, index,
/// lnprodfreq, and for clusters the moments of inertia; then the point group. A bulk system
/// (cluster false) keeps moments 1 1 1 and the point group C1, as for systems that are not atoms.
void complete(StationaryPoint& sp, const NormalModes& modes, bool cluster) {
  sp.eigenvalues = modes.eigenvalues;
  sp.n_zero = modes.n_zero;
  sp.n_negative = modes.n_negative;
  sp.lnprodfreq = modes.lnprodfreq;
  if (cluster) sp.inertia = principal_moments(sp.coords);
  assign_point_group(sp, cluster);
}

}  // namespace

StationaryPoint characterise(const Potential& potential, std::span<const double> x, bool atoms,
                             bool numerical_hessian) {
  const std::size_t n = potential.n_dof();
  StationaryPoint sp;
  sp.coords.assign(x.begin(), x.end());
  std::vector<double> g(n);
  sp.energy = potential.energy_gradient(x, g);
  sp.rms = rms_of(g);
  const bool periodic = potential.periodic();
  const std::size_t n_zero = atoms ? ZeroModes(x, !periodic).count() : 0;
  complete(sp, normal_modes(hessian_at(potential, x, numerical_hessian), n, n_zero),
           atoms && !periodic);
  return sp;
}

StationaryPoint characterise_transition_state(const Potential& potential, const HefResult& ts,
                                              bool atoms, bool numerical_hessian) {
  if (ts.modes.eigenvalues.empty()) return characterise(potential, ts.x, atoms, numerical_hessian);
  StationaryPoint sp;
  sp.coords = ts.x;
  sp.energy = ts.energy;
  sp.rms = ts.rms;
  complete(sp, ts.modes, atoms && !potential.periodic());
  return sp;
}

}  // namespace landscape::optim

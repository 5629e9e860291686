#include "gmin/take_step.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "common/geometry/cluster_geometry.hpp"
#include "common/potentials/lennard_jones.hpp"

namespace landscape::gmin {

int TakeStep::perturb(std::span<double> x, double step, double astep, double radius, Rng& rng) {
  if (move_.kind == StepKind::kUniform) {
    for (double& v : x) v += step * rng.symmetric();
    return 0;
  }
  const std::size_t n_atoms = x.size() / 3;
  // GMIN's angular move: only the most weakly bound atom, and only when its binding energy is
  // above astep times the lowest one, jumps to the surface of the cluster.
  std::size_t angular_atom = n_atoms;
  if (move_.lj && astep > 0.0 && n_atoms > 2) {
    atom_energy_.resize(n_atoms);
    move_.lj->atom_energies(x, atom_energy_);
    const auto [lo, hi] = std::minmax_element(atom_energy_.begin(), atom_energy_.end());
    if (*hi > astep * *lo) angular_atom = static_cast<std::size_t>(hi - atom_energy_.begin());
  }
  if (angular_atom < n_atoms) {
    const auto com = centre_of_mass(x);
    const double r = max_radius(x) + 1.0;
    const double theta = std::numbers::pi * rng.uniform();
    const double phi = 2.0 * std::numbers::pi * rng.uniform();
    double* a = &x[3 * angular_atom];
    a[0] = com[0] + r * std::sin(theta) * std::cos(phi);
    a[1] = com[1] + r * std::sin(theta) * std::sin(phi);
    a[2] = com[2] + r * std::cos(theta);
  }
  for (std::size_t a = 0; a < n_atoms; ++a) {
    if (a == angular_atom) continue;
    for (int k = 0; k < 3; ++k) x[3 * a + k] += step * rng.symmetric();
  }
  if (radius > 0.0) {
    const auto c = centre_of_mass(x);
    for (std::size_t a = 0; a < n_atoms; ++a) {
      double d2 = 0.0;
      for (int k = 0; k < 3; ++k) d2 += (x[3 * a + k] - c[k]) * (x[3 * a + k] - c[k]);
      if (d2 > radius * radius) {
        const double s = 0.99 * radius / std::sqrt(d2);
        for (int k = 0; k < 3; ++k) x[3 * a + k] = c[k] + s * (x[3 * a + k] - c[k]);
      }
    }
  }
  return angular_atom < n_atoms ? 1 : 0;
}

void TakeStep::random_cluster(std::span<double> x, double radius, Rng& rng) {
  const double half = radius / std::sqrt(3.0);
  for (auto& v : x) v = half * rng.symmetric();
}

}  // namespace landscape::gmin

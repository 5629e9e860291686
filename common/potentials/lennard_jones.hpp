#pragma once
// Lennard-Jones cluster, epsilon = sigma = 1: V = sum_{i<j} 4 (r^-12 - r^-6).

#include <span>

#include "common/potentials/potential.hpp"

namespace landscape {

/// The 12-6 pair law, kept apart from the loop over pairs.
struct LennardJonesPair {
  /// Energy of a pair at squared distance r2.
  static double energy(double r2);
  /// Energy and g = (dV/dr)/r at squared distance r2 (so the force on a coordinate is g * dx).
  static double energy_gradient(double r2, double& g);
  /// Energy, g = (dV/dr)/r and h = d/dr((dV/dr)/r)/r, enough for the Hessian block
  /// H_ab = g delta_ab + h dx_a dx_b.
  static double energy_gradient_hessian(double r2, double& g, double& h);
};

/// Pair equilibrium distance of the 12-6 law with sigma = 1: 2^(1/6).
inline const double kLennardJonesPairDistance = 1.122462048309373;

/// Lennard-Jones cluster of n_atoms atoms with an analytic gradient and Hessian.
class LennardJones final : public Potential {
 public:
  explicit LennardJones(std::size_t n_atoms) : n_atoms_(n_atoms) {}

  std::size_t n_dof() const override { return 3 * n_atoms_; }
  std::size_t n_atoms() const override { return n_atoms_; }
  std::string name() const override { return "Lennard-Jones"; }
  double energy(std::span<const double> x) const override;
  double energy_gradient(std::span<const double> x, std::span<double> grad) const override;
  double energy_gradient_hessian(std::span<const double> x, std::span<double> grad,
                                 std::span<double> hess) const override;
  bool has_analytic_hessian() const override { return true; }

  /// Binding energy of each atom: half the sum of its pair energies (so they add up to V).
  void atom_energies(std::span<const double> x, std::span<double> e) const;

 private:
  std::size_t n_atoms_;
};

}  // namespace landscape

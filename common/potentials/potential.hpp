#pragma once
// The potential-energy-surface interface shared by every program of the suite.

#include <cstddef>
#include <span>
#include <string>

namespace landscape {

/// A potential energy surface V(x) over n_dof() coordinates.
/// Cluster coordinates are laid out atom after atom: x = (x1 y1 z1 x2 y2 z2 ...).
/// Implementations are stateless with respect to evaluation (const methods) so they can be shared.
class Potential {
 public:
  virtual ~Potential() = default;

  /// Number of coordinates (3N for a cluster of N atoms).
  virtual std::size_t n_dof() const = 0;
  /// Short name for logs, e.g. "Lennard-Jones".
  virtual std::string name() const = 0;

  /// Energy at x (x.size() == n_dof()).
  virtual double energy(std::span<const double> x) const = 0;
  /// Energy at x; writes dV/dx into grad (grad.size() == n_dof()).
  virtual double energy_gradient(std::span<const double> x, std::span<double> grad) const = 0;
  /// Energy, gradient and Hessian at x; hess is n_dof() x n_dof(), row-major (symmetric).
  /// The base version fills the Hessian by central differences of the gradient
  /// (step hessian_fd_step()); has_analytic_hessian() tells which one a potential provides.
  virtual double energy_gradient_hessian(std::span<const double> x, std::span<double> grad,
                                         std::span<double> hess) const;
  /// True when energy_gradient_hessian is analytic rather than the finite-difference fallback.
  virtual bool has_analytic_hessian() const { return false; }
  /// Atom count for a cluster potential (n_dof()/3), 0 for systems that are not atoms.
  virtual std::size_t n_atoms() const { return 0; }
  /// Periodic boundaries (a bulk system of atoms): the energy is invariant under overall
  /// translation but not under rotation, so the Hessian has 3 zero modes, not 6, and structures
  /// are compared by minimum-image distances without rotations.
  virtual bool periodic() const { return false; }

 protected:
  /// Step of the finite-difference Hessian fallback.
  static constexpr double kHessianFdStep = 1e-5;
};

}  // namespace landscape

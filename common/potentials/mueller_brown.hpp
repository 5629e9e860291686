#pragma once
// The Mueller-Brown surface, the standard two-dimensional test of path and saddle searches:
// K. Mueller and L. D. Brown, Theor. Chim. Acta 53, 75 (1979).
//   V(x, y) = sum_k A_k exp(a_k (x - x0_k)^2 + b_k (x - x0_k)(y - y0_k) + c_k (y - y0_k)^2)
// with A = -200, -100, -170, 15; a = -1, -1, -6.5, 0.7; b = 0, 0, 11, 0.6; c = -10, -10, -6.5, 0.7;
// x0 = 1, 0, -0.5, -1; y0 = 0, 0.5, 1.5, 1.

#include <array>
#include <span>

#include "common/potentials/potential.hpp"

namespace landscape {

/// Mueller-Brown potential over the coordinates (x, y), with an analytic gradient and Hessian.
/// Minima near (-0.558, 1.442) E = -146.70, (0.623, 0.028) E = -108.17 and (-0.050, 0.467)
/// E = -80.77; saddles near (-0.822, 0.624) E = -40.66 and (0.212, 0.293) E = -72.25.
class MuellerBrown final : public Potential {
 public:
  std::size_t n_dof() const override { return 2; }
  std::string name() const override { return "Mueller-Brown"; }
  double energy(std::span<const double> x) const override;
  double energy_gradient(std::span<const double> x, std::span<double> grad) const override;
  double energy_gradient_hessian(std::span<const double> x, std::span<double> grad,
                                 std::span<double> hess) const override;
  bool has_analytic_hessian() const override { return true; }

 private:
  /// Energy, gradient and (when hess is non-empty) Hessian in one pass over the four terms.
  double evaluate(std::span<const double> x, std::span<double> grad, std::span<double> hess) const;
};

}  // namespace landscape

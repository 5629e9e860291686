#include "common/potentials/potential.hpp"

#include <vector>

namespace landscape {

double Potential::energy_gradient_hessian(std::span<const double> x, std::span<double> grad,
                                          std::span<double> hess) const {
  // Finite-difference fallback: central differences of the analytic gradient, symmetrised.
  const std::size_t n = n_dof();
  std::vector<double> xp(x.begin(), x.end());
  std::vector<double> gp(n), gm(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double xi = xp[i];
    xp[i] = xi + kHessianFdStep;
    energy_gradient(xp, gp);
    xp[i] = xi - kHessianFdStep;
    energy_gradient(xp, gm);
    xp[i] = xi;
    for (std::size_t j = 0; j < n; ++j) hess[i * n + j] = (gp[j] - gm[j]) / (2 * kHessianFdStep);
  }
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j) {
      const double s = 0.5 * (hess[i * n + j] + hess[j * n + i]);
      hess[i * n + j] = s;
      hess[j * n + i] = s;
    }
  return energy_gradient(x, grad);
}

}  // namespace landscape

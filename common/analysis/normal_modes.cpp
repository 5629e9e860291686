#include "common/analysis/normal_modes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "common/linalg/symmetric_eigen.hpp"
#include "common/potentials/potential.hpp"

namespace landscape {

NormalModes normal_modes(std::span<const double> hessian, std::size_t n, std::size_t n_zero) {
  if (n_zero > n)
    throw std::invalid_argument(
        fmt::format("normal_modes: n_zero = {} exceeds the number of modes {}", n_zero, n));
  NormalModes modes;
  if (!std::all_of(hessian.begin(), hessian.end(), [](double v) { return std::isfinite(v); })) {
    // NaN or Inf in the Hessian (LAPACK refuses it): no eigenvalues, and neither a minimum nor a
    // transition state, so no caller stores it.
    modes.eigenvalues.assign(n, std::numeric_limits<double>::quiet_NaN());
    modes.n_zero = n_zero;
    modes.n_negative = n;
    modes.lnprodfreq = std::numeric_limits<double>::quiet_NaN();
    return modes;
  }
  modes.eigenvalues = symmetric_eigen(hessian, n, false).values;
  modes.n_zero = n_zero;
  const std::vector<double>& ev = modes.eigenvalues;

  // The zero modes are the n_zero eigenvalues of smallest magnitude (stable order for ties).
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return std::abs(ev[a]) < std::abs(ev[b]); });
  std::vector<bool> is_zero(n, false);
  for (std::size_t k = 0; k < n_zero; ++k) is_zero[order[k]] = true;

  // A value counts as negative only below -1e-8 * max(1, |largest eigenvalue|): rounding in
  // the Hessian and in dsyevr leaves residues of that relative size, which must not turn a
  // minimum into a saddle.
  double largest = 0.0;
  for (double v : ev) largest = std::max(largest, std::abs(v));
  const double negative_tolerance = 1e-8 * std::max(1.0, largest);

  bool have_nonzero = false;
  for (std::size_t i = 0; i < n; ++i) {
    if (is_zero[i]) continue;
    const double v = ev[i];
    if (!have_nonzero) {
      modes.smallest_nonzero = v;  // ev is ascending, so the first non-zero mode is the smallest
      have_nonzero = true;
    }
    if (v < -negative_tolerance) ++modes.n_negative;
    if (v > 0.0) modes.lnprodfreq += std::log(v);
  }
  return modes;
}

NormalModes normal_modes(const Potential& potential, std::span<const double> x,
                         std::size_t n_zero) {
  const std::size_t n = potential.n_dof();
  std::vector<double> grad(n), hess(n * n);
  potential.energy_gradient_hessian(x, grad, hess);
  return normal_modes(hess, n, n_zero);
}

}  // namespace landscape

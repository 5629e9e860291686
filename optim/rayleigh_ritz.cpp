#include "optim/rayleigh_ritz.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "common/linalg/symmetric_eigen.hpp"
#include "common/linalg/vector_ops.hpp"
#include "common/optimize/lbfgs.hpp"
#include "common/optimize/option_rules.hpp"
#include "common/potentials/potential.hpp"

namespace landscape::optim {
std::string_view to_string(EigenMethod method) {
  return method == EigenMethod::kLapack ? "LAPACK dsyevr" : "Rayleigh-Ritz (gradient differences)";
}

std::vector<double> hessian_at(const Potential& potential, std::span<const double> x,
                               bool numerical) {
  const std::size_t n = potential.n_dof();
  std::vector<double> g(n), h(n * n);
  // The base class's version is the central-difference one, whatever the potential overrides.
  if (numerical)
    potential.Potential::energy_gradient_hessian(x, g, h);
  else
    potential.energy_gradient_hessian(x, g, h);
  return h;
}

LbfgsOptions RayleighRitzOptions::lbfgs() const {
  return {.memory = memory,
          .dguess = dguess,
          .max_step = max_step,
          .max_rise = max_rise,
          .rms_tolerance = rms_tolerance,
          .max_iterations = max_iterations};
}

std::optional<std::string> RayleighRitzOptions::validate() const {
  // The L-BFGS fields are checked by the minimiser's own rules.
  return first_broken({lbfgs().validate(), positive_finite("fd_step", fd_step),
                       positive_finite("forward_fd_step", forward_fd_step)});
}

RayleighRitz::RayleighRitz(const Potential& potential, RayleighRitzOptions options)
    : potential_(potential), options_(options) {
  require_valid("RayleighRitzOptions", options_.validate());
}

Eigenpair RayleighRitz::lowest(std::span<const double> x, std::span<const double> guess,
                               const ZeroModes& zero_modes,
                               std::span<const double> gradient) const {
  if (x.size() != potential_.n_dof())
    throw std::invalid_argument("RayleighRitz::lowest: wrong number of coordinates");
  if (options_.method == EigenMethod::kLapack) return by_lapack(x, zero_modes);
  return by_gradient_differences(x, guess, zero_modes, gradient);
}

Eigenpair RayleighRitz::by_lapack(std::span<const double> x, const ZeroModes& zero_modes) const {
  const std::size_t n = x.size();
  std::vector<double> h = hessian_at(potential_, x, options_.numerical_hessian);
  if (!std::all_of(h.begin(), h.end(), [](double v) { return std::isfinite(v); })) {
    // A non-finite Hessian has no eigenpairs (LAPACK refuses it): a NaN eigenvalue, which the
    // searches report as their non-finite status.
    Eigenpair pair;
    pair.value = std::numeric_limits<double>::quiet_NaN();
    pair.vector.assign(n, 0.0);
    if (n > 0) pair.vector[0] = 1.0;
    pair.converged = false;
    return pair;
  }
  if (zero_modes.count() > 0) {
    // Lift the zero modes above the whole spectrum (past the Gershgorin bound) so that the
    // lowest eigenpair of the shifted matrix is the lowest one that is not a zero mode.
    double bound = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      double row = 0.0;
      for (std::size_t j = 0; j < n; ++j) row += std::abs(h[i * n + j]);
      bound = std::max(bound, row);
    }
    const double shift = 2.0 * bound + 1.0;
    for (std::size_t k = 0; k < zero_modes.count(); ++k) {
      const auto u = zero_modes.mode(k);
      for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) h[i * n + j] += shift * u[i] * u[j];
    }
  }
  const SymmetricEigen eig = lowest_eigenpairs(h, n, 1, true);
  Eigenpair pair;
  pair.value = eig.values[0];
  pair.vector.assign(eig.vectors.begin(), eig.vectors.begin() + static_cast<std::ptrdiff_t>(n));
  return pair;
}

Eigenpair RayleighRitz::by_gradient_differences(std::span<const double> x,
                                                std::span<const double> guess,
                                                const ZeroModes& zero_modes,
                                                std::span<const double> gradient) const {
  const std::size_t n = x.size();
  std::vector<double> y(guess.begin(), guess.end());
  if (y.size() != n) throw std::invalid_argument("RayleighRitz: guess of the wrong size");
  zero_modes.project(y);
  double norm = std::sqrt(dot(y, y));
  if (!(norm > 0.0)) throw std::invalid_argument("RayleighRitz: guess along the zero modes only");
  for (double& v : y) v /= norm;

  const CurvatureFormula formula = options_.formula;
  const bool central = formula != CurvatureFormula::kForwardDifferences;
  const double zeta = central ? options_.fd_step : options_.forward_fd_step;
  std::vector<double> unit(n), xp(n), xm(n), gp(n), gm(n), hy(n);
  const double energy_at_x =
      formula == CurvatureFormula::kEnergyDifferences ? potential_.energy(x) : 0.0;
  if (!central) {
    // gm holds g(x) throughout.
    if (gradient.size() == n)
      std::copy(gradient.begin(), gradient.end(), gm.begin());
    else
      potential_.energy_gradient(x, gm);
  }
  auto ratio = [&](std::span<const double> yy, std::span<double> grad) -> double {
    std::copy(yy.begin(), yy.end(), unit.begin());
    zero_modes.project(unit);
    const double len = std::sqrt(dot(unit, unit));
    for (double& v : unit) v /= len;
    for (std::size_t i = 0; i < n; ++i) xp[i] = x[i] + zeta * unit[i];
    const double e_plus = potential_.energy_gradient(xp, gp);
    double e_minus = 0.0;
    if (central) {
      for (std::size_t i = 0; i < n; ++i) xm[i] = x[i] - zeta * unit[i];
      e_minus = potential_.energy_gradient(xm, gm);
      for (std::size_t i = 0; i < n; ++i) hy[i] = (gp[i] - gm[i]) / (2.0 * zeta);
    } else {
      for (std::size_t i = 0; i < n; ++i) hy[i] = (gp[i] - gm[i]) / zeta;
    }
    zero_modes.project(hy);
    const double lambda = formula == CurvatureFormula::kEnergyDifferences
                              ? (e_plus + e_minus - 2.0 * energy_at_x) / (zeta * zeta)
                              : dot(unit, hy);
    for (std::size_t i = 0; i < n; ++i) grad[i] = 2.0 * (hy[i] - lambda * unit[i]) / len;
    zero_modes.project(grad);
    // The ratio does not change along v itself: with the energy formula the gradient above has a
    // small component along v (the two estimates of v.Hv differ by order zeta^2); remove it, as
    // OPTIM's secdiag does.
    const double along = dot(grad, unit);
    for (std::size_t i = 0; i < n; ++i) grad[i] -= along * unit[i];
    return lambda;
  };
  Lbfgs lbfgs(options_.lbfgs());
  const MinimizeResult r = lbfgs.minimize(ratio, y);
  zero_modes.project(y);
  norm = std::sqrt(dot(y, y));
  for (double& v : y) v /= norm;
  Eigenpair pair;
  pair.value = r.energy;
  pair.vector = std::move(y);
  pair.iterations = r.iterations;
  pair.converged = r.converged();
  return pair;
}

}  // namespace landscape::optim

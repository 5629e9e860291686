#include "common/optimize/lbfgs.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "common/potentials/potential.hpp"

namespace landscape {

std::optional<std::string> LbfgsOptions::validate() const {
  // Written as !(x > 0) etc. so that NaN is rejected as well.
  if (memory < 1) return fmt::format("memory = {}: must be at least 1", memory);
  if (!(dguess > 0.0) || !std::isfinite(dguess))
    return fmt::format("dguess = {}: must be positive and finite", dguess);
  if (!(max_step > 0.0) || !std::isfinite(max_step))
    return fmt::format("max_step = {}: must be positive and finite", max_step);
  if (!(max_rise >= 0.0)) return fmt::format("max_rise = {}: must be non-negative", max_rise);
  if (!(rms_tolerance >= 0.0))
    return fmt::format("rms_tolerance = {}: must be non-negative", rms_tolerance);
  if (max_iterations < 0)
    return fmt::format("max_iterations = {}: must be non-negative", max_iterations);
  if (max_step_cuts < 0)
    return fmt::format("max_step_cuts = {}: must be non-negative", max_step_cuts);
  if (max_resets < 0) return fmt::format("max_resets = {}: must be non-negative", max_resets);
  return std::nullopt;
}

Lbfgs::Lbfgs(LbfgsOptions options) : options_(options) {}

namespace {

// Four independent partial sums: a single running sum is bound by the latency of the additions,
// and these dot products are most of the optimiser's own cost. The order is fixed, so results
// stay deterministic.
double dot(const double* a, const double* b, std::size_t n) {
  double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  std::size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    s0 += a[i] * b[i];
    s1 += a[i + 1] * b[i + 1];
    s2 += a[i + 2] * b[i + 2];
    s3 += a[i + 3] * b[i + 3];
  }
  for (; i < n; ++i) s0 += a[i] * b[i];
  return (s0 + s1) + (s2 + s3);
}

double rms_of(const std::vector<double>& g) {
  return g.empty() ? 0.0
                   : std::sqrt(dot(g.data(), g.data(), g.size()) / static_cast<double>(g.size()));
}

/// How the minimisation ends at a point of energy e and RMS gradient rms, if it ends there.
std::optional<MinimizeStatus> stop_status(const LbfgsOptions& opt, double e, double rms,
                                          int iterations) {
  if (!std::isfinite(e) || !std::isfinite(rms)) return MinimizeStatus::kNonFinite;
  if (rms <= opt.rms_tolerance) return MinimizeStatus::kConverged;
  if (iterations >= opt.max_iterations) return MinimizeStatus::kMaxIterations;
  return std::nullopt;
}

}  // namespace

void Lbfgs::size_work_arrays(std::size_t n) {
  const auto m = static_cast<std::size_t>(options_.memory);
  // resize() only allocates when a call needs more room than an earlier one.
  s_.resize(m * n);
  y_.resize(m * n);
  rho_.resize(m);
  alpha_.resize(m);
  g_.resize(n);
  g_new_.resize(n);
  x_new_.resize(n);
  d_.resize(n);
}

void Lbfgs::search_direction(const Memory& memory, double rms, std::size_t n) {
  const auto m = static_cast<std::size_t>(options_.memory);
  double* d = d_.data();
  const double* g = g_.data();
  if (memory.stored == 0) {
    // (Re)start: H0 = dguess, and the step scaled by min(|g|, 1/|g|) as mylbfgs does, so its
    // length dguess * min(|g|^2, 1) never exceeds dguess however large the gradient.
    const double gnorm = rms * std::sqrt(static_cast<double>(n));
    const double scale = options_.dguess * std::min(gnorm, 1.0 / gnorm);
    for (std::size_t i = 0; i < n; ++i) d[i] = -scale * g[i];
  } else {
    // Nocedal's two-loop recursion, newest pair first, then oldest first.
    std::copy(g, g + n, d);
    for (std::size_t k = 0; k < memory.stored; ++k) {
      const std::size_t slot = (memory.next + m - 1 - k) % m;
      const double a = rho_[slot] * dot(&s_[slot * n], d, n);
      alpha_[slot] = a;
      const double* y = &y_[slot * n];
      for (std::size_t i = 0; i < n; ++i) d[i] -= a * y[i];
    }
    for (std::size_t i = 0; i < n; ++i) d[i] *= memory.h0;
    for (std::size_t k = memory.stored; k-- > 0;) {
      const std::size_t slot = (memory.next + m - 1 - k) % m;
      const double b = rho_[slot] * dot(&y_[slot * n], d, n);
      const double c = alpha_[slot] - b;
      const double* s = &s_[slot * n];
      for (std::size_t i = 0; i < n; ++i) d[i] += c * s[i];
    }
    for (std::size_t i = 0; i < n; ++i) d[i] = -d[i];
  }
  // An uphill direction (possible after a negative-curvature update) is reversed.
  if (dot(d, g, n) > 0.0)
    for (std::size_t i = 0; i < n; ++i) d[i] = -d[i];
}

template <class Objective>
Lbfgs::Trial Lbfgs::take_step(Objective& f, std::span<const double> x, double e,
                              MinimizeResult& result) {
  const std::size_t n = x.size();
  const double* d = d_.data();
  const double dnorm = std::sqrt(dot(d, d, n));
  double factor = dnorm > options_.max_step ? options_.max_step / dnorm : 1.0;
  // No line search: take the step unless the energy rises by more than max_rise, in which
  // case the step is divided by 10 and retried, at most max_step_cuts times.
  for (int cut = 0; cut <= options_.max_step_cuts; ++cut) {
    for (std::size_t i = 0; i < n; ++i) x_new_[i] = x[i] + factor * d[i];
    const double e_new = f(std::span<const double>(x_new_), std::span<double>(g_new_));
    ++result.evaluations;
    const double rms_new = rms_of(g_new_);
    if (!std::isfinite(e_new) || !std::isfinite(rms_new)) return {StepOutcome::kNonFinite};
    if (e_new - e <= options_.max_rise) return {StepOutcome::kAccepted, e_new, rms_new};
    factor /= 10.0;
  }
  return {StepOutcome::kRejected};
}

void Lbfgs::store_pair(std::span<const double> x, Memory& memory) {
  const std::size_t n = x.size();
  const auto m = static_cast<std::size_t>(options_.memory);
  double* s = &s_[memory.next * n];
  double* y = &y_[memory.next * n];
  for (std::size_t i = 0; i < n; ++i) {
    s[i] = x_new_[i] - x[i];
    y[i] = g_new_[i] - g_[i];
  }
  double ys = dot(y, s, n);
  double yy = dot(y, y, n);
  // mylbfgs guards these the same way: a zero product would otherwise divide by zero.
  if (ys == 0.0) ys = 1.0;
  if (yy == 0.0) yy = 1.0;
  rho_[memory.next] = 1.0 / ys;
  memory.h0 = ys / yy;
  memory.next = (memory.next + 1) % m;
  memory.stored = std::min(memory.stored + 1, m);
}

template <class Objective>
MinimizeResult Lbfgs::run(Objective& f, std::span<double> x) {
  // Phase: check the options and size the work arrays
  if (auto error = options_.validate()) throw std::invalid_argument("LbfgsOptions: " + *error);
  const std::size_t n = x.size();
  size_work_arrays(n);

  // Phase: the starting point
  MinimizeResult result;
  double e = f(std::span<const double>(x.data(), n), std::span<double>(g_));
  result.evaluations = 1;
  double rms = rms_of(g_);
  Memory memory{0, 0, options_.dguess};
  int resets = 0;

  for (;;) {
    // Phase: stop when converged, at the iteration limit or on a non-finite point
    result.energy = e;
    result.rms_gradient = rms;
    if (const std::optional<MinimizeStatus> stop =
            stop_status(options_, e, rms, result.iterations)) {
      result.status = *stop;
      return result;
    }

    // Phase: step along the L-BFGS direction
    search_direction(memory, rms, n);
    const Trial trial = take_step(f, x, e, result);
    if (trial.outcome == StepOutcome::kNonFinite) {
      // x still holds the last accepted point, whose energy and rms are in result.
      result.status = MinimizeStatus::kNonFinite;
      return result;
    }
    if (trial.outcome == StepOutcome::kRejected) {
      // Restart from the previous point with an empty memory.
      if (++resets > options_.max_resets) {
        result.status = MinimizeStatus::kStepFailure;
        return result;
      }
      memory.stored = 0;
      memory.next = 0;
      continue;
    }

    // Phase: remember the step and move to its end
    store_pair(x, memory);
    std::copy(x_new_.begin(), x_new_.end(), x.begin());
    std::swap(g_, g_new_);
    e = trial.energy;
    rms = trial.rms;
    ++result.iterations;
    if (callback_) callback_(result.iterations, e, rms);
    if (point_callback_) point_callback_(result.iterations, e, x);
  }
}

MinimizeResult Lbfgs::minimize(const GradientFunction& f, std::span<double> x) {
  if (!f) throw std::invalid_argument("Lbfgs::minimize: empty objective function");
  return run(f, x);
}

MinimizeResult Lbfgs::minimize(const Potential& potential, std::span<double> x) {
  if (x.size() != potential.n_dof())
    throw std::invalid_argument(fmt::format(
        "Lbfgs::minimize: {} coordinates for a potential with {}", x.size(), potential.n_dof()));
  auto f = [&potential](std::span<const double> xx, std::span<double> g) {
    return potential.energy_gradient(xx, g);
  };
  return run(f, x);
}

}  // namespace landscape

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

Lbfgs::Lbfgs(LbfgsOptions options) : options_(std::move(options)) {}

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

}  // namespace

template <class Objective>
MinimizeResult Lbfgs::run(Objective& f, std::span<double> x) {
  if (auto error = options_.validate()) throw std::invalid_argument("LbfgsOptions: " + *error);
  const LbfgsOptions& opt = options_;
  const std::size_t n = x.size();
  const auto m = static_cast<std::size_t>(opt.memory);
  // resize() only allocates when a call needs more room than an earlier one.
  s_.resize(m * n);
  y_.resize(m * n);
  rho_.resize(m);
  alpha_.resize(m);
  g_.resize(n);
  g_new_.resize(n);
  x_new_.resize(n);
  d_.resize(n);

  MinimizeResult result;
  double e = f(std::span<const double>(x.data(), n), std::span<double>(g_));
  result.evaluations = 1;
  double rms = rms_of(g_);

  std::size_t stored = 0;  // correction pairs in memory
  std::size_t next = 0;    // slot the next pair goes to (circular buffer)
  double h0 = opt.dguess;  // initial inverse-Hessian diagonal of the two-loop recursion
  int resets = 0;

  for (;;) {
    result.energy = e;
    result.rms_gradient = rms;
    if (!std::isfinite(e) || !std::isfinite(rms)) {
      result.status = MinimizeStatus::kNonFinite;
      return result;
    }
    if (rms <= opt.rms_tolerance) {
      result.status = MinimizeStatus::kConverged;
      return result;
    }
    if (result.iterations >= opt.max_iterations) {
      result.status = MinimizeStatus::kMaxIterations;
      return result;
    }

    double* d = d_.data();
    const double* g = g_.data();
    if (stored == 0) {
      // (Re)start: H0 = dguess, and the step scaled by min(|g|, 1/|g|) as mylbfgs does, so its
      // length dguess * min(|g|^2, 1) never exceeds dguess however large the gradient.
      const double gnorm = rms * std::sqrt(static_cast<double>(n));
      const double scale = opt.dguess * std::min(gnorm, 1.0 / gnorm);
      for (std::size_t i = 0; i < n; ++i) d[i] = -scale * g[i];
    } else {
      // Nocedal's two-loop recursion, newest pair first, then oldest first.
      std::copy(g, g + n, d);
      for (std::size_t k = 0; k < stored; ++k) {
        const std::size_t slot = (next + m - 1 - k) % m;
        const double a = rho_[slot] * dot(&s_[slot * n], d, n);
        alpha_[slot] = a;
        const double* y = &y_[slot * n];
        for (std::size_t i = 0; i < n; ++i) d[i] -= a * y[i];
      }
      for (std::size_t i = 0; i < n; ++i) d[i] *= h0;
      for (std::size_t k = stored; k-- > 0;) {
        const std::size_t slot = (next + m - 1 - k) % m;
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
    const double dnorm = std::sqrt(dot(d, d, n));
    double factor = dnorm > opt.max_step ? opt.max_step / dnorm : 1.0;

    // No line search: take the step unless the energy rises by more than max_rise, in which
    // case the step is divided by 10 and retried, at most max_step_cuts times.
    bool accepted = false;
    double e_new = 0.0, rms_new = 0.0;
    for (int cut = 0; cut <= opt.max_step_cuts; ++cut) {
      for (std::size_t i = 0; i < n; ++i) x_new_[i] = x[i] + factor * d[i];
      e_new = f(std::span<const double>(x_new_), std::span<double>(g_new_));
      ++result.evaluations;
      rms_new = rms_of(g_new_);
      if (!std::isfinite(e_new) || !std::isfinite(rms_new)) {
        // x still holds the last accepted point, whose energy and rms are in result.
        result.status = MinimizeStatus::kNonFinite;
        return result;
      }
      if (e_new - e <= opt.max_rise) {
        accepted = true;
        break;
      }
      factor /= 10.0;
    }
    if (!accepted) {
      // Restart from the previous point with an empty memory.
      if (++resets > opt.max_resets) {
        result.status = MinimizeStatus::kStepFailure;
        return result;
      }
      stored = 0;
      next = 0;
      continue;
    }

    // Store the correction pair s = x_new - x, y = g_new - g and update H0 = y's / y'y.
    double* s = &s_[next * n];
    double* y = &y_[next * n];
    for (std::size_t i = 0; i < n; ++i) {
      s[i] = x_new_[i] - x[i];
      y[i] = g_new_[i] - g[i];
    }
    double ys = dot(y, s, n);
    double yy = dot(y, y, n);
    // mylbfgs guards these the same way: a zero product would otherwise divide by zero.
    if (ys == 0.0) ys = 1.0;
    if (yy == 0.0) yy = 1.0;
    rho_[next] = 1.0 / ys;
    h0 = ys / yy;
    next = (next + 1) % m;
    stored = std::min(stored + 1, m);

    std::copy(x_new_.begin(), x_new_.end(), x.begin());
    std::swap(g_, g_new_);
    e = e_new;
    rms = rms_new;
    ++result.iterations;
    if (callback_) callback_(result.iterations, e, rms);
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

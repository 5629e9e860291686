#include "optim/hybrid_eigenvector_following.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "common/potentials/potential.hpp"

namespace landscape::optim {
namespace {

double dot(std::span<const double> a, std::span<const double> b) {
  double s = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

double rms_of(std::span<const double> g) {
  return g.empty() ? 0.0 : std::sqrt(dot(g, g) / static_cast<double>(g.size()));
}

/// The most recent energy+gradient evaluation, so the gradient at the end of a tangent-space
/// minimisation (its last evaluation) is not computed twice.
struct LastEvaluation {
  std::vector<double> x, g;
  double energy = 0.0;
  bool valid = false;
};

}  // namespace

std::string_view to_string(HefStatus status) {
  switch (status) {
    case HefStatus::kConverged: return "converged";
    case HefStatus::kWrongIndex: return "wrong Hessian index";
    case HefStatus::kMaxSteps: return "step limit reached";
    case HefStatus::kNonFinite: return "non-finite energy or gradient";
  }
  return "unknown";
}

HybridEigenvectorFollowing::HybridEigenvectorFollowing(const Potential& potential,
                                                       HefOptions options, bool cluster)
    : potential_(potential), options_(std::move(options)), cluster_(cluster) {}

HefResult HybridEigenvectorFollowing::run(std::span<const double> x0,
                                          std::span<const double> guess) {
  const std::size_t n = potential_.n_dof();
  if (x0.size() != n || guess.size() != n)
    throw std::invalid_argument("HybridEigenvectorFollowing::run: wrong number of coordinates");
  const HefOptions& opt = options_;
  const RayleighRitz eigen_solver(potential_, opt.eigen);

  HefResult result;
  result.x.assign(x0.begin(), x0.end());
  std::vector<double>& x = result.x;
  std::vector<double> v(guess.begin(), guess.end());
  std::vector<double> g(n), gp(n);
  LastEvaluation last;
  auto evaluate = [&](std::span<const double> at, std::span<double> grad) {
    const double e = potential_.energy_gradient(at, grad);
    last.x.assign(at.begin(), at.end());
    last.g.assign(grad.begin(), grad.end());
    last.energy = e;
    last.valid = true;
    return e;
  };
  double energy = evaluate(x, g);
  double step_limit = opt.max_step;
  bool have_previous = false;
  bool eigenvector_converged = false;

  for (int step = 1;; ++step) {
    const ZeroModes zero_modes = cluster_ ? ZeroModes(x) : ZeroModes();
    std::vector<double> previous = v;
    Eigenpair pair = eigen_solver.lowest(x, v, zero_modes, g);
    result.eigen_iterations += pair.iterations;
    const double overlap = have_previous ? std::abs(dot(pair.vector, previous)) : 0.0;
    have_previous = true;
    eigenvector_converged = overlap > opt.overlap_converged;
    v = pair.vector;
    const double lambda = pair.value;

    std::copy(g.begin(), g.end(), gp.begin());
    zero_modes.project(gp);
    const double force = dot(gp, v);
    const double rms = rms_of(g);
    result.energy = energy;
    result.rms = rms;
    result.eigen = pair;
    if (!std::isfinite(energy) || !std::isfinite(rms) || !std::isfinite(lambda)) {
      result.status = HefStatus::kNonFinite;
      return result;
    }
    const double unscaled = lambda < 0.0 ? std::abs(force / lambda) : std::numeric_limits<double>::infinity();
    if (lambda < 0.0 && rms <= opt.converge_rms && unscaled <= opt.converge_step) {
      result.status = HefStatus::kConverged;
      break;
    }
    if (step > opt.max_steps) {
      result.status = HefStatus::kMaxSteps;
      return result;
    }
    result.steps = step;

    // Uphill along v.
    double h;
    if (lambda < 0.0) {
      h = 2.0 * force / (std::abs(lambda) * (1.0 + std::sqrt(1.0 + 4.0 * force * force / (lambda * lambda))));
      if (std::abs(h) > step_limit) h = std::copysign(step_limit, h);
    } else {
      h = std::copysign(opt.max_max, force == 0.0 ? 1.0 : force);
    }
    for (std::size_t i = 0; i < n; ++i) x[i] += h * v[i];

    // Energy minimisation in the space orthogonal to v (and to the zero modes).
    bool first_call = true;
    double uphill_force = 0.0;  // g.v just after the uphill step
    std::vector<double> full(n);
    auto tangent = [&](std::span<const double> at, std::span<double> grad) -> double {
      const double e = evaluate(at, full);
      const double along = dot(full, v);
      if (first_call) {
        uphill_force = along;
        first_call = false;
      }
      for (std::size_t i = 0; i < n; ++i) grad[i] = full[i] - along * v[i];
      zero_modes.project(grad);
      return e;
    };
    // The longer tangent-space budget only once the eigenvector has settled on a negative mode
    // (and never on the first step, whose eigenvector has nothing to be compared with).
    const bool settled = eigenvector_converged && lambda < 0.0;
    LbfgsOptions lo = opt.tangent;
    lo.max_iterations = settled ? opt.ncgmax2 : opt.ncgmax1;
    lo.rms_tolerance = std::min(opt.tangent_rms, opt.converge_rms);
    Lbfgs lbfgs(lo);
    const MinimizeResult tr = lbfgs.minimize(tangent, x);
    result.tangent_iterations += tr.iterations;

    // Trust ratio of the uphill step, as OPTIM does it: the change of the gradient along v over
    // the step should be lambda * h; compare either sign of the new component (v's sign is
    // arbitrary) and shrink the largest step when the quadratic model is off by more than TRAD.
    if (lambda < 0.0 && h != 0.0) {
      const double expected = h * lambda;
      const double deviation = std::min(std::abs(1.0 - (uphill_force - force) / expected),
                                        std::abs(1.0 - (-uphill_force - force) / expected));
      if (deviation > opt.trust_ratio) step_limit = std::max(opt.min_max, step_limit / 1.1);
      else step_limit = std::min(opt.max_max, step_limit * 1.1);
    }

    if (last.valid && std::equal(last.x.begin(), last.x.end(), x.begin())) {
      energy = last.energy;
      g = last.g;
    } else {
      energy = evaluate(x, g);
    }
    if (callback_)
      callback_({step, energy, rms_of(g), lambda, overlap, h, step_limit, pair.iterations, tr.iterations});
  }

  if (opt.check_index) {
    const std::size_t n_zero = cluster_ ? ZeroModes(x).count() : 0;
    result.modes = normal_modes(hessian_at(potential_, x, opt.numerical_hessian), n, n_zero);
    if (result.modes.n_negative != 1) result.status = HefStatus::kWrongIndex;
  }
  return result;
}

}  // namespace landscape::optim

#include "optim/hybrid_eigenvector_following.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "common/linalg/vector_ops.hpp"
#include "common/optimize/option_rules.hpp"
#include "common/potentials/potential.hpp"

namespace landscape::optim {
namespace {

/// The most recent energy+gradient evaluation, so the gradient at the end of a tangent-space
/// minimisation (its last evaluation) is not computed twice.
struct LastEvaluation {
  std::vector<double> x, g;
  double energy = 0.0;
  bool valid = false;
};

/// One search from a start point: the geometry and gradient, the followed eigenvector and the
/// largest uphill step, moved step by step.
class Search {
 public:
  Search(const Potential& potential, const HefOptions& options, bool cluster,
         std::span<const double> x0, std::span<const double> guess)
      : potential_(potential),
        opt_(options),
        cluster_(cluster),
        eigen_solver_(potential, options.eigen),
        n_(potential.n_dof()),
        v_(guess.begin(), guess.end()),
        g_(n_),
        gp_(n_),
        full_(n_),
        step_limit_(options.max_step) {
    if (x0.size() != n_ || guess.size() != n_)
      throw std::invalid_argument("HybridEigenvectorFollowing::run: wrong number of coordinates");
    result_.x.assign(x0.begin(), x0.end());
  }

  HefResult run(const std::function<void(const HefStep&)>& callback) {
    std::vector<double>& x = result_.x;
    energy_ = evaluate(x, g_);
    for (int step = 1;; ++step) {
      // Phase: the lowest eigenpair at x, from the previous eigenvector
      const ZeroModes zero_modes = cluster_ ? ZeroModes(x, !potential_.periodic()) : ZeroModes();
      const Eigenpair pair = lowest_eigenpair(zero_modes);
      const double lambda = pair.value;

      // Phase: stop when converged, on a non-finite point or out of steps
      std::copy(g_.begin(), g_.end(), gp_.begin());
      zero_modes.project(gp_);
      const double force = dot(gp_, v_);
      const double rms = rms_of(g_);
      result_.energy = energy_;
      result_.rms = rms;
      result_.eigen = pair;
      if (const std::optional<HefStatus> stop = stop_status(lambda, force, rms, step)) {
        result_.status = *stop;
        if (*stop != HefStatus::kConverged) return std::move(result_);
        break;
      }
      result_.steps = step;

      // Phase: uphill along v, then down in the space orthogonal to it
      const double h = uphill(force, lambda);
      double uphill_force = 0.0;  // g.v just after the uphill step
      // The longer tangent-space budget only once the eigenvector has settled on a negative mode
      // (and never on the first step, whose eigenvector has nothing to be compared with).
      const MinimizeResult tr =
          minimise_tangent_space(zero_modes, eigenvector_converged_ && lambda < 0.0, uphill_force);
      result_.tangent_iterations += tr.iterations;
      adapt_step_limit(lambda, h, force, uphill_force);

      // Phase: the energy and gradient at the new point
      refresh_gradient();
      if (callback)
        callback({step, energy_, rms_of(g_), lambda, overlap_, h, step_limit_, pair.iterations,
                  tr.iterations, x});
    }

    // Phase: the Hessian index of the converged point
    if (opt_.check_index) {
      const std::size_t n_zero = cluster_ ? ZeroModes(x, !potential_.periodic()).count() : 0;
      const std::vector<double> h = hessian_at(potential_, x, opt_.numerical_hessian);
      if (!std::all_of(h.begin(), h.end(), [](double v) { return std::isfinite(v); })) {
        result_.status = HefStatus::kNonFinite;  // no index to check: a status, not an abort
        return std::move(result_);
      }
      result_.modes = normal_modes(h, n_, n_zero);
      result_.index_checked = true;
      if (result_.modes.n_negative != 1) result_.status = HefStatus::kWrongIndex;
    }
    return std::move(result_);
  }

 private:
  double evaluate(std::span<const double> at, std::span<double> grad) {
    const double e = potential_.energy_gradient(at, grad);
    last_.x.assign(at.begin(), at.end());
    last_.g.assign(grad.begin(), grad.end());
    last_.energy = e;
    last_.valid = true;
    return e;
  }

  /// The lowest eigenpair at x; v_ becomes its vector, overlap_ its overlap with the previous one.
  Eigenpair lowest_eigenpair(const ZeroModes& zero_modes) {
    std::vector<double> previous = v_;
    Eigenpair pair = eigen_solver_.lowest(result_.x, v_, zero_modes, g_);
    result_.eigen_iterations += pair.iterations;
    overlap_ = have_previous_ ? std::abs(dot(pair.vector, previous)) : 0.0;
    have_previous_ = true;
    eigenvector_converged_ = overlap_ > opt_.overlap_converged;
    v_ = pair.vector;
    return pair;
  }

  /// How the search ends at the current point, if it ends there.
  std::optional<HefStatus> stop_status(double lambda, double force, double rms, int step) const {
    if (!std::isfinite(energy_) || !std::isfinite(rms) || !std::isfinite(lambda))
      return HefStatus::kNonFinite;
    const double unscaled =
        lambda < 0.0 ? std::abs(force / lambda) : std::numeric_limits<double>::infinity();
    if (lambda < 0.0 && rms <= opt_.converge_rms && unscaled <= opt_.converge_step)
      return HefStatus::kConverged;
    if (step > opt_.max_steps) return HefStatus::kMaxSteps;
    return std::nullopt;
  }

  /// Moves x uphill along v and returns the signed step length.
  double uphill(double force, double lambda) {
    double h;
    if (lambda < 0.0) {
      h = 2.0 * force /
          (std::abs(lambda) * (1.0 + std::sqrt(1.0 + 4.0 * force * force / (lambda * lambda))));
      if (std::abs(h) > step_limit_) h = std::copysign(step_limit_, h);
    } else {
      h = std::copysign(opt_.max_max, force == 0.0 ? 1.0 : force);
    }
    for (std::size_t i = 0; i < n_; ++i) result_.x[i] += h * v_[i];
    return h;
  }

  /// Energy minimisation in the space orthogonal to v (and to the zero modes); uphill_force gets
  /// g.v at its first point, just after the uphill step.
  MinimizeResult minimise_tangent_space(const ZeroModes& zero_modes, bool settled,
                                        double& uphill_force) {
    bool first_call = true;
    auto tangent = [&](std::span<const double> at, std::span<double> grad) -> double {
      const double e = evaluate(at, full_);
      const double along = dot(full_, v_);
      if (first_call) {
        uphill_force = along;
        first_call = false;
      }
      for (std::size_t i = 0; i < n_; ++i) grad[i] = full_[i] - along * v_[i];
      zero_modes.project(grad);
      return e;
    };
    LbfgsOptions lo = opt_.tangent;
    lo.max_iterations = settled ? opt_.ncgmax2 : opt_.ncgmax1;
    lo.rms_tolerance = std::min(opt_.tangent_rms, opt_.converge_rms);
    Lbfgs lbfgs(lo);
    return lbfgs.minimize(tangent, result_.x);
  }

  /// Trust ratio of the uphill step h, as OPTIM does it: the change of the gradient along v over
  /// the step should be lambda * h; compare either sign of the new component (v's sign is
  /// arbitrary) and shrink the largest step when the quadratic model is off by more than TRAD.
  void adapt_step_limit(double lambda, double h, double force, double uphill_force) {
    if (!(lambda < 0.0 && h != 0.0)) return;
    const double expected = h * lambda;
    const double deviation = std::min(std::abs(1.0 - (uphill_force - force) / expected),
                                      std::abs(1.0 - (-uphill_force - force) / expected));
    if (deviation > opt_.trust_ratio)
      step_limit_ = std::max(opt_.min_max, step_limit_ / 1.1);
    else
      step_limit_ = std::min(opt_.max_max, step_limit_ * 1.1);
  }

  /// energy_ and g_ at x: the last evaluation's when it was there.
  void refresh_gradient() {
    const std::vector<double>& x = result_.x;
    if (last_.valid && std::equal(last_.x.begin(), last_.x.end(), x.begin())) {
      energy_ = last_.energy;
      g_ = last_.g;
    } else {
      energy_ = evaluate(x, g_);
    }
  }

  const Potential& potential_;
  const HefOptions& opt_;
  bool cluster_;
  const RayleighRitz eigen_solver_;
  std::size_t n_;
  HefResult result_;       ///< x is the current geometry
  std::vector<double> v_;  ///< the followed eigenvector
  std::vector<double> g_, gp_, full_;
  LastEvaluation last_;
  double energy_ = 0.0;
  double step_limit_;  ///< the largest uphill step in force
  double overlap_ = 0.0;
  bool have_previous_ = false;
  bool eigenvector_converged_ = false;
};

}  // namespace

std::string_view to_string(HefStatus status) {
  static constexpr std::array<std::string_view, 4> kNames = {
      "converged", "wrong Hessian index", "step limit reached", "non-finite energy or gradient"};
  return kNames.at(static_cast<std::size_t>(status));
}

std::optional<std::string> HefOptions::validate() const {
  return first_broken(
      {at_least("max_steps", max_steps, 0), nested("eigen", eigen.validate()),
       at_least("ncgmax1", ncgmax1, 0), at_least("ncgmax2", ncgmax2, 0),
       non_negative("tangent_rms", tangent_rms), nested("tangent", tangent.validate()),
       positive_finite("max_step", max_step), positive_finite("max_max", max_max),
       between("min_max", min_max, 0.0, max_max), non_negative("trust_ratio", trust_ratio),
       non_negative("converge_step", converge_step), non_negative("converge_rms", converge_rms),
       between("overlap_converged", overlap_converged, 0.0, 1.0)});
}

std::string HefResult::report() const {
  if (converged())
    return fmt::format("transition state after {} steps: E= {:.10f} lambda= {:.6e}", steps, energy,
                       eigen.value);
  if (status == HefStatus::kWrongIndex)
    return fmt::format(
        "converged after {} steps to E= {:.10f} with {} negative Hessian eigenvalues: not a "
        "transition state",
        steps, energy, modes.n_negative);
  return fmt::format("no transition state ({}) after {} steps", to_string(status), steps);
}

std::string HefResult::summary() const {
  // The eigenvalue and RMS gradient where the search stopped say how far it was from converging.
  const std::string where =
      fmt::format("E= {:.10f} RMS= {:.3e} lambda= {:.6e}", energy, rms, eigen.value);
  if (status == HefStatus::kWrongIndex)
    return fmt::format(
        "converged after {} steps to E= {:.10f}, but its Hessian has {} negative eigenvalues: not "
        "a transition state",
        steps, energy, modes.n_negative);
  if (!converged())
    return fmt::format("no transition state ({}) after {} steps: {}", to_string(status), steps,
                       where);
  return fmt::format("transition state after {} steps: {}, one negative Hessian eigenvalue{}",
                     steps, where, index_checked ? "" : " (index not checked: NOINDEX)");
}

HybridEigenvectorFollowing::HybridEigenvectorFollowing(const Potential& potential,
                                                       HefOptions options, bool cluster)
    : potential_(potential), options_(options), cluster_(cluster) {
  require_valid("HefOptions", options_.validate());
}

HefResult HybridEigenvectorFollowing::run(std::span<const double> x0,
                                          std::span<const double> guess) {
  Search search(potential_, options_, cluster_, x0, guess);
  return search.run(callback_);
}

}  // namespace landscape::optim

#pragma once
// A potential that goes bad: it evaluates the wrapped potential for a number of calls, then returns
// a non-finite value (NaN or Inf) as the energy and in every gradient and Hessian entry. With
// hessian_only the energy and gradient stay good and only the Hessian goes bad (from the first
// Hessian evaluation after `good_calls`). For the tests of numerical faults.
#include <span>
#include <string>

#include "common/potentials/potential.hpp"

namespace landscape::testing {

class FaultyPotential final : public Potential {
 public:
  FaultyPotential(const Potential& inner, long good_calls, double bad, bool hessian_only = false)
      : inner_(inner), good_calls_(good_calls), bad_(bad), hessian_only_(hessian_only) {}

  std::size_t n_dof() const override { return inner_.n_dof(); }
  std::string name() const override { return "faulty " + inner_.name(); }
  std::size_t n_atoms() const override { return inner_.n_atoms(); }
  bool periodic() const override { return inner_.periodic(); }
  bool has_analytic_hessian() const override { return inner_.has_analytic_hessian(); }

  double energy(std::span<const double> x) const override {
    return gone_bad(false) ? bad_ : inner_.energy(x);
  }
  double energy_gradient(std::span<const double> x, std::span<double> grad) const override {
    const double e = inner_.energy_gradient(x, grad);
    if (!gone_bad(false)) return e;
    for (double& g : grad) g = bad_;
    return bad_;
  }
  double energy_gradient_hessian(std::span<const double> x, std::span<double> grad,
                                 std::span<double> hess) const override {
    const double e = inner_.energy_gradient_hessian(x, grad, hess);
    if (!gone_bad(true)) return e;
    for (double& h : hess) h = bad_;
    if (hessian_only_) return e;
    for (double& g : grad) g = bad_;
    return bad_;
  }

  /// Evaluations so far.
  long calls() const { return calls_; }

 private:
  bool gone_bad(bool hessian) const {
    const long k = calls_++;
    if (hessian_only_ && !hessian) return false;
    return k >= good_calls_;
  }

  const Potential& inner_;
  long good_calls_;
  double bad_;
  bool hessian_only_;
  mutable long calls_ = 0;
};

}  // namespace landscape::testing

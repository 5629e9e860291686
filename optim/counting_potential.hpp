#pragma once
// A potential that counts the calls made to another one, so that a run can report its cost in
// gradient evaluations (the currency in which OPTIM's searches are compared).

#include <cstddef>

#include "common/potentials/potential.hpp"

namespace landscape::optim {

/// Calls made through a CountingPotential.
struct EvaluationCounts {
  std::size_t energy = 0;    ///< energy only
  std::size_t gradient = 0;  ///< energy and gradient
  std::size_t hessian = 0;   ///< energy, gradient and Hessian
};

/// Forwards every call to `inner` and counts it. Not thread-safe (optim evaluates serially).
class CountingPotential final : public Potential {
 public:
  explicit CountingPotential(const Potential& inner) : inner_(inner) {}

  std::size_t n_dof() const override { return inner_.n_dof(); }
  std::string name() const override { return inner_.name(); }
  std::size_t n_atoms() const override { return inner_.n_atoms(); }
  bool has_analytic_hessian() const override { return inner_.has_analytic_hessian(); }
  bool periodic() const override { return inner_.periodic(); }
  double energy(std::span<const double> x) const override {
    ++counts_.energy;
    return inner_.energy(x);
  }
  double energy_gradient(std::span<const double> x, std::span<double> grad) const override {
    ++counts_.gradient;
    return inner_.energy_gradient(x, grad);
  }
  double energy_gradient_hessian(std::span<const double> x, std::span<double> grad,
                                 std::span<double> hess) const override {
    ++counts_.hessian;
    return inner_.energy_gradient_hessian(x, grad, hess);
  }

  const EvaluationCounts& counts() const { return counts_; }
  void reset() { counts_ = {}; }

 private:
  const Potential& inner_;
  mutable EvaluationCounts counts_;
};

}  // namespace landscape::optim

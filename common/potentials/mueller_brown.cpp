#include "common/potentials/mueller_brown.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace landscape {
namespace {

struct Term {
  double amplitude, a, b, c, x0, y0;
};

constexpr std::array<Term, 4> kTerms = {{
    {-200.0, -1.0, 0.0, -10.0, 1.0, 0.0},
    {-100.0, -1.0, 0.0, -10.0, 0.0, 0.5},
    {-170.0, -6.5, 11.0, -6.5, -0.5, 1.5},
    {15.0, 0.7, 0.6, 0.7, -1.0, 1.0},
}};

void check_size(const char* what, std::size_t got, std::size_t expected) {
  if (got != expected)
    throw std::invalid_argument(
        fmt::format("MuellerBrown::{}: array of size {}, expected {}", what, got, expected));
}

}  // namespace

double MuellerBrown::evaluate(std::span<const double> x, std::span<double> grad,
                              std::span<double> hess) const {
  check_size("x", x.size(), 2);
  double e = 0.0, gx = 0.0, gy = 0.0, hxx = 0.0, hxy = 0.0, hyy = 0.0;
  for (const Term& t : kTerms) {
    const double dx = x[0] - t.x0, dy = x[1] - t.y0;
    const double v = t.amplitude * std::exp(t.a * dx * dx + t.b * dx * dy + t.c * dy * dy);
    // First derivatives of the exponent q; its second derivatives are the constants 2a, b, 2c.
    const double qx = 2.0 * t.a * dx + t.b * dy;
    const double qy = t.b * dx + 2.0 * t.c * dy;
    e += v;
    gx += v * qx;
    gy += v * qy;
    hxx += v * (qx * qx + 2.0 * t.a);
    hxy += v * (qx * qy + t.b);
    hyy += v * (qy * qy + 2.0 * t.c);
  }
  if (!grad.empty()) {
    grad[0] = gx;
    grad[1] = gy;
  }
  if (!hess.empty()) {
    hess[0] = hxx;
    hess[1] = hxy;
    hess[2] = hxy;
    hess[3] = hyy;
  }
  return e;
}

double MuellerBrown::energy(std::span<const double> x) const { return evaluate(x, {}, {}); }

double MuellerBrown::energy_gradient(std::span<const double> x, std::span<double> grad) const {
  check_size("energy_gradient (grad)", grad.size(), 2);
  return evaluate(x, grad, {});
}

double MuellerBrown::energy_gradient_hessian(std::span<const double> x, std::span<double> grad,
                                             std::span<double> hess) const {
  check_size("energy_gradient_hessian (grad)", grad.size(), 2);
  check_size("energy_gradient_hessian (hess)", hess.size(), 4);
  return evaluate(x, grad, hess);
}

}  // namespace landscape

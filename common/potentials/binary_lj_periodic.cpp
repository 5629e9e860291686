#include "common/potentials/binary_lj_periodic.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace landscape {

double BinaryLjParameters::largest_cutoff_radius() const {
  return cutoff * std::max({1.0, sigma_ab, sigma_bb});
}

std::string BinaryLjParameters::problem(std::size_t n_atoms) const {
  if (n_a > n_atoms) return fmt::format("ntypea {} is more than the {} atoms", n_a, n_atoms);
  if (!(eps_ab > 0.0) || !(eps_bb > 0.0))
    return fmt::format("epsab {:g} and epsbb {:g} must be positive", eps_ab, eps_bb);
  if (!(sigma_ab > 0.0) || !(sigma_bb > 0.0))
    return fmt::format("sigmaab {:g} and sigmabb {:g} must be positive", sigma_ab, sigma_bb);
  for (int k = 0; k < 3; ++k)
    if (!(box[k] > 0.0) || !std::isfinite(box[k]))
      return fmt::format("box length {} ({:g}) must be positive", "xyz"[k], box[k]);
  if (!(cutoff > 0.0) || !std::isfinite(cutoff))
    return fmt::format("the cut-off {:g} must be positive", cutoff);
  const double half = 0.5 * std::min({box[0], box[1], box[2]});
  const double rc = largest_cutoff_radius();
  if (rc > half)
    return fmt::format(
        "the largest cut-off radius {:g} (cutoff {:g} x sigma {:g}) is more than half the smallest "
        "box length ({:g}): the minimum image convention would miss interactions (the cut-off "
        "may be at most {:g})",
        rc, cutoff, rc / cutoff, half, half / (rc / cutoff));
  return {};
}

BinaryLennardJonesPeriodic::BinaryLennardJonesPeriodic(std::size_t n_atoms,
                                                       const BinaryLjParameters& parameters)
    : n_atoms_(n_atoms), p_(parameters) {
  if (const std::string why = p_.problem(n_atoms); !why.empty())
    throw std::invalid_argument("periodic binary Lennard-Jones: " + why);
  const double eps[3] = {1.0, p_.eps_ab, p_.eps_bb};
  const double sigma[3] = {1.0, p_.sigma_ab, p_.sigma_bb};
  // s = sigma / r_c = 1 / cutoff for every pair type.
  const double s6 = std::pow(p_.cutoff, -6.0), s12 = s6 * s6;
  for (int t = 0; t < 3; ++t) {
    PairLaw& l = laws_[t];
    const double rc = p_.cutoff * sigma[t];
    l.eps4 = 4.0 * eps[t];
    l.sig6 = std::pow(sigma[t], 6.0);
    l.sig12 = l.sig6 * l.sig6;
    l.c0 = 4.0 * s6 - 7.0 * s12;
    l.c2 = (6.0 * s12 - 3.0 * s6) / (rc * rc);
    l.rc2 = rc * rc;
  }
}

namespace {

void check_size(const char* what, std::size_t got, std::size_t expected) {
  if (got != expected)
    throw std::invalid_argument(fmt::format(
        "BinaryLennardJonesPeriodic::{}: array of size {}, expected {}", what, got, expected));
}

}  // namespace

void BinaryLennardJonesPeriodic::separation(std::span<const double> x, std::size_t i, std::size_t j,
                                            double d[3]) const {
  for (std::size_t a = 0; a < 3; ++a) d[a] = minimum_image(x[3 * i + a] - x[3 * j + a], p_.box[a]);
}

double BinaryLennardJonesPeriodic::pair_energy(int a, int b, double r) const {
  const PairLaw& l = laws_[(a == 0 ? 0 : 1) + (b == 0 ? 0 : 1)];
  const double r2 = r * r;
  if (!(r2 < l.rc2)) return 0.0;
  const double ir6 = 1.0 / (r2 * r2 * r2);
  return l.eps4 * (l.sig12 * ir6 * ir6 - l.sig6 * ir6 + l.c2 * r2 + l.c0);
}

// With ir2 = 1/r^2 and ir6 = r^-6, for r below the cut-off:
//   V           = 4 eps (sig12 ir6^2 - sig6 ir6 + c2 r^2 + c0)
//   g = V'/r    = 4 eps (-12 sig12 ir6^2 ir2 + 6 sig6 ir6 ir2 + 2 c2)
//   h = g'/r    = 4 eps (168 sig12 ir6^2 ir2^2 - 48 sig6 ir6 ir2^2)
// so that the Hessian block of a pair is H_ab = g delta_ab + h d_a d_b.
double BinaryLennardJonesPeriodic::energy_and_slope(const PairLaw& l, double r2, double& slope) {
  const double ir2 = 1.0 / r2, ir6 = ir2 * ir2 * ir2;
  slope = l.eps4 * (-12.0 * l.sig12 * ir6 * ir6 * ir2 + 6.0 * l.sig6 * ir6 * ir2 + 2.0 * l.c2);
  return l.eps4 * (l.sig12 * ir6 * ir6 - l.sig6 * ir6 + l.c2 * r2 + l.c0);
}

double BinaryLennardJonesPeriodic::energy(std::span<const double> x) const {
  check_size("energy (x)", x.size(), n_dof());
  double e = 0.0;
  for (std::size_t i = 0; i < n_atoms_; ++i)
    for (std::size_t j = i + 1; j < n_atoms_; ++j) {
      const PairLaw& l = law(i, j);
      double d[3];
      separation(x, i, j, d);
      const double r2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
      if (!(r2 < l.rc2)) continue;
      const double ir2 = 1.0 / r2, ir6 = ir2 * ir2 * ir2;
      e += l.eps4 * (l.sig12 * ir6 * ir6 - l.sig6 * ir6 + l.c2 * r2 + l.c0);
    }
  return e;
}

double BinaryLennardJonesPeriodic::energy_gradient(std::span<const double> x,
                                                   std::span<double> grad) const {
  check_size("energy_gradient (x)", x.size(), n_dof());
  check_size("energy_gradient (grad)", grad.size(), n_dof());
  std::fill(grad.begin(), grad.end(), 0.0);
  double e = 0.0;
  for (std::size_t i = 0; i < n_atoms_; ++i)
    for (std::size_t j = i + 1; j < n_atoms_; ++j) {
      const PairLaw& l = law(i, j);
      double d[3];
      separation(x, i, j, d);
      const double r2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
      if (!(r2 < l.rc2)) continue;
      double g;
      e += energy_and_slope(l, r2, g);
      for (std::size_t a = 0; a < 3; ++a) {
        grad[3 * i + a] += g * d[a];
        grad[3 * j + a] -= g * d[a];
      }
    }
  return e;
}

double BinaryLennardJonesPeriodic::energy_gradient_hessian(std::span<const double> x,
                                                           std::span<double> grad,
                                                           std::span<double> hess) const {
  const std::size_t nd = n_dof();
  check_size("energy_gradient_hessian (x)", x.size(), nd);
  check_size("energy_gradient_hessian (grad)", grad.size(), nd);
  check_size("energy_gradient_hessian (hess)", hess.size(), nd * nd);
  std::fill(grad.begin(), grad.end(), 0.0);
  std::fill(hess.begin(), hess.end(), 0.0);
  double e = 0.0;
  for (std::size_t i = 0; i < n_atoms_; ++i)
    for (std::size_t j = i + 1; j < n_atoms_; ++j) {
      const PairLaw& l = law(i, j);
      double d[3];
      separation(x, i, j, d);
      const double r2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
      if (!(r2 < l.rc2)) continue;
      double g;
      e += energy_and_slope(l, r2, g);
      const double ir2 = 1.0 / r2, ir6 = ir2 * ir2 * ir2;
      const double h = l.eps4 * ir2 * ir2 * ir6 * (168.0 * l.sig12 * ir6 - 48.0 * l.sig6);
      for (std::size_t a = 0; a < 3; ++a) {
        grad[3 * i + a] += g * d[a];
        grad[3 * j + a] -= g * d[a];
        for (std::size_t b = 0; b < 3; ++b) {
          const double block = (a == b ? g : 0.0) + h * d[a] * d[b];
          hess[(3 * i + a) * nd + 3 * i + b] += block;
          hess[(3 * j + a) * nd + 3 * j + b] += block;
          hess[(3 * i + a) * nd + 3 * j + b] -= block;
          hess[(3 * j + a) * nd + 3 * i + b] -= block;
        }
      }
    }
  return e;
}

}  // namespace landscape

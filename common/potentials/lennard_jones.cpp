#include "common/potentials/lennard_jones.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace landscape {

// Pair law in terms of ir2 = 1/r^2 and ir6 = r^-6, so that no square root is needed:
//   V(r)            = 4 (r^-12 - r^-6)                 = 4 ir6 (ir6 - 1)
//   g = V'(r)/r     = -48 r^-14 + 24 r^-8              = 24 ir2 ir6 (1 - 2 ir6)
//   h = g'(r)/r     = 672 r^-16 - 192 r^-10            = ir2^2 ir6 (672 ir6 - 192)

double LennardJonesPair::energy(double r2) {
  const double ir2 = 1.0 / r2;
  const double ir6 = ir2 * ir2 * ir2;
  return 4.0 * ir6 * (ir6 - 1.0);
}

double LennardJonesPair::energy_gradient(double r2, double& g) {
  const double ir2 = 1.0 / r2;
  const double ir6 = ir2 * ir2 * ir2;
  g = 24.0 * ir2 * ir6 * (1.0 - 2.0 * ir6);
  return 4.0 * ir6 * (ir6 - 1.0);
}

double LennardJonesPair::energy_gradient_hessian(double r2, double& g, double& h) {
  const double ir2 = 1.0 / r2;
  const double ir6 = ir2 * ir2 * ir2;
  g = 24.0 * ir2 * ir6 * (1.0 - 2.0 * ir6);
  h = ir2 * ir2 * ir6 * (672.0 * ir6 - 192.0);
  return 4.0 * ir6 * (ir6 - 1.0);
}

namespace {

void check_size(const char* what, std::size_t got, std::size_t expected) {
  if (got != expected)
    throw std::invalid_argument(
        fmt::format("LennardJones::{}: array of size {}, expected {}", what, got, expected));
}

}  // namespace

double LennardJones::energy(std::span<const double> x) const {
  check_size("energy (x)", x.size(), n_dof());
  const std::size_t n = n_atoms_;
  const double* p = x.data();
  double e = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double xi = p[3 * i], yi = p[3 * i + 1], zi = p[3 * i + 2];
    for (std::size_t j = i + 1; j < n; ++j) {
      const double dx = xi - p[3 * j], dy = yi - p[3 * j + 1], dz = zi - p[3 * j + 2];
      e += LennardJonesPair::energy(dx * dx + dy * dy + dz * dz);
    }
  }
  return e;
}

// The hot path of basin-hopping. For each atom i the partners j > i are processed in blocks:
// separations into small stack arrays, then the pair law over the block (a loop without
// dependences that the compiler vectorises, divisions included), then the forces, accumulated in
// place. This is about a third faster than one fused loop for LJ38; no allocation, no sqrt.
double LennardJones::energy_gradient(std::span<const double> x, std::span<double> grad) const {
  check_size("energy_gradient (x)", x.size(), n_dof());
  check_size("energy_gradient (grad)", grad.size(), n_dof());
  constexpr std::size_t kBlock = 64;
  const std::size_t n = n_atoms_;
  const double* __restrict p = x.data();
  double* __restrict gr = grad.data();
  std::fill(gr, gr + 3 * n, 0.0);
  alignas(32) double dx[kBlock], dy[kBlock], dz[kBlock], gpair[kBlock];
  double e = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double xi = p[3 * i], yi = p[3 * i + 1], zi = p[3 * i + 2];
    double gxi = 0.0, gyi = 0.0, gzi = 0.0;
    for (std::size_t j0 = i + 1; j0 < n; j0 += kBlock) {
      const std::size_t m = std::min(kBlock, n - j0);
      const double* __restrict q = p + 3 * j0;
      for (std::size_t k = 0; k < m; ++k) {
        dx[k] = xi - q[3 * k];
        dy[k] = yi - q[3 * k + 1];
        dz[k] = zi - q[3 * k + 2];
      }
      double e_block = 0.0;
      for (std::size_t k = 0; k < m; ++k)
        e_block += LennardJonesPair::energy_gradient(dx[k] * dx[k] + dy[k] * dy[k] + dz[k] * dz[k],
                                                     gpair[k]);
      e += e_block;
      double* __restrict h = gr + 3 * j0;
      for (std::size_t k = 0; k < m; ++k) {
        const double fx = gpair[k] * dx[k], fy = gpair[k] * dy[k], fz = gpair[k] * dz[k];
        gxi += fx;
        gyi += fy;
        gzi += fz;
        h[3 * k] -= fx;
        h[3 * k + 1] -= fy;
        h[3 * k + 2] -= fz;
      }
    }
    gr[3 * i] += gxi;
    gr[3 * i + 1] += gyi;
    gr[3 * i + 2] += gzi;
  }
  return e;
}

double LennardJones::energy_gradient_hessian(std::span<const double> x, std::span<double> grad,
                                             std::span<double> hess) const {
  const std::size_t nd = n_dof();
  check_size("energy_gradient_hessian (x)", x.size(), nd);
  check_size("energy_gradient_hessian (grad)", grad.size(), nd);
  check_size("energy_gradient_hessian (hess)", hess.size(), nd * nd);
  const std::size_t n = n_atoms_;
  std::fill(grad.begin(), grad.end(), 0.0);
  std::fill(hess.begin(), hess.end(), 0.0);
  double e = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = i + 1; j < n; ++j) {
      const double d[3] = {x[3 * i] - x[3 * j], x[3 * i + 1] - x[3 * j + 1],
                           x[3 * i + 2] - x[3 * j + 2]};
      double g, h;
      e += LennardJonesPair::energy_gradient_hessian(d[0] * d[0] + d[1] * d[1] + d[2] * d[2], g, h);
      for (std::size_t a = 0; a < 3; ++a) {
        grad[3 * i + a] += g * d[a];
        grad[3 * j + a] -= g * d[a];
        for (std::size_t b = 0; b < 3; ++b) {
          // d2V/dx_ia dx_ib = g delta_ab + h d_a d_b; the (i, j) block is its negative.
          const double block = (a == b ? g : 0.0) + h * d[a] * d[b];
          hess[(3 * i + a) * nd + 3 * i + b] += block;
          hess[(3 * j + a) * nd + 3 * j + b] += block;
          hess[(3 * i + a) * nd + 3 * j + b] -= block;
          hess[(3 * j + a) * nd + 3 * i + b] -= block;
        }
      }
    }
  }
  return e;
}

void LennardJones::atom_energies(std::span<const double> x, std::span<double> e) const {
  check_size("atom_energies (x)", x.size(), n_dof());
  check_size("atom_energies (e)", e.size(), n_atoms_);
  const std::size_t n = n_atoms_;
  std::fill(e.begin(), e.end(), 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = i + 1; j < n; ++j) {
      const double dx = x[3 * i] - x[3 * j], dy = x[3 * i + 1] - x[3 * j + 1],
                   dz = x[3 * i + 2] - x[3 * j + 2];
      const double half = 0.5 * LennardJonesPair::energy(dx * dx + dy * dy + dz * dz);
      e[i] += half;
      e[j] += half;
    }
  }
}

}  // namespace landscape

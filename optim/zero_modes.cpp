#include "optim/zero_modes.hpp"

#include <cmath>

#include "common/geometry/cluster_geometry.hpp"

namespace landscape::optim {

ZeroModes::ZeroModes(std::span<const double> x, bool rotations) {
  const std::size_t n = x.size();
  const std::size_t atoms = n / 3;
  const auto c = centre_of_mass(x);
  std::vector<std::vector<double>> raw;
  for (std::size_t a = 0; a < 3; ++a) {
    std::vector<double> t(n, 0.0);
    for (std::size_t i = 0; i < atoms; ++i) t[3 * i + a] = 1.0;
    raw.push_back(std::move(t));
  }
  // Rotation about axis a: the displacement of atom i is e_a x (r_i - c).
  for (std::size_t a = 0; a < 3 && rotations; ++a) {
    std::vector<double> r(n, 0.0);
    for (std::size_t i = 0; i < atoms; ++i) {
      const double d[3] = {x[3 * i] - c[0], x[3 * i + 1] - c[1], x[3 * i + 2] - c[2]};
      const std::size_t b = (a + 1) % 3, e = (a + 2) % 3;
      r[3 * i + e] = d[b];
      r[3 * i + b] = -d[e];
    }
    raw.push_back(std::move(r));
  }
  // Modified Gram-Schmidt; a rotation that is not independent (about the axis of a linear
  // cluster, or any rotation of one atom) leaves a residue of rounding size and is dropped.
  for (auto& v : raw) {
    double norm0 = 0.0;
    for (double e : v) norm0 += e * e;
    norm0 = std::sqrt(norm0);
    if (norm0 == 0.0) continue;
    for (const auto& u : basis_) {
      double d = 0.0;
      for (std::size_t k = 0; k < n; ++k) d += u[k] * v[k];
      for (std::size_t k = 0; k < n; ++k) v[k] -= d * u[k];
    }
    double norm = 0.0;
    for (double e : v) norm += e * e;
    norm = std::sqrt(norm);
    if (norm <= 1e-8 * norm0) continue;
    for (double& e : v) e /= norm;
    basis_.push_back(std::move(v));
  }
}

void ZeroModes::project(std::span<double> v) const {
  for (const auto& u : basis_) {
    double d = 0.0;
    for (std::size_t k = 0; k < v.size(); ++k) d += u[k] * v[k];
    for (std::size_t k = 0; k < v.size(); ++k) v[k] -= d * u[k];
  }
}

}  // namespace landscape::optim

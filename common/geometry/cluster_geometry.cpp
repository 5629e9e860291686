#include "common/geometry/cluster_geometry.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>

#include "common/linalg/symmetric_eigen.hpp"

namespace landscape {

namespace {

std::size_t atom_count(std::span<const double> x, const char* what) {
  if (x.size() % 3 != 0)
    throw std::invalid_argument(
        fmt::format("{}: coordinate array of size {} is not a multiple of 3", what, x.size()));
  return x.size() / 3;
}

}  // namespace

std::array<double, 3> centre_of_mass(std::span<const double> x) {
  const std::size_t n = atom_count(x, "centre_of_mass");
  std::array<double, 3> c{0.0, 0.0, 0.0};
  if (n == 0) return c;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t a = 0; a < 3; ++a) c[a] += x[3 * i + a];
  for (double& v : c) v /= static_cast<double>(n);
  return c;
}

void move_to_centre(std::span<double> x) {
  const auto c = centre_of_mass(x);
  for (std::size_t i = 0; i < x.size() / 3; ++i)
    for (std::size_t a = 0; a < 3; ++a) x[3 * i + a] -= c[a];
}

std::array<double, 9> inertia_tensor(std::span<const double> x) {
  const std::size_t n = atom_count(x, "inertia_tensor");
  const auto c = centre_of_mass(x);
  std::array<double, 9> t{};
  for (std::size_t i = 0; i < n; ++i) {
    const double r[3] = {x[3 * i] - c[0], x[3 * i + 1] - c[1], x[3 * i + 2] - c[2]};
    const double r2 = r[0] * r[0] + r[1] * r[1] + r[2] * r[2];
    for (std::size_t a = 0; a < 3; ++a)
      for (std::size_t b = 0; b < 3; ++b) t[3 * a + b] += (a == b ? r2 : 0.0) - r[a] * r[b];
  }
  return t;
}

std::array<double, 3> principal_moments(std::span<const double> x) {
  const auto t = inertia_tensor(x);
  const SymmetricEigen eig = symmetric_eigen(t, 3, false);
  return {eig.values[0], eig.values[1], eig.values[2]};
}

void align_to_principal_axes(std::span<double> x) {
  const std::size_t n = atom_count(x, "align_to_principal_axes");
  move_to_centre(x);
  const auto t = inertia_tensor(x);
  const SymmetricEigen eig = symmetric_eigen(t, 3, true);
  // Rows of the rotation are the principal axes, smallest moment first.
  double rot[3][3];
  for (std::size_t k = 0; k < 3; ++k)
    for (std::size_t a = 0; a < 3; ++a) rot[k][a] = eig.vectors[3 * k + a];

  // Third moment of each new coordinate fixes the sign of its axis. "Tiny" is relative to
  // sum |r|^3, the largest value a third moment could take.
  double m3[3] = {0.0, 0.0, 0.0};
  double scale = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double* r = &x[3 * i];
    const double rr = std::sqrt(r[0] * r[0] + r[1] * r[1] + r[2] * r[2]);
    scale += rr * rr * rr;
    for (std::size_t k = 0; k < 3; ++k) {
      const double u = rot[k][0] * r[0] + rot[k][1] * r[1] + rot[k][2] * r[2];
      m3[k] += u * u * u;
    }
  }
  const double tiny = 1e-8 * scale;
  for (std::size_t k = 0; k < 3; ++k)
    if (m3[k] < -tiny)
      for (double& v : rot[k]) v = -v;

  const double det = rot[0][0] * (rot[1][1] * rot[2][2] - rot[1][2] * rot[2][1]) -
                     rot[0][1] * (rot[1][0] * rot[2][2] - rot[1][2] * rot[2][0]) +
                     rot[0][2] * (rot[1][0] * rot[2][1] - rot[1][1] * rot[2][0]);
  if (det < 0.0) {
    // Make it a proper rotation by flipping the axis whose sign is least determined: the one
    // with the smallest |third moment| (an undetermined one if any; ties go to the last axis).
    // |m3| does not change under rotation, so rotated copies choose the same axis.
    std::size_t flip = 2;
    for (std::size_t k = 3; k-- > 0;)
      if (std::abs(m3[k]) < std::abs(m3[flip]) - tiny) flip = k;
    for (double& v : rot[flip]) v = -v;
  }

  for (std::size_t i = 0; i < n; ++i) {
    const double r[3] = {x[3 * i], x[3 * i + 1], x[3 * i + 2]};
    for (std::size_t k = 0; k < 3; ++k)
      x[3 * i + k] = rot[k][0] * r[0] + rot[k][1] * r[1] + rot[k][2] * r[2];
  }
}

double max_radius(std::span<const double> x) {
  const std::size_t n = atom_count(x, "max_radius");
  const auto c = centre_of_mass(x);
  double r2max = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    double r2 = 0.0;
    for (std::size_t a = 0; a < 3; ++a) r2 += (x[3 * i + a] - c[a]) * (x[3 * i + a] - c[a]);
    r2max = std::max(r2max, r2);
  }
  return std::sqrt(r2max);
}

double euclidean_distance(std::span<const double> a, std::span<const double> b) {
  if (a.size() != b.size())
    throw std::invalid_argument(
        fmt::format("euclidean_distance: sizes differ ({} and {})", a.size(), b.size()));
  double d2 = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) d2 += (a[i] - b[i]) * (a[i] - b[i]);
  return std::sqrt(d2);
}

double default_container_radius(std::size_t n_atoms, double pair_distance) {
  return pair_distance * (1.0 + std::cbrt(3.0 * static_cast<double>(n_atoms) /
                                          (4.0 * std::numbers::pi * std::sqrt(2.0))));
}

}  // namespace landscape

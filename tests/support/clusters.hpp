#pragma once
// Test structures shared by the unit tests: the LJ13 icosahedron, the LJ38 tutorial's minima and
// random rotations.

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <span>
#include <vector>

#include "common/optimize/lbfgs.hpp"
#include "common/potentials/lennard_jones.hpp"
#include "common/potentials/potential.hpp"
#include "common/random/rng.hpp"
#include "tests/support/test_paths.hpp"

namespace landscape::testing {

/// The 13-atom icosahedron: a centre atom and the 12 vertices (0, +-1, +-phi) and cyclic
/// permutations, scaled to a centre-vertex distance of 1.1 (not relaxed).
inline std::vector<double> icosahedron13() {
  const double phi = 0.5 * (1.0 + std::sqrt(5.0));
  const double scale = 1.1 / std::sqrt(1.0 + phi * phi);
  std::vector<double> x = {0.0, 0.0, 0.0};
  for (double s1 : {-1.0, 1.0})
    for (double s2 : {-1.0, 1.0}) {
      const double a = s1 * scale, b = s2 * phi * scale;
      for (const double v : {0.0, a, b, a, b, 0.0, b, 0.0, a}) x.push_back(v);
    }
  return x;
}

/// Minimises x in place by L-BFGS with the default options but for the RMS gradient tolerance.
inline MinimizeResult lbfgs_minimize(const Potential& potential, std::span<double> x,
                                     double rms_tolerance) {
  LbfgsOptions options;
  options.rms_tolerance = rms_tolerance;
  return Lbfgs(options).minimize(potential, x);
}

/// The icosahedron relaxed to the LJ13 global minimum (RMS gradient 1e-10, checked).
inline std::vector<double> lj13_icosahedron() {
  std::vector<double> x = icosahedron13();
  const MinimizeResult result = lbfgs_minimize(LennardJones(13), x, 1e-10);
  EXPECT_TRUE(result.converged());
  return x;
}

/// x with amplitude * rng.symmetric() added to every coordinate, in order, from an Rng seeded
/// with seed.
inline std::vector<double> perturbed(std::vector<double> x, std::uint64_t seed, double amplitude) {
  Rng rng(seed);
  for (double& v : x) v += amplitude * rng.symmetric();
  return x;
}

/// Random proper rotation matrix (row-major) from a uniformly drawn unit quaternion.
inline std::array<double, 9> random_rotation(Rng& rng) {
  double q[4], norm2;
  do {
    norm2 = 0.0;
    for (double& c : q) {
      c = rng.symmetric();
      norm2 += c * c;
    }
  } while (norm2 > 1.0 || norm2 < 1e-6);
  const double s = 1.0 / std::sqrt(norm2);
  const double w = q[0] * s, x = q[1] * s, y = q[2] * s, z = q[3] * s;
  return {1 - 2 * (y * y + z * z), 2 * (x * y - w * z),     2 * (x * z + w * y),
          2 * (x * y + w * z),     1 - 2 * (x * x + z * z), 2 * (y * z - w * x),
          2 * (x * z - w * y),     2 * (y * z + w * x),     1 - 2 * (x * x + y * y)};
}

/// Record index (0-based) of the real PATHSAMPLE's points.min of the LJ38 tutorial (04_pathsample).
inline std::vector<double> lj38_reference_minimum(std::size_t index) {
  std::ifstream in(lj38_tutorial_dir() / "04_pathsample" / "points.min.expected", std::ios::binary);
  std::vector<double> x(114);
  in.seekg(static_cast<std::streamoff>(index * 114 * sizeof(double)));
  in.read(reinterpret_cast<char*>(x.data()),
          static_cast<std::streamsize>(x.size() * sizeof(double)));
  EXPECT_TRUE(in.good());
  return x;
}

/// x with every atom rotated by the row-major matrix r, then moved by shift along each axis.
inline std::vector<double> rotated_and_shifted(const std::vector<double>& x,
                                               const std::array<double, 9>& r, double shift) {
  std::vector<double> y(x.size());
  for (std::size_t i = 0; i + 2 < x.size(); i += 3)
    for (int a = 0; a < 3; ++a)
      y[i + a] = r[3 * a] * x[i] + r[3 * a + 1] * x[i + 1] + r[3 * a + 2] * x[i + 2] + shift;
  return y;
}

}  // namespace landscape::testing

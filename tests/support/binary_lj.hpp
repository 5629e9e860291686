#pragma once
// The BLJ60 test system (48 A + 12 B atoms of the periodic binary Lennard-Jones, OPTIM's LS
// example `BINARY 48 1.5 0.5 0.8 0.88`, `PARAMS 3.587037905 3.587037905 3.587037905 1.79`) and
// configurations of it for the tests.

#include <cmath>
#include <cstddef>
#include <vector>

#include "common/potentials/binary_lj_periodic.hpp"
#include "common/random/rng.hpp"

namespace landscape::testing {

/// The cubic box length of BLJ60.
inline constexpr double kBlj60Box = 3.587037905;

/// The parameters of BLJ60 (n_a A atoms; 48 for BLJ60 itself).
inline BinaryLjParameters blj60_parameters(std::size_t n_a = 48) {
  BinaryLjParameters p;
  p.n_a = n_a;
  p.eps_ab = 1.5;
  p.eps_bb = 0.5;
  p.sigma_ab = 0.8;
  p.sigma_bb = 0.88;
  p.box = {kBlj60Box, kBlj60Box, kBlj60Box};
  p.cutoff = 1.79;
  return p;
}

/// n atoms (at most 64) on the 4 x 4 x 4 grid that fills the box, each coordinate perturbed by up
/// to +-jitter: no two atoms closer than about 0.9 - 2 sqrt(3) jitter, so energies stay moderate.
inline std::vector<double> box_lattice(std::size_t n, double box, double jitter, Rng& rng) {
  std::vector<double> x(3 * n);
  const double spacing = box / 4.0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t cell[3] = {i % 4, (i / 4) % 4, i / 16};
    for (std::size_t a = 0; a < 3; ++a)
      x[3 * i + a] = spacing * (static_cast<double>(cell[a]) + 0.5) + jitter * rng.symmetric();
  }
  return x;
}

/// n atoms uniformly at random in the box [0, box)^3.
inline std::vector<double> random_in_box(std::size_t n, double box, Rng& rng) {
  std::vector<double> x(3 * n);
  for (double& v : x) v = box * rng.uniform();
  return x;
}

}  // namespace landscape::testing

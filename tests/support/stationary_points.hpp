#pragma once
// Stationary points of test surfaces with their Hessian eigenvalues: the known Mueller-Brown
// minima and saddles, and path.info points built from them.

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <span>
#include <vector>

#include "common/landscape/path_info.hpp"
#include "common/linalg/symmetric_eigen.hpp"
#include "common/potentials/potential.hpp"

namespace landscape::testing {

/// Mueller-Brown's three minima (deepest first) and two saddles (upper, lower), as published.
inline const std::vector<std::vector<double>> kMuellerBrownMinima = {
    {-0.558, 1.442}, {0.623, 0.028}, {-0.050, 0.467}};
inline const std::vector<std::vector<double>> kMuellerBrownSaddles = {{-0.822, 0.624},
                                                                      {0.212, 0.293}};

/// All Hessian eigenvalues of potential at x, ascending.
inline std::vector<double> hessian_eigenvalues(const Potential& potential,
                                               std::span<const double> x) {
  const std::size_t n = potential.n_dof();
  std::vector<double> grad(n), hess(n * n);
  potential.energy_gradient_hessian(x, grad, hess);
  return symmetric_eigen(hess, n, false).values;
}

/// How many of eigenvalues are below -tolerance: a stationary point's index.
inline int index_of(const std::vector<double>& eigenvalues, double tolerance = 0.0) {
  return static_cast<int>(std::count_if(eigenvalues.begin(), eigenvalues.end(),
                                        [&](double v) { return v < -tolerance; }));
}

/// x as a path.info point of potential: its energy, its Hessian eigenvalues in path.info's
/// (descending) order and its coordinates.
inline PathInfoPoint path_info_point(const Potential& potential, const std::vector<double>& x) {
  PathInfoPoint p;
  p.energy = potential.energy(x);
  p.eigenvalues = hessian_eigenvalues(potential, x);
  std::sort(p.eigenvalues.begin(), p.eigenvalues.end(), std::greater<>());
  p.coords = x;
  return p;
}

}  // namespace landscape::testing

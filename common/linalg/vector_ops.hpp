#pragma once
// Small vector operations of the optimisers and transition-state searches, summed in index order
// so results are the same on every machine (BLAS kernels may sum in another order).

#include <cmath>
#include <cstddef>
#include <span>

namespace landscape {

/// sum_i a_i b_i, in index order; a and b have the same size.
inline double dot(std::span<const double> a, std::span<const double> b) {
  double s = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

/// sqrt(sum_i g_i^2 / n): the RMS gradient of the programs' convergence tests; 0 for no values.
inline double rms_of(std::span<const double> g) {
  return g.empty() ? 0.0 : std::sqrt(dot(g, g) / static_cast<double>(g.size()));
}

}  // namespace landscape

#pragma once
// Normal-mode analysis of a stationary point: Hessian eigenvalues (unit masses), the count of
// negative ones and lnprodfreq for the harmonic superposition approximation.

#include <cstddef>
#include <span>
#include <vector>

namespace landscape {

class Potential;

/// Result of a normal-mode analysis.
struct NormalModes {
  std::vector<double> eigenvalues;  ///< all Hessian eigenvalues, ascending
  std::size_t n_zero = 0;         ///< modes excluded as zero modes (the n_zero of smallest |value|)
  std::size_t n_negative = 0;     ///< negative eigenvalues among the non-zero modes
  double lnprodfreq = 0.0;        ///< sum of ln(value) over the positive non-zero modes
  double smallest_nonzero = 0.0;  ///< smallest eigenvalue after removing the zero modes
  /// A non-finite Hessian gives NaN eigenvalues and lnprodfreq and n_negative = n: no minimum.
  bool is_minimum() const { return n_negative == 0; }
};

/// Analyses a symmetric n x n Hessian. n_zero is the number of zero modes to exclude (6 for a
/// cluster of 3 or more atoms: overall translation and rotation; 0 for networks).
NormalModes normal_modes(std::span<const double> hessian, std::size_t n, std::size_t n_zero);

/// Builds the Hessian of potential at x (analytic when it has one) and analyses it.
NormalModes normal_modes(const Potential& potential, std::span<const double> x, std::size_t n_zero);

}  // namespace landscape

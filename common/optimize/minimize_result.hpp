#pragma once
// Outcome of a local minimisation. A failed quench is a status, never an exception.

#include <string>
#include <string_view>

namespace landscape {

/// How a minimisation ended.
enum class MinimizeStatus {
  kConverged,      ///< RMS gradient at or below the tolerance
  kMaxIterations,  ///< iteration limit reached first
  kStepFailure,    ///< too many energy rises even after step cuts and memory resets
  kNonFinite,      ///< energy or gradient became NaN or infinite
};

/// One-word name of a status, for logs.
std::string_view to_string(MinimizeStatus status);

/// Summary of one minimisation.
struct MinimizeResult {
  MinimizeStatus status = MinimizeStatus::kMaxIterations;
  double energy = 0.0;        ///< energy at the final point
  double rms_gradient = 0.0;  ///< |g|/sqrt(n) at the final point
  int iterations = 0;         ///< accepted steps
  int evaluations = 0;        ///< energy+gradient calls
  bool converged() const { return status == MinimizeStatus::kConverged; }
  /// One line for a log: "converged after 12 iterations: E= -1.2345678901 RMS= 1.000e-07".
  std::string report() const;
};

}  // namespace landscape

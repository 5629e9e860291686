#include "common/optimize/minimize_result.hpp"

#include <fmt/format.h>

namespace landscape {

std::string_view to_string(MinimizeStatus status) {
  switch (status) {
    case MinimizeStatus::kConverged:
      return "converged";
    case MinimizeStatus::kMaxIterations:
      return "max-iterations";
    case MinimizeStatus::kStepFailure:
      return "step-failure";
    case MinimizeStatus::kNonFinite:
      return "non-finite";
  }
  return "unknown";
}

std::string MinimizeResult::report() const {
  return fmt::format("{} after {} iterations: E= {:.10f} RMS= {:.3e}", to_string(status),
                     iterations, energy, rms_gradient);
}

}  // namespace landscape

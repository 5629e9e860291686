#include "common/optimize/minimize_result.hpp"

namespace landscape {

std::string_view to_string(MinimizeStatus status) {
  switch (status) {
    case MinimizeStatus::kConverged: return "converged";
    case MinimizeStatus::kMaxIterations: return "max-iterations";
    case MinimizeStatus::kStepFailure: return "step-failure";
    case MinimizeStatus::kNonFinite: return "non-finite";
  }
  return "unknown";
}

}  // namespace landscape

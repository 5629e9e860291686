#include "common/optimize/minimize_result.hpp"

#include <fmt/format.h>

#include <array>

namespace landscape {

std::string_view to_string(MinimizeStatus status) {
  static constexpr std::array<std::string_view, 4> kNames = {"converged", "max-iterations",
                                                             "step-failure", "non-finite"};
  return kNames.at(static_cast<std::size_t>(status));
}

std::string MinimizeResult::report() const {
  return fmt::format("{} after {} iterations: E= {:.10f} RMS= {:.3e}", to_string(status),
                     iterations, energy, rms_gradient);
}

}  // namespace landscape

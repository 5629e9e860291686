#include "common/ml/mlp_shape.hpp"

#include <fmt/format.h>

namespace landscape {

std::optional<std::string> MlpShape::validate() const {
  if (n_in < 1) return fmt::format("n_in = {}: must be at least 1", n_in);
  if (n_hidden < 1) return fmt::format("n_hidden = {}: must be at least 1", n_hidden);
  if (n_out < 1) return fmt::format("n_out = {}: must be at least 1", n_out);
  return std::nullopt;
}

}  // namespace landscape

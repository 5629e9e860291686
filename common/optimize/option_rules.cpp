#include "common/optimize/option_rules.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace landscape {

RuleCheck at_least(std::string_view field, long long value, long long min) {
  if (value >= min) return std::nullopt;
  return fmt::format("{} = {}: must be at least {}", field, value, min);
}

RuleCheck non_negative(std::string_view field, double value) {
  if (value >= 0.0) return std::nullopt;
  return fmt::format("{} = {}: must be non-negative", field, value);
}

RuleCheck positive_finite(std::string_view field, double value) {
  if (value > 0.0 && std::isfinite(value)) return std::nullopt;
  return fmt::format("{} = {}: must be positive and finite", field, value);
}

RuleCheck between(std::string_view field, double value, double lo, double hi) {
  if (value >= lo && value <= hi) return std::nullopt;
  return fmt::format("{} = {}: must be between {} and {}", field, value, lo, hi);
}

RuleCheck nested(std::string_view prefix, const RuleCheck& check) {
  if (!check) return std::nullopt;
  return fmt::format("{}.{}", prefix, *check);
}

RuleCheck first_broken(std::initializer_list<RuleCheck> checks) {
  for (const RuleCheck& c : checks)
    if (c) return c;
  return std::nullopt;
}

void require_valid(std::string_view options, const RuleCheck& check) {
  if (check) throw std::invalid_argument(fmt::format("{}: {}", options, *check));
}

}  // namespace landscape

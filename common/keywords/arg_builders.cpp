#include "common/keywords/arg_builders.hpp"

#include <algorithm>
#include <cctype>

#include "common/io/fields.hpp"

namespace landscape::keywords {

std::optional<CostArgument> parse_cost_argument(const std::string& word) {
  std::string upper = word;
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (upper == "EXP") return CostArgument{true, 1};
  const std::optional<long long> n = parse_integer(word);
  if (!n || *n < 1) return std::nullopt;
  return CostArgument{false, *n};
}

std::string cost_argument_error(const std::string& word) {
  return "argument 1 (cost): expected EXP or a positive integer, got '" + word + "'";
}

}  // namespace landscape::keywords

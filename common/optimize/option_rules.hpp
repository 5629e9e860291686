#pragma once
// The rules an engine's options keep, for their validate(): each rule is empty when kept and
// "field = value: rule broken" when not, and an options struct reports the first rule it breaks.
// The comparisons are written so that NaN breaks every rule on a real number.

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace landscape {

/// A kept rule (std::nullopt) or the message of a broken one.
using RuleCheck = std::optional<std::string>;

/// value >= min.
RuleCheck at_least(std::string_view field, long long value, long long min);
/// value >= 0 (NaN breaks it).
RuleCheck non_negative(std::string_view field, double value);
/// 0 < value < infinity.
RuleCheck positive_finite(std::string_view field, double value);
/// lo <= value <= hi.
RuleCheck between(std::string_view field, double value, double lo, double hi);
/// The broken rule of a nested options struct, its message prefixed by "prefix.".
RuleCheck nested(std::string_view prefix, const RuleCheck& check);

/// The first broken rule of a list, in order, or std::nullopt when all are kept.
RuleCheck first_broken(std::initializer_list<RuleCheck> checks);

/// For an engine's constructor: throws std::invalid_argument("options: message") when check holds
/// a broken rule of its options struct (named by options).
void require_valid(std::string_view options, const RuleCheck& check);

}  // namespace landscape

#pragma once
// Declaration of one keyword: the single source from which the parser, the diagnostics, the
// Markdown reference and the start-up echo are derived (STYLE.md, "Keywords: declared once").

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace landscape::keywords {

/// Type of one keyword argument.
enum class ArgType {
  kInt,      ///< integer
  kReal,     ///< real number; Fortran D exponents accepted
  kWord,     ///< one of `choices` (case-insensitive), stored upper-case
  kLogical,  ///< T/F, TRUE/FALSE, .TRUE./.FALSE.
  kPath,     ///< file name, kept as written
};

/// One parsed argument value.
using Value = std::variant<long long, double, std::string, bool>;

/// Inclusive or exclusive bound of a numeric argument.
struct Bound {
  double value = 0.0;
  bool inclusive = true;
};

/// One argument of a keyword.
struct ArgSpec {
  std::string name;  ///< e.g. "temperature factor"
  ArgType type = ArgType::kReal;
  std::optional<Value> default_value;  ///< absent: the argument is required
  std::optional<Bound> min, max;
  std::vector<std::string> choices;  ///< for kWord
  std::string unit;                  ///< e.g. "energy", "steps" (documentation only)
};

/// The three keyword classes of doc/architecture.md.
enum class KeywordClass {
  kImplemented,  ///< class 1
  kNoEffect,     ///< class 2: accepted, the log says once that it has no effect here
  kUnsupported,  ///< class 3: known from the real programs, exit 1 with "not supported"
};

/// A keyword: name, aliases, typed arguments with defaults and ranges, and its documentation.
struct KeywordSpec {
  std::string name;                  ///< upper case
  std::vector<std::string> aliases;  ///< upper case
  KeywordClass cls = KeywordClass::kImplemented;
  std::vector<ArgSpec> args;
  /// When set, the last argument may repeat (e.g. TARGET e1 e2 ...); at least one value needed
  /// unless it has a default.
  bool variadic = false;
  bool required = false;
  /// The keyword switches a feature on (AVOID, DATABASE): its argument defaults apply only when it
  /// is given. Other keywords whose arguments all have defaults are in effect with those defaults.
  bool feature = false;
  bool repeatable = false;
  /// The keyword's values are its whole point (GMIN's TEMPERATURE): the real program accepts it
  /// alone, so it is accepted here too, with the defaults, and the log warns at its file:line.
  bool value_expected = false;
  /// The rest of the file after this keyword is raw data (OPTIM's POINTS), not keywords.
  bool ends_keywords = false;
  std::string doc;      ///< one line
  std::string example;  ///< e.g. "STEPS 5000 1.0"
};

}  // namespace landscape::keywords

#pragma once
// Lexer and generic parser of keyword files: free format, case-insensitive, `!` comments,
// COMMENT lines, Fortran D exponents, optional trailing arguments.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/keywords/diagnostic.hpp"
#include "common/keywords/keyword_spec.hpp"

namespace landscape::keywords {

/// One keyword as found in a file, its arguments typed and trailing defaults filled in.
struct Occurrence {
  const KeywordSpec* spec = nullptr;
  std::string file;
  int line = 0;             ///< 0 for a keyword not given (defaults only)
  std::vector<Value> args;  ///< one per ArgSpec (more for a variadic keyword)
  std::size_t n_given = 0;  ///< how many arguments the file gave

  bool given() const { return line > 0; }
  long long as_int(std::size_t i) const { return std::get<long long>(args.at(i)); }
  double as_real(std::size_t i) const { return std::get<double>(args.at(i)); }
  const std::string& as_word(std::size_t i) const { return std::get<std::string>(args.at(i)); }
  bool as_logical(std::size_t i) const { return std::get<bool>(args.at(i)); }
  /// "data:12" (or "default" for a keyword that was not given).
  std::string where() const;
};

/// Everything parsed from one keyword file.
struct ParsedFile {
  std::vector<Occurrence> occurrences;  ///< in file order
  std::vector<Diagnostic> diagnostics;  ///< every problem found
  std::vector<std::string> data_lines;  ///< raw lines after an ends_keywords keyword
  int data_first_line = 0;              ///< file line number of data_lines[0]
};

/// Parses text (the contents of file_name) against specs. Never throws for bad input: every problem
/// becomes a Diagnostic. Class-3 keywords give "not supported"; unknown words suggest the nearest
/// known name; a missing required keyword gives `file: KEYWORD: required keyword missing`.
ParsedFile parse_keywords(std::string_view file_name, std::string_view text,
                          std::span<const KeywordSpec> specs);

/// Parses one token as the given argument type; on failure returns a message such as
/// "expected a real number, got 'hot'".
bool parse_value(std::string_view token, const ArgSpec& arg, Value& out, std::string& error);

/// Formats a value as it would be written in a keyword file.
std::string format_value(const Value& v);

/// The known name closest to word by edit distance, or "" when nothing is reasonably close.
std::string nearest_name(std::string_view word, std::span<const KeywordSpec> specs);

}  // namespace landscape::keywords

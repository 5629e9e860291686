#pragma once
// Problems found in a keyword file, reported as `file:line: KEYWORD: message`.

#include <string>
#include <vector>

namespace landscape::keywords {

/// One problem in an input file.
struct Diagnostic {
  std::string file;     ///< file name as the user knows it, e.g. "data"
  int line = 0;         ///< 1-based; 0 when the problem concerns the whole file
  std::string keyword;  ///< upper case; may be empty
  std::string message;
  std::string source;  ///< the offending line, for the caret display (may be empty)
  int column = -1;     ///< 0-based column of the offending token, -1 if none

  /// "data:12: STEPS: message" (+ the source line and a caret under the token).
  std::string format() const;
};

/// Formats every diagnostic, one after the other.
std::string format_all(const std::vector<Diagnostic>& diagnostics);

}  // namespace landscape::keywords

#include "common/keywords/diagnostic.hpp"

#include <fmt/format.h>

namespace landscape::keywords {

std::string Diagnostic::format() const {
  if (file.empty() && line == 0 && keyword.empty()) return message + '\n';  // already located
  std::string out = file;
  if (line > 0) out += fmt::format(":{}", line);
  out += ": ";
  if (!keyword.empty()) out += keyword + ": ";
  out += message;
  out += '\n';
  if (!source.empty() && column >= 0) {
    out += "    " + source + '\n';
    out += "    " + std::string(static_cast<std::size_t>(column), ' ') + "^\n";
  }
  return out;
}

std::string format_all(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) out += d.format();
  return out;
}

}  // namespace landscape::keywords

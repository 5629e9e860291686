#pragma once
// Messages to stdout and stderr that never throw: a program whose stderr or stdout cannot be
// written (a full disk under a job's log, `2>/dev/full`) must still end with its exit status,
// never abort. fmt::print throws on a failed write; these report it by their return value.

#include <fmt/format.h>

#include <cstdio>
#include <string_view>

namespace landscape {

/// Writes text to stream; false when the stream refused it (the failure is otherwise ignored).
inline bool write_text(std::FILE* stream, std::string_view text) noexcept {
  if (stream == nullptr) return false;
  return std::fwrite(text.data(), 1, text.size(), stream) == text.size();
}

/// fmt::print that never throws on a failed write (formatting errors are compile-time checked).
template <class... Args>
bool print_to(std::FILE* stream, fmt::format_string<Args...> format, Args&&... args) {
  return write_text(stream, fmt::format(format, std::forward<Args>(args)...));
}

}  // namespace landscape

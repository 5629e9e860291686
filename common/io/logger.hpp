#pragma once
// The log: library code never prints directly, it writes through a Logger.

#include <fmt/format.h>

#include <cstdio>
#include <set>
#include <string>
#include <string_view>

namespace landscape {

/// Line-oriented log sink (stdout by default). Warnings are prefixed "warning: ".
class Logger {
 public:
  explicit Logger(std::FILE* out = stdout) : out_(out) {}

  template <class... Args>
  void info(fmt::format_string<Args...> f, Args&&... args) {
    write(fmt::format(f, std::forward<Args>(args)...));
  }
  template <class... Args>
  void warn(fmt::format_string<Args...> f, Args&&... args) {
    write("warning: " + fmt::format(f, std::forward<Args>(args)...));
  }
  /// Logs a message only the first time this key is seen.
  void once(const std::string& key, std::string_view message) {
    if (seen_.insert(key).second) write(std::string(message));
  }
  /// One line, flushed at once (a killed run's log ends with its last line); a failed write is
  /// ignored here (the stream's error flag is checked when the program ends), never thrown.
  void write(std::string_view line) {
    if (!out_) return;
    std::fwrite(line.data(), 1, line.size(), out_);
    std::fputc('\n', out_);
    std::fflush(out_);
  }
  void flush() {
    if (out_) std::fflush(out_);
  }
  std::FILE* stream() const { return out_; }

 private:
  std::FILE* out_;
  std::set<std::string> seen_;
};

}  // namespace landscape

#pragma once
// A one-line live progress display, drawn on a terminal only (never into a log file).

#include <chrono>
#include <cstdio>
#include <string>

namespace landscape {

/// Redraws one line ("\r...") on stream at most every interval, and only when the stream is a
/// terminal; finish() clears it.
class ProgressDisplay {
 public:
  explicit ProgressDisplay(std::FILE* stream, double interval_seconds = 0.2);
  bool active() const { return active_; }
  /// Redraws the line if it is time to; text is the whole line.
  void update(const std::string& text, bool force = false);
  void finish();

 private:
  std::FILE* stream_;
  bool active_;
  std::chrono::steady_clock::duration interval_;
  std::chrono::steady_clock::time_point last_{};
  std::size_t last_width_ = 0;
};

}  // namespace landscape

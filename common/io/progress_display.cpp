#include "common/io/progress_display.hpp"

#include <unistd.h>

namespace landscape {

ProgressDisplay::ProgressDisplay(std::FILE* stream, double interval_seconds)
    : stream_(stream),
      active_(stream != nullptr && ::isatty(::fileno(stream)) == 1),
      interval_(std::chrono::duration_cast<std::chrono::steady_clock::duration>(
          std::chrono::duration<double>(interval_seconds))) {}

void ProgressDisplay::update(const std::string& text, bool force) {
  if (!active_) return;
  const auto now = std::chrono::steady_clock::now();
  if (!force && now - last_ < interval_) return;
  last_ = now;
  std::string line(1, '\r');
  line += text;
  if (text.size() < last_width_) line.append(last_width_ - text.size(), ' ');
  last_width_ = text.size();
  std::fputs(line.c_str(), stream_);
  std::fflush(stream_);
}

void ProgressDisplay::finish() {
  if (!active_ || last_width_ == 0) return;
  std::string blank(1, '\r');
  blank.append(last_width_, ' ');
  blank += '\r';
  std::fputs(blank.c_str(), stream_);
  std::fflush(stream_);
  last_width_ = 0;
}

}  // namespace landscape

#pragma once
// Writing optim path files (path.info blocks) for the pathsample tests, the message of an expected
// exception, and a log captured in a file so that its lines can be checked.

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "common/io/logger.hpp"
#include "common/landscape/path_info.hpp"
#include "common/landscape/stationary_point.hpp"
#include "tests/support/test_paths.hpp"

namespace landscape::testing {

/// A path.info point as a StationaryPoint that format_path_info_block writes back: eigenvalues
/// in ascending order, point group C1 unless the point says otherwise.
inline StationaryPoint stationary_point_of(const PathInfoPoint& p) {
  StationaryPoint s;
  s.coords = p.coords;
  s.energy = p.energy;
  s.eigenvalues.assign(p.eigenvalues.rbegin(), p.eigenvalues.rend());
  s.pgorder = p.pgorder;
  if (!p.point_group.empty()) s.point_group = p.point_group;
  return s;
}

/// The text of a path file holding points in order, one path.info block each (with their Hessian
/// eigenvalues, or without them as OPTIM's NOFRQS writes them).
inline std::string path_file_text(const std::vector<StationaryPoint>& points,
                                  bool with_frequencies = true) {
  std::string text;
  for (const StationaryPoint& p : points) text += format_path_info_block(p, with_frequencies);
  return text;
}

/// Writes path_file_text(points, with_frequencies) to path.
inline void write_path_file(const std::filesystem::path& path,
                            const std::vector<StationaryPoint>& points,
                            bool with_frequencies = true) {
  write_file(path, path_file_text(points, with_frequencies));
}

/// The what() of the E that f() throws, or "" if it throws none.
template <class E, class F>
std::string error_message(F f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  return "";
}

/// Success when text (a log) contains part; a failure shows the whole text.
inline ::testing::AssertionResult contains(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "'" << part << "' not found in:\n" << text;
}

/// A Logger writing to a file, whose lines can be read back.
class LogFile {
 public:
  explicit LogFile(const std::filesystem::path& path)
      : path_(path), file_(std::fopen(path.c_str(), "w")), log_(file_) {}
  ~LogFile() {
    if (file_) std::fclose(file_);
  }
  LogFile(const LogFile&) = delete;
  LogFile& operator=(const LogFile&) = delete;

  Logger& log() { return log_; }
  /// Everything logged so far.
  std::string text() {
    log_.flush();
    return read_file(path_);
  }
  /// Success when the log contains part; a failure shows the whole log.
  ::testing::AssertionResult has(const std::string& part) { return contains(text(), part); }

 private:
  std::filesystem::path path_;
  std::FILE* file_;
  Logger log_;
};

}  // namespace landscape::testing

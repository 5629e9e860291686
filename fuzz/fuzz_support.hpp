#pragma once
// What every fuzz target shares: the input as a file (the readers take paths), and the rule that
// a reader may refuse an input only with the suite's input or database errors. Any other
// exception, a crash, a sanitizer report or a hang is a finding.

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "common/io/errors.hpp"

namespace landscape::fuzz {

/// A scratch directory of this process (under TMPDIR), made once.
inline const std::filesystem::path& scratch() {
  static const std::filesystem::path dir = [] {
    auto d =
        std::filesystem::temp_directory_path() / ("landscape-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

/// Writes bytes to scratch()/name and returns the path.
inline std::filesystem::path as_file(const std::string& name, std::string_view bytes) {
  const auto path = scratch() / name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return path;
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// Runs f; the suite's own refusals (InputError, RuntimeError, DatabaseError) are the expected
/// outcome of bad input. Anything else propagates and is reported by libFuzzer.
template <class F>
void refusals_allowed(F&& f) {
  try {
    f();
  } catch (const InputError&) {
  } catch (const RuntimeError&) {
  }
}

}  // namespace landscape::fuzz

// Whole-file reads and atomic replacement of small text files.

#include "common/io/text_file.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "common/io/errors.hpp"

namespace landscape {

std::optional<std::string> read_text_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw RuntimeError(fmt::format("{}: read failed", path.filename().string()));
  return std::move(ss).str();
}

void write_file_atomically(const std::filesystem::path& path, std::string_view text) {
  const std::filesystem::path tmp = std::filesystem::path(path) += ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f.write(text.data(), static_cast<std::streamsize>(text.size()));
    f.flush();
    if (!f) throw RuntimeError(fmt::format("{}: cannot write", path.filename().string()));
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) throw RuntimeError(fmt::format("{}: cannot replace: {}", path.filename().string(), ec.message()));
}

}  // namespace landscape

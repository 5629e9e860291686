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
  if (ec)
    throw RuntimeError(
        fmt::format("{}: cannot replace: {}", path.filename().string(), ec.message()));
}

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.emplace_back(line);
    pos = end + 1;
  }
  return lines;
}

std::vector<std::string> read_lines(const std::filesystem::path& path) {
  const std::optional<std::string> text = read_text_file(path);
  if (!text) throw InputError(fmt::format("{}: cannot open the file", path.filename().string()));
  return split_lines(*text);
}

}  // namespace landscape

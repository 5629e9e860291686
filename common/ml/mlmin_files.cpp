#include "common/ml/mlmin_files.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "common/io/coords_file.hpp"
#include "common/io/errors.hpp"
#include "common/io/fields.hpp"
#include "common/io/text_file.hpp"

namespace landscape {

void write_mlmin_weights(const std::filesystem::path& path,
                         const std::vector<std::vector<double>>& minima) {
  std::string text;
  for (const auto& w : minima)
    for (const double v : w) text += fmt::format("{:.17g}\n", v);
  write_file_atomically(path, text);
}

std::vector<std::vector<double>> read_mlmin_weights(const std::filesystem::path& path,
                                                    std::size_t n_weights, std::size_t n_minima) {
  const std::vector<double> all = read_coords_file(path, 1);
  const std::string name = path.filename().string();
  if (all.size() != n_weights * n_minima)
    throw InputError(fmt::format("{}: holds {} values, but {} minima of {} weights need {}", name,
                                 all.size(), n_minima, n_weights, n_minima * n_weights));
  std::vector<std::vector<double>> minima(n_minima);
  for (std::size_t m = 0; m < n_minima; ++m)
    minima[m].assign(all.begin() + static_cast<std::ptrdiff_t>(m * n_weights),
                     all.begin() + static_cast<std::ptrdiff_t>((m + 1) * n_weights));
  return minima;
}

void write_mlmin_selection(const std::filesystem::path& path, const MlminSelection& s) {
  std::string text = fmt::format("{} {}", s.method, s.chosen.size());
  if (s.temperature) text += fmt::format(" {:.12g}", *s.temperature);
  text += '\n';
  for (const auto& c : s.chosen) {
    std::string reason = c.reason;
    std::replace(reason.begin(), reason.end(), '\n', ' ');
    text += fmt::format("{} {}\n", c.index, reason);
  }
  write_file_atomically(path, text);
}

MlminSelection read_mlmin_selection(const std::filesystem::path& path) {
  const std::string name = path.filename().string();
  const std::vector<std::string> lines = read_lines(path);
  auto fail = [&](std::size_t line, const std::string& msg) {
    return InputError(fmt::format("{}:{}: {}", name, line, msg));
  };
  if (lines.empty()) throw InputError(fmt::format("{}: empty file", name));
  std::vector<std::string_view> f;
  const std::size_t n_head = split_fields(lines[0], f, 3);
  if (n_head < 2 || n_head > 3)
    throw fail(1, fmt::format("expected `method nmin [T]`, got {} fields", n_head));
  MlminSelection s;
  s.method = std::string(f[0]);
  const auto n = parse_integer(f[1]);
  if (!n || *n < 1)
    throw fail(1, fmt::format("nmin: expected a positive whole number, got '{}'", f[1]));
  if (n_head == 3) {
    s.temperature = parse_fortran_real(f[2]);
    if (!s.temperature) throw fail(1, fmt::format("T: expected a real number, got '{}'", f[2]));
  }
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    std::vector<std::string_view> g;
    if (split_fields(line, g, 1) == 0) continue;
    const auto index = parse_integer(g[0]);
    if (!index || *index < 1)
      throw fail(i + 1, fmt::format("expected a min.data index (1, 2, ...) first, got '{}'", g[0]));
    std::size_t start = line.find(g[0]) + g[0].size();
    while (start < line.size() && is_field_blank(line[start])) ++start;
    s.chosen.push_back({static_cast<std::size_t>(*index), std::string(line.substr(start))});
  }
  if (s.chosen.size() != static_cast<std::size_t>(*n))
    throw fail(1, fmt::format("says {} minima, but {} lines follow", *n, s.chosen.size()));
  return s;
}

}  // namespace landscape

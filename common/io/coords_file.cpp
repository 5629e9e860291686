#include "common/io/coords_file.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "common/io/errors.hpp"
#include "common/io/fields.hpp"
#include "common/io/text_file.hpp"

namespace landscape {

std::vector<double> read_coords_file(const std::filesystem::path& path, int values_per_line) {
  const std::string name = path.filename().string();
  std::vector<double> x;
  int line_no = 0;
  for (const std::string& line : read_lines(path)) {
    ++line_no;
    std::istringstream is(line);
    std::string tok;
    int count = 0;
    std::vector<double> values;
    while (is >> tok) {
      // nan and inf are refused: a non-finite start point makes every quench fail.
      const std::optional<double> v = parse_fortran_real(tok);
      if (!v)
        throw InputError(fmt::format("{}:{}: expected a number, got '{}'", name, line_no, tok));
      values.push_back(*v);
      ++count;
    }
    if (count == 0) continue;
    if (count != values_per_line)
      throw InputError(
          fmt::format("{}:{}: expected {} numbers, got {}", name, line_no, values_per_line, count));
    x.insert(x.end(), values.begin(), values.end());
  }
  if (x.empty()) throw InputError(fmt::format("{}: no coordinates in the file", name));
  return x;
}

std::string format_xyz_lines(const std::vector<double>& x) {
  std::string out;
  for (std::size_t i = 0; i + 2 < x.size(); i += 3)
    out += fmt::format("{:20.10f}{:20.10f}{:20.10f}\n", x[i], x[i + 1], x[i + 2]);
  return out;
}

}  // namespace landscape

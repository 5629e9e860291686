#include "common/landscape/path_info.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

#include "common/io/errors.hpp"
#include "common/io/fields.hpp"
#include "common/io/min_database.hpp"
#include "common/io/text_file.hpp"

namespace landscape {
namespace {

/// Values 3 a line, each formatted by f, the last line holding the rest.
template <class Format>
void append_three_a_line(std::string& out, const std::vector<double>& values, Format f) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    out += f(values[i]);
    if (i % 3 == 2 || i + 1 == values.size()) out += '\n';
  }
}

std::string coordinates_block(const std::vector<double>& coords) {
  std::string out;
  append_three_a_line(out, coords, [](double v) { return fmt::format("{:25.15f}", v); });
  return out;
}

/// Line-by-line reader of path.info with numbers parsed as Fortran writes them.
class Lines {
 public:
  explicit Lines(const std::filesystem::path& path) : name_(path.filename().string()) {
    lines_ = read_lines(path);
  }
  bool at_end() {
    while (next_ < lines_.size() && lines_[next_].find_first_not_of(" \t") == std::string::npos)
      ++next_;
    return next_ >= lines_.size();
  }
  /// The fields of the next non-blank line.
  std::vector<std::string> fields(const char* what) {
    if (at_end())
      throw error(fmt::format("the file ends where {} was expected", what), lines_.size());
    std::istringstream is(lines_[next_++]);
    std::vector<std::string> out;
    std::string tok;
    while (is >> tok) out.push_back(tok);
    return out;
  }
  /// The next non-blank line as it is.
  std::string raw(const char* what) {
    if (at_end())
      throw error(fmt::format("the file ends where {} was expected", what), lines_.size());
    return lines_[next_++];
  }
  double number(const std::string& token, const char* what) {
    const std::optional<double> v = parse_fortran_real(token);
    if (!v) throw error(fmt::format("{}: expected a number, got '{}'", what, token), next_);
    return *v;
  }
  /// count numbers spread over lines of at most 3.
  std::vector<double> numbers(std::size_t count, const char* what) {
    std::vector<double> out;
    while (out.size() < count) {
      const auto f = fields(what);
      const std::size_t expected = std::min<std::size_t>(3, count - out.size());
      if (f.size() != expected)
        throw error(
            fmt::format("{}: expected {} values on the line, got {}", what, expected, f.size()),
            next_);
      for (const auto& tok : f) out.push_back(number(tok, what));
    }
    return out;
  }
  InputError error(const std::string& message, std::size_t line) const {
    return InputError(fmt::format("{}:{}: {}", name_, line, message));
  }
  std::size_t line() const { return next_; }

 private:
  std::string name_;
  std::vector<std::string> lines_;
  std::size_t next_ = 0;
};

PathInfoPoint read_point(Lines& lines, std::size_t n_dof, bool with_frequencies) {
  PathInfoPoint p;
  auto e = lines.fields("an energy");
  if (e.size() != 1)
    throw lines.error(fmt::format("energy line: expected 1 value, got {}", e.size()), lines.line());
  p.energy = lines.number(e[0], "energy");
  // The order, then the symbol in four columns, which may hold a blank ("O h ").
  const std::string pg = lines.raw("a point-group line");
  const std::size_t begin = pg.find_first_not_of(" \t");
  const std::size_t end = pg.find_first_of(" \t", begin);
  const std::string order_text =
      pg.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
  int order = 0;
  auto [ptr, ec] = std::from_chars(order_text.data(), order_text.data() + order_text.size(), order);
  if (ec != std::errc() || ptr != order_text.data() + order_text.size() || order < 1)
    throw lines.error(
        fmt::format("point-group order: expected a positive integer, got '{}'", order_text),
        lines.line());
  const std::size_t symbol_begin =
      end == std::string::npos ? std::string::npos : pg.find_first_not_of(" \t", end);
  if (symbol_begin == std::string::npos)
    throw lines.error("point-group line: expected the order and the symbol", lines.line());
  p.pgorder = order;
  p.point_group = pg.substr(symbol_begin, pg.find_last_not_of(" \t\r") + 1 - symbol_begin);
  if (with_frequencies) p.eigenvalues = lines.numbers(n_dof, "Hessian eigenvalues");
  p.coords = lines.numbers(n_dof, "coordinates");
  return p;
}

}  // namespace

std::string fortran_g(double value, int width, int digits) {
  const int field = width - 4;
  if (value == 0.0) return fmt::format("{:>{}.{}f}    ", 0.0, field, digits - 1);
  if (!std::isfinite(value)) return fmt::format("{:>{}}", value, width);
  const std::string sci = fmt::format("{:.{}e}", value, digits - 1);  // e.g. -7.122926265e+02
  const std::size_t epos = sci.find('e');
  const int exponent = std::stoi(sci.substr(epos + 1));
  const int before_point = exponent + 1;
  if (before_point >= 0 && before_point <= digits)
    return fmt::format("{:>{}.{}f}    ", value, field, digits - before_point);
  std::string mantissa;
  for (std::size_t i = 0; i < epos; ++i)
    if (std::isdigit(static_cast<unsigned char>(sci[i]))) mantissa += sci[i];
  const int e = exponent + 1;
  const std::string exp_text = std::abs(e) <= 99
                                   ? fmt::format("E{}{:02d}", e < 0 ? '-' : '+', std::abs(e))
                                   : fmt::format("{}{:03d}", e < 0 ? '-' : '+', std::abs(e));
  return fmt::format("{:>{}}", fmt::format("{}0.{}{}", value < 0 ? "-" : "", mantissa, exp_text),
                     width);
}

std::string format_path_info_block(const StationaryPoint& point, bool with_frequencies) {
  std::string out =
      fmt::format("{:25.15f}\n{:6d} {:<4}\n", point.energy, point.pgorder, point.point_group);
  if (with_frequencies) {
    std::vector<double> descending(point.eigenvalues.rbegin(), point.eigenvalues.rend());
    append_three_a_line(out, descending, [](double v) { return fortran_g(v); });
  }
  out += coordinates_block(point.coords);
  return out;
}

void append_path_info_triple(const std::filesystem::path& path_info, const StationaryPoint& min1,
                             const StationaryPoint& ts, const StationaryPoint& min2,
                             bool with_frequencies) {
  const std::string text = format_path_info_block(min1, with_frequencies) +
                           format_path_info_block(ts, with_frequencies) +
                           format_path_info_block(min2, with_frequencies);
  // One O_APPEND write per triple: a reader (or a kill) never sees half of one from us.
  const int fd = ::open(path_info.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0)
    throw RuntimeError(
        fmt::format("{}: cannot open: {}", path_info.string(), std::strerror(errno)));
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t w = ::write(fd, text.data() + done, text.size() - done);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      const int err = errno;
      ::close(fd);
      throw RuntimeError(
          fmt::format("{}: write failed: {}", path_info.string(), std::strerror(err)));
    }
    done += static_cast<std::size_t>(w);
  }
  ::close(fd);
}

std::vector<PathInfoPoint> read_path_info_points(const std::filesystem::path& path_info,
                                                 std::size_t n_dof, bool with_frequencies) {
  Lines lines(path_info);
  std::vector<PathInfoPoint> points;
  while (!lines.at_end()) points.push_back(read_point(lines, n_dof, with_frequencies));
  return points;
}

std::vector<PathInfoTriple> read_path_info(const std::filesystem::path& path_info,
                                           std::size_t n_dof, bool with_frequencies) {
  Lines lines(path_info);
  std::vector<PathInfoTriple> triples;
  while (!lines.at_end()) {
    PathInfoTriple t;
    t.min1 = read_point(lines, n_dof, with_frequencies);
    t.ts = read_point(lines, n_dof, with_frequencies);
    t.min2 = read_point(lines, n_dof, with_frequencies);
    triples.push_back(std::move(t));
  }
  return triples;
}

std::string format_min_data_info(const StationaryPoint& minimum) {
  MinimumRecord record;
  record.energy = minimum.energy;
  record.lnprodfreq = minimum.lnprodfreq;
  record.pgorder = minimum.pgorder;
  record.inertia = minimum.inertia;
  return format_min_data_line(record) + coordinates_block(minimum.coords);
}

}  // namespace landscape

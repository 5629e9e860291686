// ts.data reading with validation, and its line format.

#include "common/io/ts_database.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include "common/io/errors.hpp"

namespace landscape {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

std::string read_whole(const std::filesystem::path& path, const std::string& display_name) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DatabaseError(fmt::format("{}: cannot open", display_name));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw DatabaseError(fmt::format("{}: read failed", display_name));
  return ss.str();
}

/// A 1-based minimum index in field f (1-based) of a line; the problem, if any, in error.
std::optional<std::size_t> parse_index(std::string_view field, int f, const char* name, std::string& error) {
  const char* first = field.data();
  const char* last = field.data() + field.size();
  if (first != last && *first == '+') ++first;
  long long value = 0;
  auto [ptr, ec] = std::from_chars(first, last, value);
  if (ec != std::errc() || ptr != last) {
    error = fmt::format("field {} ({}): expected a minimum index, got '{}'", f, name, field);
    return std::nullopt;
  }
  if (value < 1) {
    error = fmt::format("field {} ({}): minimum indices start at 1, got {}", f, name, value);
    return std::nullopt;
  }
  return static_cast<std::size_t>(value);
}

}  // namespace

std::optional<double> parse_fortran_real(std::string_view field) {
  char buffer[64];
  if (field.empty() || field.size() >= sizeof buffer) return std::nullopt;
  std::size_t n = 0;
  for (char c : field) buffer[n++] = (c == 'D' || c == 'd') ? 'e' : c;
  const char* first = buffer;
  const char* last = buffer + n;
  if (*first == '+') ++first;
  double value = 0.0;
  auto [ptr, ec] = std::from_chars(first, last, value);
  if (ec != std::errc() || ptr != last || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::size_t split_fields(std::string_view line, std::vector<std::string_view>& fields,
                         std::size_t max_fields) {
  fields.clear();
  std::size_t count = 0;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && is_blank(line[i])) ++i;
    const std::size_t start = i;
    while (i < line.size() && !is_blank(line[i])) ++i;
    if (i > start) {
      if (fields.size() < max_fields) fields.push_back(line.substr(start, i - start));
      ++count;
    }
  }
  return count;
}

std::vector<TransitionStateRecord> read_ts_data(const std::filesystem::path& path,
                                                const std::string& display_name,
                                                std::size_t n_minima, TsDataColumns columns) {
  const std::string text = read_whole(path, display_name);
  const bool full = columns == TsDataColumns::kFull;
  const std::size_t needed = full ? 8 : 5;
  std::vector<TransitionStateRecord> out;
  out.reserve(text.size() / 120 + 1);
  std::vector<std::string_view> fields;
  fields.reserve(9);
  std::size_t line_no = 0;
  std::size_t first_blank = 0;  // line number of the first blank line not yet followed by data
  auto fail = [&](const std::string& message) {
    throw DatabaseError(fmt::format("{}:{}: {}", display_name, line_no, message));
  };
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    const std::string_view line(text.data() + pos, end - pos);
    pos = end + 1;
    ++line_no;
    const std::size_t n = split_fields(line, fields, 9);
    if (n == 0) {
      if (first_blank == 0) first_blank = line_no;
      continue;
    }
    if (first_blank != 0) {
      line_no = first_blank;
      fail("blank line: every line of ts.data is a transition state");
    }
    if (n < needed || (full && n > 9))
      fail(full ? fmt::format("expected 8 fields (9 with IMFRQ), got {}", n)
                : fmt::format("expected at least 5 fields (E lnprodfreq pgorder min1 min2), got {}", n));
    TransitionStateRecord r;
    static constexpr const char* kRealNames[] = {"energy", "lnprodfreq"};
    for (int f = 0; f < 2; ++f) {
      const auto v = parse_fortran_real(fields[f]);
      if (!v) fail(fmt::format("field {} ({}): expected a finite real number, got '{}'", f + 1, kRealNames[f], fields[f]));
      (f == 0 ? r.energy : r.lnprodfreq) = *v;
    }
    {
      const char* first = fields[2].data();
      const char* last = first + fields[2].size();
      if (first != last && *first == '+') ++first;
      auto [ptr, ec] = std::from_chars(first, last, r.pgorder);
      if (ec != std::errc() || ptr != last) fail(fmt::format("field 3 (pgorder): expected an integer, got '{}'", fields[2]));
      if (r.pgorder < 1) fail(fmt::format("field 3 (pgorder): point-group order must be at least 1, got {}", r.pgorder));
    }
    std::string error;
    const auto m1 = parse_index(fields[3], 4, "min1", error);
    if (!m1) fail(error);
    const auto m2 = parse_index(fields[4], 5, "min2", error);
    if (!m2) fail(error);
    for (std::size_t m : {*m1, *m2})
      if (m > n_minima)
        fail(fmt::format("minimum {} does not exist (min.data has {} minima)", m, n_minima));
    r.min1 = *m1;
    r.min2 = *m2;
    if (full) {
      static constexpr const char* kInertiaNames[] = {"Ix", "Iy", "Iz"};
      for (int k = 0; k < 3; ++k) {
        const auto v = parse_fortran_real(fields[5 + k]);
        if (!v) fail(fmt::format("field {} ({}): expected a finite real number, got '{}'", 6 + k, kInertiaNames[k], fields[5 + k]));
        r.inertia[k] = *v;
      }
      if (n == 9) {
        const auto v = parse_fortran_real(fields[8]);
        if (!v) fail(fmt::format("field 9 (imaginary frequency): expected a finite real number, got '{}'", fields[8]));
        r.imaginary_frequency = *v;
      }
    }
    out.push_back(r);
  }
  return out;
}

std::string format_ts_data_line(const TransitionStateRecord& r) {
  std::string line = fmt::format("{:>25} {:>25} {:6d} {:9d} {:9d} {:>20} {:>20} {:>20}", r.energy, r.lnprodfreq,
                                 r.pgorder, r.min1, r.min2, r.inertia[0], r.inertia[1], r.inertia[2]);
  if (r.imaginary_frequency) line += fmt::format(" {:>20}", *r.imaginary_frequency);
  line += '\n';
  return line;
}

}  // namespace landscape

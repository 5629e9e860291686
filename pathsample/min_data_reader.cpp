#include "pathsample/min_data_reader.hpp"

#include <fmt/format.h>

#include <charconv>
#include <fstream>
#include <sstream>

#include "common/io/errors.hpp"
#include "common/io/text_file.hpp"
#include "common/io/ts_database.hpp"

namespace landscape::pathsample {

std::vector<MinimumRecord> read_min_data(const std::filesystem::path& path, const std::string& display_name,
                                         MinDataColumns columns) {
  const auto contents = read_text_file(path);
  if (!contents) throw DatabaseError(fmt::format("{}: cannot open", display_name));
  const std::string& text = *contents;
  const bool full = columns == MinDataColumns::kFull;
  std::vector<MinimumRecord> out;
  out.reserve(text.size() / 100 + 1);
  std::vector<std::string_view> fields;
  fields.reserve(6);
  std::size_t line_no = 0, first_blank = 0;
  auto fail = [&](const std::string& message) {
    throw DatabaseError(fmt::format("{}:{}: {}", display_name, line_no, message));
  };
  static constexpr const char* kNames[] = {"energy", "lnprodfreq", "pgorder", "Ix", "Iy", "Iz"};
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    const std::string_view line(text.data() + pos, end - pos);
    pos = end + 1;
    ++line_no;
    const std::size_t n = split_fields(line, fields, 6);
    if (n == 0) {
      if (first_blank == 0) first_blank = line_no;
      continue;
    }
    if (first_blank != 0) {
      line_no = first_blank;
      fail("blank line: every line of min.data is a minimum (its line number is its index)");
    }
    if (full && n != 6) fail(fmt::format("expected 6 fields, got {}", n));
    MinimumRecord r;
    const std::size_t used = full ? 6 : 1;
    double reals[6] = {};
    for (std::size_t f = 0; f < used; ++f) {
      if (f == 2) {
        const char* first = fields[2].data();
        const char* last = first + fields[2].size();
        if (first != last && *first == '+') ++first;
        auto [ptr, ec] = std::from_chars(first, last, r.pgorder);
        if (ec != std::errc() || ptr != last) fail(fmt::format("field 3 (pgorder): expected an integer, got '{}'", fields[2]));
        if (r.pgorder < 1) fail(fmt::format("field 3 (pgorder): point-group order must be at least 1, got {}", r.pgorder));
        continue;
      }
      const auto v = parse_fortran_real(fields[f]);
      if (!v) fail(fmt::format("field {} ({}): expected a finite real number, got '{}'", f + 1, kNames[f], fields[f]));
      reals[f] = *v;
    }
    r.energy = reals[0];
    r.lnprodfreq = reals[1];
    r.inertia = {reals[3], reals[4], reals[5]};
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace landscape::pathsample

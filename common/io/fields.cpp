#include "common/io/fields.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "common/io/errors.hpp"
#include "common/io/text_file.hpp"

namespace landscape {

std::optional<double> parse_fortran_real(std::string_view field) {
  // from_chars reads E exponents only: D and d become e in a copy (on the stack for any number).
  char buffer[128];
  if (field.empty() || field.size() >= sizeof buffer) return std::nullopt;
  std::size_t n = 0;
  for (char c : field) buffer[n++] = (c == 'D' || c == 'd') ? 'e' : c;
  const char* first = buffer;
  const char* last = buffer + n;
  if (*first == '+') ++first;
  double value = 0.0;
  const auto [ptr, ec] = std::from_chars(first, last, value);
  if (ec != std::errc() || ptr != last || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<long long> parse_integer(std::string_view field) {
  const char* first = field.data();
  const char* last = field.data() + field.size();
  if (first != last && *first == '+') ++first;
  long long value = 0;
  const auto [ptr, ec] = std::from_chars(first, last, value);
  if (first == last || ec != std::errc() || ptr != last) return std::nullopt;
  return value;
}

std::size_t split_fields(std::string_view line, std::vector<std::string_view>& fields,
                         std::size_t max_fields) {
  fields.clear();
  std::size_t count = 0;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && is_field_blank(line[i])) ++i;
    const std::size_t start = i;
    while (i < line.size() && !is_field_blank(line[i])) ++i;
    if (i > start) {
      if (fields.size() < max_fields) fields.push_back(line.substr(start, i - start));
      ++count;
    }
  }
  return count;
}

void parse_record_lines(const std::filesystem::path& path, const std::string& display_name,
                        std::string_view record_noun,
                        const std::function<std::optional<std::string>(std::string_view)>& parse,
                        std::vector<std::string>* torn_notes) {
  const auto contents = read_text_file(path);
  if (!contents) throw DatabaseError(fmt::format("{}: cannot open", display_name));
  const std::string& text = *contents;
  std::vector<std::string_view> fields;
  std::size_t line_no = 0;
  std::size_t first_blank = 0;  // line number of the first blank line not yet followed by data
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t end = text.find('\n', pos);
    const bool torn = end == std::string::npos;
    if (torn) end = text.size();
    const std::string_view line(text.data() + pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (torn && split_fields(line, fields, 1) != 0) {
      const std::string excerpt =
          line.size() > 60 ? std::string(line.substr(0, 57)) + "..." : std::string(line);
      if (!torn_notes)
        throw InputError(fmt::format(
            "{}:{}: an incomplete last line (no newline at the end): \"{}\"; a run killed while "
            "appending to the database leaves this, and this run only reads the database. Repair "
            "it with a run that writes the database in this directory (pathsample with "
            "STARTFROMPATH, ADDPATH, MERGEDB or CYCLES, or gmin with DATABASE: it cuts the torn "
            "tail), or remove the line",
            display_name, line_no, excerpt));
      torn_notes->push_back(fmt::format(
          "{}:{}: an incomplete last line (no newline at the end: its write was cut off) is "
          "left out: \"{}\"",
          display_name, line_no, excerpt));
      break;
    }
    if (split_fields(line, fields, 1) == 0) {
      if (first_blank == 0) first_blank = line_no;
      continue;
    }
    if (first_blank != 0) {
      throw DatabaseError(fmt::format("{}:{}: blank line: every line of {} is a {}", display_name,
                                      first_blank, display_name, record_noun));
    }
    if (auto problem = parse(line)) {
      throw DatabaseError(fmt::format("{}:{}: {}", display_name, line_no, *problem));
    }
  }
}

}  // namespace landscape

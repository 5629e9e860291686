#pragma once
// Numbers and fields as the programs' text files hold them: the one Fortran-number parser (D
// exponents) and the one blank-separated field splitter of every reader (keyword files, coords,
// finish, MLPdata, path.info, min.data, ts.data), and the walk over the lines of a database text
// file whose line numbers are indices.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace landscape {

/// A real number as Fortran or C writes it (`1.5D+02`, `1.5d2`, `1.5E2`, optional leading +);
/// nullopt unless the whole field is a finite number (nan and inf are refused).
std::optional<double> parse_fortran_real(std::string_view field);

/// A whole number (optional leading +); nullopt unless the whole field is one that fits.
std::optional<long long> parse_integer(std::string_view field);

/// True for the blanks that separate fields: space, tab, carriage return, vertical tab, form feed.
inline bool is_field_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/// Splits a line at blanks into at most max_fields fields (the rest is ignored) and returns how
/// many fields the line really has.
std::size_t split_fields(std::string_view line, std::vector<std::string_view>& fields,
                         std::size_t max_fields);

/// Calls parse(line) for every line of a database text file (min.data, ts.data) whose line number
/// is the record's index. Trailing blank lines are ignored; a blank line before the last record
/// throws DatabaseError as `display_name:LINE: blank line: every line of display_name is a
/// <record_noun>`, and a problem that parse returns as `display_name:LINE: problem`. A missing
/// file throws DatabaseError (`display_name: cannot open`). A last line without its newline is a
/// torn tail (a write cut off): it is never parsed as a record. With torn_notes it is left out
/// and a note appended (`ts.data:12: an incomplete last line ... is left out`); without, it
/// throws InputError (exit status 1: `ts.data:12: an incomplete last line (no newline at the
/// end): "..."; a run killed while appending ...`, saying how to repair it), since readers that
/// are given no place for the note only read the database and never repair it.
void parse_record_lines(const std::filesystem::path& path, const std::string& display_name,
                        std::string_view record_noun,
                        const std::function<std::optional<std::string>(std::string_view)>& parse,
                        std::vector<std::string>* torn_notes = nullptr);

}  // namespace landscape

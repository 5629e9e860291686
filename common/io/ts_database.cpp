// ts.data reading with validation, and its line format.

#include "common/io/ts_database.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include "common/io/errors.hpp"
#include "common/io/fields.hpp"

namespace landscape {
namespace {

/// A 1-based minimum index in field f (1-based) of a line; the problem, if any, in error.
std::optional<std::size_t> parse_index(std::string_view field, int f, const char* name,
                                       std::string& error) {
  const std::optional<long long> parsed = parse_integer(field);
  if (!parsed) {
    error = fmt::format("field {} ({}): expected a minimum index, got '{}'", f, name, field);
    return std::nullopt;
  }
  const long long value = *parsed;
  if (value < 1) {
    error = fmt::format("field {} ({}): minimum indices start at 1, got {}", f, name, value);
    return std::nullopt;
  }
  return static_cast<std::size_t>(value);
}

}  // namespace

std::optional<std::string> parse_ts_data_line(std::string_view line, std::size_t n_minima,
                                              TsDataColumns columns, TransitionStateRecord& r) {
  const bool full = columns == TsDataColumns::kFull;
  const std::size_t needed = full ? 8 : 5;
  std::vector<std::string_view> fields;
  const std::size_t n = split_fields(line, fields, 9);
  if (n < needed || (full && n > 9))
    return full ? fmt::format("expected 8 fields (9 with IMFRQ), got {}", n)
                : fmt::format("expected at least 5 fields (E lnprodfreq pgorder min1 min2), got {}",
                              n);
  static constexpr const char* kRealNames[] = {"energy", "lnprodfreq"};
  for (int f = 0; f < 2; ++f) {
    const auto v = parse_fortran_real(fields[f]);
    if (!v)
      return fmt::format("field {} ({}): expected a finite real number, got '{}'", f + 1,
                         kRealNames[f], fields[f]);
    (f == 0 ? r.energy : r.lnprodfreq) = *v;
  }
  {
    const char* first = fields[2].data();
    const char* last = first + fields[2].size();
    if (first != last && *first == '+') ++first;
    auto [ptr, ec] = std::from_chars(first, last, r.pgorder);
    if (ec != std::errc() || ptr != last)
      return fmt::format("field 3 (pgorder): expected an integer, got '{}'", fields[2]);
    if (r.pgorder < 1)
      return fmt::format("field 3 (pgorder): point-group order must be at least 1, got {}",
                         r.pgorder);
  }
  std::string error;
  const auto m1 = parse_index(fields[3], 4, "min1", error);
  if (!m1) return error;
  const auto m2 = parse_index(fields[4], 5, "min2", error);
  if (!m2) return error;
  for (std::size_t m : {*m1, *m2})
    if (m > n_minima)
      return fmt::format("minimum {} does not exist (min.data has {} minima)", m, n_minima);
  r.min1 = *m1;
  r.min2 = *m2;
  if (full) {
    static constexpr const char* kInertiaNames[] = {"Ix", "Iy", "Iz"};
    for (int k = 0; k < 3; ++k) {
      const auto v = parse_fortran_real(fields[5 + k]);
      if (!v)
        return fmt::format("field {} ({}): expected a finite real number, got '{}'", 6 + k,
                           kInertiaNames[k], fields[5 + k]);
      r.inertia[k] = *v;
    }
    r.imaginary_frequency.reset();
    if (n == 9) {
      const auto v = parse_fortran_real(fields[8]);
      if (!v)
        return fmt::format("field 9 (imaginary frequency): expected a finite real number, got '{}'",
                           fields[8]);
      r.imaginary_frequency = *v;
    }
  }
  return std::nullopt;
}

std::vector<TransitionStateRecord> read_ts_data(const std::filesystem::path& path,
                                                const std::string& display_name,
                                                std::size_t n_minima, TsDataColumns columns,
                                                std::vector<std::string>* torn_notes) {
  std::vector<TransitionStateRecord> out;
  parse_record_lines(
      path, display_name, "transition state",
      [&](std::string_view line) {
        TransitionStateRecord r;
        auto problem = parse_ts_data_line(line, n_minima, columns, r);
        if (!problem) out.push_back(std::move(r));
        return problem;
      },
      torn_notes);
  return out;
}

const RecordKind& ts_data_kind() {
  static const RecordKind kind{"ts.data", "points.ts", "transition state", "transition states"};
  return kind;
}

std::vector<std::string> TsDatabase::check(const std::filesystem::path& dir, std::size_t n_dof,
                                           std::size_t n_minima) {
  TransitionStateRecord scratch;
  return RecordFiles::check(dir, ts_data_kind(), n_dof, [&](std::string_view line, std::size_t) {
    return parse_ts_data_line(line, n_minima, TsDataColumns::kFull, scratch);
  });
}

TsDatabase TsDatabase::open(const std::filesystem::path& dir, std::size_t n_dof,
                            std::size_t n_minima) {
  TsDatabase db;
  db.n_dof_ = n_dof;
  std::vector<double> points;
  db.files_ = RecordFiles::open(
      dir, ts_data_kind(), n_dof,
      [&](std::string_view line, std::size_t) {
        TransitionStateRecord record;
        auto problem = parse_ts_data_line(line, n_minima, TsDataColumns::kFull, record);
        if (!problem) db.records_.push_back(std::move(record));
        return problem;
      },
      points);
  for (std::size_t k = 0; k < db.records_.size(); ++k)
    db.records_[k].coords.assign(points.begin() + static_cast<std::ptrdiff_t>(k * n_dof),
                                 points.begin() + static_cast<std::ptrdiff_t>((k + 1) * n_dof));
  return db;
}

std::size_t TsDatabase::append(const TransitionStateRecord& record, std::size_t n_minima) {
  if (!is_open()) throw DatabaseError("append to a transition-state database that is not open");
  const std::string where = files_.data_path().lexically_normal().string();
  if (record.coords.size() != n_dof_)
    throw DatabaseError(
        fmt::format("{}: cannot append a transition state with {} coordinates to a database of {} "
                    "per record",
                    where, record.coords.size(), n_dof_));
  const double reals[] = {record.energy, record.lnprodfreq, record.inertia[0], record.inertia[1],
                          record.inertia[2]};
  for (double v : reals)
    if (!std::isfinite(v))
      throw DatabaseError(
          fmt::format("{}: refusing to append a transition state with a non-finite field (E {}, "
                      "lnprodfreq {})",
                      where, record.energy, record.lnprodfreq));
  if (record.pgorder < 1 || record.min1 < 1 || record.min2 < 1 || record.min1 > n_minima ||
      record.min2 > n_minima)
    throw DatabaseError(
        fmt::format("{}: refusing to append a transition state with point-group order {} joining "
                    "minima {} and {} of {}",
                    where, record.pgorder, record.min1, record.min2, n_minima));
  return append_record(files_, records_, format_ts_data_line(record), record);
}

std::string format_ts_data_line(const TransitionStateRecord& r) {
  std::string line =
      fmt::format("{:>25} {:>25} {:6d} {:9d} {:9d} {:>20} {:>20} {:>20}", r.energy, r.lnprodfreq,
                  r.pgorder, r.min1, r.min2, r.inertia[0], r.inertia[1], r.inertia[2]);
  if (r.imaginary_frequency) line += fmt::format(" {:>20}", *r.imaginary_frequency);
  line += '\n';
  return line;
}

}  // namespace landscape

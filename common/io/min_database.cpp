// min.data + points.min: the min.data line format on the crash-safe RecordFiles.

#include "common/io/min_database.hpp"

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <optional>
#include <string_view>
#include <utility>

#include "common/io/errors.hpp"
#include "common/io/fields.hpp"
#include "common/io/ts_database.hpp"

namespace landscape {
namespace {

constexpr std::size_t kFields = 6;
constexpr const char* kFieldNames[kFields] = {"energy", "lnprodfreq", "pgorder", "Ix", "Iy", "Iz"};

}  // namespace

std::optional<std::string> parse_min_data_line(std::string_view line, MinimumRecord& out,
                                               MinDataColumns columns) {
  std::vector<std::string_view> fields;
  const std::size_t n = split_fields(line, fields, kFields + 1);
  const bool full = columns == MinDataColumns::kFull;
  if (full && n != kFields) return fmt::format("expected {} fields, got {}", kFields, n);
  double reals[kFields] = {};
  for (std::size_t f = 0; f < (full ? kFields : 1); ++f) {
    if (f == 2) {
      const std::optional<long long> order = parse_integer(fields[f]);
      if (!order || *order > std::numeric_limits<int>::max()) {
        return fmt::format("field 3 (pgorder): expected an integer, got '{}'", fields[f]);
      }
      if (*order < 1) {
        return fmt::format("field 3 (pgorder): point-group order must be at least 1, got {}",
                           *order);
      }
      out.pgorder = static_cast<int>(*order);
      continue;
    }
    std::optional<double> value = parse_fortran_real(fields[f]);
    if (!value) {
      return fmt::format("field {} ({}): expected a finite real number, got '{}'", f + 1,
                         kFieldNames[f], fields[f]);
    }
    reals[f] = *value;
  }
  out.energy = reals[0];
  if (full) {
    out.lnprodfreq = reals[1];
    out.inertia = {reals[3], reals[4], reals[5]};
  }
  return std::nullopt;
}

std::vector<MinimumRecord> read_min_data(const std::filesystem::path& path,
                                         const std::string& display_name, MinDataColumns columns,
                                         std::vector<std::string>* torn_notes) {
  std::vector<MinimumRecord> out;
  parse_record_lines(
      path, display_name, "minimum (its line number is its index)",
      [&](std::string_view line) {
        MinimumRecord r;
        auto problem = parse_min_data_line(line, r, columns);
        if (!problem) out.push_back(std::move(r));
        return problem;
      },
      torn_notes);
  return out;
}

std::string format_min_data_line(const MinimumRecord& record) {
  return fmt::format("{:>25} {:>25} {:6d} {:>20} {:>20} {:>20}\n", record.energy, record.lnprodfreq,
                     record.pgorder, record.inertia[0], record.inertia[1], record.inertia[2]);
}

const RecordKind& min_data_kind() {
  static const RecordKind kind{"min.data", "points.min", "minimum", "minima"};
  return kind;
}

std::vector<std::string> check_min_database(const std::filesystem::path& dir, std::size_t n_dof) {
  MinimumRecord scratch;
  return RecordFiles::check(dir, min_data_kind(), n_dof, [&](std::string_view line, std::size_t) {
    return parse_min_data_line(line, scratch);
  });
}

std::vector<MinimumRecord> read_min_database(const std::filesystem::path& dir, std::size_t n_dof) {
  if (const auto repairs = check_min_database(dir, n_dof); !repairs.empty())
    throw InputError(fmt::format(
        "{}: a torn tail (a run that writes the database would repair it: {}); a run killed "
        "while appending to the database leaves this, and this run only reads the database. "
        "Repair it with a run that writes the database there (pathsample with STARTFROMPATH, "
        "ADDPATH, MERGEDB or CYCLES, or gmin with DATABASE)",
        dir.string(), repairs.front()));
  std::vector<MinimumRecord> records = read_min_data(dir / "min.data", "min.data");
  std::ifstream points(dir / "points.min", std::ios::binary);
  std::vector<double> buffer(n_dof);
  for (auto& r : records) {
    points.read(reinterpret_cast<char*>(buffer.data()),
                static_cast<std::streamsize>(n_dof * sizeof(double)));
    if (!points) throw DatabaseError(fmt::format("{}: cannot read points.min", dir.string()));
    r.coords = buffer;
  }
  return records;
}

MinDatabase MinDatabase::open(const std::filesystem::path& dir, std::size_t n_dof) {
  MinDatabase db;
  db.n_dof_ = n_dof;
  std::vector<MinimumRecord> records;
  std::vector<double> points;
  db.files_ = RecordFiles::open(
      dir, min_data_kind(), n_dof,
      [&](std::string_view line, std::size_t) {
        MinimumRecord record;
        auto problem = parse_min_data_line(line, record);
        if (!problem) records.push_back(std::move(record));
        return problem;
      },
      points);
  for (std::size_t k = 0; k < records.size(); ++k)
    records[k].coords.assign(points.begin() + static_cast<std::ptrdiff_t>(k * n_dof),
                             points.begin() + static_cast<std::ptrdiff_t>((k + 1) * n_dof));
  db.records_ = std::move(records);
  return db;
}

std::size_t MinDatabase::append(const MinimumRecord& record) {
  if (!is_open()) throw DatabaseError("append to a minima database that is not open");
  if (record.coords.size() != n_dof_) {
    throw DatabaseError(fmt::format(
        "{}: cannot append a minimum with {} coordinates to a database of {} per record",
        points_path().lexically_normal().string(), record.coords.size(), n_dof_));
  }
  const double reals[] = {record.energy, record.lnprodfreq, record.inertia[0], record.inertia[1],
                          record.inertia[2]};
  for (double v : reals) {
    if (!std::isfinite(v)) {
      throw DatabaseError(
          fmt::format("{}: refusing to append a minimum with a non-finite field (E {}, lnprodfreq "
                      "{}, inertia {} {} {})",
                      data_path().lexically_normal().string(), record.energy, record.lnprodfreq,
                      record.inertia[0], record.inertia[1], record.inertia[2]));
    }
  }
  if (record.pgorder < 1) {
    throw DatabaseError(fmt::format("{}: refusing to append a minimum with point-group order {}",
                                    data_path().lexically_normal().string(), record.pgorder));
  }
  // Everything that can throw without touching the disk happens first.
  return append_record(files_, records_, format_min_data_line(record), record);
}

}  // namespace landscape

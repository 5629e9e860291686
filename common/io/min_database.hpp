#pragma once
// The minima database in PATHSAMPLE's format: min.data (text, one line per minimum,
// "E lnprodfreq pgorder Ix Iy Iz") and points.min (raw native doubles, one record of n_dof per line
// of min.data). Appends are crash-safe; opening repairs a torn tail and refuses corruption
// (doc/file_formats.md).

#include <array>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/io/record_files.hpp"

namespace landscape {

/// One minimum as stored in min.data and points.min.
struct MinimumRecord {
  double energy = 0.0;
  double lnprodfreq = 0.0;
  int pgorder = 1;
  std::array<double, 3> inertia{};  ///< principal moments, ascending
  std::vector<double> coords;       ///< n_dof values
};

/// min.data + points.min in one directory, kept in memory and appended to on disk through
/// RecordFiles (its comment says how appends survive a kill and what opening repairs).
class MinDatabase {
 public:
  /// An empty database backed by no files; append() throws. Assign the result of open() to it.
  MinDatabase() = default;

  /// Opens the database in dir (file names min.data and points.min), creating empty files if
  /// neither exists. A torn tail (last min.data line without newline, last points record cut
  /// short, exactly one points record more than min.data lines) is cut back; each repair is
  /// described in repairs(). Anything else that does not match throws DatabaseError naming the
  /// file and both counts, and changes nothing. Fortran D exponents (1.5D+02) are read.
  static MinDatabase open(const std::filesystem::path& dir, std::size_t n_dof);

  std::size_t size() const { return records_.size(); }
  std::size_t n_dof() const { return n_dof_; }
  const MinimumRecord& operator[](std::size_t i) const { return records_[i]; }
  const std::vector<MinimumRecord>& records() const { return records_; }
  /// What opening repaired, one sentence each (empty when the files were consistent).
  const std::vector<std::string>& repairs() const { return files_.repairs(); }
  /// True once open() has succeeded (false for a default-constructed or moved-from object).
  bool is_open() const { return files_.is_open(); }
  const std::filesystem::path& data_path() const { return files_.data_path(); }
  const std::filesystem::path& points_path() const { return files_.points_path(); }

  /// Appends a minimum: the points record is written first, then the min.data line, each with a
  /// single write(2), so a kill at any moment leaves at most a torn tail. Returns the 1-based
  /// index. Throws DatabaseError, writing nothing, if coords does not hold n_dof values, a real
  /// field is not finite or pgorder < 1. If a write fails (disk full), it throws DatabaseError and
  /// the object refuses further appends: reopen the database to cut the torn tail.
  std::size_t append(const MinimumRecord& record);

 private:
  RecordFiles files_;
  std::size_t n_dof_ = 0;
  std::vector<MinimumRecord> records_;
};

/// The min.data line of a record, newline included: "E lnprodfreq pgorder Ix Iy Iz" in columns
/// (widths 25 25 6 20 20 20). Reals are written in the shortest form that reads back bit-exactly
/// (fixed notation for ordinary magnitudes, e.g. -173.92842659062796), which PATHSAMPLE's
/// free-format read accepts.
std::string format_min_data_line(const MinimumRecord& record);

/// The RecordKind of min.data and points.min.
const RecordKind& min_data_kind();

/// How much of each min.data line a reader needs.
enum class MinDataColumns {
  kFull,       ///< E lnprodfreq pgorder Ix Iy Iz, all checked
  kEnergyOnly  ///< only the energy (what disconnectionDPS reads); further fields are ignored
};

/// Parses one min.data line into out (coordinates untouched); returns the problem, if any
/// (`expected 6 fields, got 5`). With kEnergyOnly only the energy is read and set.
std::optional<std::string> parse_min_data_line(std::string_view line, MinimumRecord& out,
                                               MinDataColumns columns = MinDataColumns::kFull);

/// min.data read on its own, without points.min, for runs that need no coordinates (the heat
/// capacity, disconnect, NOPOINTS). Every line is a minimum (line number = index); trailing blank
/// lines are ignored, any other blank line or malformed field throws DatabaseError as
/// `min.data:40: expected 6 fields, got 5` (display_name names the file). The records have no
/// coordinates; with kEnergyOnly only their energies are set.
/// A torn last line is left out with a note in torn_notes (parse_record_lines), or throws
/// without torn_notes.
std::vector<MinimumRecord> read_min_data(const std::filesystem::path& path,
                                         const std::string& display_name,
                                         MinDataColumns columns = MinDataColumns::kFull,
                                         std::vector<std::string>* torn_notes = nullptr);

/// Checks the database in dir as MinDatabase::open would and returns the repairs open would make,
/// changing nothing. Throws DatabaseError where open would.
std::vector<std::string> check_min_database(const std::filesystem::path& dir, std::size_t n_dof);

/// min.data and points.min of dir with the coordinates, read without changing anything (another
/// program's database, read only). Throws DatabaseError where open would, and InputError (exit
/// status 1) for a torn tail, which open would repair: the message says how.
std::vector<MinimumRecord> read_min_database(const std::filesystem::path& dir, std::size_t n_dof);

}  // namespace landscape

#pragma once
// The minima database in PATHSAMPLE's format: min.data (text, one line per minimum,
// "E lnprodfreq pgorder Ix Iy Iz") and points.min (raw native doubles, one record of n_dof per line
// of min.data). Appends are crash-safe; opening repairs a torn tail and refuses corruption
// (DESIGN.md, "Files shared by the programs").

#include <array>
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace landscape {

/// One minimum as stored in min.data and points.min.
struct MinimumRecord {
  double energy = 0.0;
  double lnprodfreq = 0.0;
  int pgorder = 1;
  std::array<double, 3> inertia{};  ///< principal moments, ascending
  std::vector<double> coords;       ///< n_dof values
};

/// min.data + points.min in one directory, kept in memory and appended to on disk.
///
/// Crash safety: append() writes the points record and then the min.data line, each with one
/// write(2) on a descriptor opened with O_APPEND. Once write(2) returns, the bytes belong to the
/// kernel, so a killed process (even SIGKILL) loses nothing it had appended; a kill in the middle
/// of an append leaves only a torn tail that open() cuts back. Surviving a power loss would also
/// need fdatasync(2) after each append, which this class deliberately does not do (it would cost a
/// disk flush per minimum). One process at a time may write a database; nothing locks the files.
class MinDatabase {
 public:
  /// An empty database backed by no files; append() throws. Assign the result of open() to it.
  MinDatabase() = default;
  MinDatabase(MinDatabase&& other) noexcept;
  MinDatabase& operator=(MinDatabase&& other) noexcept;
  MinDatabase(const MinDatabase&) = delete;
  MinDatabase& operator=(const MinDatabase&) = delete;
  /// Closes the files (appended data is already with the kernel).
  ~MinDatabase();

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
  const std::vector<std::string>& repairs() const { return repairs_; }
  /// True once open() has succeeded (false for a default-constructed or moved-from object).
  bool is_open() const { return data_fd_ >= 0 && points_fd_ >= 0; }
  const std::filesystem::path& data_path() const { return data_path_; }
  const std::filesystem::path& points_path() const { return points_path_; }

  /// Appends a minimum: the points record is written first, then the min.data line, each with a
  /// single write(2), so a kill at any moment leaves at most a torn tail. Returns the 1-based
  /// index. Throws DatabaseError, writing nothing, if coords does not hold n_dof values, a real
  /// field is not finite or pgorder < 1. If a write fails (disk full), it throws DatabaseError and
  /// the object refuses further appends: reopen the database to cut the torn tail.
  std::size_t append(const MinimumRecord& record);

 private:
  std::filesystem::path data_path_, points_path_;
  std::size_t n_dof_ = 0;
  std::vector<MinimumRecord> records_;
  std::vector<std::string> repairs_;
  int data_fd_ = -1;    ///< min.data, O_RDWR | O_APPEND
  int points_fd_ = -1;  ///< points.min, O_RDWR | O_APPEND
  bool write_failed_ = false;
};

/// The min.data line of a record, newline included: "E lnprodfreq pgorder Ix Iy Iz" in columns
/// (widths 25 25 6 20 20 20). Reals are written in the shortest form that reads back bit-exactly
/// (fixed notation for ordinary magnitudes, e.g. -173.92842659062796), which PATHSAMPLE's
/// free-format read accepts.
std::string format_min_data_line(const MinimumRecord& record);

/// Checks the database in dir as MinDatabase::open would and returns the repairs open would make,
/// changing nothing. Throws DatabaseError where open would.
std::vector<std::string> check_min_database(const std::filesystem::path& dir, std::size_t n_dof);

}  // namespace landscape

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
class MinDatabase {
 public:
  /// Opens the database in dir (file names min.data and points.min), creating empty files if
  /// neither exists. A torn tail (last min.data line without newline, last points record cut
  /// short, exactly one points record more than min.data lines) is cut back; each repair is
  /// described in repairs(). Anything else that does not match throws DatabaseError naming the
  /// file and both counts, and changes nothing.
  static MinDatabase open(const std::filesystem::path& dir, std::size_t n_dof);

  std::size_t size() const { return records_.size(); }
  std::size_t n_dof() const { return n_dof_; }
  const MinimumRecord& operator[](std::size_t i) const { return records_[i]; }
  const std::vector<MinimumRecord>& records() const { return records_; }
  /// What opening repaired, one sentence each (empty when the files were consistent).
  const std::vector<std::string>& repairs() const { return repairs_; }

  /// Appends a minimum: the points record is written first, then the min.data line, each with a
  /// single write(2), so a kill at any moment leaves at most a torn tail. Returns the 1-based index.
  std::size_t append(const MinimumRecord& record);

 private:
  std::filesystem::path data_path_, points_path_;
  std::size_t n_dof_ = 0;
  std::vector<MinimumRecord> records_;
  std::vector<std::string> repairs_;
};

}  // namespace landscape

#pragma once
// One table of a PATHSAMPLE database: a text file with one line per record (min.data, ts.data) and
// a binary file of fixed-size coordinate records, one per line (points.min, points.ts), appended
// crash-safely. Opening repairs a torn tail and refuses corruption (doc/file_formats.md);
// MinDatabase and TsDatabase are this mechanism with their own line formats.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace landscape {

/// The names of one table, for the files and the messages.
struct RecordKind {
  std::string data_name;    ///< "min.data"
  std::string points_name;  ///< "points.min"
  std::string one, many;    ///< "minimum", "minima"
};

/// Parses one complete line (no newline) of the data file, 1-based line number given, and keeps
/// what it read; returns the problem, if any.
using RecordLineParser =
    std::function<std::optional<std::string>(std::string_view line, std::size_t line_no)>;

/// A data file and its points file in one directory, appended to on disk.
///
/// Crash safety: append() writes the points record and then the data line, each with one write(2)
/// on a descriptor opened with O_APPEND. Once write(2) returns the bytes belong to the kernel, so a
/// killed process (even SIGKILL) loses nothing it had appended, and a kill in the middle of an
/// append leaves only a torn tail: a last line without its newline, a partial last record, or one
/// record more than lines. Opening cuts such a tail back and says so in repairs(); anything else
/// that does not match is corruption and throws DatabaseError naming both files and their counts,
/// changing nothing. No fdatasync: a power loss is not covered. One writer at a time.
class RecordFiles;

/// Appends record (its text line, then its coords as a points record) to files and to records,
/// which hold the table in memory; returns the new number of records (the 1-based index). The
/// memory is reserved first, so nothing that can fail comes after the write.
template <class Record>
std::size_t append_record(RecordFiles& files, std::vector<Record>& records, const std::string& line,
                          const Record& record);

class RecordFiles {
 public:
  RecordFiles() = default;
  RecordFiles(RecordFiles&& other) noexcept;
  RecordFiles& operator=(RecordFiles&& other) noexcept;
  RecordFiles(const RecordFiles&) = delete;
  RecordFiles& operator=(const RecordFiles&) = delete;
  ~RecordFiles();

  /// Opens the table in dir, creating empty files if neither exists: every complete line goes to
  /// parse (in order), then the torn tail is cut, then the coordinates of the n lines are read into
  /// points (n * n_dof values).
  static RecordFiles open(const std::filesystem::path& dir, const RecordKind& kind,
                          std::size_t n_dof, const RecordLineParser& parse,
                          std::vector<double>& points);
  /// The repairs open() would make, changing nothing; throws where open() would.
  static std::vector<std::string> check(const std::filesystem::path& dir, const RecordKind& kind,
                                        std::size_t n_dof, const RecordLineParser& parse);

  /// Appends one record: the coordinates (n_dof values) first, then the line (newline included).
  /// After a failed write it throws DatabaseError and refuses further appends until reopened.
  /// Before writing it checks that both paths still name the files it holds open: a file removed
  /// or replaced during the run throws RuntimeError ("min.data was removed during the run; ...")
  /// and nothing is written, then or later.
  void append(std::string_view line, std::span<const double> coords);

  /// Throws RuntimeError (and refuses further appends) if either path no longer names the file
  /// held open: removed (no link left, or nothing at the path) or replaced (another file there).
  void check_in_place();

  bool is_open() const { return data_fd_ >= 0 && points_fd_ >= 0; }
  std::size_t n_dof() const { return n_dof_; }
  const std::vector<std::string>& repairs() const { return repairs_; }
  const std::filesystem::path& data_path() const { return data_path_; }
  const std::filesystem::path& points_path() const { return points_path_; }

 private:
  std::filesystem::path data_path_, points_path_;
  std::size_t n_dof_ = 0;
  std::vector<std::string> repairs_;
  int data_fd_ = -1;    ///< O_RDWR | O_APPEND
  int points_fd_ = -1;  ///< O_RDWR | O_APPEND
  bool write_failed_ = false;
};

/// Refuses, before anything is read or repaired, points files that are exactly one record of
/// another size for each line of their data files: the system (NATOMS, a network's shape) does
/// not match the database. The message says so first (with size_statement, e.g. "the
/// Lennard-Jones cluster of 37 atoms has 111 coordinates"), then the byte counts. Several tables
/// (min and ts) must agree on the other size; a single table counts only where a crash cannot
/// explain its size (otherwise its torn tail is repaired as usual). values_per_item: 3 for atoms
/// (another size must be a whole number of atoms), else 1.
void check_system_size(const std::filesystem::path& dir,
                       const std::vector<const RecordKind*>& kinds, std::size_t n_dof,
                       std::size_t values_per_item, const std::string& size_statement);

template <class Record>
std::size_t append_record(RecordFiles& files, std::vector<Record>& records, const std::string& line,
                          const Record& record) {
  records.reserve(records.size() + 1);
  Record copy = record;
  files.append(line, record.coords);
  records.push_back(std::move(copy));
  return records.size();
}

}  // namespace landscape

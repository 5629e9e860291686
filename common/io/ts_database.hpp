#pragma once
// ts.data in PATHSAMPLE's format: one line per transition state,
// "E lnprodfreq pgorder min1 min2 Ix Iy Iz" (a ninth column, the imaginary frequency, with IMFRQ);
// min1 and min2 are 1-based line numbers of min.data (doc/file_formats.md).

#include <array>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/io/fields.hpp"
#include "common/io/record_files.hpp"

namespace landscape {

/// One transition state as stored in ts.data.
struct TransitionStateRecord {
  double energy = 0.0;
  double lnprodfreq = 0.0;  ///< sum of the logs of the positive Hessian eigenvalues
  int pgorder = 1;
  std::size_t min1 = 0, min2 = 0;             ///< 1-based min.data indices
  std::array<double, 3> inertia{};            ///< principal moments, ascending (0 when not read)
  std::optional<double> imaginary_frequency;  ///< ninth column (IMFRQ), when present
  std::vector<double> coords;  ///< from points.ts (TsDatabase); empty from read_ts_data
};

/// How much of each ts.data line a reader needs.
enum class TsDataColumns {
  kFull,       ///< all 8 fields (9 with IMFRQ), as PATHSAMPLE writes them
  kConnection  ///< only E lnprodfreq pgorder min1 min2 (what disconnectionDPS reads); more are
               ///< ignored
};

/// Reads ts.data at path (shown as display_name in messages) against a min.data of n_minima lines.
/// Every line is checked: the field count, numbers (Fortran D exponents accepted), pgorder >= 1,
/// and min1, min2 naming existing minima. The first problem throws DatabaseError as
/// `ts.data:12: minimum 70 does not exist (min.data has 64 minima)`. Trailing blank lines are
/// ignored; a blank line before the last transition state is an error (line numbers are indices).
/// A missing file throws DatabaseError too; test for it first where it is optional.
/// A torn last line is left out with a note in torn_notes (parse_record_lines), or throws
/// without torn_notes.
std::vector<TransitionStateRecord> read_ts_data(const std::filesystem::path& path,
                                                const std::string& display_name,
                                                std::size_t n_minima,
                                                TsDataColumns columns = TsDataColumns::kFull,
                                                std::vector<std::string>* torn_notes = nullptr);

/// Parses one ts.data line (no newline) against a min.data of n_minima lines into out (coords
/// untouched); returns the problem, if any (`minimum 70 does not exist (min.data has 64 minima)`).
std::optional<std::string> parse_ts_data_line(std::string_view line, std::size_t n_minima,
                                              TsDataColumns columns, TransitionStateRecord& out);

/// The RecordKind of ts.data and points.ts.
const RecordKind& ts_data_kind();

/// ts.data + points.ts in one directory, kept in memory and appended to on disk through
/// RecordFiles (its comment says how appends survive a kill and what opening repairs). A ts.data
/// line naming a minimum beyond min.data is corruption: appends write the minima first, so no kill
/// can leave one.
class TsDatabase {
 public:
  TsDatabase() = default;
  /// Opens the table in dir against a min.data of n_minima lines, creating empty files if neither
  /// exists; repairs a torn tail, throws DatabaseError on anything else that does not match.
  static TsDatabase open(const std::filesystem::path& dir, std::size_t n_dof, std::size_t n_minima);
  /// The repairs open() would make, changing nothing.
  static std::vector<std::string> check(const std::filesystem::path& dir, std::size_t n_dof,
                                        std::size_t n_minima);

  std::size_t size() const { return records_.size(); }
  const TransitionStateRecord& operator[](std::size_t i) const { return records_[i]; }
  const std::vector<TransitionStateRecord>& records() const { return records_; }
  const std::vector<std::string>& repairs() const { return files_.repairs(); }
  bool is_open() const { return files_.is_open(); }

  /// Appends a transition state (record.coords: n_dof values) whose minima exist among n_minima;
  /// returns its 1-based index. Throws DatabaseError, writing nothing, on a bad record.
  std::size_t append(const TransitionStateRecord& record, std::size_t n_minima);

 private:
  RecordFiles files_;
  std::size_t n_dof_ = 0;
  std::vector<TransitionStateRecord> records_;
};

/// The ts.data line of a record, newline included: reals in the shortest form that reads back
/// bit-exactly, in columns (the IMFRQ column only when present).
std::string format_ts_data_line(const TransitionStateRecord& record);

}  // namespace landscape

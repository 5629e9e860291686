// MinDatabase: round trips, the torn-tail repairs, corruption errors that change nothing, and every
// state a kill in the middle of append() can leave.

#include "common/io/min_database.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <initializer_list>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "common/io/errors.hpp"
#include "tests/unit/io/min_database_test_util.hpp"

namespace landscape {
namespace {

namespace fs = std::filesystem;
using testing::Contains;
using testing::expect_same_record;
using testing::make_record;
using testing::read_bytes;
using testing::TempDir;
using testing::write_bytes;

constexpr std::size_t kDof = 6;  // two atoms
constexpr std::size_t kRecordBytes = kDof * sizeof(double);

/// Builds a consistent database of n records in dir and returns them.
std::vector<MinimumRecord> build(const fs::path& dir, std::size_t n, std::size_t n_dof = kDof) {
  MinDatabase db = MinDatabase::open(dir, n_dof);
  std::vector<MinimumRecord> want;
  for (std::size_t i = 0; i < n; ++i) {
    want.push_back(make_record(i, n_dof));
    EXPECT_EQ(db.append(want.back()), i + 1);
  }
  return want;
}

void expect_records(const MinDatabase& db, const std::vector<MinimumRecord>& want, std::size_t n) {
  ASSERT_EQ(db.size(), n);
  for (std::size_t i = 0; i < n; ++i) {
    SCOPED_TRACE(i);
    expect_same_record(db[i], want[i]);
  }
}

/// Expects open() to throw DatabaseError whose message holds every piece, and both files to be
/// byte-for-byte (and existence-for-existence) what they were.
void expect_refused(const TempDir& dir, std::initializer_list<std::string> pieces,
                    std::size_t n_dof = kDof) {
  const bool data_existed = fs::exists(dir.data());
  const bool points_existed = fs::exists(dir.points());
  const std::string data_before = read_bytes(dir.data());
  const std::string points_before = read_bytes(dir.points());
  try {
    MinDatabase::open(dir.path(), n_dof);
    ADD_FAILURE() << "open() accepted a corrupt database";
  } catch (const DatabaseError& e) {
    for (const std::string& piece : pieces) EXPECT_TRUE(Contains(e.what(), piece));
  }
  EXPECT_EQ(fs::exists(dir.data()), data_existed);
  EXPECT_EQ(fs::exists(dir.points()), points_existed);
  EXPECT_EQ(read_bytes(dir.data()), data_before);
  EXPECT_EQ(read_bytes(dir.points()), points_before);
}

/// After a repair the files must be consistent: reopening repairs nothing.
void expect_clean_reopen(const TempDir& dir, std::size_t n) {
  MinDatabase again = MinDatabase::open(dir.path(), kDof);
  EXPECT_EQ(again.size(), n);
  EXPECT_TRUE(again.repairs().empty()) << again.repairs().front();
  EXPECT_EQ(fs::file_size(dir.points()), n * kRecordBytes);
}

/// A database of n minima with data_tail appended to min.data and points_tail to points.min:
/// open() keeps exactly the n minima, makes one repair per piece and cuts both files back
/// (testing::expect_tails_cut). Returns the repairs.
std::vector<std::string> expect_tails_cut(std::size_t n, const std::string& data_tail,
                                          const std::string& points_tail,
                                          const std::vector<std::string>& pieces) {
  TempDir dir;
  const std::vector<MinimumRecord> want = build(dir.path(), n);
  return testing::expect_tails_cut(
      dir.data(), dir.points(), data_tail, points_tail, pieces,
      [&] {
        MinDatabase db = MinDatabase::open(dir.path(), kDof);
        expect_records(db, want, n);
        return db.repairs();
      },
      [&] { expect_clean_reopen(dir, n); });
}

TEST(MinDatabase, NewDirectoryGivesEmptyDatabaseAndCreatesBothFiles) {
  TempDir dir;
  MinDatabase db = MinDatabase::open(dir.path(), kDof);
  EXPECT_TRUE(db.is_open());
  EXPECT_EQ(db.size(), 0u);
  EXPECT_EQ(db.n_dof(), kDof);
  EXPECT_TRUE(db.repairs().empty());
  EXPECT_EQ(fs::file_size(dir.data()), 0u);
  EXPECT_EQ(fs::file_size(dir.points()), 0u);
}

TEST(MinDatabase, AppendThenReopenGivesIdenticalRecords) {
  TempDir dir;
  std::vector<MinimumRecord> want = build(dir.path(), 5);
  // Awkward magnitudes must survive too.
  MinimumRecord odd = make_record(99, kDof);
  odd.energy = -1.234567890123456789e-7;
  odd.lnprodfreq = 3.0e21;
  odd.inertia = {0.0, 1e-300, 5e-324};
  odd.coords[0] = std::numeric_limits<double>::quiet_NaN();  // raw bytes, not interpreted
  odd.coords[1] = -0.0;
  {
    MinDatabase db = MinDatabase::open(dir.path(), kDof);
    EXPECT_EQ(db.append(odd), 6u);
    want.push_back(odd);
    expect_records(db, want, 6);
  }
  MinDatabase db = MinDatabase::open(dir.path(), kDof);
  EXPECT_TRUE(db.repairs().empty());
  expect_records(db, want, 6);
  EXPECT_TRUE(std::isnan(db[5].coords[0]));
  EXPECT_TRUE(std::signbit(db[5].coords[1]));
  EXPECT_EQ(fs::file_size(dir.points()), 6 * kRecordBytes);
  EXPECT_EQ(db.records().size(), 6u);
}

TEST(MinDatabase, LineFormatIsSixColumnsOfShortestRoundTripNumbers) {
  MinimumRecord r;
  r.energy = -173.928426590627964;
  r.lnprodfreq = 538.668902793976144;
  r.pgorder = 48;
  r.inertia = {61.0912066056, 61.0912067955, 61.0912072523};
  const std::string line = format_min_data_line(r);
  EXPECT_EQ(line,
            "      -173.92842659062796         538.6689027939761     48        61.0912066056       "
            " 61.0912067955        61.0912072523\n");
}

TEST(MinDatabase, ReadsPathsampleLinesFortranExponentsAndCrLf) {
  TempDir dir;
  // Two lines as the real PATHSAMPLE writes them, one with Fortran D exponents, one with CRLF.
  write_bytes(dir.data(),
              "     -169.403102763540545      520.527853268869080     1       58.8399774551       "
              "60.8497059222       67.7880496912\n     -173.928426590627964      "
              "538.668902793976144    48       61.0912066056       61.0912067955       "
              "61.0912072523\n  -1.5D+02  5.25d1  +2  1.0D0 2.0E0 3.0d-1\n-12.5 4.0 1 1 2 3\r\n");
  std::string points;
  std::vector<MinimumRecord> want;
  for (std::size_t i = 0; i < 4; ++i) {
    want.push_back(make_record(i, kDof));
    points.append(reinterpret_cast<const char*>(want.back().coords.data()), kRecordBytes);
  }
  write_bytes(dir.points(), points);
  MinDatabase db = MinDatabase::open(dir.path(), kDof);
  ASSERT_EQ(db.size(), 4u);
  EXPECT_TRUE(db.repairs().empty());
  EXPECT_EQ(db[0].energy, -169.403102763540545);
  EXPECT_EQ(db[1].lnprodfreq, 538.668902793976144);
  EXPECT_EQ(db[1].pgorder, 48);
  EXPECT_EQ(db[1].inertia[2], 61.0912072523);
  EXPECT_EQ(db[2].energy, -150.0);
  EXPECT_EQ(db[2].lnprodfreq, 52.5);
  EXPECT_EQ(db[2].pgorder, 2);
  EXPECT_EQ(db[2].inertia[2], 0.3);
  EXPECT_EQ(db[3].inertia[2], 3.0);
  for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(db[i].coords, want[i].coords);
}

TEST(MinDatabase, TornLastLineIsCut) {  // (a)
  expect_tails_cut(3, "  -12.5  3", "",
                   {"min.data: removed an incomplete last line of 10 bytes (\"  -12.5  3\")"});
}

TEST(MinDatabase, PartialLastRecordIsCut) {  // (b)
  expect_tails_cut(3, "", std::string(40, '\x7f'),
                   {"points.min: removed a partial record of 40 bytes at the end"});
}

TEST(MinDatabase, OneExtraRecordIsCut) {  // (c)
  expect_tails_cut(3, "", std::string(kRecordBytes, '\x01'),
                   {"points.min: removed record 4 (48 bytes), which had no line in"});
}

TEST(MinDatabase, TornLineWithItsCompleteRecordIsCutTogether) {  // (a) + (c): kill mid-line
  TempDir dir;
  std::vector<MinimumRecord> want = build(dir.path(), 4);
  const std::string data = read_bytes(dir.data());
  const std::size_t last_line = data.rfind('\n', data.size() - 2) + 1;
  write_bytes(dir.data(), data.substr(0, data.size() - 7));  // the 4th line lost its end
  MinDatabase db = MinDatabase::open(dir.path(), kDof);
  expect_records(db, want, 3);
  ASSERT_EQ(db.repairs().size(), 2u);
  EXPECT_TRUE(Contains(db.repairs()[0], "min.data: removed an incomplete last line of"));
  EXPECT_TRUE(Contains(db.repairs()[1], "points.min: removed record 4 (48 bytes)"));
  EXPECT_EQ(read_bytes(dir.data()), data.substr(0, last_line));
  expect_clean_reopen(dir, 3);
}

TEST(MinDatabase, TornLineAndPartialRecordAreBothCut) {  // (a) + (b)
  expect_tails_cut(2, "-1.0 2.0 1", std::string(17, 'x'),
                   {"min.data: removed an incomplete last line of 10 bytes",
                    "points.min: removed a partial record of 17 bytes"});
}

TEST(MinDatabase, ExtraRecordAndPartialRecordAreBothCut) {
  expect_tails_cut(2, "", std::string(kRecordBytes + 8, 'x'),
                   {"removed a partial record of 8 bytes", "removed record 3 (48 bytes)"});
}

TEST(MinDatabase, MalformedLineInTheMiddleIsRefusedAndNothingChanges) {  // (d)
  TempDir dir;
  build(dir.path(), 5);
  std::string data = read_bytes(dir.data());
  // Drop the last field of line 3.
  std::size_t line3_end = 0;
  for (int k = 0; k < 3; ++k) line3_end = data.find('\n', line3_end) + 1;
  --line3_end;
  const std::size_t last_blank = data.rfind(' ', line3_end);
  data.erase(last_blank, line3_end - last_blank);
  write_bytes(dir.data(), data);
  // A repairable tail elsewhere must not be cut either.
  write_bytes(dir.points(), read_bytes(dir.points()) + std::string(12, 'x'));
  expect_refused(dir, {"min.data:3: expected 6 fields, got 5", "min.data holds 5 lines",
                       "points.min holds 5 records of 6 doubles plus 12 bytes (252 bytes)",
                       "nothing was changed"});
}

TEST(MinDatabase, MalformedFieldsAreNamed) {
  TempDir dir;
  build(dir.path(), 3);
  std::string data = read_bytes(dir.data());
  write_bytes(dir.data(), "1.0.0 2 1 1 2 3\n" + data.substr(data.find('\n') + 1));
  expect_refused(dir, {"min.data:1: field 1 (energy): expected a finite real number, got '1.0.0'",
                       "3 lines", "3 records"});
  write_bytes(dir.data(), data + "1 2 x 1 2 3\n-1 2 3 4 5 nan\n");
  write_bytes(dir.points(), read_bytes(dir.points()) + std::string(2 * kRecordBytes, 'x'));
  expect_refused(dir, {"min.data:4: field 3 (pgorder): expected an integer, got 'x'",
                       "(and 1 more malformed line)"});
  // A malformed last line that has its newline is not a torn tail.
  write_bytes(dir.data(), data + "-1 2 0 4 5 6\n");
  expect_refused(dir, {"min.data:4: field 3 (pgorder): point-group order must be at least 1"});
}

TEST(MinDatabase, TwoMoreLinesThanRecordsIsRefusedAndNothingChanges) {  // (d)
  TempDir dir;
  build(dir.path(), 5);
  const std::string points = read_bytes(dir.points());
  write_bytes(dir.points(), points.substr(0, 3 * kRecordBytes));
  expect_refused(
      dir, {"min.data has 5 minima but", "points.min holds 3 records of 6 doubles (144 bytes)",
            "nothing was changed"});
  // One more line than records is not a torn tail either.
  write_bytes(dir.points(), points.substr(0, 4 * kRecordBytes));
  expect_refused(dir, {"has 5 minima but", "holds 4 records of 6 doubles (192 bytes)"});
}

TEST(MinDatabase, TwoExtraRecordsAreRefused) {
  TempDir dir;
  build(dir.path(), 2);
  write_bytes(dir.data(), read_bytes(dir.data()) + "-1 2 1 4 5");  // torn line: still no repair
  write_bytes(dir.points(), read_bytes(dir.points()) + std::string(2 * kRecordBytes + 3, 'x'));
  expect_refused(dir, {"min.data has 2 minima plus an incomplete last line but",
                       "points.min holds 4 records of 6 doubles plus 3 bytes (195 bytes)"});
}

TEST(MinDatabase, WrongRecordSizeSuggestsTheSystemSize) {
  TempDir dir;
  build(dir.path(), 4, 9);
  expect_refused(
      dir, {"min.data has 4 minima but", "points.min holds 6 records of 6 doubles (288 bytes)",
            "(288 bytes would be exactly 4 records of 9 doubles, if the system size is wrong)"});
}

TEST(MinDatabase, MissingMinDataWithAtMostOneRecordIsATornTail) {
  TempDir dir;
  write_bytes(dir.points(), std::string(kRecordBytes + 5, 'x'));
  MinDatabase db = MinDatabase::open(dir.path(), kDof);
  EXPECT_EQ(db.size(), 0u);
  ASSERT_EQ(db.repairs().size(), 3u);
  EXPECT_TRUE(Contains(db.repairs()[2], "min.data: was missing; created it empty"));
  EXPECT_TRUE(fs::exists(dir.data()));
  EXPECT_EQ(fs::file_size(dir.points()), 0u);
}

TEST(MinDatabase, MissingMinDataWithTwoRecordsIsRefused) {
  TempDir dir;
  write_bytes(dir.points(), std::string(2 * kRecordBytes, 'x'));
  expect_refused(dir, {"min.data is missing (0 minima) but",
                       "points.min holds 2 records of 6 doubles (96 bytes)"});
  EXPECT_FALSE(fs::exists(dir.data()));
}

TEST(MinDatabase, MissingPointsIsCreatedOnlyForAnEmptyMinData) {
  TempDir dir;
  write_bytes(dir.data(), "");
  {
    MinDatabase db = MinDatabase::open(dir.path(), kDof);
    ASSERT_EQ(db.repairs().size(), 1u);
    EXPECT_TRUE(Contains(db.repairs()[0], "points.min: was missing; created it empty"));
    EXPECT_TRUE(fs::exists(dir.points()));
  }
  fs::remove(dir.points());
  write_bytes(dir.data(), format_min_data_line(make_record(0, kDof)));
  expect_refused(dir,
                 {"min.data has 1 minimum but", "points.min is missing (0 records of 6 doubles)"});
  EXPECT_FALSE(fs::exists(dir.points()));
}

TEST(MinDatabase, CheckReportsRepairsWithoutMakingThem) {
  TempDir dir;
  build(dir.path(), 3);
  write_bytes(dir.points(), read_bytes(dir.points()) + std::string(kRecordBytes, 'x'));
  const std::string points_before = read_bytes(dir.points());
  std::vector<std::string> planned = check_min_database(dir.path(), kDof);
  ASSERT_EQ(planned.size(), 1u);
  EXPECT_EQ(read_bytes(dir.points()), points_before);
  MinDatabase db = MinDatabase::open(dir.path(), kDof);
  EXPECT_EQ(db.repairs(), planned);
}

TEST(MinDatabase, AppendRefusesBadRecordsWithoutWriting) {
  TempDir dir;
  MinDatabase db = MinDatabase::open(dir.path(), kDof);
  db.append(make_record(0, kDof));
  const std::string data = read_bytes(dir.data());
  const std::string points = read_bytes(dir.points());
  MinimumRecord short_record = make_record(1, kDof);
  short_record.coords.pop_back();
  EXPECT_THROW(db.append(short_record), DatabaseError);
  MinimumRecord nan_energy = make_record(1, kDof);
  nan_energy.energy = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(db.append(nan_energy), DatabaseError);
  MinimumRecord no_group = make_record(1, kDof);
  no_group.pgorder = 0;
  EXPECT_THROW(db.append(no_group), DatabaseError);
  EXPECT_EQ(db.size(), 1u);
  EXPECT_EQ(read_bytes(dir.data()), data);
  EXPECT_EQ(read_bytes(dir.points()), points);
  EXPECT_EQ(db.append(make_record(1, kDof)), 2u);  // still usable
}

TEST(MinDatabase, MovedDatabaseKeepsAppending) {
  TempDir dir;
  MinDatabase first = MinDatabase::open(dir.path(), kDof);
  first.append(make_record(0, kDof));
  MinDatabase second(std::move(first));
  EXPECT_FALSE(first.is_open());  // NOLINT(bugprone-use-after-move): moved-from state is specified
  EXPECT_THROW(first.append(make_record(1, kDof)), DatabaseError);
  EXPECT_EQ(second.append(make_record(1, kDof)), 2u);
  MinDatabase third;
  EXPECT_FALSE(third.is_open());
  third = std::move(second);
  EXPECT_EQ(third.append(make_record(2, kDof)), 3u);
  third = MinDatabase::open(dir.path(), kDof);  // closes the old descriptors
  EXPECT_EQ(third.size(), 3u);
  EXPECT_TRUE(third.repairs().empty());
}

// A kill during append() stops it after some prefix of the bytes it writes: first the points
// record, then the min.data line. Every such prefix must open as N or N+1 minima, never an error.
TEST(MinDatabase, EveryPrefixOfAnAppendOpens) {
  TempDir original;
  const std::size_t n = 3;
  std::vector<MinimumRecord> want = build(original.path(), n + 1);
  const std::string data = read_bytes(original.data());
  const std::string points = read_bytes(original.points());
  const std::size_t data_before = data.rfind('\n', data.size() - 2) + 1;
  const std::size_t points_before = n * kRecordBytes;
  ASSERT_EQ(points.size(), points_before + kRecordBytes);

  // The append's bytes in the order they reach the files.
  for (const testing::AppendState& s :
       testing::append_states(points_before, kRecordBytes, data_before, data.size())) {
    SCOPED_TRACE(fmt::format("points.min {} bytes, min.data {} bytes", s.points_size, s.data_size));
    TempDir dir;
    write_bytes(dir.data(), data.substr(0, s.data_size));
    write_bytes(dir.points(), points.substr(0, s.points_size));
    const bool complete = s.data_size == data.size();
    MinDatabase db;
    ASSERT_NO_THROW(db = MinDatabase::open(dir.path(), kDof));
    expect_records(db, want, complete ? n + 1 : n);
    EXPECT_EQ(db.repairs().empty(),
              testing::consistent_state(s, points_before, data_before, data.size()));
    // The repaired database takes the next append as if nothing had happened.
    const std::size_t next = db.size();
    EXPECT_EQ(db.append(want[next == n ? n : 0]), next + 1);
    MinDatabase again = MinDatabase::open(dir.path(), kDof);
    EXPECT_TRUE(again.repairs().empty());
    ASSERT_EQ(again.size(), next + 1);
    expect_same_record(again[next], want[next == n ? n : 0]);
  }
}

}  // namespace
}  // namespace landscape

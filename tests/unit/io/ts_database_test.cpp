// TsDatabase: round trips, refused appends, the torn-tail repairs, corruption errors that change
// nothing, check() without changes, every state a kill in the middle of append() can leave, and
// SIGKILLs of a process appending.

#include "common/io/ts_database.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <exception>
#include <filesystem>
#include <initializer_list>
#include <limits>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "common/io/errors.hpp"
#include "tests/unit/io/min_database_test_util.hpp"

namespace landscape {
namespace {

namespace fs = std::filesystem;
using testing::Contains;
using testing::read_bytes;
using testing::TempDir;
using testing::write_bytes;

constexpr std::size_t kDof = 6;  // two atoms
constexpr std::size_t kRecordBytes = kDof * sizeof(double);
constexpr std::size_t kMinima = 64;  // the min.data the transition states refer to

fs::path ts_data(const TempDir& dir) { return dir.path() / "ts.data"; }
fs::path points_ts(const TempDir& dir) { return dir.path() / "points.ts"; }

/// Transition state number i (0-based) of a deterministic sequence with awkward but finite values,
/// joining minima within 1..n_minima; every third one carries the IMFRQ column.
TransitionStateRecord make_ts(std::size_t i, std::size_t n_dof, std::size_t n_minima = kMinima) {
  TransitionStateRecord r;
  const double x = static_cast<double>(i);
  r.energy = -172.3358763612738 + 0.1234567890123456789 * x - 1e-9 / (x + 1.0);
  r.lnprodfreq = 521.7769043220105 - x / 3.0;
  r.pgorder = 1 + static_cast<int>(i % 3);
  r.min1 = 1 + i % n_minima;
  r.min2 = 1 + (7 * i + 3) % n_minima;
  r.inertia = {58.8399774551 + x / 7.0, 60.8497059222 + x / 11.0, 67.7880496912 + x / 13.0};
  if (i % 3 == 2) r.imaginary_frequency = -2.7183e-3 * (x + 1.0);
  r.coords.resize(n_dof);
  for (std::size_t j = 0; j < n_dof; ++j)
    r.coords[j] = std::cos(0.41 * x + 0.9 * static_cast<double>(j)) * 3.0 + 1e-13 * x;
  return r;
}

/// Expects every field equal bit for bit (the writer uses round-trip formatting).
void expect_same_ts(const TransitionStateRecord& got, const TransitionStateRecord& want) {
  EXPECT_EQ(got.energy, want.energy);
  EXPECT_EQ(got.lnprodfreq, want.lnprodfreq);
  EXPECT_EQ(got.pgorder, want.pgorder);
  EXPECT_EQ(got.min1, want.min1);
  EXPECT_EQ(got.min2, want.min2);
  EXPECT_EQ(got.inertia, want.inertia);
  EXPECT_EQ(got.imaginary_frequency, want.imaginary_frequency);
  ASSERT_EQ(got.coords.size(), want.coords.size());
  for (std::size_t j = 0; j < want.coords.size(); ++j)
    EXPECT_EQ(std::memcmp(&got.coords[j], &want.coords[j], sizeof(double)), 0)
        << "coordinate " << j;
}

/// Builds a consistent database of n transition states in dir and returns them.
std::vector<TransitionStateRecord> build(const fs::path& dir, std::size_t n,
                                         std::size_t n_dof = kDof) {
  TsDatabase db = TsDatabase::open(dir, n_dof, kMinima);
  std::vector<TransitionStateRecord> want;
  for (std::size_t i = 0; i < n; ++i) {
    want.push_back(make_ts(i, n_dof));
    EXPECT_EQ(db.append(want.back(), kMinima), i + 1);
  }
  return want;
}

void expect_records(const TsDatabase& db, const std::vector<TransitionStateRecord>& want,
                    std::size_t n) {
  ASSERT_EQ(db.size(), n);
  for (std::size_t i = 0; i < n; ++i) {
    SCOPED_TRACE(i);
    expect_same_ts(db[i], want[i]);
  }
}

/// Expects open() and check() to throw DatabaseError whose message holds every piece, and both
/// files to be byte-for-byte (and existence-for-existence) what they were.
void expect_refused(const TempDir& dir, std::initializer_list<std::string> pieces,
                    std::size_t n_minima = kMinima, std::size_t n_dof = kDof) {
  const bool data_existed = fs::exists(ts_data(dir));
  const bool points_existed = fs::exists(points_ts(dir));
  const std::string data_before = read_bytes(ts_data(dir));
  const std::string points_before = read_bytes(points_ts(dir));
  for (const bool open : {true, false}) {
    SCOPED_TRACE(open ? "open" : "check");
    try {
      if (open)
        TsDatabase::open(dir.path(), n_dof, n_minima);
      else
        TsDatabase::check(dir.path(), n_dof, n_minima);
      ADD_FAILURE() << "a corrupt database was accepted";
    } catch (const DatabaseError& e) {
      for (const std::string& piece : pieces) EXPECT_TRUE(Contains(e.what(), piece));
    }
    EXPECT_EQ(fs::exists(ts_data(dir)), data_existed);
    EXPECT_EQ(fs::exists(points_ts(dir)), points_existed);
    EXPECT_EQ(read_bytes(ts_data(dir)), data_before);
    EXPECT_EQ(read_bytes(points_ts(dir)), points_before);
  }
}

/// Opens a damaged database, first checking that check() plans exactly the repairs open() makes and
/// changes nothing.
TsDatabase open_after_check(const TempDir& dir) {
  const std::string data_before = read_bytes(ts_data(dir));
  const std::string points_before = read_bytes(points_ts(dir));
  const std::vector<std::string> planned = TsDatabase::check(dir.path(), kDof, kMinima);
  EXPECT_EQ(read_bytes(ts_data(dir)), data_before);
  EXPECT_EQ(read_bytes(points_ts(dir)), points_before);
  TsDatabase db = TsDatabase::open(dir.path(), kDof, kMinima);
  EXPECT_EQ(db.repairs(), planned);
  return db;
}

/// After a repair the files must be consistent: reopening repairs nothing.
void expect_clean_reopen(const TempDir& dir, std::size_t n) {
  TsDatabase again = TsDatabase::open(dir.path(), kDof, kMinima);
  EXPECT_EQ(again.size(), n);
  EXPECT_TRUE(again.repairs().empty()) << again.repairs().front();
  EXPECT_TRUE(TsDatabase::check(dir.path(), kDof, kMinima).empty());
  EXPECT_EQ(fs::file_size(points_ts(dir)), n * kRecordBytes);
}

/// A database of n transition states with data_tail appended to ts.data and points_tail to
/// points.ts: open() (after check()) keeps exactly the n, makes one repair per piece and cuts both
/// files back (testing::expect_tails_cut). Returns the repairs.
std::vector<std::string> expect_tails_cut(std::size_t n, const std::string& data_tail,
                                          const std::string& points_tail,
                                          const std::vector<std::string>& pieces) {
  TempDir dir;
  const std::vector<TransitionStateRecord> want = build(dir.path(), n);
  return testing::expect_tails_cut(
      ts_data(dir), points_ts(dir), data_tail, points_tail, pieces,
      [&] {
        TsDatabase db = open_after_check(dir);
        expect_records(db, want, n);
        return db.repairs();
      },
      [&] { expect_clean_reopen(dir, n); });
}

TEST(TsDatabase, NewDirectoryGivesEmptyDatabaseAndCreatesBothFiles) {
  TempDir dir;
  TsDatabase db = TsDatabase::open(dir.path(), kDof, kMinima);
  EXPECT_TRUE(db.is_open());
  EXPECT_EQ(db.size(), 0u);
  EXPECT_TRUE(db.repairs().empty());
  EXPECT_EQ(fs::file_size(ts_data(dir)), 0u);
  EXPECT_EQ(fs::file_size(points_ts(dir)), 0u);
  EXPECT_FALSE(fs::exists(dir.data()));  // the minima are not this table's business
  EXPECT_FALSE(TsDatabase().is_open());
}

TEST(TsDatabase, AppendThenReopenGivesIdenticalRecords) {
  TempDir dir;
  std::vector<TransitionStateRecord> want = build(dir.path(), 5);
  // Awkward magnitudes, a degenerate rearrangement (min1 == min2) and the last minimum survive too.
  TransitionStateRecord odd = make_ts(99, kDof);
  odd.energy = -1.234567890123456789e-7;
  odd.lnprodfreq = 3.0e21;
  odd.min1 = kMinima;
  odd.min2 = kMinima;
  odd.inertia = {0.0, 1e-300, 5e-324};
  odd.imaginary_frequency = -0.0;
  odd.coords[0] = std::numeric_limits<double>::quiet_NaN();  // raw bytes, not interpreted
  odd.coords[1] = -0.0;
  {
    TsDatabase db = TsDatabase::open(dir.path(), kDof, kMinima);
    expect_records(db, want, 5);
    EXPECT_EQ(db.append(odd, kMinima), 6u);
    want.push_back(odd);
    expect_records(db, want, 6);
  }
  TsDatabase db = TsDatabase::open(dir.path(), kDof, kMinima);
  EXPECT_TRUE(db.repairs().empty());
  expect_records(db, want, 6);
  EXPECT_TRUE(std::isnan(db[5].coords[0]));
  EXPECT_TRUE(std::signbit(db[5].coords[1]));
  EXPECT_EQ(db.records().size(), 6u);
  EXPECT_EQ(fs::file_size(points_ts(dir)), 6 * kRecordBytes);
  // One line per transition state; the IMFRQ column only where it was given.
  EXPECT_EQ(read_bytes(ts_data(dir)), [&] {
    std::string text;
    for (const auto& r : want) text += format_ts_data_line(r);
    return text;
  }());
  // Indices go on from the reopened size.
  EXPECT_EQ(db.append(make_ts(6, kDof), kMinima), 7u);
}

TEST(TsDatabase, AppendStopsWhenAFileWasRemovedOrReplacedDuringTheRun) {
  for (const bool replace : {false, true}) {
    for (const char* name : {"ts.data", "points.ts"}) {
      SCOPED_TRACE(std::string(name) + (replace ? " replaced" : " removed"));
      TempDir dir;
      build(dir.path(), 2);
      TsDatabase db = TsDatabase::open(dir.path(), kDof, kMinima);
      EXPECT_EQ(db.append(make_ts(2, kDof), kMinima), 3u);
      const fs::path file = dir.path() / name;
      const std::string before = read_bytes(file);
      if (replace) {
        write_bytes(dir.path() / "copy", before);
        fs::rename(dir.path() / "copy", file);
      } else {
        fs::remove(file);
      }
      const std::string data_before = read_bytes(ts_data(dir));
      const std::string points_before = read_bytes(points_ts(dir));
      try {
        db.append(make_ts(3, kDof), kMinima);
        ADD_FAILURE() << "appended to a file no longer in the directory";
      } catch (const DatabaseError& e) {
        ADD_FAILURE() << "not corruption: " << e.what();
      } catch (const RuntimeError& e) {
        const std::string what = e.what();
        EXPECT_TRUE(Contains(what, fmt::format("{} was {} during the run; nothing more was "
                                               "appended to ts.data or points.ts",
                                               name, replace ? "replaced" : "removed")))
            << what;
      }
      // Refused from then on.
      EXPECT_THROW(db.append(make_ts(3, kDof), kMinima), RuntimeError);
      EXPECT_EQ(db.size(), 3u);
      EXPECT_EQ(read_bytes(ts_data(dir)), data_before) << "nothing written";
      EXPECT_EQ(read_bytes(points_ts(dir)), points_before) << "nothing written";
    }
  }
}

TEST(TsDatabase, LineFormatIsEightColumnsPlusImfrqOfShortestRoundTripNumbers) {
  TransitionStateRecord r;
  r.energy = -172.33587636127380;
  r.lnprodfreq = 521.77690432201050;
  r.pgorder = 2;
  r.min1 = 3;
  r.min2 = 12;
  r.inertia = {61.0912066056, 61.0912067955, 61.0912072523};
  const std::string line = format_ts_data_line(r);
  EXPECT_EQ(line,
            "       -172.3358763612738         521.7769043220105      2         3        12        "
            "61.0912066056        61.0912067955        61.0912072523\n");
  r.imaginary_frequency = -0.5;
  EXPECT_EQ(format_ts_data_line(r), line.substr(0, line.size() - 1) + "                 -0.5\n");
}

TEST(TsDatabase, ReadsPathsampleLinesFortranExponentsAndCrLf) {
  TempDir dir;
  write_bytes(ts_data(dir),
              "     -172.335876361273800      521.776904322010500     1     1     2       "
              "58.8399774551       60.8497059222       67.7880496912\n  -1.5D+02  5.25d1  +2  3 "
              "+64  1.0D0 2.0E0 3.0d-1\n-12.5 4.0 1 5 5 1 2 3 -7.5D-1\r\n");
  std::string points;
  std::vector<TransitionStateRecord> want;
  for (std::size_t i = 0; i < 3; ++i) {
    want.push_back(make_ts(i, kDof));
    points.append(reinterpret_cast<const char*>(want.back().coords.data()), kRecordBytes);
  }
  write_bytes(points_ts(dir), points);
  TsDatabase db = TsDatabase::open(dir.path(), kDof, kMinima);
  ASSERT_EQ(db.size(), 3u);
  EXPECT_TRUE(db.repairs().empty());
  EXPECT_EQ(db[0].energy, -172.3358763612738);
  EXPECT_EQ(db[0].min1, 1u);
  EXPECT_EQ(db[0].min2, 2u);
  EXPECT_EQ(db[0].inertia[2], 67.7880496912);
  EXPECT_FALSE(db[0].imaginary_frequency);
  EXPECT_EQ(db[1].energy, -150.0);
  EXPECT_EQ(db[1].lnprodfreq, 52.5);
  EXPECT_EQ(db[1].pgorder, 2);
  EXPECT_EQ(db[1].min2, 64u);
  EXPECT_EQ(db[1].inertia[2], 0.3);
  EXPECT_EQ(db[2].min1, 5u);
  EXPECT_EQ(db[2].imaginary_frequency, -0.75);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(db[i].coords, want[i].coords);
}

TEST(TsDatabase, ReadersNeverTakeATornLastLineForARecord) {
  TempDir dir;
  // The last line was cut in the middle of a field: "69.60" is not what was being written.
  write_bytes(ts_data(dir),
              "-172.3 521.7 1 1 2 58.8 60.8 67.7\n-170.1 520.3 1 2 3 56.56 62.56 69.60");
  std::vector<std::string> notes;
  const auto read = read_ts_data(ts_data(dir), "ts.data", kMinima, TsDataColumns::kFull, &notes);
  ASSERT_EQ(read.size(), 1u);
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0].rfind("ts.data:2: an incomplete last line (no newline at the end", 0), 0u)
      << notes[0];
  // Without a place for the note, the reader refuses: a bad input (exit status 1) naming the file
  // and line, what leaves it and how to repair it.
  try {
    read_ts_data(ts_data(dir), "ts.data", kMinima);
    FAIL() << "a torn last line must not be read silently";
  } catch (const InputError& e) {
    const std::string what = e.what();
    EXPECT_EQ(what.rfind("ts.data:2: an incomplete last line (no newline at the end)", 0), 0u)
        << what;
    for (const char* part : {"a run killed while appending to the database leaves this",
                             "gmin with DATABASE: it cuts the torn tail", "or remove the line"})
      EXPECT_NE(what.find(part), std::string::npos) << what;
  }
  // A complete last line is read as ever.
  write_bytes(ts_data(dir), "-172.3 521.7 1 1 2 58.8 60.8 67.7\n");
  EXPECT_EQ(read_ts_data(ts_data(dir), "ts.data", kMinima).size(), 1u);
}

TEST(TsDatabase, AppendRefusesBadRecordsWithoutWriting) {
  TempDir dir;
  TsDatabase db = TsDatabase::open(dir.path(), kDof, kMinima);
  EXPECT_EQ(db.append(make_ts(0, kDof), kMinima), 1u);
  const std::string data = read_bytes(ts_data(dir));
  const std::string points = read_bytes(points_ts(dir));
  auto expect_refused_append = [&](const TransitionStateRecord& r, std::size_t n_minima,
                                   const std::string& piece) {
    try {
      db.append(r, n_minima);
      ADD_FAILURE() << "append accepted a bad record (" << piece << ")";
    } catch (const DatabaseError& e) {
      EXPECT_TRUE(Contains(e.what(), piece));
      EXPECT_TRUE(Contains(e.what(), "ts.data"));
    }
  };
  TransitionStateRecord r = make_ts(1, kDof);
  r.min2 = kMinima + 1;
  expect_refused_append(r, kMinima,
                        fmt::format("joining minima 2 and {} of {}", kMinima + 1, kMinima));
  r = make_ts(1, kDof);
  r.min1 = kMinima + 1;
  expect_refused_append(r, kMinima, "of 64");
  expect_refused_append(make_ts(1, kDof), 9,
                        "joining minima 2 and 11 of 9");  // fine for 64, not for 9
  r = make_ts(1, kDof);
  r.min1 = 0;
  expect_refused_append(r, kMinima, "joining minima 0 and");
  r = make_ts(1, kDof);
  r.pgorder = 0;
  expect_refused_append(r, kMinima, "point-group order 0");
  r = make_ts(1, kDof);
  r.coords.pop_back();
  expect_refused_append(r, kMinima, "with 5 coordinates to a database of 6 per record");
  r = make_ts(1, kDof);
  r.coords.push_back(0.0);
  expect_refused_append(r, kMinima, "with 7 coordinates");
  r = make_ts(1, kDof);
  r.energy = std::numeric_limits<double>::quiet_NaN();
  expect_refused_append(r, kMinima, "non-finite field");
  r = make_ts(1, kDof);
  r.lnprodfreq = std::numeric_limits<double>::infinity();
  expect_refused_append(r, kMinima, "non-finite field");
  r = make_ts(1, kDof);
  r.inertia[1] = -std::numeric_limits<double>::infinity();
  expect_refused_append(r, kMinima, "non-finite field");
  EXPECT_EQ(db.size(), 1u);
  EXPECT_EQ(read_bytes(ts_data(dir)), data);
  EXPECT_EQ(read_bytes(points_ts(dir)), points);
  EXPECT_EQ(db.append(make_ts(1, kDof), kMinima), 2u);  // still usable
  EXPECT_THROW(TsDatabase().append(make_ts(0, kDof), kMinima), DatabaseError);
}

TEST(TsDatabase, TornLastLineIsCut) {
  expect_tails_cut(3, "  -12.5  3", "",
                   {"ts.data: removed an incomplete last line of 10 bytes (\"  -12.5  3\")"});
}

TEST(TsDatabase, TornLastLineLongerThanThePreviewIsShortened) {
  const std::string line = format_ts_data_line(make_ts(2, kDof));
  expect_tails_cut(2, line.substr(0, 100), "",
                   {fmt::format("ts.data: removed an incomplete last line of 100 bytes (\"{}...\")",
                                line.substr(0, 60))});
}

TEST(TsDatabase, PartialLastRecordIsCut) {
  expect_tails_cut(3, "", std::string(40, '\x7f'),
                   {"points.ts: removed a partial record of 40 bytes at the end"});
}

TEST(TsDatabase, PartialRecordOfOneByteIsCut) {
  expect_tails_cut(1, "", "x", {"points.ts: removed a partial record of 1 byte at the end"});
}

TEST(TsDatabase, OneExtraRecordIsCut) {
  const auto repairs =
      expect_tails_cut(3, "", std::string(kRecordBytes, '\x01'),
                       {"points.ts: removed record 4 (48 bytes), which had no line in"});
  ASSERT_EQ(repairs.size(), 1u);
  EXPECT_TRUE(repairs[0].ends_with("/ts.data")) << repairs[0];
}

TEST(TsDatabase, TornLineWithItsCompleteRecordIsCutTogether) {  // a kill mid-line
  TempDir dir;
  std::vector<TransitionStateRecord> want = build(dir.path(), 4);
  const std::string data = read_bytes(ts_data(dir));
  const std::size_t last_line = data.rfind('\n', data.size() - 2) + 1;
  write_bytes(ts_data(dir), data.substr(0, data.size() - 7));  // the 4th line lost its end
  TsDatabase db = open_after_check(dir);
  expect_records(db, want, 3);
  ASSERT_EQ(db.repairs().size(), 2u);
  EXPECT_TRUE(
      Contains(db.repairs()[0], fmt::format("ts.data: removed an incomplete last line of {} bytes",
                                            data.size() - 7 - last_line)));
  EXPECT_TRUE(
      Contains(db.repairs()[1], "points.ts: removed record 4 (48 bytes), which had no line in"));
  EXPECT_EQ(read_bytes(ts_data(dir)), data.substr(0, last_line));
  expect_clean_reopen(dir, 3);
}

TEST(TsDatabase, TornLineAndPartialRecordAreBothCut) {
  expect_tails_cut(2, "-1.0 2.0 1", std::string(17, 'x'),
                   {"ts.data: removed an incomplete last line of 10 bytes (\"-1.0 2.0 1\")",
                    "points.ts: removed a partial record of 17 bytes at the end"});
}

TEST(TsDatabase, ExtraRecordAndPartialRecordAreBothCut) {
  expect_tails_cut(2, "", std::string(kRecordBytes + 8, 'x'),
                   {"points.ts: removed a partial record of 8 bytes at the end",
                    "points.ts: removed record 3 (48 bytes), which had no line in"});
}

TEST(TsDatabase, AllThreeTornTailsAreCut) {
  expect_tails_cut(2, "  -171.5", std::string(kRecordBytes + 3, 'x'),
                   {"ts.data: removed an incomplete last line of 8 bytes (\"  -171.5\")",
                    "points.ts: removed a partial record of 3 bytes at the end",
                    "points.ts: removed record 3 (48 bytes)"});
}

TEST(TsDatabase, TornLineNamingAMissingMinimumIsATornTailNotCorruption) {
  // Only complete lines are parsed: a torn line is cut whatever it holds.
  expect_tails_cut(2, "-170.0 500.0 1 999 1000 1 2", "",
                   {"ts.data: removed an incomplete last line of 27 bytes"});
}

TEST(TsDatabase, LineNamingAMinimumBeyondMinDataIsRefusedAndNothingChanges) {
  TempDir dir;
  build(dir.path(), 5);
  std::string data = read_bytes(ts_data(dir));
  TransitionStateRecord bad = make_ts(2, kDof);
  bad.min2 = 999;
  std::size_t line3 = 0;
  for (int k = 0; k < 2; ++k) line3 = data.find('\n', line3) + 1;
  data.replace(line3, data.find('\n', line3) + 1 - line3, format_ts_data_line(bad));
  write_bytes(ts_data(dir), data);
  // A repairable tail must not be cut either.
  write_bytes(points_ts(dir), read_bytes(points_ts(dir)) + std::string(12, 'x'));
  expect_refused(
      dir,
      {"ts.data:3: minimum 999 does not exist (min.data has 64 minima)", "ts.data holds 5 lines",
       "points.ts holds 5 records of 6 doubles plus 12 bytes (252 bytes)", "nothing was changed"});
  // The same files against fewer minima: the first line naming one beyond them is cited.
  write_bytes(points_ts(dir), read_bytes(points_ts(dir)).substr(0, 5 * kRecordBytes));
  expect_refused(
      dir,
      {"ts.data:1: minimum 4 does not exist (min.data has 3 minima)",
       "(and 4 more malformed lines)", "points.ts holds 5 records of 6 doubles (240 bytes)"},
      3);
}

TEST(TsDatabase, MalformedLineInTheMiddleIsRefusedAndNothingChanges) {
  TempDir dir;
  build(dir.path(), 5);
  std::string data = read_bytes(ts_data(dir));
  // Drop the last field (and the blanks before it) of line 2, an 8-column line.
  const std::size_t line2_end = data.find('\n', data.find('\n') + 1);
  const std::size_t field_end = data.find_last_not_of(' ', data.rfind(' ', line2_end)) + 1;
  data.erase(field_end, line2_end - field_end);
  write_bytes(ts_data(dir), data);
  write_bytes(points_ts(dir), read_bytes(points_ts(dir)) + std::string(kRecordBytes, 'x'));
  expect_refused(dir,
                 {"ts.data:2: expected 8 fields (9 with IMFRQ), got 7", "ts.data holds 5 lines",
                  "points.ts holds 6 records of 6 doubles (288 bytes)", "nothing was changed"});
}

TEST(TsDatabase, MalformedFieldsAreNamed) {
  TempDir dir;
  build(dir.path(), 3);
  const std::string data = read_bytes(ts_data(dir));
  write_bytes(ts_data(dir), "1.0.0 2 1 1 2 1 2 3\n" + data.substr(data.find('\n') + 1));
  expect_refused(dir, {"ts.data:1: field 1 (energy): expected a finite real number, got '1.0.0'",
                       "3 lines", "3 records"});
  write_bytes(ts_data(dir), data + "1 2 1 x 2 1 2 3\n-1 2 1 1 2 1 2 nan\n");
  write_bytes(points_ts(dir), read_bytes(points_ts(dir)) + std::string(2 * kRecordBytes, 'x'));
  expect_refused(dir, {"ts.data:4: field 4 (min1): expected a minimum index, got 'x'",
                       "(and 1 more malformed line)"});
  // A malformed last line that has its newline is not a torn tail.
  write_bytes(ts_data(dir), data + "-1 2 1 0 5 1 2 3\n");
  expect_refused(dir, {"ts.data:4: field 4 (min1): minimum indices start at 1, got 0"});
  write_bytes(ts_data(dir), data + "-1 2 0 1 5 1 2 3\n");
  expect_refused(dir,
                 {"ts.data:4: field 3 (pgorder): point-group order must be at least 1, got 0"});
  write_bytes(ts_data(dir), data + "-1 2 1 1 5 1 2 3 4 5\n");
  expect_refused(dir, {"ts.data:4: expected 8 fields (9 with IMFRQ), got 10"});
}

TEST(TsDatabase, FewerRecordsThanLinesIsRefusedAndNothingChanges) {
  TempDir dir;
  build(dir.path(), 5);
  const std::string points = read_bytes(points_ts(dir));
  write_bytes(points_ts(dir), points.substr(0, 3 * kRecordBytes));
  expect_refused(
      dir,
      {"ts.data has 5 transition states but", "points.ts holds 3 records of 6 doubles (144 bytes)",
       "a crash leaves at most an incomplete last line, a partial last record and one extra record",
       "nothing was changed"});
  // One more line than records is not a torn tail either: the record is written first.
  write_bytes(points_ts(dir), points.substr(0, 4 * kRecordBytes + 5));
  expect_refused(dir, {"has 5 transition states but",
                       "holds 4 records of 6 doubles plus 5 bytes (197 bytes)"});
}

TEST(TsDatabase, TwoExtraRecordsAreRefused) {
  TempDir dir;
  build(dir.path(), 2);
  write_bytes(points_ts(dir), read_bytes(points_ts(dir)) + std::string(2 * kRecordBytes, 'x'));
  expect_refused(dir,
                 {"ts.data has 2 transition states but",
                  "points.ts holds 4 records of 6 doubles (192 bytes)", "nothing was changed"});
  write_bytes(ts_data(dir),
              read_bytes(ts_data(dir)) + "-1 2 1 4 5");  // a torn line does not excuse it
  write_bytes(points_ts(dir), read_bytes(points_ts(dir)) + "abc");
  expect_refused(dir, {"ts.data has 2 transition states plus an incomplete last line but",
                       "points.ts holds 4 records of 6 doubles plus 3 bytes (195 bytes)"});
}

TEST(TsDatabase, OneTransitionStateAndNoRecordIsRefused) {
  TempDir dir;
  build(dir.path(), 1);
  write_bytes(points_ts(dir), "");
  expect_refused(dir, {"ts.data has 1 transition state but",
                       "points.ts holds 0 records of 6 doubles (0 bytes)"});
}

TEST(TsDatabase, WrongRecordSizeSuggestsTheSystemSize) {
  TempDir dir;
  build(dir.path(), 4, 9);
  expect_refused(
      dir,
      {"ts.data has 4 transition states but", "points.ts holds 6 records of 6 doubles (288 bytes)",
       "(288 bytes would be exactly 4 records of 9 doubles, if the system size is wrong)"});
}

TEST(TsDatabase, MissingTsDataWithAtMostOneRecordIsATornTail) {
  TempDir dir;
  write_bytes(points_ts(dir), std::string(kRecordBytes + 5, 'x'));
  TsDatabase db = open_after_check(dir);
  EXPECT_EQ(db.size(), 0u);
  ASSERT_EQ(db.repairs().size(), 3u);
  EXPECT_TRUE(
      Contains(db.repairs()[0], "points.ts: removed a partial record of 5 bytes at the end"));
  EXPECT_TRUE(Contains(db.repairs()[1], "points.ts: removed record 1 (48 bytes)"));
  EXPECT_TRUE(Contains(db.repairs()[2], "ts.data: was missing; created it empty"));
  EXPECT_TRUE(fs::exists(ts_data(dir)));
  EXPECT_EQ(fs::file_size(points_ts(dir)), 0u);
}

TEST(TsDatabase, MissingTsDataWithTwoRecordsIsRefused) {
  TempDir dir;
  write_bytes(points_ts(dir), std::string(2 * kRecordBytes, 'x'));
  expect_refused(dir, {"ts.data is missing (0 transition states) but",
                       "points.ts holds 2 records of 6 doubles (96 bytes)"});
  EXPECT_FALSE(fs::exists(ts_data(dir)));
}

TEST(TsDatabase, MissingPointsIsCreatedOnlyForAnEmptyTsData) {
  TempDir dir;
  write_bytes(ts_data(dir), "");
  {
    TsDatabase db = open_after_check(dir);
    ASSERT_EQ(db.repairs().size(), 1u);
    EXPECT_TRUE(Contains(db.repairs()[0], "points.ts: was missing; created it empty"));
    EXPECT_TRUE(fs::exists(points_ts(dir)));
  }
  fs::remove(points_ts(dir));
  write_bytes(ts_data(dir), format_ts_data_line(make_ts(0, kDof)));
  expect_refused(
      dir, {"ts.data has 1 transition state but", "points.ts is missing (0 records of 6 doubles)"});
  EXPECT_FALSE(fs::exists(points_ts(dir)));
}

TEST(TsDatabase, CheckReportsRepairsWithoutMakingThem) {
  TempDir dir;
  build(dir.path(), 3);
  EXPECT_TRUE(TsDatabase::check(dir.path(), kDof, kMinima).empty());
  write_bytes(ts_data(dir), read_bytes(ts_data(dir)) + "-1");
  write_bytes(points_ts(dir), read_bytes(points_ts(dir)) + std::string(kRecordBytes + 1, 'x'));
  const std::string data_before = read_bytes(ts_data(dir));
  const std::string points_before = read_bytes(points_ts(dir));
  const std::vector<std::string> planned = TsDatabase::check(dir.path(), kDof, kMinima);
  ASSERT_EQ(planned.size(), 3u);
  EXPECT_TRUE(Contains(planned[0], "ts.data: removed an incomplete last line of 2 bytes (\"-1\")"));
  EXPECT_TRUE(Contains(planned[1], "points.ts: removed a partial record of 1 byte at the end"));
  EXPECT_TRUE(Contains(planned[2], "points.ts: removed record 4 (48 bytes), which had no line in"));
  EXPECT_EQ(TsDatabase::check(dir.path(), kDof, kMinima), planned);  // checking twice: still there
  EXPECT_EQ(read_bytes(ts_data(dir)), data_before);
  EXPECT_EQ(read_bytes(points_ts(dir)), points_before);
  TsDatabase db = TsDatabase::open(dir.path(), kDof, kMinima);
  EXPECT_EQ(db.repairs(), planned);
  EXPECT_TRUE(TsDatabase::check(dir.path(), kDof, kMinima).empty());
  // Where neither file exists check() creates nothing.
  TempDir empty;
  EXPECT_TRUE(TsDatabase::check(empty.path(), kDof, kMinima).empty());
  EXPECT_FALSE(fs::exists(ts_data(empty)));
  EXPECT_FALSE(fs::exists(points_ts(empty)));
}

TEST(TsDatabase, MovedDatabaseKeepsAppending) {
  TempDir dir;
  TsDatabase first = TsDatabase::open(dir.path(), kDof, kMinima);
  first.append(make_ts(0, kDof), kMinima);
  TsDatabase second(std::move(first));
  EXPECT_FALSE(first.is_open());  // NOLINT(bugprone-use-after-move): moved-from state is specified
  EXPECT_THROW(first.append(make_ts(1, kDof), kMinima), DatabaseError);
  EXPECT_EQ(second.append(make_ts(1, kDof), kMinima), 2u);
  TsDatabase third;
  third = std::move(second);
  EXPECT_EQ(third.append(make_ts(2, kDof), kMinima), 3u);
  third = TsDatabase::open(dir.path(), kDof, kMinima);  // closes the old descriptors
  EXPECT_EQ(third.size(), 3u);
  EXPECT_TRUE(third.repairs().empty());
}

// A kill during append() stops it after some prefix of the bytes it writes: first the points.ts
// record, then the ts.data line. Every such prefix must open as N or N+1 transition states, never
// an error, and check() must plan exactly the repairs open() makes.
TEST(TsDatabase, EveryPrefixOfAnAppendOpens) {
  for (const std::size_t last : {3u, 2u}) {  // an 8-column line, then a 9-column (IMFRQ) one
    SCOPED_TRACE(fmt::format("appending transition state {}", last + 1));
    TempDir original;
    const std::size_t n = last;
    std::vector<TransitionStateRecord> want = build(original.path(), n + 1);
    if (last == 2) {
      ASSERT_TRUE(want[n].imaginary_frequency);
    }
    const std::string data = read_bytes(ts_data(original));
    const std::string points = read_bytes(points_ts(original));
    const std::size_t data_before = data.rfind('\n', data.size() - 2) + 1;
    const std::size_t points_before = n * kRecordBytes;
    ASSERT_EQ(points.size(), points_before + kRecordBytes);

    const TransitionStateRecord next_record = make_ts(50, kDof);
    TempDir dir;
    for (const testing::AppendState& s :
         testing::append_states(points_before, kRecordBytes, data_before, data.size())) {
      SCOPED_TRACE(fmt::format("points.ts {} bytes, ts.data {} bytes", s.points_size, s.data_size));
      // New files rather than truncated ones: ext4 flushes a file truncated to zero and rewritten
      // when it is closed, which would cost milliseconds a state.
      fs::remove(ts_data(dir));
      fs::remove(points_ts(dir));
      write_bytes(ts_data(dir), data.substr(0, s.data_size));
      write_bytes(points_ts(dir), points.substr(0, s.points_size));
      const bool complete = s.data_size == data.size();
      std::vector<std::string> planned;
      ASSERT_NO_THROW(planned = TsDatabase::check(dir.path(), kDof, kMinima));
      EXPECT_EQ(read_bytes(ts_data(dir)), data.substr(0, s.data_size));
      EXPECT_EQ(read_bytes(points_ts(dir)), points.substr(0, s.points_size));
      TsDatabase db;
      ASSERT_NO_THROW(db = TsDatabase::open(dir.path(), kDof, kMinima));
      EXPECT_EQ(db.repairs(), planned);
      expect_records(db, want, complete ? n + 1 : n);
      const bool consistent = testing::consistent_state(s, points_before, data_before, data.size());
      EXPECT_EQ(db.repairs().empty(), consistent);
      if (!consistent) {
        // Exactly the repairs that describe the cut.
        std::size_t expected = 0;
        if (s.data_size != data_before && !complete) ++expected;      // the torn line
        if (s.points_size % kRecordBytes != 0) ++expected;            // the partial record
        if (s.points_size == points.size() && !complete) ++expected;  // the record without a line
        EXPECT_EQ(db.repairs().size(), expected);
      }
      // The repaired database takes the next append as if nothing had happened.
      const std::size_t size = db.size();
      EXPECT_EQ(db.append(next_record, kMinima), size + 1);
      TsDatabase again = TsDatabase::open(dir.path(), kDof, kMinima);
      EXPECT_TRUE(again.repairs().empty());
      ASSERT_EQ(again.size(), size + 1);
      expect_same_ts(again[size], next_record);
      if (::testing::Test::HasFailure()) return;
    }
  }
}

// Large enough records (8 KB) that a kill can land inside a write.
constexpr std::size_t kKillDof = 1024;

TEST(TsDatabaseKill, SigkillDuringAppendsLeavesARepairableDatabase) {
  TempDir dir;
  std::size_t previous = 0;
  const int repaired_rounds = testing::sigkill_during_appends(
      8, 20261127,
      [&](std::chrono::steady_clock::time_point deadline) {
        TsDatabase db = TsDatabase::open(dir.path(), kKillDof, kMinima);
        while (std::chrono::steady_clock::now() < deadline)
          db.append(make_ts(db.size(), kKillDof), kMinima);
      },
      [&] {
        const std::vector<std::string> planned = TsDatabase::check(dir.path(), kKillDof, kMinima);
        TsDatabase db = TsDatabase::open(dir.path(), kKillDof, kMinima);
        EXPECT_EQ(db.repairs(), planned);
        testing::expect_appended_so_far(
            db.size(), previous,
            [&](std::size_t i) { expect_same_ts(db[i], make_ts(i, kKillDof)); }, points_ts(dir),
            kKillDof);
        return !db.repairs().empty();
      });
  EXPECT_GT(previous, 0u);
  RecordProperty("transition_states", static_cast<int>(previous));
  RecordProperty("repaired_rounds", repaired_rounds);
}

}  // namespace
}  // namespace landscape

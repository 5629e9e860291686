// A disk that fills up, or a write that is refused, under a database file in the middle of a run
// (the LD_PRELOAD shim tests/support/fail_writes.c: a partial write then ENOSPC, or EACCES): the
// program stops with exit status 2 and says which file failed, never a signal; every minimum and
// transition state it reported before is intact; the next writing run repairs the torn tail and
// continues, and ends where an undisturbed run ends. A database file removed or replaced during a
// run stops it (exit status 2) before it appends to a file no longer in the directory.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>
#include <string>

#include "common/io/min_database.hpp"
#include "common/io/ts_database.hpp"
#include "tests/support/started_program.hpp"
#include "tests/support/test_paths.hpp"

namespace landscape::testing {
namespace {

namespace fs = std::filesystem;

/// A write that fails under one database file: the errno the shim gives and what the program says.
struct WriteFault {
  const char* errno_name;  ///< FAIL_WRITES_ERRNO
  const char* message;     ///< strerror's text
};
constexpr WriteFault kFullDisk{"ENOSPC", "No space left on device"};
constexpr WriteFault kRefused{"EACCES", "Permission denied"};

/// Runs program in dir with writes to `file` failing (fault) after `after` writes to it.
RunResult run_with_failing_writes(const std::string& program, const fs::path& dir,
                                  const std::string& file, int after, const WriteFault& fault) {
  return run_program(program, "", dir,
                     "LD_PRELOAD='" LANDSCAPE_FAIL_WRITES_LIB "' FAIL_WRITES_FILE='" + file +
                         "' FAIL_WRITES_AFTER=" + std::to_string(after) +
                         " FAIL_WRITES_ERRNO=" + fault.errno_name);
}

const char* kLj13Data =
    "STEPS 60 1.0\nTEMPERATURE 0.8\nSTEP 0.36 0.5\nSAVE 1\nEDIFF 0.001\nDATABASE\nRANSEED 3\n";

std::string lj13_coords() {
  std::string s;
  for (int i = 0; i < 13; ++i)
    s += std::to_string(1.2 * std::sin(1.0 + i)) + " " + std::to_string(1.2 * std::cos(2.0 * i)) +
         " " + std::to_string(0.9 * std::sin(3.0 * i)) + "\n";
  return s;
}

/// The energies of a minima table (to 1e-6), each once.
std::set<long long> energies_of(const MinDatabase& db) {
  std::set<long long> energies;
  for (std::size_t i = 0; i < db.size(); ++i)
    EXPECT_TRUE(energies.insert(std::llround(db[i].energy * 1e6)).second)
        << "minimum " << i + 1 << " stored twice";
  return energies;
}

/// A gmin DATABASE run whose writes to `file` fail after three: exit status 2 naming the file and
/// the error, never a signal; the three minima reported before are intact; the next run repairs the
/// tail and ends with the database of an undisturbed run.
void check_gmin_survives(const WriteFault& fault) {
  const fs::path clean = scratch_dir(std::string("gmin-clean-") + fault.errno_name);
  write_file(clean / "data", kLj13Data);
  write_file(clean / "coords", lj13_coords());
  ASSERT_EQ(run_program("gmin", "", clean).status, 0);
  const std::set<long long> clean_energies = energies_of(MinDatabase::open(clean, 39));
  fs::remove_all(clean);
  for (const char* file : {"points.min", "min.data"}) {
    SCOPED_TRACE(file);
    const fs::path dir = scratch_dir(std::string("failing-gmin-") + fault.errno_name + "-" + file);
    write_file(dir / "data", kLj13Data);
    write_file(dir / "coords", lj13_coords());
    const RunResult failed = run_with_failing_writes("gmin", dir, file, 3, fault);
    EXPECT_EQ(failed.status, 2) << failed.out << failed.err;
    EXPECT_NE(failed.err.find(std::string(file) + ": write failed: " + fault.message),
              std::string::npos)
        << failed.err;
    // The three minima reported before the failure are intact; a torn tail is repaired.
    MinDatabase db = MinDatabase::open(dir, 39);
    EXPECT_EQ(db.size(), 3u);
    // A full disk writes half a record or line first; a refused points record leaves nothing.
    if (std::string(fault.errno_name) == "ENOSPC" || std::string(file) == "min.data")
      EXPECT_FALSE(db.repairs().empty());
    else
      EXPECT_TRUE(db.repairs().empty()) << db.repairs()[0];
    db = MinDatabase();
    // Writes work again: the next run repairs nothing more and stores only new minima, and ends
    // with the minima of an undisturbed run.
    const RunResult again = run_program("gmin", "", dir);
    ASSERT_EQ(again.status, 0) << again.err;
    const MinDatabase grown = MinDatabase::open(dir, 39);
    EXPECT_TRUE(grown.repairs().empty());
    EXPECT_EQ(energies_of(grown), clean_energies);
    fs::remove_all(dir);
  }
}

TEST(FaultInjection, GminDatabaseSurvivesAFullDiskUnderEitherFile) {
  check_gmin_survives(kFullDisk);
}

TEST(FaultInjection, GminDatabaseSurvivesARefusedWriteUnderEitherFile) {
  check_gmin_survives(kRefused);
}

/// A pathsample merge (ADDPATH) whose writes to ts.data fail after four: exit status 2 naming the
/// file and the error; the four transition states merged before are intact; the rerun ends with
/// the database of a clean run.
void check_pathsample_survives(const WriteFault& fault) {
  const fs::path clean = scratch_dir(std::string("pathsample-clean-") + fault.errno_name);
  const fs::path dir = scratch_dir(std::string("failing-pathsample-") + fault.errno_name);
  for (const fs::path& d : {clean, dir}) {
    fs::copy_file(lj38_tutorial_dir() / "04_pathsample" / "path.info.initial", d / "path.info");
    write_file(d / "pathdata", "NATOMS 38\nADDPATH path.info\n");
  }
  ASSERT_EQ(run_program("pathsample", "", clean).status, 0);
  const MinDatabase clean_minima = MinDatabase::open(clean, 114);
  const TsDatabase clean_ts = TsDatabase::open(clean, 114, clean_minima.size());

  const RunResult failed = run_with_failing_writes("pathsample", dir, "ts.data", 4, fault);
  EXPECT_EQ(failed.status, 2) << failed.out << failed.err;
  EXPECT_NE(failed.err.find(std::string("ts.data: write failed: ") + fault.message),
            std::string::npos)
      << failed.err;
  {
    const MinDatabase minima = MinDatabase::open(dir, 114);
    const TsDatabase ts = TsDatabase::open(dir, 114, minima.size());
    EXPECT_EQ(ts.size(), 4u) << "the four transition states merged before the write failed";
    EXPECT_FALSE(ts.repairs().empty()) << "the points record of the fifth has no line";
  }
  const RunResult again = run_program("pathsample", "", dir);
  ASSERT_EQ(again.status, 0) << again.err;
  const MinDatabase minima = MinDatabase::open(dir, 114);
  const TsDatabase ts = TsDatabase::open(dir, 114, minima.size());
  EXPECT_TRUE(minima.repairs().empty());
  EXPECT_EQ(minima.size(), clean_minima.size());
  EXPECT_EQ(ts.size(), clean_ts.size());
  for (std::size_t i = 0; i < ts.size(); ++i) {
    EXPECT_EQ(ts[i].min1, clean_ts[i].min1) << "transition state " << i + 1;
    EXPECT_EQ(ts[i].min2, clean_ts[i].min2) << "transition state " << i + 1;
  }
  fs::remove_all(clean);
  fs::remove_all(dir);
}

TEST(FaultInjection, APathsampleMergeSurvivesAFullDiskAndTheRerunMatchesACleanRun) {
  check_pathsample_survives(kFullDisk);
}

TEST(FaultInjection, APathsampleMergeSurvivesARefusedWriteAndTheRerunMatchesACleanRun) {
  check_pathsample_survives(kRefused);
}

/// A gmin DATABASE run on LJ13 long enough to find new minima for many seconds.
const char* kLongLj13Data =
    "STEPS 100000000 1.0\nTEMPERATURE 1.2\nSTEP 0.36 0.5\nSAVE 1\nEDIFF 0.001\nDATABASE\n"
    "RANSEED 5\n";

/// Starts the long gmin run in dir and waits until min.data holds at least two minima.
Started start_long_gmin(const fs::path& dir) {
  write_file(dir / "data", kLongLj13Data);
  write_file(dir / "coords", lj13_coords());
  const Started g = start("gmin", dir);
  EXPECT_TRUE(wait_until([&] {
    const std::string text = read_file(dir / "min.data");
    return std::count(text.begin(), text.end(), '\n') >= 2;
  })) << read_file(g.log);
  return g;
}

TEST(FaultInjection, GminStopsWhenItsDatabaseIsRemovedDuringTheRun) {
  const fs::path dir = scratch_dir("removed-gmin");
  const Started g = start_long_gmin(dir);
  // The database is wiped while gmin holds both files open.
  fs::remove(dir / "min.data");
  fs::remove(dir / "points.min");
  const int status = wait_exit(g);
  const std::string log = read_file(g.log);
  EXPECT_EQ(status, 2) << log;
  EXPECT_NE(log.find("min.data was removed during the run; nothing more was appended"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("remove points.min as well to start a new database"), std::string::npos)
      << log;
  EXPECT_FALSE(fs::exists(dir / "min.data")) << "nothing written to a new min.data";
  // The next run starts a new, consistent database.
  write_file(dir / "data", kLj13Data);
  const RunResult again = run_program("gmin", "", dir);
  ASSERT_EQ(again.status, 0) << again.err;
  const MinDatabase db = MinDatabase::open(dir, 39);
  EXPECT_TRUE(db.repairs().empty());
  EXPECT_GE(db.size(), 1u);
  energies_of(db);
  fs::remove_all(dir);
}

TEST(FaultInjection, GminStopsWhenItsMinDataIsReplacedDuringTheRun) {
  const fs::path dir = scratch_dir("replaced-gmin");
  const Started g = start_long_gmin(dir);
  // min.data is replaced by a copy of itself (a restore from a backup, an editor's save).
  fs::copy_file(dir / "min.data", dir / "min.data.copy");
  fs::rename(dir / "min.data.copy", dir / "min.data");
  const int status = wait_exit(g);
  const std::string log = read_file(g.log);
  EXPECT_EQ(status, 2) << log;
  EXPECT_NE(log.find("min.data was replaced during the run; nothing more was appended"),
            std::string::npos)
      << log;
  // The next run takes the files as they are (a minimum appended while the copy was taken leaves
  // a points record without its line: a torn tail, repaired) and ends normally.
  write_file(dir / "data", kLj13Data);
  const RunResult again = run_program("gmin", "", dir);
  ASSERT_EQ(again.status, 0) << again.err;
  const MinDatabase db = MinDatabase::open(dir, 39);
  EXPECT_TRUE(db.repairs().empty());
  EXPECT_GE(db.size(), 2u);
  energies_of(db);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace landscape::testing

// A disk that fills up under a database file in the middle of a run (the LD_PRELOAD shim
// tests/support/fail_writes.c: a partial write, then ENOSPC): the program stops with exit status
// 2 and says which file failed, never a signal; every minimum and transition state it reported
// before is intact; the next writing run repairs the torn tail and continues, and ends where an
// undisturbed run ends.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <set>
#include <string>

#include "common/io/min_database.hpp"
#include "common/io/ts_database.hpp"
#include "tests/support/test_paths.hpp"

namespace landscape::testing {
namespace {

namespace fs = std::filesystem;

/// Runs program in dir with the disk full under `file` after `after` writes to it.
RunResult run_with_full_disk(const std::string& program, const fs::path& dir,
                             const std::string& file, int after) {
  return run_program(program, "", dir,
                     "LD_PRELOAD='" LANDSCAPE_FAIL_WRITES_LIB "' FAIL_WRITES_FILE='" + file +
                         "' FAIL_WRITES_AFTER=" + std::to_string(after));
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

TEST(FaultInjection, GminDatabaseSurvivesAFullDiskUnderEitherFile) {
  for (const char* file : {"points.min", "min.data"}) {
    SCOPED_TRACE(file);
    const fs::path dir = scratch_dir(std::string("full-disk-gmin-") + file);
    write_file(dir / "data", kLj13Data);
    write_file(dir / "coords", lj13_coords());
    const RunResult full = run_with_full_disk("gmin", dir, file, 3);
    EXPECT_EQ(full.status, 2) << full.out << full.err;
    EXPECT_NE(full.err.find(std::string(file) + ": write failed: No space left on device"),
              std::string::npos)
        << full.err;
    // The three minima reported before the disk filled are intact; the tail is repaired.
    MinDatabase db = MinDatabase::open(dir, 39);
    EXPECT_EQ(db.size(), 3u);
    EXPECT_FALSE(db.repairs().empty());
    std::set<long long> energies;
    for (std::size_t i = 0; i < db.size(); ++i) energies.insert(std::llround(db[i].energy * 1e6));
    db = MinDatabase();
    // The disk has room again: the next run repairs nothing more and stores only new minima.
    const RunResult again = run_program("gmin", "", dir);
    ASSERT_EQ(again.status, 0) << again.err;
    const MinDatabase grown = MinDatabase::open(dir, 39);
    EXPECT_TRUE(grown.repairs().empty());
    EXPECT_GE(grown.size(), 3u);
    std::set<long long> all;
    for (std::size_t i = 0; i < grown.size(); ++i)
      EXPECT_TRUE(all.insert(std::llround(grown[i].energy * 1e6)).second)
          << "minimum " << i + 1 << " stored twice";
    fs::remove_all(dir);
  }
}

TEST(FaultInjection, APathsampleMergeSurvivesAFullDiskAndTheRerunMatchesACleanRun) {
  const fs::path clean = scratch_dir("full-disk-pathsample-clean");
  const fs::path dir = scratch_dir("full-disk-pathsample");
  for (const fs::path& d : {clean, dir}) {
    fs::copy_file(lj38_tutorial_dir() / "04_pathsample" / "path.info.initial", d / "path.info");
    write_file(d / "pathdata", "NATOMS 38\nADDPATH path.info\n");
  }
  ASSERT_EQ(run_program("pathsample", "", clean).status, 0);
  const MinDatabase clean_minima = MinDatabase::open(clean, 114);
  const TsDatabase clean_ts = TsDatabase::open(clean, 114, clean_minima.size());

  const RunResult full = run_with_full_disk("pathsample", dir, "ts.data", 4);
  EXPECT_EQ(full.status, 2) << full.out << full.err;
  EXPECT_NE(full.err.find("ts.data: write failed: No space left on device"), std::string::npos)
      << full.err;
  {
    const MinDatabase minima = MinDatabase::open(dir, 114);
    const TsDatabase ts = TsDatabase::open(dir, 114, minima.size());
    EXPECT_EQ(ts.size(), 4u) << "the four transition states merged before the disk filled";
  }
  const RunResult again = run_program("pathsample", "", dir);
  ASSERT_EQ(again.status, 0) << again.err;
  const MinDatabase minima = MinDatabase::open(dir, 114);
  const TsDatabase ts = TsDatabase::open(dir, 114, minima.size());
  EXPECT_TRUE(minima.repairs().empty());
  EXPECT_EQ(minima.size(), clean_minima.size());
  EXPECT_EQ(ts.size(), clean_ts.size());
  fs::remove_all(clean);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace landscape::testing

// One writer per database: while a process holds database.lock, gmin DATABASE and a pathsample
// run that writes stop at once naming the holder, and change nothing; readers are not blocked;
// once the holder is gone, the writers run.
#include "common/io/database_lock.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "common/io/errors.hpp"
#include "tests/support/test_paths.hpp"

namespace landscape::testing {
namespace {

namespace fs = std::filesystem;

TEST(DatabaseLock, ASecondWriterStopsNamingTheHolderAndReadersGoOn) {
  const fs::path dir = scratch_dir("database-lock");
  for (const char* f : {"min.data", "ts.data", "points.min", "points.ts", "dinfo"})
    fs::copy_file(lj38_tutorial_dir() / "05_pathsample_expanded" / f, dir / f);
  fs::copy_file(lj38_tutorial_dir() / "01_gmin" / "coords", dir / "coords");
  write_file(dir / "data", "STEPS 5 1.0\nTEMPERATURE 1.0\nSTEP 0.40 0.51\nDATABASE\nRANSEED 2\n");
  write_file(dir / "pathdata", "NATOMS 38\nEXTRACTMIN 1\n");
  const std::string min_data = read_file(dir / "min.data");
  {
    const DatabaseLock holder = DatabaseLock::acquire(dir, "the test");
    ASSERT_TRUE(holder.held());
    const std::string pid = "(pid " + std::to_string(::getpid()) + ", since ";
    for (const char* program : {"gmin", "pathsample"}) {
      const RunResult r = run_program(program, "", dir);
      EXPECT_EQ(r.status, 2) << program << ": " << r.out;
      EXPECT_NE(r.err.find("is being written by the test " + pid), std::string::npos)
          << program << ": " << r.err;
      EXPECT_EQ(read_file(dir / "min.data"), min_data) << program;
    }
    // A second lock in this very process is refused too (flock is per open file).
    EXPECT_THROW(DatabaseLock::acquire(dir, "again"), DatabaseError);
    // Readers take no lock.
    const RunResult reader = run_program("disconnect", "", dir);
    EXPECT_EQ(reader.status, 0) << reader.err;
  }
  // The holder is gone: both writers run.
  for (const char* program : {"pathsample", "gmin"}) {
    const RunResult r = run_program(program, "", dir);
    EXPECT_EQ(r.status, 0) << program << ": " << r.err;
  }
  EXPECT_NE(read_file(dir / "database.lock").find("gmin (pid "), std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace landscape::testing

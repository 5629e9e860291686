// SIGTERM and SIGKILL at seeded random moments of a gmin DATABASE run, an optim connection run and
// a pathsample campaign with CPUS 2. After each kill every database is consistent: the writer's
// opening repairs at most a torn tail (nothing at all after SIGTERM), min.data and ts.data then
// have one line per record of points.min and points.ts, and a read-only pathsample run reads
// them; SIGTERM gives exit status 143 and "interrupted" in the log; a restarted run continues and
// ends normally.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <random>
#include <string>
#include <thread>

#include "common/io/min_database.hpp"
#include "common/io/ts_database.hpp"
#include "common/landscape/path_info.hpp"
#include "tests/support/started_program.hpp"
#include "tests/support/test_paths.hpp"

namespace landscape::testing {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

/// The seeded random moment of kill k (the same moments on every run of the test).
milliseconds kill_delay(std::mt19937& rng, int min_ms, int max_ms) {
  return milliseconds(std::uniform_int_distribution<int>(min_ms, max_ms)(rng));
}

/// Kills s with sig (SIGTERM: exit status 143 and "interrupted" in its log, unless the run had
/// already ended by itself; SIGKILL: killed). Returns whether it was still running.
bool kill_and_check(const Started& s, int sig) {
  int status = 0;
  if (::waitpid(s.pid, &status, WNOHANG) == s.pid) {  // ended before the kill: nothing to check
    EXPECT_EQ(exit_status_of(status), 0) << read_file(s.log);
    return false;
  }
  const int got = stop_with(s, sig);
  const std::string log = read_file(s.log);
  if (sig == SIGTERM) {
    if (got == 0) return false;  // it ended between the check and the signal
    EXPECT_EQ(got, 143) << log;
    EXPECT_NE(log.find("interrupted"), std::string::npos) << log;
  } else {
    EXPECT_EQ(got, -SIGKILL) << log;
  }
  return true;
}

/// The tables of dir as the next writer opens them: after SIGTERM nothing to repair; the .data
/// files then hold one line per points record (open() refuses anything else). Returns the sizes.
std::pair<std::size_t, std::size_t> check_tables(const fs::path& dir, std::size_t n_dof, int sig) {
  const MinDatabase minima = MinDatabase::open(dir, n_dof);
  if (sig == SIGTERM) {
    EXPECT_TRUE(minima.repairs().empty()) << minima.repairs()[0];
  }
  EXPECT_EQ(fs::file_size(dir / "points.min"), minima.size() * n_dof * sizeof(double));
  std::size_t n_ts = 0;
  if (fs::exists(dir / "ts.data")) {
    const TsDatabase ts = TsDatabase::open(dir, n_dof, minima.size());
    if (sig == SIGTERM) {
      EXPECT_TRUE(ts.repairs().empty()) << ts.repairs()[0];
    }
    EXPECT_EQ(fs::file_size(dir / "points.ts"), ts.size() * n_dof * sizeof(double));
    n_ts = ts.size();
  }
  const auto lines = [](const fs::path& p) {
    const std::string text = fs::exists(p) ? read_file(p) : "";
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  };
  EXPECT_EQ(lines(dir / "min.data"), minima.size());
  EXPECT_EQ(lines(dir / "ts.data"), n_ts);
  return {minima.size(), n_ts};
}

/// A read-only pathsample run (the heat capacity, NOPOINTS) reads the repaired database.
void check_pathsample_reads(const fs::path& dir, int natoms) {
  const fs::path reader = scratch_dir("kill-reader");
  for (const char* f : {"min.data", "ts.data"})
    if (fs::exists(dir / f)) fs::copy_file(dir / f, reader / f);
  write_file(reader / "pathdata",
             "NATOMS " + std::to_string(natoms) + "\nNOPOINTS\nCV 0.1 0.3 0.1\n");
  const RunResult r = run_program("pathsample", "", reader);
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  fs::remove_all(reader);
}

std::string lj13_coords() {
  std::string s;
  for (int i = 0; i < 13; ++i)
    s += std::to_string(1.2 * std::sin(1.0 + i)) + " " + std::to_string(1.2 * std::cos(2.0 * i)) +
         " " + std::to_string(0.9 * std::sin(3.0 * i)) + "\n";
  return s;
}

TEST(Kill, GminDatabaseIsConsistentAfterEveryKillAndTheRestartEndsNormally) {
  std::mt19937 rng(20240613);
  const fs::path dir = scratch_dir("kill-gmin");
  write_file(dir / "coords", lj13_coords());
  std::size_t last = 0;
  for (int k = 0; k < 6; ++k) {
    const int sig = k % 2 == 0 ? SIGKILL : SIGTERM;
    SCOPED_TRACE(fmt::format("kill {} ({})", k + 1, sig == SIGKILL ? "SIGKILL" : "SIGTERM"));
    write_file(dir / "data",
               fmt::format("STEPS 100000000 1.0\nTEMPERATURE 1.2\nSTEP 0.36 0.5\nSAVE 1\n"
                           "EDIFF 0.001\nDATABASE\nRANSEED {}\n",
                           k + 1));
    const Started g = start("gmin", dir);
    ASSERT_TRUE(wait_for(g, "database: ")) << read_file(g.log);
    std::this_thread::sleep_for(kill_delay(rng, 50, 1200));
    kill_and_check(g, sig);
    const auto [n_min, n_ts] = check_tables(dir, 39, sig);
    EXPECT_GE(n_min, last) << "the database only grows";
    last = n_min;
    check_pathsample_reads(dir, 13);
  }
  write_file(dir / "data",
             "STEPS 40 1.0\nTEMPERATURE 1.2\nSTEP 0.36 0.5\nSAVE 1\nEDIFF 0.001\nDATABASE\n");
  const RunResult again = run_program("gmin", "", dir);
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_GE(check_tables(dir, 39, SIGTERM).first, last);
  fs::remove_all(dir);
}

TEST(Kill, OptimPathInfoReadsAfterSigtermAndTheRestartEndsNormally) {
  std::mt19937 rng(7);
  const fs::path dir = scratch_dir("kill-optim");
  for (const char* f : {"odata", "finish"})
    fs::copy_file(fs::path(source_dir()) / "examples" / "mueller_brown" / f, dir / f);
  for (int k = 0; k < 6; ++k) {
    const int sig = k % 2 == 0 ? SIGTERM : SIGKILL;
    SCOPED_TRACE(fmt::format("kill {} ({})", k + 1, sig == SIGKILL ? "SIGKILL" : "SIGTERM"));
    fs::remove(dir / "path.info");
    const Started o = start("optim", dir);
    // The handlers are installed before the keywords are echoed; a signal before that is the
    // default action, before anything is written.
    ASSERT_TRUE(wait_for(o, "keywords in effect")) << read_file(o.log);
    std::this_thread::sleep_for(kill_delay(rng, 0, 40));
    const bool killed = kill_and_check(o, sig);
    // What SIGTERM leaves (and a run that ended) reads; SIGKILL may leave a torn path.info, which
    // the next run replaces.
    if ((sig == SIGTERM || !killed) && fs::exists(dir / "path.info")) {
      EXPECT_NO_THROW(read_path_info(dir / "path.info", 2, true));
    }
    const RunResult again = run_program("optim", "", dir);
    ASSERT_EQ(again.status, 0) << again.err;
    EXPECT_FALSE(read_path_info(dir / "path.info", 2, true).empty());
  }
  fs::remove_all(dir);
}

TEST(Kill, PathsampleCampaignDatabaseIsConsistentAfterEveryKillAndTheRestartEndsNormally) {
  std::mt19937 rng(11);
  const fs::path dir = scratch_dir("kill-pathsample");
  for (const auto& e : fs::directory_iterator(lj38_tutorial_dir() / "05_pathsample_expanded"))
    if (e.path().extension() != ".expected") fs::copy_file(e.path(), dir / e.path().filename());
  const auto set = [&](std::string& text, const std::string& keyword, const std::string& line) {
    const auto at = text.find(keyword);
    text.replace(at, text.find('\n', at) - at, line);
  };
  std::string pathdata = read_file(dir / "pathdata");
  set(pathdata, "EXEC", "EXEC " + (bin_dir() / "optim").string());
  set(pathdata, "CPUS", "CPUS 2");
  write_file(dir / "pathdata", pathdata);
  std::size_t last_min = 0, last_ts = 0;
  for (int k = 0; k < 4; ++k) {
    const int sig = k % 2 == 0 ? SIGKILL : SIGTERM;
    SCOPED_TRACE(fmt::format("kill {} ({})", k + 1, sig == SIGKILL ? "SIGKILL" : "SIGTERM"));
    const Started p = start("pathsample", dir);
    ASSERT_TRUE(wait_for(p, "job 2 started")) << read_file(p.log);
    std::this_thread::sleep_for(kill_delay(rng, 0, 2500));
    kill_and_check(p, sig);
    const auto [n_min, n_ts] = check_tables(dir, 114, sig);
    EXPECT_GE(n_min, last_min);
    EXPECT_GE(n_ts, last_ts);
    last_min = n_min;
    last_ts = n_ts;
    check_pathsample_reads(dir, 38);
  }
  set(pathdata, "CYCLES", "CYCLES 2");
  write_file(dir / "pathdata", pathdata);
  const RunResult again = run_program("pathsample", "", dir);
  ASSERT_EQ(again.status, 0) << again.out << again.err;
  const auto [n_min, n_ts] = check_tables(dir, 114, SIGTERM);
  EXPECT_GE(n_min, last_min);
  EXPECT_GE(n_ts, last_ts);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace landscape::testing

// pathsample under mpirun (doc/mpi.md, "pathsample"): a short UNTRAP campaign from the LJ38
// tutorial's 05 database run serially at CPUS 1, under -np 2 (one worker: the jobs run one at a
// time in the same order) and -np 1 (rank 0 alone) gives the same database bit for bit when every
// rank's BLAS has one thread (OPENBLAS_NUM_THREADS=1; rank 0's own BLAS thread count can move the
// last digit of a moment of inertia); -np 4 (three workers on loopback) leaves a consistent
// database; a job that fails on a worker is reported to rank 0 and logged; a worker killed with
// SIGKILL ends the run, and a restart continues with nothing lost.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <sstream>
#include <thread>

#include "common/io/min_database.hpp"
#include "common/io/ts_database.hpp"
#include "tests/support/mpi_launch.hpp"
#include "tests/support/test_paths.hpp"

namespace landscape::testing {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kDof = 114;  // LJ38

/// Tutorial 05 (the LJ38 database with min.A and min.B, UNTRAP 0.035 3.0) in a scratch directory,
/// with EXEC at our optim, CPUS 1 and CYCLES cycles.
fs::path tutorial_05(const std::string& name, int cycles) {
  const fs::path dir = scratch_dir(name);
  for (const auto& e : fs::directory_iterator(lj38_tutorial_dir() / "05_pathsample_expanded")) {
    fs::copy_file(e.path(), dir / e.path().filename());
    fs::permissions(dir / e.path().filename(), fs::perms::owner_write, fs::perm_options::add);
  }
  std::string text = read_file(dir / "pathdata");
  auto set = [&](const std::string& key, const std::string& value) {
    const auto at = text.find("\n" + key) + 1;
    ASSERT_NE(at, 0u) << key;
    text.replace(at, text.find('\n', at) - at, key + " " + value);
  };
  set("EXEC", (bin_dir() / "optim").string());
  set("CPUS", "1");
  set("CYCLES", std::to_string(cycles));
  write_file(dir / "pathdata", text);
  return dir;
}

/// Adds a keyword line to odata.connect, before its POINTS.
void add_to_template(const fs::path& dir, const std::string& line) {
  std::string odata = read_file(dir / "odata.connect");
  odata.replace(odata.find("\nPOINTS") + 1, 0, line + "\n");
  write_file(dir / "odata.connect", odata);
}

/// The launcher for K ranks with one BLAS thread in every rank (passed on with -x).
std::string one_thread_mpirun(int ranks) {
  return "OPENBLAS_NUM_THREADS=1 " + mpirun_prefix(ranks) + "-x OPENBLAS_NUM_THREADS ";
}

std::vector<std::string> lines_of(const fs::path& file) {
  std::vector<std::string> out;
  std::istringstream in(read_file(file));
  for (std::string line; std::getline(in, line);)
    if (line.find_first_not_of(" \t") != std::string::npos) out.push_back(line);
  return out;
}

/// How many times text occurs in s.
std::size_t count_of(const std::string& s, const std::string& text) {
  std::size_t n = 0;
  for (auto at = s.find(text); at != std::string::npos; at = s.find(text, at + 1)) ++n;
  return n;
}

/// A database the next run opens and extends: the points files hold one record per line of
/// min.data and ts.data, every transition state joins stored minima, and a serial pathsample
/// (CYCLES 0) reads it without a repair or a warning.
void expect_consistent_database(const fs::path& dir) {
  const MinDatabase minima = MinDatabase::open(dir, kDof);
  const TsDatabase ts = TsDatabase::open(dir, kDof, minima.size());
  EXPECT_EQ(lines_of(dir / "min.data").size(), minima.size());
  EXPECT_EQ(lines_of(dir / "ts.data").size(), ts.size());
  EXPECT_EQ(fs::file_size(dir / "points.min"), minima.size() * kDof * sizeof(double));
  EXPECT_EQ(fs::file_size(dir / "points.ts"), ts.size() * kDof * sizeof(double));
  for (const auto& t : ts.records()) {
    EXPECT_GE(t.min1, 1u);
    EXPECT_LE(t.min1, minima.size());
    EXPECT_GE(t.min2, 1u);
    EXPECT_LE(t.min2, minima.size());
  }
  for (const auto& row : lines_of(dir / "pairs.data")) {
    std::istringstream in(row);
    std::size_t a = 0, b = 0;
    ASSERT_TRUE(in >> a >> b) << row;
    EXPECT_TRUE(a >= 1 && a <= minima.size() && b >= 1 && b <= minima.size()) << row;
  }
  const fs::path check = scratch_dir("ps-mpi-check");
  for (const char* f : {"pathdata", "min.data", "ts.data", "points.min", "points.ts"})
    fs::copy_file(dir / f, check / f);
  std::string pathdata = read_file(check / "pathdata");
  pathdata.replace(pathdata.find("\nCYCLES") + 1, 0, "! ");
  write_file(check / "pathdata", pathdata);
  const RunResult r = run_program("pathsample", "", check);
  EXPECT_EQ(r.status, 0) << r.err << r.out;
  EXPECT_EQ(r.out.find("warning"), std::string::npos) << r.out;
  EXPECT_EQ(r.err, "");
}

/// Every file of the database, byte for byte.
void expect_same_database(const fs::path& a, const fs::path& b) {
  for (const char* f : {"min.data", "ts.data", "points.min", "points.ts", "pairs.data"})
    EXPECT_TRUE(read_file(a / f) == read_file(b / f)) << f << " differs: " << a << " " << b;
}

TEST(PathsampleMpi, OneWorkerAndRankZeroAloneGiveTheSerialDatabaseBitForBit) {
  const fs::path serial = tutorial_05("ps-mpi-serial", 3);
  const RunResult s = run_program("pathsample", "", serial, "OPENBLAS_NUM_THREADS=1");
  ASSERT_EQ(s.status, 0) << s.err << s.out;
  ASSERT_NE(s.out.find("campaign: 3 jobs"), std::string::npos) << s.out;
  EXPECT_EQ(s.out.find("MPI"), std::string::npos) << "the MPI build without mpirun is serial";
  EXPECT_EQ(lines_of(serial / "pairs.data").size(), 3u);

  // -np 2: rank 0 chooses the pairs and merges, rank 1 runs the jobs in-process.
  const fs::path two = tutorial_05("ps-mpi-np2", 3);
  const RunResult m = run_program("pathsample", "", two, one_thread_mpirun(2));
  ASSERT_EQ(m.status, 0) << m.err << m.out;
  EXPECT_NE(m.out.find("campaign: 3 jobs"), std::string::npos) << m.out;
  EXPECT_NE(m.out.find("CPUS 1 is replaced by 1"), std::string::npos) << m.out;
  EXPECT_EQ(count_of(m.out, "in-process on rank 1 connecting minima"), 3u) << m.out;
  EXPECT_FALSE(fs::exists(two / "mpi.rank.1")) << "the worker's scratch directory is removed";
  for (const char* f : {"odata.1", "finish.1", "path.info.1", "EofS.1.1", "path.1.xyz.1"})
    EXPECT_FALSE(fs::exists(two / f)) << f;
  EXPECT_TRUE(fs::exists(two / "OPTIM.connect.3")) << "each job's log is kept, as for local jobs";
  expect_same_database(serial, two);

  // -np 1: rank 0 runs each job in-process itself.
  const fs::path one = tutorial_05("ps-mpi-np1", 3);
  const RunResult o = run_program("pathsample", "", one, one_thread_mpirun(1));
  ASSERT_EQ(o.status, 0) << o.err << o.out;
  EXPECT_EQ(count_of(o.out, "in-process on rank 0"), 3u) << o.out;
  EXPECT_FALSE(fs::exists(one / "mpi.rank.0"));
  expect_same_database(serial, one);
  expect_consistent_database(two);
}

TEST(PathsampleMpi, FourRanksLeaveAConsistentDatabase) {
  // Three workers on loopback, each given a job per cycle: 2 cycles, 6 jobs.
  const fs::path dir = tutorial_05("ps-mpi-np4", 2);
  const RunResult r = run_mpi_program(4, "pathsample", "", dir);
  ASSERT_EQ(r.status, 0) << r.err << r.out;
  SCOPED_TRACE("pathsample's log:\n" + r.out);
  EXPECT_NE(r.out.find("CPUS 1 is replaced by 3"), std::string::npos);
  EXPECT_NE(r.out.find("campaign: 2 cycles of 3 optim job(s) (6 jobs)"), std::string::npos);
  EXPECT_NE(r.out.find("campaign: 6 jobs"), std::string::npos);
  for (int rank = 1; rank <= 3; ++rank)
    EXPECT_NE(r.out.find("in-process on rank " + std::to_string(rank)), std::string::npos) << rank;
  // One line in pairs.data per job that ended (none was interrupted or refused its input).
  EXPECT_EQ(lines_of(dir / "pairs.data").size(), count_of(r.out, " done in "));
  EXPECT_EQ(count_of(r.out, " done in "), 6u);
  EXPECT_GT(lines_of(dir / "min.data").size(), 12u);
  // The tutorial's database is kept line for line, with the new entries after it.
  const auto before = lines_of(lj38_tutorial_dir() / "05_pathsample_expanded" / "min.data");
  const auto after = lines_of(dir / "min.data");
  ASSERT_GE(after.size(), before.size());
  EXPECT_TRUE(std::equal(before.begin(), before.end(), after.begin()));
  expect_consistent_database(dir);
  for (int rank = 0; rank <= 3; ++rank)
    EXPECT_FALSE(fs::exists(dir / ("mpi.rank." + std::to_string(rank)))) << rank;
}

TEST(PathsampleMpi, AFailedAttemptOnAWorkerIsReportedAndLoggedByRankZero) {
  // optim refuses odata.connect (an unknown keyword): every job of the first cycle fails on its
  // input, and rank 0 stops the campaign as a serial run does, then stops the workers.
  const fs::path dir = tutorial_05("ps-mpi-fail", 3);
  add_to_template(dir, "NOSUCHKEYWORD 3");
  const RunResult r = run_mpi_program(3, "pathsample", "", dir);
  SCOPED_TRACE("pathsample's log:\n" + r.out + r.err);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("every optim job of the first cycle failed on its input"),
            std::string::npos);
  for (int job = 1; job <= 2; ++job) {
    const std::string n = std::to_string(job);
    EXPECT_NE(r.out.find("warning: job " + n + " (minima "), std::string::npos) << job;
    // The worker's log of the job, written by rank 0 as OPTIM.connect.N, says what optim refused.
    EXPECT_NE(read_file(dir / ("OPTIM.connect." + n)).find("NOSUCHKEYWORD"), std::string::npos)
        << job;
  }
  EXPECT_NE(r.out.find("ended with exit status 1 after"), std::string::npos);
  EXPECT_TRUE(lines_of(dir / "pairs.data").empty()) << "refused pairs are not marked as tried";
  EXPECT_EQ(lines_of(dir / "min.data").size(), 12u);
  for (int rank = 1; rank <= 2; ++rank)
    EXPECT_FALSE(fs::exists(dir / ("mpi.rank." + std::to_string(rank)))) << rank;
}

TEST(PathsampleMpi, ATimedOutAttemptOnAWorkerIsMergedLoggedAndTried) {
  // TIMELIMIT used up before the first connection cycle: every job ends with exit status 124.
  const fs::path dir = tutorial_05("ps-mpi-timelimit", 2);
  add_to_template(dir, "TIMELIMIT 1.0D-9");
  const RunResult r = run_mpi_program(3, "pathsample", "", dir);
  SCOPED_TRACE("pathsample's log:\n" + r.out + r.err);
  EXPECT_EQ(r.status, 0);
  for (int job = 1; job <= 4; ++job) {
    const std::string n = std::to_string(job);
    EXPECT_NE(r.out.find("job " + n + " (minima "), std::string::npos) << job;
    EXPECT_NE(read_file(dir / ("OPTIM.connect." + n)).find("TIMELIMIT: "), std::string::npos)
        << job;
  }
  EXPECT_NE(r.out.find("reached its time limit (exit status 124"), std::string::npos);
  EXPECT_NE(r.out.find("campaign: 4 jobs (0 failed, 4 timed out)"), std::string::npos);
  EXPECT_EQ(lines_of(dir / "pairs.data").size(), 4u) << "a timed-out attempt was made";
  EXPECT_EQ(lines_of(dir / "min.data").size(), 12u);
}

/// Starts `mpirun -np ranks pathsample` in dir without waiting; its output goes to dir/log.
pid_t start_mpi_pathsample(const fs::path& dir, int ranks, const std::string& log) {
  const std::string cmd = "cd '" + dir.string() + "' && exec " + mpirun_prefix(ranks) + "'" +
                          (bin_dir() / "pathsample").string() + "' > '" + log + "' 2>&1";
  const pid_t pid = fork();
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

bool wait_for_text(const fs::path& file, const std::string& text, std::chrono::seconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    if (fs::exists(file) && read_file(file).find(text) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

/// waitpid with a timeout; the status, or nothing if pid is still running.
std::optional<int> wait_for_exit(pid_t pid, std::chrono::seconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return status;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return std::nullopt;
}

/// The database's sizes in the log line "job N done in S s; database: M minima, T transition
/// states".
std::pair<std::size_t, std::size_t> sizes_after(const std::string& log, int job) {
  const auto at = log.find("job " + std::to_string(job) + " done in ");
  if (at == std::string::npos) return {0, 0};
  const auto d = log.find("database: ", at);
  std::istringstream in(log.substr(d + 10, 60));
  std::size_t m = 0, t = 0;
  std::string word;
  in >> m >> word >> t;
  return {m, t};
}

TEST(PathsampleMpi, AWorkerKilledEndsTheRunAndARestartLosesNothing) {
  const fs::path dir = tutorial_05("ps-mpi-kill", 40);  // far too long to end first
  const pid_t run = start_mpi_pathsample(dir, 2, "log.0");
  ASSERT_GT(run, 0);
  const fs::path log = dir / "log.0";
  ASSERT_TRUE(wait_for_text(log, "job 2 done", std::chrono::seconds(120))) << read_file(log);
  // What had been reported: the database after job 2 and the pairs of jobs 1 and 2.
  const auto [minima_2, ts_2] = sizes_after(read_file(log), 2);
  const auto min_data = lines_of(dir / "min.data");
  const auto ts_data = lines_of(dir / "ts.data");
  const auto pairs = lines_of(dir / "pairs.data");
  ASSERT_GE(min_data.size(), minima_2);
  ASSERT_GE(ts_data.size(), ts_2);
  ASSERT_GE(pairs.size(), 2u);
  const std::string points_min = read_file(dir / "points.min").substr(0, minima_2 * kDof * 8);
  const std::string points_ts = read_file(dir / "points.ts").substr(0, ts_2 * kDof * 8);

  // The worker writes its pid into its scratch directory.
  const pid_t worker = std::stoi(read_file(dir / "mpi.rank.1" / "pid"));
  ASSERT_GT(worker, 0);
  ASSERT_EQ(kill(worker, SIGKILL), 0);
  const auto status = wait_for_exit(run, std::chrono::seconds(60));
  ASSERT_TRUE(status.has_value()) << "mpirun did not end the run after a rank died";
  EXPECT_FALSE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << read_file(log);

  // The restart: two more jobs; the database opens, keeps everything reported before the kill.
  std::string pathdata = read_file(dir / "pathdata");
  const auto at = pathdata.find("\nCYCLES") + 1;
  pathdata.replace(at, pathdata.find('\n', at) - at, "CYCLES 2");
  write_file(dir / "pathdata", pathdata);
  const std::size_t pairs_before = lines_of(dir / "pairs.data").size();
  const RunResult r = run_mpi_program(2, "pathsample", "", dir);
  ASSERT_EQ(r.status, 0) << r.err << r.out;
  SCOPED_TRACE("the restart's log:\n" + r.out);
  EXPECT_NE(r.out.find("campaign: 2 jobs"), std::string::npos);
  EXPECT_EQ(lines_of(dir / "pairs.data").size(), pairs_before + 2);
  const auto min_after = lines_of(dir / "min.data");
  const auto ts_after = lines_of(dir / "ts.data");
  const auto pairs_after = lines_of(dir / "pairs.data");
  ASSERT_GE(min_after.size(), minima_2);
  ASSERT_GE(ts_after.size(), ts_2);
  EXPECT_TRUE(std::equal(min_data.begin(), min_data.begin() + minima_2, min_after.begin()));
  EXPECT_TRUE(std::equal(ts_data.begin(), ts_data.begin() + ts_2, ts_after.begin()));
  EXPECT_TRUE(std::equal(pairs.begin(), pairs.begin() + 2, pairs_after.begin()));
  EXPECT_EQ(read_file(dir / "points.min").substr(0, points_min.size()), points_min);
  EXPECT_EQ(read_file(dir / "points.ts").substr(0, points_ts.size()), points_ts);
  // No pair is tried twice: the restart skips those of pairs.data.
  std::set<std::pair<std::size_t, std::size_t>> distinct;
  for (const auto& row : pairs_after) {
    std::istringstream in(row);
    std::size_t a = 0, b = 0;
    in >> a >> b;
    distinct.insert({std::min(a, b), std::max(a, b)});
  }
  EXPECT_EQ(distinct.size(), pairs_after.size());
  expect_consistent_database(dir);
  EXPECT_FALSE(fs::exists(dir / "mpi.rank.1")) << "the restart removes the killed run's scratch";
}

}  // namespace
}  // namespace landscape::testing

// pathsample/optim_jobs: jobs (/bin/sh scripts) run side by side, their ends reported with exit
// code or signal, output and working directory honoured, start failures and EXEC resolution
// explained, and no job outliving its pool or its parent.
#include "pathsample/optim_jobs.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <thread>

#include "common/io/errors.hpp"
#include "tests/support/path_files.hpp"
#include "tests/support/test_paths.hpp"

namespace landscape::testing {
namespace {

namespace fs = std::filesystem;
using pathsample::FinishedJob;
using pathsample::JobPool;
using pathsample::JobSpec;
using pathsample::resolve_program;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

/// A job running `/bin/sh -c script` in dir, output to dir/job.<id>.out.
JobSpec shell_job(std::size_t id, const fs::path& dir, const std::string& script) {
  JobSpec job;
  job.id = id;
  job.program = "/bin/sh";
  job.args = {"-c", script};
  job.workdir = dir;
  job.output = "job." + std::to_string(id) + ".out";
  return job;
}

/// The RuntimeError message of f(), or "" if it does not throw one.
template <class F>
std::string runtime_error(F f) {
  return error_message<RuntimeError>(f);
}

void make_file(const fs::path& path, const std::string& text, mode_t mode) {
  write_file(path, text);
  ASSERT_EQ(::chmod(path.c_str(), mode), 0);
}

/// The pid a job wrote to file (waits up to 2 s for the line to appear), or -1.
pid_t read_pid(const fs::path& file) {
  const auto t0 = Clock::now();
  while (seconds_since(t0) < 2.0) {
    const std::string text = read_file(file);
    if (!text.empty() && text.back() == '\n') return static_cast<pid_t>(std::stol(text));
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return -1;
}

/// True while pid names a process that has not ended (a zombie has ended).
bool process_alive(pid_t pid) {
  const std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  if (stat.empty()) return false;
  const std::size_t paren = stat.rfind(')');
  if (paren == std::string::npos || paren + 2 >= stat.size()) return false;
  const char state = stat[paren + 2];
  return state != 'Z' && state != 'X';
}

/// Waits up to timeout for pid to end; returns whether it did.
bool ends_within(pid_t pid, double timeout) {
  const auto t0 = Clock::now();
  while (process_alive(pid)) {
    if (seconds_since(t0) > timeout) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

TEST(JobPool, TwoJobsRunSideBySideAndTheShorterEndsFirst) {
  const auto dir = scratch_dir("jobs-side-by-side");
  JobPool pool(2);
  // Job 1 can only finish once job 2 has run: if the pool ran them one after the other, job 1
  // would give up after 2 s with exit status 9.
  pool.start(shell_job(1, dir,
                       "i=0; until [ -e flag ]; do i=$((i+1)); [ $i -gt 200 ] && exit 9; sleep "
                       "0.01; done; sleep 0.2"));
  EXPECT_FALSE(pool.full());
  pool.start(shell_job(2, dir, "sleep 0.1; touch flag; exit 3"));
  EXPECT_TRUE(pool.full());
  EXPECT_EQ(pool.running(), 2u);

  const FinishedJob first = pool.wait_any();
  EXPECT_EQ(first.id, 2u);
  EXPECT_EQ(first.exit_code, 3);
  EXPECT_GE(first.seconds, 0.1);
  EXPECT_EQ(pool.running(), 1u);
  EXPECT_FALSE(pool.full());

  const FinishedJob second = pool.wait_any();
  EXPECT_EQ(second.id, 1u);
  EXPECT_EQ(second.exit_code, 0);
  EXPECT_GE(second.seconds, first.seconds);
  EXPECT_EQ(pool.running(), 0u);
  EXPECT_THROW(pool.wait_any(), std::logic_error);
  fs::remove_all(dir);
}

TEST(JobPool, ReportsExitCodesAndSignals) {
  const auto dir = scratch_dir("jobs-exit-codes");
  JobPool pool(3);
  pool.start(shell_job(10, dir, "exit 0"));
  pool.start(shell_job(11, dir, "exit 42"));
  pool.start(shell_job(12, dir, "kill -KILL $$"));
  EXPECT_THROW(pool.start(shell_job(13, dir, "exit 0")), std::logic_error);
  std::vector<FinishedJob> done;
  while (pool.running() > 0) done.push_back(pool.wait_any());
  std::sort(done.begin(), done.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  ASSERT_EQ(done.size(), 3u);
  EXPECT_EQ(done[0].exit_code, 0);
  EXPECT_EQ(done[0].signal, 0);
  EXPECT_TRUE(done[0].succeeded());
  EXPECT_EQ(done[1].exit_code, 42);
  EXPECT_EQ(done[1].signal, 0);
  EXPECT_FALSE(done[1].succeeded());
  EXPECT_EQ(done[1].describe(), "exit status 42");
  EXPECT_EQ(done[2].exit_code, -1);
  EXPECT_EQ(done[2].signal, SIGKILL);
  EXPECT_EQ(done[2].describe(), "killed by signal 9 (Killed)");
  fs::remove_all(dir);
}

TEST(JobPool, JobsStartWithDefaultSignalDispositions) {
  // An ignored SIGTERM would survive exec (and a non-interactive sh could not undo it).
  const auto dir = scratch_dir("jobs-signals");
  struct sigaction ignore {
  }, saved{};
  ignore.sa_handler = SIG_IGN;
  ASSERT_EQ(::sigaction(SIGTERM, &ignore, &saved), 0);
  JobPool pool(1);
  pool.start(shell_job(1, dir, "kill -TERM $$; exit 0"));
  const FinishedJob done = pool.wait_any();
  ::sigaction(SIGTERM, &saved, nullptr);
  EXPECT_EQ(done.signal, SIGTERM);
  EXPECT_EQ(done.exit_code, -1);
  fs::remove_all(dir);
}

TEST(JobPool, StdoutAndStderrGoToTheOutputFileAndStdinIsEmpty) {
  const auto dir = scratch_dir("jobs-output");
  write_file(dir / "job.1.out", "left over from an earlier run, longer than the new output\n");
  JobPool pool(1);
  pool.start(shell_job(1, dir, "echo out; echo err >&2; cat; echo end"));
  EXPECT_EQ(pool.wait_any().exit_code, 0);
  EXPECT_EQ(read_file(dir / "job.1.out"), "out\nerr\nend\n");
  fs::remove_all(dir);
}

TEST(JobPool, JobsRunSingleThreadedBlasWithTheRestOfOurEnvironment) {
  const auto dir = scratch_dir("jobs-environment");
  ::setenv("OPENBLAS_NUM_THREADS", "8", 1);
  ::setenv("LANDSCAPE_JOB_TEST", "kept", 1);
  JobPool pool(1);
  pool.start(shell_job(1, dir, "echo $OPENBLAS_NUM_THREADS $OMP_NUM_THREADS $LANDSCAPE_JOB_TEST"));
  EXPECT_EQ(pool.wait_any().exit_code, 0);
  ::unsetenv("OPENBLAS_NUM_THREADS");
  ::unsetenv("LANDSCAPE_JOB_TEST");
  EXPECT_EQ(read_file(dir / "job.1.out"), "1 1 kept\n");
  fs::remove_all(dir);
}

TEST(JobPool, JobsRunInTheirWorkdirWithTheirArguments) {
  const auto dir = scratch_dir("jobs-workdir");
  const fs::path workdir = dir / "campaign";
  fs::create_directories(workdir);
  JobSpec job;
  job.id = 7;
  job.program = "/bin/sh";
  job.args = {"-c", "pwd -P > cwd.txt; echo \"$0 $1\" > path.info.$1", "optim", "7"};
  job.workdir = workdir;
  job.output = "optim.7.out";
  JobPool pool(1);
  pool.start(job);
  const FinishedJob done = pool.wait_any();
  EXPECT_EQ(done.id, 7u);
  EXPECT_EQ(done.exit_code, 0);
  EXPECT_EQ(read_file(workdir / "cwd.txt"), fs::canonical(workdir).string() + "\n");
  EXPECT_EQ(read_file(workdir / "path.info.7"), "optim 7\n");
  EXPECT_TRUE(fs::exists(workdir / "optim.7.out"));
  EXPECT_FALSE(fs::exists(dir / "optim.7.out"));
  fs::remove_all(dir);
}

TEST(JobPool, StartFailuresThrowWithTheSystemsReason) {
  const auto dir = scratch_dir("jobs-start-failures");
  make_file(dir / "odata", "not a program\n", 0644);
  make_file(dir / "garbage", "not a program either\n", 0755);
  JobPool pool(1);

  JobSpec job;
  job.id = 4;
  job.program = "./odata";
  job.workdir = dir;
  std::string e = runtime_error([&] { pool.start(job); });
  EXPECT_EQ(e, "cannot start job 4 (./odata): " + (dir / "odata").string() +
                   ": not executable (Permission denied)");

  // Executable but no program: execve fails in the child, which reports its errno.
  job.program = "./garbage";
  e = runtime_error([&] { pool.start(job); });
  EXPECT_EQ(e, "cannot start job 4 (./garbage): Exec format error");

  job.program = "/bin/sh";
  job.workdir = dir / "missing";
  e = runtime_error([&] { pool.start(job); });
  EXPECT_EQ(e, "cannot start job 4 (/bin/sh): cannot enter working directory " +
                   (dir / "missing").string() + ": No such file or directory");

  job.workdir = dir;
  job.output = dir / "no-such-dir" / "out";
  e = runtime_error([&] { pool.start(job); });
  EXPECT_EQ(e, "cannot start job 4 (/bin/sh): cannot open output " + job.output.string() +
                   ": No such file or directory");

  EXPECT_EQ(pool.running(), 0u);
  fs::remove_all(dir);
}

TEST(ResolveProgram, FindsProgramsAsAShellWouldAndExplainsFailures) {
  const auto dir = scratch_dir("jobs-resolve");
  fs::create_directories(dir / "bin");
  make_file(dir / "bin" / "optim", "#!/bin/sh\n", 0755);
  make_file(dir / "odata", "data\n", 0644);
  std::string why;

  const auto sh = resolve_program("sh", dir, why);
  ASSERT_TRUE(sh.has_value()) << why;
  EXPECT_TRUE(sh->is_absolute());
  EXPECT_EQ(sh->filename(), "sh");

  EXPECT_EQ(resolve_program("bin/optim", dir, why), dir / "bin" / "optim");
  EXPECT_EQ(resolve_program("./bin/../bin/optim", dir, why), dir / "bin" / "optim");
  EXPECT_EQ(resolve_program((dir / "bin" / "optim").string(), "/", why), dir / "bin" / "optim");

  EXPECT_FALSE(resolve_program("./missing", dir, why).has_value());
  EXPECT_EQ(why, (dir / "missing").string() + ": No such file or directory");
  EXPECT_FALSE(resolve_program("landscape-no-such-program", dir, why).has_value());
  EXPECT_EQ(why, "landscape-no-such-program: not found in PATH");
  EXPECT_FALSE(resolve_program("bin/", dir, why).has_value());
  EXPECT_EQ(why, (dir / "bin/").string() + ": is a directory");
  EXPECT_FALSE(resolve_program("./odata", dir, why).has_value());
  EXPECT_EQ(why, (dir / "odata").string() + ": not executable (Permission denied)");
  EXPECT_FALSE(resolve_program("", dir, why).has_value());
  EXPECT_EQ(why, "empty program name");
  fs::remove_all(dir);
}

TEST(JobPool, DestructorKillsRunningJobsPromptly) {
  const auto dir = scratch_dir("jobs-destructor");
  pid_t pid = -1;
  const auto t0 = Clock::now();
  {
    JobPool pool(1);
    pool.start(shell_job(1, dir, "echo $$ > pid; exec sleep 30"));
    pid = read_pid(dir / "pid");
    ASSERT_GT(pid, 0);
    EXPECT_TRUE(process_alive(pid));
  }
  EXPECT_LT(seconds_since(t0), 2.0);
  EXPECT_FALSE(process_alive(pid));  // reaped by the pool: not even a zombie
  fs::remove_all(dir);
}

TEST(JobPool, JobsIgnoringSigtermAreKilledAfterTheGrace) {
  const auto dir = scratch_dir("jobs-sigkill");
  JobPool pool(1);
  // The ignored SIGTERM is inherited by sleep through exec.
  pool.start(shell_job(1, dir, "trap '' TERM; echo $$ > pid; exec sleep 30"));
  const pid_t pid = read_pid(dir / "pid");
  ASSERT_GT(pid, 0);
  const auto t0 = Clock::now();
  pool.terminate_all(std::chrono::milliseconds(200));
  const double seconds = seconds_since(t0);
  EXPECT_GE(seconds, 0.2);
  EXPECT_LT(seconds, 1.5);
  EXPECT_EQ(pool.running(), 0u);
  EXPECT_FALSE(process_alive(pid));
  fs::remove_all(dir);
}

TEST(JobPool, JobsDieWithTheirParent) {
  const auto dir = scratch_dir("jobs-parent-death");
  const pid_t helper = ::fork();
  ASSERT_GE(helper, 0);
  if (helper == 0) {
    // The helper plays pathsample: it starts a job and is then SIGKILLed, running no destructor.
    try {
      JobPool pool(1);
      pool.start(shell_job(1, dir, "echo $$ > pid; exec sleep 30"));
      for (;;) ::pause();
    } catch (...) {
      ::_exit(1);
    }
  }
  const pid_t job = read_pid(dir / "pid");
  ::kill(helper, SIGKILL);
  int status = 0;
  ASSERT_EQ(::waitpid(helper, &status, 0), helper);
  ASSERT_GT(job, 0);
  EXPECT_TRUE(ends_within(job, 2.0));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace landscape::testing

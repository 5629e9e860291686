#pragma once
// The optim jobs of a pathsample campaign (PATHSAMPLE's CPUS and EXEC): up to CPUS child processes
// run side by side, job k as `EXEC k` in the working directory (reading odata.k and finish.k,
// writing path.info.k); as soon as one ends its result is merged and the next job started.
// JobRunner is what a campaign drives; JobPool (local processes) is the serial build's runner, and
// an MPI build's pathsample under mpirun installs its own (pathsample/mpi/mpi_job_runner.hpp).

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace landscape::pathsample {

/// One job to run: `program args...` with workdir as its current directory.
struct JobSpec {
  std::size_t id = 0;             ///< job number (the suffix of odata.k, path.info.k)
  std::filesystem::path program;  ///< EXEC as written; resolved with resolve_program()
  std::vector<std::string> args;  ///< arguments after the program name, e.g. {"3"}
  std::filesystem::path workdir;  ///< the job's current directory (empty: ours)
  std::filesystem::path output;   ///< stdout+stderr (truncated), relative to workdir; "": /dev/null
};

/// How a job ended.
struct FinishedJob {
  std::size_t id = 0;    ///< JobSpec::id
  int exit_code = 0;     ///< exit status 0-255, or -1 if a signal killed the job
  int signal = 0;        ///< the signal that killed the job, 0 if it exited
  double seconds = 0.0;  ///< wall time from start() until the job was reaped (s)

  bool succeeded() const { return exit_code == 0; }
  /// "exit status 3", "killed by signal 9 (Killed)": for log lines and error messages.
  std::string describe() const;
};

/// What runs a campaign's jobs: up to max_running() at once, each ending with job k's outputs in
/// the job's working directory (OPTIM.connect.k, the JobSpec's output, and path.info.k when optim
/// wrote one), as if `EXEC k` had run there. Not thread-safe: one thread drives a runner.
class JobRunner {
 public:
  /// Grace between SIGTERM and SIGKILL when jobs are terminated.
  static constexpr std::chrono::milliseconds kTerminateGrace{1000};

  JobRunner() = default;
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;
  virtual ~JobRunner() = default;

  virtual std::size_t max_running() const = 0;
  virtual std::size_t running() const = 0;
  bool full() const { return running() >= max_running(); }

  /// Starts a job; throws RuntimeError when it cannot start, std::logic_error if full().
  virtual void start(const JobSpec& job) = 0;
  /// Blocks until one running job ends and returns how it ended. Throws std::logic_error if no
  /// job is running. An interrupt (interrupt_signal()) reaches the running jobs, whose ends are
  /// then reported as usual.
  virtual FinishedJob wait_any() = 0;
  /// Stops every running job without reporting its end.
  virtual void terminate_all(std::chrono::milliseconds grace = kTerminateGrace) noexcept = 0;

  /// Whether jobs run JobSpec::program (EXEC); false when optim runs in-process (MPI).
  virtual bool runs_program() const { return true; }
  /// Where a job started by start() runs, for the log: "EXEC k" here, "rank 2" under MPI.
  virtual std::string where(const JobSpec& job) const;
};

/// Up to max_running child processes at once.
///
/// Jobs are started with fork + execve: stdin is /dev/null, stdout and stderr go to the output
/// file, signal dispositions are reset to their defaults and the signal mask is cleared. The job
/// inherits our environment with OPENBLAS_NUM_THREADS=1 and OMP_NUM_THREADS=1 (jobs run side by
/// side, one core each; a threaded BLAS would keep two cores busy per job). Each job
/// asks the kernel for SIGKILL when its parent dies (PR_SET_PDEATHSIG), so a pathsample killed by
/// SIGKILL leaves no orphaned optim still writing path.info.k for a restarted campaign to find.
/// The kernel sends that signal when the *thread* that started the job ends, so start jobs from a
/// thread that outlives them (pathsample's main thread). Jobs stay in our process group: Ctrl-C at
/// the terminal reaches them too.
///
/// Only the pool's own children are waited for (never waitpid(-1)), so other code in the process
/// may have children of its own; it must not reap ours (no SIGCHLD set to SIG_IGN). Ends are
/// watched through pidfds (Linux >= 5.3); where pidfd_open is missing the pool polls every 5 ms.
/// Not thread-safe: one thread drives a pool.
class JobPool final : public JobRunner {
 public:
  /// Throws std::invalid_argument if max_running is 0.
  explicit JobPool(std::size_t max_running);
  /// Terminates every job still running (terminate_all()).
  ~JobPool() override;

  std::size_t max_running() const override { return max_running_; }
  std::size_t running() const override { return jobs_.size(); }

  /// Starts a job. Throws RuntimeError naming the job and the program, with the system's reason
  /// ("Permission denied", "Exec format error", ...), if the program does not resolve, the output
  /// cannot be opened, fork fails, or the child cannot enter workdir or exec the program (the
  /// child reports its errno through a close-on-exec pipe, so a failed exec is never mistaken for
  /// a job that exited with 127). Throws std::logic_error if the pool is full().
  void start(const JobSpec& job) override;

  /// Blocks until one running job ends, reaps it and returns how it ended (of jobs already ended,
  /// the earliest started). Throws std::logic_error if no job is running, RuntimeError if someone
  /// else reaped the job (it is then forgotten).
  FinishedJob wait_any() override;

  /// Sends SIGTERM to every running job, SIGKILL to those still running after grace, and reaps
  /// them all. Their ends are not reported.
  void terminate_all(std::chrono::milliseconds grace = kTerminateGrace) noexcept override;

 private:
  struct Running {
    std::size_t id = 0;
    int pid = -1;
    int pidfd = -1;  ///< -1 where pidfd_open is unavailable
    std::chrono::steady_clock::time_point started;
  };
  /// Reaps jobs_[i] if it has ended (without blocking); removes it and fills done if so.
  bool try_reap(std::size_t i, FinishedJob& done);
  void forget(std::size_t i);

  bool interrupt_forwarded_ = false;  ///< SIGTERM sent to the jobs after an interrupt
  std::size_t max_running_;
  std::vector<Running> jobs_;  ///< in start order
};

/// Resolves EXEC as a shell would: a name without '/' is looked up in PATH (an empty PATH entry
/// meaning workdir), any other relative path is taken relative to workdir. The result must be an
/// executable regular file (symbolic links followed). Returns the absolute path, or nullopt with
/// the reason in why_not, e.g. "optim: not found in PATH", "/w/bin: is a directory",
/// "/w/odata: not executable (Permission denied)", "/w/optim: No such file or directory"; callers
/// report it as `pathdata:LINE: EXEC: <why_not>` before any job starts.
std::optional<std::filesystem::path> resolve_program(const std::string& exec,
                                                     const std::filesystem::path& workdir,
                                                     std::string& why_not);

}  // namespace landscape::pathsample

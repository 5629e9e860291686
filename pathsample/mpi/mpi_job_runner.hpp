#pragma once
// pathsample under mpirun (an MPI build only, library pathsample_mpi): rank 0 owns the database and
// runs the campaign; its jobs go to the other ranks, which run optim's code in-process (no fork per
// job) and send back the job's log and path.info.N (its min-TS-min triples). With one rank, rank 0
// runs each job in-process itself. See doc/mpi.md, "pathsample".
//
// Messages (common/mpi, packed with BytePacker): a job (rank 0 -> worker: the job number, its
// input files odata.N and finish.N, and with a worker's first job the shared inputs perm.allow and
// MLPdata when the working directory has them), a result (worker -> rank 0: the job number, optim's
// exit status, wall seconds, the log text, path.info.N's content, whether the worker was
// interrupted) and stop (rank 0 -> worker, at the end of the run).

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/io/logger.hpp"
#include "pathsample/optim_jobs.hpp"

namespace landscape::pathsample {

/// Message tags of pathsample's ranks.
enum MpiTag : int { kTagJob = 101, kTagResult = 102, kTagStop = 103 };

/// One file of a job, by name (no directory) and content.
using NamedFile = std::pair<std::string, std::string>;

/// What an in-process optim job produced.
struct InProcessResult {
  int exit_code = 0;                     ///< run_optim's exit status (3 for an unknown exception)
  double seconds = 0.0;                  ///< wall time of the job (s)
  std::string log;                       ///< what optim wrote (OPTIM.connect.N)
  std::optional<std::string> path_info;  ///< path.info.N, when optim wrote one
  bool interrupted = false;              ///< SIGINT or SIGTERM reached this process
};

/// Runs optim job n in-process in scratch (a directory of this process's own): writes files there,
/// calls landscape::optim::run_optim({n}, scratch, log, log) with OpenBLAS limited to one thread
/// (as the local jobs' OPENBLAS_NUM_THREADS=1), collects its log and path.info.n and removes the
/// job's files (every file named *.n). Never throws: a failure to write the inputs or read the
/// outputs is an exit status 2 with the reason in the log.
InProcessResult run_optim_in_process(const std::filesystem::path& scratch, const std::string& n,
                                     const std::vector<NamedFile>& files);

/// The scratch directory of rank r under the working directory: mpi.rank.r.
std::filesystem::path rank_scratch(const std::filesystem::path& dir, int rank);

/// Rank 0's runner: one job at a time on each of the world_size - 1 worker ranks (the campaign's
/// slots, in place of CPUS), or in-process on rank 0 when world_size is 1. start() reads odata.N
/// and finish.N, written by the campaign in dir, and sends them to an idle worker; wait_any()
/// receives the first result to arrive (polling every millisecond or two, so that rank 0 takes no
/// core from the workers) and writes OPTIM.connect.N and path.info.N into dir, so the campaign
/// merges exactly as for a local job. An interrupt is not forwarded: mpirun delivers SIGINT/SIGTERM
/// to every rank, whose optim stops at its own safe point; a worker that reports an interrupt (the
/// signal reached it alone) interrupts rank 0 too (the campaign then starts no more jobs).
class MpiJobRunner final : public JobRunner {
 public:
  MpiJobRunner(int world_size, std::filesystem::path dir, Logger& log);
  /// Waits for the jobs still running (terminate_all()) and logs rank 0's share of the work.
  ~MpiJobRunner() override;

  std::size_t max_running() const override { return slots_; }
  std::size_t running() const override { return running_.size() + pending_.size(); }
  void start(const JobSpec& job) override;
  FinishedJob wait_any() override;
  /// Jobs running in-process on a worker cannot be stopped from here: waits for their results and
  /// discards them (their pairs stay untried), so that no worker is left sending to a rank 0 that
  /// no longer receives. Jobs not yet begun (one rank) are dropped.
  void terminate_all(std::chrono::milliseconds grace = kTerminateGrace) noexcept override;
  bool runs_program() const override { return false; }
  std::string where(const JobSpec& job) const override;

 private:
  struct Running {
    int rank = 0;
    std::filesystem::path output;  ///< OPTIM.connect.N in dir
    std::chrono::steady_clock::time_point started;
  };
  /// The job's input files read from dir (and the shared inputs for a worker's first job).
  std::vector<NamedFile> job_files(const JobSpec& job, bool with_shared);
  /// Writes a finished job's outputs into dir and describes its end.
  FinishedJob finish(std::size_t id, const std::filesystem::path& output,
                     const InProcessResult& result, double seconds);
  /// Receives one result from a worker (blocking, polling); returns its job's end.
  FinishedJob receive_result(bool keep);

  int world_size_;
  std::size_t slots_;
  std::filesystem::path dir_;
  Logger& log_;
  std::vector<int> idle_;                   ///< worker ranks without a job
  std::vector<bool> has_shared_;            ///< per rank: the shared inputs were sent
  std::map<std::size_t, Running> running_;  ///< job id -> where it runs
  std::vector<JobSpec> pending_;            ///< one rank: jobs started, run by wait_any()
  std::map<std::size_t, int> rank_of_;      ///< job id -> its rank, for where()
  std::size_t jobs_done_ = 0;
  double overhead_seconds_ = 0.0;  ///< rank 0's time packing, sending, receiving, writing
};

/// A worker rank's loop: waits for jobs from rank 0 and runs each in-process in its scratch
/// directory under dir (mpi.rank.R, removed at the end, its pid in mpi.rank.R/pid) until rank 0
/// says stop. Returns the exit status of the rank (0, or 2 when the scratch directory cannot be
/// made: rank 0's jobs on this rank then end with that error).
int run_pathsample_worker(int rank, const std::filesystem::path& dir, std::FILE* err);

}  // namespace landscape::pathsample

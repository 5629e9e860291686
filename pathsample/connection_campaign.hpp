#pragma once
// PATHSAMPLE's connection campaign (CYCLES, CPUS, EXEC, CONNECTIONS <= 1): pairs of minima chosen
// by UNTRAP, DIJINITSTART or CONNECTREGION are sent to optim as double-ended connection jobs, up to
// CPUS at once, each in its own numbered files built from odata.connect and the two minima; each
// job's path.info.N is merged into the database as soon as the job ends and the next job starts.
// The pairs tried are appended to pairs.data, so a restarted campaign does not repeat them; a
// campaign killed at any moment leaves a database that the next run opens (repairing a torn tail)
// and extends. The jobs run through a JobRunner: by default a JobPool of CPUS local optim processes
// (EXEC); pathsample's main under mpirun installs another (set_job_runner_factory).

#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <utility>

#include "common/io/logger.hpp"
#include "pathsample/optim_jobs.hpp"
#include "pathsample/pathsample_options.hpp"
#include "pathsample/stationary_point_database.hpp"

namespace landscape::pathsample {

/// What a campaign did.
struct CampaignReport {
  std::size_t jobs = 0;              ///< optim jobs run to their end
  std::size_t failed_jobs = 0;       ///< of which ended with a non-zero status or another signal
  std::size_t interrupted_jobs = 0;  ///< of which stopped by SIGINT or SIGTERM (130, 143)
  std::size_t timed_out_jobs = 0;    ///< of which reached their time limit (124, TIMELIMIT)
  std::size_t new_minima = 0, new_ts = 0;
  double seconds = 0.0;
  /// The merging of the jobs' path files (reading path.info.N and adding its triples): wall time
  /// (s) and the min-TS-min triples read, for rank 0's cost per merged triple.
  double merge_seconds = 0.0;
  std::size_t merged_triples = 0;
};

/// What a campaign asks of its job runner.
struct JobRunnerRequest {
  std::size_t cpus = 1;       ///< CPUS
  std::filesystem::path dir;  ///< the working directory (the database, the job files)
  Logger* log = nullptr;      ///< the campaign's log
};

/// Makes the job runner of a campaign.
using JobRunnerFactory = std::function<std::unique_ptr<JobRunner>(const JobRunnerRequest&)>;

/// Installs the process-wide maker of campaigns' job runners; an empty one restores the default,
/// a JobPool of CPUS local processes. The number of jobs a cycle runs is the runner's
/// max_running(). pathsample's main under mpirun installs the MPI runner (pathsample/mpi).
void set_job_runner_factory(JobRunnerFactory factory);

/// The pairs tried so far (pairs.data: one `min1 min2` line each, 1-based). Reading cuts a torn
/// last line (what a kill can leave); a malformed complete line or an index beyond n_minima
/// throws DatabaseError.
class TriedPairs {
 public:
  static TriedPairs open(const std::filesystem::path& path, std::size_t n_minima);
  bool contains(std::size_t a, std::size_t b) const;  ///< 0-based, either order
  /// Records a pair (0-based) with one O_APPEND write.
  void add(std::size_t a, std::size_t b);
  std::size_t size() const { return pairs_.size(); }

 private:
  std::filesystem::path path_;
  std::set<std::pair<std::size_t, std::size_t>> pairs_;
};

/// Runs options.campaign.cycles x cpus optim jobs (cpus: the runner's max_running()) in dir,
/// extending db. data_name names pathdata in messages. Throws InputError for a missing or
/// non-executable EXEC (`pathdata:4: EXEC: ...`) or a bad odata.connect, before any job starts.
/// When progress is a terminal, a live line on it shows the jobs done, the database and an estimate
/// of the time left (nothing when it is a file or null).
CampaignReport run_campaign(const PathsampleOptions& options, const std::string& data_name,
                            const std::filesystem::path& dir, StationaryPointDatabase& db,
                            Logger& log, std::FILE* progress = nullptr);

}  // namespace landscape::pathsample

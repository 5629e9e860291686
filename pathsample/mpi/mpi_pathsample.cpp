#include "pathsample/mpi/mpi_pathsample.hpp"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "common/io/errors.hpp"
#include "common/mpi/mpi_world.hpp"
#include "pathsample/connection_campaign.hpp"
#include "pathsample/mpi/mpi_job_runner.hpp"
#include "pathsample/pathsample_run.hpp"

namespace landscape::pathsample {

int run_pathsample_mpi(int argc, char** argv) {
  const mpi::Session session(argc, argv);
  const std::filesystem::path dir = std::filesystem::current_path();
  if (session.rank() != 0) return run_pathsample_worker(session.rank(), dir, stderr);

  const int ranks = session.size();
  set_job_runner_factory([ranks](const JobRunnerRequest& request) {
    if (ranks > 1)
      request.log->info(
          "MPI: {} ranks: the campaign's optim jobs run in-process on the {} worker rank(s), one "
          "job each at a time (CPUS {} is replaced by {}; EXEC is not run)",
          ranks, ranks - 1, request.cpus, ranks - 1);
    else
      request.log->info(
          "MPI: one rank: rank 0 runs each optim job in-process itself, one at a time (CPUS {} is "
          "replaced by 1; EXEC is not run)",
          request.cpus);
    return std::make_unique<MpiJobRunner>(ranks, request.dir, *request.log);
  });
  int status = kExitInternal;
  try {
    status = run_pathsample({argv + 1, argv + argc}, dir, stdout, stderr);
  } catch (...) {
    std::fprintf(stderr, "pathsample: internal error on rank 0\n");
  }
  set_job_runner_factory({});
  std::fflush(stdout);
  for (int r = 1; r < ranks; ++r) mpi::send(r, kTagStop, std::string());
  return status;
}

}  // namespace landscape::pathsample

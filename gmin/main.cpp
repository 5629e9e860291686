// gmin: basin-hopping global optimisation (see doc/keywords/gmin.md). In an MPI build started by
// mpirun (doc/mpi.md) each process is one walker: rank 0 logs to stdout, the others to
// walker.RANK.log.
#include <cstdio>
#include <filesystem>

#include "gmin/gmin_run.hpp"

#ifdef LANDSCAPE_MPI
#include <fmt/format.h>

#include <chrono>
#include <thread>

#include "common/mpi/mpi_world.hpp"
#include "gmin/mpi/mpi_walker_team.hpp"
#endif

int main(int argc, char** argv) {
  const std::filesystem::path dir = std::filesystem::current_path();
#ifdef LANDSCAPE_MPI
  if (landscape::mpi::launched_by_mpi()) {
    landscape::mpi::Session session(argc, argv);
    landscape::gmin::MpiWalkerTeam team(session);
    std::FILE* out = stdout;
    if (session.rank() > 0) {
      const std::string log = fmt::format("walker.{}.log", session.rank());
      out = std::fopen(log.c_str(), "w");
      if (out == nullptr) {
        std::fprintf(stderr, "gmin: walker %d: cannot write %s\n", session.rank(), log.c_str());
        landscape::mpi::abort_all(2);
      }
    }
    const int status = landscape::gmin::run_gmin({argv + 1, argv + argc}, dir, out,
                                                 session.rank() == 0 ? stderr : out, &team);
    if (out != stdout) std::fclose(out);
    // A walker that fails ends every walker: the others may be waiting for it. Bad input fails
    // on every walker alike; the others give rank 0 a moment to say why before the run ends. An
    // interrupted walker (130, 143) has stopped at a safe point and sent its result: no abort.
    if (status != 0 && status != 130 && status != 143) {
      if (session.rank() > 0) std::this_thread::sleep_for(std::chrono::seconds(2));
      landscape::mpi::abort_all(status);
    }
    return status;
  }
#endif
  return landscape::gmin::run_gmin({argv + 1, argv + argc}, dir, stdout, stderr);
}

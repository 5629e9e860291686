// pathsample: the stationary-point database and its thermodynamics (see
// doc/keywords/pathsample.md). An MPI build's pathsample started by mpirun runs its campaign's jobs
// on the other ranks (doc/mpi.md); without a launcher it runs serially, without MPI.
#include <cstdio>
#include <filesystem>

#include "pathsample/pathsample_run.hpp"
#ifdef LANDSCAPE_MPI
#include "common/mpi/mpi_world.hpp"
#include "pathsample/mpi/mpi_pathsample.hpp"
#endif

int main(int argc, char** argv) {
#ifdef LANDSCAPE_MPI
  if (landscape::mpi::launched_by_mpi())
    return landscape::pathsample::run_pathsample_mpi(argc, argv);
#endif
  return landscape::pathsample::run_pathsample({argv + 1, argv + argc},
                                               std::filesystem::current_path(), stdout, stderr);
}

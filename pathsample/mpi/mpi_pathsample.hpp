#pragma once
// pathsample's main under mpirun (an MPI build only): every rank starts an MPI session; rank 0
// installs the MPI job runner (mpi_job_runner.hpp) and runs pathsample as usual, then tells every
// worker to stop, whatever the run's outcome; the other ranks run the worker loop.

namespace landscape::pathsample {

/// Runs pathsample as rank 0 or a worker of `mpirun -np K pathsample [pathdata]` in the current
/// directory. Returns the rank's exit status (rank 0's is pathsample's).
int run_pathsample_mpi(int argc, char** argv);

}  // namespace landscape::pathsample

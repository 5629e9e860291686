#pragma once
// Running the MPI build's programs under mpirun from a test (tests/mpi): `mpirun --oversubscribe
// -np K` on loopback, with --allow-run-as-root only when the test runs as root (Open MPI refuses
// root otherwise). The test process itself is not an MPI process.

#include <unistd.h>

#include <string>

#include "tests/support/test_paths.hpp"

namespace landscape::testing {

/// The launcher prefix for K processes, ending with a space.
inline std::string mpirun_prefix(int processes) {
  // Shared-memory single copies (CMA) are refused in some containers: plain copies instead.
  std::string cmd = std::string(LANDSCAPE_MPIEXEC) +
                    " --oversubscribe --mca btl_vader_single_copy_mechanism none -np " +
                    std::to_string(processes) + " ";
  if (::geteuid() == 0) cmd += "--allow-run-as-root ";
  return cmd;
}

/// Runs `mpirun ... -np K program args` in dir (the program from the build's bin directory).
inline RunResult run_mpi_program(int processes, const std::string& program, const std::string& args,
                                 const std::filesystem::path& dir) {
  return run_program(program, args, dir, mpirun_prefix(processes));
}

}  // namespace landscape::testing

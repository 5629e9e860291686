#pragma once
// SIGINT and SIGTERM as requests to stop at a safe point. The handler only records the first
// signal (a second one ends the program at once, a second Ctrl-C for instance, except in MPI
// ranks: treat_interrupts_as_mpi_rank); the
// programs poll interrupt_signal() where stopping leaves every file consistent: gmin between
// steps (and then writes `lowest`), optim between connection cycles (path.info keeps what it
// holds), pathsample's campaign between jobs (running jobs are asked to stop with SIGTERM and
// merged). run_program_main then logs "interrupted" and exits 128 + the signal (130, 143).

namespace landscape {

/// Installs the handlers for SIGINT and SIGTERM (no SA_RESTART: a blocking wait returns EINTR).
void install_interrupt_handlers();

/// The first SIGINT or SIGTERM received since the handlers were installed, or 0.
int interrupt_signal();

/// For MPI ranks, two changes from the first SIGINT or SIGTERM on:
/// - stdout and stderr do not block: a write that would wait fails instead (and the exit status
///   says output was lost). A rank's output is a pipe to mpirun, which stops reading it when it is
///   told to stop: a rank blocked on a full pipe would never reach its safe stop.
/// - a second signal is ignored instead of ending the rank. A rank often receives one interrupt
///   twice: from the terminal's Ctrl-C or `timeout` (sent to the whole process group) and again
///   forwarded by mpirun. mpirun itself ends ranks that outlive its grace period with SIGKILL.
void treat_interrupts_as_mpi_rank();

/// For tests: forget a recorded signal.
void clear_interrupt();

}  // namespace landscape

#pragma once
// SIGINT and SIGTERM as requests to stop at a safe point. The handler only records the first
// signal (and restores the default action, so a second Ctrl-C ends the program at once); the
// programs poll interrupt_signal() where stopping leaves every file consistent: gmin between
// steps (and then writes `lowest`), optim between connection cycles (path.info keeps what it
// holds), pathsample's campaign between jobs (running jobs are asked to stop with SIGTERM and
// merged). run_program_main then logs "interrupted" and exits 128 + the signal (130, 143).

namespace landscape {

/// Installs the handlers for SIGINT and SIGTERM (no SA_RESTART: a blocking wait returns EINTR).
void install_interrupt_handlers();

/// The first SIGINT or SIGTERM received since the handlers were installed, or 0.
int interrupt_signal();

/// For tests: forget a recorded signal.
void clear_interrupt();

}  // namespace landscape

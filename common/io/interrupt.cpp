#include "common/io/interrupt.hpp"

#include <fcntl.h>

#include <csignal>

namespace landscape {
namespace {

volatile std::sig_atomic_t g_signal = 0;
volatile std::sig_atomic_t g_mpi_rank = 0;

extern "C" void record_interrupt(int sig) {
  if (g_signal != 0) {
    if (g_mpi_rank != 0) return;  // the launcher's copy of a signal the rank already has
    // A second signal ends the program at once (signal and raise are async-signal-safe).
    std::signal(sig, SIG_DFL);
    std::raise(sig);
    return;
  }
  g_signal = sig;
  if (g_mpi_rank != 0)  // fcntl is async-signal-safe
    for (int fd = 1; fd <= 2; ++fd)
      if (const int flags = ::fcntl(fd, F_GETFL); flags >= 0)
        ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

}  // namespace

void install_interrupt_handlers() {
  struct sigaction action {};
  action.sa_handler = record_interrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART; the handler itself ends the program on a second signal
  ::sigaction(SIGINT, &action, nullptr);
  ::sigaction(SIGTERM, &action, nullptr);
}

int interrupt_signal() { return g_signal; }

void treat_interrupts_as_mpi_rank() { g_mpi_rank = 1; }

void clear_interrupt() { g_signal = 0; }

}  // namespace landscape

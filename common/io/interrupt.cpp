#include "common/io/interrupt.hpp"

#include <fcntl.h>

#include <csignal>

namespace landscape {
namespace {

volatile std::sig_atomic_t g_signal = 0;
volatile std::sig_atomic_t g_nonblocking_output = 0;

extern "C" void record_interrupt(int sig) {
  if (g_signal == 0) g_signal = sig;
  if (g_nonblocking_output != 0)  // fcntl is async-signal-safe
    for (int fd = 1; fd <= 2; ++fd)
      if (const int flags = ::fcntl(fd, F_GETFL); flags >= 0)
        ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

}  // namespace

void install_interrupt_handlers() {
  struct sigaction action {};
  action.sa_handler = record_interrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND;  // a second signal takes the default action: the end
  ::sigaction(SIGINT, &action, nullptr);
  ::sigaction(SIGTERM, &action, nullptr);
}

int interrupt_signal() { return g_signal; }

void make_output_nonblocking_on_interrupt() { g_nonblocking_output = 1; }

void clear_interrupt() { g_signal = 0; }

}  // namespace landscape

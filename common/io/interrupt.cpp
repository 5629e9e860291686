#include "common/io/interrupt.hpp"

#include <csignal>

namespace landscape {
namespace {

volatile std::sig_atomic_t g_signal = 0;

extern "C" void record_interrupt(int sig) {
  if (g_signal == 0) g_signal = sig;
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

void clear_interrupt() { g_signal = 0; }

}  // namespace landscape

// SIGINT and SIGTERM as requests to stop (common/io/interrupt): the first is recorded; a second
// ends a program at once, except in an MPI rank, which receives every interrupt twice (from the
// batch system or terminal, and again forwarded by mpirun). Each case runs in a forked child, so
// the handlers and the recorded signal never touch the test process.

#include <gtest/gtest.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <functional>

#include "common/io/interrupt.hpp"

namespace landscape {
namespace {

/// Runs body in a child process; returns its wait status.
int in_child(const std::function<int()>& body) {
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(body());
  int status = 0;
  ::waitpid(pid, &status, 0);
  return status;
}

TEST(InterruptHandlers, TheFirstSignalIsRecordedAndTheProgramGoesOn) {
  for (int sig : {SIGINT, SIGTERM}) {
    const int status = in_child([sig] {
      install_interrupt_handlers();
      if (interrupt_signal() != 0) return 2;
      std::raise(sig);
      return interrupt_signal() == sig ? 0 : 3;
    });
    ASSERT_TRUE(WIFEXITED(status)) << sig;
    EXPECT_EQ(WEXITSTATUS(status), 0) << sig;
  }
}

TEST(InterruptHandlers, ASecondSignalEndsTheProgramAtOnce) {
  const int status = in_child([] {
    install_interrupt_handlers();
    std::raise(SIGINT);
    std::raise(SIGINT);  // a second Ctrl-C
    return 0;
  });
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGINT);
}

TEST(InterruptHandlers, AnMpiRankKeepsGoingToItsSafeStopWhenTheSignalComesTwice) {
  const int status = in_child([] {
    install_interrupt_handlers();
    treat_interrupts_as_mpi_rank();
    std::raise(SIGTERM);  // from the batch system
    std::raise(SIGTERM);  // the same, forwarded by mpirun
    return interrupt_signal() == SIGTERM ? 0 : 3;
  });
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace landscape

#pragma once
// A built program started in the background in a directory (stdout and stderr to dir/log), for the
// tests that act on a run while it runs: signals, kills, files removed under it.

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>

#include "tests/support/test_paths.hpp"

namespace landscape::testing {

/// A program started in dir with stdout and stderr to dir/log.
struct Started {
  pid_t pid = -1;
  std::filesystem::path log;
};

/// Starts bin_dir()/program in dir, without arguments.
inline Started start(const std::string& program, const std::filesystem::path& dir) {
  Started s;
  s.log = dir / "log";
  const std::string exe = (bin_dir() / program).string();
  s.pid = ::fork();
  if (s.pid == 0) {
    const int fd = ::open(s.log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || ::chdir(dir.c_str()) != 0) ::_exit(127);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    ::execl(exe.c_str(), exe.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  return s;
}

/// Waits (at most timeout) until done() holds; false if it never did.
inline bool wait_until(const std::function<bool()>& done,
                       std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

/// Waits (at most a minute) until the log holds text.
inline bool wait_for(const Started& s, const std::string& text) {
  return wait_until([&] {
    return std::filesystem::exists(s.log) && read_file(s.log).find(text) != std::string::npos;
  });
}

/// The exit status of a process that ended (-signal if a signal killed it).
inline int exit_status_of(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

/// Sends sig and returns the exit status (-signal if it killed the process).
inline int stop_with(const Started& s, int sig) {
  ::kill(s.pid, sig);
  int status = 0;
  ::waitpid(s.pid, &status, 0);
  return exit_status_of(status);
}

/// Waits (at most timeout) for the program to end by itself and returns its exit status; kills it
/// with SIGKILL and returns -SIGKILL if it runs longer.
inline int wait_exit(const Started& s,
                     std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
  int status = 0;
  if (wait_until([&] { return ::waitpid(s.pid, &status, WNOHANG) == s.pid; }, timeout))
    return exit_status_of(status);
  return stop_with(s, SIGKILL);
}

}  // namespace landscape::testing

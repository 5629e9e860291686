#pragma once
// Error types and the suite's exit codes (doc/architecture.md).

#include <stdexcept>
#include <string>

namespace landscape {

/// Exit statuses of every program.
enum ExitCode : int {
  kExitOk = 0,
  kExitBadInput = 1,
  kExitRuntime = 2,
  kExitInternal = 3,
  /// optim's TIMELIMIT reached: stopped at a safe point, its files complete (GNU timeout's status
  /// for a command it stopped, so that a job wrapped in `timeout` reads the same).
  kExitTimeLimit = 124,
};

/// Bad user input (keyword file, coordinates): exit status 1. what() is the full message.
struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// I/O or runtime failure, including a corrupt database: exit status 2.
struct RuntimeError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// A database whose files do not match beyond a repairable torn tail: exit status 2, nothing
/// changed.
struct DatabaseError : RuntimeError {
  using RuntimeError::RuntimeError;
};

}  // namespace landscape

#pragma once
// One writer per database directory: a program that writes min.data/ts.data (gmin DATABASE,
// pathsample) holds an exclusive flock on `database.lock` there for as long as it runs. A second
// writer stops at once with a message naming the holder (program, pid, start time), which the
// holder wrote into the file; readers (disconnect, a pathsample run that only reads) take no lock
// and are never blocked. The kernel drops the lock when the holder exits, however it ends
// (SIGKILL included), and the descriptor is close-on-exec, so optim jobs never inherit it.

#include <filesystem>
#include <string>

namespace landscape {

class DatabaseLock {
 public:
  /// Takes the lock on dir/database.lock (creating the file) for program; throws DatabaseError
  /// naming the holder when another process has it.
  static DatabaseLock acquire(const std::filesystem::path& dir, const std::string& program);

  DatabaseLock() = default;
  DatabaseLock(DatabaseLock&& other) noexcept;
  DatabaseLock& operator=(DatabaseLock&& other) noexcept;
  DatabaseLock(const DatabaseLock&) = delete;
  DatabaseLock& operator=(const DatabaseLock&) = delete;
  ~DatabaseLock();

  bool held() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

}  // namespace landscape

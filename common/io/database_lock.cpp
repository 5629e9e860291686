#include "common/io/database_lock.hpp"

#include <fcntl.h>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>

#include "common/io/errors.hpp"

namespace landscape {
namespace {

constexpr const char* kLockName = "database.lock";

/// What the holder wrote into the lock file (one line), or "" when it cannot be read.
std::string holder_of(int fd) {
  char buffer[256];
  const ssize_t n = ::pread(fd, buffer, sizeof buffer - 1, 0);
  if (n <= 0) return {};
  std::string text(buffer, static_cast<std::size_t>(n));
  if (const auto end = text.find('\n'); end != std::string::npos) text.resize(end);
  return text;
}

}  // namespace

DatabaseLock DatabaseLock::acquire(const std::filesystem::path& dir, const std::string& program) {
  const std::filesystem::path path = dir / kLockName;
  int fd;
  do {
    fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0)
    throw DatabaseError(
        fmt::format("{}: cannot open the database lock: {}", path.string(), std::strerror(errno)));
  int status;
  do {
    status = ::flock(fd, LOCK_EX | LOCK_NB);
  } while (status != 0 && errno == EINTR);
  if (status != 0) {
    const int error = errno;
    const std::string holder = holder_of(fd);
    ::close(fd);
    if (error == EWOULDBLOCK)
      throw DatabaseError(fmt::format(
          "the database in {} is being written by {}: a second writer would store the same "
          "minima again, so {} stops here (wait for it to end, or work in another directory; "
          "programs that only read the database are not blocked)",
          dir.string(), holder.empty() ? "another process" : holder, program));
    throw DatabaseError(
        fmt::format("{}: cannot lock the database: {}", path.string(), std::strerror(error)));
  }
  // Name the holder for the next writer that finds the lock taken.
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  ::gmtime_r(&now, &utc);
  const std::string line =
      fmt::format("{} (pid {}, since {:%Y-%m-%d %H:%M:%S} UTC)\n", program, ::getpid(), utc);
  if (::ftruncate(fd, 0) == 0) {
    const ssize_t written = ::pwrite(fd, line.data(), line.size(), 0);
    (void)written;  // the lock holds without its note; only the message of a rival is poorer
  }
  DatabaseLock lock;
  lock.fd_ = fd;
  return lock;
}

DatabaseLock::DatabaseLock(DatabaseLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

DatabaseLock& DatabaseLock::operator=(DatabaseLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

DatabaseLock::~DatabaseLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace landscape

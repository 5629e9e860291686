// The optim job pool: fork + execve with a close-on-exec pipe for exec failures, PR_SET_PDEATHSIG,
// and waits on the pool's own pids through pidfds (polling where pidfd_open is missing).

#include "pathsample/optim_jobs.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string_view>
#include <utility>

#include "common/io/errors.hpp"
#include "common/io/interrupt.hpp"

namespace landscape::pathsample {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

/// Poll interval where pidfds are unavailable (ms): jobs last seconds, so this costs nothing.
constexpr int kPollIntervalMs = 5;
/// Longest wait between two looks at interrupt_signal() while jobs run, ms.
constexpr int kInterruptPollMs = 200;
/// Exit status of a child whose exec failed (as a shell's); the parent reports the errno instead.
constexpr int kExecFailedStatus = 127;

std::string errno_text(int err) { return std::strerror(err); }

/// Owns a file descriptor; closes it on scope exit.
class UniqueFd {
 public:
  explicit UniqueFd(int fd = -1) : fd_(fd) {}
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { reset(); }
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

/// Moves a close-on-exec descriptor above 0-2, so that the child's dup2 onto stdin/stdout/stderr
/// can never overwrite (or be a no-op on) a descriptor it still needs. Returns -1 with errno set
/// on failure, closing fd.
int above_stdio(int fd) {
  if (fd < 0 || fd > 2) return fd;
  const int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
  const int err = errno;
  ::close(fd);
  errno = err;
  return moved;
}

int open_cloexec(const char* path, int flags, mode_t mode = 0) {
  int fd;
  do {
    fd = ::open(path, flags | O_CLOEXEC, mode);
  } while (fd < 0 && errno == EINTR);
  return above_stdio(fd);
}

/// pidfd_open(2), or -1 where the kernel (< 5.3) or a seccomp filter refuses it.
int open_pidfd(pid_t pid) {
#ifdef SYS_pidfd_open
  const long fd = ::syscall(SYS_pidfd_open, pid, 0);  // the pidfd is close-on-exec
  return fd < 0 ? -1 : static_cast<int>(fd);
#else
  (void)pid;
  return -1;
#endif
}

/// The step of the child's set-up that failed, sent with errno through the report pipe.
enum class ChildStep : int { kDeathSignal = 1, kChdir, kRedirect, kExec };

struct ChildFailure {
  ChildStep step;
  int err;
};

/// Everything the child needs, prepared before fork: between fork and execve the child makes
/// only async-signal-safe calls (no allocation, no locks).
struct ChildPlan {
  pid_t parent = 0;
  const char* program = nullptr;  ///< resolved absolute path
  char* const* argv = nullptr;
  char* const* envp = nullptr;    ///< the job's environment
  const char* workdir = nullptr;  ///< nullptr: stay where we are
  int stdin_fd = -1;
  int output_fd = -1;
  int report_fd = -1;
  struct sigaction default_action {};
  sigset_t empty_mask{};
};

[[noreturn]] void report_and_exit(int report_fd, ChildStep step) noexcept {
  const ChildFailure failure{step, errno};
  ssize_t written;
  do {
    written = ::write(report_fd, &failure, sizeof failure);
  } while (written < 0 && errno == EINTR);
  ::_exit(kExecFailedStatus);
}

[[noreturn]] void run_child(const ChildPlan& plan) noexcept {
  // Die with the parent; if it died before prctl took effect we were already re-parented.
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0)
    report_and_exit(plan.report_fd, ChildStep::kDeathSignal);
  if (::getppid() != plan.parent) ::_exit(kExecFailedStatus);
  // A process group of its own: a Ctrl-C at the terminal reaches pathsample alone, which asks the
  // job once to stop (a second signal would end optim at once, before its safe point).
  ::setpgid(0, 0);
  // Ignored signals and the signal mask survive execve: give the job a clean slate.
  for (int sig = 1; sig < NSIG; ++sig) {
    if (sig != SIGKILL && sig != SIGSTOP) ::sigaction(sig, &plan.default_action, nullptr);
  }
  ::sigprocmask(SIG_SETMASK, &plan.empty_mask, nullptr);
  if (plan.workdir != nullptr && ::chdir(plan.workdir) != 0) {
    report_and_exit(plan.report_fd, ChildStep::kChdir);
  }
  if (::dup2(plan.stdin_fd, STDIN_FILENO) < 0 || ::dup2(plan.output_fd, STDOUT_FILENO) < 0 ||
      ::dup2(plan.output_fd, STDERR_FILENO) < 0) {
    report_and_exit(plan.report_fd, ChildStep::kRedirect);
  }
  ::execve(plan.program, plan.argv, plan.envp);
  report_and_exit(plan.report_fd, ChildStep::kExec);
}

std::string describe_failure(const ChildFailure& failure, const std::string& workdir) {
  switch (failure.step) {
    case ChildStep::kDeathSignal:
      return fmt::format("prctl(PR_SET_PDEATHSIG) failed: {}", errno_text(failure.err));
    case ChildStep::kChdir:
      return fmt::format("cannot enter working directory {}: {}", workdir, errno_text(failure.err));
    case ChildStep::kRedirect:
      return fmt::format("cannot redirect stdin/stdout/stderr: {}", errno_text(failure.err));
    case ChildStep::kExec:
      return errno_text(failure.err);
  }
  return fmt::format("unknown failure: {}", errno_text(failure.err));
}

/// Reads the child's failure report; returns the bytes read (0: the exec succeeded).
ssize_t read_report(int fd, ChildFailure& failure) {
  auto* out = reinterpret_cast<char*>(&failure);
  std::size_t got = 0;
  while (got < sizeof failure) {
    const ssize_t n = ::read(fd, out + got, sizeof failure - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  return static_cast<ssize_t>(got);
}

/// Blocking waitpid, retried on EINTR.
void reap_blocking(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
}

/// Whether path is an executable regular file; the reason in why_not if not.
bool is_executable_file(const fs::path& path, std::string& why_not) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    why_not = fmt::format("{}: {}", path.string(), errno_text(errno));
    return false;
  }
  if (S_ISDIR(st.st_mode)) {
    why_not = fmt::format("{}: is a directory", path.string());
    return false;
  }
  if (!S_ISREG(st.st_mode)) {
    why_not = fmt::format("{}: not a regular file", path.string());
    return false;
  }
  if (::access(path.c_str(), X_OK) != 0) {
    why_not = fmt::format("{}: not executable ({})", path.string(), errno_text(errno));
    return false;
  }
  return true;
}

/// dir made absolute (an empty dir is the current directory).
fs::path absolute_dir(const fs::path& dir) {
  std::error_code ec;
  fs::path abs = fs::absolute(dir.empty() ? fs::path(".") : dir, ec);
  return ec ? dir : abs.lexically_normal();
}

/// PATH's entries in order; the shell's default where PATH is unset.
std::vector<std::string> path_entries() {
  const char* env = std::getenv("PATH");
  std::string path = env != nullptr ? env : "/usr/local/bin:/usr/bin:/bin";
  std::vector<std::string> entries;
  std::size_t begin = 0;
  for (;;) {
    const std::size_t colon = path.find(':', begin);
    entries.push_back(path.substr(begin, colon - begin));
    if (colon == std::string::npos) break;
    begin = colon + 1;
  }
  return entries;
}

}  // namespace

std::string FinishedJob::describe() const {
  if (signal != 0) {
    const char* name = ::strsignal(signal);
    return fmt::format("killed by signal {} ({})", signal, name != nullptr ? name : "unknown");
  }
  return fmt::format("exit status {}", exit_code);
}

std::string JobRunner::where(const JobSpec& job) const {
  std::string text = job.program.string();
  for (const std::string& arg : job.args) text += " " + arg;
  return text;
}

std::optional<fs::path> resolve_program(const std::string& exec, const fs::path& workdir,
                                        std::string& why_not) {
  if (exec.empty()) {
    why_not = "empty program name";
    return std::nullopt;
  }
  if (exec.find('/') != std::string::npos) {
    fs::path path(exec);
    if (path.is_relative()) path = absolute_dir(workdir) / path;
    path = path.lexically_normal();
    if (!is_executable_file(path, why_not)) return std::nullopt;
    return path;
  }
  // A name: the first executable regular file of that name along PATH wins, as in a shell.
  std::string first_reason;
  for (const std::string& entry : path_entries()) {
    const fs::path dir = entry.empty() ? absolute_dir(workdir) : absolute_dir(entry);
    const fs::path candidate = dir / exec;
    std::string reason;
    if (is_executable_file(candidate, reason)) return candidate;
    struct stat st {};
    if (first_reason.empty() && ::stat(candidate.c_str(), &st) == 0) first_reason = reason;
  }
  why_not = first_reason.empty() ? fmt::format("{}: not found in PATH", exec)
                                 : fmt::format("{}: not found in PATH ({})", exec, first_reason);
  return std::nullopt;
}

JobPool::JobPool(std::size_t max_running) : max_running_(max_running) {
  if (max_running == 0) throw std::invalid_argument("JobPool: max_running must be at least 1");
  jobs_.reserve(max_running);
}

JobPool::~JobPool() { terminate_all(); }

void JobPool::start(const JobSpec& job) {
  if (full()) {
    throw std::logic_error(
        fmt::format("JobPool::start: job {}: the pool is full ({} running)", job.id, running()));
  }
  const std::string name = job.program.string();
  const auto failure = [&](const std::string& why) {
    return RuntimeError(fmt::format("cannot start job {} ({}): {}", job.id, name, why));
  };

  std::string why_not;
  const std::optional<fs::path> program = resolve_program(name, job.workdir, why_not);
  if (!program) throw failure(why_not);

  fs::path output = job.output.empty() ? fs::path("/dev/null") : job.output;
  if (output.is_relative() && !job.workdir.empty()) output = job.workdir / output;
  UniqueFd output_fd(open_cloexec(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644));
  if (output_fd.get() < 0) {
    throw failure(fmt::format("cannot open output {}: {}", output.string(), errno_text(errno)));
  }
  UniqueFd stdin_fd(open_cloexec("/dev/null", O_RDONLY));
  if (stdin_fd.get() < 0)
    throw failure(fmt::format("cannot open /dev/null: {}", errno_text(errno)));
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
    throw failure(fmt::format("cannot create a pipe: {}", errno_text(errno)));
  }
  UniqueFd report_read(above_stdio(pipe_fds[0]));
  UniqueFd report_write(above_stdio(pipe_fds[1]));
  if (report_read.get() < 0 || report_write.get() < 0) {
    throw failure(fmt::format("cannot create a pipe: {}", errno_text(errno)));
  }

  // argv[0] is EXEC as written, as a shell passes it.
  std::vector<std::string> arg_strings;
  arg_strings.reserve(job.args.size() + 1);
  arg_strings.push_back(name);
  arg_strings.insert(arg_strings.end(), job.args.begin(), job.args.end());
  std::vector<char*> argv;
  argv.reserve(arg_strings.size() + 1);
  for (std::string& arg : arg_strings) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const std::string program_string = program->string();
  const std::string workdir = job.workdir.string();
  // Jobs run side by side, one core each: their BLAS must not start threads of its own (a threaded
  // OpenBLAS keeps two cores busy per job and CPUS 2 then gains little over CPUS 1).
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string_view entry(*e);
    if (!entry.starts_with("OPENBLAS_NUM_THREADS=") && !entry.starts_with("OMP_NUM_THREADS="))
      env_strings.emplace_back(entry);
  }
  env_strings.emplace_back("OPENBLAS_NUM_THREADS=1");
  env_strings.emplace_back("OMP_NUM_THREADS=1");
  std::vector<char*> envp;
  envp.reserve(env_strings.size() + 1);
  for (std::string& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);

  ChildPlan plan;
  plan.parent = ::getpid();
  plan.program = program_string.c_str();
  plan.argv = argv.data();
  plan.envp = envp.data();
  plan.workdir = workdir.empty() ? nullptr : workdir.c_str();
  plan.stdin_fd = stdin_fd.get();
  plan.output_fd = output_fd.get();
  plan.report_fd = report_write.get();
  plan.default_action.sa_handler = SIG_DFL;
  sigemptyset(&plan.default_action.sa_mask);
  sigemptyset(&plan.empty_mask);

  const Clock::time_point started = Clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) throw failure(fmt::format("fork failed: {}", errno_text(errno)));
  if (pid == 0) run_child(plan);

  report_write.reset();  // the read below ends at the child's exec (close-on-exec) or report
  ChildFailure report{};
  const ssize_t got = read_report(report_read.get(), report);
  if (got != 0) {
    reap_blocking(pid);  // the child _exits right after reporting
    if (got != static_cast<ssize_t>(sizeof report)) {
      throw failure("the child failed before exec and its report was cut short");
    }
    throw failure(describe_failure(report, workdir));
  }
  jobs_.push_back(Running{job.id, pid, open_pidfd(pid), started});
}

bool JobPool::try_reap(std::size_t i, FinishedJob& done) {
  const Running& job = jobs_[i];
  int status = 0;
  pid_t r;
  do {
    r = ::waitpid(job.pid, &status, WNOHANG);
  } while (r < 0 && errno == EINTR);
  if (r == 0) return false;
  if (r < 0) {
    const int err = errno;
    const std::size_t id = job.id;
    const pid_t pid = job.pid;
    forget(i);
    throw RuntimeError(
        fmt::format("job {} (pid {}): cannot wait for it: {}", id, pid, errno_text(err)));
  }
  done = FinishedJob{};
  done.id = job.id;
  done.seconds = std::chrono::duration<double>(Clock::now() - job.started).count();
  if (WIFSIGNALED(status)) {
    done.exit_code = -1;
    done.signal = WTERMSIG(status);
  } else {
    done.exit_code = WEXITSTATUS(status);
  }
  forget(i);
  return true;
}

void JobPool::forget(std::size_t i) {
  if (jobs_[i].pidfd >= 0) ::close(jobs_[i].pidfd);
  jobs_.erase(jobs_.begin() + static_cast<std::ptrdiff_t>(i));
}

FinishedJob JobPool::wait_any() {
  if (jobs_.empty()) throw std::logic_error("JobPool::wait_any: no job is running");
  std::vector<pollfd> fds;
  for (;;) {
    FinishedJob done;
    for (std::size_t i = 0; i < jobs_.size(); ++i) {
      if (try_reap(i, done)) return done;
    }
    // SIGINT or SIGTERM to us: ask every running job once to stop at its own safe point (optim
    // keeps what its path.info holds); their ends are reported as usual.
    if (interrupt_signal() != 0 && !interrupt_forwarded_) {
      interrupt_forwarded_ = true;
      for (const Running& job : jobs_) ::kill(job.pid, SIGTERM);
    }
    // A pidfd becomes readable when its process ends; without pidfds, poll just sleeps.
    fds.clear();
    bool all_pidfds = true;
    for (const Running& job : jobs_) {
      if (job.pidfd >= 0) {
        fds.push_back(pollfd{job.pidfd, POLLIN, 0});
      } else {
        all_pidfds = false;
      }
    }
    // Bounded even with pidfds, so that an interrupt arriving just before poll is seen.
    if (::poll(fds.data(), fds.size(), all_pidfds ? kInterruptPollMs : kPollIntervalMs) < 0 &&
        errno != EINTR) {
      throw RuntimeError(fmt::format("waiting for jobs: poll failed: {}", errno_text(errno)));
    }
  }
}

void JobPool::terminate_all(std::chrono::milliseconds grace) noexcept {
  for (const Running& job : jobs_) ::kill(job.pid, SIGTERM);
  const Clock::time_point deadline = Clock::now() + grace;
  while (!jobs_.empty()) {
    for (std::size_t i = 0; i < jobs_.size();) {
      FinishedJob done;
      bool reaped = false;
      try {
        reaped = try_reap(i, done);
      } catch (...) {
        reaped = true;  // reaped by someone else: forgotten already
      }
      if (!reaped) ++i;
    }
    const Clock::time_point now = Clock::now();
    if (jobs_.empty() || now >= deadline) break;
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - now);
    ::poll(nullptr, 0, static_cast<int>(std::min<long long>(left.count(), kPollIntervalMs)));
  }
  for (const Running& job : jobs_) {
    ::kill(job.pid, SIGKILL);
    reap_blocking(job.pid);
    if (job.pidfd >= 0) ::close(job.pidfd);
  }
  jobs_.clear();
}

}  // namespace landscape::pathsample

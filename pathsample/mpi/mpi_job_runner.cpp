// Rank 0's MPI job runner, the worker loop, and optim run in-process on a job's files.

#include "pathsample/mpi/mpi_job_runner.hpp"

#include <cblas.h>
#include <fmt/format.h>
#include <unistd.h>

#include <csignal>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "common/io/byte_pack.hpp"
#include "common/io/errors.hpp"
#include "common/io/interrupt.hpp"
#include "common/io/text_file.hpp"
#include "common/mpi/mpi_world.hpp"
#include "optim/optim_run.hpp"

namespace landscape::pathsample {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

/// Sleep between two looks for a message (rank 0 waiting for results, an idle worker waiting for a
/// job): Open MPI's blocking receive spins on a core, which on a machine with as many ranks as
/// cores would take a worker's core. Jobs last seconds; a millisecond costs nothing.
constexpr std::chrono::microseconds kPollSleep{1000};

/// The shared inputs optim reads besides odata.N and finish.N (optim/optim_run.cpp): PERMDIST's
/// groups and a network's data.
constexpr const char* kSharedInputs[] = {"perm.allow", "MLPdata"};

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

/// The next message from source with tag (any tag: -1), sleeping between looks.
mpi::Message wait_for(int source, int tag) {
  for (;;) {
    if (auto m = mpi::try_receive(source, tag)) return std::move(*m);
    std::this_thread::sleep_for(kPollSleep);
  }
}

/// Writes text to path (plain write: the files are the job's own); throws RuntimeError naming the
/// file on failure.
void write_whole(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.flush();
  if (!out) throw RuntimeError(fmt::format("{}: cannot write", path.string()));
}

/// Removes the files of job n (every name ending with .n) from scratch.
void remove_job_files(const fs::path& scratch, const std::string& n) {
  const std::string suffix = "." + n;
  std::error_code ec;
  std::vector<fs::path> doomed;
  for (const auto& e : fs::directory_iterator(scratch, ec)) {
    const std::string name = e.path().filename().string();
    if (name.size() > suffix.size() && name.ends_with(suffix)) doomed.push_back(e.path());
  }
  for (const auto& p : doomed) fs::remove_all(p, ec);
}

/// OpenBLAS at one thread for the scope (a job has one core, as the local jobs'
/// OPENBLAS_NUM_THREADS=1), restored afterwards (rank 0 alone runs jobs between its own work).
class SingleBlasThread {
 public:
  SingleBlasThread() : saved_(openblas_get_num_threads()) { openblas_set_num_threads(1); }
  SingleBlasThread(const SingleBlasThread&) = delete;
  SingleBlasThread& operator=(const SingleBlasThread&) = delete;
  ~SingleBlasThread() { openblas_set_num_threads(saved_); }

 private:
  int saved_;
};

std::string pack_job(std::size_t id, const std::string& n, const std::vector<NamedFile>& files) {
  BytePacker p;
  p.put<std::uint64_t>(id).put_string(n).put<std::uint64_t>(files.size());
  for (const auto& [name, text] : files) p.put_string(name).put_string(text);
  return p.take();
}

std::string pack_result(std::size_t id, const InProcessResult& r) {
  BytePacker p;
  p.put<std::uint64_t>(id)
      .put<std::int32_t>(r.exit_code)
      .put<double>(r.seconds)
      .put_string(r.log)
      .put<std::uint8_t>(r.path_info ? 1 : 0)
      .put_string(r.path_info.value_or(""))
      .put<std::uint8_t>(r.interrupted ? 1 : 0);
  return p.take();
}

InProcessResult unpack_result(const std::string& bytes, std::size_t& id) {
  ByteReader in(bytes);
  InProcessResult r;
  id = in.get<std::uint64_t>();
  r.exit_code = in.get<std::int32_t>();
  r.seconds = in.get<double>();
  r.log = in.get_string();
  const bool has_path = in.get<std::uint8_t>() != 0;
  std::string path = in.get_string();
  if (has_path) r.path_info = std::move(path);
  r.interrupted = in.get<std::uint8_t>() != 0;
  if (!in.done()) throw RuntimeError("MPI: a job result longer than its contents say");
  return r;
}

}  // namespace

fs::path rank_scratch(const fs::path& dir, int rank) {
  return dir / fmt::format("mpi.rank.{}", rank);
}

InProcessResult run_optim_in_process(const fs::path& scratch, const std::string& n,
                                     const std::vector<NamedFile>& files) {
  InProcessResult r;
  const Clock::time_point t0 = Clock::now();
  const fs::path log_path = scratch / ("OPTIM.connect." + n);
  try {
    fs::create_directories(scratch);
    for (const auto& [name, text] : files) write_whole(scratch / name, text);
    std::FILE* log = std::fopen(log_path.c_str(), "w");
    if (log == nullptr) throw RuntimeError(fmt::format("{}: cannot open", log_path.string()));
    try {
      const SingleBlasThread one_thread;
      r.exit_code = landscape::optim::run_optim({n}, scratch, log, log);
    } catch (const std::exception& e) {
      std::fprintf(log, "optim: internal error: %s\n", e.what());
      r.exit_code = kExitInternal;
    } catch (...) {
      std::fprintf(log, "optim: internal error: an unknown exception\n");
      r.exit_code = kExitInternal;
    }
    std::fclose(log);
    r.log = read_text_file(log_path).value_or("");
    r.path_info = read_text_file(scratch / ("path.info." + n));
  } catch (const std::exception& e) {
    r.exit_code = kExitRuntime;
    r.log += fmt::format("pathsample (MPI rank, pid {}): job {}: {}\n", ::getpid(), n, e.what());
  }
  std::error_code ec;
  if (fs::is_directory(scratch, ec)) remove_job_files(scratch, n);
  r.seconds = seconds_since(t0);
  r.interrupted = interrupt_signal() != 0;
  return r;
}

MpiJobRunner::MpiJobRunner(int world_size, fs::path dir, Logger& log)
    : world_size_(world_size),
      slots_(world_size > 1 ? static_cast<std::size_t>(world_size - 1) : 1),
      dir_(std::move(dir)),
      log_(log),
      has_shared_(static_cast<std::size_t>(std::max(world_size, 1)), false) {
  // Idle workers are taken from the back: rank 1 first.
  for (int r = world_size_ - 1; r >= 1; --r) idle_.push_back(r);
}

MpiJobRunner::~MpiJobRunner() {
  terminate_all();
  if (jobs_done_ > 0)
    log_.info(
        "MPI: {} job(s) on {}; rank 0 spent {:.3f} s on their messages and files ({:.2f} ms "
        "per job)",
        jobs_done_,
        world_size_ > 1 ? fmt::format("{} worker rank(s)", world_size_ - 1)
                        : std::string("rank 0 in-process"),
        overhead_seconds_, 1e3 * overhead_seconds_ / static_cast<double>(jobs_done_));
}

std::string MpiJobRunner::where(const JobSpec& job) const {
  const auto it = rank_of_.find(job.id);
  const int rank = it == rank_of_.end() ? 0 : it->second;
  return fmt::format("optim {} in-process on rank {}{}", job.args.empty() ? "" : job.args.front(),
                     rank, rank == 0 ? " (one rank: rank 0 runs the jobs)" : "");
}

std::vector<NamedFile> MpiJobRunner::job_files(const JobSpec& job, bool with_shared) {
  std::vector<NamedFile> files;
  const std::string& n = job.args.at(0);
  const fs::path workdir = job.workdir.empty() ? dir_ : job.workdir;
  for (const std::string& name : {"odata." + n, "finish." + n}) {
    auto text = read_text_file(workdir / name);
    if (!text)
      throw RuntimeError(fmt::format("cannot start job {}: {}: cannot read it", job.id,
                                     (workdir / name).string()));
    files.emplace_back(name, std::move(*text));
  }
  if (with_shared)
    for (const char* name : kSharedInputs)
      if (fs::exists(workdir / name)) {
        auto text = read_text_file(workdir / name);
        if (!text)
          throw RuntimeError(fmt::format("cannot start job {}: {}: cannot read it", job.id,
                                         (workdir / name).string()));
        files.emplace_back(name, std::move(*text));
      }
  return files;
}

void MpiJobRunner::start(const JobSpec& job) {
  if (full())
    throw std::logic_error(fmt::format(
        "MpiJobRunner::start: job {}: every slot is busy ({} running)", job.id, running()));
  if (job.args.empty())
    throw std::logic_error(fmt::format("MpiJobRunner::start: job {} has no job number", job.id));
  if (world_size_ <= 1) {  // rank 0 alone: the job runs in wait_any()
    pending_.push_back(job);
    rank_of_[job.id] = 0;
    return;
  }
  const Clock::time_point t0 = Clock::now();
  const int rank = idle_.back();
  const bool first = !has_shared_[static_cast<std::size_t>(rank)];
  const std::string message = pack_job(job.id, job.args.front(), job_files(job, first));
  mpi::send(rank, kTagJob, message);
  idle_.pop_back();
  has_shared_[static_cast<std::size_t>(rank)] = true;
  const fs::path workdir = job.workdir.empty() ? dir_ : job.workdir;
  running_[job.id] = Running{rank, workdir / job.output, t0};
  rank_of_[job.id] = rank;
  overhead_seconds_ += seconds_since(t0);
}

FinishedJob MpiJobRunner::finish(std::size_t id, const fs::path& output,
                                 const InProcessResult& result, double seconds) {
  const Clock::time_point t0 = Clock::now();
  const std::string n = std::to_string(id);
  const fs::path workdir = output.parent_path();
  FinishedJob done;
  done.id = id;
  done.exit_code = result.exit_code;
  done.seconds = seconds;
  write_file_atomically(output, result.log);
  if (result.path_info) write_file_atomically(workdir / ("path.info." + n), *result.path_info);
  rank_of_.erase(id);
  ++jobs_done_;
  overhead_seconds_ += seconds_since(t0);
  return done;
}

FinishedJob MpiJobRunner::receive_result(bool keep) {
  const mpi::Message m = wait_for(-1, kTagResult);
  const Clock::time_point t0 = Clock::now();
  std::size_t id = 0;
  const InProcessResult result = unpack_result(m.bytes, id);
  const auto it = running_.find(id);
  if (it == running_.end() || it->second.rank != m.source)
    throw RuntimeError(fmt::format(
        "MPI: rank {} sent the result of job {}, which it was not running", m.source, id));
  const Running job = it->second;
  running_.erase(it);
  idle_.push_back(m.source);
  // The signal reached the worker alone (kill -TERM of its pid): the campaign stops as if it had
  // reached every rank, as mpirun delivers it.
  if (result.interrupted && interrupt_signal() == 0) {
    log_.warn("job {}: rank {} was interrupted: no more jobs are started", id, m.source);
    std::raise(SIGTERM);
  }
  overhead_seconds_ += seconds_since(t0);
  if (!keep) {
    rank_of_.erase(id);
    return FinishedJob{id, result.exit_code, 0, seconds_since(job.started)};
  }
  return finish(id, job.output, result, seconds_since(job.started));
}

FinishedJob MpiJobRunner::wait_any() {
  if (running() == 0) throw std::logic_error("MpiJobRunner::wait_any: no job is running");
  if (world_size_ <= 1) {
    const JobSpec job = pending_.front();
    pending_.erase(pending_.begin());
    const fs::path workdir = job.workdir.empty() ? dir_ : job.workdir;
    const Clock::time_point t0 = Clock::now();
    const InProcessResult result =
        run_optim_in_process(rank_scratch(workdir, 0), job.args.front(), job_files(job, true));
    overhead_seconds_ += std::max(0.0, seconds_since(t0) - result.seconds);
    return finish(job.id, workdir / job.output, result, seconds_since(t0));
  }
  return receive_result(true);
}

void MpiJobRunner::terminate_all(std::chrono::milliseconds) noexcept {
  pending_.clear();
  while (!running_.empty()) {
    try {
      receive_result(false);
    } catch (...) {
      break;  // a malformed result: nothing more can be done here; mpirun ends the run
    }
  }
  if (world_size_ <= 1) {
    std::error_code ec;
    fs::remove_all(rank_scratch(dir_, 0), ec);
  }
}

int run_pathsample_worker(int rank, const fs::path& dir, std::FILE* err) {
  const fs::path scratch = rank_scratch(dir, rank);
  std::error_code ec;
  fs::remove_all(scratch, ec);  // what a killed run left
  fs::create_directories(scratch, ec);
  if (!ec) {
    std::ofstream(scratch / "pid") << ::getpid() << '\n';
  } else if (err != nullptr) {
    std::fprintf(err, "pathsample: rank %d: cannot make %s: %s (its jobs will report it)\n", rank,
                 scratch.c_str(), ec.message().c_str());
  }
  // A signal while idle is recorded, not fatal: rank 0 learns of it with the next result.
  install_interrupt_handlers();
  for (;;) {
    const mpi::Message m = wait_for(0, -1);
    if (m.tag == kTagStop) break;
    if (m.tag != kTagJob) continue;
    std::size_t id = 0;
    InProcessResult result;
    try {
      ByteReader in(m.bytes);
      id = in.get<std::uint64_t>();
      const std::string n = in.get_string();
      std::vector<NamedFile> files(in.get<std::uint64_t>());
      for (auto& [name, text] : files) {
        name = in.get_string();
        text = in.get_string();
        if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..")
          throw RuntimeError(fmt::format("a job file named '{}'", name));
      }
      result = run_optim_in_process(scratch, n, files);
    } catch (const std::exception& e) {
      result.exit_code = kExitRuntime;
      result.log = fmt::format("pathsample (MPI rank {}): a job message could not be read: {}\n",
                               rank, e.what());
    }
    mpi::send(0, kTagResult, pack_result(id, result));
  }
  fs::remove_all(scratch, ec);
  return 0;
}

}  // namespace landscape::pathsample

// The connection campaign: pair choice, job files, the job pool, merging, pairs.data.

#include "pathsample/connection_campaign.hpp"

#include <cblas.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <tuple>

#include "common/io/errors.hpp"
#include "common/io/interrupt.hpp"
#include "common/io/progress_display.hpp"
#include "common/io/text_file.hpp"
#include "pathsample/database_building.hpp"
#include "pathsample/optim_jobs.hpp"
#include "pathsample/pair_selection.hpp"

namespace landscape::pathsample {

namespace fs = std::filesystem;

namespace {

/// The factory set by set_job_runner_factory (empty: a JobPool of CPUS processes).
JobRunnerFactory& runner_factory() {
  static JobRunnerFactory factory;
  return factory;
}

std::unique_ptr<JobRunner> make_runner(const CampaignOptions& c, const fs::path& dir, Logger& log) {
  JobRunnerRequest request;
  request.cpus = static_cast<std::size_t>(c.cpus);
  request.dir = dir;
  request.log = &log;
  if (runner_factory()) return runner_factory()(request);
  return std::make_unique<JobPool>(request.cpus);
}

/// The last n non-blank lines of a job's output, joined by " | " (what optim said last).
std::string last_lines(const fs::path& path, std::size_t n) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);)
    if (line.find_first_not_of(" \t\r") != std::string::npos) lines.push_back(line);
  std::string out;
  for (std::size_t i = lines.size() > n ? lines.size() - n : 0; i < lines.size(); ++i) {
    if (!out.empty()) out += " | ";
    out += lines[i];
  }
  return out.empty() ? "(no output)" : out;
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

/// odata.connect up to and including its final POINTS (clusters) or VARIABLES (other systems)
/// line, to which each job's start coordinates are appended.
std::string read_template(const fs::path& dir, bool atoms) {
  const fs::path path = dir / "odata.connect";
  if (!fs::exists(path))
    throw InputError(fmt::format(
        "odata.connect: not found; a campaign needs this optim template (its keywords, ending with "
        "{}) in the working directory",
        atoms ? "POINTS" : "VARIABLES"));
  const std::string text = read_text_file(path).value_or("");
  const std::string want = atoms ? "POINTS" : "VARIABLES";
  std::istringstream in(text);
  std::string line, out;
  int line_no = 0, end_line = 0;
  while (std::getline(in, line)) {
    ++line_no;
    std::istringstream words(line);
    std::string first;
    words >> first;
    if (end_line == 0) {
      out += line + '\n';
      if (upper(first) == want) end_line = line_no;
    } else if (!first.empty() && first[0] != '!') {
      throw InputError(
          fmt::format("odata.connect:{}: the template must end at {} (line {}): pathsample writes "
                      "each job's coordinates after it",
                      line_no, want, end_line));
    }
  }
  if (end_line == 0)
    throw InputError(fmt::format(
        "odata.connect: no {} line: the template must end with {}, after which pathsample writes "
        "each job's start coordinates",
        want, want));
  return out;
}

/// The coordinates of a record as optim reads them: `SYM x y z` lines after POINTS for atoms,
/// one value a line otherwise (odata), or `x y z` / one value a line (finish).
std::string coordinates_text(const std::vector<double>& x, bool atoms, const std::string& symbol) {
  std::string out;
  if (atoms) {
    for (std::size_t i = 0; i + 2 < x.size(); i += 3)
      out += symbol.empty()
                 ? fmt::format("{:25.15f} {:25.15f} {:25.15f}\n", x[i], x[i + 1], x[i + 2])
                 : fmt::format("{:<4} {:25.15f} {:25.15f} {:25.15f}\n", symbol, x[i], x[i + 1],
                               x[i + 2]);
  } else {
    for (double v : x) out += fmt::format("{:25.15f}\n", v);
  }
  return out;
}

/// Removes the files that optim's PATH writes for job N: EofS.N and path.xyz.N for the connected
/// path, EofS.K.N and path.K.xyz.N for its K-th transition state. optim numbers those 1, 2, ...
/// without a gap, so the files are removed by name: a scan of the directory, which holds an
/// OPTIM.connect.N per job, would cost more with every job.
void remove_job_paths(const fs::path& dir, const std::string& n) {
  std::error_code ec;
  fs::remove(dir / ("EofS." + n), ec);
  fs::remove(dir / ("path.xyz." + n), ec);
  for (int k = 1;; ++k) {
    const bool eofs = fs::remove(dir / fmt::format("EofS.{}.{}", k, n), ec);
    const bool xyz = fs::remove(dir / fmt::format("path.{}.xyz.{}", k, n), ec);
    if (!eofs && !xyz) break;
  }
}

KineticNetwork network_of(const StationaryPointDatabase& db) {
  KineticNetwork net;
  net.min_energy.reserve(db.n_minima());
  for (const auto& m : db.minima().records()) net.min_energy.push_back(m.energy);
  net.ts.reserve(db.n_ts());
  for (const auto& t : db.transition_states().records())
    net.ts.push_back({t.min1 - 1, t.min2 - 1, t.energy});
  return net;
}

/// min.A and min.B, the A and B minima of DIJINITSTART; each must exist.
std::pair<MinimumSet, MinimumSet> read_end_sets(const CampaignOptions& c,
                                                const std::string& data_name, const fs::path& dir,
                                                std::size_t n_minima) {
  for (const char* f : {"min.A", "min.B"})
    if (!fs::exists(dir / f))
      throw InputError(fmt::format("{}:{}: {}: needs {} (the A and B minima)", data_name,
                                   c.strategy_line, c.strategy_keyword, f));
  MinimumSet set_a = read_minimum_set(dir / "min.A", n_minima);
  MinimumSet set_b = read_minimum_set(dir / "min.B", n_minima);
  return {std::move(set_a), std::move(set_b)};
}

/// Two minima (0-based), the ends of a connection job.
using MinimumPair = std::pair<std::size_t, std::size_t>;

/// One campaign: its files, the pairs tried and running, and what the jobs added.
class Campaign {
 public:
  /// Reads odata.connect, pairs.data and (DIJINITSTART) min.A and min.B; throws InputError or
  /// DatabaseError for a bad one before any job starts.
  Campaign(const PathsampleOptions& options, const std::string& data_name, const fs::path& dir,
           StationaryPointDatabase& db, Logger& log)
      : options_(options),
        c_(options.campaign),
        data_name_(data_name),
        dir_(dir),
        db_(db),
        log_(log),
        runner_(make_runner(c_, dir, log)),
        slots_(runner_->max_running()),
        atoms_(!options.network),
        total_jobs_(static_cast<std::size_t>(c_.cycles) * slots_),
        first_cycle_(std::min(slots_, total_jobs_)),
        odata_template_(read_template(dir, atoms_)),
        tried_(TriedPairs::open(dir / "pairs.data", db.n_minima())),
        distance_(distances_.wrap([&db](std::size_t a, std::size_t b) {
          return db.metric().distance(db.minima()[a].coords, db.minima()[b].coords);
        })),
        region_{static_cast<std::size_t>(c_.region_min1 - 1),
                static_cast<std::size_t>(c_.region_min2 - 1)} {
    if (c_.strategy == PairStrategy::kDijinit)
      std::tie(set_a_, set_b_) = read_end_sets(c_, data_name, dir, db.n_minima());
  }

  /// Runs the jobs, CPUS (the runner's slots) at a time: starts jobs while there are pairs, free
  /// slots and cycles left and merges each job as it ends; returns when no job is running and none
  /// can start.
  CampaignReport run(std::FILE* progress_stream) {
    log_start();
    ProgressDisplay progress(progress_stream);
    const auto t0 = std::chrono::steady_clock::now();
    JobRunner& pool = *runner_;
    while (true) {
      start_jobs(pool);
      if (pool.running() == 0) break;
      finish_job(pool.wait_any());
      const double elapsed =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      // Jobs run CPUS at a time, so the wall time per job done so far already counts them.
      const double per_job = elapsed / static_cast<double>(std::max<std::size_t>(report_.jobs, 1));
      const double left =
          per_job * static_cast<double>(total_jobs_ - std::min(total_jobs_, report_.jobs));
      progress.update(fmt::format("jobs {}/{} done ({} failed), {} running; database {} minima, {} "
                                  "transition states; about {:.0f} s left",
                                  report_.jobs, total_jobs_, report_.failed_jobs, pool.running(),
                                  db_.n_minima(), db_.n_ts(), left),
                      true);
    }
    progress.finish();
    if (report_.merged_triples > 0)
      log_.info("merging: {} min-TS-min triples in {:.3f} s ({:.2f} ms per triple)",
                report_.merged_triples, report_.merge_seconds,
                1e3 * report_.merge_seconds / static_cast<double>(report_.merged_triples));
    if (stopping_)
      throw InputError(fmt::format(
          "pathsample: every optim job of the first cycle failed on its input, so the campaign "
          "stopped (their pairs are not marked as tried in pairs.data: fix the input and run "
          "again); the first error, {}",
          first_input_error_));
    return report_;
  }

 private:
  /// Says what the campaign will do (and, with CPUS > 1, that the numbering depends on timing).
  void log_start() {
    log_.info(
        "campaign: {} cycles of {} optim job(s) ({} jobs), pairs by {}; {} pairs tried before "
        "(pairs.data)",
        c_.cycles, slots_, total_jobs_, c_.strategy_keyword, tried_.size());
    if (slots_ > 1)
      log_.info(
          "note: with CPUS {} jobs end in an order that depends on timing, and each job's "
          "stationary points are merged as it ends: the numbering of new minima and transition "
          "states can differ between runs",
          slots_);
  }

  /// A pair may be tried if it was not tried before and is not being tried now.
  bool may_try(std::size_t a, std::size_t b) const {
    if (a == b || tried_.contains(a, b)) return false;
    for (const auto& [id, p] : running_)
      if ((p.first == a && p.second == b) || (p.first == b && p.second == a)) return false;
    return true;
  }

  /// The next pair by the campaign's strategy, or nothing when it has none left.
  std::optional<MinimumPair> choose() {
    const KineticNetwork net = network_of(db_);
    const PairAllowed allowed = [this](std::size_t a, std::size_t b) { return may_try(a, b); };
    switch (c_.strategy) {
      case PairStrategy::kUntrap:
        return choose_untrap(net, allowed);
      case PairStrategy::kDijinit:
        return choose_dijinit(net, allowed);
      case PairStrategy::kConnectRegion:
        return choose_region(net, allowed);
      case PairStrategy::kNone:
        break;
    }
    return std::nullopt;
  }

  /// UNTRAP: the minimum of highest barrier-to-depth ratio that has an allowed partner in its
  /// product set, and that partner.
  std::optional<MinimumPair> choose_untrap(const KineticNetwork& net, const PairAllowed& allowed) {
    UntrapSettings s;
    s.einc = c_.untrap_einc;
    s.thresh = c_.untrap_thresh;
    s.min_connections = static_cast<int>(c_.dijkstra_nconn);
    const UntrapRanking ranking = untrap_candidates(net, s);
    const auto pair = choose_untrap_pair(net, s, ranking, distance_, allowed);
    if (!pair) return std::nullopt;
    const UntrapCandidate& cand = ranking.candidates[pair->rank];
    log_.info(
        "UNTRAP: minimum {} (E = {:.8f}, barrier {:.6f}, ratio {:.6g}, rank {} of {}) with minimum "
        "{} of its product set ({} minima){}",
        pair->minimum + 1, net.min_energy[pair->minimum], cand.barrier, cand.ratio, pair->rank + 1,
        ranking.candidates.size(), pair->partner + 1, cand.product_count,
        pair->distance ? fmt::format(", distance {:.4f}", *pair->distance) : std::string());
    return std::make_pair(pair->minimum, pair->partner);
  }

  /// DIJINITSTART: the first missing connection on the cheapest path from A to B.
  std::optional<MinimumPair> choose_dijinit(const KineticNetwork& net, const PairAllowed& allowed) {
    InitialPathSettings s;
    s.cost = c_.dijinit_exp ? InitialPathSettings::Cost::kExponential
                            : InitialPathSettings::Cost::kPower;
    s.power = static_cast<double>(c_.dijinit_power);
    std::vector<std::size_t> a, b;
    for (std::size_t m : set_a_) a.push_back(m - 1);
    for (std::size_t m : set_b_) b.push_back(m - 1);
    const InitialPath path = initial_path(net, a, b, s, distance_, allowed);
    if (path.status == InitialPathStatus::kAlreadyConnected) {
      log_.once("dijinit-connected",
                "DIJINITSTART: the A and B minima are connected; no pair left to choose");
      return std::nullopt;
    }
    if (path.status == InitialPathStatus::kNoPath || path.missing.empty()) return std::nullopt;
    log_.info("DIJINITSTART: path of {} minima, {} missing connection(s); trying minima {} and {}",
              path.minima.size(), path.missing.size(), path.missing.front().first + 1,
              path.missing.front().second + 1);
    return path.missing.front();
  }

  /// CONNECTREGION: the next close pair not yet joined, from where the last search stopped.
  std::optional<MinimumPair> choose_region(const KineticNetwork& net, const PairAllowed& allowed) {
    const auto pair = next_region_pair(net, region_, c_.region_distance, distance_, allowed);
    if (!pair) return std::nullopt;
    region_ = pair->next;
    log_.info("CONNECTREGION: minima {} and {} (distance {:.4f})", pair->min1 + 1, pair->min2 + 1,
              pair->distance);
    return std::make_pair(pair->min1, pair->min2);
  }

  /// Fills the free slots of the pool with jobs while pairs and cycles last.
  void start_jobs(JobRunner& pool) {
    if (interrupt_signal() != 0 && !interrupt_logged_) {
      interrupt_logged_ = true;
      log_.info(
          "interrupted: no more jobs are started; the {} running job(s) are asked to stop "
          "and merged",
          pool.running());
    }
    while (!exhausted_ && !stopping_ && interrupt_signal() == 0 && !pool.full() &&
           started_ < total_jobs_) {
      const auto pair = choose();
      if (!pair) {
        exhausted_ = true;
        log_.info("no pair left to try{}",
                  pool.running() ? "; waiting for the jobs still running" : "");
        break;
      }
      start_job(pool, *pair);
    }
  }

  /// EXEC, resolved once, when the first job starts.
  const fs::path& program() {
    if (!program_) {
      std::string why;
      program_ = resolve_program(c_.exec, dir_, why);
      if (!program_) {
        if (c_.exec.empty())
          throw InputError(
              fmt::format("{}: EXEC: required keyword missing (the optim program)", data_name_));
        throw InputError(fmt::format("{}:{}: EXEC: {}", data_name_, c_.exec_line, why));
      }
    }
    return *program_;
  }

  /// Writes odata.N and finish.N for the pair and starts optim on them.
  void start_job(JobRunner& pool, const MinimumPair& pair) {
    const fs::path exec = pool.runs_program() ? program() : fs::path(c_.exec);
    const std::size_t id = ++started_;
    const std::string n = std::to_string(id);
    fs::remove(dir_ / ("path.info." + n));  // a stale one from a killed run
    const auto& first = db_.minima()[pair.first];
    const auto& second = db_.minima()[pair.second];
    write_file_atomically(dir_ / ("odata." + n),
                          odata_template_ + coordinates_text(first.coords, atoms_, c_.system));
    write_file_atomically(dir_ / ("finish." + n), coordinates_text(second.coords, atoms_, ""));
    JobSpec job;
    job.id = id;
    job.program = exec;
    job.args = {n};
    job.workdir = dir_;
    job.output = "OPTIM.connect." + n;
    pool.start(job);
    running_[id] = pair;
    log_.info("job {} started: {} connecting minima {} and {} (E = {:.8f} and {:.8f})", id,
              pool.where(job), pair.first + 1, pair.second + 1, first.energy, second.energy);
    log_.flush();
  }

  /// Merges what a job found, records its pair as tried and removes its files.
  void finish_job(const FinishedJob& done) {
    const auto pair = running_.at(done.id);
    running_.erase(done.id);
    ++report_.jobs;
    const std::string n = std::to_string(done.id);
    const fs::path path_info = dir_ / ("path.info." + n);
    // optim's exit status 1 is bad input (odata.connect, the files written for the job): the
    // pair itself was not tried, so it is not marked, and fixing the input retries it.
    const bool input_failure = done.exit_code == kExitBadInput;
    // A job stopped by an interrupt (optim's 130/143, or the signal itself) did not finish its
    // pair: what it found is merged, the pair is not marked.
    const bool interrupted = done.exit_code == 128 + SIGINT || done.exit_code == 128 + SIGTERM ||
                             done.signal == SIGINT || done.signal == SIGTERM;
    // A job that ran out of time (optim's TIMELIMIT, or a `timeout` wrapper in EXEC: exit status
    // 124) made its attempt: what it found is merged and the pair is marked, as any attempt.
    const bool timed_out = done.exit_code == kExitTimeLimit;
    if (timed_out) {
      ++report_.timed_out_jobs;
      log_.info(
          "job {} (minima {} and {}) reached its time limit (exit status 124: TIMELIMIT, or a "
          "timeout in EXEC) after {:.1f} s: what it found is merged",
          done.id, pair.first + 1, pair.second + 1, done.seconds);
    } else if (interrupted) {
      ++report_.interrupted_jobs;
      log_.info(
          "job {} (minima {} and {}) was stopped by a signal ({}) after {:.1f} s: what it found "
          "is merged, the pair is not marked as tried",
          done.id, pair.first + 1, pair.second + 1, done.describe(), done.seconds);
    } else if (!done.succeeded()) {
      ++report_.failed_jobs;
      log_.warn("job {} (minima {} and {}) ended with {} after {:.1f} s; see OPTIM.connect.{}{}",
                done.id, pair.first + 1, pair.second + 1, done.describe(), done.seconds, n,
                input_failure ? " (its input was refused: the pair is not marked as tried)" : "");
    }
    if (input_failure) {
      ++input_failures_;
      if (first_input_error_.empty())
        first_input_error_ =
            fmt::format("job {}: {}", done.id, last_lines(dir_ / ("OPTIM.connect." + n), 4));
    }
    // The first CPUS jobs to end all refused their input: stop starting jobs.
    if (report_.jobs == first_cycle_ && input_failures_ == report_.jobs) {
      stopping_ = true;
      log_.warn("every job of the first cycle had its input refused: no more jobs are started");
    }
    if (fs::exists(path_info) && fs::file_size(path_info) > 0) {
      merge_path_file(done.id, path_info);
    } else {
      log_.info("job {} (minima {} and {}) found no transition state", done.id, pair.first + 1,
                pair.second + 1);
    }
    if (!input_failure && !interrupted) tried_.add(pair.first, pair.second);
    log_.info("job {} done in {:.1f} s; database: {} minima, {} transition states", done.id,
              done.seconds, db_.n_minima(), db_.n_ts());
    log_.flush();
    for (const std::string& f : {"odata." + n, "finish." + n, "path.info." + n})
      fs::remove(dir_ / f);
    remove_job_paths(dir_, n);
  }

  /// Adds the stationary points of a job's path.info to the database; an unreadable file is
  /// reported and skipped, so that one bad job does not end the campaign.
  void merge_path_file(std::size_t id, const fs::path& path_info) {
    const auto t0 = std::chrono::steady_clock::now();
    try {
      const PathFile file = read_path_file(path_info, db_.minima().n_dof(),
                                           !options_.no_frequencies, db_.identity().zero_modes);
      const AddCounts counts = add_path_file(db_, file, log_);
      report_.new_minima += counts.new_minima;
      report_.new_ts += counts.new_ts;
      report_.merged_triples += file.triples.size();
    } catch (const InputError& e) {
      log_.warn("job {}: its path file could not be read, nothing merged: {}", id, e.what());
    }
    report_.merge_seconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }

  const PathsampleOptions& options_;
  const CampaignOptions& c_;
  const std::string& data_name_;
  const fs::path& dir_;
  StationaryPointDatabase& db_;
  Logger& log_;
  std::unique_ptr<JobRunner> runner_;  ///< runs the jobs (set_job_runner_factory)
  const std::size_t slots_;            ///< jobs at once: CPUS, or the MPI worker ranks
  const bool atoms_;                   ///< clusters (POINTS), not networks (VARIABLES)
  const std::size_t total_jobs_;
  /// Jobs of the first cycle (slots_): when the first of them to end all failed on their input
  /// (exit status 1: a typo in odata.connect), the campaign stops with the first job's error.
  const std::size_t first_cycle_;
  const std::string odata_template_;
  TriedPairs tried_;
  MinimumSet set_a_, set_b_;  ///< DIJINITSTART's A and B minima (1-based)
  DistanceCache distances_;
  const PairDistance distance_;  ///< through distances_
  /// The jobs running: job id -> the pair it connects.
  std::map<std::size_t, MinimumPair> running_;
  RegionPosition region_;  ///< CONNECTREGION: where the next search starts
  std::optional<fs::path> program_;
  std::size_t started_ = 0;
  bool exhausted_ = false;  ///< the strategy has no pair left
  CampaignReport report_;
  bool interrupt_logged_ = false;
  std::size_t input_failures_ = 0;  ///< jobs whose input optim refused
  bool stopping_ = false;
  std::string first_input_error_;
};

}  // namespace

void set_job_runner_factory(JobRunnerFactory factory) { runner_factory() = std::move(factory); }

TriedPairs TriedPairs::open(const fs::path& path, std::size_t n_minima) {
  TriedPairs tried;
  tried.path_ = path;
  if (!fs::exists(path)) return tried;
  const auto contents = read_text_file(path);
  if (!contents) throw DatabaseError("pairs.data: cannot open");
  std::string text = *contents;
  const std::size_t keep = text.rfind('\n') == std::string::npos ? 0 : text.rfind('\n') + 1;
  if (keep != text.size()) {  // a torn last line: cut it
    fs::resize_file(path, keep);
    text.resize(keep);
  }
  std::size_t line_no = 0;
  for (const std::string& line : split_lines(text)) {
    ++line_no;
    std::istringstream words(line);
    long long a = 0, b = 0;
    std::string extra;
    if (!(words >> a >> b) || (words >> extra))
      throw DatabaseError(
          fmt::format("pairs.data:{}: expected two minimum indices, got '{}'", line_no, line));
    if (a < 1 || b < 1 || static_cast<std::size_t>(a) > n_minima ||
        static_cast<std::size_t>(b) > n_minima)
      throw DatabaseError(
          fmt::format("pairs.data:{}: minimum {} does not exist (min.data has {} minima)", line_no,
                      (a < 1 || static_cast<std::size_t>(a) > n_minima) ? a : b, n_minima));
    const auto x = static_cast<std::size_t>(a - 1), y = static_cast<std::size_t>(b - 1);
    tried.pairs_.insert({std::min(x, y), std::max(x, y)});
  }
  return tried;
}

bool TriedPairs::contains(std::size_t a, std::size_t b) const {
  return pairs_.count({std::min(a, b), std::max(a, b)}) > 0;
}

void TriedPairs::add(std::size_t a, std::size_t b) {
  pairs_.insert({std::min(a, b), std::max(a, b)});
  const std::string line = fmt::format("{} {}\n", a + 1, b + 1);
  const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) throw RuntimeError(fmt::format("pairs.data: cannot open: {}", std::strerror(errno)));
  const ssize_t w = ::write(fd, line.data(), line.size());
  const int err = errno;
  ::close(fd);
  if (w != static_cast<ssize_t>(line.size()))
    throw RuntimeError(fmt::format("pairs.data: write failed: {}", std::strerror(err)));
}

CampaignReport run_campaign(const PathsampleOptions& options, const std::string& data_name,
                            const fs::path& dir, StationaryPointDatabase& db, Logger& log,
                            std::FILE* progress) {
  const auto t0 = std::chrono::steady_clock::now();
  // The jobs keep the cores busy: pathsample's own linear algebra (alignments, eigenproblems of
  // the merge) runs on one thread, so that idle OpenBLAS threads do not spin beside them.
  openblas_set_num_threads(1);
  Campaign campaign(options, data_name, dir, db, log);
  CampaignReport report = campaign.run(progress);
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::string stopped;
  if (report.timed_out_jobs > 0) stopped += fmt::format(", {} timed out", report.timed_out_jobs);
  if (report.interrupted_jobs > 0)
    stopped += fmt::format(", {} stopped by a signal", report.interrupted_jobs);
  log.info(
      "campaign: {} jobs ({} failed{}) in {:.1f} s added {} minima and {} transition states; "
      "database: {} minima, {} transition states",
      report.jobs, report.failed_jobs, stopped, report.seconds, report.new_minima, report.new_ts,
      db.n_minima(), db.n_ts());
  return report;
}

}  // namespace landscape::pathsample

// The connection campaign: pair choice, job files, the job pool, merging, pairs.data.

#include "pathsample/connection_campaign.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "common/io/errors.hpp"
#include "common/io/text_file.hpp"
#include "pathsample/database_building.hpp"
#include "pathsample/optim_jobs.hpp"
#include "pathsample/pair_selection.hpp"

namespace landscape::pathsample {

namespace fs = std::filesystem;

namespace {

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

/// odata.connect up to and including its final POINTS (clusters) or VARIABLES (other systems)
/// line, to which each job's start coordinates are appended.
std::string read_template(const fs::path& dir, bool atoms) {
  const fs::path path = dir / "odata.connect";
  if (!fs::exists(path))
    throw InputError("odata.connect: not found; a campaign needs this optim template (its keywords, ending with "
                     "POINTS) in the working directory");
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
      throw InputError(fmt::format("odata.connect:{}: the template must end at {} (line {}): pathsample writes "
                                   "each job's coordinates after it",
                                   line_no, want, end_line));
    }
  }
  if (end_line == 0)
    throw InputError(fmt::format("odata.connect: no {} line: the template must end with {}, after which pathsample "
                                 "writes each job's start coordinates",
                                 want, want));
  return out;
}

/// The coordinates of a record as optim reads them: `SYM x y z` lines after POINTS for atoms,
/// one value a line otherwise (odata), or `x y z` / one value a line (finish).
std::string coordinates_text(const std::vector<double>& x, bool atoms, const std::string& symbol) {
  std::string out;
  if (atoms) {
    for (std::size_t i = 0; i + 2 < x.size(); i += 3)
      out += symbol.empty() ? fmt::format("{:25.15f} {:25.15f} {:25.15f}\n", x[i], x[i + 1], x[i + 2])
                            : fmt::format("{:<4} {:25.15f} {:25.15f} {:25.15f}\n", symbol, x[i], x[i + 1], x[i + 2]);
  } else {
    for (double v : x) out += fmt::format("{:25.15f}\n", v);
  }
  return out;
}

/// Removes the EofS.K.N and path.K.xyz.N files that optim's PATH writes for job N.
void remove_job_paths(const fs::path& dir, const std::string& n) {
  const std::string suffix = "." + n;
  std::vector<fs::path> doomed;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.size() <= suffix.size() || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) continue;
    const std::string stem = name.substr(0, name.size() - suffix.size());  // EofS.K or path.K.xyz
    if ((stem.rfind("EofS.", 0) == 0) || (stem.rfind("path.", 0) == 0 && stem.size() > 4 &&
                                          stem.compare(stem.size() - 4, 4, ".xyz") == 0))
      doomed.push_back(entry.path());
  }
  for (const auto& p : doomed) fs::remove(p);
}

KineticNetwork network_of(const StationaryPointDatabase& db) {
  KineticNetwork net;
  net.min_energy.reserve(db.n_minima());
  for (const auto& m : db.minima().records()) net.min_energy.push_back(m.energy);
  net.ts.reserve(db.n_ts());
  for (const auto& t : db.transition_states().records()) net.ts.push_back({t.min1 - 1, t.min2 - 1, t.energy});
  return net;
}

}  // namespace

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
  std::istringstream in(text);
  std::string line;
  std::size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    std::istringstream words(line);
    long long a = 0, b = 0;
    std::string extra;
    if (!(words >> a >> b) || (words >> extra))
      throw DatabaseError(fmt::format("pairs.data:{}: expected two minimum indices, got '{}'", line_no, line));
    if (a < 1 || b < 1 || static_cast<std::size_t>(a) > n_minima || static_cast<std::size_t>(b) > n_minima)
      throw DatabaseError(fmt::format("pairs.data:{}: minimum {} does not exist (min.data has {} minima)", line_no,
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
  if (w != static_cast<ssize_t>(line.size())) throw RuntimeError(fmt::format("pairs.data: write failed: {}", std::strerror(err)));
}

CampaignReport run_campaign(const PathsampleOptions& options, const std::string& data_name, const fs::path& dir,
                            StationaryPointDatabase& db, Logger& log) {
  const CampaignOptions& c = options.campaign;
  const bool atoms = !options.network;
  const auto t0 = std::chrono::steady_clock::now();
  CampaignReport report;
  const std::size_t total_jobs = static_cast<std::size_t>(c.cycles * c.cpus);
  const std::string odata_template = read_template(dir, atoms);
  TriedPairs tried = TriedPairs::open(dir / "pairs.data", db.n_minima());
  MinimumSet set_a, set_b;
  if (c.strategy == PairStrategy::kDijinit) {
    for (const char* f : {"min.A", "min.B"})
      if (!fs::exists(dir / f))
        throw InputError(fmt::format("{}:{}: {}: needs {} (the A and B minima)", data_name, c.strategy_line,
                                     c.strategy_keyword, f));
    set_a = read_minimum_set(dir / "min.A", db.n_minima());
    set_b = read_minimum_set(dir / "min.B", db.n_minima());
  }
  log.info("campaign: {} cycles of {} optim job(s) ({} jobs), pairs by {}; {} pairs tried before (pairs.data)",
           c.cycles, c.cpus, total_jobs, c.strategy_keyword, tried.size());
  if (c.cpus > 1)
    log.info("note: with CPUS {} jobs end in an order that depends on timing, and each job's stationary points are "
             "merged as it ends: the numbering of new minima and transition states can differ between runs",
             c.cpus);

  DistanceCache distances;
  const PairDistance distance = distances.wrap([&db](std::size_t a, std::size_t b) {
    return db.metric().distance(db.minima()[a].coords, db.minima()[b].coords);
  });
  std::map<std::size_t, std::pair<std::size_t, std::size_t>> running;  // job id -> pair
  auto allowed = [&](std::size_t a, std::size_t b) {
    if (a == b || tried.contains(a, b)) return false;
    for (const auto& [id, p] : running)
      if ((p.first == a && p.second == b) || (p.first == b && p.second == a)) return false;
    return true;
  };
  RegionPosition region{static_cast<std::size_t>(c.region_min1 - 1), static_cast<std::size_t>(c.region_min2 - 1)};

  auto choose = [&]() -> std::optional<std::pair<std::size_t, std::size_t>> {
    const KineticNetwork net = network_of(db);
    switch (c.strategy) {
      case PairStrategy::kUntrap: {
        UntrapSettings s;
        s.einc = c.untrap_einc;
        s.thresh = c.untrap_thresh;
        s.min_connections = static_cast<int>(c.dijkstra_nconn);
        const UntrapRanking ranking = untrap_candidates(net, s);
        const auto pair = choose_untrap_pair(net, s, ranking, distance, allowed);
        if (!pair) return std::nullopt;
        const UntrapCandidate& cand = ranking.candidates[pair->rank];
        log.info("UNTRAP: minimum {} (E = {:.8f}, barrier {:.6f}, ratio {:.6g}, rank {} of {}) with minimum {} of its "
                 "product set ({} minima){}",
                 pair->minimum + 1, net.min_energy[pair->minimum], cand.barrier, cand.ratio, pair->rank + 1,
                 ranking.candidates.size(), pair->partner + 1, cand.product_count,
                 pair->distance ? fmt::format(", distance {:.4f}", *pair->distance) : std::string());
        return std::make_pair(pair->minimum, pair->partner);
      }
      case PairStrategy::kDijinit: {
        InitialPathSettings s;
        s.cost = c.dijinit_exp ? InitialPathSettings::Cost::kExponential : InitialPathSettings::Cost::kPower;
        s.power = static_cast<double>(c.dijinit_power);
        std::vector<std::size_t> a, b;
        for (std::size_t m : set_a) a.push_back(m - 1);
        for (std::size_t m : set_b) b.push_back(m - 1);
        const InitialPath path = initial_path(net, a, b, s, distance, allowed);
        if (path.status == InitialPathStatus::kAlreadyConnected) {
          log.once("dijinit-connected", "DIJINITSTART: the A and B minima are connected; no pair left to choose");
          return std::nullopt;
        }
        if (path.status == InitialPathStatus::kNoPath || path.missing.empty()) return std::nullopt;
        log.info("DIJINITSTART: path of {} minima, {} missing connection(s); trying minima {} and {}",
                 path.minima.size(), path.missing.size(), path.missing.front().first + 1,
                 path.missing.front().second + 1);
        return path.missing.front();
      }
      case PairStrategy::kConnectRegion: {
        const auto pair = next_region_pair(net, region, c.region_distance, distance, allowed);
        if (!pair) return std::nullopt;
        region = pair->next;
        log.info("CONNECTREGION: minima {} and {} (distance {:.4f})", pair->min1 + 1, pair->min2 + 1, pair->distance);
        return std::make_pair(pair->min1, pair->min2);
      }
      case PairStrategy::kNone:
        break;
    }
    return std::nullopt;
  };

  std::optional<fs::path> program;
  JobPool pool(static_cast<std::size_t>(c.cpus));
  std::size_t started = 0;
  bool exhausted = false;
  while (true) {
    while (!exhausted && !pool.full() && started < total_jobs) {
      const auto pair = choose();
      if (!pair) {
        exhausted = true;
        log.info("no pair left to try{}", pool.running() ? "; waiting for the jobs still running" : "");
        break;
      }
      if (!program) {
        std::string why;
        program = resolve_program(c.exec, dir, why);
        if (!program) {
          if (c.exec.empty()) throw InputError(fmt::format("{}: EXEC: required keyword missing (the optim program)", data_name));
          throw InputError(fmt::format("{}:{}: EXEC: {}", data_name, c.exec_line, why));
        }
      }
      const std::size_t id = ++started;
      const std::string n = std::to_string(id);
      fs::remove(dir / ("path.info." + n));  // a stale one from a killed run
      write_file_atomically(dir / ("odata." + n), odata_template + coordinates_text(db.minima()[pair->first].coords, atoms, c.system));
      write_file_atomically(dir / ("finish." + n), coordinates_text(db.minima()[pair->second].coords, atoms, ""));
      JobSpec job;
      job.id = id;
      job.program = *program;
      job.args = {n};
      job.workdir = dir;
      job.output = "OPTIM.connect." + n;
      pool.start(job);
      running[id] = *pair;
      log.info("job {} started: {} {} connecting minima {} and {} (E = {:.8f} and {:.8f})", id, program->string(), n,
               pair->first + 1, pair->second + 1, db.minima()[pair->first].energy, db.minima()[pair->second].energy);
      log.flush();
    }
    if (pool.running() == 0) break;
    const FinishedJob done = pool.wait_any();
    const auto pair = running.at(done.id);
    running.erase(done.id);
    ++report.jobs;
    const std::string n = std::to_string(done.id);
    const fs::path path_info = dir / ("path.info." + n);
    if (!done.succeeded()) {
      ++report.failed_jobs;
      log.warn("job {} (minima {} and {}) ended with {} after {:.1f} s; see OPTIM.connect.{}", done.id, pair.first + 1,
               pair.second + 1, done.describe(), done.seconds, n);
    }
    if (fs::exists(path_info) && fs::file_size(path_info) > 0) {
      try {
        const AddCounts counts = add_path_file(
            db, read_path_file(path_info, db.minima().n_dof(), !options.no_frequencies, db.identity().zero_modes), log);
        report.new_minima += counts.new_minima;
        report.new_ts += counts.new_ts;
      } catch (const InputError& e) {
        log.warn("job {}: its path file could not be read, nothing merged: {}", done.id, e.what());
      }
    } else {
      log.info("job {} (minima {} and {}) found no transition state", done.id, pair.first + 1, pair.second + 1);
    }
    tried.add(pair.first, pair.second);
    log.info("job {} done in {:.1f} s; database: {} minima, {} transition states", done.id, done.seconds,
             db.n_minima(), db.n_ts());
    log.flush();
    for (const std::string& f : {"odata." + n, "finish." + n, "path.info." + n}) fs::remove(dir / f);
    remove_job_paths(dir, n);
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  log.info("campaign: {} jobs ({} failed) in {:.1f} s added {} minima and {} transition states; database: {} minima, "
           "{} transition states",
           report.jobs, report.failed_jobs, report.seconds, report.new_minima, report.new_ts, db.n_minima(), db.n_ts());
  return report;
}

}  // namespace landscape::pathsample

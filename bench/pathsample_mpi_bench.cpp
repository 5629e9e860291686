// pathsample_mpi_bench: connection jobs per minute of the LJ38 tutorial's database expansion
// (05_pathsample_expanded, UNTRAP 0.035 3.0), run serially at CPUS 1 and CPUS 2 (local optim
// processes) and, with an MPI build's programs, under mpirun -np 1, 2 and 3 (rank 0 alone, one and
// two worker ranks); the CPUS 2 / CPUS 1 ratio, the parallel efficiency of the worker ranks, and
// rank 0's cost per merged min-TS-min triple. See bench/README.md, "pathsample_mpi_bench".
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

#include "bench/bench_support.hpp"

using landscape::bench::shell_quote;

namespace {

using landscape::bench::read_all;
using landscape::bench::with_keyword;

namespace bench = landscape::bench;
namespace fs = std::filesystem;

constexpr const char* kStep = "05_pathsample_expanded";

constexpr const char* kAbout =
    "Runs the LJ38 tutorial's UNTRAP expansion (05_pathsample_expanded) for the same number of\n"
    "optim jobs serially at CPUS 1 and CPUS 2 (this build's pathsample and optim) and under\n"
    "mpirun -np 1, 2 and 3 (an MPI build's pathsample, --mpi-bin); prints jobs per minute, the\n"
    "CPUS 2 / CPUS 1 ratio, the parallel efficiency of the worker ranks and rank 0's cost per\n"
    "merged min-TS-min triple.";

struct Settings {
  fs::path examples = LANDSCAPE_LJ38_EXAMPLES;
  fs::path mpi_bin = fs::path(LANDSCAPE_BENCH_SOURCE_DIR).parent_path() / "build-mpi" / "bin";
  std::string mpirun = "mpirun";
  int jobs = 12;
  bool serial = true;
  bool mpi = true;
  bool keep = false;
};

Settings parse_args(int argc, char** argv) {
  Settings s;
  bench::CommandLine app("pathsample_mpi_bench", kAbout);
  app.add_option("--examples", s.examples, "the LJ38 tutorial")->check(CLI::ExistingDirectory);
  app.add_option("--mpi-bin", s.mpi_bin,
                 "bin directory of an MPI build (-DLANDSCAPE_MPI=ON) with pathsample");
  app.add_option("--mpirun", s.mpirun, "the MPI launcher");
  app.add_option("--jobs", s.jobs, "optim jobs per run (even: CPUS 2 and -np 3 run jobs/2 cycles)")
      ->check(bench::at_least(2));
  app.add_flag_callback(
      "--no-serial", [&s] { s.serial = false; }, "skip the serial runs");
  app.add_flag_callback(
      "--no-mpi", [&s] { s.mpi = false; }, "skip the MPI runs");
  app.add_flag("--keep", s.keep, "keep the scratch directories (kept anyway when a run fails)");
  app.parse_or_exit(argc, argv);
  s.mpi_bin = fs::absolute(s.mpi_bin).lexically_normal();  // the runs cd into scratch directories
  s.examples = fs::absolute(s.examples).lexically_normal();
  return s;
}

std::string load_average() {
  std::string s = read_all("/proc/loadavg");
  const auto sp = s.find(' ', s.find(' ', s.find(' ') + 1) + 1);
  return sp == std::string::npos ? s : s.substr(0, sp);
}

/// What one run's log says.
struct Outcome {
  std::string name;
  int status = -1;
  double wall = 0.0;
  long jobs = 0, failed = 0, added_minima = 0, added_ts = 0;
  double campaign_seconds = 0.0;
  double job_seconds = 0.0;  ///< sum of the jobs' "done in S s"
  long triples = 0;
  double merge_seconds = 0.0;
  std::optional<double> message_seconds;  ///< MPI: rank 0's time on messages and files
  bool parsed = false;

  double jobs_per_minute() const {
    return campaign_seconds > 0.0 ? 60.0 * static_cast<double>(jobs) / campaign_seconds : 0.0;
  }
};

void parse_log(const std::string& log, Outcome& o) {
  std::smatch m;
  const std::regex campaign(
      R"(campaign: (\d+) jobs \((\d+) failed[^)]*\) in ([0-9.]+) s added (\d+) minima and (\d+) transition states)");
  if (std::regex_search(log, m, campaign)) {
    o.jobs = std::stol(m[1]);
    o.failed = std::stol(m[2]);
    o.campaign_seconds = std::stod(m[3]);
    o.added_minima = std::stol(m[4]);
    o.added_ts = std::stol(m[5]);
    o.parsed = true;
  }
  const std::regex merging(R"(merging: (\d+) min-TS-min triples in ([0-9.]+) s)");
  if (std::regex_search(log, m, merging)) {
    o.triples = std::stol(m[1]);
    o.merge_seconds = std::stod(m[2]);
  }
  const std::regex messages(R"(rank 0 spent ([0-9.]+) s on their messages and files)");
  if (std::regex_search(log, m, messages)) o.message_seconds = std::stod(m[1]);
  const std::regex done(R"(job \d+ done in ([0-9.]+) s)");
  for (auto it = std::sregex_iterator(log.begin(), log.end(), done); it != std::sregex_iterator();
       ++it)
    o.job_seconds += std::stod((*it)[1]);
}

/// Copies the tutorial into a fresh scratch directory, sets EXEC, CPUS and CYCLES, runs command
/// there (`cd dir && command > pathsample.log 2>&1`) and reads the log.
Outcome run_campaign(const Settings& s, const fs::path& scratch_root, const std::string& name,
                     const fs::path& optim, int cpus, int cycles, const std::string& command) {
  const fs::path dir = scratch_root / name;
  fs::remove_all(dir);
  fs::copy(s.examples / kStep, dir, fs::copy_options::recursive);
  for (const auto& e : fs::recursive_directory_iterator(dir))
    fs::permissions(e.path(), fs::perms::owner_read | fs::perms::owner_write,
                    fs::perm_options::add);
  std::string pathdata = read_all(dir / "pathdata");
  pathdata = with_keyword(pathdata, "EXEC", optim.string());
  pathdata = with_keyword(pathdata, "CPUS", std::to_string(cpus));
  pathdata = with_keyword(pathdata, "CYCLES", std::to_string(cycles));
  std::ofstream(dir / "pathdata", std::ios::binary | std::ios::trunc) << pathdata;

  Outcome o;
  o.name = name;
  fmt::print("  {:<24} {} ...", name, command);
  std::fflush(stdout);
  const std::string cmd =
      fmt::format("cd {} && {} > pathsample.log 2>&1", shell_quote(dir.string()), command);
  const auto t0 = std::chrono::steady_clock::now();
  o.status = std::system(cmd.c_str());
  o.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  parse_log(read_all(dir / "pathsample.log"), o);
  fmt::print(" {:.1f} s\n", o.wall);
  if (o.status != 0 || !o.parsed) {
    fmt::print(stderr, "{} failed (status {}); see {}\n", name, o.status,
               (dir / "pathsample.log").string());
  } else if (!s.keep) {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  return o;
}

void print_row(const Outcome& o) {
  const double per_triple =
      o.triples > 0 ? 1e3 * o.merge_seconds / static_cast<double>(o.triples) : 0.0;
  const double rank0 =
      o.campaign_seconds > 0.0
          ? 100.0 * (o.merge_seconds + o.message_seconds.value_or(0.0)) / o.campaign_seconds
          : 0.0;
  fmt::print("{:<24}{:>6}{:>7}{:>11.1f}{:>10.2f}{:>10.2f}{:>9}{:>11.1f}{:>12}{:>9.1f}\n", o.name,
             o.jobs, o.failed, o.campaign_seconds, o.jobs_per_minute(),
             o.jobs > 0 ? o.job_seconds / static_cast<double>(o.jobs) : 0.0, o.triples, per_triple,
             o.message_seconds
                 ? fmt::format("{:.2f}",
                               1e3 * *o.message_seconds / static_cast<double>(std::max(1L, o.jobs)))
                 : std::string("-"),
             rank0);
}

}  // namespace

int main(int argc, char** argv) {
  const Settings s = parse_args(argc, argv);
  for (const char* f : {"pathdata", "odata.connect", "min.data", "ts.data"})
    if (!fs::exists(s.examples / kStep / f)) {
      fmt::print(stderr, "pathsample_mpi_bench: {} not found (--examples)\n",
                 (s.examples / kStep / f).string());
      return 1;
    }
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  const fs::path bin_dir = ec ? fs::absolute(argv[0]).parent_path() : self.parent_path();
  const fs::path pathsample = bin_dir / "pathsample", optim = bin_dir / "optim";
  for (const fs::path& p : {pathsample, optim})
    if (!fs::exists(p)) {
      fmt::print(stderr, "pathsample_mpi_bench: {} not built (--target pathsample optim)\n",
                 p.string());
      return 1;
    }
  bool mpi = s.mpi;
  if (mpi && !fs::exists(s.mpi_bin / "pathsample")) {
    fmt::print(stderr,
               "pathsample_mpi_bench: {} not found: build an MPI tree (-DLANDSCAPE_MPI=ON) and "
               "pass its bin directory with --mpi-bin, or --no-mpi\n",
               (s.mpi_bin / "pathsample").string());
    return 1;
  }
  const fs::path scratch =
      bin_dir.parent_path() / "bench-scratch" / fmt::format("pathsample_mpi-{}", ::getpid());
  fs::create_directories(scratch);
  const int jobs = s.jobs - s.jobs % 2;
  fmt::print(
      "pathsample_mpi_bench: {} (UNTRAP 0.035 3.0), {} optim jobs per run, {} cores online, load "
      "average {} at the start\n  scratch: {}\n",
      kStep, jobs, ::sysconf(_SC_NPROCESSORS_ONLN), load_average(), scratch.string());

  std::vector<Outcome> rows;
  const Outcome* cpus1 = nullptr;
  const Outcome* cpus2 = nullptr;
  const Outcome* np[4] = {nullptr, nullptr, nullptr, nullptr};
  rows.reserve(5);
  if (s.serial) {
    rows.push_back(run_campaign(s, scratch, "serial CPUS 1", optim, 1, jobs,
                                shell_quote(pathsample.string())));
    cpus1 = &rows.back();
    rows.push_back(run_campaign(s, scratch, "serial CPUS 2", optim, 2, jobs / 2,
                                shell_quote(pathsample.string())));
    cpus2 = &rows.back();
  }
  if (mpi) {
    const std::string launcher =
        fmt::format("{} --oversubscribe --mca btl_vader_single_copy_mechanism none{}",
                    shell_quote(s.mpirun), ::geteuid() == 0 ? " --allow-run-as-root" : "");
    const fs::path mpi_pathsample = s.mpi_bin / "pathsample";
    for (int k = 1; k <= 3; ++k) {
      const int workers = std::max(1, k - 1);
      rows.push_back(run_campaign(
          s, scratch,
          k == 1 ? std::string("mpirun -np 1 (rank 0)")
                 : fmt::format("mpirun -np {} ({} worker{})", k, workers, workers == 1 ? "" : "s"),
          s.mpi_bin / "optim", 1, jobs / workers,
          fmt::format("{} -np {} {}", launcher, k, shell_quote(mpi_pathsample.string()))));
      np[k] = &rows.back();
    }
  }

  fmt::print("\nload average at the end {} (the machine may be shared: see bench/README.md)\n\n",
             load_average());
  fmt::print("{:<24}{:>6}{:>7}{:>11}{:>10}{:>10}{:>9}{:>11}{:>12}{:>9}\n", "run", "jobs", "failed",
             "campaign s", "jobs/min", "s/job", "triples", "ms/triple", "msg ms/job", "rank0 %");
  bool failed = false;
  for (const Outcome& o : rows) {
    print_row(o);
    failed = failed || o.status != 0 || !o.parsed;
  }
  fmt::print(
      "(s/job: mean wall time of one job; ms/triple: rank 0's merge, reading path.info.N and "
      "adding "
      "its\n triples, per triple; msg ms/job: rank 0's time on an MPI job's messages and files; "
      "rank0 %:\n both as a share of the campaign's wall time)\n\n");
  auto ratio = [](const Outcome* a, const Outcome* b) {
    return a && b && b->jobs_per_minute() > 0.0 ? a->jobs_per_minute() / b->jobs_per_minute() : 0.0;
  };
  if (cpus1 && cpus2)
    fmt::print(
        "serial: CPUS 2 / CPUS 1 = {:.2f} (jobs per minute; target >= 1.8 on 2 idle cores)\n",
        ratio(cpus2, cpus1));
  if (np[2] && np[3]) {
    fmt::print("MPI: -np 3 / -np 2 = {:.2f}: parallel efficiency of 2 workers {:.0f}%\n",
               ratio(np[3], np[2]), 50.0 * ratio(np[3], np[2]));
    if (np[1])
      fmt::print("MPI: -np 2 / -np 1 = {:.2f} (one worker rank against rank 0 alone)\n",
                 ratio(np[2], np[1]));
    if (cpus1) fmt::print("MPI -np 3 / serial CPUS 1 = {:.2f}\n", ratio(np[3], cpus1));
  }
  for (const Outcome* o : {np[3], np[2], cpus1})
    if (o && o->triples > 0) {
      fmt::print(
          "rank 0's cost per merged triple ({}): {:.1f} ms in the merge{}; a job of {:.1f} s "
          "gives {:.1f} triples\n",
          o->name, 1e3 * o->merge_seconds / static_cast<double>(o->triples),
          o->message_seconds
              ? fmt::format(" + {:.2f} ms in messages and files",
                            1e3 * *o->message_seconds / static_cast<double>(o->triples))
              : std::string(),
          o->job_seconds / static_cast<double>(std::max(1L, o->jobs)),
          static_cast<double>(o->triples) / static_cast<double>(std::max(1L, o->jobs)));
      break;
    }
  if (failed) return 2;
  if (!s.keep) fs::remove_all(scratch, ec);
  return 0;
}

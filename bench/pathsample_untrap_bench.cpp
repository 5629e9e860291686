// pathsample_untrap_bench: the LJ38 tutorial's database expansion (05_pathsample_expanded: UNTRAP
// 0.035 3.0, CYCLES 50) run by the built pathsample with the built optim as EXEC, in wall-clock
// time, optim jobs, and minima and transition states added, beside the real PATHSAMPLE's final
// database of the same input (min.data.expected: 64 minima, ts.data.expected: 70 transition states,
// from 12 and 11). See bench/README.md, "pathsample_untrap_bench".
#include <fmt/format.h>
#include <sys/resource.h>
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

#include "bench/bench_support.hpp"

using landscape::bench::shell_quote;

namespace {

using landscape::bench::read_all;
using landscape::bench::with_keyword;

namespace bench = landscape::bench;
namespace fs = std::filesystem;

constexpr const char* kStep = "05_pathsample_expanded";

/// The first lines of --help.
constexpr const char* kAbout =
    "Copies the LJ38 tutorial's 05_pathsample_expanded into a scratch directory under the\nbuild "
    "tree, points its EXEC at the built optim and runs the built pathsample there (UNTRAP\n0.035 "
    "3.0); prints wall time, optim jobs, minima and transition states before and after,\nand the "
    "ratio of what was added to what the real PATHSAMPLE added "
    "(min.data.expected,\nts.data.expected).";

struct Settings {
  fs::path examples = LANDSCAPE_LJ38_EXAMPLES;
  int cycles = 50;
  int cpus = 2;
  bool keep = false;
};

Settings parse_args(int argc, char** argv) {
  Settings s;
  bench::CommandLine app("pathsample_untrap_bench", kAbout);
  app.add_option("--examples", s.examples, "the LJ38 tutorial")->check(CLI::ExistingDirectory);
  app.add_option("--cycles", s.cycles, "CYCLES, as in the tutorial")->check(bench::at_least(1));
  app.add_option("--cpus", s.cpus, "CPUS, optim jobs side by side")->check(bench::at_least(1));
  app.add_flag("--keep", s.keep, "keep the scratch directory (kept anyway when pathsample fails)");
  app.parse_or_exit(argc, argv);
  return s;
}

/// Non-blank lines of a database text file: its minima or transition states.
long count_lines(const fs::path& p) {
  std::ifstream in(p);
  long n = 0;
  for (std::string line; std::getline(in, line);)
    if (line.find_first_not_of(" \t\r") != std::string::npos) ++n;
  return n;
}

/// The campaign's closing line: `campaign: N jobs (F failed) in S s added ...`.
struct Campaign {
  long jobs = 0, failed = 0, added_minima = 0, added_ts = 0;
  double seconds = 0.0;
};

std::optional<Campaign> parse_campaign(const std::string& log) {
  std::smatch m;
  const std::regex line(
      R"(campaign: (\d+) jobs \((\d+) failed[^)]*\) in ([0-9.]+) s added (\d+) minima and (\d+) transition states)");
  if (!std::regex_search(log, m, line)) return std::nullopt;
  Campaign c;
  c.jobs = std::stol(m[1]);
  c.failed = std::stol(m[2]);
  c.seconds = std::stod(m[3]);
  c.added_minima = std::stol(m[4]);
  c.added_ts = std::stol(m[5]);
  return c;
}

double ratio(double ours, double real) { return real != 0.0 ? ours / real : 0.0; }

}  // namespace

int main(int argc, char** argv) {
  const Settings s = parse_args(argc, argv);
  const fs::path tutorial = s.examples / kStep;
  for (const char* f : {"pathdata", "odata.connect", "min.data", "ts.data", "min.data.expected",
                        "ts.data.expected"})
    if (!fs::exists(tutorial / f)) {
      fmt::print(stderr, "pathsample_untrap_bench: {} not found (--examples)\n",
                 (tutorial / f).string());
      return 1;
    }

  // The programs are the bench's neighbours in the build tree's bin directory; the scratch
  // directory sits beside that bin directory.
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  const fs::path bin_dir = ec ? fs::absolute(argv[0]).parent_path() : self.parent_path();
  const fs::path pathsample = bin_dir / "pathsample";
  const fs::path optim = bin_dir / "optim";
  for (const fs::path& p : {pathsample, optim})
    if (!fs::exists(p)) {
      fmt::print(
          stderr,
          "pathsample_untrap_bench: {} not built (cmake --build ... --target pathsample optim)\n",
          p.string());
      return 1;
    }
  const fs::path dir =
      bin_dir.parent_path() / "bench-scratch" / fmt::format("pathsample_untrap-{}", ::getpid());
  fs::remove_all(dir);
  fs::create_directories(dir.parent_path());
  fs::copy(tutorial, dir, fs::copy_options::recursive);
  for (const auto& e : fs::recursive_directory_iterator(dir))
    fs::permissions(e.path(), fs::perms::owner_read | fs::perms::owner_write,
                    fs::perm_options::add);
  std::string pathdata = read_all(dir / "pathdata");
  pathdata = with_keyword(pathdata, "EXEC", optim.string());
  pathdata = with_keyword(pathdata, "CPUS", std::to_string(s.cpus));
  pathdata = with_keyword(pathdata, "CYCLES", std::to_string(s.cycles));
  std::ofstream(dir / "pathdata", std::ios::binary | std::ios::trunc) << pathdata;

  const long minima_start = count_lines(dir / "min.data");
  const long ts_start = count_lines(dir / "ts.data");
  const long real_minima = count_lines(tutorial / "min.data.expected");
  const long real_ts = count_lines(tutorial / "ts.data.expected");
  const long real_jobs = 50;  // the tutorial's CYCLES 50 at CPUS 1

  fmt::print("pathsample_untrap_bench: {} (UNTRAP 0.035 3.0), CYCLES {}, CPUS {}, EXEC {}\n", kStep,
             s.cycles, s.cpus, optim.string());
  fmt::print("  scratch directory: {}\n", dir.string());
  std::fflush(stdout);

  const landscape::bench::ProgramRun run =
      landscape::bench::run_program_in(dir, pathsample.string(), "pathsample.log");
  const int status = run.status;
  const double seconds = run.seconds;
  const double cpu_seconds = run.cpu_seconds;

  const std::string log = read_all(dir / "pathsample.log");
  const auto campaign = parse_campaign(log);
  const long minima_end = count_lines(dir / "min.data");
  const long ts_end = count_lines(dir / "ts.data");
  const long added_minima = minima_end - minima_start;
  const long added_ts = ts_end - ts_start;
  const double minutes = seconds / 60.0;

  fmt::print(
      "  pathsample: exit status {}, wall {:.1f} s, CPU {:.1f} s (pathsample and its optim jobs)\n",
      status, seconds, cpu_seconds);
  if (campaign) {
    fmt::print(
        "  campaign line: {} jobs ({} failed) in {:.1f} s, added {} minima and {} transition "
        "states\n",
        campaign->jobs, campaign->failed, campaign->seconds, campaign->added_minima,
        campaign->added_ts);
  } else {
    fmt::print("  campaign line: not found in the log\n");
  }
  const long jobs = campaign ? campaign->jobs : 0;
  fmt::print("\n{:<34}{:>10}{:>12}{:>14}\n", "", "ours", "PATHSAMPLE", "ours/real");
  fmt::print("{:<34}{:>10}{:>12}\n", "optim jobs", jobs, real_jobs);
  fmt::print("{:<34}{:>10}{:>12}\n", "jobs that failed", campaign ? campaign->failed : -1, "-");
  fmt::print("{:<34}{:>10}{:>12}\n", "minima at the start", minima_start, minima_start);
  fmt::print("{:<34}{:>10}{:>12}\n", "transition states at the start", ts_start, ts_start);
  fmt::print("{:<34}{:>10}{:>12}\n", "minima at the end", minima_end, real_minima);
  fmt::print("{:<34}{:>10}{:>12}\n", "transition states at the end", ts_end, real_ts);
  fmt::print(
      "{:<34}{:>10}{:>12}{:>14.2f}\n", "minima added", added_minima, real_minima - minima_start,
      ratio(static_cast<double>(added_minima), static_cast<double>(real_minima - minima_start)));
  fmt::print("{:<34}{:>10}{:>12}{:>14.2f}\n", "transition states added", added_ts,
             real_ts - ts_start,
             ratio(static_cast<double>(added_ts), static_cast<double>(real_ts - ts_start)));
  if (jobs > 0) {
    fmt::print("{:<34}{:>10.2f}{:>12.2f}{:>14.2f}\n", "minima added per job",
               static_cast<double>(added_minima) / jobs,
               static_cast<double>(real_minima - minima_start) / real_jobs,
               ratio(static_cast<double>(added_minima) / jobs,
                     static_cast<double>(real_minima - minima_start) / real_jobs));
    fmt::print("{:<34}{:>10.2f}{:>12.2f}{:>14.2f}\n", "transition states added per job",
               static_cast<double>(added_ts) / jobs,
               static_cast<double>(real_ts - ts_start) / real_jobs,
               ratio(static_cast<double>(added_ts) / jobs,
                     static_cast<double>(real_ts - ts_start) / real_jobs));
  }
  fmt::print("{:<34}{:>10.1f}\n", "wall time (s)", seconds);
  if (minutes > 0.0) {
    fmt::print("{:<34}{:>10.1f}\n", "minima added per minute",
               static_cast<double>(added_minima) / minutes);
    fmt::print("{:<34}{:>10.1f}\n", "transition states added per minute",
               static_cast<double>(added_ts) / minutes);
  }
  if (campaign && (campaign->added_minima != added_minima || campaign->added_ts != added_ts))
    fmt::print("note: the log's counts ({} minima, {} transition states) differ from the files'\n",
               campaign->added_minima, campaign->added_ts);
  fmt::print(
      "(the real PATHSAMPLE's figures are its final database for the tutorial's CYCLES 50 at CPUS "
      "1;\n ours runs CYCLES x CPUS optim jobs)\n");

  const bool failed = status != 0 || !campaign;
  if (failed) {
    fmt::print(stderr, "pathsample failed or wrote no campaign line; see {}\n",
               (dir / "pathsample.log").string());
    return 2;
  }
  if (s.keep) {
    fmt::print("kept {}\n", dir.string());
  } else {
    fs::remove_all(dir, ec);
  }
  return 0;
}

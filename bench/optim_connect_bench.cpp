// optim_connect_bench: the whole LJ38 tutorial connection (03_optim/odata and finish, unchanged)
// run by the optim program's library entry point, in gradient evaluations and seconds, beside the
// real OPTIM's own run of the same input (03_optim/optim.out.expected: 76942 energy+gradient calls,
// 2.91 s, 5 cycles, 13 transition states, 8 on the path). See bench/README.md,
// "optim_connect_bench".
//
// Besides the unchanged input (timed --repeat times), --variants runs start from the tutorial's
// coordinates displaced by U(-A, A) in every coordinate (REOPTIMISEENDPOINTS brings them back to
// the two minima, in new orientations and atom labels), so that the figure is not one lucky path.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "bench/bench_support.hpp"
#include "common/random/rng.hpp"
#include "optim/optim_run.hpp"

namespace {

using landscape::bench::read_all;

namespace bench = landscape::bench;

constexpr double kOptimGradientCalls = 76942;  // 03_optim/optim.out.expected
constexpr double kOptimSeconds = 2.91;
constexpr int kOptimTransitionStates = 13;
constexpr int kOptimCycles = 5;

/// The first lines of --help.
constexpr const char* kAbout =
    "Runs the LJ38 tutorial connection (03_optim/odata and finish of --examples, "
    "unchanged)\n--repeat times and --variants times from its coordinates displaced by U(-A, A) "
    "(A:\n--amplitude); prints gradient evaluations and seconds beside the real OPTIM's 76942 "
    "calls\nand 2.91 s.";

struct Settings {
  std::filesystem::path examples = LANDSCAPE_LJ38_EXAMPLES;
  int repeat = 3;
  int variants = 5;
  double amplitude = 0.02;
  std::uint64_t seed = 1;
  bool keep = false;
};

/// What one run's log says.
struct Run {
  int status = -1;
  bool connected = false;
  long gradients = 0, hessians = 0;
  long band_gradients = 0, ts_gradients = 0, path_gradients = 0;
  int cycles = 0, bands = 0, path_ts = 0, minima = 0, ts = 0;
  double seconds = 0.0;
};

Run parse(const std::string& log) {
  Run r;
  std::smatch m;
  if (std::regex_search(
          log, m,
          std::regex(
              R"(potential calls: (\d+) energy\+gradient, (\d+) energy\+gradient\+Hessian)"))) {
    r.gradients = std::stol(m[1]);
    r.hessians = std::stol(m[2]);
  }
  if (std::regex_search(
          log, m,
          std::regex(
              R"(NEWCONNECT: (connected|not connected) after (\d+) cycles and (\d+) bands: (\d+) minima and (\d+) transition states known(, (\d+) on the path)?)"))) {
    r.connected = m[1] == "connected";
    r.cycles = std::stoi(m[2]);
    r.bands = std::stoi(m[3]);
    r.minima = std::stoi(m[4]);
    r.ts = std::stoi(m[5]);
    if (m[7].matched) r.path_ts = std::stoi(m[7]);
  }
  const std::regex band(R"(^DNEB: .*\((\d+) gradient evaluations\)$)");
  const std::regex cand(R"(^candidate image \d+: .*\((\d+) gradient evaluations)");
  const std::regex path(R"(^path of TS \d+: (\d+) gradient evaluations$)");
  std::istringstream in(log);
  for (std::string line; std::getline(in, line);) {
    if (std::regex_search(line, m, band))
      r.band_gradients += std::stol(m[1]);
    else if (std::regex_search(line, m, cand))
      r.ts_gradients += std::stol(m[1]);
    else if (std::regex_search(line, m, path))
      r.path_gradients += std::stol(m[1]);
  }
  return r;
}

/// Runs optim in a fresh directory holding odata and finish; the log is kept in the directory.
Run run_in(const std::filesystem::path& dir, const std::string& odata, const std::string& finish) {
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "odata") << odata;
  std::ofstream(dir / "finish") << finish;
  std::FILE* out = std::fopen((dir / "optim.out").c_str(), "w");
  std::FILE* err = std::fopen((dir / "optim.err").c_str(), "w");
  const auto t0 = std::chrono::steady_clock::now();
  const int status = landscape::optim::run_optim({}, dir, out, err);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::fclose(out);
  std::fclose(err);
  Run r = parse(read_all(dir / "optim.out"));
  r.status = status;
  r.seconds = seconds;
  return r;
}

/// odata with every coordinate after POINTS, and finish, displaced by U(-a, a).
std::pair<std::string, std::string> displaced(const std::string& odata, const std::string& finish,
                                              double a, landscape::Rng& rng) {
  std::string out;
  std::istringstream in(odata);
  bool points = false;
  for (std::string line; std::getline(in, line);) {
    std::istringstream f(line);
    std::string sym;
    double x, y, z;
    if (points && (f >> sym >> x >> y >> z)) {
      out += fmt::format("{} {:.10f} {:.10f} {:.10f}\n", sym, x + a * rng.symmetric(),
                         y + a * rng.symmetric(), z + a * rng.symmetric());
    } else {
      out += line + "\n";
    }
    std::string first;
    std::istringstream w(line);
    if (w >> first && first == "POINTS") points = true;
  }
  std::string fin;
  std::istringstream fi(finish);
  for (std::string line; std::getline(fi, line);) {
    std::istringstream f(line);
    double x, y, z;
    if (f >> x >> y >> z)
      fin += fmt::format("{:.10f} {:.10f} {:.10f}\n", x + a * rng.symmetric(),
                         y + a * rng.symmetric(), z + a * rng.symmetric());
  }
  return {out, fin};
}

void print_run(const char* label, const Run& r) {
  fmt::print("  {:<22} {:>3} {:>7} {:>6} {:>5} {:>3}/{:<3} {:>9} {:>8} {:>8} {:>8} {:>7.3f}\n",
             label, r.status == 0 && r.connected ? "yes" : "NO", r.cycles, r.bands, r.minima,
             r.path_ts, r.ts, r.gradients, r.band_gradients, r.ts_gradients, r.path_gradients,
             r.seconds);
}

Settings parse_args(int argc, char** argv) {
  Settings s;
  bench::CommandLine app("optim_connect_bench", kAbout);
  app.add_option("--examples", s.examples, "the LJ38 tutorial")->check(CLI::ExistingDirectory);
  app.add_option("--repeat", s.repeat, "runs of the unchanged input (the time is their median)")
      ->check(bench::at_least(1));
  app.add_option("--variants", s.variants, "runs from displaced coordinates")
      ->check(bench::at_least(0));
  app.add_option("--amplitude", s.amplitude, "largest displacement of a coordinate")
      ->check(bench::at_least(0));
  app.add_option("--seed", s.seed, "seed of the displacements");
  app.add_flag("--keep", s.keep, "keep the run directories");
  app.parse_or_exit(argc, argv);
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  const Settings s = parse_args(argc, argv);
  const auto ref = s.examples / "03_optim";
  if (!std::filesystem::exists(ref / "odata") || !std::filesystem::exists(ref / "finish")) {
    fmt::print(stderr, "optim_connect_bench: {}/odata or finish not found (--examples)\n",
               ref.string());
    return 2;
  }
  const std::string odata = read_all(ref / "odata"), finish = read_all(ref / "finish");
  const auto root =
      std::filesystem::temp_directory_path() / fmt::format("optim_connect_bench-{}", ::getpid());
  std::filesystem::remove_all(root);

  fmt::print(
      "LJ38 tutorial connection (03_optim/odata and finish): NEWCONNECT 100 1 20.0 20.0 30 0.0 "
      "0.025, NEWNEB 50 500 0.025, DIJKSTRA 1, PERMDIST, RANROT 5, BFGSTS 50 3 25 0.0001, "
      "NOHESS\n");
  fmt::print("  {:<22} {:>3} {:>7} {:>6} {:>5} {:>7} {:>9} {:>8} {:>8} {:>8} {:>7}\n", "run", "ok",
             "cycles", "bands", "minima", "TS path/all", "gradients", "bands", "TS", "paths",
             "seconds");
  std::vector<Run> unchanged;
  for (int k = 0; k < s.repeat; ++k) {
    unchanged.push_back(run_in(root / fmt::format("tutorial-{}", k), odata, finish));
    print_run(fmt::format("tutorial, run {}", k + 1).c_str(), unchanged.back());
  }
  landscape::Rng rng(s.seed);
  std::vector<Run> variants;
  for (int k = 0; k < s.variants; ++k) {
    const auto [o, f] = displaced(odata, finish, s.amplitude, rng);
    variants.push_back(run_in(root / fmt::format("variant-{}", k + 1), o, f));
    print_run(fmt::format("displaced {}", k + 1).c_str(), variants.back());
  }
  fmt::print("  {:<22} {:>3} {:>7} {:>6} {:>5} {:>3}/{:<3} {:>9} {:>8} {:>8} {:>8} {:>7.2f}\n",
             "real OPTIM (tutorial)", "yes", kOptimCycles, 7, 12, 8, kOptimTransitionStates,
             static_cast<long>(kOptimGradientCalls), 64107, "", "", kOptimSeconds);

  std::vector<double> times;
  for (const Run& r : unchanged) times.push_back(r.seconds);
  std::sort(times.begin(), times.end());
  const Run& t = unchanged.front();
  const double median = times[times.size() / 2];
  fmt::print(
      "\ntutorial, unchanged: {} gradient evaluations ({} Hessians), median {:.3f} s of {} runs\n",
      t.gradients, t.hessians, median, s.repeat);
  fmt::print("  gradient evaluations: ours / OPTIM = {:.3f} (target < 1)\n",
             t.gradients / kOptimGradientCalls);
  fmt::print("  seconds:              ours / OPTIM = {:.3f} (OPTIM's 2.91 s on its own machine)\n",
             median / kOptimSeconds);
  if (!variants.empty()) {
    long lo = variants.front().gradients, hi = lo;
    double sum = 0.0;
    int ok = 0;
    for (const Run& r : variants) {
      lo = std::min(lo, r.gradients);
      hi = std::max(hi, r.gradients);
      sum += static_cast<double>(r.gradients);
      ok += r.status == 0 && r.connected;
    }
    fmt::print(
        "displaced starts: {}/{} connected; gradient evaluations mean {:.0f} (min {}, max {}), "
        "mean / OPTIM = {:.3f}\n",
        ok, variants.size(), sum / static_cast<double>(variants.size()), lo, hi,
        sum / static_cast<double>(variants.size()) / kOptimGradientCalls);
  }
  if (s.keep)
    fmt::print("run directories kept in {}\n", root.string());
  else
    std::filesystem::remove_all(root);
  bool all_ok = t.status == 0 && t.connected;
  return all_ok ? 0 : 2;
}

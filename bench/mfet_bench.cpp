// Mean first-encounter time of the LJ38 global minimum: the tutorial's MFET experiment
// (02_gmin_mfet/data) run with the gmin library from N random starts, beside GMIN's figures.
//
// Run i (1-based): 38 atoms uniform in a ball of radius 3 (seed 1000 + i), RANSEED i, GMIN's
// default container, the data file's keywords otherwise, until the quench energy is within EDIFF of
// TARGET (-173.9284264418). STEPS is capped (default 100000) so that a stuck run cannot hang.

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <sstream>
#include <string>
#include <vector>

#include "bench/bench_support.hpp"
#include "common/geometry/cluster_geometry.hpp"
#include "common/io/logger.hpp"
#include "common/io/progress_display.hpp"
#include "common/keywords/diagnostic.hpp"
#include "common/potentials/lennard_jones.hpp"
#include "common/random/rng.hpp"
#include "gmin/basin_hopping.hpp"
#include "gmin/gmin_keywords.hpp"

namespace {

namespace bench = landscape::bench;

// GMIN's published tutorial figures for this experiment (100 runs) and the rate of the real GMIN
// measured on these machines (one core).
constexpr double kGminMeanQuenches = 2825.0;
constexpr double kGminMeanCalls = 387785.0;
constexpr double kGminMeanSeconds = 6.6;
constexpr double kGminQuenchesPerSecond = 1090.0;

constexpr int kAtoms = 38;
constexpr double kStartRadius = 3.0;

/// The first lines of --help.
constexpr const char* kAbout =
    "First encounter of the LJ38 global minimum from --runs random starts with the "
    "tutorial's\nMFET data.";

struct Args {
  int runs = 100;
  std::filesystem::path data = LANDSCAPE_LJ38_EXAMPLES "/02_gmin_mfet/data";
  long long max_steps = 100000;
  bool verbose = false;
};

Args parse_args(int argc, char** argv) {
  Args a;
  bench::CommandLine app("mfet_bench", kAbout);
  app.add_option("--runs", a.runs, "independent runs; run i uses RANSEED i + 1")
      ->check(bench::at_least(1));
  app.add_option("--data", a.data, "the MFET keyword file")->check(CLI::ExistingFile);
  app.add_option("--max-steps", a.max_steps, "cap on basin-hopping steps per run")
      ->check(bench::at_least(1));
  app.add_flag("-v,--verbose", a.verbose, "one line per run");
  app.parse_or_exit(argc, argv);
  return a;
}

/// n atoms uniform in a ball of radius r (rejection from the enclosing cube).
std::vector<double> random_ball(int n, double r, landscape::Rng& rng) {
  std::vector<double> x;
  x.reserve(3 * static_cast<std::size_t>(n));
  while (x.size() < 3 * static_cast<std::size_t>(n)) {
    const double a = rng.symmetric(), b = rng.symmetric(), c = rng.symmetric();
    if (a * a + b * b + c * c > 1.0) continue;
    x.insert(x.end(), {r * a, r * b, r * c});
  }
  return x;
}

struct RunResult {
  long long quenches = 0, calls = 0, steps = 0;
  double seconds = 0.0;
  bool capped = false;
};

double mean(const std::vector<double>& v) {
  double s = 0.0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t k = v.size() / 2;
  return v.size() % 2 ? v[k] : 0.5 * (v[k - 1] + v[k]);
}

}  // namespace

int main(int argc, char** argv) {
  const Args args = parse_args(argc, argv);
  std::string text;
  {
    std::ifstream in(args.data, std::ios::binary);
    if (!in) {
      fmt::print(stderr, "mfet_bench: cannot open {} (give the MFET keyword file with --data)\n",
                 args.data.string());
      return 1;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  landscape::gmin::GminOptions base;
  const auto parsed =
      landscape::gmin::gmin_keyword_table().parse(args.data.filename().string(), text, base);
  if (!parsed.ok()) {
    fmt::print(stderr, "{}", landscape::keywords::format_all(parsed.diagnostics));
    return 1;
  }
  if (base.targets.empty()) {
    fmt::print(stderr, "mfet_bench: {} has no TARGET\n", args.data.string());
    return 1;
  }
  base.steps = std::min(base.steps, args.max_steps);

  const landscape::LennardJones lj(kAtoms);
  const double radius = base.radius.value_or(
      landscape::default_container_radius(kAtoms, landscape::kLennardJonesPairDistance));
  landscape::Logger quiet(nullptr);
  fmt::print("MFET benchmark: LJ{} from {} random starts (ball of radius {:g}), keywords from {}\n",
             kAtoms, args.runs, kStartRadius, args.data.lexically_normal().string());
  fmt::print("TARGET {:.10f}, EDIFF {:g}, container radius {:.6f}, at most {} steps a run\n\n",
             base.targets.front(), base.ediff, radius, base.steps);
  std::fflush(stdout);

  std::vector<RunResult> results;
  const auto t_all = std::chrono::steady_clock::now();
  landscape::ProgressDisplay progress(stderr);
  for (int run = 0; run < args.runs; ++run) {
    landscape::gmin::GminOptions opt = base;
    opt.ranseed = static_cast<std::uint64_t>(run) + 1;
    landscape::Rng start_rng(1000 + opt.ranseed);
    std::vector<double> start = random_ball(kAtoms, kStartRadius, start_rng);

    const auto t0 = std::chrono::steady_clock::now();
    landscape::gmin::BasinHopping bh(landscape::gmin::basin_hopping_options(opt), lj,
                                     {landscape::StepKind::kCluster, &lj}, radius, quiet);
    bh.start(std::move(start));
    const landscape::gmin::StopReason reason = bh.run({});
    RunResult r;
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const landscape::gmin::BasinHoppingState st = bh.state();
    r.quenches = st.quenches;
    r.calls = st.function_calls;
    r.steps = st.step;
    r.capped = reason != landscape::gmin::StopReason::kTarget;
    results.push_back(r);
    if (args.verbose)
      fmt::print(
          "run {:4d}  RANSEED {:4d}  {:>6}  steps {:7d}  quenches {:7d}  calls {:10d}  {:8.3f} s\n",
          run + 1, opt.ranseed, r.capped ? "CAPPED" : "target", r.steps, r.quenches, r.calls,
          r.seconds);
    else
      progress.update(fmt::format("run {}/{}", run + 1, args.runs), true);
    std::fflush(stdout);
  }
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t_all).count();
  progress.finish();

  std::vector<double> quenches, calls, seconds;
  long long total_quenches = 0;
  double total_seconds = 0.0;
  std::vector<int> capped;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const RunResult& r = results[i];
    quenches.push_back(static_cast<double>(r.quenches));
    calls.push_back(static_cast<double>(r.calls));
    seconds.push_back(r.seconds);
    total_quenches += r.quenches;
    total_seconds += r.seconds;
    if (r.capped) capped.push_back(static_cast<int>(i) + 1);
  }
  const double rate = static_cast<double>(total_quenches) / total_seconds;

  fmt::print("\n{:<22}{:>14}{:>14}{:>16}{:>12}\n", "", "mean", "median", "GMIN tutorial",
             "ours/GMIN");
  fmt::print("{:<22}{:>14.1f}{:>14.1f}{:>16.0f}{:>12.3f}\n", "quenches", mean(quenches),
             median(quenches), kGminMeanQuenches, mean(quenches) / kGminMeanQuenches);
  fmt::print("{:<22}{:>14.0f}{:>14.0f}{:>16.0f}{:>12.3f}\n", "potential calls", mean(calls),
             median(calls), kGminMeanCalls, mean(calls) / kGminMeanCalls);
  fmt::print("{:<22}{:>14.3f}{:>14.3f}{:>16.1f}{:>12.3f}\n", "seconds", mean(seconds),
             median(seconds), kGminMeanSeconds, mean(seconds) / kGminMeanSeconds);
  fmt::print(
      "{:<22}{:>14.1f}{:>14}{:>16.0f}{:>12.3f}   (GMIN: measured on these machines, one core)\n",
      "quenches/s overall", rate, "", kGminQuenchesPerSecond, rate / kGminQuenchesPerSecond);
  fmt::print("potential calls per quench: ours {:.1f}, GMIN tutorial {:.1f}\n",
             mean(calls) / mean(quenches), kGminMeanCalls / kGminMeanQuenches);
  fmt::print("{} runs in {:.1f} s wall; runs that hit the {}-step cap (counted at the cap): {}\n",
             results.size(), wall, base.steps, capped.size());
  if (!capped.empty()) {
    std::string list;
    for (int c : capped) list += fmt::format(" {}", c);
    fmt::print("  capped runs:{}\n", list);
  }
  return 0;
}

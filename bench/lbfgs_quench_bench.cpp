// L-BFGS quenches per second on LJ38, ours against scipy's L-BFGS-B, measured in the same run.
//
// Starting points are what basin-hopping hands to the quench: from the LJ38 tutorial coords,
// quenched, a seeded chain of steps perturbs the current minimum by U(-0.4, 0.4) in every
// coordinate (STEP 0.4), keeps the perturbed point, quenches it and accepts the minimum by the
// Metropolis rule at T = 1 (rejecting unconverged quenches and evaporated atoms). Both minimisers
// then quench every kept point to GMIN's SLOPPYCONV (RMS gradient 5e-3) within MAXIT 600.

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <numbers>
#include <sstream>
#include <string>
#include <vector>

#include "bench/bench_support.hpp"
#include "common/geometry/cluster_geometry.hpp"
#include "common/io/coords_file.hpp"
#include "common/optimize/lbfgs.hpp"
#include "common/potentials/lennard_jones.hpp"
#include "common/random/rng.hpp"

using landscape::bench::shell_quote;

namespace {

namespace bench = landscape::bench;

/// The first lines of --help.
constexpr const char* kAbout =
    "Quenches --points basin-hopping-perturbed LJ38 structures with our L-BFGS and with "
    "scipy's\nL-BFGS-B (the peer script under Debian's python3) and prints quenches/s and the "
    "ratio.";

struct Args {
  std::filesystem::path coords = LANDSCAPE_LJ38_EXAMPLES "/01_gmin/coords";
  int points = 500;
  std::uint64_t seed = 1;
  double min_seconds = 2.0;
  std::string python = "/usr/bin/python3";
  std::filesystem::path peer = LANDSCAPE_BENCH_SOURCE_DIR "/lbfgs_scipy_peer.py";
  int maxcor = 10;
  bool run_peer = true;
  bool keep_points = false;
};

Args parse_args(int argc, char** argv) {
  Args a;
  bench::CommandLine app("lbfgs_quench_bench", kAbout);
  app.add_option("--coords", a.coords, "LJ38 start structure")->check(CLI::ExistingFile);
  app.add_option("--points", a.points, "starting points to generate")->check(bench::at_least(1));
  app.add_option("--seed", a.seed, "seed of the step chain");
  app.add_option("--min-seconds", a.min_seconds,
                 "repeat our pass over the points until it has run this long (s)")
      ->check(bench::at_least(0));
  app.add_option("--maxcor", a.maxcor, "L-BFGS-B memory (maxcor) of the peer")
      ->check(bench::at_least(1));
  bench::add_peer_options(app, a.python, a.peer, a.run_peer);
  app.add_flag("--keep-points", a.keep_points, "keep the file of starting points");
  app.parse_or_exit(argc, argv);
  return a;
}

/// GMIN's SLOPPYCONV quench settings (UPDATES 4, DGUESS 0.1, MAXBFGS 0.4, MAXERISE 1e-10,
/// SLOPPYCONV 5e-3 and MAXIT 600 from the tutorial's MFET data).
landscape::LbfgsOptions quench_options() {
  landscape::LbfgsOptions o;
  o.memory = 4;
  o.dguess = 0.1;
  o.max_step = 0.4;
  o.max_rise = 1e-10;
  o.rms_tolerance = 5e-3;
  o.max_iterations = 600;
  return o;
}

std::vector<std::vector<double>> make_points(std::vector<double> x, const Args& args) {
  const landscape::LennardJones lj(x.size() / 3);
  landscape::Lbfgs lbfgs(quench_options());
  landscape::Rng rng(args.seed);
  const double radius =
      landscape::default_container_radius(lj.n_atoms(), landscape::kLennardJonesPairDistance);
  double energy = lbfgs.minimize(lj, x).energy;
  landscape::move_to_centre(x);
  std::vector<std::vector<double>> points;
  std::vector<double> trial;
  while (static_cast<int>(points.size()) < args.points) {
    trial = x;
    for (double& c : trial) c += rng.uniform(-0.4, 0.4);
    points.push_back(trial);
    const landscape::MinimizeResult r = lbfgs.minimize(lj, trial);
    if (!r.converged() || landscape::max_radius(trial) > radius) continue;
    if (r.energy <= energy || std::exp(energy - r.energy) > rng.uniform()) {
      landscape::move_to_centre(trial);
      x = trial;
      energy = r.energy;
    }
  }
  return points;
}

struct Tally {
  long long quenches = 0, calls = 0, converged = 0;
  double seconds = 0.0, cpu_seconds = 0.0, energy_sum = 0.0;
};

Tally time_ours(const std::vector<std::vector<double>>& points, double min_seconds, int& passes) {
  const landscape::LennardJones lj(points.front().size() / 3);
  landscape::Lbfgs lbfgs(quench_options());
  std::vector<double> x(points.front().size());
  Tally t;
  passes = 0;
  const auto t0 = std::chrono::steady_clock::now();
  const std::clock_t c0 = std::clock();
  do {
    for (const auto& p : points) {
      std::copy(p.begin(), p.end(), x.begin());
      const landscape::MinimizeResult r = lbfgs.minimize(lj, x);
      if (passes == 0) {  // every pass does the same work; the first gives the statistics
        t.calls += r.evaluations;
        t.converged += r.converged();
        t.energy_sum += r.energy;
      }
    }
    ++passes;
    t.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  } while (t.seconds < min_seconds);
  t.cpu_seconds = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
  t.quenches = static_cast<long long>(points.size());
  return t;
}

/// Runs the peer and returns its key=value results; empty on failure.
std::map<std::string, std::string> run_peer(const Args& args,
                                            const std::filesystem::path& points_file) {
  // Debian's numpy links Debian's OpenBLAS: tuning variables meant for another build are dropped
  // for the peer only (env -u is harmless when they are not set).
  const std::string cmd =
      fmt::format("{} {} {} --maxcor {}", shell_quote(args.python), shell_quote(args.peer.string()),
                  shell_quote(points_file.string()), args.maxcor);
  return landscape::bench::run_python_peer(cmd, false);
}

}  // namespace

int main(int argc, char** argv) {
  const Args args = parse_args(argc, argv);
  std::vector<double> x;
  try {
    x = landscape::read_coords_file(args.coords, 3);
  } catch (const std::exception& e) {
    fmt::print(stderr, "lbfgs_quench_bench: {}: {} (give the LJ38 coords with --coords)\n",
               args.coords.string(), e.what());
    return 1;
  }
  const std::size_t n_atoms = x.size() / 3;
  const auto points = make_points(std::move(x), args);

  const auto points_file = std::filesystem::temp_directory_path() /
                           fmt::format("lbfgs_quench_points_{}.txt", static_cast<long>(getpid()));
  {
    std::ofstream f(points_file);
    for (const auto& p : points) {
      std::string line;
      for (std::size_t i = 0; i < p.size(); ++i)
        line += fmt::format("{}{:.17g}", i ? " " : "", p[i]);
      f << line << '\n';
    }
    if (!f) {
      fmt::print(stderr, "lbfgs_quench_bench: cannot write {}\n", points_file.string());
      return 2;
    }
  }

  const landscape::LbfgsOptions o = quench_options();
  fmt::print(
      "L-BFGS quench benchmark: LJ{} ({} dof), {} starting points (seed {}, steps U(-0.4,0.4) from "
      "{})\n",
      n_atoms, 3 * n_atoms, points.size(), args.seed, args.coords.lexically_normal().string());
  fmt::print("convergence: RMS gradient <= {:g}, at most {} iterations\n\n", o.rms_tolerance,
             o.max_iterations);

  int passes = 0;
  const Tally ours = time_ours(points, args.min_seconds, passes);
  const double n = static_cast<double>(ours.quenches);
  const double done = n * passes;  // quenches timed
  const double ours_rate = done / ours.seconds;
  const double ours_cpu_rate = done / ours.cpu_seconds;
  fmt::print("ours   Lbfgs (memory {}, dguess {:g}, max_step {:g}, no line search)\n", o.memory,
             o.dguess, o.max_step);
  fmt::print(
      "       {:10.1f} quenches/s wall ({:.1f}/s CPU; {} passes, {:.3f} s)  {:.1f} gradient "
      "calls/quench  {:.1f}% converged  mean E {:.6f}\n",
      ours_rate, ours_cpu_rate, passes, ours.seconds, static_cast<double>(ours.calls) / n,
      100.0 * static_cast<double>(ours.converged) / n, ours.energy_sum / n);
  std::fflush(stdout);

  int status = 0;
  if (args.run_peer) {
    const auto peer = run_peer(args, points_file);
    if (peer.count("seconds") == 0 || peer.count("cpu_seconds") == 0) {
      fmt::print(stderr, "lbfgs_quench_bench: no result from the peer {}\n", args.peer.string());
      status = 2;
    } else {
      const double pn = std::stod(peer.at("quenches"));
      const double p_seconds = std::stod(peer.at("seconds"));
      const double p_calls = std::stod(peer.at("calls"));
      const double rate = pn / p_seconds;
      const double cpu_rate = pn / std::stod(peer.at("cpu_seconds"));
      fmt::print(
          "scipy  L-BFGS-B (maxcor {}, RMS test in the callback; numpy {}, scipy {}, python {})\n",
          peer.at("maxcor"), peer.at("numpy"), peer.at("scipy"), peer.at("python"));
      fmt::print(
          "       {:10.1f} quenches/s wall ({:.1f}/s CPU; {:.3f} s)  {:.1f} gradient calls/quench  "
          "{:.1f}% converged  mean E {}\n",
          rate, cpu_rate, p_seconds, p_calls / pn, 100.0 * std::stod(peer.at("converged")) / pn,
          peer.at("mean_energy"));
      fmt::print("\ntime per gradient call (wall): ours {:.2f} us, scipy {:.2f} us\n",
                 1e6 * ours.seconds / (static_cast<double>(ours.calls) * passes),
                 1e6 * p_seconds / p_calls);
      fmt::print(
          "ours / scipy = {:.1f}   (quenches per second, wall clock; CPU time: {:.1f}; target >= "
          "20)\n",
          ours_rate / rate, ours_cpu_rate / cpu_rate);
    }
  }
  if (args.keep_points)
    fmt::print("starting points kept in {}\n", points_file.string());
  else
    std::filesystem::remove(points_file);
  return status;
}

// The heat capacity of a large database in the harmonic superposition approximation: ours
// (HarmonicSuperposition, binned Taylor sums on all cores) against a vectorised numpy evaluation
// of the same formula, measured in the same run on the same synthetic minima, with the results
// compared; then, optionally, a whole pathsample CV job on the same minima written as min.data.

#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_support.hpp"
#include "common/io/min_database.hpp"
#include "common/random/rng.hpp"
#include "pathsample/heat_capacity.hpp"

using landscape::bench::shell_quote;

namespace {

namespace bench = landscape::bench;
namespace fs = std::filesystem;
using landscape::pathsample::HarmonicSuperposition;

/// The first lines of --help.
constexpr const char* kAbout =
    "Times C_V(T) by the harmonic superposition approximation over --minima synthetic "
    "LJ38-like\nminima at --temperatures temperatures, ours and a numpy peer (under Debian's "
    "python3), and\nprints both times, their ratio and the largest relative difference between the "
    "C_V curves.";

struct Args {
  std::size_t minima = 1'000'000;
  std::size_t temperatures = 1000;
  double t_min = 0.01, t_inc = 0.001;
  std::uint64_t seed = 1;
  unsigned threads = 0;
  std::string python = "/usr/bin/python3";
  fs::path peer = LANDSCAPE_BENCH_SOURCE_DIR "/cv_numpy_peer.py";
  bool run_peer = true, end_to_end = false, keep_files = false;
};

Args parse_args(int argc, char** argv) {
  Args a;
  bench::CommandLine app("cv_bench", kAbout);
  app.add_option("--minima", a.minima, "minima")->check(bench::at_least(1));
  app.add_option("--temperatures", a.temperatures, "temperatures Tmin, Tmin + DT, ...")
      ->check(bench::at_least(1));
  app.add_option("--tmin", a.t_min, "lowest temperature")->check(bench::positive());
  app.add_option("--tinc", a.t_inc, "temperature step")->check(bench::positive());
  app.add_option("--seed", a.seed, "seed of the synthetic minima");
  app.add_option("--threads", a.threads, "threads of ours; 0: all cores");
  bench::add_peer_options(app, a.python, a.peer, a.run_peer);
  app.add_flag("--end-to-end", a.end_to_end,
               "also run `pathsample` on the minima written as min.data (CV job, NOPOINTS)");
  app.add_flag("--keep-files", a.keep_files, "keep the temporary directory");
  app.parse_or_exit(argc, argv);
  return a;
}

/// LJ38-like minima: energies from the global minimum (-173.93) up 15 units with the number of
/// minima growing with energy, lnprodfreq about 530 falling with energy, a few symmetric ones.
struct Minima {
  std::vector<double> energy, lnprodfreq;
  std::vector<int> pgorder;
};

Minima synthetic_minima(std::size_t n, std::uint64_t seed) {
  landscape::Rng rng(seed);
  Minima m;
  m.energy.reserve(n);
  m.lnprodfreq.reserve(n);
  m.pgorder.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double e =
        i == 0 ? -173.928426590628 : -173.928426590628 + 15.0 * std::pow(rng.uniform(), 0.35);
    m.energy.push_back(e);
    m.lnprodfreq.push_back(538.67 - 0.8 * (e + 173.93) + 6.0 * rng.symmetric());
    const double u = rng.uniform();
    m.pgorder.push_back(i == 0 ? 48 : u < 0.9 ? 1 : u < 0.98 ? 2 : 4);
  }
  return m;
}

std::map<std::string, std::string> run_peer(const Args& args, const fs::path& data,
                                            const fs::path& out, double kappa) {
  // numpy's exp and reductions run on one core; BLAS (the dot products) is held to one thread too.
  const std::string cmd = fmt::format(
      "{} {} {} --tmin {:.17g} --tinc {:.17g} --count {} --kappa {:.17g} --out {}",
      shell_quote(args.python), shell_quote(args.peer.string()), shell_quote(data.string()),
      args.t_min, args.t_inc, args.temperatures, kappa, shell_quote(out.string()));
  return landscape::bench::run_python_peer(cmd);
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  const Args args = parse_args(argc, argv);
  const unsigned threads =
      args.threads ? args.threads : std::max(1u, std::thread::hardware_concurrency());
  const double kappa = 3 * 38 - 6;
  fmt::print(
      "cv_bench: {} synthetic LJ38-like minima (seed {}), {} temperatures from {:g} step {:g}, "
      "kappa {:g}\n",
      args.minima, args.seed, args.temperatures, args.t_min, args.t_inc, kappa);
  const Minima m = synthetic_minima(args.minima, args.seed);
  std::vector<double> lnw(args.minima);
  for (std::size_t a = 0; a < args.minima; ++a)
    lnw[a] = HarmonicSuperposition::ln_weight(m.lnprodfreq[a], m.pgorder[a]);
  std::vector<double> temps(args.temperatures);
  for (std::size_t k = 0; k < temps.size(); ++k)
    temps[k] = args.t_min + args.t_inc * static_cast<double>(k);

  // Ours: construction (sorting by energy) and the C_V sums, best of three.
  double best_total = 1e300, best_setup = 0, best_sums = 0;
  std::vector<landscape::pathsample::HeatCapacityPoint> cv;
  for (int rep = 0; rep < 3; ++rep) {
    const auto t0 = std::chrono::steady_clock::now();
    const HarmonicSuperposition hsa(m.energy, lnw, kappa);
    const double setup = seconds_since(t0);
    const auto t1 = std::chrono::steady_clock::now();
    cv = hsa.heat_capacity(temps, threads);
    const double sums = seconds_since(t1);
    if (setup + sums < best_total) {
      best_total = setup + sums;
      best_setup = setup;
      best_sums = sums;
    }
  }
  {
    const HarmonicSuperposition hsa(m.energy, lnw, kappa);
    const auto t0 = std::chrono::steady_clock::now();
    hsa.heat_capacity(temps, 1);
    fmt::print("ours, 1 thread:    {:.3f} s for the sums\n", seconds_since(t0));
  }
  fmt::print(
      "ours, {} thread{}:   {:.3f} s ({:.3f} s sorting and copying the minima, {:.3f} s binning "
      "and sums); target < 1 s\n",
      threads, threads == 1 ? "" : "s", best_total, best_setup, best_sums);
  const auto peak =
      std::max_element(cv.begin(), cv.end(), [](auto& a, auto& b) { return a.cv < b.cv; });
  fmt::print("C_V: {:.6f} at T = {:g} (kappa {:g} at T = {:g})\n", peak->cv, peak->temperature,
             kappa, args.t_min);

  const fs::path dir = fs::temp_directory_path() / fmt::format("cv_bench-{}", ::getpid());
  fs::create_directories(dir);
  if (args.run_peer) {
    {
      std::ofstream f(dir / "minima.f64", std::ios::binary);
      f.write(reinterpret_cast<const char*>(m.energy.data()),
              static_cast<std::streamsize>(m.energy.size() * sizeof(double)));
      f.write(reinterpret_cast<const char*>(lnw.data()),
              static_cast<std::streamsize>(lnw.size() * sizeof(double)));
    }
    const auto peer = run_peer(args, dir / "minima.f64", dir / "cv.f64", kappa);
    if (peer.count("seconds")) {
      const double peer_seconds = std::stod(peer.at("seconds"));
      std::vector<double> theirs(args.temperatures);
      std::ifstream f(dir / "cv.f64", std::ios::binary);
      f.read(reinterpret_cast<char*>(theirs.data()),
             static_cast<std::streamsize>(theirs.size() * sizeof(double)));
      double worst = 0;
      for (std::size_t k = 0; k < theirs.size(); ++k)
        worst = std::max(worst, std::fabs(cv[k].cv - theirs[k]) / theirs[k]);
      fmt::print("numpy {} (one core): {:.3f} s\n", peer.count("numpy") ? peer.at("numpy") : "?",
                 peer_seconds);
      fmt::print("largest relative difference of C_V, ours vs numpy: {:.2e}\n", worst);
      fmt::print("numpy / ours = {:.1f}\n", peer_seconds / best_total);
    }
  }

  if (args.end_to_end) {
    {
      std::string text;
      text.reserve(args.minima * 100);
      for (std::size_t a = 0; a < args.minima; ++a) {
        landscape::MinimumRecord r;
        r.energy = m.energy[a];
        r.lnprodfreq = m.lnprodfreq[a];
        r.pgorder = m.pgorder[a];
        r.inertia = {60, 61, 62};
        text += landscape::format_min_data_line(r);
      }
      std::ofstream(dir / "min.data", std::ios::binary) << text;
      std::ofstream(dir / "ts.data");
      std::ofstream(dir / "pathdata") << fmt::format(
          "NATOMS 38\nNOPOINTS\nCV {:.17g} {:.17g} {:.17g}\n", args.t_min,
          args.t_min + args.t_inc * static_cast<double>(args.temperatures - 1), args.t_inc);
    }
    const landscape::bench::ProgramRun run =
        landscape::bench::run_program_in(dir, LANDSCAPE_BIN_DIR "/pathsample", "pathsample.log");
    fmt::print(
        "pathsample CV job end to end (read {} MB of min.data, C_V, Cv.out, Cv.svg, Cv.png): "
        "{:.2f} s, peak memory {:.0f} MB, status {}\n",
        fs::file_size(dir / "min.data") / 1000000, run.seconds, run.peak_megabytes, run.status);
  }
  if (args.keep_files)
    fmt::print("files kept in {}\n", dir.string());
  else
    fs::remove_all(dir);
  return 0;
}

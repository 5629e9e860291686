// The misclassification distance matrix between network minima (Niroomand et al., Mach. Learn.:
// Sci. Technol. 3, 025004 (2022)): ours (packed bit planes, popcount, std::thread) on 1 thread
// and on all cores, against a numpy peer (packbits, XOR, a byte lookup table) run in the same
// process tree on the first --peer-minima minima and extrapolated by the number of pairs; the
// peer's counts are compared with ours entry by entry, and a random sample of ours with a plain
// loop over the predicted classes.

#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_support.hpp"
#include "common/ml/misclassification.hpp"
#include "common/random/rng.hpp"

using landscape::bench::shell_quote;

namespace {

namespace bench = landscape::bench;
namespace fs = std::filesystem;

/// The first lines of --help.
constexpr const char* kAbout =
    "Times the matrix of misclassification counts between --minima synthetic network minima on\n"
    "--items data items (--classes classes), ours on 1 thread and on --threads, and a numpy peer\n"
    "(under Debian's python3) on the first --peer-minima minima, extrapolated by the number of\n"
    "pairs; prints the times, their ratio and whether the counts agree.";

struct Args {
  std::size_t minima = 10000;
  std::size_t items = 3200;
  std::size_t classes = 2;
  std::size_t peer_minima = 2000;
  std::size_t check_pairs = 2000;
  std::uint64_t seed = 1;
  unsigned threads = 0;
  std::string peer_popcount = "default";
  std::string python = "/usr/bin/python3";
  fs::path peer = LANDSCAPE_BENCH_SOURCE_DIR "/misclassification_numpy_peer.py";
  bool run_peer = true;
};

Args parse_args(int argc, char** argv) {
  Args a;
  bench::CommandLine app("misclassification_bench", kAbout);
  app.add_option("--minima", a.minima, "minima")->check(bench::at_least(1));
  app.add_option("--items", a.items, "data items")->check(bench::at_least(1));
  app.add_option("--classes", a.classes, "classes")->check(bench::at_least(2));
  app.add_option("--peer-minima", a.peer_minima, "minima given to the numpy peer (the first ones)")
      ->check(bench::at_least(2));
  app.add_option("--check-pairs", a.check_pairs,
                 "random pairs of the full matrix checked against a plain loop");
  app.add_option("--seed", a.seed, "seed of the synthetic predictions");
  app.add_option("--threads", a.threads, "threads of the second timing of ours; 0: all cores");
  app.add_option("--peer-popcount", a.peer_popcount,
                 "the peer's popcount: swar (uint64 bit count), table (byte lookup table), "
                 "bitwise_count (numpy >= 2.0), or default (bitwise_count if present, else swar)")
      ->check(CLI::IsMember({"default", "swar", "table", "bitwise_count"}));
  bench::add_peer_options(app, a.python, a.peer, a.run_peer);
  app.parse_or_exit(argc, argv);
  return a;
}

/// Predicted classes like those of network minima on one data set: a random reference
/// classification, and each minimum reassigning each item with its own probability in [0, 0.4)
/// (a reassigned item may land on its old class). Row-major minima x items.
std::vector<int> synthetic_predictions(const Args& a) {
  landscape::Rng rng(a.seed);
  std::vector<int> reference(a.items);
  for (int& c : reference) c = static_cast<int>(rng.below(a.classes));
  std::vector<int> predicted(a.minima * a.items);
  for (std::size_t m = 0; m < a.minima; ++m) {
    const double change = 0.4 * rng.uniform();
    for (std::size_t d = 0; d < a.items; ++d)
      predicted[m * a.items + d] =
          rng.uniform() < change ? static_cast<int>(rng.below(a.classes)) : reference[d];
  }
  return predicted;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/// User + system time of this process so far.
double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

double pairs(std::size_t n) { return 0.5 * static_cast<double>(n) * static_cast<double>(n - 1); }

}  // namespace

int main(int argc, char** argv) {
  const Args args = parse_args(argc, argv);
  const unsigned threads =
      args.threads ? args.threads : std::max(1u, std::thread::hardware_concurrency());
  const std::size_t planes = args.classes <= 2 ? 1 : std::bit_width(args.classes - 1);
  fmt::print(
      "misclassification_bench: {} minima x {} items, {} classes ({} bit plane{}), seed {}; "
      "{:.4g} pairs\n",
      args.minima, args.items, args.classes, planes, planes == 1 ? "" : "s", args.seed,
      pairs(args.minima));
  const std::vector<int> predicted = synthetic_predictions(args);

  auto t0 = std::chrono::steady_clock::now();
  landscape::PackedPredictions packed(args.items, args.classes);
  for (std::size_t m = 0; m < args.minima; ++m)
    packed.add(std::span<const int>(predicted).subspan(m * args.items, args.items));
  fmt::print("packing the predictions: {:.3f} s\n", seconds_since(t0));

  t0 = std::chrono::steady_clock::now();
  double cpu0 = cpu_seconds();
  const landscape::MisclassificationMatrix one = landscape::misclassification_matrix(packed, 1);
  const double one_seconds = seconds_since(t0), one_cpu = cpu_seconds() - cpu0;
  fmt::print(
      "ours, 1 thread:    {:.3f} s ({:.2f} ns a pair; {:.2f} CPU s); target < 30 s on 2 cores\n",
      one_seconds, 1e9 * one_seconds / pairs(args.minima), one_cpu);
  t0 = std::chrono::steady_clock::now();
  cpu0 = cpu_seconds();
  const landscape::MisclassificationMatrix many =
      landscape::misclassification_matrix(packed, threads);
  const double many_seconds = seconds_since(t0), many_cpu = cpu_seconds() - cpu0;
  // The cores are shared: the CPU time shows how much of them the threads got.
  double load[1] = {0.0};
  getloadavg(load, 1);
  fmt::print(
      "ours, {} thread{}:   {:.3f} s ({:.2f} ns a pair, speed-up {:.2f}; {:.2f} CPU s, "
      "{:.2f} cores busy; load average {:.2f})\n",
      threads, threads == 1 ? "" : "s", many_seconds, 1e9 * many_seconds / pairs(args.minima),
      one_seconds / many_seconds, many_cpu, many_cpu / many_seconds, load[0]);
  bool ok = one.upper() == many.upper();
  fmt::print("1 and {} threads give the same matrix: {}\n", threads, ok ? "yes" : "NO");

  // A random sample of the full matrix against the definition.
  landscape::Rng pick(args.seed + 1);
  std::size_t wrong = 0;
  const std::size_t checks = args.minima > 1 ? args.check_pairs : 0;
  for (std::size_t k = 0; k < checks; ++k) {
    const std::size_t i = pick.below(args.minima), j = pick.below(args.minima);
    std::uint32_t expected = 0;
    for (std::size_t d = 0; d < args.items; ++d)
      expected += predicted[i * args.items + d] != predicted[j * args.items + d];
    wrong += many.count(i, j) != expected;
  }
  fmt::print("{} random entries against a plain loop over the classes: {} wrong\n", checks, wrong);
  ok = ok && wrong == 0;

  if (args.run_peer && args.minima >= 2) {  // the peer needs a pair
    const std::size_t n_peer = std::min(args.peer_minima, args.minima);
    const fs::path dir =
        fs::temp_directory_path() / fmt::format("misclassification_bench-{}", ::getpid());
    fs::create_directories(dir);
    {
      std::ofstream f(dir / "predicted.i32", std::ios::binary);
      f.write(reinterpret_cast<const char*>(predicted.data()),
              static_cast<std::streamsize>(n_peer * args.items * sizeof(int)));
    }
    std::string cmd = fmt::format("{} {} {} --minima {} --items {} --classes {} --out {}",
                                  shell_quote(args.python), shell_quote(args.peer.string()),
                                  shell_quote((dir / "predicted.i32").string()), n_peer, args.items,
                                  args.classes, shell_quote((dir / "upper.u32").string()));
    if (args.peer_popcount != "default") cmd += " --popcount " + args.peer_popcount;
    const std::map<std::string, std::string> peer = bench::run_python_peer(cmd);
    if (peer.count("seconds")) {
      const double peer_seconds = std::stod(peer.at("seconds"));
      const double scale = pairs(args.minima) / pairs(n_peer);
      const double extrapolated = peer_seconds * scale;
      std::vector<std::uint32_t> theirs(static_cast<std::size_t>(pairs(n_peer)));
      std::ifstream f(dir / "upper.u32", std::ios::binary);
      f.read(reinterpret_cast<char*>(theirs.data()),
             static_cast<std::streamsize>(theirs.size() * sizeof(std::uint32_t)));
      std::size_t differ = 0, k = 0;
      for (std::size_t i = 0; i < n_peer; ++i)
        for (std::size_t j = i + 1; j < n_peer; ++j, ++k) differ += theirs[k] != many.count(i, j);
      fmt::print(
          "numpy {} (popcount {}; one core): {:.3f} s for the {} x {} triangle ({:.1f} ns a pair), "
          "plus "
          "{:.3f} s packing\n",
          peer.count("numpy") ? peer.at("numpy") : "?",
          peer.count("popcount") ? peer.at("popcount") : "?", peer_seconds, n_peer, n_peer,
          1e9 * peer_seconds / pairs(n_peer), std::stod(peer.at("pack_seconds")));
      fmt::print("numpy extrapolated to {} minima by the number of pairs (x{:.1f}): {:.1f} s\n",
                 args.minima, scale, extrapolated);
      fmt::print("entries of the {} x {} triangle that differ between numpy and ours: {}\n", n_peer,
                 n_peer, differ);
      fmt::print("numpy / ours, 1 thread = {:.0f}; numpy / ours, {} threads = {:.0f}\n",
                 extrapolated / one_seconds, threads, extrapolated / many_seconds);
      ok = ok && differ == 0;
    } else {
      ok = false;
    }
    fs::remove_all(dir);
  }
  return ok ? 0 : 1;
}

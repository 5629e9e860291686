// disconnect on a large synthetic database: 100,000 minima and 300,000 transition states drawn
// with 60 levels, the whole program timed (reading, basins, layout, tree.ps/.svg/.png), with its
// peak memory, beside the real disconnectionDPS's figures on such a database (52 s, 74 MB).

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
#include <string>
#include <vector>

#include "bench/bench_support.hpp"
#include "common/io/min_database.hpp"
#include "common/io/ts_database.hpp"
#include "common/random/rng.hpp"

using landscape::bench::shell_quote;

namespace {

namespace bench = landscape::bench;
namespace fs = std::filesystem;

// The real disconnectionDPS on this machine for a database of this size with 60 levels.
constexpr double kReferenceSeconds = 52.0;
constexpr double kReferenceMegabytes = 74.0;

/// The first lines of --help.
constexpr const char* kAbout =
    "Writes a connected synthetic database (LJ38-like energies, random barriers) of "
    "--minima\nminima and --ts transition states with a dinfo of --levels levels from the highest "
    "minimum\ndown to the global minimum, runs `disconnect` on it and prints its wall-clock time "
    "and\npeak memory beside disconnectionDPS's.";

struct Args {
  std::size_t minima = 100'000, ts = 300'000, levels = 60;
  std::uint64_t seed = 1;
  bool keep_files = false;
};

Args parse_args(int argc, char** argv) {
  Args a;
  bench::CommandLine app("disconnect_bench", kAbout);
  app.add_option("--minima", a.minima, "minima")->check(bench::at_least(2));
  app.add_option("--ts", a.ts, "transition states (at least --minima - 1, the spanning tree)")
      ->check(bench::at_least(1));
  app.add_option("--levels", a.levels, "levels")->check(bench::at_least(2));
  app.add_option("--seed", a.seed, "seed");
  app.add_flag("--keep-files", a.keep_files, "keep the database and the pictures");
  app.callback([&a] {
    if (a.ts + 1 < a.minima)
      throw CLI::ValidationError(
          "--ts", fmt::format("must be at least --minima - 1 = {}, got {}", a.minima - 1, a.ts));
  });
  app.parse_or_exit(argc, argv);
  return a;
}

}  // namespace

int main(int argc, char** argv) {
  const Args args = parse_args(argc, argv);
  landscape::Rng rng(args.seed);
  // Minima: the LJ38 global minimum and energies up to 15 above it, more of them higher up.
  std::vector<double> energy(args.minima);
  energy[0] = -173.928426590628;
  for (std::size_t i = 1; i < args.minima; ++i)
    energy[i] = energy[0] + 15.0 * std::pow(rng.uniform(), 0.35);
  // Transition states: a random spanning tree (each minimum joined to an earlier one), then random
  // pairs; a barrier of mean 0.6 above the higher minimum; one in 200 a degenerate rearrangement.
  std::vector<landscape::TransitionStateRecord> ts;
  ts.reserve(args.ts);
  auto add = [&](std::size_t a, std::size_t b) {
    landscape::TransitionStateRecord t;
    t.energy = std::max(energy[a], energy[b]) - 0.6 * std::log(1.0 - rng.uniform());
    t.lnprodfreq = 520.0 + rng.symmetric();
    t.min1 = a + 1;
    t.min2 = b + 1;
    t.inertia = {60, 61, 62};
    ts.push_back(t);
  };
  for (std::size_t i = 1; i < args.minima; ++i) add(i, rng.below(i));
  while (ts.size() < args.ts) {
    const std::size_t a = rng.below(args.minima);
    add(a, rng.uniform() < 0.005 ? a : rng.below(args.minima));
  }
  // Shuffle so that the spanning tree is not first in the file.
  for (std::size_t i = ts.size() - 1; i > 0; --i) std::swap(ts[i], ts[rng.below(i + 1)]);
  const double top = *std::max_element(energy.begin(), energy.end());
  const double delta = (top - energy[0]) / static_cast<double>(args.levels - 1);

  const fs::path dir = fs::temp_directory_path() / fmt::format("disconnect_bench-{}", ::getpid());
  fs::create_directories(dir);
  {
    std::string text;
    text.reserve(args.minima * 100);
    for (double e : energy) {
      landscape::MinimumRecord r;
      r.energy = e;
      r.lnprodfreq = 530.0;
      r.inertia = {60, 61, 62};
      text += landscape::format_min_data_line(r);
    }
    std::ofstream(dir / "min.data", std::ios::binary) << text;
    text.clear();
    for (const auto& t : ts) text += landscape::format_ts_data_line(t);
    std::ofstream(dir / "ts.data", std::ios::binary) << text;
    std::ofstream(dir / "dinfo") << fmt::format(
        "DELTA {:.17g}\nFIRST {:.17g}\nLEVELS {}\nMINIMA min.data\nTS ts.data\nCENTREGMIN\nIDMIN "
        "1\n",
        delta, top, args.levels);
  }
  fmt::print(
      "disconnect_bench: {} minima, {} transition states ({} MB of min.data and ts.data), {} "
      "levels of {:.4f} from {:.4f}\n",
      args.minima, ts.size(),
      (fs::file_size(dir / "min.data") + fs::file_size(dir / "ts.data")) / 1000000, args.levels,
      delta, top);

  const landscape::bench::ProgramRun run =
      landscape::bench::run_program_in(dir, LANDSCAPE_BIN_DIR "/disconnect", "disconnect.log");
  const int status = run.status;
  const double seconds = run.seconds;
  const double megabytes = run.peak_megabytes;
  std::ifstream log(dir / "disconnect.log");
  std::string line;
  while (std::getline(log, line))
    if (line.find("remaining minima") != std::string::npos ||
        line.find("branch ends") != std::string::npos ||
        line.find("wrote tree") != std::string::npos)
      fmt::print("  disconnect: {}\n", line);
  if (status != 0)
    fmt::print("disconnect failed with status {}; see {}\n", status,
               (dir / "disconnect.log").string());
  fmt::print("tree.ps {:.1f} MB, tree.svg {:.1f} MB, tree.png {:.1f} MB\n",
             fs::exists(dir / "tree.ps") ? fs::file_size(dir / "tree.ps") / 1e6 : 0.0,
             fs::exists(dir / "tree.svg") ? fs::file_size(dir / "tree.svg") / 1e6 : 0.0,
             fs::exists(dir / "tree.png") ? fs::file_size(dir / "tree.png") / 1e6 : 0.0);
  fmt::print("disconnect: {:.2f} s, peak memory {:.0f} MB (target < 10 s)\n", seconds, megabytes);
  fmt::print("disconnectionDPS: {:.0f} s, {:.0f} MB on this machine for such a database\n",
             kReferenceSeconds, kReferenceMegabytes);
  fmt::print("disconnectionDPS / ours = {:.1f}\n", kReferenceSeconds / seconds);
  if (args.keep_files)
    fmt::print("files kept in {}\n", dir.string());
  else
    fs::remove_all(dir);
  return status == 0 ? 0 : 1;
}

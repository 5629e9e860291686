// NEWCONNECT between LJ38 minima where a band candidate converges to a saddle of index two: the
// point is stepped off along its negative modes, the connection is made, and path.info holds
// transition states of index one only.
//
// The pairs (tests/regression/data/higher_index/<start energy>_<finish energy>: odata and finish)
// were found by running optim on pairs of the symmetric minima (point group order 2 or 3) of
// gmin DATABASE runs from the LJ38 tutorial's data and of the tutorial's own database: the two
// minima of each pair share a symmetry element once aligned, so the band keeps it, and
// eigenvector-following from a candidate image, whose Rayleigh-Ritz guess (the band tangent) is
// symmetric too, converges to a saddle that is of index one among the symmetric displacements
// only. With one attempt per pair and bands of at most 2, 3 or 4 images, the first three pairs
// are not connected when such a point ends the candidate. The assertions hold on any path: every
// transition state written is of index one, always; and at least three of the five pairs meet a
// higher-index point, step off it and connect (which ones depends on the rounding of the OpenBLAS
// kernel in use: under Haswell, 169.77_170.62 steps off but is not connected in its one attempt).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <numeric>
#include <regex>
#include <string>
#include <vector>

#include "common/geometry/permutational_alignment.hpp"
#include "common/landscape/path_info.hpp"
#include "common/potentials/lennard_jones.hpp"
#include "tests/support/optim_files.hpp"
#include "tests/support/stationary_points.hpp"
#include "tests/support/test_paths.hpp"

namespace landscape::testing {
namespace {

constexpr std::size_t kAtoms = 38;

/// One pair: its data directory and the energies of its two minima (start, finish).
struct HigherIndexPair {
  const char* name;  ///< for the test name
  const char* dir;   ///< under tests/regression/data/higher_index
  double start, finish;
};

const HigherIndexPair kPairs[] = {
    {"C3_16977_to_C2_17009_3_images", "169.77_170.09", -169.7709969, -170.0934260},
    {"C3_16977_to_C2_17062_3_images", "169.77_170.62", -169.7709969, -170.6153822},
    {"C2_16905_to_C2_17047_3_images", "169.05_170.47", -169.0475489, -170.4731955},
    {"C2_17224_to_C2_17062_2_images", "172.24_170.62", -172.2375655, -170.6153822},
    {"C2_17062_to_C3_17003_4_images", "170.62_170.03", -170.6153822, -170.0259989},
};

/// Minima of path.info told apart by energy (EDIFFTOL of the odata files) and permutational
/// distance (GEOMDIFFTOL), joined by a union-find over the triples.
struct Components {
  std::vector<PathInfoPoint> minima;
  std::vector<std::size_t> parent;

  std::size_t place(const PathInfoPoint& m) {
    for (std::size_t k = 0; k < minima.size(); ++k)
      if (std::abs(minima[k].energy - m.energy) < 1e-6 &&
          cluster_distance(minima[k].coords, m.coords) < 0.2)
        return k;
    minima.push_back(m);
    parent.push_back(parent.size());
    return minima.size() - 1;
  }
  std::size_t root(std::size_t k) {
    while (parent[k] != k) k = parent[k] = parent[parent[k]];
    return k;
  }
  void join(std::size_t a, std::size_t b) { parent[root(a)] = root(b); }
  std::size_t find(double energy) const {
    for (std::size_t k = 0; k < minima.size(); ++k)
      if (std::abs(minima[k].energy - energy) < 1e-5) return k;
    return SIZE_MAX;
  }
};

/// The first number captured by pattern in text, or -1.
long long captured_number(const std::string& text, const std::string& pattern) {
  std::smatch m;
  if (!std::regex_search(text, m, std::regex(pattern))) return -1;
  return std::stoll(m[1].str());
}

/// What one pair's run showed.
struct PairOutcome {
  bool stepped_off = false;  ///< a higher-index candidate was met and stepped off
  bool connected = false;    ///< and path.info joins the start to the finish
};

/// Runs optim on one pair and checks what must hold on any path: exit 0, every transition state
/// in path.info of index one, its minima below it.
PairOutcome run_pair(const HigherIndexPair& pair) {
  PairOutcome outcome;
  const auto data = source_dir() / "tests" / "regression" / "data" / "higher_index" / pair.dir;
  const auto dir = scratch_dir(std::string("optim-higher-index-") + pair.dir);
  std::filesystem::copy_file(data / "odata", dir / "odata");
  std::filesystem::copy_file(data / "finish", dir / "finish");
  const auto t0 = std::chrono::steady_clock::now();
  const RunResult r = run_program("optim", "", dir);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(r.status, 0) << r.err << r.out;
  if (r.status != 0) return outcome;

  outcome.stepped_off =
      std::regex_search(r.out, std::regex("candidate image [0-9]+ converged to an index-[2-9] "
                                          "saddle at E= -[0-9.]+ \\(higher-index saddle 1\\); "
                                          "stepping off along its [2-9] negative modes")) &&
      std::regex_search(r.out, std::regex("higher-index saddle 1 stepped off: "));
  const long long step_off = captured_number(
      r.out,
      "NEWCONNECT: connected after .*higher-index saddles? stepped off \\(([0-9]+) gradient "
      "evaluations\\)");
  const long long all = captured_number(r.out, "potential calls: ([0-9]+) energy\\+gradient");
  std::cout << fmt::format(
      "[ cost     ] {}: {}{}, stepping off {} of {} gradient evaluations, {:.1f} s\n", pair.dir,
      outcome.stepped_off ? "higher-index saddle stepped off" : "no higher-index saddle met",
      r.out.find("connected path found") != std::string::npos ? ", connected" : ", not connected",
      step_off, all, seconds);

  // path.info: valid triples, every transition state of index one (as written and as recomputed
  // from its coordinates).
  if (!std::filesystem::exists(dir / "path.info")) return outcome;
  const auto triples = landscape::read_path_info(dir / "path.info", 3 * kAtoms, true);
  const LennardJones lj(kAtoms);
  Components g;
  for (const PathInfoTriple& t : triples) {
    EXPECT_EQ(negative_count(t.ts), 1) << pair.dir << ": TS E= " << t.ts.energy;
    // 6 zero modes of about 1e-6 at most; the index is what is left below -1e-3.
    EXPECT_EQ(index_of(hessian_eigenvalues(lj, t.ts.coords), 1e-3), 1)
        << pair.dir << ": TS E= " << t.ts.energy;
    EXPECT_EQ(negative_count(t.min1), 0);
    EXPECT_EQ(negative_count(t.min2), 0);
    EXPECT_LT(t.min1.energy, t.ts.energy);
    EXPECT_LT(t.min2.energy, t.ts.energy);
    g.join(g.place(t.min1), g.place(t.min2));
  }
  const std::size_t a = g.find(pair.start), b = g.find(pair.finish);
  outcome.connected = r.out.find("connected path found") != std::string::npos && a != SIZE_MAX &&
                      b != SIZE_MAX && g.root(a) == g.root(b);
  if (r.out.find("connected path found") != std::string::npos) {
    EXPECT_TRUE(outcome.connected) << pair.dir << ": a connection reported must be in path.info";
  }
  if (outcome.stepped_off && outcome.connected) {
    EXPECT_GT(step_off, 0) << r.out;
  }
  std::filesystem::remove_all(dir);
  return outcome;
}

TEST(OptimHigherIndex, SaddlesAreSteppedOffAndConnectionsMadeThroughIndexOneStatesOnly) {
  // Which candidate meets the index-2 point depends on the rounding of the OpenBLAS kernel
  // (basin-like chaos of the band and the searches): over the five pairs, at least three must
  // meet one, step off it and connect, whatever the kernel.
  std::size_t made = 0;
  for (const HigherIndexPair& pair : kPairs) {
    SCOPED_TRACE(pair.dir);
    const PairOutcome o = run_pair(pair);
    made += o.stepped_off && o.connected;
  }
  EXPECT_GE(made, 3u) << "pairs connected through a stepped-off higher-index saddle";
}

}  // namespace
}  // namespace landscape::testing

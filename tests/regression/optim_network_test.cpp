// A network loss landscape through the optim program: two minima of an MLPVB3 network (3 hidden
// nodes) on a small spiral data set, found by minimising from two random weight vectors, joined by
// DNEB + hybrid eigenvector-following through a transition state of index one; and two random
// minima connected by NEWCONNECT with PERMDIST (minima identified up to the network's isomers).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>

#include "common/landscape/path_info.hpp"
#include "common/ml/datasets.hpp"
#include "common/ml/mlp_data.hpp"
#include "common/optimize/lbfgs.hpp"
#include "common/potentials/mlp.hpp"
#include "common/random/rng.hpp"
#include "tests/support/networks.hpp"
#include "tests/support/test_paths.hpp"

namespace landscape::testing {
namespace {

constexpr std::size_t kItems = 100;
constexpr double kLambda = 1e-4;

// Two random minima of this landscape are most often joined only through a chain of transition
// states (connecting them is NEWCONNECT's job, part 2). So the first minimum is fixed and the
// second is drawn from successive seeds until a band between them gives a transition state whose
// path leads to both; every transition state of every band must have index one.
TEST(OptimNetwork, TwoSpiralMinimaAreJoinedThroughAnIndexOneTransitionState) {
  const auto dir = scratch_dir("optim-network");
  const MlpLoss loss = spiral_loss(dir, kItems, kLambda);
  ASSERT_EQ(loss.n_dof(), 17u);
  double e_start = 0.0;
  const std::vector<double> start = minimum_from(loss, 2, e_start);
  ASSERT_FALSE(start.empty());

  bool joined = false;
  for (std::uint64_t seed = 3; seed <= 40 && !joined; ++seed) {
    double e_finish = 0.0;
    const std::vector<double> finish = minimum_from(loss, seed, e_finish);
    if (finish.empty() || std::abs(e_finish - e_start) < 1e-6) continue;
    // As OPTIM's network runs do, minima are identified by their loss only (GEOMDIFFTOL 1.0D10):
    // a permutation or sign change of hidden nodes gives the same loss at other weights.
    const RunResult r = run_optim_between(
        dir,
        "MLPVB3 2 1 3 2 100 0.0001\nNEWNEB 20 2000 1.0D-4\nNEBK 1.0\nBFGSTS 200 10 100 "
        "1.0D-5\nSTEPS 300\nBFGSMIN 1.0D-8\nBFGSSTEPS 20000\nPUSHOFF 0.05\nEDIFFTOL "
        "1.0D-7\nGEOMDIFFTOL 1.0D10\nDUMPALLPATHS\nVARIABLES\n",
        start, finish);
    ASSERT_EQ(r.status, 0) << r.err << r.out;
    EXPECT_NE(r.out.find("potential: MLPVB3; 17 variables"), std::string::npos) << r.out;
    for (const auto& t : landscape::read_path_info(dir / "path.info", 17, true)) {
      EXPECT_EQ(negative_eigenvalues(t.ts.eigenvalues), 1) << "seed " << seed;
      EXPECT_GT(t.ts.energy, std::max(t.min1.energy, t.min2.energy));
      const double lo = std::min(t.min1.energy, t.min2.energy),
                   hi = std::max(t.min1.energy, t.min2.energy);
      if (std::abs(lo - std::min(e_start, e_finish)) < 1e-7 &&
          std::abs(hi - std::max(e_start, e_finish)) < 1e-7) {
        joined = true;
        EXPECT_TRUE(r.out.find("plus minimum: the start point; minus minimum: the finish point") !=
                        std::string::npos ||
                    r.out.find("plus minimum: the finish point; minus minimum: the start point") !=
                        std::string::npos)
            << r.out;
      }
    }
  }
  EXPECT_TRUE(joined) << "no pair of minima was joined by a single transition state";
  std::filesystem::remove_all(dir);
}

TEST(OptimNetwork, NewconnectWithPermdistJoinsTwoRandomSpiralMinima) {
  const auto dir = scratch_dir("optim-network-connect");
  const MlpLoss loss = spiral_loss(dir, kItems, kLambda);
  double e_start = 0.0, e_finish = 0.0;
  const std::vector<double> start = minimum_from(loss, 2, e_start);
  const std::vector<double> finish = another_minimum(loss, e_start, 3, e_finish);
  ASSERT_FALSE(start.empty());
  ASSERT_FALSE(finish.empty());
  const RunResult r = run_optim_between(
      dir,
      "MLPVB3 2 1 3 2 100 0.0001\nNEWCONNECT 30 2 10.0 100.0 40 5.0 1.0D-3\nNEBK "
      "1.0\nPERMDIST\nBFGSTS 200 10 100 1.0D-5\nSTEPS 300\nBFGSMIN 1.0D-8\nBFGSSTEPS "
      "20000\nPUSHOFF 0.05\nEDIFFTOL 1.0D-7\nGEOMDIFFTOL 1.0D-3\nDUMPPATH\nVARIABLES\n",
      start, finish);
  ASSERT_EQ(r.status, 0) << r.err << r.out;
  EXPECT_NE(r.out.find("closest permutational isomer of the network (PERMDIST)"), std::string::npos)
      << r.out;
  ASSERT_NE(r.out.find("connected path found"), std::string::npos) << r.out;
  // DUMPPATH: the connected path's triples in order, from the start's loss to the finish's.
  const auto triples = landscape::read_path_info(dir / "path.info", 17, true);
  ASSERT_FALSE(triples.empty());
  EXPECT_NEAR(triples.front().min1.energy, e_start, 1e-7);
  EXPECT_NEAR(triples.back().min2.energy, e_finish, 1e-7);
  for (std::size_t k = 0; k < triples.size(); ++k) {
    EXPECT_EQ(negative_eigenvalues(triples[k].ts.eigenvalues), 1);
    if (k > 0) {
      EXPECT_NEAR(triples[k].min1.energy, triples[k - 1].min2.energy, 1e-7);
    }
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace landscape::testing

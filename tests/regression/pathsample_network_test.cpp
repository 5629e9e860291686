// pathsample on a network loss landscape (MLPVB3, 17 weights): the database built from an optim
// connection's path.info, with minima identified up to the network's isomers (PERMDIST), and a
// short campaign whose optim jobs get their weights after VARIABLES.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <utility>

#include "common/io/min_database.hpp"
#include "common/io/ts_database.hpp"
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
constexpr std::size_t kWeights = 17;  // MLPVB3 2 1 3 2: 3 (2 + 2) + 3 + 2

constexpr const char* kOptimKeywords =
    "MLPVB3 2 1 3 2 100 0.0001\nNEWCONNECT 30 2 10.0 100.0 40 5.0 1.0D-3\nNEBK "
    "1.0\nPERMDIST\nBFGSTS 200 10 100 1.0D-5\nSTEPS 300\nBFGSMIN 1.0D-8\nBFGSSTEPS 20000\nPUSHOFF "
    "0.05\nEDIFFTOL 1.0D-7\nGEOMDIFFTOL 1.0D-3\nDUMPALLPATHS\nVARIABLES\n";

/// Runs pathsample in dir on the network's pathdata with database_step (STARTFROMPATH, ADDPATH)
/// as its database keyword.
RunResult network_database_step(const std::filesystem::path& dir,
                                const std::string& database_step) {
  write_file(dir / "pathdata",
             "MLPVB3 2 1 3 2 100 0.0001\nPERMDIST\nEDIFFTOL 1.0D-7\nGEOMDIFFTOL 1.0D-3\n" +
                 database_step + "\n");
  return run_program("pathsample", "", dir);
}

TEST(PathsampleNetwork, DatabaseFromAnOptimConnectionThenACampaign) {
  const auto dir = scratch_dir("pathsample-network");
  const MlpLoss loss = spiral_loss(dir, kItems, 1e-4);
  double e_start = 0.0, e_finish = 0.0;
  const std::vector<double> start = minimum_from(loss, 2, e_start);
  const std::vector<double> finish = another_minimum(loss, e_start, 3, e_finish);
  ASSERT_FALSE(start.empty());
  ASSERT_FALSE(finish.empty());
  RunResult r = run_optim_between(dir, kOptimKeywords, start, finish);
  ASSERT_EQ(r.status, 0) << r.err << r.out;
  const auto triples = landscape::read_path_info(dir / "path.info", kWeights, true);
  ASSERT_FALSE(triples.empty());

  // The database: every triple's minima once, each transition state once, lnprodfreq over all 17
  // Hessian eigenvalues (a network has no zero modes).
  r = network_database_step(dir, "STARTFROMPATH path.info 1 2");
  ASSERT_EQ(r.status, 0) << r.err << r.out;
  const MinDatabase minima = MinDatabase::open(dir, kWeights);
  const TsDatabase ts = TsDatabase::open(dir, kWeights, minima.size());
  EXPECT_GE(minima.size(), 2u);
  EXPECT_GE(ts.size(), 1u);
  EXPECT_LE(minima.size(), 2 * triples.size());
  EXPECT_NEAR(minima[0].energy, triples[0].min1.energy, 1e-12);
  double lnprod = 0.0;
  for (double v : triples[0].min1.eigenvalues) lnprod += std::log(v);
  EXPECT_NEAR(minima[0].lnprodfreq, lnprod, 1e-9);
  // The trailing columns of a network minimum, as gmin writes them too: 1 1 1.
  for (std::size_t i = 0; i < minima.size(); ++i)
    EXPECT_EQ(minima[i].inertia, (std::array<double, 3>{1.0, 1.0, 1.0})) << "minimum " << i + 1;

  // EXTRACTMIN writes the weights one a line: optim reads them after VARIABLES unchanged, and
  // its minimisation starts (and stays) at the stored loss.
  r = network_database_step(dir, "EXTRACTMIN 1");
  ASSERT_EQ(r.status, 0) << r.err << r.out;
  const std::string extracted = read_file(dir / "extractmin");
  EXPECT_EQ(std::count(extracted.begin(), extracted.end(), '\n'), static_cast<long>(kWeights));
  {
    const auto job = dir / "extract";
    std::filesystem::create_directories(job);
    std::filesystem::copy_file(dir / "MLPdata", job / "MLPdata");
    write_file(job / "odata",
               "MLPVB3 2 1 3 2 100 0.0001\nBFGSMIN 1.0D-8\nBFGSSTEPS 100\nVARIABLES\n" + extracted);
    const RunResult m = run_program("optim", "", job);
    ASSERT_EQ(m.status, 0) << m.err << m.out;
    EXPECT_NE(m.out.find(fmt::format("E= {:.10f}", minima[0].energy)), std::string::npos) << m.out;
  }
  for (const auto& t : ts.records()) {
    EXPECT_LE(t.min1, minima.size());
    EXPECT_LE(t.min2, minima.size());
  }

  // A second connection, from the start to a third minimum, added by ADDPATH: whatever path the
  // first connection took (it depends on the BLAS kernel), the database then holds pairs of minima
  // that no transition state joins directly.
  double e_third = 0.0;
  std::vector<double> third;
  for (std::uint64_t seed = 4; seed <= 60 && third.empty(); ++seed) {
    third = minimum_from(loss, seed, e_third);
    if (!third.empty() &&
        (std::abs(e_third - e_start) < 1e-4 || std::abs(e_third - e_finish) < 1e-4))
      third.clear();
  }
  ASSERT_FALSE(third.empty());
  r = run_optim_between(dir, kOptimKeywords, start, third);
  ASSERT_EQ(r.status, 0) << r.err << r.out;
  std::filesystem::rename(dir / "path.info", dir / "path.info.third");
  r = network_database_step(dir, "ADDPATH path.info.third");
  ASSERT_EQ(r.status, 0) << r.err << r.out;
  const MinDatabase grown = MinDatabase::open(dir, kWeights);
  const TsDatabase ts_grown = TsDatabase::open(dir, kWeights, grown.size());
  EXPECT_GE(grown.size(), minima.size() + 1) << "the third minimum is new";
  std::set<std::pair<std::size_t, std::size_t>> joined;
  for (const auto& t : ts_grown.records()) joined.insert(std::minmax(t.min1, t.min2));
  std::size_t unjoined = 0;
  for (std::size_t i = 1; i <= grown.size(); ++i)
    for (std::size_t j = i + 1; j <= grown.size(); ++j)
      unjoined += joined.count({i, j}) == 0 ? 1 : 0;
  ASSERT_GE(unjoined, 1u);

  // A campaign: CONNECTREGION over every pair (all closer than 100); the jobs read the weights
  // after VARIABLES. CPUS 2 and CYCLES 1 start one job for each of the first two unjoined pairs.
  const std::size_t jobs = std::min<std::size_t>(2, unjoined);
  write_file(dir / "odata.connect", kOptimKeywords);
  write_file(
      dir / "pathdata",
      fmt::format("MLPVB3 2 1 3 2 100 0.0001\nPERMDIST\nEDIFFTOL 1.0D-7\nGEOMDIFFTOL 1.0D-3\n"
                  "EXEC {}\nCPUS 2\nCYCLES 1\nCONNECTREGION 1 2 100.0\n",
                  (bin_dir() / "optim").string()));
  r = run_program("pathsample", "", dir);
  ASSERT_EQ(r.status, 0) << r.err << r.out;
  EXPECT_NE(r.out.find(fmt::format("campaign: {} jobs (0 failed)", jobs)), std::string::npos)
      << r.out;
  const MinDatabase after = MinDatabase::open(dir, kWeights);
  const TsDatabase ts_after = TsDatabase::open(dir, kWeights, after.size());
  EXPECT_GE(after.size(), grown.size());
  EXPECT_GE(ts_after.size(), ts_grown.size());
  EXPECT_EQ(std::filesystem::file_size(dir / "points.min"), after.size() * kWeights * 8);
  EXPECT_EQ(std::filesystem::file_size(dir / "points.ts"), ts_after.size() * kWeights * 8);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace landscape::testing

// gmin on a network loss landscape: the spiral data written by `gmin --dataset`, basin-hopping
// with DATABASE, and `gmin --isomers` on a minimum found.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>

#include "common/analysis/normal_modes.hpp"
#include "common/io/min_database.hpp"
#include "common/ml/mlp_data.hpp"
#include "common/ml/network_isomers.hpp"
#include "common/potentials/mlp.hpp"
#include "tests/support/test_paths.hpp"

namespace landscape::testing {
namespace {

constexpr std::size_t kTrain = 400;

TEST(GminNetwork, SpiralDatabaseHoldsDistinctTrueMinimaAndIsomersAreListed) {
  const auto dir = scratch_dir("gmin-network");
  const RunResult data = run_program("gmin", "--dataset spiral 1 400 100", dir);
  ASSERT_EQ(data.status, 0) << data.err;
  EXPECT_NE(data.out.find("MLPVB3 2 1 3 2 400 1.0D-5"), std::string::npos) << data.out;
  const LabelledData train = read_mlp_data(dir / "MLPdata", MlpLayout::kMlpVb3, 2, 1, 2, kTrain);
  const MlpShape shape = mlpvb3_shape(2, 3, 2);
  const MlpLoss loss(shape, train, 1e-5);

  // Basin-hopping is chaotic: which minima a seed finds depends on the BLAS kernel. Runs with
  // seeds 5, 6, ... extend one database until it holds two distinct minima (at most kMaxRuns
  // runs), so the test holds whatever trajectory the machine takes.
  constexpr int kMaxRuns = 6;
  std::size_t found = 0;
  for (int run = 0; run < kMaxRuns && found < 2; ++run) {
    write_file(
        dir / "data",
        "MLPVB3 2 1 3 2 400 1.0D-5\nMLPTESTDATA MLPdata.test 100\nSTEPS 40 1.0\nTEMPERATURE "
        "0.05\nSTEP 4.0\nSLOPPYCONV 1.0D-5\nTIGHTCONV 1.0D-10\nMAXIT 5000 50000\nSAVE 3\nEDIFF "
        "1.0D-4\nDATABASE 1.0D-7\nGEOMDIFFTOL 1.0D-3\n" +
            fmt::format("RANSEED {}\n", 5 + run));
    const RunResult r = run_program("gmin", "", dir);
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("test AUC"), std::string::npos);
    const std::size_t now = MinDatabase::open(dir, shape.n_weights()).size();
    EXPECT_GE(now, found) << "a later run must keep every minimum already stored";
    found = now;
  }
  const MinDatabase db = MinDatabase::open(dir, shape.n_weights());
  ASSERT_GE(db.size(), 2u) << kMaxRuns << " runs should find more than one minimum";
  std::vector<double> g(shape.n_weights());
  for (std::size_t i = 0; i < db.size(); ++i) {
    SCOPED_TRACE("minimum " + std::to_string(i + 1));
    const MinimumRecord& m = db[i];
    EXPECT_NEAR(loss.energy_gradient(m.coords, g), m.energy, 1e-12);
    double g2 = 0;
    for (double v : g) g2 += v * v;
    EXPECT_LE(std::sqrt(g2 / static_cast<double>(g.size())), 1.0001e-10);
    const NormalModes modes = normal_modes(loss, m.coords, 0);
    EXPECT_EQ(modes.n_negative, 0u);
    EXPECT_GT(modes.eigenvalues.front(), 0.0) << "the Hessian must be positive definite";
    EXPECT_NEAR(modes.lnprodfreq, m.lnprodfreq, 1e-6 * std::abs(m.lnprodfreq));
    EXPECT_EQ(canonical_form(m.coords, shape), m.coords) << "minima are stored in canonical form";
    // The trailing columns of a network minimum, as optim and pathsample write them: 1 1 1.
    EXPECT_EQ(m.pgorder, 1);
    EXPECT_EQ(m.inertia, (std::array<double, 3>{1.0, 1.0, 1.0}));
    for (std::size_t j = 0; j < i; ++j) {
      const bool same_energy = std::abs(db[j].energy - m.energy) < 1e-7;
      EXPECT_FALSE(same_energy && same_network_minimum(db[j].coords, m.coords, shape, 1e-3))
          << "minima " << j + 1 << " and " << i + 1 << " are isomers of one minimum";
    }
  }

  // The isomers of the first minimum: 3! * 2^3 = 48, all with the same loss.
  std::string weights;
  for (double w : db[0].coords) weights += fmt::format("{:.17g}\n", w);
  write_file(dir / "minimum1", weights);
  const RunResult iso = run_program("gmin", "--isomers minimum1", dir);
  ASSERT_EQ(iso.status, 0) << iso.err;
  EXPECT_NE(iso.out.find("# 48 isomers of minimum1"), std::string::npos) << iso.out.substr(0, 300);
  std::istringstream lines(iso.out);
  std::string line;
  int losses = 0, rows = 0;
  bool in_distances = false;
  while (std::getline(lines, line)) {
    if (line.rfind("# pairwise", 0) == 0) in_distances = true;
    if (line.empty() || line[0] == '#') continue;
    std::istringstream f(line);
    if (!in_distances) {
      int index;
      double value;
      f >> index >> value;
      EXPECT_NEAR(value, db[0].energy, 1e-12 * std::abs(db[0].energy));
      ++losses;
    } else {
      int count = 0;
      double d;
      while (f >> d) ++count;
      EXPECT_EQ(count, 48);
      ++rows;
    }
  }
  EXPECT_EQ(losses, 48);
  EXPECT_EQ(rows, 48);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace landscape::testing

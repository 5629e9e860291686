// examples/spiral_mlsup end to end: pathsample chooses minima of the saved spiral database
// (MLMINSELECT, each method), gmin trains the MLSUP meta-network on them, and the results obey
// what holds on any machine: TMA bounds every chosen minimum and MLSUP, the files have their
// documented sizes and the selection report names distinct minima of the database.

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "common/io/min_database.hpp"
#include "common/ml/misclassification.hpp"
#include "common/ml/mlmin_files.hpp"
#include "tests/support/test_paths.hpp"

namespace landscape::testing {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMinima = 87, kWeights = 17, kChosen = 4;

fs::path example_copy(const std::string& name) {
  const fs::path dir = scratch_dir(name);
  fs::copy(source_dir() / "examples" / "spiral_mlsup", dir, fs::copy_options::recursive);
  return dir;
}

std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string field;
  while (std::getline(ss, field, ',')) out.push_back(field);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

TEST(SpiralMlsupExampleTest, ChoosesAtTheCvPeakAndTrainsTheMetaNetwork) {
  const fs::path dir = example_copy("spiral_mlsup");
  const RunResult ps = run_program("pathsample", "", dir);
  ASSERT_EQ(ps.status, 0) << ps.err << ps.out;
  for (const char* f : {"Cv.png", "Cv.svg", "misclassification_vs_euclidean.png",
                        "misclassification_vs_euclidean.svg", "MLMINweights", "MLMINselection"})
    EXPECT_TRUE(fs::exists(dir / f)) << f;
  EXPECT_NE(ps.out.find("Pearson r = "), std::string::npos) << ps.out;
  // The matrix file: 24 header bytes and n(n-1)/2 counts of 4 bytes.
  EXPECT_EQ(fs::file_size(dir / "misclassification.bin"), 24 + kMinima * (kMinima - 1) / 2 * 4);
  const MisclassificationMatrix m = read_misclassification_matrix(dir / "misclassification.bin");
  EXPECT_EQ(m.size(), kMinima);
  EXPECT_EQ(m.n_items(), 400u);

  const MlminSelection sel = read_mlmin_selection(dir / "MLMINselection");
  EXPECT_EQ(sel.method, "CVPEAK");
  ASSERT_TRUE(sel.temperature.has_value());
  ASSERT_EQ(sel.chosen.size(), kChosen);
  std::set<std::size_t> distinct;
  for (const auto& c : sel.chosen) {
    distinct.insert(c.index);
    EXPECT_LE(c.index, kMinima);
    EXPECT_NE(c.reason.find("dP/dT"), std::string::npos) << c.reason;
  }
  EXPECT_EQ(distinct.size(), kChosen);
  // MLMINweights holds the chosen minima's records of points.min, in the chosen order.
  const auto db = read_min_database(dir, kWeights);
  const auto weights = read_mlmin_weights(dir / "MLMINweights", kWeights, kChosen);
  for (std::size_t k = 0; k < kChosen; ++k)
    EXPECT_EQ(weights[k], db[sel.chosen[k].index - 1].coords);

  for (const char* f : {"MLPdata", "MLPdata.test", "MLMINweights", "MLMINselection"})
    fs::copy_file(dir / f, dir / "mlsup" / f, fs::copy_options::overwrite_existing);
  const RunResult g = run_program("gmin", "", dir / "mlsup");
  ASSERT_EQ(g.status, 0) << g.err << g.out;
  std::istringstream csv(read_file(dir / "mlsup" / "mlsup.csv"));
  std::string header, row;
  std::getline(csv, header);
  std::getline(csv, row);
  EXPECT_EQ(header,
            "method,n_minima,best_chosen_auc,best_database_auc,mlsup_auc,tma,vote_accuracy");
  const auto f = split_csv(row);
  ASSERT_EQ(f.size(), 7u) << row;
  EXPECT_EQ(f[0], "CVPEAK");
  EXPECT_EQ(f[1], "4");
  const double best_chosen = std::stod(f[2]), best_db = std::stod(f[3]), mlsup = std::stod(f[4]),
               tma = std::stod(f[5]), vote = std::stod(f[6]);
  EXPECT_GE(best_db, best_chosen);
  EXPECT_GE(tma, best_chosen);
  EXPECT_LE(mlsup, tma);
  EXPECT_GT(mlsup, 0.5);
  EXPECT_GT(vote, 0.0);
  EXPECT_LE(vote, 1.0);
  // The meta-network: Nhid_meta (Nin + Nmin) + Nhid_meta + Nmin = 3 * 6 + 3 + 4 weights.
  std::istringstream w(read_file(dir / "mlsup" / "mlsup.weights"));
  std::size_t lines = 0;
  for (std::string l; std::getline(w, l);) ++lines;
  EXPECT_EQ(lines, 25u);
  for (const char* out : {"mlsup.md", "mlsup.png", "mlsup.svg", "lowest"})
    EXPECT_TRUE(fs::exists(dir / "mlsup" / out)) << out;
}

TEST(SpiralMlsupExampleTest, EveryMethodChoosesDistinctMinima) {
  const fs::path dir = example_copy("spiral_mlsup_methods");
  const auto db = read_min_database(dir, kWeights);
  std::size_t lowest = 0;
  for (std::size_t a = 1; a < db.size(); ++a)
    if (db[a].energy < db[lowest].energy) lowest = a;
  for (const std::string method : {"MMDMB", "MMDMB 4 AUC", "DIVERSITY", "EUCLIDEAN", "RANDOM"}) {
    const std::string line = method.find(' ') == std::string::npos ? method + " 4" : method;
    write_file(dir / "pathdata", "MLPVB3 2 1 3 2 400 1.0D-5\nSEED 3\nMLMINSELECT " + line + "\n");
    const RunResult ps = run_program("pathsample", "", dir);
    ASSERT_EQ(ps.status, 0) << method << ps.err << ps.out;
    const MlminSelection sel = read_mlmin_selection(dir / "MLMINselection");
    EXPECT_EQ(sel.method, method.substr(0, method.find(' ')));
    EXPECT_FALSE(sel.temperature.has_value());
    std::set<std::size_t> distinct;
    for (const auto& c : sel.chosen) distinct.insert(c.index);
    EXPECT_EQ(distinct.size(), kChosen) << method;
    if (method == "MMDMB" || method == "EUCLIDEAN") {
      EXPECT_EQ(sel.chosen[0].index, lowest + 1);
    }
  }
  // More minima than the database holds: file:line.
  write_file(dir / "pathdata", "MLPVB3 2 1 3 2 400 1.0D-5\nMLMINSELECT RANDOM 88\n");
  const RunResult ps = run_program("pathsample", "", dir);
  EXPECT_EQ(ps.status, 1);
  EXPECT_NE(ps.err.find("pathdata:2: MLMINSELECT: 88 minima asked for, the database holds 87"),
            std::string::npos)
      << ps.err;
}

}  // namespace
}  // namespace landscape::testing

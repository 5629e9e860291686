// Whole gmin runs through the program itself: the LJ38 tutorial unchanged, LJ13 from random starts,
// bit-for-bit reproducibility, RESTORE, and the DATABASE surviving SIGKILL.
#include <gtest/gtest.h>

#include <cmath>
#include <regex>

#include "common/analysis/normal_modes.hpp"
#include "common/geometry/cluster_geometry.hpp"
#include "common/geometry/permutational_alignment.hpp"
#include "common/geometry/point_group.hpp"
#include "common/io/min_database.hpp"
#include "common/potentials/lennard_jones.hpp"
#include "common/random/rng.hpp"
#include "tests/support/test_paths.hpp"

namespace landscape::testing {
namespace {

constexpr double kLj38Global = -173.928427;
constexpr double kLj13Global = -44.326801;

/// Energies of the minima in a `lowest` file, in order.
std::vector<double> lowest_energies(const std::filesystem::path& file) {
  std::vector<double> e;
  const std::string text = read_file(file);
  const std::regex re(R"(Energy of minimum\s+\d+=\s*(-?[0-9.]+))");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator();
       ++it)
    e.push_back(std::stod((*it)[1]));
  return e;
}

/// N atoms uniform in a sphere of the given radius.
std::string random_coords(std::size_t n, double radius, std::uint64_t seed) {
  Rng rng(seed);
  std::string s;
  for (std::size_t i = 0; i < n; ++i) {
    double p[3], r2;
    do {
      r2 = 0;
      for (double& v : p) {
        v = radius * rng.symmetric();
        r2 += v * v;
      }
    } while (r2 > radius * radius);
    s += std::to_string(p[0]) + " " + std::to_string(p[1]) + " " + std::to_string(p[2]) + "\n";
  }
  return s;
}

std::filesystem::path tutorial_dir() { return lj38_tutorial_dir() / "01_gmin"; }

TEST(GminTutorial, RunsUnchangedAndFindsTheLj38GlobalMinimum) {
  const auto dir = scratch_dir("lj38-tutorial");
  // The tutorial input exactly as published, plus TARGET so the run stops when it is found.
  write_file(dir / "data", read_file(tutorial_dir() / "data") + "\nTARGET -173.9284264418\n");
  std::filesystem::copy_file(tutorial_dir() / "coords", dir / "coords");
  const RunResult r = run_program("gmin", "", dir);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("note: MONITOR (data:11) has no effect in this suite"), std::string::npos);
  const auto e = lowest_energies(dir / "lowest");
  ASSERT_FALSE(e.empty());
  EXPECT_NEAR(e[0], kLj38Global, 1e-5);
  // The format of the real GMIN's lowest: atom count, energy line, SI x y z lines.
  const std::string lowest = read_file(dir / "lowest");
  EXPECT_EQ(lowest.substr(0, 13), "          38\n");
  EXPECT_TRUE(std::filesystem::exists(dir / "energy") && std::filesystem::exists(dir / "markov") &&
              std::filesystem::exists(dir / "best"));
  std::filesystem::remove_all(dir);
}

TEST(GminKeywords, OutputKeywordsAreAcceptedAndAValuelessTemperatureIsWarnedAbout) {
  const auto dir = scratch_dir("gmin-valueless");
  // As GMIN users write them: TEMPERATURE alone (GMIN keeps its default), DUMP and NOTE.
  write_file(dir / "data",
             "STEPS 20 1.0\nTEMPERATURE\nSTEP 0.36 0.5\nSAVE 1\nDUMP\nNOTE a note\nRANSEED 3\n");
  write_file(dir / "coords", random_coords(13, 1.8, 11));
  const RunResult r = run_program("gmin", "", dir);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(
      r.out.find("warning: data:2: TEMPERATURE given without a value: the default 0.3 is used"),
      std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("note: DUMP (data:5) has no effect in this suite"), std::string::npos);
  EXPECT_NE(r.out.find("note: NOTE (data:6) has no effect in this suite"), std::string::npos);
  // A keyword given with its value draws no warning.
  EXPECT_EQ(r.out.find("STEP given without"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(GminLj13, ReachesTheGlobalMinimumWithin500StepsForTenSeeds) {
  for (int seed = 1; seed <= 10; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const auto dir = scratch_dir("lj13-" + std::to_string(seed));
    write_file(dir / "data",
               "STEPS 500 1.0\nTEMPERATURE 0.8\nSTEP 0.36 0.5\nSAVE 1\nEDIFF 0.001\nSLOPPYCONV "
               "1.0D-3\nTIGHTCONV 1.0D-6\nCENTRE\nTARGET -44.326801\nRANSEED " +
                   std::to_string(seed) + "\n");
    write_file(dir / "coords", random_coords(13, 1.8, 1000 + seed));
    const RunResult r = run_program("gmin", "", dir);
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find("target energy reached"), std::string::npos);
    const auto e = lowest_energies(dir / "lowest");
    ASSERT_EQ(e.size(), 1u);
    EXPECT_NEAR(e[0], kLj13Global, 1e-5);
    std::filesystem::remove_all(dir);
  }
}

const char* kShortLj38 =
    "SLOPPYCONV 5.0D-3\nTIGHTCONV 1.0D-4\nEDIFF 0.003\nMAXIT 600 500\nSAVE "
    "3\nCENTRE\nSORT\nTRACKDATA\nTEMPERATURE 1.0\nSTEP 0.40 0.51\nNEWRESTART 40\nAVOID 4.0 20 "
    "F\nRANSEED 7\n";

TEST(GminReproducibility, SameSeedGivesTheSameRunBitForBit) {
  std::string lowest[2], energy[2];
  for (int k = 0; k < 2; ++k) {
    const auto dir = scratch_dir("repro-" + std::to_string(k));
    write_file(dir / "data", std::string(kShortLj38) + "STEPS 300 1.0\n");
    std::filesystem::copy_file(tutorial_dir() / "coords", dir / "coords");
    ASSERT_EQ(run_program("gmin", "", dir).status, 0);
    lowest[k] = read_file(dir / "lowest");
    energy[k] = read_file(dir / "energy");
    std::filesystem::remove_all(dir);
  }
  EXPECT_FALSE(lowest[0].empty());
  EXPECT_EQ(lowest[0], lowest[1]);
  EXPECT_EQ(energy[0], energy[1]);
}

TEST(GminRestore, ARestoredRunContinuesExactlyWhereItStopped) {
  const auto whole = scratch_dir("restore-whole");
  write_file(whole / "data", std::string(kShortLj38) + "STEPS 200 1.0\nDUMPINT 100\n");
  std::filesystem::copy_file(tutorial_dir() / "coords", whole / "coords");
  ASSERT_EQ(run_program("gmin", "", whole).status, 0);

  const auto parts = scratch_dir("restore-parts");
  std::filesystem::copy_file(tutorial_dir() / "coords", parts / "coords");
  write_file(parts / "data", std::string(kShortLj38) + "STEPS 100 1.0\nDUMPINT 100\n");
  ASSERT_EQ(run_program("gmin", "", parts).status, 0);
  ASSERT_TRUE(std::filesystem::exists(parts / "GMIN.dump"));
  write_file(parts / "data",
             std::string(kShortLj38) + "STEPS 200 1.0\nDUMPINT 100\nRESTORE GMIN.dump\n");
  const RunResult r = run_program("gmin", "", parts);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("restored from GMIN.dump at step 100"), std::string::npos);
  EXPECT_EQ(read_file(whole / "energy"), read_file(parts / "energy"));
  EXPECT_EQ(read_file(whole / "markov"), read_file(parts / "markov"));
  EXPECT_EQ(lowest_energies(whole / "lowest"), lowest_energies(parts / "lowest"));
  std::filesystem::remove_all(whole);
  std::filesystem::remove_all(parts);
}

/// Every stored minimum is a true minimum, and no two stored minima are the same.
void check_database(const std::filesystem::path& dir, std::size_t n_atoms, double etol,
                    double itol) {
  const MinDatabase db = MinDatabase::open(dir, 3 * n_atoms);
  ASSERT_GT(db.size(), 0u);
  const LennardJones lj(n_atoms);
  std::vector<double> g(3 * n_atoms);
  for (std::size_t i = 0; i < db.size(); ++i) {
    SCOPED_TRACE("minimum " + std::to_string(i + 1));
    const auto& m = db[i];
    const double e = lj.energy_gradient(m.coords, g);
    EXPECT_NEAR(e, m.energy, 1e-9);
    double g2 = 0;
    for (double v : g) g2 += v * v;
    EXPECT_LE(std::sqrt(g2 / static_cast<double>(g.size())), 1.0001e-4);  // TIGHTCONV of the run
    const NormalModes modes = normal_modes(lj, m.coords, 6);
    EXPECT_EQ(modes.n_negative, 0u);
    EXPECT_NEAR(modes.lnprodfreq, m.lnprodfreq, 1e-6 * std::abs(m.lnprodfreq) + 1e-6);
    const auto moments = principal_moments(m.coords);
    for (int k = 0; k < 3; ++k) EXPECT_NEAR(moments[k], m.inertia[k], 1e-6);
    EXPECT_EQ(m.pgorder, point_group(m.coords).order);
    for (std::size_t j = 0; j < i; ++j) {
      const auto& o = db[j];
      const bool same = std::abs(o.energy - m.energy) < etol &&
                        std::abs(o.inertia[0] - m.inertia[0]) < itol &&
                        std::abs(o.inertia[1] - m.inertia[1]) < itol &&
                        std::abs(o.inertia[2] - m.inertia[2]) < itol &&
                        cluster_distance(o.coords, m.coords) < 1e-2;
      EXPECT_FALSE(same) << "minima " << j + 1 << " and " << i + 1 << " are the same";
    }
  }
}

TEST(GminDatabase, SurvivesSigkillAndIsExtendedWithoutDuplicates) {
  const auto dir = scratch_dir("database-kill");
  std::filesystem::copy_file(tutorial_dir() / "coords", dir / "coords");
  const std::string base = std::string(kShortLj38) + "DATABASE 1.0D-6 1.0D-3\n";
  write_file(dir / "data", base + "STEPS 100000 1.0\n");
  std::size_t previous = 0;
  for (int kill = 0; kill < 2; ++kill) {
    // The run would take minutes: SIGKILL it in the middle.
    const std::string cmd = "cd '" + dir.string() + "' && timeout --signal=KILL 1.5 '" +
                            (bin_dir() / "gmin").string() + "' > run.log 2>&1";
    const int raw = std::system(cmd.c_str());
    ASSERT_TRUE(WIFEXITED(raw));
    EXPECT_EQ(WEXITSTATUS(raw), 137) << "the run should have been killed";
    // Opening repairs at most a torn tail; the database only grows.
    const MinDatabase db = MinDatabase::open(dir, 114);
    EXPECT_GE(db.size(), previous);
    previous = db.size();
  }
  EXPECT_GT(previous, 0u);
  // A complete run in the same directory reads the database and extends it.
  write_file(dir / "data", base + "STEPS 150 1.0\n");
  const RunResult r = run_program("gmin", "", dir);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("database: " + std::to_string(previous) + " minima"), std::string::npos)
      << r.out;
  const MinDatabase db = MinDatabase::open(dir, 114);
  EXPECT_GE(db.size(), previous);
  EXPECT_TRUE(db.repairs().empty());
  check_database(dir, 38, 1e-6, 1e-3);
  std::filesystem::remove_all(dir);
}

TEST(GminDatabase, Lj13MinimaCarryTheirPointGroupOrder) {
  const auto dir = scratch_dir("lj13-database");
  write_file(dir / "data",
             "STEPS 60 1.0\nTEMPERATURE 0.8\nSTEP 0.36 0.5\nSAVE 1\nEDIFF 0.001\nSLOPPYCONV "
             "1.0D-3\nTIGHTCONV 1.0D-7\nCENTRE\nDATABASE\nRANSEED 4\n");
  write_file(dir / "coords", random_coords(13, 1.8, 77));
  const RunResult r = run_program("gmin", "", dir);
  ASSERT_EQ(r.status, 0) << r.err;
  const MinDatabase db = MinDatabase::open(dir, 39);
  bool icosahedron = false;
  for (std::size_t i = 0; i < db.size(); ++i)
    if (std::abs(db[i].energy - kLj13Global) < 1e-5) {
      icosahedron = true;
      EXPECT_EQ(db[i].pgorder, 120) << "the LJ13 icosahedron is I_h";
    }
  EXPECT_TRUE(icosahedron) << "the run should reach the LJ13 global minimum";
  check_database(dir, 13, 1e-6, 1e-3);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace landscape::testing

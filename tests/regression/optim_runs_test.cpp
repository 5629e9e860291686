// Whole optim runs through the program itself: Mueller-Brown and LJ7 double-ended searches with
// their paths, NOHESS against NOIT, an LJ13 search from a perturbed saddle, DUMPDATA of the LJ38
// global minimum, and the job suffix of `optim N` (connections of distant minima, the tutorial's
// odata among them, are in optim_connect_test.cpp).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "common/geometry/rigid_alignment.hpp"
#include "common/landscape/path_info.hpp"
#include "common/potentials/lennard_jones.hpp"
#include "common/random/rng.hpp"
#include "optim/hybrid_eigenvector_following.hpp"
#include "tests/support/clusters.hpp"
#include "tests/support/optim_files.hpp"
#include "tests/support/test_paths.hpp"
#include "tests/unit/optim/optim_structures.hpp"

namespace landscape::testing {
namespace {

using landscape::PathInfoPoint;
using landscape::PathInfoTriple;

/// The double-ended LJ7 input from the global minimum to the capped octahedron.
std::string lj7_odata(const std::string& extra) {
  return "NEWNEB 10 500 0.01\nNEBK 10.0\nBFGSTS 200 10 100 1.0D-4\nSTEPS 200\nBFGSMIN 1.0D-8\n"
         "BFGSSTEPS 2000\nPUSHOFF 0.05\nEDIFFTOL 1.0D-6\nGEOMDIFFTOL 0.01\nPATH 5\nDUMPALLPATHS\n" +
         extra + "POINTS\n" + points_lines(lj7_pentagonal_bipyramid());
}

/// Runs `optim suffix` in dir on lj7_odata(extra) towards the capped octahedron (odata.suffix and
/// finish.suffix with a suffix).
RunResult run_lj7_search(const std::filesystem::path& dir, const std::string& extra,
                         const std::string& suffix = "") {
  const std::string ending = suffix.empty() ? "" : "." + suffix;
  write_file(dir / ("odata" + ending), lj7_odata(extra));
  write_file(dir / ("finish" + ending), xyz_lines(lj7_capped_octahedron()));
  return run_program("optim", suffix, dir);
}

TEST(OptimMuellerBrown, DnebAndHefFindTheSaddleAndPathReachesBothMinima) {
  const auto dir = scratch_dir("optim-mb");
  write_file(
      dir / "odata",
      "! Mueller-Brown: DNEB between the deepest and the middle minimum\nMUELLERBROWN\nNEWNEB 20 "
      "1000 0.01\nNEBK 100.0\nBFGSTS 100 10 100 1.0D-4\nSTEPS 100\nBFGSMIN 1.0D-8\nBFGSSTEPS "
      "1000\nMAXBFGS 0.05 0.05 0.05 0.05\nPUSHOFF 0.01\nEDIFFTOL 1.0D-6\nPATH "
      "10\nDUMPALLPATHS\nREOPTIMISEENDPOINTS\nVARIABLES\n-0.558\n1.442\n");
  write_file(dir / "finish", "-0.050\n0.467\n");
  const RunResult r = run_program("optim", "", dir);
  ASSERT_EQ(r.status, 0) << r.err << r.out;
  const auto triples = landscape::read_path_info(dir / "path.info", 2, true);
  ASSERT_EQ(triples.size(), 1u) << r.out;
  const PathInfoTriple& t = triples[0];
  EXPECT_NEAR(t.ts.energy, kMuellerBrownUpperSaddleEnergy, 1e-6);
  EXPECT_LT(max_difference(t.ts.coords, kMuellerBrownUpperSaddle), 1e-5);
  EXPECT_EQ(negative_count(t.ts), 1);
  EXPECT_EQ(negative_count(t.min1), 0);
  EXPECT_EQ(negative_count(t.min2), 0);
  // The two sides reach the two end minima, one each.
  const bool first_is_deep = max_difference(t.min1.coords, kMuellerBrownDeepMinimum) < 1e-5;
  EXPECT_LT(max_difference(first_is_deep ? t.min1.coords : t.min2.coords, kMuellerBrownDeepMinimum),
            1e-5);
  EXPECT_LT(
      max_difference(first_is_deep ? t.min2.coords : t.min1.coords, kMuellerBrownMiddleMinimum),
      1e-5);
  EXPECT_NE(r.out.find("plus minimum: the finish point; minus minimum: the start point"),
            std::string::npos)
      << r.out;
  EXPECT_TRUE(std::filesystem::exists(dir / "EofS.1"));
  EXPECT_TRUE(std::filesystem::exists(dir / "path.1.xyz"));
  std::filesystem::remove_all(dir);
}

TEST(OptimLj7, GlobalMinimumToCappedOctahedronThroughAnIndexOneTransitionState) {
  const auto dir = scratch_dir("optim-lj7");
  const RunResult r = run_lj7_search(dir, "");
  ASSERT_EQ(r.status, 0) << r.err << r.out;
  const auto triples = landscape::read_path_info(dir / "path.info", 21, true);
  ASSERT_EQ(triples.size(), 1u) << r.out;
  const PathInfoTriple& t = triples[0];
  EXPECT_NEAR(t.ts.energy, kLj7TransitionState, 1e-6);
  EXPECT_EQ(negative_count(t.ts), 1);
  // The push-offs reach both end minima (in either order).
  const double lo = std::min(t.min1.energy, t.min2.energy),
               hi = std::max(t.min1.energy, t.min2.energy);
  EXPECT_NEAR(lo, kLj7GlobalMinimum, 1e-6);
  EXPECT_NEAR(hi, kLj7CappedOctahedron, 1e-6);
  const auto& gm = t.min1.energy < t.min2.energy ? t.min1 : t.min2;
  const auto& co = t.min1.energy < t.min2.energy ? t.min2 : t.min1;
  EXPECT_LT(landscape::aligned_distance(gm.coords, lj7_pentagonal_bipyramid()), 1e-3);
  EXPECT_LT(landscape::aligned_distance(co.coords, lj7_capped_octahedron()), 1e-3);
  EXPECT_NE(r.out.find("plus minimum: the finish point; minus minimum: the start point"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("gradient evaluations"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(OptimLj7, NohessAndNoitGiveTheSameTransitionState) {
  struct Mode {
    const char* keywords;
    const char* method;  // as the log describes it
  };
  const Mode modes[] = {
      {"NOHESS\n", "USEDIAG 1: eigenvalue from central energy differences"},
      {"NOHESS\nUSEDIAG 2\n", "USEDIAG 2: eigenvalue from central gradient differences"},
      {"NOHESS\nUSEDIAG 3\n", "USEDIAG 3: first-order gradient differences"},
      {"NOIT\n", "LAPACK dsyevr"}};
  std::vector<PathInfoPoint> ts;
  int k = 0;
  for (const Mode& mode : modes) {
    const auto dir = scratch_dir(fmt::format("optim-lj7-mode{}", k++));
    const RunResult r = run_lj7_search(dir, mode.keywords);
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_NE(r.out.find(mode.method), std::string::npos) << r.out;
    const auto triples = landscape::read_path_info(dir / "path.info", 21, true);
    ASSERT_EQ(triples.size(), 1u) << r.out;
    ts.push_back(triples[0].ts);
    std::filesystem::remove_all(dir);
  }
  for (std::size_t i = 1; i < ts.size(); ++i) {
    EXPECT_NEAR(ts[i].energy, ts[0].energy, 1e-8);
    EXPECT_LT(landscape::aligned_distance(ts[i].coords, ts[0].coords), 1e-4);
  }
  for (const auto& t : ts) EXPECT_EQ(negative_count(t), 1);
}

TEST(OptimLj13, TransitionStateSearchFromAPerturbedSaddleConvergesToIndexOne) {
  // A saddle of LJ13, found by the library from a perturbed icosahedron.
  const LennardJones lj(13);
  auto x = lj13_icosahedron();
  Rng rng(5);
  for (double& v : x) v += 0.3 * rng.symmetric();
  std::vector<double> guess(x.size());
  for (double& v : guess) v = rng.symmetric();
  optim::HefOptions o;
  o.max_steps = 200;
  o.eigen.max_iterations = 100;
  o.eigen.rms_tolerance = 1e-4;
  const optim::HefResult saddle = optim::HybridEigenvectorFollowing(lj, o, true).run(x, guess);
  ASSERT_TRUE(saddle.converged());
  // The program, from that saddle perturbed by up to 0.05 in every coordinate, without a Hessian.
  const std::vector<double> start = perturbed(saddle.x, 17, 0.05);
  const auto dir = scratch_dir("optim-lj13");
  write_file(dir / "odata",
             "BFGSTS 100 10 100 1.0D-4\nNOHESS\nSTEPS 200\nBFGSMIN 1.0D-7\nBFGSSTEPS 2000\nMAXSTEP "
             "0.1\nMAXMAX 0.2\nPUSHOFF 0.05\nDUMPALLPATHS\nENDHESS 3\nPOINTS\n" +
                 points_lines(start, "LA"));
  const RunResult r = run_program("optim", "", dir);
  ASSERT_EQ(r.status, 0) << r.err << r.out;
  EXPECT_NE(r.out.find("transition-state search: transition state after"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("one negative Hessian eigenvalue"), std::string::npos);
  const auto triples = landscape::read_path_info(dir / "path.info", 39, true);
  ASSERT_EQ(triples.size(), 1u) << r.out;
  EXPECT_EQ(negative_count(triples[0].ts), 1);
  EXPECT_NEAR(triples[0].ts.energy, saddle.energy, 1e-7);
  EXPECT_LT(triples[0].min1.energy, triples[0].ts.energy);
  EXPECT_LT(triples[0].min2.energy, triples[0].ts.energy);
  std::filesystem::remove_all(dir);
}

TEST(OptimLj38, DumpdataOfThePerturbedGlobalMinimumMatchesTheTutorialsMinData) {
  // The global minimum is the second entry.
  const std::vector<double> x = perturbed(lj38_reference_minimum(1), 38, 0.03);
  const auto dir = scratch_dir("optim-lj38-dumpdata");
  write_file(dir / "odata",
             "BFGSMIN 1.0D-6\nBFGSSTEPS 5000\nUPDATES 10\nDUMPDATA\nENDHESS 8\nPOINTS\n" +
                 points_lines(x));
  const RunResult r = run_program("optim", "", dir);
  ASSERT_EQ(r.status, 0) << r.err << r.out;
  std::istringstream in(read_file(dir / "min.data.info"));
  double e = 0, lnp = 0, ix = 0, iy = 0, iz = 0;
  int pg = 0;
  ASSERT_TRUE(in >> e >> lnp >> pg >> ix >> iy >> iz) << read_file(dir / "min.data.info");
  EXPECT_NEAR(e, -173.928427, 1e-6);
  EXPECT_NEAR(lnp, 538.6689, 1e-3);
  EXPECT_EQ(pg, 48);  // O h, as in the tutorial's min.data
  for (double m : {ix, iy, iz}) EXPECT_NEAR(m, 61.0912, 1e-3);
  std::vector<double> coords;
  for (double v; in >> v;) coords.push_back(v);
  EXPECT_EQ(coords.size(), 114u);
  EXPECT_NE(r.out.find("0 negative"), std::string::npos) << r.out;
  std::filesystem::remove_all(dir);
}

TEST(OptimProgram, AJobSuffixNamesEveryFile) {
  const auto dir = scratch_dir("optim-suffix");
  const RunResult r = run_lj7_search(dir, "NOFRQS\n", "7");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "path.info.7"));
  EXPECT_FALSE(std::filesystem::exists(dir / "path.info"));
  EXPECT_TRUE(std::filesystem::exists(dir / "EofS.1.7"));
  const auto triples = landscape::read_path_info(dir / "path.info.7", 21, false);
  ASSERT_EQ(triples.size(), 1u);
  EXPECT_TRUE(triples[0].ts.eigenvalues.empty());
  std::filesystem::remove_all(dir);
}

TEST(OptimProgram, HelpVersionAndKeywords) {
  const auto dir = scratch_dir("optim-cli");
  RunResult r = run_program("optim", "--help", dir);
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("usage: optim [N]"), std::string::npos);
  r = run_program("optim", "--version", dir);
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("optim (landscape"), std::string::npos);
  r = run_program("optim", "--keywords", dir);
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("NEWNEB"), std::string::npos);
  r = run_program("optim", "--frobnicate", dir);
  EXPECT_EQ(r.status, 1);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace landscape::testing

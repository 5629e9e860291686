// NEWCONNECT through the program: on Mueller-Brown from the deepest minimum to the second deepest
// through the middle one; on LJ13 from the icosahedron to a minimum several rearrangements away;
// and the LJ38 tutorial's odata and finish, unchanged, connecting the two funnels. In each case
// path.info must hold a chain of valid triples from the start minimum to the finish minimum, every
// transition state of index one.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <deque>
#include <fstream>
#include <functional>

#include "common/geometry/permutational_alignment.hpp"
#include "common/landscape/path_info.hpp"
#include "common/optimize/lbfgs.hpp"
#include "common/potentials/lennard_jones.hpp"
#include "common/random/rng.hpp"
#include "optim/hybrid_eigenvector_following.hpp"
#include "optim/pathway.hpp"
#include "tests/support/clusters.hpp"
#include "tests/support/optim_files.hpp"
#include "tests/support/test_paths.hpp"
#include "tests/unit/optim/optim_structures.hpp"

namespace landscape::testing {
namespace {

using landscape::PathInfoPoint;
using landscape::PathInfoTriple;

/// The minima of a path.info, identified by energy (within energy_tol) and distance (below
/// distance_tol under the given comparison), and the transition states as edges between them.
struct PathGraph {
  std::vector<PathInfoPoint> minima;
  std::vector<std::pair<std::size_t, std::size_t>> edges;  ///< one per triple

  std::size_t place(const PathInfoPoint& m, double energy_tol, double distance_tol,
                    const std::function<double(const std::vector<double>&,
                                               const std::vector<double>&)>& distance) {
    for (std::size_t k = 0; k < minima.size(); ++k)
      if (std::abs(minima[k].energy - m.energy) < energy_tol &&
          distance(minima[k].coords, m.coords) < distance_tol)
        return k;
    minima.push_back(m);
    return minima.size() - 1;
  }
  /// Fewest triples from a to b (empty when not connected).
  std::vector<std::size_t> path(std::size_t a, std::size_t b) const {
    std::vector<std::size_t> via(minima.size(), SIZE_MAX), from(minima.size(), SIZE_MAX);
    std::deque<std::size_t> queue{a};
    from[a] = a;
    while (!queue.empty()) {
      const std::size_t u = queue.front();
      queue.pop_front();
      for (std::size_t e = 0; e < edges.size(); ++e)
        for (const auto& [p, q] : {edges[e], std::pair{edges[e].second, edges[e].first}})
          if (p == u && from[q] == SIZE_MAX) {
            from[q] = u;
            via[q] = e;
            queue.push_back(q);
          }
    }
    std::vector<std::size_t> out;
    if (from[b] == SIZE_MAX || a == b) return out;
    for (std::size_t v = b; v != a; v = from[v]) out.push_back(via[v]);
    return {out.rbegin(), out.rend()};
  }
};

/// Builds the graph of path.info and checks every triple (index one, minima below the TS).
PathGraph check_triples(
    const std::vector<PathInfoTriple>& triples, double energy_tol, double distance_tol,
    const std::function<double(const std::vector<double>&, const std::vector<double>&)>& d) {
  PathGraph g;
  for (const auto& t : triples) {
    EXPECT_EQ(negative_count(t.ts), 1) << "TS E= " << t.ts.energy;
    EXPECT_EQ(negative_count(t.min1), 0);
    EXPECT_EQ(negative_count(t.min2), 0);
    EXPECT_LT(t.min1.energy, t.ts.energy);
    EXPECT_LT(t.min2.energy, t.ts.energy);
    const std::size_t a = g.place(t.min1, energy_tol, distance_tol, d);
    const std::size_t b = g.place(t.min2, energy_tol, distance_tol, d);
    g.edges.emplace_back(a, b);
  }
  return g;
}

std::size_t find_minimum(const PathGraph& g, double energy, double tol) {
  for (std::size_t k = 0; k < g.minima.size(); ++k)
    if (std::abs(g.minima[k].energy - energy) < tol) return k;
  return SIZE_MAX;
}

double euclid(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) s += (a[i] - b[i]) * (a[i] - b[i]);
  return std::sqrt(s);
}

double permutational(const std::vector<double>& a, const std::vector<double>& b) {
  return cluster_distance(a, b);
}

const char* kMuellerBrownKeywords =
    "MUELLERBROWN\nNEWCONNECT 10 3 10.0 30.0 50 0.5 0.01\nDIJKSTRA 2\nNEBK 100.0\nBFGSTS 100 10 "
    "100 1.0D-4\nSTEPS 100\nBFGSMIN 1.0D-8\nBFGSSTEPS 1000\nMAXBFGS 0.05 0.05 0.05 0.05\nPUSHOFF "
    "0.01\nEDIFFTOL 1.0D-6\nGEOMDIFFTOL 1.0D-3\nREOPTIMISEENDPOINTS\n";

TEST(OptimConnectMuellerBrown, DeepestToSecondDeepestThroughTheMiddleMinimum) {
  const auto dir = scratch_dir("optim-connect-mb");
  write_file(dir / "odata", std::string(kMuellerBrownKeywords) +
                                "DUMPALLPATHS\nPATH 10\nVARIABLES\n-0.558\n1.442\n");
  write_file(dir / "finish", "0.623\n0.028\n");
  const RunResult r = run_program("optim", "", dir);
  ASSERT_EQ(r.status, 0) << r.err << r.out;
  EXPECT_NE(r.out.find("connected path found after 1 cycles: 2 transition states"),
            std::string::npos)
      << r.out;
  const auto triples = landscape::read_path_info(dir / "path.info", 2, true);
  const PathGraph g = check_triples(triples, 1e-6, 1e-3, euclid);
  // The three minima of the chain, by position.
  auto at = [&](double x, double y) {
    for (std::size_t k = 0; k < g.minima.size(); ++k)
      if (std::hypot(g.minima[k].coords[0] - x, g.minima[k].coords[1] - y) < 2e-3) return k;
    return SIZE_MAX;
  };
  const std::size_t deep = at(-0.558, 1.442), second = at(0.623, 0.028), middle = at(-0.050, 0.467);
  ASSERT_NE(deep, SIZE_MAX);
  ASSERT_NE(second, SIZE_MAX);
  ASSERT_NE(middle, SIZE_MAX);
  const auto chain = g.path(deep, second);
  ASSERT_EQ(chain.size(), 2u) << "min-TS-min-TS-min";
  // The chain passes through the middle minimum: its first triple joins deep and middle.
  const auto& e0 = g.edges[chain[0]];
  EXPECT_TRUE((e0.first == deep && e0.second == middle) ||
              (e0.first == middle && e0.second == deep));
  EXPECT_NEAR(triples[chain[0]].ts.energy, kMuellerBrownUpperSaddleEnergy, 1e-6);
  // The whole path's energy profile and frames.
  EXPECT_TRUE(std::filesystem::exists(dir / "EofS"));
  EXPECT_TRUE(std::filesystem::exists(dir / "path.xyz"));
  EXPECT_TRUE(std::filesystem::exists(dir / "EofS.2"));
  std::filesystem::remove_all(dir);
}

TEST(OptimConnectMuellerBrown, TimelimitStopsTheRunWithExitStatus124) {
  const auto dir = scratch_dir("optim-connect-mb-timelimit");
  // Used up before the first cycle starts: the run stops at its first safe point.
  write_file(dir / "odata", std::string(kMuellerBrownKeywords) +
                                "TIMELIMIT 1.0D-9\nDUMPALLPATHS\nVARIABLES\n-0.558\n1.442\n");
  write_file(dir / "finish", "0.623\n0.028\n");
  const RunResult r = run_program("optim", "", dir);
  EXPECT_EQ(r.status, 124) << r.err << r.out;
  EXPECT_NE(r.out.find("TIMELIMIT: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("NEWCONNECT: not connected after 0 cycles"), std::string::npos) << r.out;
  EXPECT_EQ(r.err, "");
  std::filesystem::remove_all(dir);
}

TEST(OptimConnectMuellerBrown, DumppathWritesTheConnectedPathInOrder) {
  const auto dir = scratch_dir("optim-connect-mb-dumppath");
  write_file(dir / "odata",
             std::string(kMuellerBrownKeywords) + "DUMPPATH\nNOFRQS\nVARIABLES\n-0.558\n1.442\n");
  write_file(dir / "finish", "0.623\n0.028\n");
  const RunResult r = run_program("optim", "", dir);
  ASSERT_EQ(r.status, 0) << r.err << r.out;
  const auto triples = landscape::read_path_info(dir / "path.info", 2, false);
  ASSERT_EQ(triples.size(), 2u);
  // deep -> middle, then middle -> second.
  EXPECT_LT(std::hypot(triples[0].min1.coords[0] + 0.558, triples[0].min1.coords[1] - 1.442), 2e-3);
  EXPECT_LT(std::hypot(triples[0].min2.coords[0] + 0.050, triples[0].min2.coords[1] - 0.467), 2e-3);
  EXPECT_LT(std::hypot(triples[0].min2.coords[0] - triples[1].min1.coords[0],
                       triples[0].min2.coords[1] - triples[1].min1.coords[1]),
            1e-5);  // the same minimum, reached by the two pathways
  EXPECT_LT(std::hypot(triples[1].min2.coords[0] - 0.623, triples[1].min2.coords[1] - 0.028), 2e-3);
  std::filesystem::remove_all(dir);
}

TEST(OptimConnectLj7, PermdistFindsTheRearrangementOfARelabelledFinish) {
  // The capped octahedron with its atoms listed in another order and rotated: only a permutational
  // alignment (perm.allow: one group of all seven atoms) puts the band's end points in register.
  const auto start = lj7_pentagonal_bipyramid();
  const auto octahedron = lj7_capped_octahedron();
  const std::size_t order[7] = {4, 6, 0, 2, 5, 1, 3};
  std::vector<double> finish;
  for (std::size_t i : order)
    for (int c = 0; c < 3; ++c)
      finish.push_back(octahedron[3 * i + static_cast<std::size_t>(c)] * (c == 1 ? -1.0 : 1.0));
  const auto dir = scratch_dir("optim-connect-lj7");
  write_file(dir / "odata",
             "NEWCONNECT 5 1 10.0 30.0 20 0.0 0.01\nNEBK 10.0\nPERMDIST\nBFGSTS 200 10 100 "
             "1.0D-4\nSTEPS 200\nBFGSMIN 1.0D-8\nBFGSSTEPS 2000\nPUSHOFF 0.05\nEDIFFTOL "
             "1.0D-6\nGEOMDIFFTOL 0.01\nDUMPALLPATHS\nPOINTS\n" +
                 points_lines(start, "LA"));
  write_file(dir / "finish", xyz_lines(finish));
  write_file(dir / "perm.allow", "1\n7 0\n1 2 3 4 5 6 7\n");
  const RunResult r = run_program("optim", "", dir);
  ASSERT_EQ(r.status, 0) << r.err << r.out;
  EXPECT_NE(r.out.find("PERMDIST: 1 groups of permutable atoms from perm.allow"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("connected path found after 1 cycles: 1 transition states"),
            std::string::npos)
      << r.out;
  const auto triples = landscape::read_path_info(dir / "path.info", 21, true);
  ASSERT_GE(triples.size(), 1u);
  const PathGraph g = check_triples(triples, 1e-6, 0.01, permutational);
  const std::size_t a = find_minimum(g, kLj7GlobalMinimum, 1e-6),
                    b = find_minimum(g, kLj7CappedOctahedron, 1e-6);
  ASSERT_NE(a, SIZE_MAX);
  ASSERT_NE(b, SIZE_MAX);
  EXPECT_EQ(g.path(a, b).size(), 1u);
  EXPECT_NEAR(triples[0].ts.energy, kLj7TransitionState, 1e-6);
  EXPECT_EQ(g.minima[a].point_group, "D5h");
  std::filesystem::remove_all(dir);
}

/// A minimum of LJ13 a few rearrangements from the icosahedron: from each minimum, a transition
/// state is searched from a random displacement and followed down; the walk moves to the side
/// farther from the icosahedron.
std::vector<double> lj13_minimum_away(int steps, double& energy) {
  const LennardJones lj(13);
  std::vector<double> x = lj13_icosahedron();
  const std::vector<double> ico = x;
  Rng rng(13);
  optim::HefOptions h;
  h.max_steps = 300;
  h.eigen.max_iterations = 100;
  h.eigen.rms_tolerance = 1e-4;
  optim::PathwayOptions po;
  po.pushoff = 0.05;
  po.minimisation.rms_tolerance = 1e-8;
  po.minimisation.max_iterations = 5000;
  int done = 0;
  for (int attempt = 0; attempt < 40 && done < steps; ++attempt) {
    std::vector<double> start = x, guess(x.size());
    for (double& v : start) v += 0.3 * rng.symmetric();
    for (double& v : guess) v = rng.symmetric();
    const optim::HefResult ts = optim::HybridEigenvectorFollowing(lj, h, true).run(start, guess);
    if (!ts.converged()) continue;
    const optim::Pathway p = optim::follow_pathway(lj, ts.x, ts.energy, ts.eigen.vector, po, true);
    if (!p.plus.result.converged() || !p.minus.result.converged()) continue;
    const double dp = cluster_distance(ico, p.plus.minimum()),
                 dm = cluster_distance(ico, p.minus.minimum());
    const bool touches = std::min(cluster_distance(x, p.plus.minimum()),
                                  cluster_distance(x, p.minus.minimum())) < 1e-3;
    const auto& next = dp > dm ? p.plus.minimum() : p.minus.minimum();
    // Only rearrangements of the current minimum that lead farther away count.
    if (!touches || std::max(dp, dm) <= cluster_distance(ico, x) + 1e-3) continue;
    x = next;
    energy = dp > dm ? p.plus.energy() : p.minus.energy();
    ++done;
  }
  EXPECT_EQ(done, steps);
  return x;
}

TEST(OptimConnectLj13, IcosahedronToAMinimumSeveralRearrangementsAway) {
  double far_energy = 0.0;
  const std::vector<double> far = lj13_minimum_away(3, far_energy);
  const std::vector<double> ico = lj13_icosahedron();
  const double ico_energy = LennardJones(13).energy(ico);
  const auto dir = scratch_dir("optim-connect-lj13");
  write_file(
      dir / "odata",
      "NEWCONNECT 30 2 10.0 30.0 40 1.0 0.02\nNEWNEB 20 600 0.02\nNEBK 10.0\nDIJKSTRA "
      "EXP\nPERMDIST\nRANROT 3\nEDIFFTOL 1.0D-6\nGEOMDIFFTOL 0.05\nBFGSMIN 1.0D-7\nUPDATES 10 "
      "10\nBFGSSTEPS 5000\nPUSHOFF 0.02\nBFGSTS 50 3 25 1.0D-4\nSTEPS 200\nMAXSTEP 0.1\nMAXMAX "
      "0.2\nTRAD 0.2\nNOHESS\nDUMPALLPATHS\nRADIUS 5.0\nPOINTS\n" +
          points_lines(ico, "LA"));
  write_file(dir / "finish", xyz_lines(far));
  const RunResult r = run_program("optim", "", dir);
  ASSERT_EQ(r.status, 0) << r.err << r.out;
  EXPECT_NE(r.out.find("connected path found"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("point group I h (order 120)"), std::string::npos) << r.out;
  const auto triples = landscape::read_path_info(dir / "path.info", 39, true);
  const PathGraph g = check_triples(triples, 1e-6, 0.05, permutational);
  const std::size_t a = find_minimum(g, ico_energy, 1e-6), b = find_minimum(g, far_energy, 1e-6);
  ASSERT_NE(a, SIZE_MAX);
  ASSERT_NE(b, SIZE_MAX);
  const auto chain = g.path(a, b);
  EXPECT_GE(chain.size(), 2u) << "several rearrangements";
  EXPECT_EQ(g.minima[a].pgorder, 120);
  std::filesystem::remove_all(dir);
}

TEST(OptimConnectTutorial, TheLj38OdataAndFinishRunUnchangedAndConnectTheTwoFunnels) {
  const auto ref = lj38_tutorial_dir() / "03_optim";
  const auto dir = scratch_dir("optim-connect-tutorial");
  std::filesystem::copy_file(ref / "odata", dir / "odata");
  std::filesystem::copy_file(ref / "finish", dir / "finish");
  const auto t0 = std::chrono::steady_clock::now();
  const RunResult r = run_program("optim", "", dir);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_LT(seconds, 60.0) << "the real OPTIM takes 2.9 s";
  EXPECT_NE(r.out.find("start point re-optimised (REOPTIMISEENDPOINTS): converged"),
            std::string::npos);
  EXPECT_NE(r.out.find("E= -173.9284265906 point group O h (order 48)"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("E= -173.2523784156 point group C5v (order 10)"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("note: PAIRCOLOUR (odata:32) has no effect in this suite"),
            std::string::npos);
  EXPECT_NE(r.out.find("connected path found"), std::string::npos) << r.out;
  const auto triples = landscape::read_path_info(dir / "path.info", 114, true);
  const PathGraph g =
      check_triples(triples, 1e-6, 0.2, permutational);  // EDIFFTOL and GEOMDIFFTOL of odata
  const std::size_t a = find_minimum(g, -173.928427, 1e-6), b = find_minimum(g, -173.252378, 1e-6);
  ASSERT_NE(a, SIZE_MAX) << "the start minimum is in path.info";
  ASSERT_NE(b, SIZE_MAX) << "the finish minimum is in path.info";
  const auto chain = g.path(a, b);
  EXPECT_GE(chain.size(), 2u);
  EXPECT_EQ(g.minima[a].pgorder, 48);
  EXPECT_EQ(g.minima[a].point_group, "O h");
  EXPECT_EQ(g.minima[b].pgorder, 10);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace landscape::testing

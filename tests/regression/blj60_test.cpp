// BLJ60 end to end, the three programs on the periodic binary Lennard-Jones (48 A + 12 B atoms in
// a cubic box, shifted and truncated; examples/blj60): gmin basin-hops from 60 random positions
// and stores every distinct minimum (DATABASE), each of which must be a true minimum (RMS gradient
// at TIGHTCONV, no negative Hessian eigenvalue besides the 3 translations); optim connects two of
// those minima by NEWCONNECT (examples/blj60's odata keywords), every transition state of index
// one; pathsample builds the database from that path.info (STARTFROMPATH) with BULK and PERMDIST.
// Basin-hopping and bands are chaotic under another BLAS kernel, so the test asserts properties
// and, should the first pair of minima not connect, tries two more.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <deque>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

#include "common/analysis/normal_modes.hpp"
#include "common/io/min_database.hpp"
#include "common/io/text_file.hpp"
#include "common/landscape/path_info.hpp"
#include "common/landscape/system.hpp"
#include "common/linalg/vector_ops.hpp"
#include "tests/support/binary_lj.hpp"
#include "tests/support/optim_files.hpp"
#include "tests/support/test_paths.hpp"

namespace landscape::testing {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kAtoms = 60;
constexpr double kTightConv = 1e-6;  // TIGHTCONV of examples/blj60/gmin/data

fs::path example_dir() { return source_dir() / "examples" / "blj60"; }

/// The system of the example, with its potential.
System blj60_system() {
  SystemRequest r;
  r.potential = "BINARY";
  r.n_coordinates = 3 * kAtoms;
  r.binary = blj60_parameters();
  return make_system(r);
}

/// The identity of the example's optim and pathsample runs (PERMDIST, EDIFFTOL, GEOMDIFFTOL).
StructureMetric blj60_metric(const System& system) {
  StructureMetricSettings keys;
  keys.permutations = true;
  keys.energy_tolerance = 1e-7;
  keys.distance_tolerance = 0.05;
  return system.structure_metric(keys);
}

/// The example's odata up to and including POINTS (its keywords).
std::string odata_keywords() {
  const std::string text = read_file(example_dir() / "optim" / "odata");
  std::istringstream in(text);
  std::string line, out;
  while (std::getline(in, line)) {
    out += line + "\n";
    if (line.rfind("POINTS", 0) == 0) return out;
  }
  ADD_FAILURE() << "examples/blj60/optim/odata has no POINTS line";
  return out;
}

/// The minima of path.info (identified by the metric) and the triples as edges between them.
struct PathGraph {
  std::vector<std::vector<double>> coords;
  std::vector<double> energies;
  std::vector<std::pair<std::size_t, std::size_t>> edges;

  std::size_t place(const std::vector<double>& x, double e, const StructureMetric& metric) {
    for (std::size_t k = 0; k < coords.size(); ++k)
      if (metric.same(coords[k], energies[k], x, e)) return k;
    coords.push_back(x);
    energies.push_back(e);
    return coords.size() - 1;
  }
  bool connected(std::size_t a, std::size_t b) const {
    std::vector<bool> seen(coords.size(), false);
    std::deque<std::size_t> queue{a};
    seen[a] = true;
    while (!queue.empty()) {
      const std::size_t u = queue.front();
      queue.pop_front();
      for (const auto& [p, q] : edges)
        for (const auto& [from, to] : {std::pair{p, q}, std::pair{q, p}})
          if (from == u && !seen[to]) {
            seen[to] = true;
            queue.push_back(to);
          }
    }
    return seen[b];
  }
};

/// Checks every triple of path.info (index one, its minima below it and distinct, 3 zero modes
/// among 180 eigenvalues) and tells whether they join the start minimum to the finish minimum.
bool connects(const std::vector<PathInfoTriple>& triples, const std::vector<double>& start,
              double start_energy, const std::vector<double>& finish, double finish_energy,
              const StructureMetric& metric) {
  PathGraph graph;
  const std::size_t s = graph.place(start, start_energy, metric);
  const std::size_t f = graph.place(finish, finish_energy, metric);
  for (const PathInfoTriple& t : triples) {
    EXPECT_EQ(negative_count(t.ts), 1) << "TS E= " << t.ts.energy;
    EXPECT_EQ(negative_count(t.min1), 0);
    EXPECT_EQ(negative_count(t.min2), 0);
    EXPECT_EQ(t.ts.eigenvalues.size(), 3 * kAtoms);
    EXPECT_GT(t.ts.energy, t.min1.energy);
    EXPECT_GT(t.ts.energy, t.min2.energy);
    const std::size_t p = graph.place(t.min1.coords, t.min1.energy, metric);
    const std::size_t q = graph.place(t.min2.coords, t.min2.energy, metric);
    EXPECT_NE(p, q) << "a triple whose two minima are the same";
    graph.edges.push_back({p, q});
  }
  return graph.connected(s, f);
}

/// Lines of a file that hold something.
std::vector<std::string> data_lines(const fs::path& p) {
  std::vector<std::string> out;
  for (const std::string& l : read_lines(p))
    if (l.find_first_not_of(" \t") != std::string::npos) out.push_back(l);
  return out;
}

TEST(Blj60, GminMinimaOptimConnectionPathsampleDatabase) {
  const auto t0 = std::chrono::steady_clock::now();
  const fs::path dir = scratch_dir("blj60");
  const System system = blj60_system();
  const Potential& blj = system.potential();
  const StructureMetric metric = blj60_metric(system);

  // 1. gmin: basin-hopping from random positions, every distinct minimum into the database.
  const fs::path gmin_dir = dir / "gmin";
  fs::create_directories(gmin_dir);
  for (const char* f : {"data", "coords"}) fs::copy(example_dir() / "gmin" / f, gmin_dir / f);
  const RunResult g = run_program("gmin", "", gmin_dir);
  ASSERT_EQ(g.status, 0) << g.err;
  EXPECT_NE(g.out.find("BINARY: periodic binary Lennard-Jones"), std::string::npos);
  const MinDatabase db = MinDatabase::open(gmin_dir, 3 * kAtoms);
  ASSERT_GE(db.size(), 2u) << "basin-hopping found fewer than two minima:\n" << g.out;
  std::vector<double> grad(3 * kAtoms);
  for (std::size_t i = 0; i < db.size(); ++i) {
    const MinimumRecord& m = db[i];
    const double e = blj.energy_gradient(m.coords, grad);
    EXPECT_NEAR(e, m.energy, 1e-8 * std::abs(e)) << "minimum " << i + 1;
    EXPECT_LE(rms_of(grad), kTightConv) << "minimum " << i + 1;
    const NormalModes modes = normal_modes(blj, m.coords, 3);
    EXPECT_EQ(modes.n_negative, 0u) << "minimum " << i + 1;
    std::vector<double> by_size = modes.eigenvalues;
    std::sort(by_size.begin(), by_size.end(),
              [](double a, double b) { return std::abs(a) < std::abs(b); });
    for (int k = 0; k < 3; ++k)
      EXPECT_LT(std::abs(by_size[k]), 1e-6) << "zero mode " << k << " of minimum " << i + 1;
    EXPECT_GT(by_size[3], 1e-3) << "minimum " << i + 1 << " has a fourth zero mode";
    EXPECT_EQ(m.pgorder, 1);
    EXPECT_NEAR(m.lnprodfreq, modes.lnprodfreq, 1e-6 * std::abs(m.lnprodfreq));
    for (std::size_t j = 0; j < i; ++j)
      EXPECT_FALSE(metric.same(m.coords, m.energy, db[j].coords, db[j].energy))
          << "minima " << j + 1 << " and " << i + 1 << " are the same";
  }

  // 2. optim: NEWCONNECT between two of those minima: first the pairs at distances from 1 to 2.5
  // (usually more than one transition state apart, connected in seconds), closest first; then the
  // closer pairs, largest distance first; then the others, closest first.
  std::vector<std::pair<double, std::pair<std::size_t, std::size_t>>> pairs;
  for (std::size_t i = 0; i < db.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      pairs.push_back({metric.distance(db[i].coords, db[j].coords), {j, i}});
  const auto order = [](double d) {
    return std::pair{d >= 1.0 && d < 2.5 ? 0 : d < 1.0 ? 1 : 2, d < 1.0 ? -d : d};
  };
  std::sort(pairs.begin(), pairs.end(),
            [&](const auto& x, const auto& y) { return order(x.first) < order(y.first); });
  const std::string keywords = odata_keywords();
  const fs::path optim_dir = dir / "optim";
  bool connected = false;
  std::vector<PathInfoTriple> triples;
  for (std::size_t attempt = 0; attempt < std::min<std::size_t>(3, pairs.size()); ++attempt) {
    const auto [a, b] = pairs[attempt].second;
    fs::remove_all(optim_dir);
    fs::create_directories(optim_dir);
    write_file(optim_dir / "odata", keywords + points_lines(db[a].coords, "LS"));
    write_file(optim_dir / "finish", xyz_lines(db[b].coords));
    const RunResult o = run_program("optim", "", optim_dir);
    ASSERT_EQ(o.status, 0) << o.err;
    triples = read_path_info(optim_dir / "path.info", 3 * kAtoms, true);
    connected = connects(triples, db[a].coords, db[a].energy, db[b].coords, db[b].energy, metric);
    std::printf("optim: minima %zu and %zu (distance %.3f): %zu triples, %s\n", a + 1, b + 1,
                pairs[attempt].first, triples.size(), connected ? "connected" : "not connected");
    if (connected) {
      EXPECT_NE(o.out.find("NEWCONNECT: connected"), std::string::npos) << o.out;
      break;
    }
  }
  ASSERT_TRUE(connected) << "optim connected none of the closest pairs of gmin's minima";

  // 3. pathsample: the database from optim's path.info (STARTFROMPATH), BULK and PERMDIST.
  const fs::path ps_dir = dir / "pathsample";
  fs::create_directories(ps_dir);
  for (const char* f : {"pathdata", "perm.allow"})
    fs::copy(example_dir() / "pathsample" / f, ps_dir / f);
  fs::copy(optim_dir / "path.info", ps_dir / "path.info");
  const RunResult p = run_program("pathsample", "", ps_dir);
  ASSERT_EQ(p.status, 0) << p.err;
  const std::vector<std::string> min_data = data_lines(ps_dir / "min.data");
  const std::vector<std::string> ts_data = data_lines(ps_dir / "ts.data");
  ASSERT_GE(min_data.size(), 2u);
  ASSERT_GE(ts_data.size(), 1u);
  EXPECT_LE(ts_data.size(), triples.size());
  EXPECT_EQ(fs::file_size(ps_dir / "points.min"), min_data.size() * 3 * kAtoms * sizeof(double));
  EXPECT_EQ(fs::file_size(ps_dir / "points.ts"), ts_data.size() * 3 * kAtoms * sizeof(double));
  std::vector<double> min_energy;
  for (const std::string& l : min_data) {
    std::istringstream in(l);
    double e, lnprodfreq, pgorder, ix, iy, iz;
    ASSERT_TRUE(in >> e >> lnprodfreq >> pgorder >> ix >> iy >> iz) << l;
    EXPECT_EQ(pgorder, 1) << "a bulk system has no point group";
    EXPECT_EQ(ix, 1.0) << "nor moments of inertia";
    min_energy.push_back(e);
  }
  for (const std::string& l : ts_data) {
    std::istringstream in(l);
    double e, lnprodfreq;
    long long pgorder, m1, m2;
    ASSERT_TRUE(in >> e >> lnprodfreq >> pgorder >> m1 >> m2) << l;
    ASSERT_GE(m1, 1);
    ASSERT_GE(m2, 1);
    ASSERT_LE(m1, static_cast<long long>(min_data.size()));
    ASSERT_LE(m2, static_cast<long long>(min_data.size()));
    EXPECT_NE(m1, m2) << l;
    EXPECT_GT(e, min_energy[m1 - 1]);
    EXPECT_GT(e, min_energy[m2 - 1]);
  }
  EXPECT_TRUE(fs::exists(ps_dir / "min.A"));
  EXPECT_TRUE(fs::exists(ps_dir / "min.B"));
  EXPECT_NE(p.out.find("minimum-image"), std::string::npos) << p.out;
  std::printf(
      "gmin %zu minima; optim %zu triples; pathsample %zu minima, %zu transition states; %.1f s\n",
      db.size(), triples.size(), min_data.size(), ts_data.size(),
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
}

// The example's own connection, as its README runs it: the two minima of optim/odata and
// optim/finish are several transition states apart.
TEST(Blj60, ExampleConnectionOfItsTwoMinima) {
  const fs::path dir = scratch_dir("blj60-example");
  for (const char* f : {"odata", "finish"}) fs::copy(example_dir() / "optim" / f, dir / f);
  const RunResult o = run_program("optim", "", dir);
  ASSERT_EQ(o.status, 0) << o.err;
  const System system = blj60_system();
  const StructureMetric metric = blj60_metric(system);
  std::vector<double> start;
  std::istringstream in(read_file(dir / "odata").substr(odata_keywords().size()));
  std::string symbol;
  double x, y, z;
  while (in >> symbol >> x >> y >> z) start.insert(start.end(), {x, y, z});
  ASSERT_EQ(start.size(), 3 * kAtoms);
  std::vector<double> finish;
  std::istringstream fin(read_file(dir / "finish"));
  while (fin >> x >> y >> z) finish.insert(finish.end(), {x, y, z});
  ASSERT_EQ(finish.size(), 3 * kAtoms);
  const Potential& blj = system.potential();
  const std::vector<PathInfoTriple> triples = read_path_info(dir / "path.info", 3 * kAtoms, true);
  ASSERT_FALSE(triples.empty()) << o.out;
  const bool connected =
      connects(triples, start, blj.energy(start), finish, blj.energy(finish), metric);
  EXPECT_EQ(connected, o.out.find("NEWCONNECT: connected") != std::string::npos) << o.out;
  std::printf("example: %zu triples, %s\n", triples.size(),
              connected ? "connected" : "not connected");
}

}  // namespace
}  // namespace landscape::testing

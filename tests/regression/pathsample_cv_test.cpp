// pathsample's heat capacity on the 64-minimum LJ38 database of tutorial 05 against the harmonic
// superposition formula evaluated here, minimum by minimum; the minima behind each peak; the
// tutorial's own pathdata files accepted unchanged.
#include <cairo.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "tests/support/test_paths.hpp"

namespace landscape::testing {
namespace {

std::filesystem::path tutorial(const std::string& step) { return lj38_tutorial_dir() / step; }

struct Minimum {
  double energy, lnprodfreq;
  int pgorder;
};

std::vector<Minimum> read_minima(const std::filesystem::path& file) {
  std::vector<Minimum> out;
  std::istringstream in(read_file(file));
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream f(line);
    Minimum m{};
    double ix, iy, iz;
    if (f >> m.energy >> m.lnprodfreq >> m.pgorder >> ix >> iy >> iz) out.push_back(m);
  }
  return out;
}

/// ln Z_a = -V_a / T - lnprodfreq_a / 2 - ln pgorder_a (+ kappa ln T, common to all): P_a, then
/// C_V = kappa + (<V^2> - <V>^2) / T^2 and dP_a/dT = P_a (V_a - <V>) / T^2, in long double.
struct Hsa {
  std::vector<long double> p;
  long double mean = 0, cv = 0;
};

Hsa hsa(const std::vector<Minimum>& minima, double kappa, double t) {
  Hsa h;
  std::vector<long double> lnz;
  long double top = -INFINITY;
  for (const auto& m : minima) {
    lnz.push_back(-m.energy / static_cast<long double>(t) - 0.5L * m.lnprodfreq -
                  std::log(static_cast<long double>(m.pgorder)));
    top = std::max(top, lnz.back());
  }
  long double z = 0;
  for (auto v : lnz) z += std::exp(v - top);
  for (auto v : lnz) h.p.push_back(std::exp(v - top) / z);
  for (std::size_t a = 0; a < minima.size(); ++a) h.mean += h.p[a] * minima[a].energy;
  long double var = 0;
  for (std::size_t a = 0; a < minima.size(); ++a)
    var += h.p[a] * (minima[a].energy - h.mean) * (minima[a].energy - h.mean);
  h.cv = kappa + var / (static_cast<long double>(t) * t);
  return h;
}

std::vector<std::pair<double, double>> read_columns(const std::filesystem::path& file) {
  std::vector<std::pair<double, double>> out;
  std::istringstream in(read_file(file));
  double a, b;
  while (in >> a >> b) out.emplace_back(a, b);
  return out;
}

std::vector<std::size_t> first_column(const std::filesystem::path& file) {
  std::vector<std::size_t> out;
  std::istringstream in(read_file(file));
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::size_t a;
    if (f >> a) out.push_back(a);
  }
  return out;
}

std::filesystem::path cv_directory(const std::string& name, const std::string& pathdata) {
  const auto dir = scratch_dir(name);
  std::filesystem::copy_file(tutorial("05_pathsample_expanded") / "min.data.expected",
                             dir / "min.data");
  write_file(dir / "ts.data", "");
  write_file(dir / "pathdata", pathdata);
  return dir;
}

TEST(PathsampleCv, HeatCapacityOfTheSixtyFourMinimaEqualsTheFormula) {
  const auto dir = cv_directory("cv-05", "NATOMS 38\nNOPOINTS\nCV 0.01 0.6 0.002\n");
  const RunResult r = run_program("pathsample", "", dir);
  ASSERT_EQ(r.status, 0) << r.err;
  const auto minima = read_minima(dir / "min.data");
  ASSERT_EQ(minima.size(), 64u);
  const auto cv = read_columns(dir / "Cv.out");
  ASSERT_EQ(cv.size(), 296u);
  EXPECT_DOUBLE_EQ(cv.front().first, 0.01);
  EXPECT_DOUBLE_EQ(cv.back().first, 0.6);
  double largest = 0;
  for (const auto& [t, c] : cv) {
    const double want = static_cast<double>(hsa(minima, 3 * 38 - 6, t).cv);
    EXPECT_NEAR(c, want, 1e-8 * want) << "T = " << t;
    largest = std::max(largest, std::fabs(c - want) / want);
  }
  RecordProperty("largest_relative_difference", std::to_string(largest));
  // The low-temperature limit is the harmonic kappa; the melting region lifts it.
  EXPECT_NEAR(cv.front().second, 108.0, 1e-9);
  EXPECT_GT(
      std::max_element(cv.begin(), cv.end(), [](auto& a, auto& b) { return a.second < b.second; })
          ->second,
      120.0);
  for (const char* f : {"Cv.svg", "Cv.png", "Cv.peaks"})
    EXPECT_TRUE(std::filesystem::exists(dir / f)) << f;
  cairo_surface_t* png = cairo_image_surface_create_from_png((dir / "Cv.png").c_str());
  EXPECT_EQ(cairo_surface_status(png), CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy(png);
  std::filesystem::remove_all(dir);
}

TEST(PathsampleCv, MinPlusAndMinusHoldTheLargestChangesOfOccupation) {
  const double fraction = 0.95;
  const auto dir = cv_directory(
      "cv-05-decode", "NATOMS 38\nNOPOINTS\nCV 0.02 0.5 0.001\nCVFRACTION 0.95\nCVDECODE 0.2\n");
  const RunResult r = run_program("pathsample", "", dir);
  ASSERT_EQ(r.status, 0) << r.err;
  const auto minima = read_minima(dir / "min.data");
  // Cv.peaks: N, kind, T, ...; two peaks (solid-solid, then melting-like) and the named 0.2.
  std::istringstream peaks(read_file(dir / "Cv.peaks"));
  std::string line;
  std::vector<std::pair<std::string, double>> decoded;
  while (std::getline(peaks, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream f(line);
    std::size_t n;
    std::string kind;
    double t;
    f >> n >> kind >> t;
    EXPECT_EQ(n, decoded.size() + 1);
    decoded.emplace_back(kind, t);
  }
  ASSERT_EQ(decoded.size(), 3u);
  EXPECT_EQ(decoded[0].first, "peak");
  EXPECT_EQ(decoded[1].first, "peak");
  EXPECT_EQ(decoded[2].first, "CVDECODE");
  EXPECT_DOUBLE_EQ(decoded[2].second, 0.2);
  // The peaks are maxima of the formula's C_V.
  for (int k = 0; k < 2; ++k) {
    const double t = decoded[static_cast<std::size_t>(k)].second;
    const long double c = hsa(minima, 108, t).cv;
    EXPECT_GE(c, hsa(minima, 108, t - 0.001).cv);
    EXPECT_GE(c, hsa(minima, 108, t + 0.001).cv);
  }
  for (std::size_t k = 0; k < decoded.size(); ++k) {
    SCOPED_TRACE("decoded temperature " + std::to_string(k + 1));
    const double t = decoded[k].second;
    const Hsa h = hsa(minima, 108, t);
    std::vector<long double> dpdt;
    for (std::size_t a = 0; a < minima.size(); ++a)
      dpdt.push_back(h.p[a] * (minima[a].energy - h.mean) / (static_cast<long double>(t) * t));
    for (int sign : {1, -1}) {
      // The independent choice: that sign's minima by |dP/dT|, the fewest covering the fraction.
      std::vector<std::size_t> candidates;
      long double total = 0;
      for (std::size_t a = 0; a < dpdt.size(); ++a)
        if (sign * dpdt[a] > 0) candidates.push_back(a), total += std::fabs(dpdt[a]);
      std::sort(candidates.begin(), candidates.end(),
                [&](auto a, auto b) { return std::fabs(dpdt[a]) > std::fabs(dpdt[b]); });
      std::vector<std::size_t> want;
      long double covered = 0;
      for (std::size_t a : candidates) {
        if (covered >= fraction * total) break;
        want.push_back(a + 1);
        covered += std::fabs(dpdt[a]);
      }
      const auto got =
          first_column(dir / ((sign > 0 ? "min.plus." : "min.minus.") + std::to_string(k + 1)));
      EXPECT_EQ(got, want) << (sign > 0 ? "min.plus" : "min.minus");
      EXPECT_FALSE(got.empty());
    }
  }
  std::filesystem::remove_all(dir);
}

TEST(PathsampleCv, TheFullDatabaseGivesTheSameHeatCapacity) {
  // Without NOPOINTS the points files are checked against the .data files; C_V is the same.
  const auto step = tutorial("05_pathsample_expanded");
  const auto dir = cv_directory("cv-05-points", "NATOMS 38\nCV 0.05 0.3 0.05\n");
  std::filesystem::copy_file(step / "ts.data.expected", dir / "ts.data",
                             std::filesystem::copy_options::overwrite_existing);
  std::filesystem::copy_file(step / "points.min.expected", dir / "points.min");
  std::filesystem::copy_file(step / "points.ts.expected", dir / "points.ts");
  const RunResult r = run_program("pathsample", "", dir);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("64 minima in min.data, 70 transition states in ts.data"), std::string::npos)
      << r.out;
  const auto minima = read_minima(dir / "min.data");
  for (const auto& [t, c] : read_columns(dir / "Cv.out"))
    EXPECT_NEAR(c, static_cast<double>(hsa(minima, 108, t).cv), 1e-8 * c);
  std::filesystem::remove_all(dir);
}

TEST(PathsampleCv, NetworkDatabasesCountTheWeights) {
  // MLP3 2 3 2 has 12 weights: kappa = 12, whatever NATOMS would say for atoms.
  const auto dir = scratch_dir("cv-network");
  write_file(dir / "min.data", "0.30 -10.0 1 1 1 1\n0.35 -14.0 1 1 1 1\n0.50 -20.0 1 1 1 1\n");
  write_file(dir / "pathdata", "MLP3 2 3 2 100\nNOPOINTS\nCV 0.01 0.2 0.01\n");
  const RunResult r = run_program("pathsample", "", dir);
  ASSERT_EQ(r.status, 0) << r.err;
  const auto minima = read_minima(dir / "min.data");
  for (const auto& [t, c] : read_columns(dir / "Cv.out"))
    EXPECT_NEAR(c, static_cast<double>(hsa(minima, 12, t).cv), 1e-8 * c);
  std::filesystem::remove_all(dir);
}

TEST(PathsampleCv, TheTutorialPathdataRunsUnchangedUpToItsExecLine) {
  // 04 builds its database (pathsample_database_test compares it with PATHSAMPLE's); 05 opens its
  // database and starts a campaign, stopped by the tutorial's EXEC path, which is checked only now.
  for (const char* step : {"04_pathsample", "05_pathsample_expanded"}) {
    SCOPED_TRACE(step);
    const auto dir = scratch_dir(std::string("pathdata-") + step);
    for (const auto& e : std::filesystem::directory_iterator(tutorial(step)))
      std::filesystem::copy_file(e.path(), dir / e.path().filename());
    const RunResult r = run_program("pathsample", "", dir);
    EXPECT_NE(r.out.find("note: TEMPERATURE (pathdata:11) has no effect"), std::string::npos)
        << r.out;
    if (std::string(step) == "04_pathsample") {
      EXPECT_EQ(r.status, 0) << r.err;
      EXPECT_NE(r.out.find("wrote min.A (minimum 1) and min.B (minimum 2)"), std::string::npos)
          << r.out;
    } else {
      EXPECT_EQ(r.status, 1) << r.err;
      EXPECT_NE(
          r.err.find(
              "pathdata:4: EXEC: /home/energy/workshop/binaries/OPTIM: No such file or directory"),
          std::string::npos)
          << r.err;
      EXPECT_EQ(read_file(dir / "min.data"),
                read_file(tutorial(step) / "min.data"));  // nothing changed
    }
    std::filesystem::remove_all(dir);
  }
}

}  // namespace
}  // namespace landscape::testing

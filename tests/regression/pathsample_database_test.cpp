// pathsample's database and campaigns on the LJ38 tutorial: STARTFROMPATH (tutorial 04) against
// the real PATHSAMPLE's files, the same database through ADDPATH and through MERGEDB of two halves,
// an UNTRAP campaign at CPUS 2 from the tutorial 05 database (its first pairs checked against the
// rule evaluated here), and a campaign killed twice with SIGKILL and restarted.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <set>
#include <sstream>
#include <thread>

#include "common/io/min_database.hpp"
#include "common/io/ts_database.hpp"
#include "common/landscape/structure_metric.hpp"
#include "tests/support/test_paths.hpp"

namespace landscape::testing {
namespace {

namespace fs = std::filesystem;

fs::path tutorial(const std::string& step) { return lj38_tutorial_dir() / step; }

/// Copies a tutorial directory into a fresh scratch directory (writable copies).
fs::path copy_tutorial(const std::string& step, const std::string& name) {
  const fs::path dir = scratch_dir(name);
  for (const auto& e : fs::directory_iterator(tutorial(step))) {
    fs::copy_file(e.path(), dir / e.path().filename());
    fs::permissions(dir / e.path().filename(), fs::perms::owner_write, fs::perm_options::add);
  }
  return dir;
}

std::vector<std::vector<std::string>> table(const fs::path& file) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(read_file(file));
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::vector<std::string> row;
    std::string w;
    while (f >> w) row.push_back(w);
    if (!row.empty()) rows.push_back(row);
  }
  return rows;
}

/// min.data or ts.data against the real program's: energies to 1e-6, lnprodfreq to 1e-3,
/// pgorder exactly, the two minima of a transition state exactly, moments of inertia to 1e-4.
void expect_same_table(const fs::path& ours, const fs::path& expected, bool ts) {
  const auto a = table(ours), b = table(expected);
  ASSERT_EQ(a.size(), b.size()) << ours;
  for (std::size_t i = 0; i < a.size(); ++i) {
    SCOPED_TRACE(ours.filename().string() + " line " + std::to_string(i + 1));
    ASSERT_EQ(a[i].size(), b[i].size());
    EXPECT_NEAR(std::stod(a[i][0]), std::stod(b[i][0]), 1e-6);
    EXPECT_NEAR(std::stod(a[i][1]), std::stod(b[i][1]), 1e-3);
    EXPECT_EQ(a[i][2], b[i][2]);
    const std::size_t first_inertia = ts ? 5 : 3;
    if (ts) {
      EXPECT_EQ(a[i][3], b[i][3]);
      EXPECT_EQ(a[i][4], b[i][4]);
    }
    for (std::size_t k = first_inertia; k < first_inertia + 3; ++k)
      EXPECT_NEAR(std::stod(a[i][k]), std::stod(b[i][k]), 1e-4);
  }
}

/// The pathdata of tutorial 04 with its database step replaced.
std::string pathdata_with(const fs::path&, const std::string& from, const std::string& to) {
  std::string text = read_file(tutorial("04_pathsample") / "pathdata");
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

landscape::StructureMetric lj38_metric() {
  landscape::StructureMetricSettings s;
  s.atoms = true;
  s.permutations = true;
  s.random_orientations = 5;
  s.energy_tolerance = 1e-6;
  s.distance_tolerance = 0.2;
  return landscape::StructureMetric(s);
}

/// A database the next run can open: every points file has a record per line, every ts.data line
/// names existing minima, and no two minima (or transition states) are the same stationary point.
void expect_consistent_database(const fs::path& dir) {
  const MinDatabase minima = MinDatabase::open(dir, 114);
  const TsDatabase ts = TsDatabase::open(dir, 114, minima.size());
  EXPECT_EQ(fs::file_size(dir / "points.min"), minima.size() * 114 * 8);
  EXPECT_EQ(fs::file_size(dir / "points.ts"), ts.size() * 114 * 8);
  EXPECT_EQ(table(dir / "min.data").size(), minima.size());
  EXPECT_EQ(table(dir / "ts.data").size(), ts.size());
  for (const auto& t : ts.records()) {
    EXPECT_GE(t.min1, 1u);
    EXPECT_LE(t.min1, minima.size());
    EXPECT_GE(t.min2, 1u);
    EXPECT_LE(t.min2, minima.size());
  }
  // A point stored twice (what a restart that forgot its first append would leave) has the same
  // energy and, after alignment, coordinates equal to optim's convergence: far below half of
  // GEOMDIFFTOL. (Pairs near GEOMDIFFTOL itself are left to the identity rule: the alignment with
  // random orientations is not exactly symmetric, and ITOL takes part in pathsample's rule.)
  const auto metric = lj38_metric();
  auto twice = [&](const std::vector<double>& a, double ea, const std::vector<double>& b,
                   double eb) { return std::abs(ea - eb) < 1e-6 && metric.distance(a, b) < 0.1; };
  for (std::size_t i = 0; i < minima.size(); ++i)
    for (std::size_t j = i + 1; j < minima.size(); ++j)
      EXPECT_FALSE(twice(minima[i].coords, minima[i].energy, minima[j].coords, minima[j].energy))
          << "minima " << i + 1 << " and " << j + 1 << " are the same";
  for (std::size_t i = 0; i < ts.size(); ++i)
    for (std::size_t j = i + 1; j < ts.size(); ++j)
      EXPECT_FALSE(twice(ts[i].coords, ts[i].energy, ts[j].coords, ts[j].energy))
          << "transition states " << i + 1 << " and " << j + 1 << " are the same";
}

TEST(PathsampleDatabase, Tutorial04StartFromPathGivesThePathsampleDatabase) {
  const fs::path dir = copy_tutorial("04_pathsample", "ps-t04");
  const RunResult r = run_program("pathsample", "", dir);
  ASSERT_EQ(r.status, 0) << r.err << r.out;
  expect_same_table(dir / "min.data", dir / "min.data.expected", false);
  expect_same_table(dir / "ts.data", dir / "ts.data.expected", true);
  EXPECT_EQ(table(dir / "min.A"), (std::vector<std::vector<std::string>>{{"1"}, {"1"}}));
  EXPECT_EQ(table(dir / "min.B"), (std::vector<std::vector<std::string>>{{"1"}, {"2"}}));
  // The coordinates are those of path.info, as PATHSAMPLE stores them.
  EXPECT_EQ(read_file(dir / "points.min"), read_file(dir / "points.min.expected"));
  EXPECT_EQ(read_file(dir / "points.ts"), read_file(dir / "points.ts.expected"));
  // A second run refuses to overwrite min.A and changes nothing.
  const std::string before = read_file(dir / "min.data");
  const RunResult again = run_program("pathsample", "", dir);
  EXPECT_EQ(again.status, 1);
  EXPECT_NE(again.err.find("pathdata:20: STARTFROMPATH: min.A already exists"), std::string::npos)
      << again.err;
  EXPECT_EQ(read_file(dir / "min.data"), before);
}

TEST(PathsampleDatabase, AddPathIntoAnEmptyDirectoryGivesTheSameDatabase) {
  const fs::path dir = copy_tutorial("04_pathsample", "ps-addpath");
  write_file(dir / "pathdata", pathdata_with(dir, "STARTFROMPATH  path.info.initial 1 2",
                                             "ADDPATH path.info.initial"));
  write_file(dir / "min.A", "1\n1\n");
  write_file(dir / "min.B", "1\n2\n");
  const RunResult r = run_program("pathsample", "", dir);
  ASSERT_EQ(r.status, 0) << r.err << r.out;
  expect_same_table(dir / "min.data", dir / "min.data.expected", false);
  expect_same_table(dir / "ts.data", dir / "ts.data.expected", true);
  EXPECT_EQ(read_file(dir / "points.min"), read_file(dir / "points.min.expected"));
  EXPECT_EQ(read_file(dir / "points.ts"), read_file(dir / "points.ts.expected"));
  EXPECT_EQ(read_file(dir / "min.A"), "1\n1\n");  // ADDPATH leaves A and B alone
}

TEST(PathsampleDatabase, MergeDbOfTwoHalvesGivesTheSameDatabase) {
  const fs::path dir = copy_tutorial("04_pathsample", "ps-merge");
  // path.info.initial holds 13 triples of 3 x 78 lines: the first 6 and the last 7.
  std::istringstream in(read_file(dir / "path.info.initial"));
  std::string line, first, second;
  for (int n = 0; std::getline(in, line); ++n) (n < 6 * 234 ? first : second) += line + '\n';
  write_file(dir / "half1", first);
  fs::create_directory(dir / "other");
  write_file(dir / "other" / "half2", second);
  write_file(dir / "other" / "pathdata",
             pathdata_with(dir, "STARTFROMPATH  path.info.initial 1 2", "STARTFROMPATH half2 1 2"));
  write_file(dir / "pathdata",
             pathdata_with(dir, "STARTFROMPATH  path.info.initial 1 2", "STARTFROMPATH half1 1 2"));
  RunResult r = run_program("pathsample", "", dir / "other");
  ASSERT_EQ(r.status, 0) << r.err << r.out;
  r = run_program("pathsample", "", dir);
  ASSERT_EQ(r.status, 0) << r.err << r.out;
  EXPECT_LT(table(dir / "min.data").size(), 12u);  // each half alone is not the whole database
  fs::remove(dir / "min.A");
  write_file(dir / "pathdata",
             pathdata_with(dir, "STARTFROMPATH  path.info.initial 1 2", "MERGEDB other"));
  write_file(dir / "min.A", "1\n1\n");
  r = run_program("pathsample", "", dir);
  ASSERT_EQ(r.status, 0) << r.err << r.out;
  expect_same_table(dir / "min.data", dir / "min.data.expected", false);
  expect_same_table(dir / "ts.data", dir / "ts.data.expected", true);
  EXPECT_EQ(read_file(dir / "points.min"), read_file(dir / "points.min.expected"));
  EXPECT_EQ(read_file(dir / "points.ts"), read_file(dir / "points.ts.expected"));
  // min.A keeps its minimum 1 first and gains the other database's A minimum (renumbered) unless
  // it is the same one.
  const auto a = table(dir / "min.A");
  ASSERT_GE(a.size(), 2u);
  EXPECT_EQ(a[1][0], "1");
  EXPECT_EQ(std::stoul(a[0][0]) + 1, a.size());
  for (std::size_t i = 1; i < a.size(); ++i) EXPECT_LE(std::stoul(a[i][0]), 12u);
}

/// Tutorial 05's pathdata with EXEC pointing at our optim and the campaign made short.
void short_campaign(const fs::path& dir, int cycles, int cpus) {
  std::string text = read_file(dir / "pathdata");
  auto set = [&](const std::string& key, const std::string& value) {
    const auto at = text.find(key);
    ASSERT_NE(at, std::string::npos) << key;
    text.replace(at, text.find('\n', at) - at, key + " " + value);
  };
  set("EXEC", (bin_dir() / "optim").string());
  set("CPUS", std::to_string(cpus));
  set("CYCLES", std::to_string(cycles));
  write_file(dir / "pathdata", text);
}

/// Replaces the tutorial's UNTRAP line (the keyword, not the comment naming it) by strategy.
void choose_pairs_by(const fs::path& dir, const std::string& strategy) {
  std::string text = read_file(dir / "pathdata");
  const std::size_t at = text.find("\nUNTRAP") + 1;
  text.replace(at, text.find('\n', at) - at, strategy);
  write_file(dir / "pathdata", text);
}

/// The first UNTRAP pairs by the rule of the PATHSAMPLE manual, evaluated independently: minimax
/// barriers to the global minimum by Floyd-Warshall, the levels E_gm + l einc, the ratio
/// barrier / (E - E_gm), and the product set's members ranked by distance.
std::vector<std::pair<std::size_t, std::size_t>> first_untrap_pairs(const fs::path& dir,
                                                                    double einc, std::size_t n) {
  const MinDatabase minima = MinDatabase::open(dir, 114);
  const TsDatabase ts = TsDatabase::open(dir, 114, minima.size());
  const std::size_t nm = minima.size();
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<std::vector<double>> mm(nm, std::vector<double>(nm, inf));
  std::vector<int> connections(nm, 0);
  for (const auto& t : ts.records()) {
    if (t.min1 == t.min2) continue;
    ++connections[t.min1 - 1];
    ++connections[t.min2 - 1];
    double& e = mm[t.min1 - 1][t.min2 - 1];
    e = std::min(e, t.energy);
    mm[t.min2 - 1][t.min1 - 1] = e;
  }
  for (std::size_t k = 0; k < nm; ++k)
    for (std::size_t i = 0; i < nm; ++i)
      for (std::size_t j = 0; j < nm; ++j)
        mm[i][j] = std::min(mm[i][j], std::max(mm[i][k], mm[k][j]));
  std::size_t gm = 0;
  for (std::size_t i = 0; i < nm; ++i)
    if (connections[i] > 0 && minima[i].energy < minima[gm].energy) gm = i;
  const double egm = minima[gm].energy;
  struct Cand {
    std::size_t i;
    double ratio;
    int level;
  };
  std::vector<Cand> cands;
  for (std::size_t i = 0; i < nm; ++i) {
    if (i == gm || connections[i] == 0 || mm[gm][i] == inf) continue;
    int level = 1;
    while (!(mm[gm][i] < egm + level * einc)) ++level;
    const double barrier = egm + level * einc - minima[i].energy;
    cands.push_back({i, barrier / std::max(minima[i].energy - egm, 1e-10), level});
  }
  std::stable_sort(cands.begin(), cands.end(),
                   [](const Cand& a, const Cand& b) { return a.ratio > b.ratio; });
  const auto metric = lj38_metric();
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  for (const Cand& c : cands) {
    std::vector<std::pair<double, std::size_t>> partners;  // the product set, closest first
    for (std::size_t j = 0; j < nm; ++j)
      if (j == gm || (connections[j] > 0 && mm[gm][j] < egm + (c.level - 1) * einc))
        partners.push_back({metric.distance(minima[c.i].coords, minima[j].coords), j});
    std::sort(partners.begin(), partners.end());
    for (const auto& [d, j] : partners) {
      pairs.push_back({std::min(c.i, j) + 1, std::max(c.i, j) + 1});
      if (pairs.size() == n) return pairs;
    }
  }
  return pairs;
}

/// The pairs of the first n jobs started, from pathsample's log ("job 1 started: ... connecting
/// minima 8 and 4 ..."); pairs.data lists them in the order the jobs end, which depends on timing.
std::set<std::pair<std::size_t, std::size_t>> started_pairs(const std::string& log, std::size_t n) {
  std::set<std::pair<std::size_t, std::size_t>> out;
  for (std::size_t job = 1; job <= n; ++job) {
    const auto at = log.find("job " + std::to_string(job) + " started:");
    if (at == std::string::npos) break;
    const auto m = log.find("connecting minima ", at);
    std::istringstream in(log.substr(m + 18, 40));
    std::size_t a = 0, b = 0;
    std::string and_word;
    in >> a >> and_word >> b;
    out.insert({std::min(a, b), std::max(a, b)});
  }
  return out;
}

TEST(PathsampleCampaign, Tutorial05UntrapAtCpus2AddsConsistentStationaryPoints) {
  const fs::path dir = copy_tutorial("05_pathsample_expanded", "ps-t05");
  short_campaign(dir, 2, 2);
  const auto expected_first = first_untrap_pairs(dir, 0.035, 2);
  const RunResult r = run_program("pathsample", "", dir);
  ASSERT_EQ(r.status, 0) << r.err << r.out;
  EXPECT_NE(r.out.find("campaign: 4 jobs (0 failed)"), std::string::npos) << r.out;
  SCOPED_TRACE("pathsample's log:\n" + r.out);
  // The first two jobs start before either ends: the top-ranked minimum with its two closest
  // product minima.
  ASSERT_EQ(expected_first.size(), 2u);
  EXPECT_EQ(started_pairs(r.out, 2), std::set(expected_first.begin(), expected_first.end()));
  EXPECT_EQ(table(dir / "pairs.data").size(), 4u);
  EXPECT_GT(table(dir / "min.data").size(), 12u);
  EXPECT_GT(table(dir / "ts.data").size(), 11u);
  // The tutorial's database is kept as it was, line for line, with new entries after it.
  const auto before = table(tutorial("05_pathsample_expanded") / "min.data");
  const auto after = table(dir / "min.data");
  for (std::size_t i = 0; i < before.size(); ++i) EXPECT_EQ(after[i], before[i]);
  expect_consistent_database(dir);
  // No job file is left: odata.N, finish.N, path.info.N, and what PATH writes (EofS.N and
  // path.xyz.N for a connected path, EofS.K.N and path.K.xyz.N per transition state).
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    for (const char* stem : {"odata.", "finish.", "path.", "EofS"})
      EXPECT_TRUE(name.rfind(stem, 0) != 0 || name == "odata.connect") << name;
  }
}

TEST(PathsampleDatabase, ExtractMinAndExtractTsWriteTheStoredCoordinates) {
  const fs::path dir = copy_tutorial("05_pathsample_expanded", "ps-extract");
  write_file(dir / "pathdata", "NATOMS 38\nEXTRACTMIN 2\nEXTRACTTS 0\n");
  const RunResult r = run_program("pathsample", "", dir);
  ASSERT_EQ(r.status, 0) << r.err << r.out;
  const MinDatabase minima = MinDatabase::open(dir, 114);
  const TsDatabase ts = TsDatabase::open(dir, 114, minima.size());
  auto numbers = [](const fs::path& f) {
    std::vector<double> v;
    for (const auto& row : table(f))
      for (const auto& w : row) v.push_back(std::stod(w));
    return v;
  };
  const auto one = numbers(dir / "extractmin");
  ASSERT_EQ(one.size(), 114u);
  for (std::size_t k = 0; k < 114; ++k) EXPECT_NEAR(one[k], minima[1].coords[k], 1e-12);
  const auto all = numbers(dir / "extractts");
  ASSERT_EQ(all.size(), 114u * ts.size());
  for (std::size_t t = 0; t < ts.size(); ++t)
    for (std::size_t k = 0; k < 114; ++k) EXPECT_NEAR(all[t * 114 + k], ts[t].coords[k], 1e-12);
  // Out of range: an error that names the count.
  write_file(dir / "pathdata", "NATOMS 38\nEXTRACTMIN 13\n");
  const RunResult bad = run_program("pathsample", "", dir);
  EXPECT_EQ(bad.status, 1);
  EXPECT_NE(bad.err.find("pathdata:2: EXTRACTMIN: minimum 13 does not exist (the database has 12)"),
            std::string::npos)
      << bad.err;
}

TEST(PathsampleDatabase, AWrongNatomsIsReportedAsASystemSizeMismatchAndChangesNothing) {
  const fs::path dir = copy_tutorial("05_pathsample_expanded", "ps-natoms");
  const std::string points_min = read_file(dir / "points.min"),
                    points_ts = read_file(dir / "points.ts");
  // 37 atoms against a database of 38: 12 x 912 bytes is 12 records of 888 plus 288 bytes, which
  // would look like a torn tail; both tables agree on 114 doubles a record.
  for (const char* work : {"CYCLES 0\n", "EXTRACTMIN 1\n"}) {
    write_file(dir / "pathdata", std::string("NATOMS 37\n") + work);
    const RunResult r = run_program("pathsample", "", dir);
    EXPECT_EQ(r.status, 2) << r.out;
    EXPECT_EQ(r.err.find("pathsample: the system size does not match the database: points.min "
                         "holds exactly 12 records of 114 doubles"),
              0u)
        << r.err;
    EXPECT_NE(r.err.find("points.min 10944 bytes, points.ts 10032 bytes; nothing was changed"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(r.out.find("repaired"), std::string::npos) << r.out;
    EXPECT_EQ(read_file(dir / "points.min"), points_min);
    EXPECT_EQ(read_file(dir / "points.ts"), points_ts);
  }
  // A network shape that does not match a database of minima only (min.data + points.min).
  const fs::path net = scratch_dir("ps-shape");
  for (const char* f : {"min.data", "points.min", "MLPdata"})
    fs::copy_file(source_dir() / "examples" / "spiral_mlsup" / f, net / f);
  const std::string net_points = read_file(net / "points.min");
  write_file(net / "pathdata", "MLPVB3 2 1 4 2 400 1.0D-5\nCV 0.01 0.1 0.01\n");
  const RunResult r = run_program("pathsample", "", net);
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.err.find("the system size does not match the database: points.min holds exactly 87 "
                       "records of 17 doubles, one for each line of min.data, but MLPVB3"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(read_file(net / "points.min"), net_points);
  fs::remove_all(dir);
  fs::remove_all(net);
}

TEST(PathsampleDatabase, ATornTailIsCutBackAndLoggedAMismatchInTheMiddleChangesNothing) {
  const fs::path dir = copy_tutorial("05_pathsample_expanded", "ps-torn");
  const std::string min_data = read_file(dir / "min.data"), ts_data = read_file(dir / "ts.data");
  const std::string points_min = read_file(dir / "points.min"),
                    points_ts = read_file(dir / "points.ts");
  // What a kill in the middle of appends leaves: a minimum's record without its line, and half a
  // transition state's record and line.
  write_file(dir / "points.min", points_min + points_min.substr(0, 114 * 8));
  write_file(dir / "points.ts", points_ts + points_ts.substr(0, 100));
  write_file(dir / "ts.data", ts_data + "    -170.1 520.3 1 3");
  write_file(dir / "pathdata", "NATOMS 38\nEXTRACTMIN 1\n");
  RunResult r = run_program("pathsample", "", dir);
  ASSERT_EQ(r.status, 0) << r.err << r.out;
  EXPECT_NE(
      r.out.find(
          "repaired the database: points.min: removed record 13 (912 bytes), which had no line in "
          "min.data"),
      std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("repaired the database: ts.data: removed an incomplete last line"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("repaired the database: points.ts: removed a partial record of 100 bytes"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(read_file(dir / "min.data"), min_data);
  EXPECT_EQ(read_file(dir / "ts.data"), ts_data);
  EXPECT_EQ(read_file(dir / "points.min"), points_min);
  EXPECT_EQ(read_file(dir / "points.ts"), points_ts);
  // A record missing in the middle is no torn tail: an error naming both counts, nothing changed.
  const std::string short_points = points_min.substr(0, 10 * 114 * 8);
  write_file(dir / "points.min", short_points);
  r = run_program("pathsample", "", dir);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("min.data has 12 minima but points.min holds 10 records of 114 doubles"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(read_file(dir / "points.min"), short_points);
  EXPECT_EQ(read_file(dir / "ts.data"), ts_data);
}

/// Runs pathsample in dir (a copy of tutorial 05) for a short campaign of cycles cycles at one
/// CPU whose pairs strategy chooses.
RunResult campaign_choosing_by(const fs::path& dir, int cycles, const std::string& strategy) {
  short_campaign(dir, cycles, 1);
  choose_pairs_by(dir, strategy);
  return run_program("pathsample", "", dir);
}

TEST(PathsampleCampaign, JobsThatRefuseTheirInputStopTheCampaignAndLeaveTheirPairsUntried) {
  const fs::path dir = copy_tutorial("05_pathsample_expanded", "ps-input-failure");
  short_campaign(dir, 3, 2);
  const std::string good = read_file(dir / "odata.connect");
  std::string typo = good;
  typo.replace(typo.find("NEBK"), 4, "NEBKK");  // what a tired user types
  write_file(dir / "odata.connect", typo);
  const std::string min_data = read_file(dir / "min.data");
  RunResult r = run_program("pathsample", "", dir);
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.err.find("every optim job of the first cycle failed on its input"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("NEBKK"), std::string::npos) << "the first job's error is shown: " << r.err;
  EXPECT_NE(r.out.find("the pair is not marked as tried"), std::string::npos) << r.out;
  // The first two jobs to end decide; one more may have started meanwhile, not a fourth.
  EXPECT_EQ(r.out.find("job 4 started"), std::string::npos) << r.out;
  EXPECT_TRUE(!fs::exists(dir / "pairs.data") || read_file(dir / "pairs.data").empty());
  EXPECT_EQ(read_file(dir / "min.data"), min_data);
  // Fixed, the same campaign runs, and its pairs are marked.
  write_file(dir / "odata.connect", good);
  short_campaign(dir, 1, 1);
  r = run_program("pathsample", "", dir);
  ASSERT_EQ(r.status, 0) << r.err << r.out;
  EXPECT_NE(r.out.find("0 pairs tried before"), std::string::npos) << r.out;
  EXPECT_FALSE(read_file(dir / "pairs.data").empty());
  fs::remove_all(dir);
}

TEST(PathsampleCampaign, DijinitStopsWhenTheAAndBMinimaAreConnected) {
  // The tutorial's database joins minimum 2 (min.A) to minimum 8 (min.B): no pair is left to try.
  const fs::path dir = copy_tutorial("05_pathsample_expanded", "ps-dijinit");
  const RunResult r = campaign_choosing_by(dir, 2, "DIJINITCONT 1");
  ASSERT_EQ(r.status, 0) << r.err << r.out;
  EXPECT_NE(r.out.find("DIJINITSTART: the A and B minima are connected"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("campaign: 0 jobs"), std::string::npos) << r.out;
  EXPECT_EQ(read_file(dir / "min.data"),
            read_file(tutorial("05_pathsample_expanded") / "min.data"));
}

TEST(PathsampleCampaign, ConnectRegionTriesAnUnjoinedPairCloserThanItsDistance) {
  const fs::path dir = copy_tutorial("05_pathsample_expanded", "ps-region");
  const RunResult r = campaign_choosing_by(dir, 1, "CONNECTREGION 1 2 3.0");
  ASSERT_EQ(r.status, 0) << r.err << r.out;
  const auto pairs = table(dir / "pairs.data");
  ASSERT_EQ(pairs.size(), 1u) << r.out;
  const std::size_t a = std::stoul(pairs[0][0]), b = std::stoul(pairs[0][1]);
  // The first pair of the double loop from (1, 2) that no transition state joins and is closer
  // than 3.
  const MinDatabase minima = MinDatabase::open(tutorial("05_pathsample_expanded"), 114);
  const auto ts =
      read_ts_data(tutorial("05_pathsample_expanded") / "ts.data", "ts.data", minima.size());
  auto joined = [&](std::size_t i, std::size_t j) {
    for (const auto& t : ts)
      if ((t.min1 == i && t.min2 == j) || (t.min1 == j && t.min2 == i)) return true;
    return false;
  };
  const auto metric = lj38_metric();
  std::pair<std::size_t, std::size_t> expected{0, 0};
  for (std::size_t i = 1; i <= minima.size() && expected.first == 0; ++i)
    for (std::size_t j = i + 1; j <= minima.size(); ++j)
      if (!joined(i, j) && metric.distance(minima[i - 1].coords, minima[j - 1].coords) < 3.0) {
        expected = {i, j};
        break;
      }
  EXPECT_EQ(std::make_pair(std::min(a, b), std::max(a, b)), expected);
  expect_consistent_database(dir);
}

/// Starts pathsample in dir without waiting; its output goes to dir/log.N.
pid_t start_pathsample(const fs::path& dir, int n) {
  const std::string program = (bin_dir() / "pathsample").string();
  const std::string log = (dir / ("log." + std::to_string(n))).string();
  const pid_t pid = fork();
  if (pid == 0) {
    if (chdir(dir.c_str()) != 0) _exit(127);
    const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
    }
    execl(program.c_str(), "pathsample", static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

/// Waits until file contains text (or timeout); returns whether it did.
bool wait_for_text(const fs::path& file, const std::string& text, std::chrono::seconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    if (fs::exists(file) && read_file(file).find(text) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

TEST(PathsampleCampaign, CampaignKilledTwiceRestartsToAConsistentDatabase) {
  const fs::path dir = copy_tutorial("05_pathsample_expanded", "ps-kill");
  // Killed mid-campaign, whatever the machine's speed: once a job has been merged (the first run)
  // and while merging (the second), with jobs running; a campaign far too long to end first.
  short_campaign(dir, 40, 2);
  const char* const kWhen[] = {"job 3 started", "job 2 done"};
  for (int k = 0; k < 2; ++k) {
    const pid_t pid = start_pathsample(dir, k);
    ASSERT_GT(pid, 0);
    const fs::path log = dir / ("log." + std::to_string(k));
    EXPECT_TRUE(wait_for_text(log, kWhen[k], std::chrono::seconds(120))) << read_file(log);
    if (k == 1) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFSIGNALED(status)) << "pathsample ended before it was killed; see " << log;
  }
  short_campaign(dir, 3, 2);
  const pid_t pid = start_pathsample(dir, 2);
  SCOPED_TRACE("logs in " + dir.string());
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << read_file(dir / "log.2");
  EXPECT_NE(read_file(dir / "log.2").find("campaign: 6 jobs"), std::string::npos)
      << read_file(dir / "log.2");
  EXPECT_GT(table(dir / "min.data").size(), 12u);
  // Every pair in pairs.data is a pair whose job was merged: none is there twice.
  const auto pairs = table(dir / "pairs.data");
  std::set<std::pair<std::size_t, std::size_t>> distinct;
  for (const auto& row : pairs) {
    const std::size_t a = std::stoul(row[0]), b = std::stoul(row[1]);
    distinct.insert({std::min(a, b), std::max(a, b)});
  }
  EXPECT_EQ(distinct.size(), pairs.size());
  expect_consistent_database(dir);
}

}  // namespace
}  // namespace landscape::testing

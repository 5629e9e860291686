// pathsample/database_building: the layout of a path file (DUMPALLPATHS triples or the older
// min-TS-...-min path, with or without frequencies) told apart and cut into triples; ADDPATH's
// counts, its log and a second identical ADDPATH adding nothing; STARTFROMPATH's min.A and min.B
// (on the LJ38 tutorial against the real PATHSAMPLE's database); MERGEDB of two halves equal to
// the whole; EXTRACTMIN and EXTRACTTS; and the errors of bad inputs. Mueller-Brown path files are
// written from its known stationary points.
#include "pathsample/database_building.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "common/io/errors.hpp"
#include "common/io/min_database.hpp"
#include "common/io/ts_database.hpp"
#include "common/potentials/mueller_brown.hpp"
#include "tests/support/path_files.hpp"
#include "tests/support/stationary_points.hpp"
#include "tests/support/test_paths.hpp"

namespace landscape::pathsample {
namespace {

namespace fs = std::filesystem;
using testing::error_message;
using testing::kMuellerBrownMinima;
using testing::kMuellerBrownSaddles;
using testing::read_file;

/// Mueller-Brown's stationary points as path.info writes them: its deepest minimum (m0), the
/// upper saddle (s0), the middle minimum (m2), the lower saddle (s1) and the second-deepest
/// minimum (m1). The path from m0 to m1 is m0 s0 m2 s1 m1.
struct MuellerBrownPoints {
  StationaryPoint m0, m1, m2, s0, s1;
};

MuellerBrownPoints mb_points() {
  const MuellerBrown mb;
  auto point = [&](const std::vector<double>& x) {
    return testing::stationary_point_of(testing::path_info_point(mb, x));
  };
  return {point(kMuellerBrownMinima[0]), point(kMuellerBrownMinima[1]),
          point(kMuellerBrownMinima[2]), point(kMuellerBrownSaddles[0]),
          point(kMuellerBrownSaddles[1])};
}

/// The two triples of the path, as OPTIM's DUMPALLPATHS writes them.
std::vector<StationaryPoint> mb_triples() {
  const MuellerBrownPoints p = mb_points();
  return {p.m0, p.s0, p.m2, p.m2, p.s1, p.m1};
}

/// The same path in the older min-TS-min-TS-min layout.
std::vector<StationaryPoint> mb_path() {
  const MuellerBrownPoints p = mb_points();
  return {p.m0, p.s0, p.m2, p.s1, p.m1};
}

/// Identity of Mueller-Brown's points: Euclidean distance, no zero modes.
IdentitySettings plane() {
  IdentitySettings s;
  s.metric.energy_tolerance = 1e-6;
  s.metric.distance_tolerance = 1e-3;
  return s;
}

/// read_path_triples on file for Mueller-Brown (2 variables, no zero modes).
std::vector<PathInfoTriple> read_mb(const fs::path& file, bool with_frequencies,
                                    PathLayout* layout) {
  return read_path_triples(file, 2, with_frequencies, 0, layout);
}

/// Writes points to file and reads them back with read_mb; layout gets the layout found.
std::vector<PathInfoTriple> write_and_read(const fs::path& file,
                                           const std::vector<StationaryPoint>& points,
                                           bool with_frequencies, PathLayout& layout) {
  testing::write_path_file(file, points, with_frequencies);
  return read_mb(file, with_frequencies, &layout);
}

/// Expects the two triples of the path: m0 s0 m2, then m2 s1 m1 (coordinates as written).
void expect_mb_triples(const std::vector<PathInfoTriple>& triples) {
  ASSERT_EQ(triples.size(), 2u);
  const MuellerBrownPoints p = mb_points();
  const StationaryPoint* expected[2][3] = {{&p.m0, &p.s0, &p.m2}, {&p.m2, &p.s1, &p.m1}};
  for (std::size_t k = 0; k < 2; ++k) {
    SCOPED_TRACE("triple " + std::to_string(k + 1));
    EXPECT_EQ(triples[k].min1.coords, expected[k][0]->coords);
    EXPECT_EQ(triples[k].ts.coords, expected[k][1]->coords);
    EXPECT_EQ(triples[k].min2.coords, expected[k][2]->coords);
  }
}

/// Writes the path as DUMPALLPATHS triples (dir/triples) and as a min-TS-...-min path (dir/path),
/// with or without frequencies, and expects each to read back as the path's two triples, its
/// layout recognised. (In the older layout the middle minimum ends the first triple and starts
/// the second.)
void expect_both_layouts(const fs::path& dir, bool with_frequencies) {
  PathLayout layout = PathLayout::kPath;
  expect_mb_triples(write_and_read(dir / "triples", mb_triples(), with_frequencies, layout));
  EXPECT_EQ(layout, PathLayout::kTriples);
  expect_mb_triples(write_and_read(dir / "path", mb_path(), with_frequencies, layout));
  EXPECT_EQ(layout, PathLayout::kPath);
}

/// Runs options' database steps in dir on a Mueller-Brown database (read_database_paths, then
/// build_database, data file "pathdata"), the log in dir/build.log; returns the database.
StationaryPointDatabase build_mb(const fs::path& dir, const PathsampleOptions& options) {
  testing::LogFile log(dir / "build.log");
  const DatabasePaths paths = read_database_paths(options, "pathdata", dir, 2, 0);
  StationaryPointDatabase db = StationaryPointDatabase::open(dir, 2, plane());
  build_database(options, paths, "pathdata", dir, db, log.log());
  return db;
}

/// STARTFROMPATH file n1 n2 given on line 20 of pathdata.
PathsampleOptions start_from(const std::string& file, std::size_t n1, std::size_t n2) {
  PathsampleOptions o;
  o.start_from_path = StartFromPath{file, n1, n2, 20};
  return o;
}

/// A scratch directory holding the database of the path's first triple (STARTFROMPATH half1 1 2)
/// and, in its subdirectory other, that of the second (STARTFROMPATH half2 1 2).
fs::path two_halves(const std::string& name) {
  const MuellerBrownPoints p = mb_points();
  const fs::path dir = testing::scratch_dir(name);
  fs::create_directory(dir / "other");
  testing::write_path_file(dir / "half1", {p.m0, p.s0, p.m2});
  testing::write_path_file(dir / "other" / "half2", {p.m2, p.s1, p.m1});
  build_mb(dir, start_from("half1", 1, 2));
  build_mb(dir / "other", start_from("half2", 1, 2));
  return dir;
}

/// The four files of a database in dir, concatenated: equal texts mean equal databases.
std::string database_files(const fs::path& dir) {
  std::string all;
  for (const char* f : {"min.data", "points.min", "ts.data", "points.ts"})
    all += std::string(f) + ":\n" + read_file(dir / f);
  return all;
}

/// Every number of a text file, in order.
std::vector<double> numbers_in(const fs::path& file) {
  std::istringstream in(read_file(file));
  std::vector<double> v;
  for (double x; in >> x;) v.push_back(x);
  return v;
}

std::size_t line_count(const fs::path& file) {
  const std::string text = read_file(file);
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

TEST(ReadPathTriples, WithFrequenciesTheNegativeModesTellTheLayouts) {
  const fs::path dir = testing::scratch_dir("dbb-layouts");
  expect_both_layouts(dir, true);
  const auto triples = read_mb(dir / "triples", true, nullptr);
  ASSERT_EQ(triples.size(), 2u);
  EXPECT_NEAR(triples[0].min1.energy, -146.70, 0.01);  // the published energies
  EXPECT_NEAR(triples[0].ts.energy, -40.66, 0.01);
  EXPECT_NEAR(triples[1].min2.energy, -108.17, 0.01);
  // Eigenvalues as written (descending): one negative for a saddle, none for a minimum.
  EXPECT_LT(triples[1].ts.eigenvalues.back(), 0.0);
  EXPECT_GT(triples[1].min1.eigenvalues.back(), 0.0);
}

TEST(ReadPathTriples, WithoutFrequenciesTheEnergiesTellTheLayouts) {
  const fs::path dir = testing::scratch_dir("dbb-nofrqs-layouts");
  expect_both_layouts(dir, false);
  EXPECT_TRUE(read_mb(dir / "triples", false, nullptr)[0].ts.eigenvalues.empty());
  // read_path_file records the layout and the file's name.
  const PathFile file = read_path_file(dir / "path", 2, false, 0);
  EXPECT_EQ(file.name, "path");
  EXPECT_EQ(file.layout, PathLayout::kPath);
  EXPECT_EQ(file.triples.size(), 2u);
}

TEST(ReadPathTriples, NeitherLayoutIsAnInputErrorThatSaysWhichPointsAreWhich) {
  const fs::path dir = testing::scratch_dir("dbb-neither");
  const MuellerBrownPoints p = mb_points();
  auto message = [&](const std::vector<StationaryPoint>& points, bool with_frequencies) {
    testing::write_path_file(dir / "bad.path", points, with_frequencies);
    return error_message<InputError>([&] { read_mb(dir / "bad.path", with_frequencies, nullptr); });
  };
  EXPECT_EQ(message({p.s0, p.m2, p.s1}, true),
            "bad.path: 3 stationary points that are neither min-TS-min triples nor a "
            "min-TS-...-min path (by their Hessian eigenvalues: TmT, T a transition state, m a "
            "minimum)");
  EXPECT_NE(message({p.m0, p.s0, p.m2, p.s1}, true).find("(by their Hessian eigenvalues: mTmT,"),
            std::string::npos);
  EXPECT_NE(message({p.m0, p.m2}, false).find("2 stationary points that are neither"),
            std::string::npos);
  EXPECT_NE(message({p.m0, p.m2}, false).find("(by their energies: mm,"), std::string::npos);
  // An empty file, and a malformed one (named by line).
  testing::write_file(dir / "empty.path", "");
  EXPECT_EQ(error_message<InputError>([&] { read_mb(dir / "empty.path", true, nullptr); }),
            "empty.path: no stationary points");
  testing::write_file(dir / "short.path", "  -146.7\n     1 C1  \n  5.0 3.0\n  1.0\n");
  EXPECT_EQ(error_message<InputError>([&] { read_mb(dir / "short.path", true, nullptr); }),
            "short.path:4: coordinates: expected 2 values on the line, got 1");
}

TEST(AddPathFile, AddsEachPointOnceAndASecondIdenticalFileNothing) {
  const fs::path dir = testing::scratch_dir("dbb-addpath");
  testing::write_path_file(dir / "mb.path", mb_triples());
  testing::LogFile log(dir / "log");
  auto db = StationaryPointDatabase::open(dir, 2, plane());
  const PathFile file = read_path_file(dir / "mb.path", 2, true, 0);
  const AddCounts first = add_path_file(db, file, log.log());
  EXPECT_EQ(first.new_minima, 3u);
  EXPECT_EQ(first.known_minima, 1u);  // the middle minimum, in both triples
  EXPECT_EQ(first.new_ts, 2u);
  EXPECT_EQ(first.known_ts, 0u);
  EXPECT_EQ(first.rejected, 0u);
  EXPECT_TRUE(
      log.has("mb.path: 2 triples (min-TS-min triples): 3 minima and 2 transition states "
              "new, 1 minimum and 0 transition states known; database: 3 minima and 2 transition "
              "states"));
  // Discovery order: deepest, middle, second-deepest; the saddles join 1-2 and 2-3.
  ASSERT_EQ(db.n_minima(), 3u);
  ASSERT_EQ(db.n_ts(), 2u);
  const MuellerBrownPoints p = mb_points();
  EXPECT_DOUBLE_EQ(db.minima()[0].energy, p.m0.energy);
  EXPECT_DOUBLE_EQ(db.minima()[1].energy, p.m2.energy);
  EXPECT_DOUBLE_EQ(db.minima()[2].energy, p.m1.energy);
  EXPECT_DOUBLE_EQ(db.transition_states()[0].energy, p.s0.energy);
  EXPECT_DOUBLE_EQ(db.transition_states()[1].energy, p.s1.energy);
  EXPECT_EQ(std::make_pair(db.transition_states()[0].min1, db.transition_states()[0].min2),
            std::make_pair(std::size_t{1}, std::size_t{2}));
  EXPECT_EQ(std::make_pair(db.transition_states()[1].min1, db.transition_states()[1].min2),
            std::make_pair(std::size_t{2}, std::size_t{3}));

  const std::string files = database_files(dir);
  const AddCounts second = add_path_file(db, file, log.log());
  EXPECT_EQ(second.new_minima + second.new_ts, 0u);
  EXPECT_EQ(second.known_minima, 4u);
  EXPECT_EQ(second.known_ts, 2u);
  EXPECT_EQ(database_files(dir), files);
  // The same points as a min-TS-...-min path are known too.
  testing::write_path_file(dir / "mb.chain", mb_path());
  const AddCounts third =
      add_path_file(db, read_path_file(dir / "mb.chain", 2, true, 0), log.log());
  EXPECT_EQ(third.new_minima + third.new_ts, 0u);
  EXPECT_TRUE(
      log.has("mb.chain: 2 triples (a min-TS-...-min path): 0 minima and 0 transition "
              "states new"));
}

TEST(AddPathFile, ATripleWhoseSaddleHasTwoNegativeModesIsLeftOutWithAWarning) {
  const fs::path dir = testing::scratch_dir("dbb-rejected");
  MuellerBrownPoints p = mb_points();
  StationaryPoint second_order = p.s0;
  second_order.eigenvalues = {-5.0, -3.0};  // ascending: two negative modes
  testing::write_path_file(dir / "mb.path", {p.m0, second_order, p.m2, p.m2, p.s1, p.m1});
  testing::LogFile log(dir / "log");
  auto db = StationaryPointDatabase::open(dir, 2, plane());
  const AddCounts counts =
      add_path_file(db, read_path_file(dir / "mb.path", 2, true, 0), log.log());
  EXPECT_EQ(counts.rejected, 1u);
  EXPECT_EQ(counts.new_minima, 2u);
  EXPECT_EQ(counts.new_ts, 1u);
  // Only the second triple is stored: the middle minimum is the first.
  ASSERT_EQ(db.n_minima(), 2u);
  EXPECT_DOUBLE_EQ(db.minima()[0].energy, p.m2.energy);
  ASSERT_EQ(db.n_ts(), 1u);
  EXPECT_DOUBLE_EQ(db.transition_states()[0].energy, p.s1.energy);
  EXPECT_TRUE(log.has("warning: mb.path: triple 1 left out: the transition state at E = "));
  EXPECT_TRUE(log.has("has 1 non-positive Hessian eigenvalue(s)"));
}

TEST(BuildDatabase, StartFromPathWritesMinAAndMinBAndRefusesToOverwriteThem) {
  const fs::path dir = testing::scratch_dir("dbb-start");
  testing::write_path_file(dir / "mb.path", mb_path());
  const PathsampleOptions options = start_from("mb.path", 1, 3);
  const auto db = build_mb(dir, options);
  EXPECT_EQ(db.n_minima(), 3u);
  EXPECT_EQ(db.n_ts(), 2u);
  EXPECT_EQ(read_minimum_set(dir / "min.A", 3), MinimumSet{1});
  EXPECT_EQ(read_minimum_set(dir / "min.B", 3), MinimumSet{3});
  EXPECT_TRUE(testing::contains(read_file(dir / "build.log"),
                                "wrote min.A (minimum 1) and min.B (minimum 3)"));
  // Minimum 3 is the second-deepest, the end of the path.
  EXPECT_DOUBLE_EQ(db.minima()[2].energy, mb_points().m1.energy);

  // Again: min.A exists, so nothing is added or written.
  const std::string files = database_files(dir);
  EXPECT_EQ(error_message<InputError>([&] { build_mb(dir, start_from("mb.path", 2, 3)); }),
            "pathdata:20: STARTFROMPATH: min.A already exists and would be overwritten");
  EXPECT_EQ(database_files(dir), files);
  EXPECT_EQ(read_minimum_set(dir / "min.A", 3), MinimumSet{1});
}

TEST(BuildDatabase, StartFromPathBeyondItsMinimaKeepsThePointsButWritesNoEnds) {
  const fs::path dir = testing::scratch_dir("dbb-start-beyond");
  testing::write_path_file(dir / "mb.path", mb_triples());
  const std::string e =
      error_message<InputError>([&] { build_mb(dir, start_from("mb.path", 1, 4)); });
  EXPECT_EQ(
      e.rfind("pathdata:20: STARTFROMPATH: minimum 4 does not exist: min.data has 3 minima.", 0),
      0u)
      << e;
  EXPECT_FALSE(fs::exists(dir / "min.A"));
  EXPECT_FALSE(fs::exists(dir / "min.B"));
  // The points are stored; a run with valid ends recognises them and writes min.A and min.B.
  EXPECT_EQ(line_count(dir / "min.data"), 3u);
  const auto db = build_mb(dir, start_from("mb.path", 3, 2));
  EXPECT_EQ(db.n_minima(), 3u);
  EXPECT_EQ(db.n_ts(), 2u);
  EXPECT_EQ(read_minimum_set(dir / "min.A", 3), MinimumSet{3});
  EXPECT_EQ(read_minimum_set(dir / "min.B", 3), MinimumSet{2});
}

TEST(BuildDatabase, Lj38TutorialStartFromPathGivesPathsamplesDatabase) {
  const fs::path tutorial = testing::lj38_tutorial_dir() / "04_pathsample";
  const fs::path dir = testing::scratch_dir("dbb-lj38");
  fs::copy_file(tutorial / "path.info.initial", dir / "path.info.initial");
  // The tutorial's pathdata: NATOMS 38, PERMDIST, RANROT 5, ETOL 1e-6, GEOMDIFFTOL 0.2, ITOL 0.1.
  PathsampleOptions options = start_from("path.info.initial", 1, 2);
  options.natoms = 38;
  options.permdist = true;
  options.ranrot = 5;
  options.edifftol = 1e-6;
  options.geomdifftol = 0.2;
  options.itol = 0.1;
  const System system = pathsample_system(options);
  const IdentitySettings identity = identity_settings(options, system, dir);
  EXPECT_EQ(identity.zero_modes, 6u);
  EXPECT_TRUE(identity.metric.atoms);
  EXPECT_TRUE(identity.metric.permutations);

  const DatabasePaths paths = read_database_paths(options, "pathdata", dir, 114, 6);
  ASSERT_TRUE(paths.start);
  EXPECT_EQ(paths.start->layout, PathLayout::kTriples);
  EXPECT_EQ(paths.start->triples.size(), 13u);
  EXPECT_TRUE(paths.added.empty());
  testing::LogFile log(dir / "log");
  auto db = StationaryPointDatabase::open(dir, 114, identity);
  build_database(options, paths, "pathdata", dir, db, log.log());

  // 13 triples hold 12 minima and 11 transition states, as the real PATHSAMPLE found.
  const auto minima = read_min_data(tutorial / "min.data.expected", "min.data.expected");
  const auto ts = read_ts_data(tutorial / "ts.data.expected", "ts.data.expected", minima.size());
  ASSERT_EQ(db.n_minima(), minima.size());
  ASSERT_EQ(db.n_ts(), ts.size());
  EXPECT_EQ(db.n_minima(), 12u);
  EXPECT_EQ(db.n_ts(), 11u);
  for (std::size_t i = 0; i < minima.size(); ++i) {
    SCOPED_TRACE("minimum " + std::to_string(i + 1));
    EXPECT_NEAR(db.minima()[i].energy, minima[i].energy, 1e-9);
    EXPECT_NEAR(db.minima()[i].lnprodfreq, minima[i].lnprodfreq, 1e-3);
    EXPECT_EQ(db.minima()[i].pgorder, minima[i].pgorder);
  }
  for (std::size_t i = 0; i < ts.size(); ++i) {
    SCOPED_TRACE("transition state " + std::to_string(i + 1));
    EXPECT_NEAR(db.transition_states()[i].energy, ts[i].energy, 1e-9);
    EXPECT_EQ(db.transition_states()[i].min1, ts[i].min1);
    EXPECT_EQ(db.transition_states()[i].min2, ts[i].min2);
  }
  EXPECT_EQ(read_minimum_set(dir / "min.A", 12), MinimumSet{1});
  EXPECT_EQ(read_minimum_set(dir / "min.B", 12), MinimumSet{2});
  EXPECT_TRUE(
      log.has("path.info.initial: 13 triples (min-TS-min triples): 12 minima and 11 "
              "transition states new, 14 minima and 2 transition states known"));
}

TEST(BuildDatabase, ASecondIdenticalAddPathAddsNothingAndLeavesTheEndsAlone) {
  const fs::path dir = testing::scratch_dir("dbb-addpath-twice");
  testing::write_path_file(dir / "mb.path", mb_triples());
  PathsampleOptions options;
  options.add_paths = {{"mb.path", 5}};
  build_mb(dir, options);
  const std::string once = database_files(dir);
  options.add_paths = {{"mb.path", 5}, {"mb.path", 6}};
  const auto db = build_mb(dir, options);
  EXPECT_EQ(database_files(dir), once);
  EXPECT_EQ(db.n_minima(), 3u);
  EXPECT_EQ(db.n_ts(), 2u);
  EXPECT_EQ(line_count(dir / "ts.data"), 2u);
  EXPECT_FALSE(fs::exists(dir / "min.A"));  // ADDPATH writes no ends
  EXPECT_FALSE(fs::exists(dir / "min.B"));
}

TEST(BuildDatabase, MergeDbOfTwoHalvesEqualsTheWhole) {
  // The whole: both triples through ADDPATH.
  const fs::path whole = testing::scratch_dir("dbb-merge-whole");
  testing::write_path_file(whole / "mb.path", mb_triples());
  PathsampleOptions add;
  add.add_paths = {{"mb.path", 5}};
  build_mb(whole, add);
  const fs::path dir = two_halves("dbb-merge-here");
  EXPECT_NE(database_files(dir), database_files(whole));

  PathsampleOptions merge;
  merge.merge_dbs = {"other"};
  const auto db = build_mb(dir, merge);
  EXPECT_EQ(database_files(dir), database_files(whole));
  EXPECT_EQ(db.n_minima(), 3u);
  EXPECT_EQ(db.n_ts(), 2u);
  // The other database's A minimum (the middle one, 2 here) and B minimum (its minimum 2, the
  // second-deepest, 3 here) join ours.
  EXPECT_EQ(read_minimum_set(dir / "min.A", 3), (MinimumSet{1, 2}));
  EXPECT_EQ(read_minimum_set(dir / "min.B", 3), (MinimumSet{2, 3}));
  EXPECT_TRUE(testing::contains(read_file(dir / "build.log"),
                                "MERGEDB other: 2 minima and 1 transition states: 1 minimum and 1 "
                                "transition state new; database: 3 minima, 2 transition states"));

  // Merging again changes nothing, min.A and min.B included.
  const std::string merged =
      database_files(dir) + read_file(dir / "min.A") + read_file(dir / "min.B");
  build_mb(dir, merge);
  EXPECT_EQ(database_files(dir) + read_file(dir / "min.A") + read_file(dir / "min.B"), merged);
}

TEST(BuildDatabase, MergeDbRefusesADatabaseWithATornTailAndChangesNothing) {
  // A kill in the middle of an append leaves the last line of min.data or of ts.data without its
  // newline: MERGEDB reports it and changes neither database (the other one is only read).
  for (const char* file : {"min.data", "ts.data"}) {
    SCOPED_TRACE(file);
    const fs::path dir = two_halves(std::string("dbb-merge-torn-") + file);
    std::string torn = read_file(dir / "other" / file);
    torn.pop_back();
    testing::write_file(dir / "other" / file, torn);
    const std::string here = database_files(dir) + read_file(dir / "min.A");
    const std::string there = database_files(dir / "other");

    PathsampleOptions merge;
    merge.merge_dbs = {"other"};
    const std::string e = error_message<DatabaseError>([&] { build_mb(dir, merge); });
    EXPECT_EQ(e.rfind("MERGEDB other: ", 0), 0u) << e;
    EXPECT_NE(e.find("(repair it by running pathsample there first)"), std::string::npos) << e;
    EXPECT_EQ(database_files(dir) + read_file(dir / "min.A"), here);
    EXPECT_EQ(database_files(dir / "other"), there);
  }
}

TEST(BuildDatabase, ExtractMinAndExtractTsWriteTheCoordinates) {
  const fs::path dir = testing::scratch_dir("dbb-extract");
  testing::write_path_file(dir / "mb.path", mb_path());
  PathsampleOptions options = start_from("mb.path", 1, 3);
  options.extract_min = 2;
  options.extract_ts = 0;  // all of them
  build_mb(dir, options);
  const MuellerBrownPoints p = mb_points();
  EXPECT_EQ(numbers_in(dir / "extractmin"), p.m2.coords);  // minimum 2: the middle one
  EXPECT_EQ(line_count(dir / "extractmin"), 2u);           // one value a line, as VARIABLES
  std::vector<double> saddles = p.s0.coords;
  saddles.insert(saddles.end(), p.s1.coords.begin(), p.s1.coords.end());
  EXPECT_EQ(numbers_in(dir / "extractts"), saddles);
  EXPECT_EQ(line_count(dir / "extractts"), 4u);

  PathsampleOptions beyond;
  beyond.extract_min = 4;
  beyond.extract_min_line = 7;
  beyond.extract_ts_line = 8;
  EXPECT_EQ(error_message<InputError>([&] { build_mb(dir, beyond); }),
            "pathdata:7: EXTRACTMIN: minimum 4 does not exist (the database has 3)");
  beyond.extract_min.reset();
  beyond.extract_ts = 3;
  EXPECT_EQ(error_message<InputError>([&] { build_mb(dir, beyond); }),
            "pathdata:8: EXTRACTTS: transition state 3 does not exist (the database has 2)");
}

TEST(BuildDatabase, NofrqsReadsPathsWithoutEigenvaluesAndStoresLnprodfreqZero) {
  const fs::path dir = testing::scratch_dir("dbb-nofrqs");
  testing::write_path_file(dir / "mb.path", mb_path(), false);
  PathsampleOptions options = start_from("mb.path", 1, 3);
  options.no_frequencies = true;
  const DatabasePaths paths = read_database_paths(options, "pathdata", dir, 2, 0);
  ASSERT_TRUE(paths.start);
  EXPECT_EQ(paths.start->layout, PathLayout::kPath);  // told by the energies
  const auto db = build_mb(dir, options);
  ASSERT_EQ(db.n_minima(), 3u);
  ASSERT_EQ(db.n_ts(), 2u);
  for (const auto& m : db.minima().records()) EXPECT_EQ(m.lnprodfreq, 0.0);
  for (const auto& t : db.transition_states().records()) EXPECT_EQ(t.lnprodfreq, 0.0);
  // A file with eigenvalues does not read as NOFRQS: its eigenvalue line is taken for the
  // coordinates, and its coordinate line for the next energy.
  testing::write_path_file(dir / "with.frequencies", mb_path(), true);
  options.start_from_path.reset();
  options.add_paths = {{"with.frequencies", 7}};
  const std::string e =
      error_message<InputError>([&] { read_database_paths(options, "pathdata", dir, 2, 0); });
  EXPECT_EQ(e, "pathdata:7: ADDPATH: with.frequencies:4: energy line: expected 1 value, got 2");
}

TEST(ReadDatabasePaths, AnUnreadableFileIsNamedWithItsPathdataLine) {
  const fs::path dir = testing::scratch_dir("dbb-unreadable");
  testing::write_file(dir / "short.path", "  -146.7\n     1 C1  \n  5.0 3.0\n  1.0\n");
  EXPECT_EQ(error_message<InputError>([&] {
              read_database_paths(start_from("short.path", 1, 2), "pathdata", dir, 2, 0);
            }),
            "pathdata:20: STARTFROMPATH: short.path:4: coordinates: expected 2 values on the line, "
            "got 1");
  PathsampleOptions options;
  options.add_paths = {{"missing.path", 9}};
  EXPECT_EQ(error_message<InputError>([&] { read_database_paths(options, "pathdata", dir, 2, 0); }),
            "pathdata:9: ADDPATH: missing.path: cannot open the file");
  EXPECT_FALSE(fs::exists(dir / "min.data"));  // nothing was touched
}

}  // namespace
}  // namespace landscape::pathsample

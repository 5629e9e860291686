// pathsample/connection_campaign: run_campaign with a stand-in for optim (a shell script that
// answers each job from path files prepared for its pair of minima) on a database of three-atom
// "clusters": CYCLES x CPUS jobs, each job's odata.N and finish.N, each job's path merged,
// pairs.data recording the pairs so that a restart does not repeat them, a failing job counted and
// kept out of the database, CONNECTREGION's first pair, and the errors raised before any job.
// Also TriedPairs (pairs.data) on its own.
#include "pathsample/connection_campaign.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "common/io/errors.hpp"
#include "tests/support/path_files.hpp"
#include "tests/support/test_paths.hpp"

namespace landscape::pathsample {
namespace {

namespace fs = std::filesystem;
using testing::error_message;
using testing::read_file;
using testing::write_file;

/// The stand-in for optim, run as `fake_optim N`. The minima of a job are known by their tag,
/// the x of their first atom: the first AX line of odata.N and the first line of finish.N. It
/// keeps copies of both files, logs `N a b` in jobs.log and answers from the files prepared for
/// the pair: fail.a.b is copied to path.info.N and the job fails with exit status 2 (a runtime
/// failure, as when optim dies writing: exit status 1, bad input, leaves the pair untried);
/// otherwise path.a.b, if present, is copied to path.info.N (else no path is found), and the job
/// ends with the status written in exit.a.b, if present (0 otherwise).
constexpr const char* kFakeOptim = R"(#!/bin/sh
n=$1
a=$(awk '$1 == "AX" {print int($2 + 0.5); exit}' odata.$n)
b=$(awk 'NR == 1 {print int($1 + 0.5); exit}' finish.$n)
cp odata.$n seen.odata.$n
cp finish.$n seen.finish.$n
echo "$n $a $b" >> jobs.log
if [ -e fail.$a.$b ]; then cp fail.$a.$b path.info.$n; exit 2; fi
if [ -e path.$a.$b ]; then cp path.$a.$b path.info.$n; fi
if [ -e exit.$a.$b ]; then exit $(cat exit.$a.$b); fi
exit 0
)";

/// odata.connect: optim's keywords, ending with POINTS.
constexpr const char* kTemplate = "! connection jobs\nNEWCONNECT 15 3 2.0 20.0 30 0.5\nPOINTS\n";

/// A three-atom structure: a base from (tag, 0, 0) to (tag + 1, 0, 0) and an apex above its
/// middle at height. The tag moves the structure without changing its shape (aligned distances
/// depend on the heights only).
std::vector<double> triangle(double tag, double height) {
  return {tag, 0.0, 0.0, tag + 1.0, 0.0, 0.0, tag + 0.5, height, 0.0};
}

/// A minimum (six zero modes, three positive eigenvalues) or, with saddle, a transition state
/// (one negative eigenvalue instead), as path.info holds it (eigenvalues descending).
PathInfoPoint cluster_point(std::vector<double> coords, double energy, bool saddle) {
  PathInfoPoint p;
  p.energy = energy;
  p.point_group = "C1";
  p.coords = std::move(coords);
  p.eigenvalues = {3.0, 2.0, saddle ? -1.0 : 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
  std::sort(p.eigenvalues.begin(), p.eigenvalues.end(), std::greater<>());
  return p;
}

/// Minimum tag: at height 0.5 + tag / 4 unless given, energy -3 - tag / 8 (binary fractions, so
/// that a path file holds them exactly).
PathInfoPoint minimum(int tag, double height = 0.0) {
  return cluster_point(triangle(tag, height > 0.0 ? height : 0.5 + 0.25 * tag), -3.0 - 0.125 * tag,
                       false);
}

/// The transition state of this test between minima tagged a and b (its own shape and energy).
PathInfoPoint saddle(int a, int b) {
  const double k = 10 * a + b;
  return cluster_point(triangle(0, 4.0 + k / 16.0), -1.0 - k / 64.0, true);
}

/// Identity of the three-atom clusters: aligned distance, six zero modes.
IdentitySettings cluster_identity() {
  IdentitySettings s;
  s.metric.atoms = true;
  s.metric.energy_tolerance = 1e-6;
  s.metric.distance_tolerance = 1e-3;
  s.zero_modes = 6;
  return s;
}

/// A CONNECTREGION campaign (from minima 1 and 2, within distance) of cycles x cpus jobs run by
/// ./fake_optim (pathdata line 4).
PathsampleOptions region_campaign(long long cycles, long long cpus, double distance = 100.0) {
  PathsampleOptions o;
  o.natoms = 3;
  CampaignOptions& c = o.campaign;
  c.exec = "./fake_optim";
  c.exec_line = 4;
  c.cycles = cycles;
  c.cpus = cpus;
  c.connections = 1;
  c.strategy = PairStrategy::kConnectRegion;
  c.strategy_keyword = "CONNECTREGION";
  c.strategy_line = 9;
  c.region_distance = distance;
  return o;
}

/// A job as the stand-in logged it: its number and the tags of its two minima.
using Job = std::tuple<int, int, int>;

/// A campaign's working directory: the stand-in for optim, odata.connect, and a database whose
/// minima 1..n are tagged 1..n.
class CampaignDir {
 public:
  explicit CampaignDir(const std::string& name)
      : dir_(testing::scratch_dir(name)),
        log_(dir_ / "campaign.log"),
        db_(StationaryPointDatabase::open(dir_, 9, cluster_identity())) {
    write_file(dir_ / "fake_optim", kFakeOptim);
    EXPECT_EQ(::chmod((dir_ / "fake_optim").c_str(), 0755), 0);
    write_file(dir_ / "odata.connect", kTemplate);
  }

  const fs::path& dir() const { return dir_; }
  StationaryPointDatabase& db() { return db_; }
  testing::LogFile& log() { return log_; }

  /// Adds the minima tagged 1..heights.size() (a height <= 0: the default).
  void add_minima(const std::vector<double>& heights) {
    for (std::size_t k = 0; k < heights.size(); ++k) {
      const int tag = static_cast<int>(db_.n_minima()) + 1;
      EXPECT_EQ(db_.add_minimum(db_.record_of(minimum(tag, heights[k]), false)).first,
                static_cast<std::size_t>(tag - 1));
    }
  }
  /// Adds the transition state between minima a and b (both in the database).
  void connect(int a, int b) {
    AddCounts counts;
    ASSERT_TRUE(db_.add_triple({minimum(a), saddle(a, b), minimum(b)}, counts));
    ASSERT_EQ(counts.new_ts, 1u);
  }
  /// What the stand-in answers for the pair (a, b): the path through the minima tagged
  /// through (a, ..., b), a transition state between each two.
  void prepare_path(int a, int b, const std::vector<int>& through) {
    std::vector<StationaryPoint> points;
    for (std::size_t i = 0; i < through.size(); ++i) {
      if (i > 0) points.push_back(testing::stationary_point_of(saddle(through[i - 1], through[i])));
      points.push_back(testing::stationary_point_of(minimum(through[i])));
    }
    testing::write_path_file(dir_ / path_name("path", a, b), points);
  }
  /// The stand-in fails for the pair (a, b) after writing text as its path.info.
  void prepare_failure(int a, int b, const std::string& text) {
    write_file(dir_ / path_name("fail", a, b), text);
  }
  /// The stand-in ends the job for the pair (a, b) with this exit status, after its path.
  void prepare_exit(int a, int b, int status) {
    write_file(dir_ / path_name("exit", a, b), std::to_string(status) + "\n");
  }

  CampaignReport run(const PathsampleOptions& options) {
    return run_campaign(options, "pathdata", dir_, db_, log_.log());
  }

  /// Expects what was merged to be on disk: the database opens as it is (nothing to repair) with
  /// n_minima minima and n_ts transition states.
  void expect_on_disk(std::size_t n_minima, std::size_t n_ts) const {
    const auto again = StationaryPointDatabase::open(dir_, 9, cluster_identity());
    EXPECT_TRUE(again.repairs().empty());
    EXPECT_EQ(again.n_minima(), n_minima);
    EXPECT_EQ(again.n_ts(), n_ts);
  }

  /// The jobs the stand-in ran, in the order they logged themselves.
  std::vector<Job> jobs() const {
    std::vector<Job> out;
    std::istringstream in(read_file(dir_ / "jobs.log"));
    for (int n, a, b; in >> n >> a >> b;) out.emplace_back(n, a, b);
    return out;
  }
  /// The jobs sorted by their number.
  std::vector<Job> jobs_by_number() const {
    std::vector<Job> out = jobs();
    std::sort(out.begin(), out.end());
    return out;
  }
  /// The pairs of pairs.data, either order, as a set of (smaller, larger).
  std::set<std::pair<int, int>> tried() const {
    std::set<std::pair<int, int>> out;
    std::istringstream in(read_file(dir_ / "pairs.data"));
    for (int a, b; in >> a >> b;) out.insert({std::min(a, b), std::max(a, b)});
    return out;
  }
  /// The minima each transition state joins, as a set of (smaller, larger).
  std::set<std::pair<std::size_t, std::size_t>> connections() const {
    std::set<std::pair<std::size_t, std::size_t>> out;
    for (const auto& t : db_.transition_states().records())
      out.insert({std::min(t.min1, t.min2), std::max(t.min1, t.min2)});
    return out;
  }

 private:
  static std::string path_name(const char* kind, int a, int b) {
    return std::string(kind) + "." + std::to_string(a) + "." + std::to_string(b);
  }

  fs::path dir_;
  testing::LogFile log_;
  StationaryPointDatabase db_;
};

/// The numbers of a text, in order.
std::vector<double> numbers(const std::string& text) {
  std::istringstream in(text);
  std::vector<double> v;
  std::string word;
  while (in >> word)
    if (word != "AX") v.push_back(std::stod(word));
  return v;
}

TEST(TriedPairs, RecordsPairsInEitherOrderAndCutsATornLastLine) {
  const fs::path dir = testing::scratch_dir("campaign-tried");
  write_file(dir / "pairs.data", "1 3\n4 2\n2 ");  // a kill in the middle of a line
  TriedPairs tried = TriedPairs::open(dir / "pairs.data", 4);
  EXPECT_EQ(read_file(dir / "pairs.data"), "1 3\n4 2\n");
  EXPECT_EQ(tried.size(), 2u);
  EXPECT_TRUE(tried.contains(0, 2));
  EXPECT_TRUE(tried.contains(2, 0));
  EXPECT_TRUE(tried.contains(1, 3));
  EXPECT_FALSE(tried.contains(0, 1));
  tried.add(2, 3);
  EXPECT_TRUE(tried.contains(3, 2));
  EXPECT_EQ(read_file(dir / "pairs.data"), "1 3\n4 2\n3 4\n");
  EXPECT_EQ(TriedPairs::open(dir / "pairs.data", 4).size(), 3u);
  EXPECT_EQ(TriedPairs::open(dir / "none.data", 4).size(), 0u);

  write_file(dir / "pairs.data", "1 3\n1 2 3\n");
  EXPECT_EQ(error_message<DatabaseError>([&] { TriedPairs::open(dir / "pairs.data", 4); }),
            "pairs.data:2: expected two minimum indices, got '1 2 3'");
  write_file(dir / "pairs.data", "1 3\n2 9\n");
  EXPECT_EQ(error_message<DatabaseError>([&] { TriedPairs::open(dir / "pairs.data", 4); }),
            "pairs.data:2: minimum 9 does not exist (min.data has 4 minima)");
}

TEST(RunCampaign, RunsCyclesTimesCpusJobsAndMergesEachPath) {
  CampaignDir c("campaign-jobs");
  c.add_minima({0, 0, 0, 0});
  c.connect(1, 2);
  c.prepare_path(1, 3, {1, 3});
  c.prepare_path(1, 4, {1, 5, 4});  // through a new minimum, as an older min-TS-min-TS-min path
  c.prepare_path(2, 3, {2, 3});
  c.prepare_path(2, 4, {2, 4});
  c.prepare_path(3, 4, {3, 4});  // a fifth pair: never tried
  const CampaignReport report = c.run(region_campaign(2, 2));

  // CONNECTREGION's loop order: 1-2 is joined, so 1-3, 1-4, 2-3, 2-4 (job numbers in the order
  // the jobs were started).
  EXPECT_EQ(c.jobs_by_number(), (std::vector<Job>{{1, 1, 3}, {2, 1, 4}, {3, 2, 3}, {4, 2, 4}}));
  EXPECT_EQ(report.jobs, 4u);
  EXPECT_EQ(report.failed_jobs, 0u);
  EXPECT_EQ(report.new_minima, 1u);
  EXPECT_EQ(report.new_ts, 5u);
  EXPECT_EQ(c.db().n_minima(), 5u);
  EXPECT_EQ(c.db().n_ts(), 6u);
  using Pair = std::pair<std::size_t, std::size_t>;
  EXPECT_EQ(c.connections(), (std::set<Pair>{{1, 2}, {1, 3}, {1, 5}, {4, 5}, {2, 3}, {2, 4}}));
  EXPECT_EQ(c.db().minima()[4].coords, minimum(5).coords);
  EXPECT_EQ(c.tried(), (std::set<std::pair<int, int>>{{1, 3}, {1, 4}, {2, 3}, {2, 4}}));

  // Job 1 started from minimum 1 (odata.1: the template, then its atoms) towards minimum 3.
  const std::string odata = read_file(c.dir() / "seen.odata.1");
  ASSERT_EQ(odata.rfind(kTemplate, 0), 0u) << odata;
  EXPECT_EQ(std::count(odata.begin(), odata.end(), '\n'), 3 + 3);
  EXPECT_EQ(numbers(odata.substr(std::string(kTemplate).size())), minimum(1).coords);
  EXPECT_EQ(numbers(read_file(c.dir() / "seen.finish.1")), minimum(3).coords);
  // The job files are removed, optim's output kept.
  for (const char* f : {"odata.1", "finish.1", "path.info.1", "odata.4", "path.info.4"})
    EXPECT_FALSE(fs::exists(c.dir() / f)) << f;
  EXPECT_TRUE(fs::exists(c.dir() / "OPTIM.connect.4"));
  EXPECT_TRUE(c.log().has("note: with CPUS 2 jobs end in an order that depends on timing"));

  c.expect_on_disk(5, 6);
}

/// A runner installed with set_job_runner_factory: two slots whatever CPUS says, jobs run by the
/// stand-in whatever EXEC says (as the MPI runner runs optim in-process).
class StandInRunner final : public JobRunner {
 public:
  explicit StandInRunner(std::size_t* made) : pool_(2) { ++*made; }
  std::size_t max_running() const override { return pool_.max_running(); }
  std::size_t running() const override { return pool_.running(); }
  void start(const JobSpec& job) override {
    JobSpec mine = job;
    mine.program = "./fake_optim";
    pool_.start(mine);
  }
  FinishedJob wait_any() override { return pool_.wait_any(); }
  void terminate_all(std::chrono::milliseconds grace) noexcept override {
    pool_.terminate_all(grace);
  }
  bool runs_program() const override { return false; }
  std::string where(const JobSpec& job) const override {
    return "the stand-in runner, job " + job.args.at(0);
  }

 private:
  JobPool pool_;
};

TEST(RunCampaign, AnInstalledRunnerSetsTheJobsPerCycleAndNeedsNoExec) {
  CampaignDir c("campaign-runner");
  c.add_minima({0, 0, 0, 0});
  c.connect(1, 2);
  c.prepare_path(1, 3, {1, 3});
  c.prepare_path(2, 4, {2, 4});
  std::size_t made = 0;
  set_job_runner_factory([&made](const JobRunnerRequest& request) {
    EXPECT_EQ(request.cpus, 1u);
    EXPECT_NE(request.log, nullptr);
    return std::make_unique<StandInRunner>(&made);
  });
  PathsampleOptions options = region_campaign(2, 1);
  options.campaign.exec = "/nonexistent/optim";  // never resolved: the runner does not run EXEC
  const CampaignReport report = c.run(options);
  set_job_runner_factory({});

  EXPECT_EQ(made, 1u);
  EXPECT_EQ(report.jobs, 4u);  // 2 cycles x the runner's 2 slots
  EXPECT_EQ(report.failed_jobs, 0u);
  EXPECT_EQ(c.jobs_by_number(), (std::vector<Job>{{1, 1, 3}, {2, 1, 4}, {3, 2, 3}, {4, 2, 4}}));
  EXPECT_EQ(report.new_ts, 2u);
  EXPECT_EQ(report.merged_triples, 2u);
  EXPECT_TRUE(c.log().has("campaign: 2 cycles of 2 optim job(s) (4 jobs)"));
  EXPECT_TRUE(c.log().has("job 1 started: the stand-in runner, job 1 connecting minima 1 and 3"));
  EXPECT_TRUE(c.log().has("merging: 2 min-TS-min triples in"));
  c.expect_on_disk(4, 3);

  // The default is back: a JobPool of CPUS processes running EXEC, which does not exist.
  EXPECT_NE(error_message<InputError>([&] { c.run(options); }).find("/nonexistent/optim"),
            std::string::npos);
}

TEST(RunCampaign, ARestartDoesNotRepeatThePairsTried) {
  CampaignDir c("campaign-restart");
  c.add_minima({0, 0, 0, 0});
  c.connect(1, 2);
  // Nothing prepared: every job ends without a path, its pair still unjoined.
  CampaignReport report = c.run(region_campaign(2, 1));
  EXPECT_EQ(report.jobs, 2u);
  EXPECT_EQ(report.new_ts, 0u);
  EXPECT_EQ(read_file(c.dir() / "pairs.data"), "1 3\n1 4\n");
  EXPECT_TRUE(c.log().has("job 1 (minima 1 and 3) found no transition state"));

  // Restarted, the campaign reads pairs.data and goes on with the next pairs.
  report = c.run(region_campaign(2, 1));
  EXPECT_EQ(report.jobs, 2u);
  EXPECT_EQ(c.jobs(), (std::vector<Job>{{1, 1, 3}, {2, 1, 4}, {1, 2, 3}, {2, 2, 4}}));
  EXPECT_EQ(read_file(c.dir() / "pairs.data"), "1 3\n1 4\n2 3\n2 4\n");

  // Only 3-4 is left: one job of the five cycles allowed, then the campaign stops.
  report = c.run(region_campaign(5, 1));
  EXPECT_EQ(report.jobs, 1u);
  EXPECT_EQ(c.jobs().back(), (Job{1, 3, 4}));
  EXPECT_EQ(c.jobs().size(), 5u);
  EXPECT_TRUE(c.log().has("no pair left to try"));
  EXPECT_EQ(c.tried().size(), 5u);
  EXPECT_EQ(c.db().n_ts(), 1u);
}

TEST(RunCampaign, AFailingJobIsCountedAndLeavesTheDatabaseIntact) {
  CampaignDir c("campaign-failure");
  c.add_minima({0, 0, 0, 0});
  c.connect(1, 2);
  // The job for 1-3 dies half way through writing its first triple.
  std::string torn = testing::path_file_text({testing::stationary_point_of(minimum(1)),
                                              testing::stationary_point_of(saddle(1, 3)),
                                              testing::stationary_point_of(minimum(3))});
  torn.resize(torn.size() / 2);
  c.prepare_failure(1, 3, torn);
  c.prepare_path(1, 4, {1, 4});
  const std::string min_data = read_file(c.dir() / "min.data");
  const CampaignReport report = c.run(region_campaign(1, 2));

  EXPECT_EQ(c.jobs_by_number(), (std::vector<Job>{{1, 1, 3}, {2, 1, 4}}));
  EXPECT_EQ(report.jobs, 2u);
  EXPECT_EQ(report.failed_jobs, 1u);
  EXPECT_EQ(report.new_minima, 0u);
  EXPECT_EQ(report.new_ts, 1u);  // from job 2 only
  EXPECT_TRUE(c.log().has("warning: job 1 (minima 1 and 3) ended with exit status 2"));
  EXPECT_TRUE(c.log().has("warning: job 1: its path file could not be read, nothing merged"));
  // Both pairs were tried; only 1-4 is joined.
  EXPECT_EQ(c.tried(), (std::set<std::pair<int, int>>{{1, 3}, {1, 4}}));
  using Pair = std::pair<std::size_t, std::size_t>;
  EXPECT_EQ(c.connections(), (std::set<Pair>{{1, 2}, {1, 4}}));
  EXPECT_EQ(read_file(c.dir() / "min.data"), min_data);
  EXPECT_FALSE(fs::exists(c.dir() / "path.info.1"));
  c.expect_on_disk(4, 2);
}

TEST(RunCampaign, ATimedOutJobIsMergedAndTriedAndAStoppedOneIsMergedAndLeftUntried) {
  CampaignDir c("campaign-time-limit");
  c.add_minima({0, 0, 0, 0});
  c.connect(1, 2);
  c.prepare_path(1, 3, {1, 3});
  c.prepare_exit(1, 3, kExitTimeLimit);  // optim's TIMELIMIT, or `timeout` in EXEC
  c.prepare_path(1, 4, {1, 4});
  c.prepare_exit(1, 4, 143);  // SIGTERM reached the job alone
  const CampaignReport report = c.run(region_campaign(1, 2));

  EXPECT_EQ(report.jobs, 2u);
  EXPECT_EQ(report.failed_jobs, 0u);
  EXPECT_EQ(report.timed_out_jobs, 1u);
  EXPECT_EQ(report.interrupted_jobs, 1u);
  EXPECT_EQ(report.new_ts, 2u);  // both merged
  EXPECT_TRUE(c.log().has("job 1 (minima 1 and 3) reached its time limit (exit status 124"));
  EXPECT_TRUE(c.log().has("job 2 (minima 1 and 4) was stopped by a signal (exit status 143)"));
  EXPECT_TRUE(c.log().has("jobs (0 failed, 1 timed out, 1 stopped by a signal) in"));
  EXPECT_FALSE(c.log().has("warning: job"));
  // The timed-out attempt counts as made; the stopped one is tried again by a later run.
  EXPECT_EQ(c.tried(), (std::set<std::pair<int, int>>{{1, 3}}));
  c.expect_on_disk(4, 3);
}

TEST(RunCampaign, ConnectRegionStartsAtItsPairAndSkipsPairsTooFarApart) {
  CampaignDir c("campaign-region");
  c.add_minima({0.8, 1.0, 1.6, 1.05});
  const auto distance = [&](std::size_t a, std::size_t b) {
    return c.db().metric().distance(c.db().minima()[a - 1].coords, c.db().minima()[b - 1].coords);
  };
  constexpr double kLimit = 0.3;
  ASSERT_GT(distance(2, 3), kLimit);
  ASSERT_LT(distance(2, 4), kLimit);
  ASSERT_LT(distance(1, 2), kLimit);  // before the start: not considered
  PathsampleOptions options = region_campaign(1, 1, kLimit);
  options.campaign.region_min1 = 2;
  options.campaign.region_min2 = 3;
  const CampaignReport report = c.run(options);
  EXPECT_EQ(report.jobs, 1u);
  EXPECT_EQ(c.jobs(), (std::vector<Job>{{1, 2, 4}}));
  EXPECT_EQ(read_file(c.dir() / "pairs.data"), "2 4\n");
  EXPECT_TRUE(c.log().has("CONNECTREGION: minima 2 and 4 (distance "));
}

TEST(RunCampaign, BadInputsAreErrorsBeforeAnyJobStarts) {
  CampaignDir c("campaign-errors");
  c.add_minima({0, 0, 0});
  PathsampleOptions options = region_campaign(1, 1);

  options.campaign.exec = "./missing_optim";
  std::string e = error_message<InputError>([&] { c.run(options); });
  EXPECT_EQ(e.rfind("pathdata:4: EXEC: ", 0), 0u) << e;
  EXPECT_NE(e.find("missing_optim: No such file or directory"), std::string::npos) << e;
  EXPECT_FALSE(fs::exists(c.dir() / "odata.1"));
  options.campaign.exec = "./fake_optim";

  write_file(c.dir() / "odata.connect", "NEWCONNECT\nPOINTS\nBFGSTS\n");
  e = error_message<InputError>([&] { c.run(options); });
  EXPECT_EQ(e.rfind("odata.connect:3: the template must end at POINTS (line 2)", 0), 0u) << e;
  write_file(c.dir() / "odata.connect", "NEWCONNECT\n");
  e = error_message<InputError>([&] { c.run(options); });
  EXPECT_EQ(e.rfind("odata.connect: no POINTS line", 0), 0u) << e;
  fs::remove(c.dir() / "odata.connect");
  e = error_message<InputError>([&] { c.run(options); });
  EXPECT_EQ(e.rfind("odata.connect: not found", 0), 0u) << e;
  write_file(c.dir() / "odata.connect", kTemplate);

  write_file(c.dir() / "pairs.data", "1 7\n");
  EXPECT_EQ(error_message<DatabaseError>([&] { c.run(options); }),
            "pairs.data:1: minimum 7 does not exist (min.data has 3 minima)");
  fs::remove(c.dir() / "pairs.data");

  options.campaign.strategy = PairStrategy::kDijinit;
  options.campaign.strategy_keyword = "DIJINITSTART";
  write_minimum_set(c.dir() / "min.A", {1});
  EXPECT_EQ(error_message<InputError>([&] { c.run(options); }),
            "pathdata:9: DIJINITSTART: needs min.B (the A and B minima)");

  EXPECT_FALSE(fs::exists(c.dir() / "jobs.log"));  // no job ran
  EXPECT_FALSE(fs::exists(c.dir() / "pairs.data"));
  EXPECT_EQ(c.db().n_ts(), 0u);
}

}  // namespace
}  // namespace landscape::pathsample

// Numerical faults in gmin are statuses and warnings, never an abort and never a database entry: a
// potential that returns NaN or Inf after some calls, under basin-hopping and DATABASE.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "common/io/logger.hpp"
#include "common/landscape/system.hpp"
#include "common/potentials/lennard_jones.hpp"
#include "common/random/rng.hpp"
#include "gmin/basin_hopping.hpp"
#include "gmin/database_recorder.hpp"
#include "gmin/gmin_keywords.hpp"
#include "tests/support/clusters.hpp"
#include "tests/support/faulty_potential.hpp"
#include "tests/support/keyword_tables.hpp"
#include "tests/support/test_paths.hpp"
#include "tests/unit/optim/optim_structures.hpp"

namespace landscape::gmin {
namespace {

using testing::FaultyPotential;

/// A logger whose text the test reads.
class CapturedLog {
 public:
  CapturedLog() : file_(std::tmpfile()), log_(file_) {}
  ~CapturedLog() { std::fclose(file_); }
  CapturedLog(const CapturedLog&) = delete;
  CapturedLog& operator=(const CapturedLog&) = delete;
  Logger& log() { return log_; }
  std::string text() {
    std::fflush(file_);
    std::rewind(file_);
    std::string s;
    for (int c; (c = std::fgetc(file_)) != EOF;) s += static_cast<char>(c);
    return s;
  }

 private:
  std::FILE* file_;
  Logger log_;
};

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

TEST(NumericalFaults, BasinHoppingRejectsEveryStepWhoseQuenchMeetsANonFiniteValue) {
  for (const double bad : {kNaN, kInf, -kInf}) {
    SCOPED_TRACE(bad);
    const LennardJones lj(13);
    // Good for the initial quench and some steps, then bad for ever.
    const FaultyPotential faulty(lj, 3000, bad);
    GminOptions options = testing::parse_ok<GminOptions>(
        gmin_keyword_table(), "data", "STEPS 60\nTEMPERATURE 1.0\nSTEP 0.36 0.5\n");
    CapturedLog log;
    BasinHopping bh(basin_hopping_options(options), faulty, StepMove{StepKind::kCluster, &lj}, 3.0,
                    log.log());
    std::vector<double> x(39);
    Rng rng(5);
    for (auto& v : x) v = 1.2 * rng.symmetric();
    bh.start(x);
    ASSERT_TRUE(std::isfinite(bh.state().markov_energy)) << "the start quench was meant to be good";
    std::vector<StepReport> reports;
    EXPECT_NO_THROW(bh.run([&](const StepReport& rep) {
      reports.push_back(rep);
      reports.back().coords = {};
      return ObserverAction::kContinue;
    }));
    ASSERT_EQ(reports.size(), 60u);
    ASSERT_GT(faulty.calls(), 3000) << "the potential never went bad: use fewer good calls";
    int rejected = 0;
    for (const StepReport& rep : reports) {
      EXPECT_TRUE(std::isfinite(rep.markov_energy)) << "step " << rep.step;
      EXPECT_TRUE(std::isfinite(rep.best_energy)) << "step " << rep.step;
      if (rep.note.find("non-finite") == std::string::npos) continue;
      ++rejected;
      EXPECT_FALSE(rep.accepted) << "step " << rep.step;
      EXPECT_FALSE(rep.converged) << "step " << rep.step;
    }
    EXPECT_GT(rejected, 0);
    for (const double v : bh.state().markov) EXPECT_TRUE(std::isfinite(v));
    const std::string text = log.text();
    EXPECT_NE(text.find("warning: step "), std::string::npos) << text;
    EXPECT_NE(text.find("the quench met a non-finite energy or gradient"), std::string::npos)
        << text;
  }
}

TEST(NumericalFaults, BasinHoppingWarnsWhenTheInitialQuenchMeetsANonFiniteValue) {
  const LennardJones lj(13);
  const FaultyPotential faulty(lj, 0, kNaN);
  GminOptions options =
      testing::parse_ok<GminOptions>(gmin_keyword_table(), "data", "STEPS 5\nTEMPERATURE 1.0\n");
  CapturedLog log;
  BasinHopping bh(basin_hopping_options(options), faulty, StepMove{StepKind::kCluster, &lj}, 3.0,
                  log.log());
  std::vector<double> x(39);
  Rng rng(5);
  for (auto& v : x) v = 1.2 * rng.symmetric();
  EXPECT_NO_THROW(bh.start(x));
  EXPECT_NO_THROW(bh.run([](const StepReport& rep) {
    EXPECT_FALSE(rep.accepted);
    return ObserverAction::kContinue;
  }));
  EXPECT_NE(log.text().find("the initial quench met a non-finite energy or gradient"),
            std::string::npos)
      << log.text();
}

System cluster_system(std::size_t n_atoms) {
  SystemRequest r;
  r.n_coordinates = 3 * n_atoms;
  r.with_potential = false;
  return make_system(r);
}

TEST(NumericalFaults, DatabaseRecorderStoresNothingNonFinite) {
  const LennardJones lj(7);
  struct Case {
    const char* what;
    long good_calls;
    double bad;
    bool hessian_only;
  };
  for (const Case c : {Case{"NaN energy", 0, kNaN, false}, Case{"Inf energy", 0, kInf, false},
                       Case{"NaN after one call", 1, kNaN, false},
                       Case{"NaN Hessian", 0, kNaN, true}, Case{"Inf Hessian", 0, kInf, true}}) {
    SCOPED_TRACE(c.what);
    const auto dir = testing::scratch_dir("recorder-faults");
    const FaultyPotential faulty(lj, c.good_calls, c.bad, c.hessian_only);
    CapturedLog log;
    {
      DatabaseRecorder recorder(
          dir,
          testing::parse_ok<GminOptions>(gmin_keyword_table(), "data",
                                         "DATABASE 1.0D-6 1.0D-3\nTIGHTCONV 1.0D-8\n"),
          faulty, cluster_system(7), log.log());
      std::size_t added = 1;
      EXPECT_NO_THROW(added = recorder.offer(testing::lj7_pentagonal_bipyramid())) << log.text();
      EXPECT_EQ(added, 0u);
      EXPECT_EQ(recorder.database().size(), 0u);
      EXPECT_EQ(recorder.stats().added, 0);
    }
    EXPECT_EQ(testing::read_file(dir / "min.data"), "");
    EXPECT_EQ(std::filesystem::file_size(dir / "points.min"), 0u);
    std::filesystem::remove_all(dir);
  }
}

}  // namespace
}  // namespace landscape::gmin

// The basin-hopping engine: SAVE list rules, step/temperature adaptation, NORESET, restart dumps.
#include "gmin/basin_hopping.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "common/io/logger.hpp"
#include "common/potentials/lennard_jones.hpp"
#include "gmin/gmin_keywords.hpp"
#include "gmin/restart_dump.hpp"
#include "gmin/saved_minima.hpp"
#include "tests/support/test_paths.hpp"

namespace landscape::gmin {
namespace {

TEST(SavedMinima, KeepsTheLowestDistinctByEdiff) {
  SavedMinima s(3, 0.01);
  const std::vector<double> x{0.0};
  EXPECT_TRUE(s.consider(-1.0, x, 1, 10));
  EXPECT_TRUE(s.consider(-3.0, x, 2, 20));
  EXPECT_FALSE(s.consider(-2.995, x, 3, 30));  // same as -3.0 within EDIFF, but higher
  EXPECT_TRUE(s.consider(-3.004, x, 4, 40));   // same, lower: replaces it
  EXPECT_TRUE(s.consider(-2.0, x, 5, 50));
  EXPECT_FALSE(s.consider(-0.5, x, 6, 60));  // full, and higher than all
  EXPECT_TRUE(s.consider(-2.5, x, 7, 70));   // pushes out -1.0
  ASSERT_EQ(s.entries().size(), 3u);
  EXPECT_DOUBLE_EQ(s.entries()[0].energy, -3.004);
  EXPECT_EQ(s.entries()[0].first_step, 4);
  EXPECT_DOUBLE_EQ(s.entries()[1].energy, -2.5);
  EXPECT_DOUBLE_EQ(s.entries()[2].energy, -2.0);
}

TEST(SavedMinima, LowestFileHasGminsLayout) {
  SavedMinimum m{-173.9284262, {0.6299851998, 0.3044874184, -1.6035162520}, 108, 14890};
  const std::string text = format_lowest({m}, "SI");
  EXPECT_EQ(text,
            "           1\nEnergy of minimum      1=    -173.9284262     first found at step      "
            "108 after                14890 function calls\nSI         0.6299851998        "
            "0.3044874184       -1.6035162520\n");
}

/// A short LJ13 run with the given extra keywords; returns the engine after run().
struct Lj13Run {
  GminOptions options;
  LennardJones lj{13};
  Logger log{nullptr};
  std::unique_ptr<BasinHopping> bh;
  std::vector<StepReport> reports;
  std::vector<std::vector<double>> markov_after_accept;

  explicit Lj13Run(const std::string& keywords, const std::string& steps = "200") {
    const auto r = gmin_keyword_table().parse(
        "data", "STEPS " + steps + "\nTEMPERATURE 1.0\nCHANGEACCEPT 20\n" + keywords, options);
    EXPECT_TRUE(r.ok()) << keywords::format_all(r.diagnostics);
    bh = std::make_unique<BasinHopping>(basin_hopping_options(options), lj,
                                        StepMove{StepKind::kCluster, &lj}, 3.0, log);
    std::vector<double> x(39);
    Rng rng(5);
    for (auto& v : x) v = 1.2 * rng.symmetric();
    bh->start(x);
    bh->run([&](const StepReport& rep) {
      reports.push_back(rep);
      reports.back().coords = {};
      if (rep.accepted) markov_after_accept.push_back(bh->state().markov);
      return ObserverAction::kContinue;
    });
  }
};

/// Runs LJ13 with keywords after STEP 0.4 0 (the temperature starts at 1.0) and expects the report
/// field `kept` to stay at kept_value in every report and the field `adapted` to leave
/// adapted_start in some report.
void expect_one_adapts(const std::string& keywords, double StepReport::*kept, double kept_value,
                       double StepReport::*adapted, double adapted_start) {
  Lj13Run run("STEP 0.4 0\n" + keywords);
  bool changed = false;
  for (const auto& r : run.reports) {
    EXPECT_DOUBLE_EQ(r.*kept, kept_value);
    changed = changed || r.*adapted != adapted_start;
  }
  EXPECT_TRUE(changed);
}

TEST(BasinHopping, AdaptsTheStepAndKeepsTheTemperatureByDefault) {
  expect_one_adapts("", &StepReport::temperature, 1.0, &StepReport::step_size, 0.4);
}

TEST(BasinHopping, FixstepAdaptsTheTemperatureInstead) {
  expect_one_adapts("FIXSTEP\n", &StepReport::step_size, 0.4, &StepReport::temperature, 1.0);
}

TEST(BasinHopping, FixbothAndFixstepWithFixtempAdaptNothing) {
  for (const char* k : {"FIXBOTH\n", "FIXSTEP\nFIXTEMP\n"}) {
    Lj13Run run(std::string("STEP 0.4 0\n") + k);
    for (const auto& r : run.reports) {
      EXPECT_DOUBLE_EQ(r.step_size, 0.4);
      EXPECT_DOUBLE_EQ(r.temperature, 1.0);
    }
  }
}

TEST(BasinHopping, NoresetKeepsTheUnquenchedCoordinatesInTheChain) {
  Lj13Run reset("STEP 0.4 0\n");
  Lj13Run noreset("STEP 0.4 0\nNORESET\n");
  ASSERT_FALSE(reset.markov_after_accept.empty());
  ASSERT_FALSE(noreset.markov_after_accept.empty());
  std::vector<double> g(39);
  auto rms = [&](const std::vector<double>& x) {
    reset.lj.energy_gradient(x, g);
    double s = 0;
    for (double v : g) s += v * v;
    return std::sqrt(s / 39);
  };
  // Default: the chain sits at quench minima. NORESET: at the perturbed points, far from minima.
  for (const auto& x : reset.markov_after_accept) EXPECT_LT(rms(x), 2e-3);
  double largest = 0;
  for (const auto& x : noreset.markov_after_accept) largest = std::max(largest, rms(x));
  EXPECT_GT(largest, 0.1);
}

TEST(BasinHopping, TemperatureFactorScalesTheTemperatureEveryStep) {
  Lj13Run run("FIXBOTH\n", "10 0.9");
  ASSERT_EQ(run.reports.size(), 10u);
  EXPECT_NEAR(run.reports.back().temperature, std::pow(0.9, 10), 1e-12);
}

TEST(BasinHopping, MaxbfgsAndMaxeriseReachTheQuench) {
  // A tiny MAXBFGS makes quenches take many more iterations than the default.
  Lj13Run small("MAXBFGS 0.01\nMAXERISE 1.0D-10\n", "5");
  Lj13Run normal("", "5");
  int it_small = 0, it_normal = 0;
  for (const auto& r : small.reports) it_small += r.iterations;
  for (const auto& r : normal.reports) it_normal += r.iterations;
  EXPECT_GT(it_small, 2 * it_normal);
}

TEST(RestartDump, RoundTripsBitForBit) {
  Lj13Run run("SAVE 3\nNEWRESTART 5\nAVOID 0.5 3 T\n", "30");
  const BasinHoppingState s = run.bh->state();
  const auto dir = testing::scratch_dir("dump");
  write_restart_dump(dir / "GMIN.dump", s);
  const BasinHoppingState t = read_restart_dump(dir / "GMIN.dump", 39);
  EXPECT_EQ(t.step, s.step);
  EXPECT_EQ(t.temperature, s.temperature);
  EXPECT_EQ(t.step_size, s.step_size);
  EXPECT_EQ(t.markov, s.markov);
  EXPECT_EQ(t.markov_energy, s.markov_energy);
  EXPECT_EQ(t.run_best_coords, s.run_best_coords);
  ASSERT_EQ(t.avoid.size(), s.avoid.size());
  for (std::size_t i = 0; i < s.avoid.size(); ++i) EXPECT_EQ(t.avoid[i].coords, s.avoid[i].coords);
  ASSERT_EQ(t.lowest.size(), s.lowest.size());
  for (std::size_t i = 0; i < s.lowest.size(); ++i) {
    EXPECT_EQ(t.lowest[i].energy, s.lowest[i].energy);
    EXPECT_EQ(t.lowest[i].coords, s.lowest[i].coords);
  }
  EXPECT_EQ(t.rng_state, s.rng_state);
  EXPECT_EQ(t.function_calls, s.function_calls);
  // A truncated dump is an error naming the file and line, not a silent misread.
  const std::string text = testing::read_file(dir / "GMIN.dump");
  testing::write_file(dir / "GMIN.dump", text.substr(0, text.size() / 2));
  EXPECT_THROW(read_restart_dump(dir / "GMIN.dump", 39), std::exception);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace landscape::gmin

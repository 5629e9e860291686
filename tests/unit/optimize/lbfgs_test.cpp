// L-BFGS (mylbfgs variant): known minima, step cap, statuses, option validation, counters.

#include "common/optimize/lbfgs.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "common/potentials/lennard_jones.hpp"
#include "common/random/rng.hpp"
#include "tests/support/clusters.hpp"

namespace landscape {
namespace {

using testing::icosahedron13;
using testing::lbfgs_minimize;
using testing::lj13_icosahedron;
using testing::perturbed;
using testing::random_rotation;

// f = sum_i a_i (x_i - c_i)^2 with curvatures spread over a decade.
struct Bowl {
  std::vector<double> a, c;
  int calls = 0;
  double operator()(std::span<const double> x, std::span<double> g) {
    ++calls;
    double f = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) {
      const double d = x[i] - c[i];
      f += a[i] * d * d;
      g[i] = 2.0 * a[i] * d;
    }
    return f;
  }
};

Bowl make_bowl(std::size_t n) {
  Bowl b;
  for (std::size_t i = 0; i < n; ++i) {
    b.a.push_back(1.0 + static_cast<double>(i));
    b.c.push_back(0.5 * static_cast<double>(i) - 1.0);
  }
  return b;
}

double rosenbrock(std::span<const double> x, std::span<double> g) {
  const double a = 1.0 - x[0], b = x[1] - x[0] * x[0];
  g[0] = -2.0 * a - 400.0 * x[0] * b;
  g[1] = 200.0 * b;
  return a * a + 100.0 * b * b;
}

TEST(Lbfgs, QuadraticBowlReachesItsMinimiser) {
  Bowl bowl = make_bowl(10);
  std::vector<double> x(10, 3.0);
  LbfgsOptions options;
  options.rms_tolerance = 1e-10;
  Lbfgs lbfgs(options);
  const MinimizeResult result = lbfgs.minimize(std::ref(bowl), x);
  ASSERT_TRUE(result.converged()) << to_string(result.status);
  for (std::size_t i = 0; i < x.size(); ++i) EXPECT_NEAR(x[i], bowl.c[i], 1e-9);
  EXPECT_NEAR(result.energy, 0.0, 1e-15);
  EXPECT_LE(result.rms_gradient, options.rms_tolerance);
  EXPECT_EQ(result.evaluations, bowl.calls);
}

TEST(Lbfgs, RosenbrockConvergesToOneOne) {
  std::vector<double> x = {-1.2, 1.0};
  LbfgsOptions options;
  options.rms_tolerance = 1e-9;
  options.max_iterations = 5000;
  options.max_step = 0.2;
  Lbfgs lbfgs(options);
  const MinimizeResult result = lbfgs.minimize(rosenbrock, x);
  ASSERT_TRUE(result.converged()) << to_string(result.status);
  EXPECT_NEAR(x[0], 1.0, 1e-6);
  EXPECT_NEAR(x[1], 1.0, 1e-6);
}

TEST(Lbfgs, Lj13FromPerturbedIcosahedron) {
  const LennardJones lj(13);
  std::vector<double> x = perturbed(icosahedron13(), 7, 0.1);
  const MinimizeResult result = lbfgs_minimize(lj, x, 1e-7);
  ASSERT_TRUE(result.converged()) << to_string(result.status);
  EXPECT_LE(result.rms_gradient, 1e-7);
  EXPECT_NEAR(result.energy, -44.326801, 1e-6);
  std::vector<double> g(x.size());
  EXPECT_DOUBLE_EQ(lj.energy_gradient(x, g), result.energy);
}

TEST(Lbfgs, AcceptedStepsNeverExceedMaxStep) {
  const LennardJones lj(13);
  Rng rng(11);
  // A loose random cluster: the unconstrained steps are long, so the cap is exercised.
  std::vector<double> x(39);
  for (double& v : x) v = 1.8 * rng.symmetric();
  LbfgsOptions options;
  options.max_step = 0.15;
  options.rms_tolerance = 1e-5;
  options.max_iterations = 2000;
  Lbfgs lbfgs(options);

  std::vector<double> last_evaluated = x, previous_accepted = x;
  double longest = 0.0;
  int callbacks = 0;
  // The accepted point is always the last one evaluated before the callback.
  lbfgs.set_callback([&](int iteration, double, double) {
    ++callbacks;
    EXPECT_EQ(iteration, callbacks);
    double d2 = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i)
      d2 += (last_evaluated[i] - previous_accepted[i]) * (last_evaluated[i] - previous_accepted[i]);
    longest = std::max(longest, std::sqrt(d2));
    previous_accepted = last_evaluated;
  });
  const MinimizeResult result = lbfgs.minimize(
      [&](std::span<const double> xx, std::span<double> g) {
        last_evaluated.assign(xx.begin(), xx.end());
        return lj.energy_gradient(xx, g);
      },
      x);
  EXPECT_EQ(callbacks, result.iterations);
  EXPECT_LE(longest, options.max_step * (1.0 + 1e-12));
  EXPECT_GT(longest, 0.99 * options.max_step) << "the cap was never active";
  EXPECT_EQ(previous_accepted, std::vector<double>(x.begin(), x.end()));
}

TEST(Lbfgs, MaxIterationsStatus) {
  const LennardJones lj(13);
  std::vector<double> x = perturbed(icosahedron13(), 3, 0.2);
  LbfgsOptions options;
  options.max_iterations = 3;
  options.rms_tolerance = 1e-12;
  Lbfgs lbfgs(options);
  const MinimizeResult result = lbfgs.minimize(lj, x);
  EXPECT_EQ(result.status, MinimizeStatus::kMaxIterations);
  EXPECT_EQ(result.iterations, 3);
  EXPECT_GE(result.evaluations, 4);
  EXPECT_EQ(result.report().rfind("max-iterations after 3 iterations: E= ", 0), 0u)
      << result.report();
}

TEST(MinimizeResult, ReportIsOneLineWithStatusIterationsEnergyAndRms) {
  MinimizeResult r;
  r.status = MinimizeStatus::kConverged;
  r.iterations = 12;
  r.energy = -1.5;
  r.rms_gradient = 1e-7;
  EXPECT_EQ(r.report(), "converged after 12 iterations: E= -1.5000000000 RMS= 1.000e-07");
}

TEST(Lbfgs, AlreadyConvergedTakesNoStep) {
  Bowl bowl = make_bowl(4);
  std::vector<double> x = bowl.c;
  Lbfgs lbfgs(LbfgsOptions{});
  const MinimizeResult result = lbfgs.minimize(std::ref(bowl), x);
  EXPECT_TRUE(result.converged());
  EXPECT_EQ(result.iterations, 0);
  EXPECT_EQ(result.evaluations, 1);
  EXPECT_EQ(x, bowl.c);
}

TEST(Lbfgs, EnergyThatAlwaysRisesEndsInStepFailure) {
  // Every trial point is higher than the last: each iteration uses 1 + max_step_cuts trials,
  // then the memory is reset; the (max_resets + 1)-th failure gives up.
  LbfgsOptions options;
  options.max_step_cuts = 3;
  options.max_resets = 2;
  int calls = 0;
  auto rising = [&](std::span<const double>, std::span<double> g) {
    g[0] = 1.0;
    g[1] = -1.0;
    return static_cast<double>(calls++);
  };
  std::vector<double> x = {0.5, 0.5};
  Lbfgs lbfgs(options);
  const MinimizeResult result = lbfgs.minimize(rising, x);
  EXPECT_EQ(result.status, MinimizeStatus::kStepFailure);
  EXPECT_EQ(result.evaluations, 1 + (options.max_resets + 1) * (options.max_step_cuts + 1));
  EXPECT_EQ(result.evaluations, calls);
  EXPECT_EQ(result.iterations, 0);
  EXPECT_EQ(x, (std::vector<double>{0.5, 0.5})) << "x must stay at the last accepted point";
}

TEST(Lbfgs, NonFiniteEnergyIsAStatus) {
  std::vector<double> x = {1.0, 2.0};
  Lbfgs lbfgs(LbfgsOptions{});
  auto nan_after_start = [calls = 0](std::span<const double> xx, std::span<double> g) mutable {
    g[0] = xx[0];
    g[1] = xx[1];
    return calls++ == 0 ? 1.0 : std::numeric_limits<double>::quiet_NaN();
  };
  EXPECT_EQ(lbfgs.minimize(nan_after_start, x).status, MinimizeStatus::kNonFinite);
  EXPECT_EQ(x, (std::vector<double>{1.0, 2.0}));
  auto always_inf = [](std::span<const double>, std::span<double> g) {
    g[0] = g[1] = 1.0;
    return std::numeric_limits<double>::infinity();
  };
  const MinimizeResult result = lbfgs.minimize(always_inf, x);
  EXPECT_EQ(result.status, MinimizeStatus::kNonFinite);
  EXPECT_EQ(result.evaluations, 1);
}

TEST(Lbfgs, ValidateNamesFieldValueAndRule) {
  EXPECT_FALSE(LbfgsOptions{}.validate().has_value());
  LbfgsOptions options;
  options.memory = 0;
  ASSERT_TRUE(options.validate().has_value());
  EXPECT_EQ(*options.validate(), "memory = 0: must be at least 1");
  options = LbfgsOptions{};
  options.rms_tolerance = -1e-3;
  ASSERT_TRUE(options.validate().has_value());
  EXPECT_EQ(*options.validate(), "rms_tolerance = -0.001: must be non-negative");
  options = LbfgsOptions{};
  options.max_step = std::numeric_limits<double>::quiet_NaN();
  EXPECT_TRUE(options.validate().has_value());
  options = LbfgsOptions{};
  options.dguess = 0.0;
  EXPECT_TRUE(options.validate().has_value());

  options = LbfgsOptions{};
  options.memory = 0;
  Lbfgs lbfgs(options);
  std::vector<double> x = {1.0};
  EXPECT_THROW(lbfgs.minimize(rosenbrock, x), std::invalid_argument);
}

TEST(Lbfgs, ReusedInstanceGivesIdenticalResults) {
  const LennardJones lj(13);
  const std::vector<double> start = perturbed(icosahedron13(), 19, 0.15);
  Lbfgs lbfgs(LbfgsOptions{});
  std::vector<double> x1 = start, x2 = start;
  const MinimizeResult r1 = lbfgs.minimize(lj, x1);
  Bowl bowl = make_bowl(5);  // a different size in between exercises the work-array reuse
  std::vector<double> y(5, 1.0);
  lbfgs.minimize(std::ref(bowl), y);
  const MinimizeResult r2 = lbfgs.minimize(lj, x2);
  EXPECT_EQ(x1, x2);
  EXPECT_EQ(r1.energy, r2.energy);
  EXPECT_EQ(r1.evaluations, r2.evaluations);
}

}  // namespace
}  // namespace landscape

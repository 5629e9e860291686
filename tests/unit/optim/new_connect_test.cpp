// NewConnect on Mueller-Brown: the deepest and the second-deepest minimum, which no single saddle
// joins, are connected through the middle minimum by both known saddles; every transition state
// found has exactly one negative Hessian eigenvalue and every minimum none, and the path steps
// join known minima from the start to the finish.
#include "optim/new_connect.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "common/io/logger.hpp"
#include "common/landscape/structure_metric.hpp"
#include "common/potentials/mueller_brown.hpp"
#include "optim/counting_potential.hpp"
#include "tests/support/stationary_points.hpp"
#include "tests/support/test_paths.hpp"
#include "tests/unit/optim/mueller_brown_connection.hpp"

namespace landscape::optim {
namespace {

using testing::kMuellerBrownMinima;
using testing::kMuellerBrownSaddles;

/// NEWCONNECT 10 3 10.0 30.0 50 0.5 0.01, DIJKSTRA 2, NEBK 100.0.
NewConnectSettings mueller_brown_connect() {
  NewConnectSettings s;
  s.connect.max_cycles = 10;
  s.connect.max_tries = 3;
  s.connect.image_density = 10.0;
  s.connect.iteration_density = 30.0;
  s.connect.max_images = 50;
  s.connect.image_increment = 0.5;
  s.connect.rms_tolerance = 0.01;
  s.connect.cost_exponent = 2;
  s.band.spring_constant = 100.0;
  s.band.settle_iterations = kSettleIterations;
  s.transition_state = testing::mueller_brown_hef();
  return s;
}

/// EDIFFTOL 1e-6, GEOMDIFFTOL 1e-3.
StructureMetricSettings mueller_brown_metric() {
  StructureMetricSettings ms;
  ms.energy_tolerance = 1e-6;
  ms.distance_tolerance = 1e-3;
  return ms;
}

/// Index of the point of points within 2e-3 of x, or points.size().
std::size_t near(const std::vector<std::vector<double>>& points, const std::vector<double>& x) {
  for (std::size_t k = 0; k < points.size(); ++k)
    if (std::hypot(points[k][0] - x[0], points[k][1] - x[1]) < 2e-3) return k;
  return points.size();
}

TEST(NewConnect, DeepestToSecondDeepestMinimumThroughTheMiddleOne) {
  const MuellerBrown mb;
  CountingPotential counting(mb);
  const StructureMetric metric(mueller_brown_metric());
  Logger log(std::tmpfile());
  const PathTracer tracer(mb, testing::mueller_brown_tracer(), metric, log);
  const auto dir = testing::scratch_dir("new-connect-mb");
  NewConnect connect(counting, mueller_brown_connect(), false, metric, tracer, log, dir,
                     [](const std::string& name) { return name; });
  const StationaryPoint start = testing::mueller_brown_minimum(kMuellerBrownMinima[0]);
  const StationaryPoint finish = testing::mueller_brown_minimum(kMuellerBrownMinima[1]);
  const NewConnectResult r = connect.run(start, finish);
  ASSERT_TRUE(r.connected);
  EXPECT_GE(r.cycles, 1);
  EXPECT_GE(r.bands, 1u);

  // Whatever route the bands took, every stationary point found is what it claims to be, and is
  // one of Mueller-Brown's.
  const auto& minima = connect.minima();
  ASSERT_GE(minima.size(), 3u);
  EXPECT_EQ(minima[0].coords, start.coords);
  EXPECT_EQ(minima[1].coords, finish.coords);
  for (const StationaryPoint& m : minima) {
    EXPECT_EQ(testing::index_of(testing::hessian_eigenvalues(mb, m.coords)), 0);
    EXPECT_LT(near(kMuellerBrownMinima, m.coords), kMuellerBrownMinima.size())
        << m.coords[0] << " " << m.coords[1];
  }
  for (const KnownTransitionState& t : connect.transition_states()) {
    EXPECT_EQ(t.point.n_negative, 1u);
    EXPECT_EQ(testing::index_of(testing::hessian_eigenvalues(mb, t.point.coords)), 1);
    EXPECT_LT(near(kMuellerBrownSaddles, t.point.coords), kMuellerBrownSaddles.size());
    EXPECT_GT(t.point.energy, std::max(minima[t.plus].energy, minima[t.minus].energy));
  }

  // The path: no saddle joins the two directly, so it passes the middle minimum by both saddles.
  ASSERT_EQ(r.path.size(), 2u);
  EXPECT_EQ(r.path.front().from, 0u);
  EXPECT_EQ(r.path.back().to, 1u);
  EXPECT_EQ(r.path[0].to, r.path[1].from);
  std::vector<std::vector<double>> saddles_used;
  for (const auto& step : r.path) {
    ASSERT_LT(step.ts, connect.transition_states().size());
    const KnownTransitionState& t = connect.transition_states()[step.ts];
    EXPECT_TRUE((t.plus == step.from && t.minus == step.to) ||
                (t.plus == step.to && t.minus == step.from));
    saddles_used.push_back(t.point.coords);
  }
  EXPECT_EQ(near(kMuellerBrownMinima, minima[r.path[0].to].coords), 2u);  // the middle minimum
  EXPECT_EQ(
      near(saddles_used, kMuellerBrownSaddles[0]) + near(saddles_used, kMuellerBrownSaddles[1]),
      1u);
  // The potential was called through the counter.
  EXPECT_GT(counting.counts().gradient, 0);
}

TEST(NewConnect, ATimeLimitStopsTheRunAtItsNextCycle) {
  const MuellerBrown mb;
  CountingPotential counting(mb);
  const StructureMetric metric(mueller_brown_metric());
  const auto dir = testing::scratch_dir("new-connect-mb-time-limit");
  const std::string log_path = (dir / "log").string();
  std::FILE* file = std::fopen(log_path.c_str(), "w");
  ASSERT_NE(file, nullptr);
  NewConnectResult r;
  {
    Logger log(file);
    const PathTracer tracer(mb, testing::mueller_brown_tracer(), metric, log);
    NewConnectSettings s = mueller_brown_connect();
    s.connect.cpu_time_limit = 1e-9;  // already used up by the time the first cycle would start
    NewConnect connect(counting, s, false, metric, tracer, log, dir,
                       [](const std::string& name) { return name; });
    r = connect.run(testing::mueller_brown_minimum(kMuellerBrownMinima[0]),
                    testing::mueller_brown_minimum(kMuellerBrownMinima[1]));
    log.flush();
  }
  std::fclose(file);
  EXPECT_EQ(r.status, NewConnectStatus::kTimeLimit);
  EXPECT_EQ(to_string(r.status), "time limit");
  EXPECT_FALSE(r.connected);
  EXPECT_EQ(r.cycles, 0);
  EXPECT_NE(testing::read_file(log_path).find("TIMELIMIT: "), std::string::npos);

  NewConnectSettings bad = mueller_brown_connect();
  bad.connect.cpu_time_limit = 0.0;
  EXPECT_TRUE(bad.validate().has_value());
}

}  // namespace
}  // namespace landscape::optim

// The harmonic-superposition heat capacity (binned Taylor sums) against the formula summed minimum
// by minimum, its limits, the decoding of dP/dT, the temperature grid and the peak finder.
#include "pathsample/heat_capacity.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <random>

namespace landscape::pathsample {
namespace {

/// C_V = kappa + var(V) / T^2 with P_a proportional to exp(lnw_a - V_a / T), summed directly.
double direct_cv(const std::vector<double>& e, const std::vector<double>& lnw, double kappa,
                 double t) {
  double top = -INFINITY;
  for (std::size_t a = 0; a < e.size(); ++a) top = std::max(top, lnw[a] - e[a] / t);
  long double z = 0, s1 = 0;
  for (std::size_t a = 0; a < e.size(); ++a) {
    const long double p = std::exp(static_cast<long double>(lnw[a] - e[a] / t - top));
    z += p;
    s1 += p * e[a];
  }
  const long double mean = s1 / z;
  long double s2 = 0;
  for (std::size_t a = 0; a < e.size(); ++a) {
    const long double p = std::exp(static_cast<long double>(lnw[a] - e[a] / t - top));
    s2 += p * (e[a] - mean) * (e[a] - mean);
  }
  return kappa + static_cast<double>(s2 / z) / (t * t);
}

struct RandomDatabase {
  std::vector<double> e, lnw;
};

RandomDatabase random_database(std::size_t n, double e_lo, double e_hi, double w_spread,
                               unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> ue(e_lo, e_hi), uw(-w_spread, w_spread);
  RandomDatabase d;
  for (std::size_t i = 0; i < n; ++i) {
    // More minima at higher energies, as on a real landscape.
    const double u = ue(rng);
    d.e.push_back(e_lo + (e_hi - e_lo) * std::sqrt((u - e_lo) / (e_hi - e_lo)));
    d.lnw.push_back(uw(rng));
  }
  return d;
}

void expect_matches_direct(const RandomDatabase& d, double kappa, const std::vector<double>& temps,
                           double tol) {
  const HarmonicSuperposition hsa(d.e, d.lnw, kappa);
  const auto cv = hsa.heat_capacity(temps);
  ASSERT_EQ(cv.size(), temps.size());
  for (std::size_t i = 0; i < temps.size(); ++i) {
    const double ref = direct_cv(d.e, d.lnw, kappa, temps[i]);
    EXPECT_NEAR(cv[i].cv, ref, tol * ref) << "T = " << temps[i];
    EXPECT_DOUBLE_EQ(cv[i].temperature, temps[i]);
  }
}

TEST(HarmonicSuperposition, BinnedSumsEqualTheDirectFormula) {
  // Dense: hundreds of minima per bin (Taylor bins), weights spread over e^40.
  expect_matches_direct(random_database(20000, -20.0, -5.0, 20.0, 1), 108.0,
                        temperature_grid(0.05, 3.0, 0.05), 1e-11);
  // Sparse: most bins hold fewer than four minima and are summed directly.
  expect_matches_direct(random_database(300, -200.0, 0.0, 5.0, 2), 30.0,
                        temperature_grid(0.02, 20.0, 0.37), 1e-11);
  // Low temperatures: almost everything is negligible next to the lowest minima.
  expect_matches_direct(random_database(5000, -3.0, 0.0, 3.0, 3), 9.0,
                        temperature_grid(0.001, 0.05, 0.001), 1e-11);
}

TEST(HarmonicSuperposition, ThreadsDoNotChangeTheResult) {
  const auto d = random_database(20000, -10.0, 0.0, 10.0, 4);
  const HarmonicSuperposition hsa(d.e, d.lnw, 21.0);
  const auto grid = temperature_grid(0.01, 2.0, 0.001);
  const auto one = hsa.heat_capacity(grid, 1);
  const auto two = hsa.heat_capacity(grid, 2);
  for (std::size_t i = 0; i < grid.size(); ++i) EXPECT_EQ(one[i].cv, two[i].cv);
}

TEST(HarmonicSuperposition, OneMinimumHasTheHarmonicHeatCapacity) {
  const HarmonicSuperposition hsa({-173.9}, {HarmonicSuperposition::ln_weight(538.7, 48)}, 108.0);
  for (const auto& p : hsa.heat_capacity(temperature_grid(0.01, 1.0, 0.01))) {
    EXPECT_DOUBLE_EQ(p.cv, 108.0);
    EXPECT_DOUBLE_EQ(p.mean_energy, -173.9);
  }
}

TEST(HarmonicSuperposition, TwoMinimaGiveASchottkyPeak) {
  // Two minima a gap of 1 apart, the upper one e^10 times as wide: P_upper = 1 / (1 + e^(1/T -
  // 10)).
  const double kappa = 3.0;
  const HarmonicSuperposition hsa({0.0, 1.0}, {0.0, 10.0}, kappa);
  const auto grid = temperature_grid(0.01, 1.0, 0.001);
  const auto cv = hsa.heat_capacity(grid);
  for (std::size_t i = 0; i < grid.size(); i += 37) {
    const double t = grid[i];
    const double p = 1.0 / (1.0 + std::exp(1.0 / t - 10.0));
    EXPECT_NEAR(cv[i].cv, kappa + p * (1 - p) / (t * t), 1e-12 * cv[i].cv);
  }
  const auto peaks = find_peaks(cv);
  ASSERT_EQ(peaks.size(), 1u);
  // The peak of p(1-p)/T^2 on a fine scan.
  double best_t = 0, best = -1;
  for (double t = 0.05; t < 0.2; t += 1e-7) {
    const double p = 1.0 / (1.0 + std::exp(1.0 / t - 10.0));
    if (p * (1 - p) / (t * t) > best) best = p * (1 - p) / (t * t), best_t = t;
  }
  EXPECT_NEAR(peaks[0].temperature, best_t, 1e-4);
}

TEST(HarmonicSuperposition, DecodingListsTheLargestChangesOfEachSign) {
  const auto d = random_database(400, -5.0, 0.0, 4.0, 5);
  const HarmonicSuperposition hsa(d.e, d.lnw, 12.0);
  const double t = 0.4, fraction = 0.9;
  const OccupationChange c = hsa.occupation_change(t, fraction);
  ASSERT_EQ(c.dp_dt.size(), 400u);
  double sum = 0, sum_plus = 0, sum_minus = 0;
  for (double v : c.dp_dt) {
    sum += v;
    (v > 0 ? sum_plus : sum_minus) += std::fabs(v);
  }
  EXPECT_NEAR(sum, 0.0, 1e-12 * c.sum_abs);  // probabilities stay normalised
  EXPECT_NEAR(c.sum_abs, sum_plus + sum_minus, 1e-12 * c.sum_abs);
  auto check = [&](const std::vector<std::size_t>& list, double total, double sign) {
    ASSERT_FALSE(list.empty());
    double covered = 0;
    for (std::size_t i = 0; i < list.size(); ++i) {
      EXPECT_GT(sign * c.dp_dt[list[i]], 0.0);
      if (i > 0) {
        EXPECT_GE(std::fabs(c.dp_dt[list[i - 1]]), std::fabs(c.dp_dt[list[i]]));
      }
      covered += std::fabs(c.dp_dt[list[i]]);
    }
    EXPECT_GE(covered, fraction * total);
    EXPECT_LT(covered - std::fabs(c.dp_dt[list.back()]), fraction * total);  // none to spare
    // Nothing left out is larger than the last one taken.
    for (std::size_t a = 0; a < c.dp_dt.size(); ++a) {
      if (sign * c.dp_dt[a] > 0 && std::find(list.begin(), list.end(), a) == list.end()) {
        EXPECT_LE(std::fabs(c.dp_dt[a]), std::fabs(c.dp_dt[list.back()]));
      }
    }
  };
  check(c.plus, sum_plus, 1.0);
  check(c.minus, sum_minus, -1.0);
  // dP/dT = P (V - <V>) / T^2 evaluated directly for one minimum.
  double top = -INFINITY;
  for (std::size_t a = 0; a < d.e.size(); ++a) top = std::max(top, d.lnw[a] - d.e[a] / t);
  double z = 0, s1 = 0;
  for (std::size_t a = 0; a < d.e.size(); ++a) {
    z += std::exp(d.lnw[a] - d.e[a] / t - top);
    s1 += std::exp(d.lnw[a] - d.e[a] / t - top) * d.e[a];
  }
  const std::size_t a = c.plus.front();
  const double p = std::exp(d.lnw[a] - d.e[a] / t - top) / z;
  EXPECT_NEAR(c.dp_dt[a], p * (d.e[a] - s1 / z) / (t * t), 1e-10 * std::fabs(c.dp_dt[a]));
}

TEST(TemperatureGrid, IncludesBothEndsAndRoundsToTwelveDigits) {
  const auto g = temperature_grid(0.1, 0.5, 0.1);
  ASSERT_EQ(g.size(), 5u);
  EXPECT_EQ(g[2], 0.3);  // not 0.30000000000000004
  EXPECT_EQ(g.back(), 0.5);
  EXPECT_EQ(temperature_grid(1.0, 1.0, 0.5).size(), 1u);
  EXPECT_EQ(temperature_grid(0.01, 1.0, 0.001).size(), 991u);
}

TEST(FindShoulders, FindsAHiddenPeakOnAFlankAndNothingOnAPlainPeak) {
  auto curve = [](double small) {
    std::vector<HeatCapacityPoint> cv;
    for (int i = 0; i <= 400; ++i) {
      const double t = 0.5 + 0.0025 * i;
      const double big = std::exp(-std::pow((t - 1.0) / 0.1, 2));
      const double bump = small * std::exp(-std::pow((t - 1.12) / 0.04, 2));
      cv.push_back({t, 10.0 + 50.0 * big + 50.0 * bump, 0.0, 0.0});
    }
    return cv;
  };
  EXPECT_TRUE(find_shoulders(curve(0.0)).empty());
  const auto shoulders = find_shoulders(curve(0.2));
  ASSERT_EQ(shoulders.size(), 1u);
  EXPECT_NEAR(shoulders[0].temperature, 1.12, 0.03);
  EXPECT_EQ(find_peaks(curve(0.2)).size(), 1u);  // the bump is no maximum of its own
}

TEST(FindPeaks, IgnoresTheEndsAndNumericalRipples) {
  std::vector<HeatCapacityPoint> cv;
  for (int i = 0; i <= 100; ++i) {
    const double t = 0.01 * i;
    const double bump =
        std::exp(-std::pow((t - 0.3) / 0.05, 2)) + 0.5 * std::exp(-std::pow((t - 0.7) / 0.05, 2));
    // A ripple of 1e-13 must not count as a peak; the curve rises at the right end.
    cv.push_back(
        {t, 100.0 + bump + (i % 2 ? 1e-13 : 0.0) + (t > 0.95 ? 10 * (t - 0.95) : 0.0), 0, 0});
  }
  const auto peaks = find_peaks(cv);
  ASSERT_EQ(peaks.size(), 2u);
  EXPECT_NEAR(peaks[0].temperature, 0.3, 1e-3);
  EXPECT_NEAR(peaks[1].temperature, 0.7, 1e-3);
  EXPECT_EQ(peaks[0].index, 30u);
}

}  // namespace
}  // namespace landscape::pathsample

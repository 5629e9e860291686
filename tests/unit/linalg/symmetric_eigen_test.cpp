// Symmetric eigensolver (LAPACKE dsyevr): known spectra, residuals, partial spectrum.

#include "common/linalg/symmetric_eigen.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "common/random/rng.hpp"

namespace landscape {
namespace {

std::vector<double> random_symmetric(std::size_t n, Rng& rng) {
  std::vector<double> a(n * n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j <= i; ++j) a[i * n + j] = a[j * n + i] = rng.symmetric();
  return a;
}

// Max over k of |A v_k - lambda_k v_k| and of |v_k . v_l - delta_kl|.
void expect_eigenpairs(const std::vector<double>& a, const SymmetricEigen& eig, double tol) {
  const std::size_t n = eig.n, m = eig.values.size();
  ASSERT_EQ(eig.vectors.size(), n * m);
  for (std::size_t k = 0; k < m; ++k) {
    const double* v = &eig.vectors[k * n];
    for (std::size_t i = 0; i < n; ++i) {
      double av = 0.0;
      for (std::size_t j = 0; j < n; ++j) av += a[i * n + j] * v[j];
      EXPECT_NEAR(av, eig.values[k] * v[i], tol) << "pair " << k << ", row " << i;
    }
    for (std::size_t l = 0; l < m; ++l) {
      double d = 0.0;
      for (std::size_t i = 0; i < n; ++i) d += v[i] * eig.vectors[l * n + i];
      EXPECT_NEAR(d, k == l ? 1.0 : 0.0, tol);
    }
  }
}

TEST(SymmetricEigen, DiagonalMatrixGivesSortedDiagonal) {
  const std::vector<double> a = {3.0, 0.0, 0.0, 0.0, -1.0, 0.0, 0.0, 0.0, 2.0};
  const SymmetricEigen eig = symmetric_eigen(a, 3, true);
  ASSERT_EQ(eig.values.size(), 3u);
  EXPECT_DOUBLE_EQ(eig.values[0], -1.0);
  EXPECT_DOUBLE_EQ(eig.values[1], 2.0);
  EXPECT_DOUBLE_EQ(eig.values[2], 3.0);
  // The eigenvector of -1 is +-e_y.
  EXPECT_NEAR(std::abs(eig.vectors[1]), 1.0, 1e-15);
  expect_eigenpairs(a, eig, 1e-14);
}

TEST(SymmetricEigen, TwoByTwoAnalytic) {
  const double p = 2.0, q = 0.5, r = -1.0;
  const std::vector<double> a = {p, q, q, r};
  const double mean = 0.5 * (p + r), radius = std::hypot(0.5 * (p - r), q);
  const SymmetricEigen eig = symmetric_eigen(a, 2, true);
  EXPECT_NEAR(eig.values[0], mean - radius, 1e-14);
  EXPECT_NEAR(eig.values[1], mean + radius, 1e-14);
  expect_eigenpairs(a, eig, 1e-14);
  const SymmetricEigen values_only = symmetric_eigen(a, 2, false);
  EXPECT_TRUE(values_only.vectors.empty());
  EXPECT_NEAR(values_only.values[0], mean - radius, 1e-14);
}

TEST(SymmetricEigen, RandomSymmetricMatrix) {
  Rng rng(31);
  const std::size_t n = 25;
  const std::vector<double> a = random_symmetric(n, rng);
  const SymmetricEigen eig = symmetric_eigen(a, n, true);
  ASSERT_EQ(eig.n, n);
  ASSERT_EQ(eig.values.size(), n);
  for (std::size_t k = 1; k < n; ++k) EXPECT_LE(eig.values[k - 1], eig.values[k]);
  expect_eigenpairs(a, eig, 1e-12);
  // The trace is the sum of the eigenvalues.
  double trace = 0.0, sum = 0.0;
  for (std::size_t i = 0; i < n; ++i) trace += a[i * n + i];
  for (double v : eig.values) sum += v;
  EXPECT_NEAR(sum, trace, 1e-12);
}

TEST(SymmetricEigen, InputIsNotModified) {
  Rng rng(5);
  const std::vector<double> a = random_symmetric(6, rng);
  std::vector<double> copy = a;
  symmetric_eigen(copy, 6, true);
  lowest_eigenpairs(copy, 6, 2, true);
  EXPECT_EQ(copy, a);
}

TEST(LowestEigenpairs, AgreesWithTheFullSolve) {
  Rng rng(47);
  const std::size_t n = 30, k = 4;
  const std::vector<double> a = random_symmetric(n, rng);
  const SymmetricEigen full = symmetric_eigen(a, n, true);
  const SymmetricEigen low = lowest_eigenpairs(a, n, k, true);
  ASSERT_EQ(low.values.size(), k);
  expect_eigenpairs(a, low, 1e-12);
  for (std::size_t m = 0; m < k; ++m) {
    EXPECT_NEAR(low.values[m], full.values[m], 1e-12);
    // Same vector up to sign.
    double overlap = 0.0;
    for (std::size_t i = 0; i < n; ++i) overlap += low.vectors[m * n + i] * full.vectors[m * n + i];
    EXPECT_NEAR(std::abs(overlap), 1.0, 1e-10);
  }
  const SymmetricEigen values_only = lowest_eigenpairs(a, n, k, false);
  EXPECT_TRUE(values_only.vectors.empty());
  for (std::size_t m = 0; m < k; ++m) EXPECT_NEAR(values_only.values[m], full.values[m], 1e-12);
}

TEST(LowestEigenpairs, EdgeCases) {
  Rng rng(2);
  const std::vector<double> a = random_symmetric(5, rng);
  EXPECT_TRUE(lowest_eigenpairs(a, 5, 0, true).values.empty());
  EXPECT_EQ(lowest_eigenpairs(a, 5, 5, false).values, symmetric_eigen(a, 5, false).values);
  EXPECT_THROW(lowest_eigenpairs(a, 5, 6, false), std::invalid_argument);
  EXPECT_THROW(symmetric_eigen(a, 6, false), std::invalid_argument);
  EXPECT_TRUE(symmetric_eigen(std::vector<double>{}, 0, true).values.empty());
}

}  // namespace
}  // namespace landscape

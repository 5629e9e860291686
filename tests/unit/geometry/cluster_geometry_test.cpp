// Rigid-body geometry: centre, inertia, principal moments and alignment onto principal axes.

#include "common/geometry/cluster_geometry.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <vector>

#include "common/optimize/lbfgs.hpp"
#include "common/potentials/lennard_jones.hpp"
#include "common/random/rng.hpp"
#include "tests/support/clusters.hpp"

namespace landscape {
namespace {

using testing::icosahedron13;
using testing::lj13_icosahedron;
using testing::random_rotation;

// A random cluster with clearly distinct principal moments: atoms in a 3 x 2 x 1 box.
std::vector<double> asymmetric_cluster(std::size_t n_atoms, Rng& rng) {
  std::vector<double> x(3 * n_atoms);
  for (std::size_t i = 0; i < n_atoms; ++i) {
    x[3 * i] = 3.0 * rng.symmetric();
    x[3 * i + 1] = 2.0 * rng.symmetric();
    x[3 * i + 2] = 1.0 * rng.symmetric();
  }
  return x;
}

// Rotates about the origin and then translates by shift.
std::vector<double> moved_copy(const std::vector<double>& x, const std::array<double, 9>& r,
                               std::array<double, 3> shift) {
  std::vector<double> y(x.size());
  for (std::size_t i = 0; i < x.size() / 3; ++i)
    for (std::size_t a = 0; a < 3; ++a)
      y[3 * i + a] = r[3 * a] * x[3 * i] + r[3 * a + 1] * x[3 * i + 1] +
                     r[3 * a + 2] * x[3 * i + 2] + shift[a];
  return y;
}

// Signed volume spanned by atoms 1, 2, 3 seen from atom 0: flips sign under a reflection.
double chirality(const std::vector<double>& x) {
  double u[3][3];
  for (std::size_t k = 0; k < 3; ++k)
    for (std::size_t a = 0; a < 3; ++a) u[k][a] = x[3 * (k + 1) + a] - x[a];
  return u[0][0] * (u[1][1] * u[2][2] - u[1][2] * u[2][1]) -
         u[0][1] * (u[1][0] * u[2][2] - u[1][2] * u[2][0]) +
         u[0][2] * (u[1][0] * u[2][1] - u[1][1] * u[2][0]);
}

TEST(ClusterGeometry, CentreInertiaRadiusDistance) {
  // Two atoms on the x axis at 1 and 3: centre at 2, moments (0, 2, 2), radius 1.
  std::vector<double> x = {1.0, 0.0, 0.0, 3.0, 0.0, 0.0};
  const auto c = centre_of_mass(x);
  EXPECT_DOUBLE_EQ(c[0], 2.0);
  EXPECT_DOUBLE_EQ(c[1], 0.0);
  const auto t = inertia_tensor(x);
  EXPECT_DOUBLE_EQ(t[0], 0.0);
  EXPECT_DOUBLE_EQ(t[4], 2.0);
  EXPECT_DOUBLE_EQ(t[8], 2.0);
  const auto m = principal_moments(x);
  EXPECT_NEAR(m[0], 0.0, 1e-14);
  EXPECT_NEAR(m[1], 2.0, 1e-14);
  EXPECT_NEAR(m[2], 2.0, 1e-14);
  EXPECT_DOUBLE_EQ(max_radius(x), 1.0);
  move_to_centre(x);
  EXPECT_EQ(x, (std::vector<double>{-1.0, 0.0, 0.0, 1.0, 0.0, 0.0}));
  EXPECT_DOUBLE_EQ(euclidean_distance(std::vector<double>{0.0, 3.0}, std::vector<double>{4.0, 0.0}),
                   5.0);
}

TEST(ClusterGeometry, Lj13PrincipalMomentsAreInvariant) {
  const std::vector<double> x = lj13_icosahedron();
  const auto m0 = principal_moments(x);
  // The icosahedron is a spherical top: three equal moments.
  EXPECT_NEAR(m0[0], m0[2], 1e-8 * m0[2]);
  Rng rng(13);
  for (int trial = 0; trial < 5; ++trial) {
    const auto y = moved_copy(x, random_rotation(rng), {rng.symmetric(), rng.symmetric(), 5.0});
    const auto m = principal_moments(y);
    for (std::size_t k = 0; k < 3; ++k) EXPECT_NEAR(m[k], m0[k], 1e-10 * m0[2]);
  }
}

TEST(ClusterGeometry, PrincipalMomentsOfAnAsymmetricClusterAreInvariant) {
  Rng rng(17);
  const std::vector<double> x = asymmetric_cluster(38, rng);
  const auto m0 = principal_moments(x);
  EXPECT_LT(m0[0], m0[1]);
  EXPECT_LT(m0[1], m0[2]);
  const auto y = moved_copy(x, random_rotation(rng), {2.0, -1.0, 0.5});
  const auto m = principal_moments(y);
  for (std::size_t k = 0; k < 3; ++k) EXPECT_NEAR(m[k], m0[k], 1e-10 * m0[2]);
}

TEST(ClusterGeometry, AlignmentMapsRotatedCopiesToOneResult) {
  Rng rng(23);
  for (std::size_t n_atoms : {13u, 38u}) {
    const std::vector<double> x = asymmetric_cluster(n_atoms, rng);
    std::vector<double> aligned = x;
    align_to_principal_axes(aligned);
    // Centred, inertia tensor diagonal with ascending moments.
    const auto c = centre_of_mass(aligned);
    for (double v : c) EXPECT_NEAR(v, 0.0, 1e-12);
    const auto t = inertia_tensor(aligned);
    EXPECT_NEAR(t[1], 0.0, 1e-10);
    EXPECT_NEAR(t[2], 0.0, 1e-10);
    EXPECT_NEAR(t[5], 0.0, 1e-10);
    EXPECT_LE(t[0], t[4]);
    EXPECT_LE(t[4], t[8]);
    // A proper rotation: the handedness of the atoms is kept, and so are all distances.
    EXPECT_GT(chirality(aligned) * chirality(x), 0.0);
    EXPECT_NEAR(chirality(aligned), chirality(x), 1e-10);

    for (int trial = 0; trial < 10; ++trial) {
      std::vector<double> y = moved_copy(
          x, random_rotation(rng), {4 * rng.symmetric(), 4 * rng.symmetric(), 4 * rng.symmetric()});
      align_to_principal_axes(y);
      EXPECT_LT(euclidean_distance(y, aligned), 1e-8) << n_atoms << " atoms, trial " << trial;
    }
  }
}

TEST(ClusterGeometry, AlignmentOfTheIcosahedronIsARotation) {
  // Degenerate moments: the orientation is not unique, but the result must be a proper rotation
  // of the centred input with the same moments.
  const std::vector<double> x = lj13_icosahedron();
  std::vector<double> aligned = x;
  align_to_principal_axes(aligned);
  EXPECT_NEAR(chirality(aligned), chirality(x), 1e-10);
  const auto m0 = principal_moments(x), m = principal_moments(aligned);
  for (std::size_t k = 0; k < 3; ++k) EXPECT_NEAR(m[k], m0[k], 1e-10);
  EXPECT_NEAR(max_radius(aligned), max_radius(x), 1e-12);
}

}  // namespace
}  // namespace landscape

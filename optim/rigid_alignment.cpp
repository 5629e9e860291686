#include "optim/rigid_alignment.hpp"

#include <array>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "common/geometry/cluster_geometry.hpp"
#include "common/linalg/symmetric_eigen.hpp"

namespace landscape::optim {

double align_rigidly(std::span<const double> reference, std::span<double> moving) {
  if (reference.size() != moving.size() || reference.size() % 3 != 0)
    throw std::invalid_argument("align_rigidly: structures of different sizes");
  const std::size_t atoms = reference.size() / 3;
  const auto cr = centre_of_mass(reference);
  const auto cm = centre_of_mass(moving);
  // Correlation s[a][b] = sum_i m_i[a] r_i[b] of the centred coordinates.
  double s[3][3] = {};
  for (std::size_t i = 0; i < atoms; ++i)
    for (int a = 0; a < 3; ++a)
      for (int b = 0; b < 3; ++b)
        s[a][b] += (moving[3 * i + a] - cm[a]) * (reference[3 * i + b] - cr[b]);
  const double sxx = s[0][0], sxy = s[0][1], sxz = s[0][2];
  const double syx = s[1][0], syy = s[1][1], syz = s[1][2];
  const double szx = s[2][0], szy = s[2][1], szz = s[2][2];
  const std::array<double, 16> n = {
      sxx + syy + szz, syz - szy,       szx - sxz,        sxy - syx,
      syz - szy,       sxx - syy - szz, sxy + syx,        szx + sxz,
      szx - sxz,       sxy + syx,       -sxx + syy - szz, syz + szy,
      sxy - syx,       szx + sxz,       syz + szy,        -sxx - syy + szz};
  const SymmetricEigen eig = symmetric_eigen(n, 4, true);
  const double* q = &eig.vectors[3 * 4];  // largest eigenvalue
  const double w = q[0], x = q[1], y = q[2], z = q[3];
  const double r[3][3] = {{w * w + x * x - y * y - z * z, 2 * (x * y - w * z), 2 * (x * z + w * y)},
                          {2 * (x * y + w * z), w * w - x * x + y * y - z * z, 2 * (y * z - w * x)},
                          {2 * (x * z - w * y), 2 * (y * z + w * x), w * w - x * x - y * y + z * z}};
  double d2 = 0.0;
  for (std::size_t i = 0; i < atoms; ++i) {
    const double p[3] = {moving[3 * i] - cm[0], moving[3 * i + 1] - cm[1], moving[3 * i + 2] - cm[2]};
    for (int a = 0; a < 3; ++a) {
      const double v = r[a][0] * p[0] + r[a][1] * p[1] + r[a][2] * p[2] + cr[a];
      moving[3 * i + a] = v;
      d2 += (v - reference[3 * i + a]) * (v - reference[3 * i + a]);
    }
  }
  return std::sqrt(d2);
}

double aligned_distance(std::span<const double> a, std::span<const double> b) {
  std::vector<double> copy(b.begin(), b.end());
  return align_rigidly(a, copy);
}

}  // namespace landscape::optim

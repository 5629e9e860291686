#include "common/geometry/permutational_alignment.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "common/geometry/cluster_geometry.hpp"
#include "common/linalg/symmetric_eigen.hpp"
#include "common/optimize/linear_assignment.hpp"
#include "common/random/rng.hpp"

namespace landscape {
namespace {

using Matrix = std::array<double, 9>;  // row-major 3x3

constexpr Matrix kIdentity{1, 0, 0, 0, 1, 0, 0, 0, 1};

/// Rotation matrix of a unit quaternion (w, x, y, z).
Matrix quaternion_matrix(double w, double x, double y, double z) {
  return {
      w * w + x * x - y * y - z * z, 2 * (x * y - w * z),           2 * (x * z + w * y),
      2 * (x * y + w * z),           w * w - x * x + y * y - z * z, 2 * (y * z - w * x),
      2 * (x * z - w * y),           2 * (y * z + w * x),           w * w - x * x - y * y + z * z};
}

/// A uniformly random proper rotation.
Matrix random_rotation(Rng& rng) {
  double q[4], norm2;
  do {
    norm2 = 0.0;
    for (double& c : q) {
      c = rng.symmetric();
      norm2 += c * c;
    }
  } while (norm2 > 1.0 || norm2 < 1e-6);
  const double s = 1.0 / std::sqrt(norm2);
  return quaternion_matrix(q[0] * s, q[1] * s, q[2] * s, q[3] * s);
}

Matrix negated(Matrix m) {
  for (double& v : m) v = -v;
  return m;
}

double determinant(const Matrix& m) {
  return m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) +
         m[2] * (m[3] * m[7] - m[4] * m[6]);
}

std::vector<double> centred_copy(std::span<const double> x) {
  std::vector<double> c(x.begin(), x.end());
  move_to_centre(c);
  return c;
}

/// out_i = m x_i for every atom.
void transform(const Matrix& m, std::span<const double> x, std::span<double> out) {
  for (std::size_t i = 0; i + 2 < x.size(); i += 3)
    for (int a = 0; a < 3; ++a)
      out[i + a] = m[3 * a] * x[i] + m[3 * a + 1] * x[i + 1] + m[3 * a + 2] * x[i + 2];
}

/// Orthonormal frame (rows) of two non-collinear vectors: u, the part of v orthogonal to u, and
/// their cross product. False when they are (nearly) collinear.
bool frame_of(const double* u, const double* v, Matrix& rows) {
  const double nu = std::sqrt(u[0] * u[0] + u[1] * u[1] + u[2] * u[2]);
  if (nu == 0.0) return false;
  double e1[3] = {u[0] / nu, u[1] / nu, u[2] / nu};
  const double along = v[0] * e1[0] + v[1] * e1[1] + v[2] * e1[2];
  double e2[3] = {v[0] - along * e1[0], v[1] - along * e1[1], v[2] - along * e1[2]};
  const double nv = std::sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
  const double n2 = std::sqrt(e2[0] * e2[0] + e2[1] * e2[1] + e2[2] * e2[2]);
  if (nv == 0.0 || n2 < 1e-3 * nv) return false;
  for (double& c : e2) c /= n2;
  const double e3[3] = {e1[1] * e2[2] - e1[2] * e2[1], e1[2] * e2[0] - e1[0] * e2[2],
                        e1[0] * e2[1] - e1[1] * e2[0]};
  rows = {e1[0], e1[1], e1[2], e2[0], e2[1], e2[2], e3[0], e3[1], e3[2]};
  return true;
}

/// Q = U^T V with U, V frames given as rows: maps the frame V onto the frame U (proper). With
/// mirror, the third axis of U is reversed (improper).
Matrix frame_map(const Matrix& u_rows, const Matrix& v_rows, bool mirror) {
  Matrix q{};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 3; ++k)
        q[3 * i + j] += (mirror && k == 2 ? -1.0 : 1.0) * u_rows[3 * k + i] * v_rows[3 * k + j];
  return q;
}

/// The search itself, on centred copies.
class Aligner {
 public:
  Aligner(std::vector<double> a, std::vector<double> b, const ClusterAlignmentOptions& options)
      : a_(std::move(a)),
        b_(std::move(b)),
        options_(options),
        n_(a_.size() / 3),
        y_(b_.size()),
        permuted_(b_.size()) {
    if (options_.permutations) {
      if (options_.groups.empty()) {
        groups_.emplace_back(n_);
        std::iota(groups_[0].begin(), groups_[0].end(), std::size_t{0});
      } else {
        groups_ = options_.groups;
      }
      group_of_.assign(n_, kNoGroup);
      for (std::size_t g = 0; g < groups_.size(); ++g)
        for (std::size_t i : groups_[g]) group_of_[i] = g;
    }
  }

  /// The best alignment from start orientation q: permutation and orthogonal matrix.
  double local_search(Matrix q, std::vector<std::size_t>& perm, Matrix& rotation) {
    perm.resize(n_);
    std::iota(perm.begin(), perm.end(), std::size_t{0});
    if (!options_.permutations) {
      best_orthogonal_transform(a_, b_, handedness(), rotation);
      return distance(perm, rotation);
    }
    std::vector<std::size_t> next(n_);
    for (int it = 0; it < options_.max_iterations; ++it) {
      transform(q, b_, y_);
      assign(next);
      if (it > 0 && next == perm) break;
      perm.swap(next);
      for (std::size_t i = 0; i < n_; ++i)
        for (int c = 0; c < 3; ++c) permuted_[3 * i + c] = b_[3 * perm[i] + c];
      best_orthogonal_transform(a_, permuted_, handedness(), q);
    }
    rotation = q;
    return distance(perm, rotation);
  }

  /// |a - R b_perm| computed directly (no cancellation).
  double distance(const std::vector<std::size_t>& perm, const Matrix& r) const {
    double s = 0.0;
    for (std::size_t i = 0; i < n_; ++i) {
      const double* p = &b_[3 * perm[i]];
      for (int c = 0; c < 3; ++c) {
        const double v = r[3 * c] * p[0] + r[3 * c + 1] * p[1] + r[3 * c + 2] * p[2];
        s += (a_[3 * i + c] - v) * (a_[3 * i + c] - v);
      }
    }
    return std::sqrt(s);
  }

  /// Whether atoms i (reference) and j (moving) may be matched.
  bool may_match(std::size_t i, std::size_t j) const {
    if (!options_.permutations) return i == j;
    if (group_of_[i] == kNoGroup || group_of_[j] == kNoGroup) return i == j;
    return group_of_[i] == group_of_[j];
  }

  Handedness handedness() const {
    return options_.inversion ? Handedness::kEither : Handedness::kProper;
  }
  const std::vector<double>& a() const { return a_; }
  const std::vector<double>& b() const { return b_; }
  std::size_t atoms() const { return n_; }

 private:
  static constexpr std::size_t kNoGroup = std::numeric_limits<std::size_t>::max();

  /// Best permutation for the current orientation y_ (aligned atom i = moving atom perm[i]).
  void assign(std::vector<std::size_t>& perm) {
    std::iota(perm.begin(), perm.end(), std::size_t{0});
    for (const auto& group : groups_) {
      const std::size_t m = group.size();
      cost_.resize(m * m);
      for (std::size_t r = 0; r < m; ++r) {
        const double* p = &a_[3 * group[r]];
        for (std::size_t c = 0; c < m; ++c) {
          const double* q = &y_[3 * group[c]];
          cost_[r * m + c] = (p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]) +
                             (p[2] - q[2]) * (p[2] - q[2]);
        }
      }
      const Assignment match = solve_min_cost_assignment(cost_, m);
      for (std::size_t r = 0; r < m; ++r) perm[group[r]] = group[match.column_of_row[r]];
    }
  }

  std::vector<double> a_, b_;
  const ClusterAlignmentOptions& options_;
  std::size_t n_;
  std::vector<std::vector<std::size_t>> groups_;
  std::vector<std::size_t> group_of_;
  std::vector<double> y_, permuted_, cost_;
};

void check_input(std::span<const double> a, std::span<const double> b,
                 const ClusterAlignmentOptions& o) {
  if (a.size() != b.size() || a.size() % 3 != 0)
    throw std::invalid_argument(
        fmt::format("align_cluster: the clusters have {} and {} coordinates (same size, 3 an atom)",
                    a.size(), b.size()));
  const std::size_t n = a.size() / 3;
  std::vector<char> seen(n, 0);
  for (const auto& g : o.groups)
    for (std::size_t i : g) {
      if (i >= n)
        throw std::invalid_argument(
            fmt::format("align_cluster: group atom {} is not below {}", i, n));
      if (seen[i]++)
        throw std::invalid_argument(fmt::format("align_cluster: atom {} is in two groups", i));
    }
}

/// Radii of the atoms of a centred cluster.
std::vector<double> radii(const std::vector<double>& x) {
  std::vector<double> r(x.size() / 3);
  for (std::size_t i = 0; i < r.size(); ++i)
    r[i] =
        std::sqrt(x[3 * i] * x[3 * i] + x[3 * i + 1] * x[3 * i + 1] + x[3 * i + 2] * x[3 * i + 2]);
  return r;
}

double atom_distance(const std::vector<double>& x, std::size_t i, std::size_t j) {
  const double dx = x[3 * i] - x[3 * j], dy = x[3 * i + 1] - x[3 * j + 1],
               dz = x[3 * i + 2] - x[3 * j + 2];
  return std::sqrt(dx * dx + dy * dy + dz * dz);
}

/// Starting orientations from frames on two atoms (see the header).
std::vector<Matrix> pair_frame_starts(const Aligner& al, const ClusterAlignmentOptions& o) {
  std::vector<Matrix> starts;
  const auto& a = al.a();
  const auto& b = al.b();
  const std::size_t n = al.atoms();
  if (n < 2 || o.max_pair_frames == 0) return starts;
  const auto ra = radii(a), rb = radii(b);
  const double rmax = *std::max_element(ra.begin(), ra.end());
  if (rmax == 0.0) return starts;
  // Reference atoms whose distance from the centre is most unlike the others', so few moving
  // atoms look like them.
  auto isolation = [&](std::size_t i) {
    double gap = std::numeric_limits<double>::infinity();
    for (std::size_t k = 0; k < n; ++k)
      if (k != i) gap = std::min(gap, std::abs(ra[i] - ra[k]));
    return gap;
  };
  std::size_t i1 = n, i2 = n;
  double best = -1.0;
  for (std::size_t i = 0; i < n; ++i)
    if (ra[i] > 0.3 * rmax && isolation(i) > best) best = isolation(i), i1 = i;
  if (i1 == n) return starts;
  best = -1.0;
  for (std::size_t k = 0; k < n; ++k) {
    if (k == i1 || ra[k] <= 0.3 * rmax) continue;
    const double* p = &a[3 * i1];
    const double* q = &a[3 * k];
    const double cx = p[1] * q[2] - p[2] * q[1], cy = p[2] * q[0] - p[0] * q[2],
                 cz = p[0] * q[1] - p[1] * q[0];
    const double sine = std::sqrt(cx * cx + cy * cy + cz * cz) / (ra[i1] * ra[k]);
    if (sine > 0.3 && isolation(k) > best) best = isolation(k), i2 = k;
  }
  if (i2 == n) return starts;
  Matrix u;
  if (!frame_of(&a[3 * i1], &a[3 * i2], u)) return starts;
  const double d12 = atom_distance(a, i1, i2);

  struct Candidate {
    double score;
    std::size_t j1, j2;
  };
  std::vector<Candidate> candidates;
  for (std::size_t j1 = 0; j1 < n; ++j1) {
    if (!al.may_match(i1, j1)) continue;
    for (std::size_t j2 = 0; j2 < n; ++j2) {
      if (j2 == j1 || !al.may_match(i2, j2)) continue;
      const double score = std::abs(rb[j1] - ra[i1]) + std::abs(rb[j2] - ra[i2]) +
                           std::abs(atom_distance(b, j1, j2) - d12);
      candidates.push_back({score, j1, j2});
    }
  }
  const std::size_t keep = std::min(candidates.size(), o.max_pair_frames);
  std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(keep),
                    candidates.end(),
                    [](const Candidate& x, const Candidate& y) { return x.score < y.score; });
  for (std::size_t c = 0; c < keep; ++c) {
    Matrix v;
    if (!frame_of(&b[3 * candidates[c].j1], &b[3 * candidates[c].j2], v)) continue;
    starts.push_back(frame_map(u, v, false));
    if (o.inversion) starts.push_back(frame_map(u, v, true));
  }
  return starts;
}

/// Starting orientations from the principal axes of both clusters (all 8 sign choices).
std::vector<Matrix> principal_axes_starts(const Aligner& al, const ClusterAlignmentOptions& o) {
  std::vector<Matrix> starts;
  const SymmetricEigen ea = symmetric_eigen(inertia_tensor(al.a()), 3, true);
  const SymmetricEigen eb = symmetric_eigen(inertia_tensor(al.b()), 3, true);
  // Rows of U and V are the principal axes (eigenvector k is column k: vectors[3k .. 3k+3)).
  Matrix u, v;
  for (int k = 0; k < 3; ++k)
    for (int c = 0; c < 3; ++c) {
      u[3 * k + c] = ea.vectors[3 * k + c];
      v[3 * k + c] = eb.vectors[3 * k + c];
    }
  for (int signs = 0; signs < 8; ++signs) {
    Matrix su = u;
    for (int k = 0; k < 3; ++k)
      if (signs & (1 << k))
        for (int c = 0; c < 3; ++c) su[3 * k + c] = -su[3 * k + c];
    Matrix q{};
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j)
        for (int k = 0; k < 3; ++k) q[3 * i + j] += su[3 * k + i] * v[3 * k + j];
    if (o.inversion || determinant(q) > 0.0) starts.push_back(q);
  }
  return starts;
}

}  // namespace

double best_orthogonal_transform(std::span<const double> a, std::span<const double> b,
                                 Handedness handedness, Matrix& rotation) {
  // Correlation s[p][q] = sum_i b_i[p] a_i[q].
  double s[3][3] = {};
  double norms = 0.0;
  for (std::size_t i = 0; i + 2 < a.size(); i += 3) {
    for (int p = 0; p < 3; ++p) {
      norms += a[i + p] * a[i + p] + b[i + p] * b[i + p];
      for (int q = 0; q < 3; ++q) s[p][q] += b[i + p] * a[i + q];
    }
  }
  const double sxx = s[0][0], sxy = s[0][1], sxz = s[0][2];
  const double syx = s[1][0], syy = s[1][1], syz = s[1][2];
  const double szx = s[2][0], szy = s[2][1], szz = s[2][2];
  const std::array<double, 16> horn = {sxx + syy + szz,  syz - szy, szx - sxz, sxy - syx, syz - szy,
                                       sxx - syy - szz,  sxy + syx, szx + sxz, szx - sxz, sxy + syx,
                                       -sxx + syy - szz, syz + szy, sxy - syx, szx + sxz, syz + szy,
                                       -sxx - syy + szz};
  const SymmetricEigen eig = symmetric_eigen(horn, 4, true);
  // Proper: the largest eigenvalue. Improper: R' of the smallest applied to -b, i.e. -R'.
  const bool improper = handedness == Handedness::kImproper ||
                        (handedness == Handedness::kEither && -eig.values[0] > eig.values[3]);
  const double* q = improper ? &eig.vectors[0] : &eig.vectors[3 * 4];
  rotation = quaternion_matrix(q[0], q[1], q[2], q[3]);
  if (improper) rotation = negated(rotation);
  return std::max(0.0, norms - 2.0 * (improper ? -eig.values[0] : eig.values[3]));
}

ClusterAlignment align_cluster(std::span<const double> reference, std::span<const double> moving,
                               const ClusterAlignmentOptions& options) {
  check_input(reference, moving, options);
  const std::size_t n = reference.size() / 3;
  ClusterAlignment result;
  const auto ca = centre_of_mass(reference);
  Aligner aligner(centred_copy(reference), centred_copy(moving), options);

  result.distance = std::numeric_limits<double>::infinity();
  result.permutation.resize(n);
  std::iota(result.permutation.begin(), result.permutation.end(), std::size_t{0});
  std::vector<std::size_t> perm;
  Matrix rotation = kIdentity;
  auto consider = [&](const Matrix& start) {
    const double d = aligner.local_search(start, perm, rotation);
    if (d < result.distance) {
      result.distance = d;
      result.permutation = perm;
      result.rotation = rotation;
    }
    return result.distance < options.exact_tolerance;
  };

  if (n > 0) {
    bool done = consider(kIdentity);
    if (options.permutations) {
      if (!done && options.inversion) done = consider(negated(kIdentity));
      if (!done)
        for (const Matrix& q : pair_frame_starts(aligner, options))
          if ((done = consider(q))) break;
      if (!done)
        for (const Matrix& q : principal_axes_starts(aligner, options))
          if ((done = consider(q))) break;
      Rng rng(options.seed);
      for (int k = 0; k < options.random_orientations && !done; ++k) {
        const Matrix q = random_rotation(rng);
        done = consider(q);
        if (!done && options.inversion) done = consider(negated(q));
      }
    }
  } else {
    result.distance = 0.0;
  }
  result.inverted = determinant(result.rotation) < 0.0;

  // The aligned copy: moving atom perm[i], rotated about its centre, placed on reference's centre.
  result.aligned.resize(reference.size());
  const auto& b = aligner.b();
  const Matrix& r = result.rotation;
  for (std::size_t i = 0; i < n; ++i) {
    const double* p = &b[3 * result.permutation[i]];
    for (int c = 0; c < 3; ++c)
      result.aligned[3 * i + c] = r[3 * c] * p[0] + r[3 * c + 1] * p[1] + r[3 * c + 2] * p[2] +
                                  ca[static_cast<std::size_t>(c)];
  }
  result.distance = euclidean_distance(reference, result.aligned);
  return result;
}

double cluster_distance(std::span<const double> a, std::span<const double> b,
                        const ClusterAlignmentOptions& options) {
  return align_cluster(a, b, options).distance;
}

}  // namespace landscape

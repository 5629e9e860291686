#include "common/optimize/max_diversity.hpp"

#include <cblas.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <utility>

#include "common/linalg/vector_ops.hpp"
#include "common/optimize/option_rules.hpp"
#include "common/random/rng.hpp"

namespace landscape {
namespace {

/// Largest number of subsets exhaustive_max_diversity enumerates.
constexpr double kMaxExhaustiveSubsets = 5e7;
/// The largest step tried, as a multiple of the safe step 1/L (2^20).
constexpr double kMaxStepFactor = 1048576.0;
/// Accepted steps between recomputations of D y from scratch (it is updated by D (y_new - y)).
constexpr std::size_t kRefreshInterval = 64;
/// Matrices from this size on are multiplied by cblas_dgemv, unless the vector is sparse.
constexpr std::size_t kBlasFromSize = 128;
/// A vector with at most n / kSparseFraction non-zeros counts as sparse.
constexpr std::size_t kSparseFraction = 4;
/// A swap must raise the subset value by more than this times max(1, value) to be taken, so that
/// rounding cannot make the swap search cycle.
constexpr double kSwapGainTolerance = 1e-13;

/// Throws unless d is an n x n symmetric, finite, non-negative matrix with a zero diagonal and
/// 1 <= m <= n.
void validate_problem(const char* what, std::span<const double> d, std::size_t n, std::size_t m) {
  if (n > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    throw std::invalid_argument(fmt::format("{}: n = {} is too large for BLAS", what, n));
  if (d.size() != n * n)
    throw std::invalid_argument(
        fmt::format("{}: d has {} entries, expected {} x {}", what, d.size(), n, n));
  if (m == 0 || m > n)
    throw std::invalid_argument(
        fmt::format("{}: m = {}: must be between 1 and n = {}", what, m, n));
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      const double v = d[i * n + j];
      if (!std::isfinite(v) || v < 0.0)
        throw std::invalid_argument(fmt::format(
            "{}: d({}, {}) = {}: distances must be finite and non-negative", what, i, j, v));
      if (i == j && v != 0.0)
        throw std::invalid_argument(
            fmt::format("{}: d({}, {}) = {}: the diagonal must be zero", what, i, j, v));
      if (j < i && v != d[j * n + i])
        throw std::invalid_argument(
            fmt::format("{}: d({}, {}) = {} but d({}, {}) = {}: d must be symmetric", what, i, j, v,
                        j, i, d[j * n + i]));
    }
  }
}

/// out = D x (D n x n row-major). Iterates and steps are mostly sparse once the support has
/// settled (m of n components at 1, the rest at 0), so x with few non-zeros is multiplied column
/// by column, O(n) per non-zero. Small problems always take that path, so that their answers do
/// not depend on the BLAS kernel (which may sum in another order); dense large ones go to BLAS.
void multiply(std::span<const double> d, std::size_t n, const double* x, double* out,
              std::vector<std::size_t>& nonzeros) {
  nonzeros.clear();
  for (std::size_t k = 0; k < n; ++k)
    if (x[k] != 0.0) nonzeros.push_back(k);
  if (n < kBlasFromSize || nonzeros.size() * kSparseFraction <= n) {
    std::fill(out, out + n, 0.0);
    for (std::size_t k : nonzeros) {
      const double xk = x[k];
      const double* column = d.data() + k * n;  // row k, as D is symmetric
      for (std::size_t i = 0; i < n; ++i) out[i] += xk * column[i];
    }
    return;
  }
  const int ni = static_cast<int>(n);
  cblas_dgemv(CblasRowMajor, CblasNoTrans, ni, ni, 1.0, d.data(), ni, x, 1, 0.0, out, 1);
}

/// 1_S^T D 1_S summed in one fixed order (pairs by increasing index, row by row, then doubled)
/// so that the same subset gives the same bits whichever routine found it.
double subset_value(std::span<const double> d, std::size_t n, std::vector<std::size_t> subset) {
  std::sort(subset.begin(), subset.end());
  double total = 0.0;
  for (std::size_t p = 0; p < subset.size(); ++p) {
    double row = 0.0;
    for (std::size_t q = 0; q < p; ++q) row += d[subset[q] * n + subset[p]];
    total += row;
  }
  return 2.0 * total;
}

/// The subset value after single-swap local search from subset: the best swap of a member for a
/// non-member that raises the value is taken, again and again, until none does. w_k = sum over s in
/// S of D_ks makes each pass O(n m): swapping i for j changes the value by 2 (w_j - D_ij - w_i).
double swap_improved_value(std::span<const double> d, std::size_t n,
                           std::vector<std::size_t> subset) {
  std::vector<char> member(n, 0);
  std::vector<double> w(n, 0.0);
  for (std::size_t s : subset) {
    member[s] = 1;
    for (std::size_t k = 0; k < n; ++k) w[k] += d[s * n + k];
  }
  double value = subset_value(d, n, subset);
  for (;;) {
    double best_gain = kSwapGainTolerance * std::max(1.0, value);
    std::size_t best_p = subset.size(), best_j = n;
    for (std::size_t p = 0; p < subset.size(); ++p) {
      const std::size_t i = subset[p];
      for (std::size_t j = 0; j < n; ++j) {
        if (member[j]) continue;
        const double gain = 2.0 * (w[j] - d[i * n + j] - w[i]);
        if (gain > best_gain) best_gain = gain, best_p = p, best_j = j;
      }
    }
    if (best_j == n) break;
    const std::size_t out = subset[best_p];
    for (std::size_t k = 0; k < n; ++k) w[k] += d[best_j * n + k] - d[out * n + k];
    member[out] = 0;
    member[best_j] = 1;
    subset[best_p] = best_j;
    value = subset_value(d, n, subset);
  }
  return value;
}

/// The m indices of the largest y_i, largest first, ties by lowest index.
std::vector<std::size_t> largest_components(const std::vector<double>& y, std::size_t m) {
  std::vector<std::size_t> order(y.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::partial_sort(
      order.begin(), order.begin() + static_cast<std::ptrdiff_t>(m), order.end(),
      [&y](std::size_t a, std::size_t b) { return y[a] > y[b] || (y[a] == y[b] && a < b); });
  order.resize(m);
  return order;
}

/// The greedy subset: for m >= 2 the farthest pair, then repeatedly the point with the largest
/// summed distance to those already chosen (ties: lowest index); for m == 1 the point with the
/// largest row sum.
std::vector<std::size_t> greedy_subset(std::span<const double> d, std::size_t n, std::size_t m) {
  std::vector<double> summed(n, 0.0);
  std::vector<char> taken(n, 0);
  std::vector<std::size_t> chosen;
  const auto take = [&](std::size_t k) {
    chosen.push_back(k);
    taken[k] = 1;
    for (std::size_t j = 0; j < n; ++j) summed[j] += d[k * n + j];
  };
  if (m == 1) {
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j) summed[i] += d[i * n + j];
    take(static_cast<std::size_t>(std::max_element(summed.begin(), summed.end()) - summed.begin()));
    return chosen;
  }
  std::size_t best_i = 0, best_j = 1;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j)
      if (d[i * n + j] > d[best_i * n + best_j]) best_i = i, best_j = j;
  take(best_i);
  take(best_j);
  while (chosen.size() < m) {
    std::size_t best = n;
    for (std::size_t k = 0; k < n; ++k)
      if (!taken[k] && (best == n || summed[k] > summed[best])) best = k;
    take(best);
  }
  return chosen;
}

/// Work arrays of project_into, kept between calls.
struct ProjectionWork {
  std::vector<double> breakpoints;
  std::vector<double> undecided;  ///< the x_i whose y_i the bracket of tau does not yet fix
};

/// project_capped_simplex without the checks, writing into y.
void project_into(std::span<const double> x, double m, std::vector<double>& y,
                  ProjectionWork& work) {
  const std::size_t n = x.size();
  y.resize(n);
  if (m <= 0.0) {
    std::fill(y.begin(), y.end(), 0.0);
    return;
  }
  if (m >= static_cast<double>(n)) {
    std::fill(y.begin(), y.end(), 1.0);
    return;
  }
  // g(tau) = sum clip(x_i - tau, 0, 1) is piecewise linear with breakpoints x_i - 1 (i leaves the
  // upper bound) and x_i (i reaches zero); g(min x - 1) = n > m and g(max x) = 0 < m. A binary
  // search over the breakpoints, each halving by selection (nth_element, O(n) in all) rather than
  // a full sort, finds the adjacent breakpoints lo < hi with g(lo) > m >= g(hi): tau lies in
  // [lo, hi], where g is linear with the free set {i : x_i - 1 <= lo, x_i >= hi}. Components that
  // the bracket fixes (x_i <= lo at 0, x_i - 1 >= hi at 1) leave the sum as it narrows.
  std::vector<double>& breakpoints = work.breakpoints;
  std::vector<double>& undecided = work.undecided;
  breakpoints.clear();
  for (double v : x) {
    breakpoints.push_back(v - 1.0);
    breakpoints.push_back(v);
  }
  undecided.assign(x.begin(), x.end());
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  double at_one = 0.0;
  std::size_t first = 0, last = breakpoints.size();
  while (first < last) {
    const std::size_t mid = first + (last - first) / 2;
    const auto begin = breakpoints.begin();
    std::nth_element(begin + static_cast<std::ptrdiff_t>(first),
                     begin + static_cast<std::ptrdiff_t>(mid),
                     begin + static_cast<std::ptrdiff_t>(last));
    const double b = breakpoints[mid];
    double g = at_one;
    for (double v : undecided) g += std::clamp(v - b, 0.0, 1.0);
    if (g > m) {
      lo = std::max(lo, b);
      first = mid + 1;
    } else {
      hi = std::min(hi, b);
      last = mid;
    }
    std::size_t kept = 0;
    for (double v : undecided) {
      if (v - 1.0 >= hi)
        at_one += 1.0;
      else if (v > lo)
        undecided[kept++] = v;
    }
    undecided.resize(kept);
  }
  // Both ends are found (g is exactly n at the lowest breakpoint and 0 at the highest); the guard
  // only keeps lo <= hi should rounding make g non-monotone.
  lo = std::min(lo, hi);
  double free_sum = 0.0;
  std::size_t n_free = 0;
  for (double v : undecided) {
    if (v - 1.0 <= lo && v >= hi) {
      free_sum += v;
      ++n_free;
    }
  }
  double tau = n_free > 0 ? (at_one + free_sum - m) / static_cast<double>(n_free) : hi;
  tau = std::clamp(tau, lo, hi);
  for (std::size_t i = 0; i < n; ++i) y[i] = std::clamp(x[i] - tau, 0.0, 1.0);
}

/// One run of projected gradient ascent on f(y) = y^T D y over the capped simplex, with the work
/// arrays kept between starts.
class ProjectedAscent {
 public:
  ProjectedAscent(std::span<const double> d, std::size_t n, double m,
                  const MaxDiversityOptions& options)
      : d_(d), n_(n), m_(m), options_(options), dy_(n), q_(n), x_(n), z_(n), delta_(n) {
    // L = 2 max_i sum_j D_ij bounds the Lipschitz constant 2 ||D||_2 of the gradient, since the
    // infinity norm of a matrix bounds its spectral norm and D is symmetric and non-negative.
    double max_row = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      double row = 0.0;
      for (std::size_t j = 0; j < n; ++j) row += d[i * n + j];
      max_row = std::max(max_row, row);
    }
    safe_step_ = max_row > 0.0 ? 1.0 / (2.0 * max_row) : 1.0;
  }

  /// Improves y (feasible on entry) in place; returns the iterations taken.
  std::size_t run(std::vector<double>& y) {
    multiply(d_, n_, y.data(), dy_.data(), nonzeros_);
    double step = safe_step_;
    std::size_t iterations = 0;
    std::size_t since_refresh = 0;
    // The step is doubled after a step taken as first tried and kept after one that had to be
    // cut, so that it follows the local curvature with about one trial per iteration.
    bool grow = true;
    while (iterations < options_.max_iterations) {
      ++iterations;
      if (grow) step = std::min(2.0 * step, kMaxStepFactor * safe_step_);
      grow = true;
      bool converged = false;
      for (;;) {
        for (std::size_t i = 0; i < n_; ++i) x_[i] = y[i] + step * 2.0 * dy_[i];
        project_into(x_, m_, z_, projection_);
        double largest_change = 0.0, squared_norm = 0.0;
        for (std::size_t i = 0; i < n_; ++i) {
          delta_[i] = z_[i] - y[i];
          largest_change = std::max(largest_change, std::abs(delta_[i]));
          squared_norm += delta_[i] * delta_[i];
        }
        // |P(y + t g) - y| grows with t, so a change below tolerance at this step means one at
        // every smaller step too: y is stationary to the tolerance.
        if (largest_change < options_.tolerance) {
          converged = true;
          break;
        }
        multiply(d_, n_, delta_.data(), q_.data(), nonzeros_);
        // f(z) = f(y) + g^T delta + delta^T D delta exactly (f is quadratic), so the sufficient
        // ascent test needs only the curvature along delta. It always holds at the safe step up to
        // rounding, which is why that step is accepted unconditionally.
        const double curvature = dot(delta_, q_);
        if (curvature >= -squared_norm / (2.0 * step) || step <= safe_step_) break;
        step = std::max(0.5 * step, safe_step_);
        grow = false;
      }
      if (converged) break;
      y.swap(z_);
      if (++since_refresh == kRefreshInterval) {
        multiply(d_, n_, y.data(), dy_.data(), nonzeros_);
        since_refresh = 0;
      } else {
        for (std::size_t i = 0; i < n_; ++i) dy_[i] += q_[i];
      }
    }
    return iterations;
  }

  /// y^T D y computed from scratch.
  double value(const std::vector<double>& y) {
    multiply(d_, n_, y.data(), dy_.data(), nonzeros_);
    return dot(y, dy_);
  }

 private:
  std::span<const double> d_;
  std::size_t n_;
  double m_;
  const MaxDiversityOptions& options_;
  double safe_step_ = 1.0;  ///< 1/L
  std::vector<double> dy_, q_, x_, z_, delta_;
  ProjectionWork projection_;
  std::vector<std::size_t> nonzeros_;
};

}  // namespace

std::vector<double> project_capped_simplex(std::span<const double> x, double m) {
  if (!(m >= 0.0 && m <= static_cast<double>(x.size())))
    throw std::invalid_argument(fmt::format(
        "project_capped_simplex: m = {}: must be between 0 and the size {}", m, x.size()));
  for (std::size_t i = 0; i < x.size(); ++i)
    if (!std::isfinite(x[i]))
      throw std::invalid_argument(fmt::format("project_capped_simplex: x[{}] = {}", i, x[i]));
  std::vector<double> y;
  ProjectionWork work;
  project_into(x, m, y, work);
  return y;
}

MaxDiversityResult max_diversity_subset(std::span<const double> d, std::size_t n, std::size_t m,
                                        const MaxDiversityOptions& options) {
  validate_problem("max_diversity_subset", d, n, m);
  require_valid("MaxDiversityOptions", non_negative("tolerance", options.tolerance));

  const double md = static_cast<double>(m);
  ProjectedAscent ascent(d, n, md, options);
  Rng rng(options.seed);
  MaxDiversityResult best;
  bool have_best = false;
  std::vector<double> y(n), uniform_point(n);
  ProjectionWork projection;
  const std::vector<std::size_t> greedy = greedy_subset(d, n, m);
  const std::size_t n_starts = 2 + options.random_starts;
  for (std::size_t start = 0; start < n_starts; ++start) {
    if (start == 0) {
      std::fill(y.begin(), y.end(), md / static_cast<double>(n));
    } else if (start == 1) {
      std::fill(y.begin(), y.end(), 0.0);
      for (std::size_t k : greedy) y[k] = 1.0;
    } else {
      for (double& v : uniform_point) v = rng.uniform();
      project_into(uniform_point, md, y, projection);
    }
    best.iterations += ascent.run(y);
    std::vector<std::size_t> chosen = largest_components(y, m);
    const double value = subset_value(d, n, chosen);
    const double relaxed = ascent.value(y);
    if (!have_best || value > best.subset_value ||
        (value == best.subset_value && relaxed > best.relaxed_value)) {
      have_best = true;
      best.chosen = std::move(chosen);
      best.y = y;
      best.subset_value = value;
      best.relaxed_value = relaxed;
    }
  }
  best.starts = n_starts;
  best.swap_improved_value = swap_improved_value(d, n, best.chosen);
  return best;
}

MaxDiversityResult exhaustive_max_diversity(std::span<const double> d, std::size_t n,
                                            std::size_t m) {
  validate_problem("exhaustive_max_diversity", d, n, m);
  double subsets = 1.0;
  for (std::size_t k = 0; k < m; ++k) {
    subsets = subsets * static_cast<double>(n - k) / static_cast<double>(k + 1);
    if (subsets > kMaxExhaustiveSubsets)
      throw std::invalid_argument(
          fmt::format("exhaustive_max_diversity: C({}, {}) subsets exceed the limit of {:g}", n, m,
                      kMaxExhaustiveSubsets));
  }

  // Depth-first over the subsets in lexicographic order. partial[p] is the value (halved) of the
  // first p members, accumulated in the order subset_value uses, so values agree bit for bit.
  MaxDiversityResult best;
  best.subset_value = -std::numeric_limits<double>::infinity();
  std::vector<std::size_t> subset(m);
  std::vector<double> partial(m + 1, 0.0);
  const auto descend = [&](auto& self, std::size_t p, std::size_t first) -> void {
    if (p == m) {
      ++best.starts;
      const double value = 2.0 * partial[m];
      if (value > best.subset_value) {
        best.subset_value = value;
        best.chosen = subset;
      }
      return;
    }
    for (std::size_t k = first; k + (m - p) <= n; ++k) {
      double row = 0.0;
      for (std::size_t q = 0; q < p; ++q) row += d[subset[q] * n + k];
      subset[p] = k;
      partial[p + 1] = partial[p] + row;
      self(self, p + 1, k + 1);
    }
  };
  descend(descend, 0, 0);
  best.y.assign(n, 0.0);
  for (std::size_t k : best.chosen) best.y[k] = 1.0;
  best.relaxed_value = best.subset_value;
  best.swap_improved_value = best.subset_value;
  return best;
}

}  // namespace landscape

#pragma once
// The maximum-diversity subset of Niroomand, Morgan, Cafolla & Wales, Mach. Learn.: Sci. Technol.
// 3, 025004 (2022), eq. 9: which m of n neural-network minima complement each other best, given
// their pairwise misclassification distances D. The subset problem max 1_S^T D 1_S over |S| = m is
// relaxed to
//     maximise y^T D y  subject to  0 <= y_i <= 1,  sum_i y_i = m,
// and the answer is the m largest y_i. D is non-negative with a zero diagonal but indefinite, so
// the relaxation is non-convex: it is solved by projected gradient ascent from several starts.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace landscape {

/// Options of max_diversity_subset.
struct MaxDiversityOptions {
  std::size_t random_starts = 16;     ///< seeded random starts besides the uniform and greedy ones
  std::uint64_t seed = 1;             ///< seed of the landscape::Rng drawing the random starts
  std::size_t max_iterations = 5000;  ///< projected-gradient iterations per start
  double tolerance = 1e-12;           ///< stop when max |y_new - y| is below this (>= 0)
};

/// The answer of eq. 9.
struct MaxDiversityResult {
  std::vector<std::size_t> chosen;  ///< the m indices with the largest y_i, largest y first (ties:
                                    ///< lowest index)
  std::vector<double> y;            ///< the relaxed solution of the best start (size n)
  double relaxed_value = 0.0;       ///< y^T D y at y
  double subset_value = 0.0;        ///< 1_S^T D 1_S over chosen (each unordered pair counted twice)
  std::size_t starts = 0;           ///< starts tried (subsets enumerated for the exhaustive search)
  std::size_t iterations = 0;       ///< total projected-gradient iterations
  /// A report only, not part of the answer: the subset value reached from chosen by single swaps
  /// (a member for a non-member, the best raising swap each time, until none raises the value).
  double swap_improved_value = 0.0;
};

/// Eq. 9 of Niroomand et al. (2022) by projected gradient ascent from several starts.
///
/// Each start y is improved by y <- P(y + t 2 D y), where P is project_capped_simplex and the step
/// t is found by backtracking: it is halved (never below 1/L) until
///     f(y_new) >= f(y) + g^T (y_new - y) - |y_new - y|^2 / (2 t),   f(y) = y^T D y, g = 2 D y,
/// and doubled (up to 2^20 / L) for the next step if the first trial passed. The test holds for
/// every t <= 1/L with L = 2 max_i sum_j D_ij >= 2 ||D||_2 (the Lipschitz constant of the
/// gradient), and it makes f rise by at least |y_new - y|^2 / (2 t) per step. A start stops when
/// max_i |y_new - y| < tolerance (a stationary point of the relaxation: for D indefinite a local
/// maximum, or a saddle that the other starts are there to avoid) or after max_iterations steps.
/// Each trial costs one product D (y_new - y): O(n^2) by cblas_dgemv while many components move,
/// O(n k) once only k of them do (near a vertex), plus an O(n log n) projection.
///
/// The starts, in this order: the uniform point y_i = m/n; the indicator of the greedy subset
/// (the farthest pair, then repeatedly the point with the largest summed distance to those chosen);
/// random_starts points drawn uniformly from [0, 1)^n with a landscape::Rng seeded by seed and
/// projected onto the constraint set. Each start's y is rounded to its m largest components (ties:
/// lowest index), and the start whose subset has the largest subset value wins (ties: the larger
/// relaxed value, then the earlier start). The answer is that rounded subset, nothing else: no swap
/// or other local search is applied after the rounding (swap_improved_value reports what one would
/// add).
///
/// The rounded subset need not be the best subset of size m. With a zero diagonal, y^T D y is
/// concave along every swap direction e_j - e_i (curvature -2 D_ij), so the maxima of the
/// relaxation are often fractional, and the best subset is a stationary point of the relaxation
/// only when min over its members of (D 1_S)_i >= max over the others of (D 1_S)_j. For D_ij drawn
/// from U(0, 1), n = 6..14, m = 2..5, the best subset was such a vertex in 1 case of 8, and the
/// best rounding over all local maxima of the relaxation (enumerated by active sets, n <= 10) was
/// the best subset in about 87% of cases; for misclassification distances of random binary
/// predictions the rounded subset was the best one in 97% of cases, though once (m = 2) worth only
/// 0.375 of it (tests/unit/optimize/max_diversity_test.cpp prints these figures).
///
/// d: n x n row-major, symmetric (exactly), finite, non-negative, zero diagonal. Throws
/// std::invalid_argument otherwise, for m == 0 or m > n, for d.size() != n*n, and for a tolerance
/// that is negative or NaN.
MaxDiversityResult max_diversity_subset(std::span<const double> d, std::size_t n, std::size_t m,
                                        const MaxDiversityOptions& options = {});

/// The best subset of size m by subset value, by enumerating all C(n, m) subsets in lexicographic
/// order (the first best one wins): for tests and for reporting the gap of max_diversity_subset.
/// Throws std::invalid_argument if C(n, m) > 5e7, and for the inputs max_diversity_subset rejects.
/// y is the indicator of the subset, relaxed_value == subset_value, starts is C(n, m) and
/// iterations is 0, swap_improved_value == subset_value. Subset values are summed in the same order
/// as in max_diversity_subset (pairs by increasing index), so the same subset has bit-identical
/// values from both.
MaxDiversityResult exhaustive_max_diversity(std::span<const double> d, std::size_t n,
                                            std::size_t m);

/// Euclidean projection of x onto the capped simplex {y : 0 <= y_i <= 1, sum_i y_i = m}: y_i =
/// clip(x_i - tau, 0, 1), where the sum is piecewise linear and non-increasing in tau with
/// breakpoints x_i - 1 and x_i; a binary search over the 2n breakpoints (by selection, without a
/// full sort) finds the linear piece that reaches m, and tau is solved on it, exactly to rounding.
/// O(n log n). Throws std::invalid_argument unless 0 <= m <= x.size() and every x_i is finite.
std::vector<double> project_capped_simplex(std::span<const double> x, double m);

}  // namespace landscape

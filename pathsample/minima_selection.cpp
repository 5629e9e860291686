#include "pathsample/minima_selection.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "common/ml/misclassification.hpp"
#include "common/optimize/max_diversity.hpp"
#include "common/random/rng.hpp"

namespace landscape::pathsample {
namespace {

void check_count(std::size_t n, std::size_t m, const char* who) {
  if (m == 0 || m > n)
    throw std::invalid_argument(fmt::format("{}: cannot choose {} minima out of {}", who, m, n));
}

}  // namespace

std::vector<MlminChoice> choose_at_temperature(std::span<const double> dp_dt, std::size_t m,
                                               double temperature) {
  const std::size_t n = dp_dt.size();
  check_count(n, m, "choose_at_temperature");
  std::vector<std::size_t> rising, falling, flat;
  for (std::size_t a = 0; a < n; ++a)
    (dp_dt[a] > 0 ? rising : dp_dt[a] < 0 ? falling : flat).push_back(a);
  std::stable_sort(rising.begin(), rising.end(),
                   [&](std::size_t a, std::size_t b) { return dp_dt[a] > dp_dt[b]; });
  std::stable_sort(falling.begin(), falling.end(),
                   [&](std::size_t a, std::size_t b) { return dp_dt[a] < dp_dt[b]; });
  std::vector<MlminChoice> out;
  std::size_t r = 0, f = 0, z = 0;
  bool want_rising = true;
  while (out.size() < m) {
    const bool take_rising = r < rising.size() && (want_rising || f >= falling.size());
    if (take_rising) {
      const std::size_t a = rising[r++];
      out.push_back({a + 1, fmt::format("dP/dT = {:+.6e} at T = {:.8g}: occupation rises (rank {} "
                                        "of {} rising)",
                                        dp_dt[a], temperature, r, rising.size())});
    } else if (f < falling.size()) {
      const std::size_t a = falling[f++];
      out.push_back({a + 1, fmt::format("dP/dT = {:+.6e} at T = {:.8g}: occupation falls (rank {} "
                                        "of {} falling)",
                                        dp_dt[a], temperature, f, falling.size())});
    } else {
      const std::size_t a = flat[z++];
      out.push_back({a + 1, fmt::format("dP/dT = 0 at T = {:.8g}: no minimum with a non-zero "
                                        "dP/dT is left",
                                        temperature)});
    }
    want_rising = !want_rising;
  }
  return out;
}

std::vector<MlminChoice> choose_farthest_from_best(
    std::size_t n, std::size_t m, std::size_t best,
    const std::function<double(std::size_t)>& distance_to_best, const std::string& what,
    const std::string& best_reason) {
  check_count(n, m, "choose_farthest_from_best");
  if (best >= n) throw std::invalid_argument("choose_farthest_from_best: best out of range");
  std::vector<std::size_t> others;
  std::vector<double> d(n, 0.0);
  for (std::size_t a = 0; a < n; ++a)
    if (a != best) {
      others.push_back(a);
      d[a] = distance_to_best(a);
    }
  std::stable_sort(others.begin(), others.end(),
                   [&](std::size_t a, std::size_t b) { return d[a] > d[b]; });
  std::vector<MlminChoice> out{{best + 1, "the best minimum: " + best_reason}};
  for (std::size_t k = 0; k + 1 < m; ++k) {
    const std::size_t a = others[k];
    out.push_back({a + 1, fmt::format("{} {:.6f} to the best minimum {} (rank {} of {})", what,
                                      d[a], best + 1, k + 1, others.size())});
  }
  return out;
}

std::vector<MlminChoice> choose_diverse(const MisclassificationMatrix& distances, std::size_t m,
                                        std::uint64_t seed, std::string& summary) {
  const std::size_t n = distances.size();
  check_count(n, m, "choose_diverse");
  const std::vector<double> d = distances.dense();
  MaxDiversityOptions options;
  options.seed = seed;
  const MaxDiversityResult r = max_diversity_subset(d, n, m, options);
  summary = fmt::format(
      "eq. 9 over {} minima: relaxed y^T D y = {:.6f}, chosen subset 1_S^T D 1_S = {:.6f} "
      "(mean pairwise misclassification distance {:.6f}), {} starts, {} iterations",
      n, r.relaxed_value, r.subset_value,
      m > 1 ? r.subset_value / static_cast<double>(m * (m - 1)) : 0.0, r.starts, r.iterations);
  std::vector<MlminChoice> out;
  for (const std::size_t a : r.chosen) {
    double sum = 0.0;
    for (const std::size_t b : r.chosen) sum += a == b ? 0.0 : distances.distance(a, b);
    out.push_back({a + 1, fmt::format("y = {:.6f} in the eq. 9 solution; mean misclassification "
                                      "distance {:.6f} to the other chosen minima",
                                      r.y[a], m > 1 ? sum / static_cast<double>(m - 1) : 0.0)});
  }
  return out;
}

std::vector<MlminChoice> choose_at_random(std::size_t n, std::size_t m, std::uint64_t seed) {
  check_count(n, m, "choose_at_random");
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  Rng rng(seed);
  std::vector<MlminChoice> out;
  for (std::size_t k = 0; k < m; ++k) {
    const std::size_t j = k + static_cast<std::size_t>(rng.below(n - k));
    std::swap(order[k], order[j]);
    out.push_back({order[k] + 1, fmt::format("drawn at random (SEED {}), draw {}", seed, k + 1)});
  }
  return out;
}

}  // namespace landscape::pathsample

#include "common/geometry/periodic_alignment.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "common/geometry/minimum_image.hpp"
#include "common/optimize/linear_assignment.hpp"

namespace landscape {
namespace {

using Vec3 = std::array<double, 3>;

void check_input(std::span<const double> a, std::span<const double> b,
                 const PeriodicAlignmentOptions& o) {
  if (a.size() != b.size() || a.size() % 3 != 0)
    throw std::invalid_argument(fmt::format(
        "align_periodic: coordinate arrays of sizes {} and {} are not two structures of atoms",
        a.size(), b.size()));
  for (int k = 0; k < 3; ++k)
    if (!(o.box[k] > 0.0) || !std::isfinite(o.box[k]))
      throw std::invalid_argument(
          fmt::format("align_periodic: box length {} ({:g}) is not positive", "xyz"[k], o.box[k]));
  const std::size_t n = a.size() / 3;
  std::vector<char> seen(n, 0);
  for (const auto& g : o.groups)
    for (std::size_t i : g) {
      if (i >= n)
        throw std::invalid_argument(
            fmt::format("align_periodic: group atom {} is not below {}", i, n));
      if (seen[i]++)
        throw std::invalid_argument(fmt::format("align_periodic: atom {} is in two groups", i));
    }
}

/// The search, for one pair of structures.
class PeriodicAligner {
 public:
  PeriodicAligner(std::span<const double> a, std::span<const double> b,
                  const PeriodicAlignmentOptions& o)
      : a_(a), b_(b), o_(o), n_(a.size() / 3) {
    if (o_.permutations) {
      if (o_.groups.empty()) {
        groups_.emplace_back(n_);
        std::iota(groups_[0].begin(), groups_[0].end(), std::size_t{0});
      } else {
        for (const auto& g : o_.groups)
          if (!g.empty()) groups_.push_back(g);
      }
    }
  }

  /// Minimum-image displacement of reference atom i from moving atom j translated by t.
  Vec3 displacement(std::size_t i, std::size_t j, const Vec3& t) const {
    Vec3 d;
    for (int k = 0; k < 3; ++k)
      d[k] = minimum_image(a_[3 * i + k] - b_[3 * j + k] - t[k], o_.box[k]);
    return d;
  }

  double squared_distance(const std::vector<std::size_t>& perm, const Vec3& t) const {
    double s = 0.0;
    for (std::size_t i = 0; i < n_; ++i) {
      const Vec3 d = displacement(i, perm[i], t);
      s += d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
    }
    return s;
  }

  /// The best permutation of every group for translation t (atoms in no group keep theirs).
  void assign(const Vec3& t, std::vector<std::size_t>& perm) {
    for (const auto& group : groups_) {
      const std::size_t m = group.size();
      cost_.resize(m * m);
      for (std::size_t r = 0; r < m; ++r)
        for (std::size_t c = 0; c < m; ++c) {
          const Vec3 d = displacement(group[r], group[c], t);
          cost_[r * m + c] = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
        }
      const Assignment as = solve_min_cost_assignment(cost_, m);
      for (std::size_t r = 0; r < m; ++r) perm[group[r]] = group[as.column_of_row[r]];
    }
  }

  /// Moves t by the mean minimum-image displacement; returns the size of the move.
  double recentre(const std::vector<std::size_t>& perm, Vec3& t) const {
    Vec3 mean{0, 0, 0};
    for (std::size_t i = 0; i < n_; ++i) {
      const Vec3 d = displacement(i, perm[i], t);
      for (int k = 0; k < 3; ++k) mean[k] += d[k];
    }
    double move = 0.0;
    for (int k = 0; k < 3; ++k) {
      mean[k] /= static_cast<double>(n_);
      t[k] += mean[k];
      move = std::max(move, std::abs(mean[k]));
    }
    return move;
  }

  /// The local search from translation t: alternates assignment and recentring.
  double local_search(Vec3& t, std::vector<std::size_t>& perm) {
    perm.resize(n_);
    std::iota(perm.begin(), perm.end(), std::size_t{0});
    std::vector<std::size_t> previous;
    for (int it = 0; it < o_.max_iterations; ++it) {
      previous = perm;
      if (!groups_.empty()) assign(t, perm);
      const double move = recentre(perm, t);
      if (perm == previous && move < 1e-12) break;
    }
    return std::sqrt(std::max(0.0, squared_distance(perm, t)));
  }

  /// Starting translations: each atom of the smallest group laid on its first reference atom
  /// (without permutations: the first atoms on themselves), and the atoms as numbered.
  std::vector<Vec3> starts() const {
    std::vector<Vec3> out;
    auto lay = [&](std::size_t i, std::size_t j) {
      Vec3 t;
      for (int k = 0; k < 3; ++k) t[k] = minimum_image(a_[3 * i + k] - b_[3 * j + k], o_.box[k]);
      out.push_back(t);
    };
    if (n_ == 0) return out;
    if (groups_.empty()) {
      for (std::size_t i = 0; i < std::min<std::size_t>(n_, 4); ++i) lay(i, i);
      return out;
    }
    const auto smallest =
        std::min_element(groups_.begin(), groups_.end(),
                         [](const auto& x, const auto& y) { return x.size() < y.size(); });
    const std::size_t anchor = smallest->front();
    lay(anchor, anchor);
    for (std::size_t j : *smallest)
      if (j != anchor) lay(anchor, j);
    return out;
  }

  PeriodicAlignment run() {
    PeriodicAlignment best;
    best.distance = std::numeric_limits<double>::infinity();
    best.permutation.resize(n_);
    std::iota(best.permutation.begin(), best.permutation.end(), std::size_t{0});
    std::vector<std::size_t> perm;
    for (Vec3 t : starts()) {
      const double d = local_search(t, perm);
      if (d < best.distance) {
        best.distance = d;
        best.permutation = perm;
        best.translation = t;
      }
      if (best.distance < o_.exact_tolerance) break;
    }
    if (n_ == 0) best.distance = 0.0;
    best.aligned.resize(3 * n_);
    for (std::size_t i = 0; i < n_; ++i) {
      const Vec3 d = displacement(i, best.permutation[i], best.translation);
      for (int k = 0; k < 3; ++k) best.aligned[3 * i + k] = a_[3 * i + k] - d[k];
    }
    return best;
  }

 private:
  std::span<const double> a_, b_;
  const PeriodicAlignmentOptions& o_;
  std::size_t n_;
  std::vector<std::vector<std::size_t>> groups_;
  std::vector<double> cost_;
};

}  // namespace

PeriodicAlignment align_periodic(std::span<const double> reference, std::span<const double> moving,
                                 const PeriodicAlignmentOptions& options) {
  check_input(reference, moving, options);
  return PeriodicAligner(reference, moving, options).run();
}

double periodic_distance(std::span<const double> a, std::span<const double> b,
                         const PeriodicAlignmentOptions& options) {
  return align_periodic(a, b, options).distance;
}

}  // namespace landscape

#include "common/ml/network_isomers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace landscape {

namespace {

void check_layout(const MlpShape& layout, const char* what) {
  if (auto error = layout.validate())
    throw std::invalid_argument(fmt::format("{}: MlpShape: {}", what, *error));
}

void check_weights(std::span<const double> w, const MlpShape& layout, const char* what,
                   const char* name) {
  if (w.size() != layout.n_weights())
    throw std::invalid_argument(fmt::format(
        "{}: {} has {} weights, the layout (n_in {}, n_hidden {}, n_out {}, biases {}) needs {}",
        what, name, w.size(), layout.n_in, layout.n_hidden, layout.n_out, layout.biases,
        layout.n_weights()));
}

/// Where hidden node j's numbers live in the weight vector, in descriptor order:
/// incoming weights, bias (if any), outgoing weights.
class NodeIndex {
 public:
  explicit NodeIndex(const MlpShape& layout) : layout_(layout) {}

  std::size_t operator()(std::size_t j, std::size_t e) const {
    const std::size_t h = layout_.n_hidden, n_in = layout_.n_in;
    if (e < n_in) return j * n_in + e;
    e -= n_in;
    if (layout_.biases) {
      if (e == 0) return h * (n_in + layout_.n_out) + j;
      --e;
    }
    return h * n_in + e * h + j;
  }
  /// First descriptor entry that is an outgoing weight.
  std::size_t first_outgoing() const { return layout_.n_in + (layout_.biases ? 1 : 0); }

 private:
  const MlpShape& layout_;
};

/// Node descriptors of w, node after node (H x node_size, row-major).
std::vector<double> node_descriptors(std::span<const double> w, const MlpShape& layout) {
  const NodeIndex at(layout);
  const std::size_t m = layout.node_size();
  std::vector<double> nodes(layout.n_hidden * m);
  for (std::size_t j = 0; j < layout.n_hidden; ++j)
    for (std::size_t e = 0; e < m; ++e) nodes[j * m + e] = w[at(j, e)];
  return nodes;
}

/// Writes node descriptors back into w (the output biases of w are left as they are).
void store_descriptors(std::span<const double> nodes, const MlpShape& layout, std::span<double> w) {
  const NodeIndex at(layout);
  const std::size_t m = layout.node_size();
  for (std::size_t j = 0; j < layout.n_hidden; ++j)
    for (std::size_t e = 0; e < m; ++e) w[at(j, e)] = nodes[j * m + e];
}

/// Index of the largest |x[e]| for e in [begin, end), lowest index on ties; end if all are zero.
std::size_t largest_magnitude(std::span<const double> x, std::size_t begin, std::size_t end) {
  std::size_t best = end;
  double best_abs = 0.0;
  for (std::size_t e = begin; e < end; ++e) {
    const double a = std::fabs(x[e]);
    if (a > best_abs) {
      best_abs = a;
      best = e;
    }
  }
  return best;
}

/// Image of w (whose node descriptors are nodes) under node j <- sign[j] * node perm[j] (an already
/// checked map); writes into image, using image_nodes as work space.
void apply_unchecked(std::span<const double> w, const MlpShape& layout,
                     std::span<const std::size_t> perm, std::span<const int> sign,
                     std::span<const double> nodes, std::span<double> image,
                     std::span<double> image_nodes) {
  const std::size_t m = layout.node_size();
  for (std::size_t j = 0; j < layout.n_hidden; ++j) {
    const double* src = nodes.data() + perm[j] * m;
    double* dst = image_nodes.data() + j * m;
    if (sign[j] < 0)
      for (std::size_t e = 0; e < m; ++e) dst[e] = -src[e];
    else
      std::copy(src, src + m, dst);
  }
  std::copy(w.begin(), w.end(), image.begin());  // output biases are invariant
  store_descriptors(image_nodes, layout, image);
}

}  // namespace

std::vector<double> apply_node_map(std::span<const double> w, const MlpShape& layout,
                                   const HiddenNodeMap& map) {
  constexpr const char* kWhat = "apply_node_map";
  check_layout(layout, kWhat);
  check_weights(w, layout, kWhat, "w");
  const std::size_t h = layout.n_hidden;
  if (map.perm.size() != h || map.sign.size() != h)
    throw std::invalid_argument(
        fmt::format("{}: map has {} permutation entries and {} signs, expected {} (n_hidden)",
                    kWhat, map.perm.size(), map.sign.size(), h));
  std::vector<bool> seen(h, false);
  for (std::size_t j = 0; j < h; ++j) {
    if (map.perm[j] >= h || seen[map.perm[j]])
      throw std::invalid_argument(
          fmt::format("{}: map.perm is not a permutation of 0..{} (entry {} = {})", kWhat, h - 1, j,
                      map.perm[j]));
    seen[map.perm[j]] = true;
    if (map.sign[j] != 1 && map.sign[j] != -1)
      throw std::invalid_argument(
          fmt::format("{}: map.sign[{}] = {}: must be +1 or -1", kWhat, j, map.sign[j]));
  }
  const auto nodes = node_descriptors(w, layout);
  std::vector<double> image(w.size()), image_nodes(h * layout.node_size());
  apply_unchecked(w, layout, map.perm, map.sign, nodes, image, image_nodes);
  return image;
}

std::uint64_t isomer_count(const MlpShape& layout) {
  std::uint64_t count = 1;
  for (std::size_t k = 1; k <= layout.n_hidden; ++k) {
    const std::uint64_t factor = 2 * static_cast<std::uint64_t>(k);
    if (count > std::numeric_limits<std::uint64_t>::max() / factor)
      throw std::overflow_error(fmt::format(
          "isomer_count: n_hidden = {}: n! * 2^n does not fit 64 bits", layout.n_hidden));
    count *= factor;
  }
  return count;
}

std::vector<double> canonical_form(std::span<const double> w, const MlpShape& layout) {
  constexpr const char* kWhat = "canonical_form";
  check_layout(layout, kWhat);
  check_weights(w, layout, kWhat, "w");
  for (std::size_t i = 0; i < w.size(); ++i)
    if (!std::isfinite(w[i]))
      throw std::invalid_argument(fmt::format("{}: weight {} is {}", kWhat, i, w[i]));

  const std::size_t h = layout.n_hidden, m = layout.node_size();
  const std::size_t first_out = NodeIndex(layout).first_outgoing();
  auto nodes = node_descriptors(w, layout);
  for (std::size_t j = 0; j < h; ++j) {
    const std::span<double> node(nodes.data() + j * m, m);
    std::size_t pivot = largest_magnitude(node, first_out, m);
    if (pivot == m) pivot = largest_magnitude(node, 0, first_out);
    if (pivot < m && node[pivot] < 0.0)
      for (double& x : node) x = -x;
    // A negated zero must not distinguish isomers (an all-zero node is never flipped back).
    for (double& x : node)
      if (x == 0.0) x = 0.0;
  }

  std::vector<std::size_t> order(h);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t p, std::size_t q) {
    return std::lexicographical_compare(nodes.begin() + p * m, nodes.begin() + (p + 1) * m,
                                        nodes.begin() + q * m, nodes.begin() + (q + 1) * m);
  });
  std::vector<double> sorted(h * m);
  for (std::size_t j = 0; j < h; ++j)
    std::copy_n(nodes.begin() + order[j] * m, m, sorted.begin() + j * m);

  std::vector<double> result(w.begin(), w.end());
  store_descriptors(sorted, layout, result);
  for (double& x : result)
    if (x == 0.0) x = 0.0;
  return result;
}

void for_each_isomer(std::span<const double> w, const MlpShape& layout,
                     const std::function<void(std::span<const double> isomer)>& visit) {
  constexpr const char* kWhat = "for_each_isomer";
  check_layout(layout, kWhat);
  check_weights(w, layout, kWhat, "w");
  if (layout.n_hidden > kMaxHiddenForIsomers)
    throw std::invalid_argument(
        fmt::format("{}: n_hidden = {}: at most {} hidden nodes (n! * 2^n isomers)", kWhat,
                    layout.n_hidden, kMaxHiddenForIsomers));
  if (!visit) throw std::invalid_argument(fmt::format("{}: empty visitor", kWhat));
  const std::size_t h = layout.n_hidden, m = layout.node_size();
  const auto nodes = node_descriptors(w, layout);
  std::vector<double> image(w.size()), image_nodes(h * m);
  std::vector<std::size_t> perm(h);
  std::iota(perm.begin(), perm.end(), std::size_t{0});
  std::vector<int> sign(h);
  const std::uint64_t n_masks = std::uint64_t{1} << h;
  do {
    for (std::uint64_t mask = 0; mask < n_masks; ++mask) {
      for (std::size_t j = 0; j < h; ++j) sign[j] = ((mask >> j) & 1U) ? -1 : 1;
      apply_unchecked(w, layout, perm, sign, nodes, image, image_nodes);
      visit(image);
    }
  } while (std::next_permutation(perm.begin(), perm.end()));
}

std::vector<std::vector<double>> all_isomers(std::span<const double> w, const MlpShape& layout) {
  std::vector<std::vector<double>> isomers;
  if (!layout.validate() && layout.n_hidden <= kMaxHiddenForIsomers)
    isomers.reserve(static_cast<std::size_t>(isomer_count(layout)));
  for_each_isomer(w, layout, [&](std::span<const double> isomer) {
    isomers.emplace_back(isomer.begin(), isomer.end());
  });
  return isomers;
}

double IsomerSummary::max_loss_deviation() const {
  double worst = 0.0;
  for (double loss : losses) worst = std::max(worst, std::fabs(loss - losses.front()));
  return worst;
}

IsomerSummary isomer_summary(std::span<const double> w, const MlpShape& layout,
                             const WeightLossFunction& loss) {
  constexpr const char* kWhat = "isomer_summary";
  check_layout(layout, kWhat);
  if (layout.n_hidden > kMaxHiddenForIsomerDistances)
    throw std::invalid_argument(fmt::format(
        "{}: n_hidden = {}: at most {} hidden nodes (the distance matrix has (n! * 2^n)^2 entries)",
        kWhat, layout.n_hidden, kMaxHiddenForIsomerDistances));
  if (!loss) throw std::invalid_argument(fmt::format("{}: empty loss function", kWhat));
  IsomerSummary summary;
  summary.isomers = all_isomers(w, layout);
  const std::size_t n = summary.isomers.size();
  summary.losses.reserve(n);
  for (const auto& isomer : summary.isomers) summary.losses.push_back(loss(isomer));
  summary.distances.assign(n * n, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j) {
      double sum = 0.0;
      for (std::size_t k = 0; k < w.size(); ++k) {
        const double d = summary.isomers[i][k] - summary.isomers[j][k];
        sum += d * d;
      }
      summary.distances[i * n + j] = summary.distances[j * n + i] = std::sqrt(sum);
    }
  return summary;
}

double aligned_distance(std::span<const double> a, std::span<const double> b,
                        const MlpShape& layout, std::vector<double>* aligned_b) {
  constexpr const char* kWhat = "aligned_distance";
  check_layout(layout, kWhat);
  check_weights(a, layout, kWhat, "a");
  check_weights(b, layout, kWhat, "b");
  for (std::size_t k = 0; k < a.size(); ++k)
    if (!std::isfinite(a[k]) || !std::isfinite(b[k]))
      throw std::invalid_argument(
          fmt::format("{}: weight {} is {} in a and {} in b", kWhat, k, a[k], b[k]));
  const std::size_t h = layout.n_hidden, m = layout.node_size();
  const auto nodes_a = node_descriptors(a, layout);
  const auto nodes_b = node_descriptors(b, layout);

  std::vector<double> cost(h * h);
  std::vector<char> negate(h * h);
  for (std::size_t i = 0; i < h; ++i)
    for (std::size_t j = 0; j < h; ++j) {
      double same = 0.0, flipped = 0.0;
      for (std::size_t e = 0; e < m; ++e) {
        const double x = nodes_a[i * m + e], y = nodes_b[j * m + e];
        same += (x - y) * (x - y);
        flipped += (x + y) * (x + y);
      }
      negate[i * h + j] = flipped < same;
      cost[i * h + j] = std::min(same, flipped);
    }
  const Assignment match = solve_min_cost_assignment(cost, h);

  // Build the aligned isomer and measure the distance on it directly, so that the value returned
  // is exactly what the returned isomer achieves (and exactly 0 for an exact isomer).
  HiddenNodeMap map;
  map.perm = match.column_of_row;
  map.sign.resize(h);
  for (std::size_t i = 0; i < h; ++i) map.sign[i] = negate[i * h + map.perm[i]] ? -1 : 1;
  std::vector<double> aligned = apply_node_map(b, layout, map);
  double sum = 0.0;
  for (std::size_t k = 0; k < a.size(); ++k) {
    const double d = a[k] - aligned[k];
    sum += d * d;
  }
  if (aligned_b) *aligned_b = std::move(aligned);
  return std::sqrt(sum);
}

bool same_network_minimum(std::span<const double> a, std::span<const double> b,
                          const MlpShape& layout, double distance_tolerance) {
  if (!(distance_tolerance >= 0.0) || !std::isfinite(distance_tolerance))
    throw std::invalid_argument(
        fmt::format("same_network_minimum: distance_tolerance = {}: must be finite and >= 0",
                    distance_tolerance));
  return aligned_distance(a, b, layout) <= distance_tolerance;
}

}  // namespace landscape

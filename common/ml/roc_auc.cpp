#include "common/ml/roc_auc.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace landscape {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void check_probability_table(std::size_t n_values, std::size_t n_classes, std::size_t n_labels,
                             const char* who) {
  if (n_classes == 0 || n_values % n_classes != 0)
    throw std::invalid_argument(fmt::format("{}: {} probabilities do not form rows of {} classes",
                                            who, n_values, n_classes));
  if (n_labels != n_values / n_classes)
    throw std::invalid_argument(fmt::format("{}: {} labels for {} rows of probabilities", who,
                                            n_labels, n_values / n_classes));
}

// One-vs-rest AUC of column c without copying the table: the column's scores are gathered once.
double column_auc(std::span<const double> probabilities, std::span<const int> labels,
                  std::size_t n_classes, std::size_t c, std::vector<double>& scores,
                  std::vector<int>& positive) {
  const std::size_t n = labels.size();
  scores.resize(n);
  positive.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    scores[i] = probabilities[i * n_classes + c];
    positive[i] = labels[i] == static_cast<int>(c) ? 1 : 0;
  }
  return roc_auc(scores, positive);
}

}  // namespace

double roc_auc(std::span<const double> scores, std::span<const int> positive) {
  if (scores.size() != positive.size())
    throw std::invalid_argument(
        fmt::format("roc_auc: {} scores for {} labels", scores.size(), positive.size()));
  const std::size_t n = scores.size();
  std::uint64_t n_pos = 0;
  for (const int p : positive) {
    if (p != 0 && p != 1)
      throw std::invalid_argument(fmt::format("roc_auc: class flag {} is not 0 or 1", p));
    n_pos += static_cast<std::uint64_t>(p);
  }
  const std::uint64_t n_neg = n - n_pos;
  if (n_pos == 0 || n_neg == 0) return kNaN;
  // NaN breaks the strict weak ordering the sort needs, and has no place on the ROC curve.
  if (std::any_of(scores.begin(), scores.end(), [](double s) { return std::isnan(s); }))
    return kNaN;

  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return scores[a] < scores[b]; });

  // Items at sorted positions [begin, end) are tied; their average 1-based rank is
  // (begin + 1 + end) / 2, so twice the rank is an integer and the sum stays exact.
  std::uint64_t twice_rank_sum = 0;
  for (std::size_t begin = 0; begin < n;) {
    std::size_t end = begin + 1;
    while (end < n && scores[order[end]] == scores[order[begin]]) ++end;
    std::uint64_t pos_in_group = 0;
    for (std::size_t k = begin; k < end; ++k)
      pos_in_group += static_cast<std::uint64_t>(positive[order[k]]);
    twice_rank_sum += pos_in_group * (begin + 1 + end);
    begin = end;
  }
  // Mann-Whitney: U = R_pos - n_pos (n_pos + 1) / 2 counts the (positive, negative) pairs with the
  // positive above, ties one half.
  const std::uint64_t twice_u = twice_rank_sum - n_pos * (n_pos + 1);
  return static_cast<double>(twice_u) /
         (2.0 * static_cast<double>(n_pos) * static_cast<double>(n_neg));
}

double accuracy(std::span<const int> predicted, std::span<const int> labels) {
  if (predicted.size() != labels.size())
    throw std::invalid_argument(
        fmt::format("accuracy: {} predictions for {} labels", predicted.size(), labels.size()));
  if (labels.empty()) return kNaN;
  std::size_t n_correct = 0;
  for (std::size_t i = 0; i < labels.size(); ++i) n_correct += predicted[i] == labels[i] ? 1 : 0;
  return static_cast<double>(n_correct) / static_cast<double>(labels.size());
}

std::vector<int> argmax_predictions(std::span<const double> probabilities, std::size_t n_classes) {
  if (n_classes == 0 || probabilities.size() % n_classes != 0)
    throw std::invalid_argument(
        fmt::format("argmax_predictions: {} probabilities do not form rows of {} classes",
                    probabilities.size(), n_classes));
  const std::size_t n = probabilities.size() / n_classes;
  std::vector<int> predicted(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto row = probabilities.subspan(i * n_classes, n_classes);
    std::size_t best = 0;
    for (std::size_t c = 1; c < n_classes; ++c)
      if (row[c] > row[best]) best = c;
    predicted[i] = static_cast<int>(best);
  }
  return predicted;
}

double mean_one_vs_rest_auc(std::span<const double> probabilities, std::span<const int> labels,
                            std::size_t n_classes) {
  check_probability_table(probabilities.size(), n_classes, labels.size(), "mean_one_vs_rest_auc");
  std::vector<std::size_t> count(n_classes, 0);
  for (const int label : labels) {
    if (label < 0 || static_cast<std::size_t>(label) >= n_classes)
      throw std::invalid_argument(
          fmt::format("mean_one_vs_rest_auc: label {} outside [0, {})", label, n_classes));
    ++count[static_cast<std::size_t>(label)];
  }
  std::vector<double> scores;
  std::vector<int> positive;
  double sum = 0.0;
  std::size_t n_defined = 0;
  for (std::size_t c = 0; c < n_classes; ++c) {
    // A class with no items (or with every item) has no AUC of its own.
    if (count[c] == 0 || count[c] == labels.size()) continue;
    sum += column_auc(probabilities, labels, n_classes, c, scores, positive);
    ++n_defined;
  }
  return n_defined == 0 ? kNaN : sum / static_cast<double>(n_defined);
}

double classifier_auc(std::span<const double> probabilities, std::span<const int> labels,
                      std::size_t n_classes) {
  if (n_classes != 2) return mean_one_vs_rest_auc(probabilities, labels, n_classes);
  check_probability_table(probabilities.size(), n_classes, labels.size(), "classifier_auc");
  std::vector<double> scores;
  std::vector<int> positive;
  for (const int label : labels)
    if (label != 0 && label != 1)
      throw std::invalid_argument(fmt::format("classifier_auc: label {} outside [0, 2)", label));
  return column_auc(probabilities, labels, n_classes, 1, scores, positive);
}

}  // namespace landscape

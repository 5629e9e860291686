#include "common/ml/mlsup.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

#include "common/ml/roc_auc.hpp"
#include "common/potentials/mlp.hpp"

namespace landscape {
namespace {

void check_labels(const EnsembleOutputs& o, std::span<const int> labels, const char* who) {
  if (labels.size() != o.n_items)
    throw std::invalid_argument(
        fmt::format("{}: {} labels for {} items", who, labels.size(), o.n_items));
  for (const int c : labels)
    if (c < 0 || static_cast<std::size_t>(c) >= o.n_classes)
      throw std::invalid_argument(fmt::format("{}: label {} outside [0, {})", who, c, o.n_classes));
}

}  // namespace

EnsembleOutputs ensemble_outputs(const MlpShape& shape,
                                 const std::vector<std::vector<double>>& minima,
                                 const LabelledData& data) {
  EnsembleOutputs o;
  o.n_minima = minima.size();
  o.n_items = data.size();
  o.n_classes = shape.n_out;
  o.p.reserve(o.n_minima * o.n_items * o.n_classes);
  // The loss object only evaluates the network; lambda does not enter the probabilities.
  const MlpLoss net(shape, std::make_shared<const LabelledData>(data), 0.0);
  std::vector<double> p;
  for (std::size_t m = 0; m < minima.size(); ++m) {
    if (minima[m].size() != shape.n_weights())
      throw std::invalid_argument(fmt::format("ensemble_outputs: minimum {} has {} weights, not {}",
                                              m + 1, minima[m].size(), shape.n_weights()));
    net.probabilities(minima[m], data, p);
    o.p.insert(o.p.end(), p.begin(), p.end());
  }
  return o;
}

std::vector<int> best_minimum_labels(const EnsembleOutputs& o, std::span<const int> labels) {
  check_labels(o, labels, "best_minimum_labels");
  if (o.n_minima == 0) throw std::invalid_argument("best_minimum_labels: no minima");
  std::vector<int> b(o.n_items, 0);
  for (std::size_t d = 0; d < o.n_items; ++d) {
    const auto c = static_cast<std::size_t>(labels[d]);
    double best = o.row(0, d)[c];
    for (std::size_t m = 1; m < o.n_minima; ++m)
      if (const double v = o.row(m, d)[c]; v > best) {
        best = v;
        b[d] = static_cast<int>(m);
      }
  }
  return b;
}

std::vector<double> chosen_probabilities(const EnsembleOutputs& o, std::span<const int> choice) {
  if (choice.size() != o.n_items)
    throw std::invalid_argument(
        fmt::format("chosen_probabilities: {} choices for {} items", choice.size(), o.n_items));
  std::vector<double> p;
  p.reserve(o.n_items * o.n_classes);
  for (std::size_t d = 0; d < o.n_items; ++d) {
    if (choice[d] < 0 || static_cast<std::size_t>(choice[d]) >= o.n_minima)
      throw std::invalid_argument(
          fmt::format("chosen_probabilities: choice {} outside [0, {})", choice[d], o.n_minima));
    const auto row = o.row(static_cast<std::size_t>(choice[d]), d);
    p.insert(p.end(), row.begin(), row.end());
  }
  return p;
}

double vote_accuracy(const EnsembleOutputs& o, std::span<const int> labels) {
  check_labels(o, labels, "vote_accuracy");
  if (o.n_items == 0) return 0.0;
  std::vector<std::vector<int>> predicted(o.n_minima);
  for (std::size_t m = 0; m < o.n_minima; ++m)
    predicted[m] = argmax_predictions(o.table(m), o.n_classes);
  std::vector<std::size_t> votes(o.n_classes);
  std::size_t correct = 0;
  for (std::size_t d = 0; d < o.n_items; ++d) {
    std::fill(votes.begin(), votes.end(), 0);
    for (std::size_t m = 0; m < o.n_minima; ++m) ++votes[static_cast<std::size_t>(predicted[m][d])];
    const std::size_t most = *std::max_element(votes.begin(), votes.end());
    correct += votes[static_cast<std::size_t>(labels[d])] == most ? 1 : 0;
  }
  return static_cast<double>(correct) / static_cast<double>(o.n_items);
}

MlsupScores mlsup_scores(const EnsembleOutputs& o, std::span<const int> labels,
                         std::span<const int> choice) {
  check_labels(o, labels, "mlsup_scores");
  if (o.n_minima == 0) throw std::invalid_argument("mlsup_scores: no minima");
  MlsupScores s;
  for (std::size_t m = 0; m < o.n_minima; ++m) {
    const auto table = o.table(m);
    s.minimum_auc.push_back(classifier_auc(table, labels, o.n_classes));
    s.minimum_accuracy.push_back(accuracy(argmax_predictions(table, o.n_classes), labels));
    if (m == 0 || s.minimum_auc[m] > s.best_minimum_auc) {
      s.best_minimum_auc = s.minimum_auc[m];
      s.best_minimum = m;
    }
  }
  const std::vector<double> sup = chosen_probabilities(o, choice);
  s.mlsup_auc = classifier_auc(sup, labels, o.n_classes);
  s.mlsup_accuracy = accuracy(argmax_predictions(sup, o.n_classes), labels);
  s.tma =
      classifier_auc(chosen_probabilities(o, best_minimum_labels(o, labels)), labels, o.n_classes);
  s.vote_accuracy = vote_accuracy(o, labels);
  s.choice_counts.assign(o.n_minima, 0);
  for (const int c : choice) ++s.choice_counts[static_cast<std::size_t>(c)];
  return s;
}

LabelledData meta_network_data(const LabelledData& data, const EnsembleOutputs& outputs) {
  LabelledData meta;
  meta.n_features = data.n_features;
  meta.n_classes = outputs.n_minima;
  meta.x = data.x;
  meta.labels = best_minimum_labels(outputs, data.labels);
  return meta;
}

}  // namespace landscape

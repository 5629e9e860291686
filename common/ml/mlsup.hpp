#pragma once
// MLSUP, the superposition of network minima (Niroomand, Morgan, Cafolla & Wales, Mach. Learn.:
// Sci. Technol. 3, 025004 (2022), algorithm 1): a few minima M' of a loss landscape, each a
// classifier, are combined by a second network (the meta-network) that learns, for each input,
// which minimum to trust. This file holds what the algorithm computes from the minima's outputs:
// the meta-network's labels (eq. 2), the MLSUP score, the theoretical maximum AUC (TMA) and the
// majority vote. Training the meta-network is basin-hopping on an MlpLoss over the labels (gmin).

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "common/ml/labelled_data.hpp"
#include "common/ml/mlp_shape.hpp"

namespace landscape {

/// The softmax outputs of each of n_minima networks on each of n_items items.
struct EnsembleOutputs {
  std::size_t n_minima = 0;
  std::size_t n_items = 0;
  std::size_t n_classes = 0;
  /// p[(m * n_items + d) * n_classes + c]: probability of class c for item d by minimum m.
  std::vector<double> p;

  /// The n_classes probabilities of item d by minimum m.
  std::span<const double> row(std::size_t m, std::size_t d) const {
    return std::span<const double>(p).subspan((m * n_items + d) * n_classes, n_classes);
  }
  /// The n_items x n_classes table of minimum m.
  std::span<const double> table(std::size_t m) const {
    return std::span<const double>(p).subspan(m * n_items * n_classes, n_items * n_classes);
  }
};

/// The outputs of the minima (each shape.n_weights() long, in the order of common/ml/mlp_shape.hpp)
/// on data. Throws std::invalid_argument when a weight vector has the wrong length or the data do
/// not fit the shape.
EnsembleOutputs ensemble_outputs(const MlpShape& shape,
                                 const std::vector<std::vector<double>>& minima,
                                 const LabelledData& data);

/// Eq. 2: the label b_d of every item, the position in the ensemble of the minimum that gives the
/// item's true class the largest probability (ties: the lowest position).
std::vector<int> best_minimum_labels(const EnsembleOutputs& outputs, std::span<const int> labels);

/// For each item, the probabilities of the minimum `choice[d]` (a row of n_classes): the output of
/// a superposition that lets choice pick the minimum item by item.
std::vector<double> chosen_probabilities(const EnsembleOutputs& outputs,
                                         std::span<const int> choice);

/// The figures of one ensemble on one data set. AUCs are classifier_auc (two classes: of p_1; more:
/// the one-vs-rest mean).
struct MlsupScores {
  std::vector<double> minimum_auc;       ///< each minimum of the ensemble alone
  std::vector<double> minimum_accuracy;  ///< each minimum alone
  double best_minimum_auc = 0.0;         ///< the largest of minimum_auc
  std::size_t best_minimum = 0;          ///< its position (the first of equals)
  double mlsup_auc = 0.0;                ///< items scored by the minimum the meta-network chose
  double mlsup_accuracy = 0.0;
  /// Theoretical maximum AUC: items scored by the minimum of eq. 2 (an oracle that knows the
  /// class); the upper bound of mlsup_auc for two classes.
  double tma = 0.0;
  /// Majority vote of the minima's predicted classes; an item whose true class is among the
  /// classes with the most votes counts as correct (ties counted as correct).
  double vote_accuracy = 0.0;
  /// How often the meta-network picked each minimum.
  std::vector<std::size_t> choice_counts;
};

/// The scores of the ensemble on data, with the meta-network's choice of minimum for each item.
/// Throws std::invalid_argument on inconsistent sizes or a choice outside [0, n_minima).
MlsupScores mlsup_scores(const EnsembleOutputs& outputs, std::span<const int> labels,
                         std::span<const int> choice);

/// Majority-vote accuracy alone (see MlsupScores::vote_accuracy).
double vote_accuracy(const EnsembleOutputs& outputs, std::span<const int> labels);

/// The training set of the meta-network: the features of data with the labels of eq. 2, as many
/// classes as minima.
LabelledData meta_network_data(const LabelledData& data, const EnsembleOutputs& outputs);

/// The shape of the meta-network: data's n_in inputs, n_hidden tanh nodes, one output per minimum,
/// with biases (MLPVB3), as GMIN's MLSUP keyword builds it.
inline MlpShape meta_network_shape(std::size_t n_in, std::size_t n_hidden, std::size_t n_minima) {
  return mlpvb3_shape(n_in, n_hidden, n_minima);
}

}  // namespace landscape

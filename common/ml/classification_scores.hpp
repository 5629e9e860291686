#pragma once
// How well a network minimum classifies a data set: ROC-AUC (the paper's eq. 4-6; for more than two
// classes the mean one-vs-rest AUC) and accuracy.

#include <span>

#include "common/ml/labelled_data.hpp"

namespace landscape {

class MlpLoss;

/// AUC and accuracy of one weight vector on one data set.
struct ClassificationScores {
  double auc = 0.0;       ///< NaN when undefined (a class absent from the data)
  double accuracy = 0.0;  ///< fraction of items whose most probable class is the true one
};

/// Scores of the network of loss with weights w on data (any data set of the right width).
ClassificationScores classification_scores(const MlpLoss& loss, std::span<const double> w,
                                           const LabelledData& data);

}  // namespace landscape

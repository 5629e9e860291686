#include "common/ml/classification_scores.hpp"

#include <vector>

#include "common/ml/roc_auc.hpp"
#include "common/potentials/mlp.hpp"

namespace landscape {

ClassificationScores classification_scores(const MlpLoss& loss, std::span<const double> w,
                                           const LabelledData& data) {
  std::vector<double> p;
  loss.probabilities(w, data, p);
  const std::size_t n_classes = loss.shape().n_out;
  ClassificationScores s;
  s.auc = classifier_auc(p, data.labels, n_classes);
  s.accuracy = accuracy(argmax_predictions(p, n_classes), data.labels);
  return s;
}

}  // namespace landscape

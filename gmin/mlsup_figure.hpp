#pragma once
// The MLSUP picture (the paper's figure 4): the test points coloured by the minimum the
// meta-network picks for them, beside each chosen minimum's confidently-correct test points.

#include <span>
#include <string>

#include "common/ml/labelled_data.hpp"
#include "common/ml/mlsup.hpp"
#include "common/plotting/figure.hpp"

namespace landscape::gmin {

/// A minimum's prediction of an item is confidently correct when it gives the true class at
/// least this probability.
inline constexpr double kConfidentProbability = 0.9;

/// Panel 1: the test items (features 0 and 1) coloured by choice[d]; then one panel per minimum
/// with the items it classifies confidently correctly, coloured by class.
Figure mlsup_figure(const LabelledData& test, const EnsembleOutputs& outputs,
                    std::span<const int> choice, const MlsupScores& scores,
                    const std::string& title);

}  // namespace landscape::gmin

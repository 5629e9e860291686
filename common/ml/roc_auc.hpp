#pragma once
// Classification measures for network minima: ROC-AUC (Niroomand et al., Mach. Learn.: Sci.
// Technol. 3, 025004 (2022), eq. 4-6; Fawcett, Pattern Recogn. Lett. 27, 861 (2006)), accuracy,
// and the one-vs-rest mean AUC that Niroomand et al. 2022 prescribes for more than two classes.
//
// Undefined measures (an absent class, no items, a NaN score) are returned as NaN rather than
// thrown: a minimum whose outputs overflow is numerical trouble to report, not a reason to stop.
// Inputs of inconsistent sizes or out-of-range labels are programming errors and throw
// std::invalid_argument.

#include <cstddef>
#include <span>
#include <vector>

namespace landscape {

/// ROC-AUC of `scores` for the 0/1 classes `positive` (same length): the probability that a
/// randomly chosen positive item scores above a randomly chosen negative one, a tie counting one
/// half (the Mann-Whitney U statistic divided by n_pos * n_neg). This is the area under the ROC
/// curve T(F) of eq. 4-6 when the curve joins the points of successive distinct thresholds by
/// straight lines (the trapezoid rule), which is how ties across the classes must be counted.
/// O(n log n): items sorted by score, tied items given their average rank; the rank sum is
/// accumulated in integers, so the result is exact up to the final division.
/// Returns NaN if either class is absent or a score is NaN. Throws std::invalid_argument if the
/// lengths differ or a `positive` entry is not 0 or 1.
double roc_auc(std::span<const double> scores, std::span<const int> positive);

/// Fraction of items with predicted[i] == labels[i] (same length). NaN for no items.
/// Throws std::invalid_argument if the lengths differ.
double accuracy(std::span<const int> predicted, std::span<const int> labels);

/// The class with the largest probability for each item. `probabilities` is row-major
/// n_items x n_classes; a tie goes to the lowest class index. Throws std::invalid_argument if
/// n_classes is 0 or does not divide the length.
std::vector<int> argmax_predictions(std::span<const double> probabilities, std::size_t n_classes);

/// Mean over classes c of roc_auc(probabilities[:, c], labels == c) (one-vs-rest), for
/// `probabilities` row-major n_items x n_classes and labels in [0, n_classes). Classes that are
/// absent from `labels` (their AUC is undefined) are left out of the mean; NaN if no class has an
/// AUC (fewer than two classes present) or an AUC is NaN. Throws std::invalid_argument on
/// inconsistent sizes or a label out of range.
double mean_one_vs_rest_auc(std::span<const double> probabilities, std::span<const int> labels,
                            std::size_t n_classes);

/// The AUC the suite reports for a classifier: for two classes, roc_auc of the class-1 probability
/// p_1 (eq. 4-6 of the paper); for more classes, mean_one_vs_rest_auc (logs must say so).
double classifier_auc(std::span<const double> probabilities, std::span<const int> labels,
                      std::size_t n_classes);

}  // namespace landscape

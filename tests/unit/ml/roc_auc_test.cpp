// ROC-AUC (eq. 4-6 of the MLSUP paper, ties by the trapezoid), accuracy, argmax predictions and the
// one-vs-rest mean AUC, against hand-computed values, brute-force pair counts and the ROC curve.

#include "common/ml/roc_auc.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <set>
#include <stdexcept>
#include <vector>

#include "common/random/rng.hpp"

namespace landscape {
namespace {

// The definition: over all (positive, negative) pairs, 1 if the positive scores higher, 1/2 on a
// tie.
double pair_count_auc(const std::vector<double>& scores, const std::vector<int>& positive) {
  double wins = 0.0, pairs = 0.0;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (positive[i] != 1) continue;
    for (std::size_t j = 0; j < scores.size(); ++j) {
      if (positive[j] != 0) continue;
      pairs += 1.0;
      if (scores[i] > scores[j]) wins += 1.0;
      if (scores[i] == scores[j]) wins += 0.5;
    }
  }
  return wins / pairs;
}

// Eq. 4-6 literally: T(P) and F(P) with Theta(p - P) = [p >= P], at every distinct score P from the
// highest down, then the area under the curve from (0, 0) to (1, 1) by the trapezoid rule.
double roc_curve_area(const std::vector<double>& scores, const std::vector<int>& positive) {
  const std::set<double, std::greater<>> thresholds(scores.begin(), scores.end());
  double n_pos = 0.0, n_neg = 0.0;
  for (const int p : positive) (p == 1 ? n_pos : n_neg) += 1.0;
  double area = 0.0, f_prev = 0.0, t_prev = 0.0;
  for (const double threshold : thresholds) {
    double tp = 0.0, fp = 0.0;
    for (std::size_t i = 0; i < scores.size(); ++i)
      if (scores[i] >= threshold) (positive[i] == 1 ? tp : fp) += 1.0;
    const double t = tp / n_pos, f = fp / n_neg;
    area += (f - f_prev) * (t + t_prev) / 2.0;
    f_prev = f;
    t_prev = t;
  }
  return area;  // the lowest threshold takes every item: the curve ends at (1, 1)
}

TEST(RocAuc, HandComputedWithoutTies) {
  // Positives 0.35 and 0.8 against negatives 0.1 and 0.4: 0.35 beats 0.1 only, 0.8 beats both: 3/4.
  EXPECT_DOUBLE_EQ(roc_auc(std::vector<double>{0.1, 0.4, 0.35, 0.8}, std::vector<int>{0, 0, 1, 1}),
                   0.75);
}

TEST(RocAuc, TieAcrossClassesCountsOneHalf) {
  // Positives {0.5, 0.9}, negatives {0.2, 0.5}: 0.5 beats 0.2 and ties 0.5 (1/2); 0.9 beats both:
  // (1 + 0.5 + 2) / 4.
  EXPECT_DOUBLE_EQ(roc_auc(std::vector<double>{0.2, 0.5, 0.5, 0.9}, std::vector<int>{0, 0, 1, 1}),
                   0.875);
  // Positives {1, 2, 3}, negatives {1, 2}: 1 ties 1 (1/2); 2 beats 1, ties 2 (3/2); 3 beats both
  // (2): 4 / 6.
  EXPECT_DOUBLE_EQ(roc_auc(std::vector<double>{1, 1, 2, 2, 3}, std::vector<int>{0, 1, 0, 1, 1}),
                   4.0 / 6.0);
  // Ties within one class do not matter.
  EXPECT_DOUBLE_EQ(roc_auc(std::vector<double>{0.1, 0.1, 0.7, 0.7}, std::vector<int>{0, 0, 1, 1}),
                   1.0);
}

TEST(RocAuc, AllTiedPerfectAndReversed) {
  EXPECT_DOUBLE_EQ(roc_auc(std::vector<double>(6, 0.3), std::vector<int>{0, 1, 1, 0, 1, 0}), 0.5);
  EXPECT_DOUBLE_EQ(
      roc_auc(std::vector<double>{0.1, 0.2, 0.3, 0.8, 0.9}, std::vector<int>{0, 0, 0, 1, 1}), 1.0);
  EXPECT_DOUBLE_EQ(
      roc_auc(std::vector<double>{0.1, 0.2, 0.3, 0.8, 0.9}, std::vector<int>{1, 1, 0, 0, 0}), 0.0);
}

TEST(RocAuc, MatchesBruteForceAndTheRocCurveOnRandomDataWithManyTies) {
  Rng rng(2024);
  for (int trial = 0; trial < 20; ++trial) {
    const std::size_t n = 50 + rng.below(400);
    const auto levels = 2 + rng.below(12);  // few distinct scores: many ties across the classes
    std::vector<double> scores(n);
    std::vector<int> positive(n);
    for (std::size_t i = 0; i < n; ++i) {
      scores[i] = static_cast<double>(rng.below(levels)) / static_cast<double>(levels);
      positive[i] = rng.uniform() < 0.3 + 0.4 * scores[i] ? 1 : 0;
    }
    positive[0] = 0;
    positive[1] = 1;
    const double auc = roc_auc(scores, positive);
    EXPECT_NEAR(auc, pair_count_auc(scores, positive), 1e-14) << trial;
    EXPECT_NEAR(auc, roc_curve_area(scores, positive), 1e-12) << trial;
  }
  // And with continuous scores (no ties).
  std::vector<double> scores(300);
  std::vector<int> positive(300);
  for (std::size_t i = 0; i < scores.size(); ++i) {
    scores[i] = rng.uniform();
    positive[i] = rng.uniform() < scores[i] ? 1 : 0;
  }
  EXPECT_NEAR(roc_auc(scores, positive), pair_count_auc(scores, positive), 1e-14);
  EXPECT_NEAR(roc_auc(scores, positive), roc_curve_area(scores, positive), 1e-12);
}

TEST(RocAuc, Invariances) {
  Rng rng(7);
  std::vector<double> scores(200), transformed(200), negated(200);
  std::vector<int> positive(200), flipped(200);
  for (std::size_t i = 0; i < scores.size(); ++i) {
    scores[i] = static_cast<double>(rng.below(20)) / 20.0;
    transformed[i] = std::exp(3.0 * scores[i]);  // strictly increasing: same ranking, same ties
    negated[i] = -scores[i];
    positive[i] = static_cast<int>(rng.below(2));
    flipped[i] = 1 - positive[i];
  }
  const double auc = roc_auc(scores, positive);
  EXPECT_DOUBLE_EQ(roc_auc(transformed, positive), auc);
  EXPECT_NEAR(roc_auc(scores, flipped), 1.0 - auc, 1e-15);
  EXPECT_DOUBLE_EQ(roc_auc(negated, flipped), auc);
}

TEST(RocAuc, UndefinedCasesAndBadInput) {
  EXPECT_TRUE(std::isnan(roc_auc(std::vector<double>{0.1, 0.2}, std::vector<int>{1, 1})));
  EXPECT_TRUE(std::isnan(roc_auc(std::vector<double>{0.1, 0.2}, std::vector<int>{0, 0})));
  EXPECT_TRUE(std::isnan(roc_auc(std::vector<double>{}, std::vector<int>{})));
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_TRUE(std::isnan(roc_auc(std::vector<double>{0.1, nan}, std::vector<int>{0, 1})));
  EXPECT_THROW(roc_auc(std::vector<double>{0.1, 0.2}, std::vector<int>{0, 2}),
               std::invalid_argument);
  EXPECT_THROW(roc_auc(std::vector<double>{0.1, 0.2}, std::vector<int>{0}), std::invalid_argument);
}

TEST(Accuracy, FractionCorrect) {
  EXPECT_DOUBLE_EQ(accuracy(std::vector<int>{0, 1, 2, 1}, std::vector<int>{0, 1, 1, 1}), 0.75);
  EXPECT_DOUBLE_EQ(accuracy(std::vector<int>{2, 2}, std::vector<int>{2, 2}), 1.0);
  EXPECT_DOUBLE_EQ(accuracy(std::vector<int>{0, 0, 1}, std::vector<int>{1, 1, 0}), 0.0);
  EXPECT_TRUE(std::isnan(accuracy(std::vector<int>{}, std::vector<int>{})));
  EXPECT_THROW(accuracy(std::vector<int>{0}, std::vector<int>{0, 1}), std::invalid_argument);
}

TEST(ArgmaxPredictions, LargestProbabilityLowestIndexOnTies) {
  const std::vector<double> p = {0.2, 0.5, 0.3,  //
                                 0.4, 0.4, 0.2,  //
                                 0.1, 0.1, 0.8};
  EXPECT_EQ(argmax_predictions(p, 3), (std::vector<int>{1, 0, 2}));
  EXPECT_EQ(argmax_predictions(std::vector<double>{0.7, 0.3, 0.5, 0.5}, 2),
            (std::vector<int>{0, 0}));
  EXPECT_THROW(argmax_predictions(p, 4), std::invalid_argument);
  EXPECT_THROW(argmax_predictions(p, 0), std::invalid_argument);
}

// Five items, three classes, probabilities row-major.
const std::vector<double> kThreeClassP = {0.6, 0.3, 0.1,  //
                                          0.2, 0.5, 0.3,  //
                                          0.3, 0.3, 0.4,  //
                                          0.3, 0.4, 0.3,  //
                                          0.5, 0.2, 0.3};
const std::vector<int> kThreeClassLabels = {0, 1, 2, 0, 1};

TEST(MeanOneVsRestAuc, HandComputedThreeClasses) {
  // Class 0: positives {0.6, 0.3} vs {0.2, 0.3, 0.5}: 3 + (1 + 1/2) = 4.5 of 6 -> 0.75.
  // Class 1: positives {0.5, 0.2} vs {0.3, 0.3, 0.4}: 3 + 0 of 6 -> 0.5.
  // Class 2: positive {0.4} vs {0.1, 0.3, 0.3, 0.3}: 4 of 4 -> 1.
  // Mean: (0.75 + 0.5 + 1) / 3 = 0.75.
  EXPECT_DOUBLE_EQ(mean_one_vs_rest_auc(kThreeClassP, kThreeClassLabels, 3), 0.75);
  EXPECT_DOUBLE_EQ(classifier_auc(kThreeClassP, kThreeClassLabels, 3), 0.75);
  EXPECT_DOUBLE_EQ(accuracy(argmax_predictions(kThreeClassP, 3), kThreeClassLabels), 0.6);
}

TEST(MeanOneVsRestAuc, AbsentClassesAreLeftOut) {
  // Only classes 0 and 1 occur: class 0 -> column 0 {0.6, 0.2 | 0.3, 0.3}: positives 0.6 beats both
  // (2), 0.2 none: 2/4; class 1 -> column 1 {0.5, 0.4} vs {0.3, 0.3}: 1. Mean 0.75.
  const std::vector<double> p = {0.6, 0.3, 0.1,  //
                                 0.2, 0.3, 0.5,  //
                                 0.3, 0.5, 0.2,  //
                                 0.3, 0.4, 0.3};
  EXPECT_DOUBLE_EQ(mean_one_vs_rest_auc(p, std::vector<int>{0, 0, 1, 1}, 3), 0.75);
  EXPECT_TRUE(std::isnan(mean_one_vs_rest_auc(p, std::vector<int>{2, 2, 2, 2}, 3)));
  EXPECT_THROW(mean_one_vs_rest_auc(p, std::vector<int>{0, 3, 1, 1}, 3), std::invalid_argument);
  EXPECT_THROW(mean_one_vs_rest_auc(p, std::vector<int>{0, 1, 1}, 3), std::invalid_argument);
}

TEST(ClassifierAuc, TwoClassesUseTheClassOneProbability) {
  // p_1 = {0.4, 0.6, 0.35, 0.8} for labels {0, 0, 1, 1}: 0.35 beats 0.4? no; 0.8 beats both: 2/4.
  const std::vector<double> p = {0.6, 0.4, 0.4, 0.6, 0.65, 0.35, 0.2, 0.8};
  const std::vector<int> labels = {0, 0, 1, 1};
  EXPECT_DOUBLE_EQ(classifier_auc(p, labels, 2), 0.5);
  EXPECT_DOUBLE_EQ(classifier_auc(p, labels, 2),
                   roc_auc(std::vector<double>{0.4, 0.6, 0.35, 0.8}, labels));
  EXPECT_THROW(classifier_auc(p, std::vector<int>{0, 0, 2, 1}, 2), std::invalid_argument);
}

}  // namespace
}  // namespace landscape

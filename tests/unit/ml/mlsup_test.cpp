// MLSUP's quantities (Niroomand et al. 2022, algorithm 1): the labels of eq. 2, the MLSUP AUC (eq.
// 7: each item scored by p_1 of the minimum chosen for it) on hand-built cases, TMA as the upper
// bound of every chosen minimum and of MLSUP on two-class data, the majority vote with ties, and
// the MLMINweights and MLMINselection files.

#include "common/ml/mlsup.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "common/io/errors.hpp"
#include "common/ml/datasets.hpp"
#include "common/ml/mlmin_files.hpp"
#include "common/ml/roc_auc.hpp"
#include "common/random/rng.hpp"
#include "tests/support/test_paths.hpp"

namespace landscape {
namespace {

// An ensemble given by its probabilities: probs[m][d] is p_1 of minimum m for item d (two classes).
EnsembleOutputs two_class(const std::vector<std::vector<double>>& probs) {
  EnsembleOutputs o;
  o.n_minima = probs.size();
  o.n_items = probs.front().size();
  o.n_classes = 2;
  for (const auto& m : probs)
    for (const double p1 : m) {
      o.p.push_back(1.0 - p1);
      o.p.push_back(p1);
    }
  return o;
}

TEST(MlsupTest, LabelsFollowEquation2WithTiesToTheLowestPosition) {
  // Items of classes 1, 0, 1, 0; minimum 0 is right on items 0 and 1, minimum 1 on 2 and 3.
  const EnsembleOutputs o = two_class({{0.9, 0.2, 0.3, 0.6}, {0.6, 0.4, 0.8, 0.4}});
  const std::vector<int> labels = {1, 0, 1, 0};
  EXPECT_EQ(best_minimum_labels(o, labels), (std::vector<int>{0, 0, 1, 1}));
  // A tie in p_{c_d} goes to the lower position.
  const EnsembleOutputs tie = two_class({{0.7, 0.5}, {0.7, 0.5}});
  EXPECT_EQ(best_minimum_labels(tie, std::vector<int>{1, 0}), (std::vector<int>{0, 0}));
}

TEST(MlsupTest, MlsupAucScoresEachItemByTheChosenMinimum) {
  // Eq. 7 by hand: with the choice (0, 1, 1, 0) the scores p_1 are 0.9, 0.4, 0.8, 0.6 for classes
  // 1, 0, 1, 0: positives {0.9, 0.8} against negatives {0.4, 0.6}: all 4 pairs ordered, AUC 1.
  const EnsembleOutputs o = two_class({{0.9, 0.2, 0.3, 0.6}, {0.6, 0.4, 0.8, 0.4}});
  const std::vector<int> labels = {1, 0, 1, 0};
  MlsupScores s = mlsup_scores(o, labels, std::vector<int>{0, 1, 1, 0});
  EXPECT_DOUBLE_EQ(s.mlsup_auc, 1.0);
  // Choice (1, 1, 0, 0): scores 0.6, 0.4, 0.3, 0.6: positives {0.6, 0.3}, negatives {0.4, 0.6}:
  // (0.6 > 0.4) 1, (0.6 = 0.6) 1/2, (0.3 < 0.4) 0, (0.3 < 0.6) 0 -> 1.5 / 4.
  s = mlsup_scores(o, labels, std::vector<int>{1, 1, 0, 0});
  EXPECT_DOUBLE_EQ(s.mlsup_auc, 0.375);
  // Minimum 0 alone: positives {0.9, 0.3}, negatives {0.2, 0.6}: 1 + 1 + 1 + 0 -> 0.75; minimum 1:
  // positives {0.6, 0.8}, negatives {0.4, 0.4}: 1.
  EXPECT_DOUBLE_EQ(s.minimum_auc[0], 0.75);
  EXPECT_DOUBLE_EQ(s.minimum_auc[1], 1.0);
  EXPECT_DOUBLE_EQ(s.best_minimum_auc, 1.0);
  EXPECT_EQ(s.best_minimum, 1u);
  EXPECT_EQ(s.choice_counts, (std::vector<std::size_t>{2, 2}));
  EXPECT_DOUBLE_EQ(s.tma, 1.0);
}

TEST(MlsupTest, TmaBoundsEveryMinimumAndMlsupOnTwoClassData) {
  Rng rng(7);
  for (int trial = 0; trial < 200; ++trial) {
    const std::size_t n_minima = 1 + rng.below(5), n_items = 2 + rng.below(40);
    std::vector<std::vector<double>> probs(n_minima, std::vector<double>(n_items));
    for (auto& m : probs)
      for (double& p : m) p = std::round(rng.uniform() * 10.0) / 10.0;  // ties on purpose
    std::vector<int> labels(n_items), choice(n_items);
    for (auto& c : labels) c = static_cast<int>(rng.below(2));
    labels[0] = 0;
    labels[1] = 1;
    for (auto& c : choice) c = static_cast<int>(rng.below(n_minima));
    const MlsupScores s = mlsup_scores(two_class(probs), labels, choice);
    for (const double auc : s.minimum_auc) EXPECT_GE(s.tma, auc - 1e-15);
    EXPECT_LE(s.mlsup_auc, s.tma + 1e-15);
  }
}

TEST(MlsupTest, MajorityVoteCountsTiesAsCorrect) {
  // Three classes, four minima: item 0 votes 2-2 between its class 0 and class 1 (a tie: correct);
  // item 1 votes 3-1 for class 2 while it is class 1 (wrong); item 2 votes 2-1-1 for its class 1.
  EnsembleOutputs o;
  o.n_minima = 4;
  o.n_items = 3;
  o.n_classes = 3;
  const int votes[4][3] = {{0, 2, 1}, {0, 2, 1}, {1, 2, 0}, {1, 1, 2}};
  for (int m = 0; m < 4; ++m)
    for (int d = 0; d < 3; ++d)
      for (int c = 0; c < 3; ++c) o.p.push_back(c == votes[m][d] ? 0.8 : 0.1);
  EXPECT_DOUBLE_EQ(vote_accuracy(o, std::vector<int>{0, 1, 1}), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(vote_accuracy(o, std::vector<int>{1, 2, 0}), 2.0 / 3.0);
}

TEST(MlsupTest, MetaNetworkDataKeepsTheFeaturesAndTakesTheLabelsOfEquation2) {
  const LabelledData data = spiral(6, 0, 3).train;
  const MlpShape shape = mlpvb3_shape(2, 2, 2);
  Rng rng(5);
  std::vector<std::vector<double>> minima(3, std::vector<double>(shape.n_weights()));
  for (auto& w : minima)
    for (double& v : w) v = 2.0 * rng.symmetric();
  const EnsembleOutputs o = ensemble_outputs(shape, minima, data);
  const LabelledData meta = meta_network_data(data, o);
  EXPECT_EQ(meta.x, data.x);
  EXPECT_EQ(meta.n_classes, 3u);
  for (std::size_t d = 0; d < data.size(); ++d) {
    const auto c = static_cast<std::size_t>(data.labels[d]);
    const auto b = static_cast<std::size_t>(meta.labels[d]);
    for (std::size_t m = 0; m < 3; ++m) {
      EXPECT_LE(o.row(m, d)[c], o.row(b, d)[c]);
      if (m < b) {
        EXPECT_LT(o.row(m, d)[c], o.row(b, d)[c]);
      }
    }
  }
  EXPECT_THROW(ensemble_outputs(shape, {std::vector<double>(3)}, data), std::invalid_argument);
}

TEST(MlminFilesTest, WeightsAndSelectionRoundTrip) {
  const auto dir = testing::scratch_dir("mlmin_files");
  const std::vector<std::vector<double>> minima = {{1.0 / 3.0, -2e-300, 5.0}, {7.25, 0.1, -1e10}};
  write_mlmin_weights(dir / "MLMINweights", minima);
  EXPECT_EQ(read_mlmin_weights(dir / "MLMINweights", 3, 2), minima);
  try {
    read_mlmin_weights(dir / "MLMINweights", 3, 3);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "MLMINweights: holds 6 values, but 3 minima of 3 weights need 9");
  }
  testing::write_file(dir / "MLMINweights", "1.0\nnan\n");
  try {
    read_mlmin_weights(dir / "MLMINweights", 1, 2);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("MLMINweights:2:"), std::string::npos) << e.what();
  }

  MlminSelection s;
  s.method = "CVPEAK";
  s.temperature = 0.0123;
  s.chosen = {{12, "dP/dT = +1e-2 at T = 0.0123: rises"}, {3, "falls\nsecond line"}};
  write_mlmin_selection(dir / "MLMINselection", s);
  EXPECT_EQ(testing::read_file(dir / "MLMINselection"),
            "CVPEAK 2 0.0123\n12 dP/dT = +1e-2 at T = 0.0123: rises\n3 falls second line\n");
  const MlminSelection back = read_mlmin_selection(dir / "MLMINselection");
  EXPECT_EQ(back.method, "CVPEAK");
  EXPECT_DOUBLE_EQ(*back.temperature, 0.0123);
  ASSERT_EQ(back.chosen.size(), 2u);
  EXPECT_EQ(back.chosen[0].index, 12u);
  EXPECT_EQ(back.chosen[1].reason, "falls second line");
  testing::write_file(dir / "MLMINselection", "MMDMB 3\n1 best\n2 far\n");
  try {
    read_mlmin_selection(dir / "MLMINselection");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "MLMINselection:1: says 3 minima, but 2 lines follow");
  }
}

}  // namespace
}  // namespace landscape

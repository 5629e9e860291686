// Permutational isomers of a one-hidden-layer tanh network: enumeration, canonical form and the
// aligned distance, checked against brute force (the assignment solver has its own test in
// tests/unit/optimize/linear_assignment_test.cpp).

#include "common/ml/network_isomers.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <numeric>
#include <set>
#include <stdexcept>
#include <vector>

#include "common/random/rng.hpp"

// The network loss is written concurrently; check it when it is in the tree.
#if __has_include("common/potentials/mlp.hpp")
#include "common/potentials/mlp.hpp"
#define LANDSCAPE_HAVE_MLP_LOSS 1
#endif

namespace landscape {
namespace {

std::vector<double> random_weights(const MlpShape& layout, Rng& rng, double scale = 1.0) {
  std::vector<double> w(layout.n_weights());
  for (double& x : w) x = scale * rng.symmetric();
  return w;
}

bool bitwise_equal(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

double euclidean(std::span<const double> a, std::span<const double> b) {
  double sum = 0.0;
  for (std::size_t k = 0; k < a.size(); ++k) sum += (a[k] - b[k]) * (a[k] - b[k]);
  return std::sqrt(sum);
}

// Test-only forward pass in the doc/file_formats.md ordering: tanh hidden layer, linear outputs,
// softmax. Returns the outputs (logits) followed by the softmax probabilities.
std::vector<double> forward(std::span<const double> w, const MlpShape& l,
                            std::span<const double> x) {
  const std::size_t h = l.n_hidden;
  std::vector<double> hidden(h), out(2 * l.n_out);
  for (std::size_t j = 0; j < h; ++j) {
    double s = l.biases ? w[h * (l.n_in + l.n_out) + j] : 0.0;
    for (std::size_t k = 0; k < l.n_in; ++k) s += w[j * l.n_in + k] * x[k];
    hidden[j] = std::tanh(s);
  }
  double largest = -std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < l.n_out; ++i) {
    double s = l.biases ? w[h * (l.n_in + l.n_out) + h + i] : 0.0;
    for (std::size_t j = 0; j < h; ++j) s += w[h * l.n_in + i * h + j] * hidden[j];
    out[i] = s;
    largest = std::max(largest, s);
  }
  double z = 0.0;
  for (std::size_t i = 0; i < l.n_out; ++i) z += std::exp(out[i] - largest);
  for (std::size_t i = 0; i < l.n_out; ++i) out[l.n_out + i] = std::exp(out[i] - largest) / z;
  return out;
}

// Mean cross-entropy of the forward pass on a small random data set (a stand-in loss).
WeightLossFunction cross_entropy_loss(const MlpShape& l, Rng& rng, std::size_t n_items) {
  std::vector<double> features(n_items * l.n_in);
  std::vector<std::size_t> labels(n_items);
  for (double& x : features) x = rng.symmetric();
  for (auto& c : labels) c = static_cast<std::size_t>(rng.below(l.n_out));
  return [=](std::span<const double> w) {
    double sum = 0.0;
    for (std::size_t d = 0; d < n_items; ++d) {
      const auto out = forward(w, l, std::span(features).subspan(d * l.n_in, l.n_in));
      sum -= std::log(out[l.n_out + labels[d]]);
    }
    return sum / static_cast<double>(n_items);
  };
}

// One hidden node's numbers, written into w at the doc/file_formats.md positions.
struct NodeValues {
  std::vector<double> incoming;
  double bias;
  std::vector<double> outgoing;
};

void set_node(std::vector<double>& w, const MlpShape& l, std::size_t j, const NodeValues& node) {
  const std::size_t h = l.n_hidden;
  for (std::size_t k = 0; k < l.n_in; ++k) w[j * l.n_in + k] = node.incoming[k];
  for (std::size_t i = 0; i < l.n_out; ++i) w[h * l.n_in + i * h + j] = node.outgoing[i];
  if (l.biases) w[h * (l.n_in + l.n_out) + j] = node.bias;
}

double relative_difference(double a, double b) {
  return std::fabs(a - b) / std::max({std::fabs(a), std::fabs(b), 1e-300});
}

TEST(MlpShape, SizesAndValidation) {
  const MlpShape plain{2, 3, 2, false}, biased{2, 3, 2, true};
  EXPECT_EQ(plain.n_weights(), 12u);
  EXPECT_EQ(biased.n_weights(), 17u);
  EXPECT_EQ(plain.node_size(), 4u);
  EXPECT_EQ(biased.node_size(), 5u);
  EXPECT_FALSE(biased.validate());
  const auto error = MlpShape{2, 0, 2, true}.validate();
  ASSERT_TRUE(error);
  EXPECT_EQ(*error, "n_hidden = 0: must be at least 1");
  EXPECT_EQ(isomer_count(MlpShape{2, 3, 2, false}), 48u);
  EXPECT_EQ(isomer_count(MlpShape{2, 6, 2, false}), 46080u);
  EXPECT_THROW(isomer_count(MlpShape{2, 40, 2, false}), std::overflow_error);
}

TEST(ApplyNodeMap, MovesWholeNodesInTheFormatsOrdering) {
  // n_in 2, n_hidden 2, n_out 1, biases: w00 w01 w10 w11 | v00 v01 | b0 b1 | c0
  const MlpShape l{2, 2, 1, true};
  const std::vector<double> w{1, 2, 3, 4, 5, 6, 7, 8, 9};
  const auto swapped = apply_node_map(w, l, HiddenNodeMap{{1, 0}, {1, 1}});
  EXPECT_EQ(swapped, (std::vector<double>{3, 4, 1, 2, 6, 5, 8, 7, 9}));
  const auto flipped = apply_node_map(w, l, HiddenNodeMap{{0, 1}, {1, -1}});
  EXPECT_EQ(flipped, (std::vector<double>{1, 2, -3, -4, 5, -6, 7, -8, 9}));
  EXPECT_THROW(apply_node_map(w, l, HiddenNodeMap{{0, 0}, {1, 1}}), std::invalid_argument);
  EXPECT_THROW(apply_node_map(w, l, HiddenNodeMap{{0, 1}, {1, 0}}), std::invalid_argument);
  EXPECT_THROW(apply_node_map(std::vector<double>(8), l, HiddenNodeMap{{0, 1}, {1, 1}}),
               std::invalid_argument);
}

class ThreeHidden : public ::testing::TestWithParam<bool> {
 protected:
  MlpShape layout() const { return MlpShape{2, 3, 2, GetParam()}; }

  /// Calls check(w, all_isomers(w, layout()), rng) for trials weight vectors drawn (scale 2) from
  /// an Rng seeded with seed; stops at the first fatal failure.
  template <typename Check>
  void for_random_weights(std::uint64_t seed, int trials, Check check) const {
    const MlpShape l = layout();
    Rng rng(seed);
    for (int trial = 0; trial < trials && !HasFatalFailure(); ++trial) {
      const auto w = random_weights(l, rng, 2.0);
      check(w, all_isomers(w, l), rng);
    }
  }
};

TEST_P(ThreeHidden, FortyEightDistinctIsomersWithOneCanonicalForm) {
  const MlpShape l = layout();
  for_random_weights(GetParam() ? 11 : 12, 20, [&](const auto& w, const auto& isomers, Rng&) {
    ASSERT_EQ(isomers.size(), 48u);
    EXPECT_TRUE(bitwise_equal(isomers.front(), w));
    EXPECT_EQ(std::set<std::vector<double>>(isomers.begin(), isomers.end()).size(), 48u);

    const auto canonical = canonical_form(w, l);
    EXPECT_TRUE(bitwise_equal(canonical_form(canonical, l), canonical)) << "not idempotent";
    EXPECT_TRUE(std::find(isomers.begin(), isomers.end(), canonical) != isomers.end())
        << "the canonical form is not an isomer";
    for (const auto& isomer : isomers)
      ASSERT_TRUE(bitwise_equal(canonical_form(isomer, l), canonical));
  });
}

TEST_P(ThreeHidden, EveryIsomerGivesTheSameNetworkOutput) {
  const MlpShape l = layout();
  for_random_weights(GetParam() ? 21 : 22, 5, [&](const auto& w, const auto& isomers, Rng& rng) {
    for (int item = 0; item < 5; ++item) {
      const std::vector<double> x{3.0 * rng.symmetric(), 3.0 * rng.symmetric()};
      const auto reference = forward(w, l, x);
      for (const auto& isomer : isomers) {
        const auto out = forward(isomer, l, x);
        for (std::size_t i = 0; i < out.size(); ++i)
          ASSERT_LE(relative_difference(out[i], reference[i]), 1e-12)
              << "output " << i << ": " << out[i] << " vs " << reference[i];
      }
    }
  });
}

TEST_P(ThreeHidden, SummaryListsLossesAndPairwiseDistances) {
  const MlpShape l = layout();
  Rng rng(GetParam() ? 31 : 32);
  const auto w = random_weights(l, rng, 2.0);
  const auto loss = cross_entropy_loss(l, rng, 50);
  const IsomerSummary summary = isomer_summary(w, l, loss);
  ASSERT_EQ(summary.count(), 48u);
  ASSERT_EQ(summary.losses.size(), 48u);
  ASSERT_EQ(summary.distances.size(), 48u * 48u);
  EXPECT_LE(summary.max_loss_deviation(), 1e-12 * std::fabs(summary.losses.front()));
  for (std::size_t i = 0; i < 48; ++i) {
    EXPECT_EQ(summary.distance(i, i), 0.0);
    for (std::size_t j = 0; j < 48; ++j) {
      EXPECT_EQ(summary.distance(i, j), summary.distance(j, i));
      EXPECT_NEAR(summary.distance(i, j), euclidean(summary.isomers[i], summary.isomers[j]), 1e-14);
      if (i != j) {
        EXPECT_GT(summary.distance(i, j), 0.0);
      }
    }
  }
}

TEST_P(ThreeHidden, AlignedDistanceIsTheBruteForceMinimum) {
  const MlpShape l = layout();
  Rng rng(GetParam() ? 41 : 42);
  for (int trial = 0; trial < 300; ++trial) {
    // Mix far pairs with near pairs (a perturbed isomer), where the alignment matters most.
    const auto a = random_weights(l, rng, 2.0);
    std::vector<double> b;
    if (trial % 2 == 0) {
      b = random_weights(l, rng, 2.0);
    } else {
      const auto isomers = all_isomers(a, l);
      b = isomers[rng.below(isomers.size())];
      for (double& x : b) x += 0.3 * rng.symmetric();
    }
    double brute = std::numeric_limits<double>::infinity();
    for (const auto& isomer : all_isomers(b, l)) brute = std::min(brute, euclidean(a, isomer));

    std::vector<double> aligned;
    const double d = aligned_distance(a, b, l, &aligned);
    EXPECT_NEAR(d, brute, 1e-12 * std::max(1.0, brute));
    EXPECT_NEAR(aligned_distance(b, a, l), d, 1e-12 * std::max(1.0, d)) << "not symmetric";
    EXPECT_EQ(euclidean(a, aligned), d) << "the aligned isomer does not achieve the distance";
    EXPECT_TRUE(bitwise_equal(canonical_form(aligned, l), canonical_form(b, l)))
        << "the aligned vector is not an isomer of b";
  }
}

TEST_P(ThreeHidden, AlignedDistanceIsZeroBetweenIsomers) {
  const MlpShape l = layout();
  Rng rng(GetParam() ? 51 : 52);
  for (int trial = 0; trial < 5; ++trial) {
    const auto w = random_weights(l, rng, 2.0);
    for (const auto& isomer : all_isomers(w, l)) {
      std::vector<double> aligned;
      EXPECT_LT(aligned_distance(w, isomer, l, &aligned), 1e-12);
      EXPECT_LT(aligned_distance(isomer, w, l), 1e-12);
      EXPECT_LT(euclidean(aligned, w), 1e-12);
      EXPECT_TRUE(same_network_minimum(isomer, w, l, 1e-9));
    }
  }
}

#ifdef LANDSCAPE_HAVE_MLP_LOSS
TEST_P(ThreeHidden, EveryIsomerHasTheSameMlpLoss) {
  const MlpShape l = layout();
  Rng rng(GetParam() ? 91 : 92);
  LabelledData data;
  data.n_features = l.n_in;
  data.n_classes = l.n_out;
  for (std::size_t d = 0; d < 60; ++d) {
    data.x.push_back(rng.symmetric());
    data.x.push_back(rng.symmetric());
    data.labels.push_back(static_cast<int>(d % l.n_out));
  }
  const MlpLoss loss(MlpShape{l.n_in, l.n_hidden, l.n_out, l.biases}, data, 1e-5);
  for (int trial = 0; trial < 5; ++trial) {
    const auto w = random_weights(l, rng, 2.0);
    const IsomerSummary summary =
        isomer_summary(w, l, [&](std::span<const double> x) { return loss.energy(x); });
    ASSERT_EQ(summary.count(), 48u);
    EXPECT_LE(summary.max_loss_deviation(), 1e-12 * std::fabs(summary.losses.front()));
    // The same weight ordering as the test's forward pass: loss = mean cross-entropy + lambda|w|^2.
    double expected = 0.0, norm2 = 0.0;
    for (std::size_t d = 0; d < data.size(); ++d) {
      const auto out = forward(w, l, std::span(data.x).subspan(d * l.n_in, l.n_in));
      expected -= std::log(out[l.n_out + static_cast<std::size_t>(data.labels[d])]);
    }
    for (double x : w) norm2 += x * x;
    expected = expected / static_cast<double>(data.size()) + 1e-5 * norm2;
    EXPECT_LE(relative_difference(summary.losses.front(), expected), 1e-12);
  }
}
#endif

INSTANTIATE_TEST_SUITE_P(Biases, ThreeHidden, ::testing::Bool(), [](const auto& test_param) {
  return test_param.param ? "MLPVB3" : "MLP3";
});

TEST(CanonicalForm, ZerosAndTiesGiveOneFormForEveryIsomer) {
  const MlpShape l{2, 3, 2, true};
  // Node 0: outgoing weights tie in magnitude with opposite signs. Node 1: outgoing weights zero
  // (sign from the incoming weights and bias). Node 2: all zero (never flipped, zeros normalised).
  std::vector<double> w(l.n_weights(), 0.0);
  const NodeValues node0{{0.25, -1.0}, 0.5, {0.5, -0.5}};
  const NodeValues node1{{-0.0, 0.75}, -0.75, {0.0, -0.0}};
  const NodeValues node2{{0.0, -0.0}, 0.0, {-0.0, 0.0}};
  set_node(w, l, 0, node0);
  set_node(w, l, 1, node1);
  set_node(w, l, 2, node2);
  w[l.n_weights() - 2] = -0.0;  // an output bias
  w[l.n_weights() - 1] = 0.125;
  const auto canonical = canonical_form(w, l);
  for (const auto& isomer : all_isomers(w, l))
    ASSERT_TRUE(bitwise_equal(canonical_form(isomer, l), canonical));
  EXPECT_TRUE(bitwise_equal(canonical_form(canonical, l), canonical));
  for (double x : canonical) {
    if (x == 0.0) {
      EXPECT_FALSE(std::signbit(x)) << "a negative zero survived";
    }
  }
  // Numerically an isomer of w (the sign of zeros aside).
  const auto isomers = all_isomers(w, l);
  EXPECT_TRUE(std::find(isomers.begin(), isomers.end(), canonical) != isomers.end());
  // Node 1 kept the sign that makes its largest incoming/bias entry (0.75, the first of the tie
  // with -0.75) positive.
  EXPECT_TRUE(std::find(canonical.begin(), canonical.end(), 0.75) != canonical.end());
}

TEST(CanonicalForm, SortsSignFixedNodesAndRejectsBadInput) {
  // n_in 1, n_hidden 2, n_out 1, no biases: w0 w1 | v0 v1.
  const MlpShape l{1, 2, 1, false};
  // Node 0 = (2, -1) -> (-2, 1); node 1 = (-3, 4) stays. Sorted: (-3, 4), (-2, 1).
  EXPECT_EQ(canonical_form(std::vector<double>{2, -3, -1, 4}, l),
            (std::vector<double>{-3, -2, 4, 1}));
  EXPECT_THROW(canonical_form(std::vector<double>{2, -3, -1}, l), std::invalid_argument);
  EXPECT_THROW(canonical_form(std::vector<double>{2, NAN, -1, 4}, l), std::invalid_argument);
  EXPECT_THROW(canonical_form(std::vector<double>{}, MlpShape{}), std::invalid_argument);
}

TEST(AllIsomers, RefusesMoreThanEightHiddenNodes) {
  const MlpShape l{1, 9, 1, false};
  EXPECT_THROW(all_isomers(std::vector<double>(l.n_weights(), 0.5), l), std::invalid_argument);
  const MlpShape six{1, 6, 1, false};
  EXPECT_THROW(isomer_summary(std::vector<double>(six.n_weights(), 0.5), six,
                              [](std::span<const double>) { return 0.0; }),
               std::invalid_argument);
}

TEST(AlignedDistance, SixHiddenNodesMatchesBruteForceOverAllIsomers) {
  for (const bool biases : {false, true}) {
    const MlpShape l{2, 6, 2, biases};
    Rng rng(biases ? 71 : 72);
    for (int trial = 0; trial < 2; ++trial) {
      const auto a = random_weights(l, rng);
      const auto b = random_weights(l, rng);
      double brute = std::numeric_limits<double>::infinity();
      std::size_t count = 0;
      for_each_isomer(b, l, [&](std::span<const double> isomer) {
        brute = std::min(brute, euclidean(a, isomer));
        ++count;
      });
      EXPECT_EQ(count, 46080u);
      EXPECT_NEAR(aligned_distance(a, b, l), brute, 1e-12 * std::max(1.0, brute));
    }
  }
}

TEST(SameNetworkMinimum, RecognisesPerturbedIsomersOnly) {
  const MlpShape l{2, 4, 3, true};
  Rng rng(81);
  const auto w = random_weights(l, rng, 2.0);
  std::vector<double> isomer = apply_node_map(w, l, HiddenNodeMap{{2, 0, 3, 1}, {-1, 1, -1, -1}});
  for (double& x : isomer) x += 1e-7 * rng.symmetric();
  EXPECT_TRUE(same_network_minimum(w, isomer, l, 1e-5));
  EXPECT_FALSE(same_network_minimum(w, isomer, l, 1e-9));
  EXPECT_GT(euclidean(w, isomer), 1.0) << "the raw distance should not recognise it";
  EXPECT_FALSE(same_network_minimum(w, random_weights(l, rng, 2.0), l, 1e-3));
  EXPECT_THROW(same_network_minimum(w, isomer, l, -1.0), std::invalid_argument);
  EXPECT_THROW(aligned_distance(w, std::vector<double>(3), l), std::invalid_argument);
  auto broken = w;
  broken[4] = NAN;
  EXPECT_THROW(aligned_distance(w, broken, l), std::invalid_argument);
}

}  // namespace
}  // namespace landscape

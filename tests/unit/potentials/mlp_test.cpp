// The network-loss potentials MLP3 and MLPVB3: known answers computed by hand (which pin the
// weight order of doc/file_formats.md and the MLPdata columns), a straightforward per-item
// reference, the 2*lambda soft modes at a minimum, probabilities, and overflow-free softmax.
// Gradient and Hessian against finite differences are in potential_contract_test.cpp.

#include "common/potentials/mlp.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/linalg/symmetric_eigen.hpp"
#include "common/ml/mlp_data.hpp"
#include "common/optimize/lbfgs.hpp"
#include "common/random/rng.hpp"
#include "tests/support/test_paths.hpp"

namespace landscape {
namespace {

/// -ln softmax(y0, y1)_c, by the textbook formula (moderate values only).
double cross_entropy2(double y0, double y1, int c) {
  return std::log(std::exp(y0) + std::exp(y1)) - (c == 0 ? y0 : y1);
}

class MlpKnownAnswers : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::scratch_dir("mlp"); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(MlpKnownAnswers, Vb3LossOfThreeItemsByHand) {
  // MLPVB3 2 1 1 2 3 0.01: label first; the second line has a Fortran exponent.
  testing::write_file(dir_ / "MLPdata", "1  0.5  -1.0\n0  1.5D0  2.0\n1  -0.25  0.75\n");
  const LabelledData data = read_mlp_data(dir_ / "MLPdata", MlpLayout::kMlpVb3, 2, 1, 2, 3);
  const MlpLoss loss(mlpvb3_shape(2, 1, 2), data, 0.01);
  ASSERT_EQ(loss.n_dof(), 7u);
  // Order: w1(0,0) w1(0,1) | w2(0,0) w2(1,0) | b1(0) | b2(0) b2(1).
  const std::vector<double> w = {0.1, -0.2, 0.3, -0.4, 0.05, 0.2, -0.1};
  // h = tanh(0.1 x1 - 0.2 x2 + 0.05), y0 = 0.3 h + 0.2, y1 = -0.4 h - 0.1.
  const double h1 = std::tanh(0.1 * 0.5 - 0.2 * -1.0 + 0.05);    // tanh(0.3)
  const double h2 = std::tanh(0.1 * 1.5 - 0.2 * 2.0 + 0.05);     // tanh(-0.2)
  const double h3 = std::tanh(0.1 * -0.25 - 0.2 * 0.75 + 0.05);  // tanh(-0.125)
  const double data_term = (cross_entropy2(0.3 * h1 + 0.2, -0.4 * h1 - 0.1, 1) +
                            cross_entropy2(0.3 * h2 + 0.2, -0.4 * h2 - 0.1, 0) +
                            cross_entropy2(0.3 * h3 + 0.2, -0.4 * h3 - 0.1, 1)) /
                           3.0;
  const double l2 = 0.01 * (0.01 + 0.04 + 0.09 + 0.16 + 0.0025 + 0.04 + 0.01);
  const double expected = data_term + l2;
  EXPECT_NEAR(expected, 0.8026245189634106, 1e-15);  // the same sum evaluated in Python
  EXPECT_NEAR(loss.energy(w), expected, 1e-15);
  std::vector<double> g(7);
  EXPECT_NEAR(loss.energy_gradient(w, g), expected, 1e-15);
}

TEST_F(MlpKnownAnswers, Mlp3LossOfThreeItemsByHand) {
  // MLP3 2 2 2 3 0.01: features first, label last.
  testing::write_file(dir_ / "MLPdata", "0.5 -1.0 1\n\n1.5 2.0 0\n-0.25 0.75 1\n");
  const LabelledData data = read_mlp_data(dir_ / "MLPdata", MlpLayout::kMlp3, 2, 1, 2, 3);
  const MlpLoss loss(mlp3_shape(2, 2, 2), data, 0.01);
  EXPECT_EQ(loss.name(), "MLP3");
  ASSERT_EQ(loss.n_dof(), 8u);
  // Order: w1(0,0) w1(0,1) w1(1,0) w1(1,1) | w2(0,0) w2(0,1) w2(1,0) w2(1,1).
  const std::vector<double> w = {0.1, -0.2, 0.3, 0.4, -0.5, 0.6, 0.7, -0.8};
  auto item = [](double x1, double x2, int c) {
    const double ha = std::tanh(0.1 * x1 - 0.2 * x2), hb = std::tanh(0.3 * x1 + 0.4 * x2);
    return cross_entropy2(-0.5 * ha + 0.6 * hb, 0.7 * ha - 0.8 * hb, c);
  };
  const double l2 = 0.01 * (0.01 + 0.04 + 0.09 + 0.16 + 0.25 + 0.36 + 0.49 + 0.64);
  const double expected =
      (item(0.5, -1.0, 1) + item(1.5, 2.0, 0) + item(-0.25, 0.75, 1)) / 3.0 + l2;
  EXPECT_NEAR(expected, 0.5585780169590698, 1e-15);  // Python
  EXPECT_NEAR(loss.energy(w), expected, 1e-15);
}

// --- A per-item reference written straight from doc/file_formats.md and 3.7 ---

struct Reference {
  double loss;
  std::vector<double> grad;
};

Reference reference_loss(std::size_t n_in, std::size_t n_hid, std::size_t n_out, bool biases,
                         const LabelledData& data, const std::vector<double>& w, double lambda) {
  const std::size_t o2 = n_hid * n_in, ob1 = n_hid * (n_in + n_out), ob2 = ob1 + n_hid;
  Reference r{0.0, std::vector<double>(w.size(), 0.0)};
  const double n = static_cast<double>(data.size());
  for (std::size_t d = 0; d < data.size(); ++d) {
    const double* x = &data.x[d * n_in];
    std::vector<double> h(n_hid), y(n_out), p(n_out);
    for (std::size_t j = 0; j < n_hid; ++j) {
      double a = biases ? w[ob1 + j] : 0.0;
      for (std::size_t k = 0; k < n_in; ++k) a += w[j * n_in + k] * x[k];
      h[j] = std::tanh(a);
    }
    for (std::size_t i = 0; i < n_out; ++i) {
      y[i] = biases ? w[ob2 + i] : 0.0;
      for (std::size_t j = 0; j < n_hid; ++j) y[i] += w[o2 + i * n_hid + j] * h[j];
    }
    const double m = *std::max_element(y.begin(), y.end());
    double s = 0.0;
    for (std::size_t i = 0; i < n_out; ++i) s += std::exp(y[i] - m);
    const auto c = static_cast<std::size_t>(data.labels[d]);
    r.loss += (m + std::log(s) - y[c]) / n;
    for (std::size_t i = 0; i < n_out; ++i) p[i] = std::exp(y[i] - m) / s;
    for (std::size_t i = 0; i < n_out; ++i) {
      const double e = (p[i] - (i == c ? 1.0 : 0.0)) / n;
      if (biases) r.grad[ob2 + i] += e;
      for (std::size_t j = 0; j < n_hid; ++j) {
        r.grad[o2 + i * n_hid + j] += e * h[j];
        const double da = e * w[o2 + i * n_hid + j] * (1.0 - h[j] * h[j]);
        if (biases) r.grad[ob1 + j] += da;
        for (std::size_t k = 0; k < n_in; ++k) r.grad[j * n_in + k] += da * x[k];
      }
    }
  }
  for (std::size_t i = 0; i < w.size(); ++i) {
    r.loss += lambda * w[i] * w[i];
    r.grad[i] += 2.0 * lambda * w[i];
  }
  return r;
}

LabelledData random_data(std::size_t n_items, std::size_t n_in, std::size_t n_out, Rng& rng) {
  LabelledData data;
  data.n_features = n_in;
  data.n_classes = n_out;
  for (std::size_t d = 0; d < n_items; ++d) {
    for (std::size_t k = 0; k < n_in; ++k) data.x.push_back(2.0 * rng.symmetric());
    data.labels.push_back(static_cast<int>(rng.below(n_out)));
  }
  return data;
}

TEST(MlpLoss, MatchesAPerItemReference) {
  Rng rng(31);
  struct Case {
    std::size_t n_in, n_hid, n_out;
    bool biases;
  };
  for (const Case c : {Case{2, 3, 2, false}, Case{2, 3, 2, true}, Case{3, 5, 3, true},
                       Case{4, 2, 5, false}, Case{1, 4, 1, true}, Case{5, 10, 2, true}}) {
    const MlpShape shape{c.n_in, c.n_hid, c.n_out, c.biases};
    const LabelledData data = random_data(57, c.n_in, c.n_out, rng);
    const MlpLoss loss(shape, data, 1e-2);
    std::vector<double> w(shape.n_weights()), g(w.size());
    for (double& v : w) v = 1.5 * rng.symmetric();
    const Reference ref = reference_loss(c.n_in, c.n_hid, c.n_out, c.biases, data, w, 1e-2);
    EXPECT_NEAR(loss.energy(w), ref.loss, 1e-14 * std::abs(ref.loss));
    EXPECT_NEAR(loss.energy_gradient(w, g), ref.loss, 1e-14 * std::abs(ref.loss));
    for (std::size_t i = 0; i < w.size(); ++i)
      EXPECT_NEAR(g[i], ref.grad[i], 1e-14)
          << loss.name() << " " << c.n_in << "-" << c.n_hid << "-" << c.n_out << ", weight " << i;
  }
}

TEST(MlpLoss, MatchesThePerItemReferenceAcrossBlockBoundaries) {
  // The evaluation goes through the data in blocks of items and chunks of SIMD lanes: data sizes
  // of one item, under a block, and over two blocks with a ragged end, every softmax path (two
  // outputs and general), with and without biases. energy_gradient_hessian takes another path
  // (whole-data arrays), so its gradient is compared too, and probabilities against the same
  // per-item softmax.
  Rng rng(2024);
  const double lambda = 1e-3;
  for (const std::size_t n_in : {1, 2, 4})
    for (const std::size_t n_hid : {1, 3, 10})
      for (const std::size_t n_out : {2, 3, 7})
        for (const bool biases : {false, true})
          for (const std::size_t n_items : {1, 63, 257}) {
            const MlpShape shape{n_in, n_hid, n_out, biases};
            const LabelledData data = random_data(n_items, n_in, n_out, rng);
            const MlpLoss loss(shape, data, lambda);
            std::vector<double> w(shape.n_weights()), g(w.size());
            for (double& v : w) v = 1.5 * rng.symmetric();
            const Reference ref = reference_loss(n_in, n_hid, n_out, biases, data, w, lambda);
            double g_scale = 0.0;
            for (const double v : ref.grad) g_scale = std::max(g_scale, std::abs(v));
            const std::string what = loss.name() + " " + std::to_string(n_in) + "-" +
                                     std::to_string(n_hid) + "-" + std::to_string(n_out) + ", " +
                                     std::to_string(n_items) + " items";
            const double tol = 1e-12 * std::abs(ref.loss);
            EXPECT_NEAR(loss.energy(w), ref.loss, tol) << what;
            EXPECT_NEAR(loss.energy_gradient(w, g), ref.loss, tol) << what;
            for (std::size_t i = 0; i < w.size(); ++i)
              EXPECT_NEAR(g[i], ref.grad[i], 1e-12 * g_scale) << what << ", weight " << i;
            if (n_items != 1 && n_items != 257) continue;
            std::vector<double> gh(w.size()), hess(w.size() * w.size()), p;
            EXPECT_NEAR(loss.energy_gradient_hessian(w, gh, hess), ref.loss, tol) << what;
            for (std::size_t i = 0; i < w.size(); ++i)
              EXPECT_NEAR(gh[i], ref.grad[i], 1e-12 * g_scale) << what << ", weight " << i;
            loss.probabilities(w, data, p);
            double data_loss = 0.0;
            for (std::size_t d = 0; d < n_items; ++d)
              data_loss -= std::log(p[d * n_out + static_cast<std::size_t>(data.labels[d])]);
            double l2 = 0.0;
            for (const double v : w) l2 += lambda * v * v;
            EXPECT_NEAR(data_loss / static_cast<double>(n_items) + l2, ref.loss, tol) << what;
          }
}

TEST(MlpLoss, HessianMatchesDifferencesOfTheGradientForEveryPath) {
  // The contract test covers MLP3 with two outputs and MLPVB3 with three; here the other two
  // combinations (two-output softmax with biases, general softmax without) and a wider network,
  // against the base class's central differences of the analytic gradient.
  Rng rng(77);
  for (const MlpShape shape : {mlpvb3_shape(2, 3, 2), mlp3_shape(3, 2, 3), mlpvb3_shape(3, 6, 4)}) {
    const MlpLoss loss(shape, random_data(25, shape.n_in, shape.n_out, rng), 1e-4);
    const std::size_t n = loss.n_dof();
    std::vector<double> w(n), g(n), h(n * n), g_fd(n), h_fd(n * n);
    for (double& v : w) v = 1.5 * rng.symmetric();
    const double e = loss.energy_gradient_hessian(w, g, h);
    EXPECT_NEAR(loss.Potential::energy_gradient_hessian(w, g_fd, h_fd), e, 1e-14);
    for (std::size_t i = 0; i < n * n; ++i)
      EXPECT_NEAR(h[i], h_fd[i], 1e-7) << loss.name() << " H(" << i / n << "," << i % n << ")";
  }
}

TEST(MlpLoss, SoftModesAtAConvergedMinimumAreTwoLambda) {
  // Two noisy classes that a 2-2-2 network cannot separate perfectly, so the minimum is finite.
  Rng rng(5);
  LabelledData data;
  data.n_features = 2;
  data.n_classes = 2;
  for (int d = 0; d < 40; ++d) {
    const double x1 = rng.symmetric(), x2 = rng.symmetric();
    data.x.push_back(x1);
    data.x.push_back(x2);
    data.labels.push_back(x1 * x1 - x2 + 0.6 * rng.symmetric() > 0.0 ? 1 : 0);
  }
  const double lambda = 1e-5;
  const MlpLoss loss(mlpvb3_shape(2, 2, 2), data, lambda);
  const std::size_t n = loss.n_dof();
  std::vector<double> w(n);
  for (double& v : w) v = 0.5 * rng.symmetric();
  LbfgsOptions options;
  options.rms_tolerance = 1e-10;
  options.max_iterations = 200000;
  const MinimizeResult result = Lbfgs(options).minimize(loss, w);
  ASSERT_TRUE(result.converged()) << to_string(result.status) << " rms " << result.rms_gradient;

  std::vector<double> g(n), hess(n * n);
  loss.energy_gradient_hessian(w, g, hess);
  const SymmetricEigen eig = symmetric_eigen(hess, n, true);
  // All positive: a minimum. Shifting both output biases, or both outgoing weights of one hidden
  // node, leaves the softmax unchanged, so along these Nhid + 1 = 3 directions only the L2 term
  // is felt: each is an eigenvector of the Hessian with eigenvalue exactly 2 lambda, at any
  // minimum L-BFGS reaches (which one depends on the compiler's rounding; another soft mode of the
  // data may then lie close to 2 lambda, so the test does not lean on a gap in the spectrum).
  for (const double ev : eig.values) EXPECT_GT(ev, 0.5 * lambda);
  const MlpShape& s = loss.shape();
  const std::vector<std::vector<std::size_t>> soft = {{s.b2_index(0), s.b2_index(1)},
                                                      {s.w2_index(0, 0), s.w2_index(1, 0)},
                                                      {s.w2_index(0, 1), s.w2_index(1, 1)}};
  for (const auto& pair : soft) {
    std::vector<double> v(n, 0.0);
    for (const std::size_t i : pair) v[i] = 1.0 / std::sqrt(2.0);
    double residual = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      double hv = 0.0;
      for (std::size_t j = 0; j < n; ++j) hv += hess[i * n + j] * v[j];
      residual += (hv - 2.0 * lambda * v[i]) * (hv - 2.0 * lambda * v[i]);
    }
    EXPECT_LT(std::sqrt(residual), 1e-10) << "direction " << pair[0] << ", " << pair[1];
  }
  // LAPACK finds them: at least three eigenvalues at 2 lambda.
  const auto at_two_lambda = std::count_if(eig.values.begin(), eig.values.end(), [&](double ev) {
    return std::abs(ev - 2.0 * lambda) < 1e-9;
  });
  EXPECT_GE(at_two_lambda, 3);
}

TEST(MlpLoss, ProbabilitiesSumToOneAndGiveTheLoss) {
  Rng rng(8);
  const LabelledData train = random_data(30, 3, 4, rng), test = random_data(11, 3, 4, rng);
  const MlpLoss loss(mlpvb3_shape(3, 5, 4), train, 1e-3);
  std::vector<double> w(loss.n_dof()), p;
  for (double& v : w) v = 2.0 * rng.symmetric();
  for (const LabelledData* data : {&train, &test}) {
    loss.probabilities(w, *data, p);
    ASSERT_EQ(p.size(), data->size() * 4);
    for (std::size_t d = 0; d < data->size(); ++d) {
      const double sum = std::accumulate(p.begin() + 4 * d, p.begin() + 4 * d + 4, 0.0);
      EXPECT_NEAR(sum, 1.0, 1e-15);
    }
  }
  loss.probabilities(w, train, p);
  double expected = 0.0;
  for (std::size_t d = 0; d < train.size(); ++d) expected -= std::log(p[4 * d + train.labels[d]]);
  expected /= static_cast<double>(train.size());
  for (const double v : w) expected += 1e-3 * v * v;
  EXPECT_NEAR(loss.energy(w), expected, 1e-13);
}

TEST(MlpLoss, HugeLogitsDoNotOverflow) {
  // One hidden node saturated at h = +-1 and outputs y0 = 0, y1 = 2000 h: p is 0 or 1 to the last
  // bit, the loss of a wrong item is 2000 exactly and nothing overflows.
  LabelledData data;
  data.n_features = 1;
  data.n_classes = 2;
  data.x = {50.0, -50.0, 50.0};
  data.labels = {1, 0, 0};
  const MlpLoss loss(mlpvb3_shape(1, 1, 2), data, 0.0);
  // w1(0,0) | w2(0,0) w2(1,0) | b1 | b2(0) b2(1)
  const std::vector<double> w = {1.0, 0.0, 2000.0, 0.0, 0.0, 0.0};
  std::vector<double> g(6), hess(36), p;
  EXPECT_DOUBLE_EQ(loss.energy(w), 2000.0 / 3.0);  // items 1 and 2 right, item 3 wrong by 4000
  const double e = loss.energy_gradient_hessian(w, g, hess);
  EXPECT_TRUE(std::isfinite(e));
  for (const double v : g) EXPECT_TRUE(std::isfinite(v));
  for (const double v : hess) EXPECT_TRUE(std::isfinite(v));
  loss.probabilities(w, data, p);
  EXPECT_EQ(p, (std::vector<double>{0.0, 1.0, 1.0, 0.0, 0.0, 1.0}));
  // Item 3: dL/dy1 = (p1 - 0)/3 = 1/3, dL/dy0 = -1/3; h = 1 there and h' = 0.
  EXPECT_DOUBLE_EQ(g[1], -1.0 / 3.0);  // dL/dw2(0,0) = sum_d dL/dy0 h = -1/3
  EXPECT_DOUBLE_EQ(g[2], 1.0 / 3.0);
}

TEST(MlpLoss, ShapeIndicesAndNames) {
  const MlpShape s = mlpvb3_shape(2, 3, 4);
  EXPECT_EQ(s.n_weights(), 3u * (2 + 4) + 3 + 4);
  EXPECT_EQ(s.w1_index(2, 1), 5u);
  EXPECT_EQ(s.w2_index(0, 0), 6u);
  EXPECT_EQ(s.w2_index(3, 2), 6u + 3 * 3 + 2);
  EXPECT_EQ(s.b1_index(0), 18u);
  EXPECT_EQ(s.b2_index(0), 21u);
  EXPECT_EQ(mlp3_shape(2, 3, 4).n_weights(), 18u);
  Rng rng(1);
  const MlpLoss loss(s, random_data(5, 2, 4, rng), 1e-5);
  EXPECT_EQ(loss.name(), "MLPVB3");
  EXPECT_EQ(loss.n_atoms(), 0u);
  EXPECT_EQ(loss.n_dof(), 25u);
  EXPECT_TRUE(loss.has_analytic_hessian());
  EXPECT_EQ(loss.lambda(), 1e-5);
  EXPECT_EQ(loss.data().size(), 5u);
}

TEST(MlpLoss, RejectsMismatchedDataAndSizes) {
  Rng rng(2);
  const LabelledData data = random_data(5, 2, 3, rng);
  EXPECT_THROW(MlpLoss(mlp3_shape(3, 2, 3), data, 1e-5), std::invalid_argument);  // n_in
  EXPECT_THROW(MlpLoss(mlp3_shape(2, 2, 2), data, 1e-5), std::invalid_argument);  // n_out
  EXPECT_THROW(MlpLoss(mlp3_shape(2, 0, 3), data, 1e-5), std::invalid_argument);
  EXPECT_THROW(MlpLoss(mlp3_shape(2, 2, 3), data, -1.0), std::invalid_argument);
  EXPECT_THROW(MlpLoss(mlp3_shape(2, 2, 3), LabelledData{2, 3, {}, {}}, 1e-5),
               std::invalid_argument);
  LabelledData bad = data;
  bad.labels[2] = 3;
  EXPECT_THROW(MlpLoss(mlp3_shape(2, 2, 3), bad, 1e-5), std::invalid_argument);
  const MlpLoss loss(mlp3_shape(2, 2, 3), data, 1e-5);
  std::vector<double> w(9), g(10), hess(100), p;
  EXPECT_THROW(loss.energy(w), std::invalid_argument);
  w.resize(10);
  EXPECT_THROW(loss.energy_gradient(w, std::span<double>(g).first(9)), std::invalid_argument);
  EXPECT_THROW(loss.energy_gradient_hessian(w, g, std::span<double>(hess).first(99)),
               std::invalid_argument);
  EXPECT_THROW(loss.probabilities(w, random_data(3, 3, 3, rng), p), std::invalid_argument);
}

TEST(MlpLoss, CopiesEvaluateIndependently) {
  Rng rng(3);
  const MlpLoss a(mlpvb3_shape(2, 3, 2), random_data(20, 2, 2, rng), 1e-5);
  const MlpLoss b = a;  // its own work arrays
  std::vector<double> w1(a.n_dof()), w2(a.n_dof()), g(a.n_dof());
  for (double& v : w1) v = rng.symmetric();
  for (double& v : w2) v = rng.symmetric();
  const double e1 = a.energy(w1), e2 = a.energy(w2);
  EXPECT_EQ(b.energy_gradient(w1, g), e1);
  EXPECT_EQ(a.energy(w2), e2);
  EXPECT_EQ(b.energy(w1), e1);
}

}  // namespace
}  // namespace landscape

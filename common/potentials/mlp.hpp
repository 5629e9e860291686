#pragma once
// The loss of a one-hidden-layer classification network as a potential (GMIN's MLP3 and MLPVB3):
// the coordinates are the network's weights, the energy is the mean softmax cross-entropy over a
// data set plus an L2 penalty. doc/file_formats.md (weight order) and 3.7; Niroomand et al. 2022
// eq. 1.

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "common/ml/mlp_data.hpp"
#include "common/ml/mlp_shape.hpp"
#include "common/potentials/potential.hpp"

namespace landscape {

/// L(W) = -(1/N) sum_d ln p_{c_d}(W; x_d) + lambda sum_w w^2 (every weight, biases included), with
///   h_j = tanh(sum_k w1(j,k) x_k + b1(j)),  y_i = sum_j w2(i,j) h_j + b2(i),  p = softmax(y).
/// The loss and gradient are evaluated in one pass over the data, in blocks of items (forward
/// pass, log-sum-exp softmax with no overflow for any finite weights, backward pass and gradient
/// sums per block; no BLAS, so the speed does not depend on the BLAS kernel); the Hessian is
/// analytic (its outer products through BLAS).
/// Evaluation writes to per-object work arrays: an MlpLoss is NOT thread-safe, use one per
/// thread (copies are independent). name() is "MLPVB3" with biases, "MLP3" without.
class MlpLoss final : public Potential {
 public:
  /// Throws std::invalid_argument if the data do not fit the shape (n_in, labels < n_out), the
  /// data set is empty, a size is 0 or lambda is negative or not finite.
  MlpLoss(MlpShape shape, LabelledData data, double lambda);
  MlpLoss(MlpShape shape, std::shared_ptr<const LabelledData> data, double lambda);

  std::size_t n_dof() const override { return shape_.n_weights(); }
  std::string name() const override { return shape_.biases ? "MLPVB3" : "MLP3"; }
  double energy(std::span<const double> w) const override;
  double energy_gradient(std::span<const double> w, std::span<double> grad) const override;
  double energy_gradient_hessian(std::span<const double> w, std::span<double> grad,
                                 std::span<double> hess) const override;
  bool has_analytic_hessian() const override { return true; }

  /// Softmax outputs of the network with weights w on every item of data (any data set of the
  /// right n_in, e.g. the test set): p is resized to data.size() x n_out, row-major.
  void probabilities(std::span<const double> w, const LabelledData& data,
                     std::vector<double>& p) const;

  const MlpShape& shape() const { return shape_; }
  double lambda() const { return lambda_; }
  /// The training data the loss is taken over.
  const LabelledData& data() const { return *data_; }

 private:
  /// What one pass over the data computes.
  enum class Pass {
    kLoss,          ///< the mean cross-entropy only
    kGradient,      ///< and its gradient (scratch_.gw1, scratch_.gw2)
    kHessianTerms,  ///< and keeps the per-item arrays the Hessian needs (scratch_.*_all)
  };

  /// Work arrays of one evaluation. Arrays over items are stored item-minor (row = node, column =
  /// item), so that the loops over items vectorise; those of a block hold kBlock columns, those
  /// of the whole data set ("_all", only sized by a Hessian evaluation) N.
  struct Scratch {
    std::vector<double> w1;       ///< n_hidden x n_cols: w1, the hidden biases as last column
    std::vector<double> w2;       ///< n_out x n_rows: w2, the output biases as last column
    std::vector<double> t;        ///< n_rows x block: tanh of the hidden layer (+ a row of ones)
    std::vector<double> y;        ///< n_out x block: outputs, then dL/dy
    std::vector<double> da;       ///< n_hidden x block: dL/d(hidden pre-activation)
    std::vector<double> u;        ///< block: per-item exponentials / wrong-class sums
    std::vector<double> sums;     ///< block: per-item softmax denominators (>= 1)
    std::vector<double> margins;  ///< block: per-item max(y) - y_c
    std::vector<double> lanes1;   ///< (n_hidden x n_cols) x lanes: partial sums of dL/dw1
    std::vector<double> lanes2;   ///< (n_out x n_rows) x lanes: partial sums of dL/dw2
    std::vector<double> gw1;      ///< n_hidden x n_cols: dL/dw1 (data term), biases last
    std::vector<double> gw2;      ///< n_out x n_rows: dL/dw2 (data term), biases last
    std::vector<double> t_all;    ///< n_rows x N (kHessianTerms)
    std::vector<double> y_all;    ///< n_out x N: dL/dy (kHessianTerms)
    std::vector<double> da_all;   ///< n_hidden x N (kHessianTerms)
  };

  void check_weights(const char* what, std::size_t size) const;
  /// One pass over the training data; returns the mean cross-entropy (no L2 term). See Pass.
  double evaluate(std::span<const double> w, Pass pass) const;
  /// Loss and gradient (L2 term included).
  double loss_gradient(std::span<const double> w, std::span<double> grad, Pass pass) const;

  MlpShape shape_;
  std::shared_ptr<const LabelledData> data_;
  double lambda_;
  std::size_t n_cols_;      ///< n_in, plus 1 (for the ones of the hidden biases) with biases
  std::size_t n_rows_;      ///< n_hidden, plus 1 (for the ones of the output biases) with biases
  std::vector<double> xt_;  ///< n_cols_ x N: the features transposed, then a row of ones
  mutable Scratch scratch_;
};

}  // namespace landscape

#pragma once
// The shape of a one-hidden-layer classification network and the order of its weight vector
// (GMIN's MLP3 and MLPVB3; doc/file_formats.md).

#include <cstddef>
#include <optional>
#include <string>

namespace landscape {

/// Size of the network: n_in inputs, n_hidden tanh nodes, n_out softmax outputs, with or without
/// hidden and output biases. Weight vector order (doc/file_formats.md, 0-based):
///   w1(j,k) input k -> hidden j     at j*n_in + k
///   w2(i,j) hidden j -> output i    at n_hidden*n_in + i*n_hidden + j
///   b1(j)   hidden bias (biases)    at n_hidden*(n_in + n_out) + j
///   b2(i)   output bias (biases)    at n_hidden*(n_in + n_out) + n_hidden + i
struct MlpShape {
  std::size_t n_in = 0;
  std::size_t n_hidden = 0;
  std::size_t n_out = 0;
  bool biases = false;

  /// Length of the weight vector: n_hidden (n_in + n_out), plus n_hidden + n_out with biases.
  std::size_t n_weights() const {
    return n_hidden * (n_in + n_out) + (biases ? n_hidden + n_out : 0);
  }
  std::size_t w1_index(std::size_t j, std::size_t k) const { return j * n_in + k; }
  std::size_t w2_index(std::size_t i, std::size_t j) const {
    return n_hidden * n_in + i * n_hidden + j;
  }
  /// Only with biases.
  std::size_t b1_index(std::size_t j) const { return n_hidden * (n_in + n_out) + j; }
  /// Only with biases.
  std::size_t b2_index(std::size_t i) const { return n_hidden * (n_in + n_out + 1) + i; }
  /// Length of one hidden node's descriptor: n_in incoming weights, the bias if any, n_out
  /// outgoing (the unit that isomers permute and flip).
  std::size_t node_size() const { return n_in + (biases ? 1 : 0) + n_out; }
  /// Empty when valid, otherwise "field = value: rule broken".
  std::optional<std::string> validate() const;
};

/// GMIN's MLP3 network: no biases.
inline MlpShape mlp3_shape(std::size_t n_in, std::size_t n_hidden, std::size_t n_out) {
  return {n_in, n_hidden, n_out, false};
}
/// GMIN's MLPVB3 network: hidden and output biases.
inline MlpShape mlpvb3_shape(std::size_t n_in, std::size_t n_hidden, std::size_t n_out) {
  return {n_in, n_hidden, n_out, true};
}

}  // namespace landscape

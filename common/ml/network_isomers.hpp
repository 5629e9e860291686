#pragma once
// Permutational isomers of a one-hidden-layer tanh network (the MLSUP paper, "permutational
// isomers"; Niroomand et al. 2022, figure 5). The loss is unchanged when the hidden nodes are
// permuted together with their incoming weights, bias and outgoing weights, and when everything
// into and out of one hidden node changes sign (tanh is odd): n! * 2^n isomers for n hidden nodes.
//
// Weight layout (doc/file_formats.md, 0-based), H = n_hidden:
//   input->hidden  w_{jk} at j*n_in + k                    (j < H, k < n_in)
//   hidden->output v_{ij} at H*n_in + i*H + j              (i < n_out, j < H)
//   with biases:   b_j    at H*(n_in + n_out) + j          (hidden biases)
//                  c_i    at H*(n_in + n_out) + H + i      (output biases; no isomer changes them)
//
// Canonical forms are for identity and storage; distances between minima use the assignment-based
// alignment (aligned_distance), since two nearby minima can have distant canonical forms.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/ml/mlp_shape.hpp"
#include "common/optimize/linear_assignment.hpp"

namespace landscape {

/// One element of the symmetry group: hidden node j of the image is sign[j] times hidden node
/// perm[j] of the original (its incoming weights, bias and outgoing weights move together).
/// perm is a permutation of 0..H-1; every sign is +1 or -1.
struct HiddenNodeMap {
  std::vector<std::size_t> perm;
  std::vector<int> sign;
};

/// The image of w under one symmetry operation. Exact: only moves and negates numbers.
/// Throws std::invalid_argument for a bad layout, a w of the wrong size or a map that is not a
/// signed permutation of the H hidden nodes.
std::vector<double> apply_node_map(std::span<const double> w, const MlpShape& layout,
                                   const HiddenNodeMap& map);

/// n! * 2^n for n = layout.n_hidden. Throws std::overflow_error when it does not fit 64 bits.
std::uint64_t isomer_count(const MlpShape& layout);

/// The canonical representative of w's isomer class.
/// 1. Sign: each hidden node is negated if its outgoing weight of largest magnitude is negative
///    (ties in magnitude go to the lowest output index). The choice depends only on magnitudes, so
///    it is the same for every isomer; a sign flip is exact, so the result is bit-for-bit the same.
///    A node whose outgoing weights are all zero uses its largest-magnitude entry among incoming
///    weights and bias instead (same tie rule); an all-zero node is left as it is.
///    Zeros are written as +0.0 so that a flipped zero (-0.0) cannot make two isomers differ.
/// 2. Order: the sign-fixed nodes are sorted ascending, lexicographically on the node descriptor
///    (incoming weights w_{j0..}, bias b_j, outgoing weights v_{0j..}).
/// The result is an isomer of w (up to the sign of zeros), is the same bit for bit for all n!*2^n
/// exact isomers of w, and canonical_form(canonical_form(w)) == canonical_form(w).
/// The sign rule is fragile only where two outgoing weights of opposite signs have nearly equal
/// magnitudes, and the order where two nodes nearly tie: nearly equal minima can then have distant
/// canonical forms, which is why same_network_minimum compares by aligned distance.
/// Throws std::invalid_argument for a bad layout, a wrong size or a non-finite weight.
std::vector<double> canonical_form(std::span<const double> w, const MlpShape& layout);

/// Largest n_hidden for which isomers are enumerated (8! * 2^8 = 10 321 920 isomers).
inline constexpr std::size_t kMaxHiddenForIsomers = 8;
/// Largest n_hidden for isomer_summary: its distance matrix has (n!*2^n)^2 entries, 118 MB at 5.
inline constexpr std::size_t kMaxHiddenForIsomerDistances = 5;

/// Calls visit once for each of the n!*2^n isomers of w, permutations in lexicographic order
/// (std::next_permutation from the identity) and for each the sign patterns in binary order
/// (bit j set = node j negated); the first isomer is w itself. The span is valid during the call
/// only. HiddenNodeMap semantics as in apply_node_map. Throws std::invalid_argument if
/// n_hidden > kMaxHiddenForIsomers.
void for_each_isomer(std::span<const double> w, const MlpShape& layout,
                     const std::function<void(std::span<const double> isomer)>& visit);

/// All n!*2^n isomers of w, in the order of for_each_isomer. Throws std::invalid_argument if
/// n_hidden > kMaxHiddenForIsomers (memory: count * n_weights doubles).
std::vector<std::vector<double>> all_isomers(std::span<const double> w, const MlpShape& layout);

/// Loss of a weight vector (for example an MlpLoss bound to its data set).
using WeightLossFunction = std::function<double(std::span<const double> w)>;

/// All isomers of one minimum with their losses and pairwise Euclidean distances (the paper's
/// figure 5).
struct IsomerSummary {
  std::vector<std::vector<double>> isomers;  ///< in the order of for_each_isomer
  std::vector<double> losses;                ///< losses[i] = loss(isomers[i])
  std::vector<double> distances;             ///< count x count, row-major, symmetric, zero diagonal
  std::size_t count() const { return isomers.size(); }
  /// |isomers[i] - isomers[j]|.
  double distance(std::size_t i, std::size_t j) const { return distances[i * count() + j]; }
  /// Largest |losses[i] - losses[0]| (zero up to rounding for a true symmetry).
  double max_loss_deviation() const;
};

/// Lists the isomers of w with their losses and distances. Throws std::invalid_argument if
/// n_hidden > kMaxHiddenForIsomerDistances or loss is empty.
IsomerSummary isomer_summary(std::span<const double> w, const MlpShape& layout,
                             const WeightLossFunction& loss);

/// Minimum over all isomers b' of b of |a - b'| (Euclidean, in weight space), exact for one hidden
/// layer: with u_i the descriptor of node i of a and u'_j of node j of b (see canonical_form), node
/// i may be matched to node j at cost min(|u_i - u'_j|^2, |u_i + u'_j|^2); the minimum-cost
/// assignment of the H x H matrix plus |c - c'|^2 (output biases, which no isomer changes) is the
/// squared distance. O(H^2 * node_size + H^3). The value returned is |a - b*| computed directly on
/// the minimising isomer b* (sign + where both signs cost the same), so it is exactly what b*
/// achieves and exactly 0 when b is an exact isomer of a; if aligned_b is given it receives b*.
/// Throws std::invalid_argument for a bad layout, wrong sizes or a non-finite weight.
double aligned_distance(std::span<const double> a, std::span<const double> b,
                        const MlpShape& layout, std::vector<double>* aligned_b = nullptr);

/// True when a and b are the same minimum up to the n!*2^n isomers: aligned_distance(a, b) <=
/// distance_tolerance (a Euclidean distance in weight space, like OPTIM's GEOMDIFFTOL). This is
/// robust where canonical forms are not (near-ties in the sign or order rule). Callers that also
/// compare losses (EDIFF) do so themselves. Throws std::invalid_argument if the tolerance is
/// negative or not finite.
bool same_network_minimum(std::span<const double> a, std::span<const double> b,
                          const MlpShape& layout, double distance_tolerance);

}  // namespace landscape

#pragma once
// Permutational alignment of atomic clusters (OPTIM's and PATHSAMPLE's PERMDIST with RANROT): the
// smallest Euclidean distance between two clusters over overall translation, rotation, inversion
// (x -> -x, when allowed) and permutations of identical atoms.
//
// The distance is minimised by alternation from several starting orientations of the moving
// cluster: with the orientation fixed, the best permutation is a linear assignment on squared
// atom-atom distances (solve_min_cost_assignment, one per group of permutable atoms); with the
// permutation fixed, the best rotation (proper or improper) follows from the largest or smallest
// eigenvalue of Horn's 4x4 quaternion matrix (Horn, J. Opt. Soc. Am. A 4, 629 (1987)). The two
// steps are repeated until the permutation stops changing. The starting orientations are
//  - the identity (and the inversion);
//  - the principal-axes frames of the two clusters with the 8 sign choices of the axes;
//  - frames built on two atoms: two reference atoms with well separated distances from the centre
//    are matched with the pairs of moving atoms whose distances from the centre and from each
//    other agree best (all pairs for small clusters), so that an exact copy is always recovered;
//  - `random_orientations` random rotations (RANROT), each also inverted when inversion is allowed.
// The search stops early once the distance is below exact_tolerance.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace landscape {

/// Parameters of a cluster alignment.
struct ClusterAlignmentOptions {
  bool permutations = true;  ///< PERMDIST: identical atoms may be exchanged
  bool inversion = true;     ///< improper rotations allowed (the potential does not see chirality)
  /// Groups of mutually permutable atoms (0-based indices, disjoint); atoms in no group keep their
  /// index. Empty: all atoms form one group.
  std::vector<std::vector<std::size_t>> groups;
  int random_orientations = 0;  ///< RANROT: extra random starting orientations
  std::uint64_t seed = 1;  ///< of the random orientations (the same seed gives the same result)
  /// Largest number of atom-pair frames tried (each proper and, with inversion, improper); every
  /// pair is tried when the cluster has at most this many ordered pairs of atoms.
  std::size_t max_pair_frames = 42;
  int max_iterations = 50;        ///< assignment/rotation alternations from one start
  double exact_tolerance = 1e-9;  ///< stop searching once the distance is below this
};

/// The best superposition found of `moving` onto `reference`.
struct ClusterAlignment {
  double distance = 0.0;        ///< |reference - aligned|
  std::vector<double> aligned;  ///< moving, permuted, rotated and translated onto reference
  std::vector<std::size_t> permutation;  ///< aligned atom i is moving atom permutation[i]
  std::array<double, 9> rotation{1, 0, 0, 0, 1, 0, 0, 0, 1};  ///< row-major, det +1 or -1
  bool inverted = false;                                      ///< det(rotation) = -1
};

/// Aligns moving onto reference (3 coordinates an atom, same size). Throws std::invalid_argument
/// for sizes that differ or are not a multiple of 3, or groups that are not disjoint valid indices.
ClusterAlignment align_cluster(std::span<const double> reference, std::span<const double> moving,
                               const ClusterAlignmentOptions& options = {});

/// The distance of align_cluster.
double cluster_distance(std::span<const double> a, std::span<const double> b,
                        const ClusterAlignmentOptions& options = {});

/// Which orthogonal matrices a superposition may use.
enum class Handedness {
  kProper,    ///< rotations only (det +1)
  kImproper,  ///< rotations combined with the inversion only (det -1)
  kEither,    ///< whichever is better
};

/// The orthogonal matrix R (row-major) minimising sum_i |a_i - R b_i|^2 for centred a and b with a
/// fixed correspondence (atom i with atom i), by Horn's quaternion method: the proper one from the
/// largest eigenvalue of his 4x4 matrix, the improper one from the smallest. Returns that smallest
/// sum of squares (computed from the eigenvalue: for a value near 0 recompute it directly).
double best_orthogonal_transform(std::span<const double> a_centred,
                                 std::span<const double> b_centred, Handedness handedness,
                                 std::array<double, 9>& rotation);

}  // namespace landscape

#pragma once
// Closest coincidence of two clusters under overall translation and rotation (no permutations:
// PERMDIST comes with the connection algorithm). Horn's quaternion method, J. Opt. Soc. Am. A 4,
// 629 (1987): the best rotation is the eigenvector of the largest eigenvalue of a symmetric 4x4
// matrix built from the correlation of the centred coordinates.

#include <span>

namespace landscape::optim {

/// Translates and rotates (proper rotation) `moving` onto `reference` so that their Euclidean
/// distance is smallest; returns that distance. Both hold 3 coordinates per atom, same size.
double align_rigidly(std::span<const double> reference, std::span<double> moving);

/// The distance align_rigidly would leave, without changing either structure.
double aligned_distance(std::span<const double> a, std::span<const double> b);

}  // namespace landscape::optim

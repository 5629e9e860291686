#pragma once
// Closest coincidence of two clusters under overall translation and rotation only (no
// permutations, no inversion): the alignment optim uses without PERMDIST. Horn's quaternion
// method, J. Opt. Soc. Am. A 4, 629 (1987), through common/geometry/permutational_alignment.

#include <span>

namespace landscape {

/// Translates and rotates (proper rotation) `moving` onto `reference` so that their Euclidean
/// distance is smallest; returns that distance. Both hold 3 coordinates per atom, same size.
double align_rigidly(std::span<const double> reference, std::span<double> moving);

/// The distance align_rigidly would leave, without changing either structure.
double aligned_distance(std::span<const double> a, std::span<const double> b);

}  // namespace landscape

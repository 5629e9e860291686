#pragma once
// Alignment of two structures of atoms in a periodic box (bulk systems; OPTIM's and PATHSAMPLE's
// BULK): the smallest minimum-image distance over an overall translation and, when allowed,
// permutations of the atoms within each group of identical atoms (for a binary system, A among A
// and B among B). There is no rotation: the box fixes the orientation.
//
// With the translation t fixed, the best permutation of each group is a linear assignment on the
// squared minimum-image distances |mi(r_i - s_j - t)|^2 (solve_min_cost_assignment); with the
// permutation fixed, t moves by the mean minimum-image displacement. The two steps alternate
// until the permutation and t stop changing, from several starting translations: the one that
// lays each moving atom of the smallest group on the first reference atom of that group (so that
// an exact copy, translated and relabelled, is always recovered) and the one of the atoms as
// numbered. The search stops once the distance is below exact_tolerance.
//
// The aligned structure returned is the moving one relabelled, translated, and with each atom
// moved by whole box vectors to the image nearest its reference atom, so that its Euclidean
// distance to the reference is the minimum-image distance and the straight line between the two
// (a band's first guess) moves every atom along its minimum-image displacement.

#include <array>
#include <cstddef>
#include <span>
#include <vector>

namespace landscape {

/// Parameters of a periodic alignment.
struct PeriodicAlignmentOptions {
  std::array<double, 3> box{0, 0, 0};  ///< box lengths, all positive
  bool permutations = true;            ///< identical atoms (within a group) may be exchanged
  /// Groups of mutually permutable atoms (0-based, disjoint); atoms in no group keep their index.
  /// Empty: all atoms form one group.
  std::vector<std::vector<std::size_t>> groups;
  int max_iterations = 50;        ///< assignment/translation alternations from one start
  double exact_tolerance = 1e-9;  ///< stop searching once the distance is below this
};

/// The best superposition found of `moving` onto `reference` in the box.
struct PeriodicAlignment {
  double distance = 0.0;        ///< minimum-image distance = |reference - aligned|
  std::vector<double> aligned;  ///< moving, relabelled, translated, each atom the nearest image
  std::vector<std::size_t> permutation;        ///< aligned atom i is moving atom permutation[i]
  std::array<double, 3> translation{0, 0, 0};  ///< added to every moving atom (before imaging)
};

/// Aligns moving onto reference (3 coordinates an atom, same size). Throws std::invalid_argument
/// for sizes that differ or are not a multiple of 3, a box length that is not positive, or groups
/// that are not disjoint valid indices.
PeriodicAlignment align_periodic(std::span<const double> reference, std::span<const double> moving,
                                 const PeriodicAlignmentOptions& options);

/// The distance of align_periodic.
double periodic_distance(std::span<const double> a, std::span<const double> b,
                         const PeriodicAlignmentOptions& options);

}  // namespace landscape

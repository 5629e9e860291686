#pragma once
// The pairwise misclassification distance between network minima (Niroomand et al., Mach. Learn.:
// Sci. Technol. 3, 025004 (2022)): Lambda(m1, m2) is the fraction of the data items that the two
// minima classify differently, the predicted class of an item being the argmax of the softmax
// outputs (argmax_predictions in common/ml/roc_auc.hpp).
//
// The O(n^2) step the paper calls expensive is done on bits: each minimum's predicted classes are
// packed into ceil(log2 C) bit planes (one for C = 2), and an item is counted as different when any
// plane differs there, i.e. popcount of the OR over the planes of the XORs. The kernel is compiled
// for baseline x86-64 and for x86-64-v2 and -v3 (GCC function multiversioning), so that on any
// CPU with POPCNT the loader picks a clone in which std::popcount is the popcnt instruction.
//
// Matrix file (write_misclassification_matrix / read_misclassification_matrix), all integers
// little-endian:
//   bytes 0-7    the magic "LSMISCL1"
//   bytes 8-15   uint64 n_minima
//   bytes 16-23  uint64 n_items
//   then n_minima (n_minima - 1) / 2 uint32 counts: the strict upper triangle (i < j) row by row,
//   (0,1) (0,2) ... (0,n-1) (1,2) ... (n-2,n-1); distance = count / n_items.
// The file size is therefore exactly 24 + 4 n_minima (n_minima - 1) / 2 bytes.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

namespace landscape {

/// Predicted classes of several minima on one data set, packed as bits (ceil(log2 C) planes, at
/// least one; item d at bit d % 64 of word d / 64 of each plane; unused tail bits zero).
/// Plane p holds bit p of each item's class. A minimum's planes are stored one after another.
class PackedPredictions {
 public:
  /// Throws std::invalid_argument if n_classes < 1.
  PackedPredictions(std::size_t n_items, std::size_t n_classes);
  /// Appends one minimum's predicted classes (size n_items, each in [0, n_classes)); returns its
  /// index. Throws std::invalid_argument (nothing added) on a wrong size or a class out of range.
  std::size_t add(std::span<const int> predicted);
  std::size_t size() const;  ///< minima added
  std::size_t n_items() const;
  std::size_t n_classes() const;
  /// Items that minima a and b classify differently. Throws std::out_of_range for a bad index.
  std::size_t differences(std::size_t a, std::size_t b) const;
  /// differences / n_items (Lambda of the paper); NaN when there are no items.
  double distance(std::size_t a, std::size_t b) const;

 private:
  friend class MisclassificationKernel;
  const std::uint64_t* words(std::size_t a) const;
  void check_index(std::size_t a) const;

  std::size_t n_items_, n_classes_, n_planes_, words_per_plane_, size_ = 0;
  std::vector<std::uint64_t> words_;  ///< size_ x n_planes_ x words_per_plane_
};

/// The symmetric matrix of difference counts between every pair of minima, stored as the strict
/// upper triangle (i < j, row by row) of 32-bit counts: (i, j) at i (2n - i - 1) / 2 + j - i - 1.
class MisclassificationMatrix {
 public:
  MisclassificationMatrix() = default;
  /// Throws std::invalid_argument unless upper.size() == n_minima (n_minima - 1) / 2.
  MisclassificationMatrix(std::size_t n_minima, std::size_t n_items,
                          std::vector<std::uint32_t> upper);
  std::size_t size() const;  ///< minima
  std::size_t n_items() const;
  /// 0 on the diagonal, symmetric. Throws std::out_of_range for an index >= size().
  std::uint32_t count(std::size_t i, std::size_t j) const;
  /// count / n_items; NaN off the diagonal when there are no items.
  double distance(std::size_t i, std::size_t j) const;
  /// Dense n x n row-major distances (for small n; the eq. 9 solver takes this).
  std::vector<double> dense() const;
  const std::vector<std::uint32_t>& upper() const;

 private:
  std::size_t n_minima_ = 0, n_items_ = 0;
  std::vector<std::uint32_t> upper_;
};

/// All pairwise counts, with n_threads threads (0: std::thread::hardware_concurrency()). Rows are
/// handed out in blocks from a shared counter, so threads stay busy although row i has n - 1 - i
/// entries; the result does not depend on the number of threads. Throws std::invalid_argument if
/// n_items does not fit a uint32 count.
MisclassificationMatrix misclassification_matrix(const PackedPredictions& predictions,
                                                 unsigned n_threads = 0);

/// Binary file (the format is in this header's top comment): 8-byte magic "LSMISCL1", then
/// little-endian uint64 n_minima, uint64 n_items, then the strict upper triangle, row by row, as
/// little-endian uint32 counts (distance = count / n_items). Written crash-safely (PATH.tmp in the
/// same directory, then a rename(2)); throws RuntimeError naming the file when writing fails.
void write_misclassification_matrix(const std::filesystem::path& path,
                                    const MisclassificationMatrix& m);

/// Reads it back; throws landscape::DatabaseError (common/io/errors.hpp) naming the file when it
/// cannot be opened or read, when the magic is wrong, when the size does not match the header
/// (truncated or too long), with both byte counts, or when a count exceeds n_items.
MisclassificationMatrix read_misclassification_matrix(const std::filesystem::path& path);

}  // namespace landscape

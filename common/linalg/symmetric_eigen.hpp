#pragma once
// Symmetric eigenproblems through LAPACKE (dsyevr).

#include <cstddef>
#include <span>
#include <vector>

namespace landscape {

/// Eigen-decomposition of a real symmetric matrix.
struct SymmetricEigen {
  std::vector<double> values;   ///< ascending
  std::vector<double> vectors;  ///< column k (vectors[k*n .. k*n+n)) is the eigenvector of
                                ///< values[k]; empty if not asked
  std::size_t n = 0;
};

/// All eigenvalues (and eigenvectors if with_vectors) of the n x n symmetric matrix a
/// (row-major or column-major alike; only one triangle is read). Throws std::runtime_error if
/// LAPACK fails.
SymmetricEigen symmetric_eigen(std::span<const double> a, std::size_t n, bool with_vectors);

/// The k lowest eigenpairs of the n x n symmetric matrix a (dsyevr with an index range).
SymmetricEigen lowest_eigenpairs(std::span<const double> a, std::size_t n, std::size_t k,
                                 bool with_vectors);

}  // namespace landscape

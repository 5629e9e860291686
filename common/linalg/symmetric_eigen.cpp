#include "common/linalg/symmetric_eigen.hpp"

#include <fmt/format.h>
#include <lapacke.h>

#include <stdexcept>

namespace landscape {

namespace {

// Shared driver: range 'A' (all) or 'I' (indices il..iu, 1-based). The matrix is treated as
// column-major with the upper triangle read; for a symmetric matrix that is the same as reading
// the lower triangle of the row-major layout, so either layout works.
SymmetricEigen run_dsyevr(std::span<const double> a, std::size_t n, char range, std::size_t il,
                          std::size_t iu, bool with_vectors) {
  if (a.size() < n * n)
    throw std::invalid_argument(fmt::format(
        "symmetric_eigen: matrix array of size {} is too small for n = {}", a.size(), n));
  SymmetricEigen result;
  result.n = n;
  if (n == 0 || (range == 'I' && iu < il)) return result;

  // dsyevr overwrites its input, so it works on a copy.
  std::vector<double> work(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(n * n));
  const std::size_t wanted = range == 'A' ? n : iu - il + 1;
  std::vector<double> w(n);
  if (with_vectors) result.vectors.assign(n * wanted, 0.0);
  std::vector<lapack_int> isuppz(2 * std::max<std::size_t>(1, wanted));
  const auto ln = static_cast<lapack_int>(n);
  lapack_int found = 0;
  // A safe-minimum absolute tolerance gives the most accurate eigenvalues (LAPACK dsyevr notes).
  const double abstol = LAPACKE_dlamch('S');
  const lapack_int info = LAPACKE_dsyevr(
      LAPACK_COL_MAJOR, with_vectors ? 'V' : 'N', range, 'U', ln, work.data(), ln, 0.0, 0.0,
      static_cast<lapack_int>(il), static_cast<lapack_int>(iu), abstol, &found, w.data(),
      with_vectors ? result.vectors.data() : nullptr, with_vectors ? ln : 1, isuppz.data());
  if (info != 0)
    throw std::runtime_error(fmt::format("LAPACKE_dsyevr failed with info = {} (n = {})", info, n));
  if (static_cast<std::size_t>(found) != wanted)
    throw std::runtime_error(
        fmt::format("LAPACKE_dsyevr returned {} eigenvalues, expected {}", found, wanted));
  result.values.assign(w.begin(), w.begin() + found);
  return result;
}

}  // namespace

SymmetricEigen symmetric_eigen(std::span<const double> a, std::size_t n, bool with_vectors) {
  return run_dsyevr(a, n, 'A', 1, n, with_vectors);
}

SymmetricEigen lowest_eigenpairs(std::span<const double> a, std::size_t n, std::size_t k,
                                 bool with_vectors) {
  if (k > n)
    throw std::invalid_argument(
        fmt::format("lowest_eigenpairs: k = {} exceeds the matrix order n = {}", k, n));
  if (k == n) return run_dsyevr(a, n, 'A', 1, n, with_vectors);
  return run_dsyevr(a, n, 'I', 1, k, with_vectors);
}

}  // namespace landscape

#pragma once
// The zero modes of overall translation and rotation of a cluster (translation only for atoms in a
// periodic box): an orthonormal basis at a geometry and the projection that removes them from
// eigenvector guesses and gradients.

#include <cstddef>
#include <span>
#include <vector>

namespace landscape::optim {

/// Orthonormal basis of the infinitesimal translations and rotations of the atoms of x (3 per
/// atom). Empty for systems that are not atoms, so project() is then the identity.
class ZeroModes {
 public:
  /// No zero modes (networks, Mueller-Brown).
  ZeroModes() = default;
  /// The translations and rotations of the cluster x; a linear cluster has 5, a single atom 3.
  /// Without rotations (a bulk system, Potential::periodic): the 3 translations.
  explicit ZeroModes(std::span<const double> x, bool rotations = true);

  /// Removes the components along the zero modes from v (v.size() == 3 * atoms).
  void project(std::span<double> v) const;
  /// Number of independent zero modes.
  std::size_t count() const { return basis_.size(); }
  /// Basis vector k (unit length).
  std::span<const double> mode(std::size_t k) const { return basis_[k]; }

 private:
  std::vector<std::vector<double>> basis_;
};

}  // namespace landscape::optim

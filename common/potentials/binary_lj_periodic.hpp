#pragma once
// Binary Lennard-Jones in a periodic box, shifted and truncated: OPTIM's atom type LS (BINARY +
// PARAMS) and GMIN's BINARY + PERIODIC + SHIFTCUT, the routine ljpshift of both (the BLJ glass
// former of Sastry, Debenedetti & Stillinger, Nature 393, 554 (1998); with 48 A and 12 B atoms the
// BLJ60 benchmark). Atoms 0 .. n_a - 1 are of type A, the rest of type B; epsilon_AA = sigma_AA = 1
// are the units. A pair of types i, j at minimum-image distance r interacts only when r is below
// r_c = cutoff * sigma_ij, through
//
//   V_ij(r) = 4 eps_ij [ (sigma_ij/r)^12 - (sigma_ij/r)^6 + c2_ij r^2 + c0_ij ],
//   s = sigma_ij / r_c = 1 / cutoff,  c0_ij = 4 s^6 - 7 s^12,  c2_ij = (6 s^12 - 3 s^6) / r_c^2,
//
// so that V_ij and its first derivative both vanish at r_c (Stoddard & Ford, Phys. Rev. A 8, 1504
// (1973)): energy and forces are continuous everywhere. The minimum image convention counts only
// the nearest image of each partner, which sees every interaction as long as the largest r_c is at
// most half the smallest box length (checked). Coordinates are never wrapped into the box: the
// potential does not need it, and unwrapped coordinates keep minimisations and bands continuous.

#include <array>
#include <cstddef>
#include <span>
#include <string>

#include "common/geometry/minimum_image.hpp"
#include "common/potentials/potential.hpp"

namespace landscape {

/// The parameters of the periodic binary Lennard-Jones potential, as the keywords give them.
struct BinaryLjParameters {
  std::size_t n_a = 0;                 ///< BINARY ntypea: the first n_a atoms are A, the others B
  double eps_ab = 1.5;                 ///< BINARY epsab (epsilon_AA = 1)
  double eps_bb = 0.5;                 ///< BINARY epsbb
  double sigma_ab = 0.8;               ///< BINARY sigmaab (sigma_AA = 1)
  double sigma_bb = 0.88;              ///< BINARY sigmabb
  std::array<double, 3> box{0, 0, 0};  ///< box lengths Lx Ly Lz (PARAMS, PERIODIC, BULK)
  double cutoff = 0.0;  ///< r_c / sigma_ij, the same for every pair (PARAMS, SHIFTCUT)

  /// The largest pair cut-off radius, cutoff * max(1, sigma_ab, sigma_bb).
  double largest_cutoff_radius() const;
  /// The first rule these parameters break for n_atoms atoms, as a sentence without the keyword
  /// ("ntypea 70 is more than the 60 atoms", "the cut-off radius ... is more than half ..."), or
  /// "" when they are valid.
  std::string problem(std::size_t n_atoms) const;
};

/// The periodic binary Lennard-Jones potential of n_atoms atoms with an analytic gradient and
/// Hessian (both over the minimum-image separations).
class BinaryLennardJonesPeriodic final : public Potential {
 public:
  /// Throws std::invalid_argument when parameters.problem(n_atoms) is not empty.
  BinaryLennardJonesPeriodic(std::size_t n_atoms, const BinaryLjParameters& parameters);

  std::size_t n_dof() const override { return 3 * n_atoms_; }
  std::size_t n_atoms() const override { return n_atoms_; }
  std::string name() const override { return "periodic binary Lennard-Jones"; }
  double energy(std::span<const double> x) const override;
  double energy_gradient(std::span<const double> x, std::span<double> grad) const override;
  double energy_gradient_hessian(std::span<const double> x, std::span<double> grad,
                                 std::span<double> hess) const override;
  bool has_analytic_hessian() const override { return true; }
  bool periodic() const override { return true; }

  const BinaryLjParameters& parameters() const { return p_; }
  /// The pair energy of types a and b (0: A, 1: B) at distance r (0 at and beyond the cut-off).
  double pair_energy(int a, int b, double r) const;

 private:
  /// The constants of one pair type (AA, AB or BB).
  struct PairLaw {
    double eps4 = 0.0;   ///< 4 epsilon
    double sig6 = 0.0;   ///< sigma^6
    double sig12 = 0.0;  ///< sigma^12
    double c0 = 0.0;     ///< constant shift
    double c2 = 0.0;     ///< coefficient of r^2
    double rc2 = 0.0;    ///< squared cut-off radius
  };
  /// V of a pair within its cut-off; slope = V'/r (the formulas in the .cpp).
  static double energy_and_slope(const PairLaw& l, double r2, double& slope);
  /// The law of atoms i and j.
  const PairLaw& law(std::size_t i, std::size_t j) const {
    return laws_[(i < p_.n_a ? 0 : 1) + (j < p_.n_a ? 0 : 1)];
  }
  /// Minimum-image separation x_i - x_j.
  void separation(std::span<const double> x, std::size_t i, std::size_t j, double d[3]) const;

  std::size_t n_atoms_;
  BinaryLjParameters p_;
  std::array<PairLaw, 3> laws_;  ///< AA, AB, BB
};

}  // namespace landscape

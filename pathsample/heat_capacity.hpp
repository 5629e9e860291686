#pragma once
// The heat capacity of a database of minima in the harmonic superposition approximation
// (doc/file_formats.md; Wales, Energy Landscapes, p. 371), and the decoding of its peaks into
// the minima whose occupation rises or falls (Wales, Phys. Rev. E 95, 030105(R) (2017)).
//
// With k_B = 1 and beta = 1/T, minimum a has ln Z_a = -beta V_a - 1/2 lnprodfreq_a - ln pgorder_a
// + kappa ln T + const; P_a = Z_a / sum_b Z_b; C_V = kappa + (<V^2> - <V>^2) / T^2 (the kinetic
// part included, as PATHSAMPLE); dP_a/dT = P_a (V_a - <V>) / T^2.

#include <cstddef>
#include <span>
#include <vector>

namespace landscape::pathsample {

/// C_V and the moments of the minimum energies at one temperature.
struct HeatCapacityPoint {
  double temperature = 0.0;
  double cv = 0.0;  ///< kappa + var / T^2
  double mean_energy =
      0.0;  ///< <V> (potential energies of the minima, without the harmonic kappa T/2)
  double energy_variance = 0.0;  ///< <V^2> - <V>^2
};

/// A peak of C_V(T) on the temperature grid, refined by a parabola through it and its neighbours.
struct HeatCapacityPeak {
  std::size_t index = 0;     ///< grid index of the highest point
  double temperature = 0.0;  ///< refined temperature
  double cv = 0.0;           ///< C_V at the grid point
};

/// The minima whose dP/dT is largest in magnitude at one temperature.
struct OccupationChange {
  double temperature = 0.0;
  std::vector<std::size_t> plus;   ///< rising occupation (dP/dT > 0), largest first (0-based)
  std::vector<std::size_t> minus;  ///< falling occupation, most negative first
  std::vector<double> dp_dt;       ///< dP_a/dT of every minimum
  double sum_abs = 0.0;            ///< sum over all minima of |dP/dT|
};

/// The harmonic superposition sums over a fixed set of minima.
///
/// C_V over a temperature grid is evaluated by grouping the minima, sorted by energy, into bins no
/// wider than the lowest temperature and expanding exp(-beta (V - c)) about each bin's centre c
/// in a Taylor series of 17 terms (beta |V - c| <= 1/2, so the truncation is below 1e-18 relative);
/// bins of fewer than four minima are summed directly. Terms below e^-45 of the largest are
/// skipped. All sums are shifted by the largest exponent (log-sum-exp), so nothing under- or
/// overflows.
class HarmonicSuperposition {
 public:
  /// energies V_a, ln weights -1/2 lnprodfreq_a - ln pgorder_a, and kappa, the vibrational degrees
  /// of freedom (3N - 6 for a cluster, the number of weights for a network).
  HarmonicSuperposition(std::vector<double> energies, std::vector<double> ln_weights, double kappa);

  /// ln weight of a minimum from its min.data fields.
  static double ln_weight(double lnprodfreq, int pgorder);

  /// Taylor terms of exp(-beta d) kept; with beta |d| <= 1/2 the first one dropped is below 1e-18.
  static constexpr int kTerms = 17;

  std::size_t size() const { return energies_.size(); }
  double kappa() const { return kappa_; }

  /// C_V at each temperature (all > 0), using up to n_threads threads (0: the hardware's count).
  std::vector<HeatCapacityPoint> heat_capacity(std::span<const double> temperatures,
                                               unsigned n_threads = 0) const;

  /// dP/dT of every minimum at temperature T (direct sums), and the minima of each sign whose
  /// |dP/dT| add up to at least fraction of that sign's total, largest first (ties by index).
  OccupationChange occupation_change(double temperature, double fraction) const;

 private:
  /// A group of minima within the lowest temperature of each other, summed by its moments about
  /// its centre.
  struct Bin {
    double centre = 0.0;      ///< c (shifted energy)
    double ln_scale = 0.0;    ///< s: the largest ln weight in the bin; moments are relative to e^s
    double ln_count = 0.0;    ///< ln of the number of minima
    double half_width = 0.0;  ///< largest |V - c|
    /// moment[k] = sum_a e^(w_a - s) (V_a - c)^k / k!
    double moment[kTerms + 2] = {};
  };
  void evaluate(std::span<const double> temperatures, std::span<HeatCapacityPoint> out) const;
  void build_bins(double width) const;

  std::vector<double> energies_, ln_weights_;
  double kappa_;
  double energy_shift_ = 0.0, weight_shift_ = 0.0;  ///< lowest energy, largest ln weight
  // Minima sorted by energy, shifted: v_ = V - energy_shift_, w_ = ln w - weight_shift_.
  std::vector<double> v_, w_;
  mutable std::vector<Bin> bins_;
  mutable std::vector<std::size_t> direct_;  ///< sorted positions summed directly
  mutable double bin_width_ = -1.0;
};

/// The temperature grid of `CV Tmin Tmax Tinc`: Tmin, Tmin + Tinc, ... up to Tmax (within 1e-9
/// Tinc), each rounded to 12 significant digits so that the values written to Cv.out are the
/// values used.
std::vector<double> temperature_grid(double t_min, double t_max, double t_inc);

/// Shoulders of C_V: grid points where the slope dC_V/dT has a local extremum closest to zero
/// without changing sign (on a rising flank a local minimum of a positive slope, on a falling flank
/// a local maximum of a negative one): a hidden peak that the curve's maxima do not show. The slope
/// there must be below (1 - flatness) times the smaller of the steepest slopes on either side
/// within the same flank, so that slight wiggles are not reported.
std::vector<HeatCapacityPeak> find_shoulders(const std::vector<HeatCapacityPoint>& cv,
                                             double flatness = 0.5);

/// Local maxima of C_V over the grid (not at its ends) that stand out of the curve by more than
/// relative_prominence times their height.
std::vector<HeatCapacityPeak> find_peaks(const std::vector<HeatCapacityPoint>& cv,
                                         double relative_prominence = 1e-6);

}  // namespace landscape::pathsample

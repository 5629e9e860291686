#pragma once
// Doubly-nudged elastic band: Trygubenko & Wales, J. Chem. Phys. 120, 2082 (2004), with the
// improved tangent of Henkelman & Jonsson, J. Chem. Phys. 113, 9978 (2000).
// Images x_1 .. x_n between fixed end points x_0 and x_{n+1}, first spaced evenly on the straight
// line. On image i, with tangent tau, true gradient g and spring gradient
// g_s = k (2 x_i - x_{i-1} - x_{i+1}):
//   g_perp  = g - (g.tau) tau                         (true gradient, perpendicular part)
//   g_s_par = (g_s.tau) tau                           (spring gradient, parallel part)
//   g_dneb  = g_s_perp - (g_s_perp.u) u,  u = g_perp / |g_perp|  (the second nudge)
// and all images are minimised together by L-BFGS on g_perp + g_s_par + g_dneb. The band has no
// energy whose gradient this is, so no step is refused for raising the energy; the step is capped.
// Images higher in energy than both neighbours are the transition-state candidates.

#include <chrono>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace landscape {
class Potential;
}

namespace landscape::optim {

/// Parameters of a band: default, unit and OPTIM keyword in each comment.
struct DnebOptions {
  int images = 10;           ///< 10; interior images (NEWNEB Nimage)
  int max_iterations = 500;  ///< 500; L-BFGS iterations of the whole band (NEWNEB NIterMax)
  /// 0.01; energy/length: RMS of the band gradient over all images (NEWNEB RMSTol).
  double rms_tolerance = 0.01;
  double spring_constant = 100.0;  ///< 100; energy/length^2 (NEBK)
  /// Unset; iterations (ADJUSTK frequency): every adjust_frequency iterations k is multiplied by
  /// adjust_factor when the mean deviation of the spacings exceeds adjust_tolerance percent of
  /// their mean, else divided by it.
  std::optional<int> adjust_frequency;
  double adjust_tolerance = 10.0;  ///< 10; percent (ADJUSTK tolerance)
  double adjust_factor = 1.05;     ///< 1.05; factor (ADJUSTK factor)
  /// Unset; iterations (no keyword: NEWCONNECT sets it). When set, the band also stops once its
  /// transition-state candidates have settled: the same images have been above both neighbours
  /// for this many iterations and none of their energies has changed by more than
  /// settle_energy_fraction times the band's energy range since. A band is only a source of
  /// candidates for eigenvector-following, so iterations beyond this point buy little (a lone
  /// NEWNEB runs to RMSTol or NIterMax).
  std::optional<int> settle_iterations;
  double settle_energy_fraction = 1e-3;  ///< 1e-3; fraction of the band's energy range
  int memory = 4;                        ///< 4; L-BFGS correction pairs (UPDATES m4)
  double dguess = 0.001;                 ///< 0.001; length^2/energy (DGUESS d3)
  /// 0.2; length (MAXBFGS x4): the band step is capped at this * sqrt(images).
  double max_step_per_image = 0.2;

  /// Empty when valid, otherwise "field = value: rule broken".
  std::optional<std::string> validate() const;
};

/// How a band optimisation ended.
enum class DnebStatus {
  kConverged,       ///< the RMS band gradient reached rms_tolerance
  kSettled,         ///< the candidates settled first (settle_iterations)
  kIterationLimit,  ///< max_iterations reached first
  kNonFinite,       ///< an energy or gradient became NaN or infinite
};

/// "converged", "candidates settled", "iteration limit" or "non-finite energy or gradient".
std::string_view to_string(DnebStatus status);

/// Outcome of a band optimisation.
struct DnebResult {
  DnebStatus status = DnebStatus::kIterationLimit;
  std::vector<std::vector<double>> images;  ///< n + 2 geometries, end points included
  std::vector<double> energies;             ///< n + 2 energies
  std::vector<std::size_t> candidates;  ///< interior images above both neighbours, ascending index
  std::vector<std::vector<double>> tangents;  ///< unit tangent of each interior image (index i-1)
  int iterations = 0;
  double rms = 0.0;                ///< RMS band gradient at the end
  double spring_constant = 0.0;    ///< final k (changes with ADJUSTK)
  double spacing_deviation = 0.0;  ///< mean |d_j - mean d| / mean d, percent
  double length = 0.0;             ///< sum of the image spacings
  double seconds = 0.0;            ///< wall-clock time of the optimisation

  /// One line for a log: "212 iterations (converged): RMS= 0.0100 Dev= 3.21% S= 1.2345 k= 10
  /// time= 0.123 s".
  std::string report() const;
  /// The RMS band gradient reached rms_tolerance.
  bool converged() const { return status == DnebStatus::kConverged; }
  /// The candidates for a log: "transition-state candidates (images above both neighbours): 2,
  /// images 4 9".
  std::string candidates_report() const;
};

/// A doubly-nudged elastic band on one potential.
class DoublyNudgedElasticBand {
 public:
  /// Throws std::invalid_argument when the options do not pass DnebOptions::validate().
  DoublyNudgedElasticBand(const Potential& potential, DnebOptions options);

  /// Optional observer, called after every L-BFGS iteration: iteration, sum of image energies, RMS.
  void set_callback(std::function<void(int, double, double)> callback) {
    callback_ = std::move(callback);
  }

  /// Optimises the band between start and finish (kept fixed) from the straight line between them.
  DnebResult run(std::span<const double> start, std::span<const double> finish);

 private:
  const Potential& potential_;
  DnebOptions options_;
  std::function<void(int, double, double)> callback_;
};

}  // namespace landscape::optim

#pragma once
// The lowest Hessian eigenpair at a geometry, the heart of hybrid eigenvector-following:
// - from the Hessian by LAPACK dsyevr (OPTIM's NOIT), or
// - without a Hessian (NOHESS), by minimising the Rayleigh-Ritz ratio
//     lambda(y) = y.H y / y.y,   H y ~ [g(x + zeta y) - g(x - zeta y)] / (2 zeta)  (|y| = 1)
//   over y with L-BFGS; its gradient is 2 (H y - lambda y) / |y|. With first-order differences
//   (OPTIM's USEDIAG 3), H y ~ [g(x + zeta y) - g(x)] / zeta: one gradient an iteration instead
//   of two, g(x) being known.
// Overall translation and rotation (ZeroModes) are projected out of y, of H y and of the gradient,
// so a cluster's zero modes are never returned. Munro & Wales, Phys. Rev. B 59, 3969 (1999).

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/optimize/lbfgs.hpp"
#include "optim/zero_modes.hpp"

namespace landscape {
class Potential;
}

namespace landscape::optim {

/// How the lowest eigenpair is found.
enum class EigenMethod {
  kLapack,               ///< dsyevr on the Hessian (analytic, or central differences)
  kGradientDifferences,  ///< Rayleigh-Ritz minimisation with gradient differences
};

/// The finite differences of NOHESS's Rayleigh-Ritz ratio along a unit vector v, as OPTIM's
/// USEDIAG n. In all three, H v comes from gradient differences and the ratio's gradient is
/// 2 (H v - lambda v); they differ in the eigenvalue lambda:
enum class CurvatureFormula {
  /// 1 (OPTIM's default): lambda = [E(x + zeta v) + E(x - zeta v) - 2 E(x)] / zeta^2, the
  /// smaller truncation error; H v = [g(x + zeta v) - g(x - zeta v)] / (2 zeta).
  kEnergyDifferences,
  /// 2: lambda = v . [g(x + zeta v) - g(x - zeta v)] / (2 zeta), the smaller rounding error
  /// where energies are large (rounding error of order eps |g| / zeta instead of eps |E| / zeta^2).
  kGradientDifferences,
  /// 3: first-order differences, H v = [g(x + zeta v) - g(x)] / zeta with zeta = 1e-6, one gradient
  /// an iteration (OPTIM's later code); lambda = v . H v.
  kForwardDifferences,
};

/// "LAPACK" or "Rayleigh-Ritz", for logs.
std::string_view to_string(EigenMethod method);

/// Parameters of the lowest-eigenpair calculation: default, unit and OPTIM keyword in each
/// comment.
struct RayleighRitzOptions {
  EigenMethod method = EigenMethod::kLapack;  ///< LAPACK (NOIT); gradient differences (NOHESS)
  int max_iterations = 500;                   ///< 500; Rayleigh-Ritz iterations (BFGSTS nevs)
  double rms_tolerance = 1e-4;  ///< 1e-4; RMS of the Rayleigh-Ritz gradient (BFGSTS ceig)
  int memory = 4;               ///< 4; L-BFGS correction pairs (UPDATES m2)
  double dguess = 0.1;          ///< 0.1; initial inverse-Hessian diagonal (DGUESS d2)
  double max_step = 0.2;        ///< 0.2; largest L-BFGS step of the vector (MAXBFGS x2)
  double max_rise = 1e-3;       ///< 1e-3; largest rise of the ratio, energy (MAXERISE e2)
  /// How H v and the eigenvalue come from gradients (USEDIAG n): OPTIM's secdiag formulas.
  CurvatureFormula formula = CurvatureFormula::kEnergyDifferences;
  double fd_step = 1e-3;           ///< 1e-3; length: zeta of the central differences
  double forward_fd_step = 1e-6;   ///< 1e-6; length: zeta of the forward differences
  bool numerical_hessian = false;  ///< false; LAPACK on a central-difference Hessian

  /// The L-BFGS minimisation of the Rayleigh-Ritz ratio these options ask for.
  LbfgsOptions lbfgs() const;
  /// Empty when valid, otherwise "field = value: rule broken".
  std::optional<std::string> validate() const;
};

/// A lowest eigenpair.
struct Eigenpair {
  double value = 0.0;
  std::vector<double> vector;  ///< unit length, orthogonal to the zero modes
  int iterations = 0;          ///< Rayleigh-Ritz iterations (0 for LAPACK)
  bool converged = true;       ///< false when the Rayleigh-Ritz iteration limit was reached
};

/// Finds lowest eigenpairs of one potential's Hessian.
class RayleighRitz {
 public:
  /// Throws std::invalid_argument when the options do not pass RayleighRitzOptions::validate().
  RayleighRitz(const Potential& potential, RayleighRitzOptions options);

  const RayleighRitzOptions& options() const { return options_; }

  /// Lowest eigenpair at x apart from the zero modes. guess starts the Rayleigh-Ritz iteration
  /// (any length; ignored by LAPACK); it must not lie entirely along the zero modes. gradient,
  /// when given, is g(x) (used by forward differences, which otherwise evaluate it).
  Eigenpair lowest(std::span<const double> x, std::span<const double> guess,
                   const ZeroModes& zero_modes, std::span<const double> gradient = {}) const;

 private:
  Eigenpair by_lapack(std::span<const double> x, const ZeroModes& zero_modes) const;
  Eigenpair by_gradient_differences(std::span<const double> x, std::span<const double> guess,
                                    const ZeroModes& zero_modes,
                                    std::span<const double> gradient) const;

  const Potential& potential_;
  RayleighRitzOptions options_;
};

/// The Hessian of potential at x (row-major n x n): analytic, or by central differences of the
/// gradient when numerical is set or the potential has no analytic one.
std::vector<double> hessian_at(const Potential& potential, std::span<const double> x,
                               bool numerical);

}  // namespace landscape::optim

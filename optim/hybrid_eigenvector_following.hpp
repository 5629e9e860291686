#pragma once
// Hybrid eigenvector-following transition-state search (OPTIM's BFGSTS): Munro & Wales, Phys. Rev.
// B 59, 3969 (1999); Kumeda, Munro & Wales, Chem. Phys. Lett. 341, 185 (2001).
// Each step
//  1. finds the lowest Hessian eigenpair (lambda, v) at x (RayleighRitz), starting from the
//     previous eigenvector;
//  2. steps uphill along v: with F = g.v, h = 2F / (|lambda| (1 + sqrt(1 + 4F^2/lambda^2))) when
//     lambda < 0, capped at a largest step (initially MAXSTEP); a fixed MAXMAX in the direction of
//     F when lambda >= 0. The largest step is divided by 1.1 (down to MINMAX) when the change of
//     g.v over the step differs from lambda h by more than TRAD times lambda h, and multiplied by
//     1.1 (up to MAXMAX) otherwise (OPTIM's trust ratio);
//  3. minimises the energy by L-BFGS in the space orthogonal to v (the gradient with its v
//     component removed) down to the RMS of BFGSCONV or CONVERGE, whichever is smaller, for at
//     most ncgmax1 steps, or ncgmax2 once successive eigenvectors overlap by more than 0.9999 and
//     the eigenvalue is negative.
// It is converged when lambda < 0, the RMS gradient is below CONVERGE rms and the unscaled step
// |F / lambda| below CONVERGE step; the result is then accepted as a transition state only if its
// Hessian has exactly one negative eigenvalue (zero modes excluded) unless NOINDEX.

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/analysis/normal_modes.hpp"
#include "common/optimize/lbfgs.hpp"
#include "optim/rayleigh_ritz.hpp"

namespace landscape {
class Potential;
}

namespace landscape::optim {

/// Parameters of a hybrid eigenvector-following search: default, unit and OPTIM keyword in each
/// comment.
struct HefOptions {
  int max_steps = 100;        ///< 100; eigenvector-following steps (STEPS)
  RayleighRitzOptions eigen;  ///< BFGSTS nevs and ceig, UPDATES m2, DGUESS d2, MAXBFGS x2, ...
  int ncgmax1 = 10;           ///< 10; tangent-space L-BFGS steps a step (BFGSTS ncgmax1)
  int ncgmax2 = 100;          ///< 100; the same once the eigenvector has settled (BFGSTS ncgmax2)
  /// 1e-3; RMS gradient of the tangent space (BFGSCONV; the search uses min(BFGSCONV, CONVERGE
  /// rms)).
  double tangent_rms = 1e-3;
  /// memory, dguess, max_step, max_rise of the tangent-space L-BFGS (UPDATES m1, DGUESS d1,
  /// MAXBFGS x1, MAXERISE e1); its iteration limit and tolerance are set by the search.
  LbfgsOptions tangent;
  double max_step = 0.2;        ///< 0.2; length: initial largest uphill step (MAXSTEP)
  double max_max = 0.5;         ///< 0.5; length: largest uphill step (MAXMAX)
  double min_max = 0.01;        ///< 0.01; length: smallest largest uphill step (MINMAX)
  double trust_ratio = 2.0;     ///< 2; relative error of the quadratic model allowed (TRAD)
  double converge_step = 1e-4;  ///< 1e-4; length: unscaled uphill step (CONVERGE step)
  double converge_rms = 1e-6;   ///< 1e-6; RMS gradient (CONVERGE rms)
  bool check_index = true;      ///< true; false with CONVERGE ... NOINDEX
  bool numerical_hessian =
      false;  ///< false; the index check on a finite-difference Hessian (ENDNUMHESS)
  /// 0.9999; |v . v_previous| above which the eigenvector counts as settled (no keyword).
  double overlap_converged = 0.9999;

  /// Empty when valid, otherwise "field = value: rule broken".
  std::optional<std::string> validate() const;
};

/// How a search ended.
enum class HefStatus {
  kConverged,   ///< a transition state: converged with one negative eigenvalue
  kWrongIndex,  ///< converged to a stationary point with another number of negative eigenvalues
  kMaxSteps,    ///< STEPS exhausted
  kNonFinite,   ///< the energy or gradient became NaN or infinite
};

/// One word for logs.
std::string_view to_string(HefStatus status);

/// Progress of one eigenvector-following step.
struct HefStep {
  int step = 0;
  double energy = 0.0;       ///< after the step
  double rms = 0.0;          ///< RMS gradient after the step
  double eigenvalue = 0.0;   ///< lowest eigenvalue at the start of the step
  double overlap = 0.0;      ///< |v . v_previous|
  double uphill = 0.0;       ///< signed uphill step length along v
  double step_limit = 0.0;   ///< the largest uphill step in force
  int eigen_iterations = 0;  ///< Rayleigh-Ritz iterations
  int tangent_iterations = 0;
  std::span<const double> x;  ///< the geometry after the step (valid during the callback only)
};

/// Outcome of a search.
struct HefResult {
  HefStatus status = HefStatus::kMaxSteps;
  std::vector<double> x;  ///< final geometry
  double energy = 0.0;
  double rms = 0.0;            ///< RMS gradient at x
  Eigenpair eigen;             ///< lowest eigenpair at x (apart from zero modes)
  NormalModes modes;           ///< Hessian analysis at x (when the index was checked)
  bool index_checked = false;  ///< the Hessian index was checked (HefOptions::check_index)
  int steps = 0;               ///< eigenvector-following steps taken
  int eigen_iterations = 0;    ///< Rayleigh-Ritz iterations over the whole search
  int tangent_iterations = 0;  ///< tangent-space L-BFGS iterations over the whole search
  bool converged() const { return status == HefStatus::kConverged; }
  /// One line for a log: "transition state after 12 steps: E= -1.2345678901 lambda=
  /// -3.456789e+00", "converged after 12 steps to E= ... with 2 negative Hessian eigenvalues: not
  /// a transition state" or "no transition state (step limit reached) after 100 steps".
  std::string report() const;
  /// The same with the RMS gradient and the eigenvalue whatever the status: "transition state
  /// after 12 steps: E= ... RMS= 1.234e-07 lambda= ..., one negative Hessian eigenvalue", ...
  std::string summary() const;
};

/// The search, for one potential.
class HybridEigenvectorFollowing {
 public:
  /// cluster: the coordinates are atoms, whose overall translation and rotation are projected out
  /// (translation only when the potential is periodic, a bulk system).
  /// Throws std::invalid_argument when the options do not pass HefOptions::validate().
  HybridEigenvectorFollowing(const Potential& potential, HefOptions options, bool cluster);

  /// Called after every step.
  void set_callback(std::function<void(const HefStep&)> callback) {
    callback_ = std::move(callback);
  }

  /// Searches from x0; guess starts the first eigenvector calculation (e.g. the band tangent or a
  /// random vector; ignored by LAPACK).
  HefResult run(std::span<const double> x0, std::span<const double> guess);

 private:
  const Potential& potential_;
  HefOptions options_;
  bool cluster_;
  std::function<void(const HefStep&)> callback_;
};

}  // namespace landscape::optim

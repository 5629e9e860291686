#pragma once
// Limited-memory BFGS as GMIN/OPTIM's mylbfgs does it (doc/file_formats.md):
// Nocedal two-loop recursion, no line search, step capped at max_step, a step that raises the
// energy by more than max_rise is cut back and eventually the memory is reset. Nocedal, Math. Comp.
// 35, 773 (1980); Liu & Nocedal, Math. Prog. 45, 503 (1989).

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/optimize/minimize_result.hpp"

namespace landscape {

class Potential;

/// Parameters of one L-BFGS minimisation (GMIN keyword in brackets).
struct LbfgsOptions {
  int memory = 4;               ///< stored correction pairs (UPDATES)
  double dguess = 0.1;          ///< initial inverse-Hessian diagonal after a (re)start (DGUESS)
  double max_step = 0.4;        ///< largest step, Euclidean norm of the whole vector (MAXBFGS)
  double max_rise = 1e-10;      ///< largest accepted energy rise per step (MAXERISE)
  double rms_tolerance = 1e-3;  ///< converged when |g|/sqrt(n) <= this (SLOPPYCONV/TIGHTCONV)
  int max_iterations = 500;     ///< iteration limit (MAXIT)
  int max_step_cuts = 10;       ///< step divisions by 10 before the memory is reset
  int max_resets = 5;           ///< memory resets before the minimisation gives up

  /// Empty when valid, otherwise "field = value: rule broken".
  std::optional<std::string> validate() const;
};

/// Objective: returns V(x) and writes the gradient into g.
using GradientFunction = std::function<double(std::span<const double> x, std::span<double> g)>;

/// Optional per-iteration observer: iteration number, energy, RMS gradient.
using LbfgsCallback = std::function<void(int iteration, double energy, double rms)>;

/// Optional per-iteration observer of the point: iteration number, energy, coordinates.
using LbfgsPointCallback =
    std::function<void(int iteration, double energy, std::span<const double> x)>;

/// Reusable L-BFGS minimiser; keeps its work arrays between calls to avoid reallocations.
class Lbfgs {
 public:
  explicit Lbfgs(LbfgsOptions options);

  const LbfgsOptions& options() const { return options_; }
  void set_options(const LbfgsOptions& options) { options_ = options; }
  void set_callback(LbfgsCallback callback) { callback_ = std::move(callback); }
  /// Optional observer of the point after each iteration (optim's ALLPOINTS).
  void set_point_callback(LbfgsPointCallback callback) { point_callback_ = std::move(callback); }

  /// Minimises f from x (updated in place to the final point). Throws std::invalid_argument
  /// if the options do not pass validate(); a failed minimisation is a status, never a throw.
  /// On kStepFailure or kNonFinite, x is left at the last accepted point.
  MinimizeResult minimize(const GradientFunction& f, std::span<double> x);
  /// Minimises a potential from x (updated in place).
  MinimizeResult minimize(const Potential& potential, std::span<double> x);

 private:
  /// The correction pairs in memory: a circular buffer of `stored` pairs whose next pair goes to
  /// slot `next`, and the initial inverse-Hessian diagonal h0 of the two-loop recursion.
  struct Memory {
    std::size_t stored = 0;
    std::size_t next = 0;
    double h0 = 0.0;
  };
  /// What became of a step along d_ (with its cuts): accepted at x_new_, rejected (every cut
  /// raised the energy too much) or stopped by a non-finite energy or gradient.
  enum class StepOutcome { kAccepted, kRejected, kNonFinite };
  struct Trial {
    StepOutcome outcome = StepOutcome::kRejected;
    double energy = 0.0;  ///< at x_new_ (accepted only)
    double rms = 0.0;     ///< RMS gradient at x_new_ (accepted only)
  };

  /// The iteration itself, generic over the objective (defined and instantiated in lbfgs.cpp only).
  template <class Objective>
  MinimizeResult run(Objective& f, std::span<double> x);
  /// Tries the step along d_ from x, cut by 10 while the energy rises by more than max_rise.
  template <class Objective>
  Trial take_step(Objective& f, std::span<const double> x, double e, MinimizeResult& result);
  /// Sizes the work arrays for n coordinates (allocating only when they grow).
  void size_work_arrays(std::size_t n);
  /// d_ <- the downhill L-BFGS direction from the gradient g_ and the pairs in memory.
  void search_direction(const Memory& memory, double rms, std::size_t n);
  /// Stores the pair s = x_new_ - x, y = g_new_ - g_ and updates h0.
  void store_pair(std::span<const double> x, Memory& memory);

  LbfgsOptions options_;
  LbfgsCallback callback_;
  LbfgsPointCallback point_callback_;
  std::vector<double> s_, y_, rho_, alpha_, g_, g_new_, x_new_, d_;
};

}  // namespace landscape

#pragma once
// Transition states from the candidates of a doubly-nudged elastic band: every image higher than
// both its neighbours is refined by hybrid eigenvector-following from its geometry, starting from
// the band's tangent there; the searches that end at a transition state are kept unless it is one
// known already (an earlier band's, say) or one found from an earlier image of this band. A lone
// NEWNEB and every band of NEWCONNECT refine their candidates this way.
//
// A search may instead converge to a stationary point with two or more negative Hessian
// eigenvalues, which is no transition state. step_off_higher_index leaves such a point along its
// negative modes: each displaced structure (both signs of every negative mode) is minimised, and
// from the displacements along the modes beyond the lowest one, eigenvector-following (which
// climbs along the lowest mode and minimises in every other direction, the extra modes included)
// looks for the index-one saddles next to it. NEWCONNECT adds what this finds to its graph.

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "common/optimize/lbfgs.hpp"
#include "optim/dneb.hpp"
#include "optim/hybrid_eigenvector_following.hpp"

namespace landscape {
class StructureMetric;
}

namespace landscape::optim {

class CountingPotential;

/// What became of a candidate image.
enum class CandidateFate {
  kNotTransitionState,  ///< the search did not end at a transition state (search.status says why)
  kNew,                 ///< a transition state neither known nor found from an earlier image
  kKnown,               ///< the same as a known transition state (same_as: its index)
  kRepeat,  ///< the same as a new one of an earlier image (same_as: its index among them)
};

/// One candidate image and its search.
struct RefinedCandidate {
  std::size_t image = 0;           ///< index of the image in the band (end points 0 and n + 1)
  HefResult search;                ///< the eigenvector-following search from it
  std::size_t gradient_calls = 0;  ///< energy+gradient evaluations of the search
  CandidateFate fate = CandidateFate::kNotTransitionState;
  std::size_t same_as = 0;  ///< kKnown and kRepeat only (see CandidateFate)
};

/// The refined candidates of one band.
struct TsRefinement {
  std::vector<RefinedCandidate> candidates;  ///< in the band's image order
  std::vector<std::size_t> new_states;       ///< indices into candidates of the kNew ones, in order
  /// The k-th new transition state (k < new_states.size()).
  const HefResult& transition_state(std::size_t k) const {
    return candidates[new_states[k]].search;
  }
};

/// The index of a known transition state that is the same as a search's end point, if there is one.
using TransitionStateLookup = std::function<std::optional<std::size_t>(const HefResult&)>;
/// Told of each candidate as soon as its fate is known (for a log that follows the run).
using CandidateObserver = std::function<void(const RefinedCandidate&)>;

/// Refines every candidate of band in image order by eigenvector-following with options on
/// potential (cluster: its coordinates are atoms). A transition state is the same as another when
/// metric says so (EDIFFTOL, GEOMDIFFTOL); known, when given, is asked before the new ones.
TsRefinement refine_candidates(const CountingPotential& potential, const HefOptions& options,
                               bool cluster, const StructureMetric& metric, const DnebResult& band,
                               const TransitionStateLookup& known = {},
                               const CandidateObserver& observe = {});

/// True when a search ended at a stationary point with two or more negative Hessian eigenvalues.
bool converged_to_higher_index(const HefResult& search);

/// Parameters of the step-off from a higher-index saddle (OPTIM keyword in brackets).
struct StepOffOptions {
  double displacement = 0.01;      ///< length: the step along each unit negative mode (PUSHOFF)
  LbfgsOptions minimisation;       ///< of each displaced structure (BFGSMIN, BFGSSTEPS, ...)
  HefOptions search;               ///< the transition-state searches (BFGSTS, STEPS, ...)
  bool cluster = false;            ///< coordinates are atoms: zero modes left out of the modes
  bool numerical_hessian = false;  ///< the Hessian at the saddle by differences (ENDNUMHESS)
};

/// A displaced structure: the saddle + sign * displacement * the unit eigenvector of `mode`.
struct StepOffStart {
  std::size_t mode = 0;  ///< 0 for the lowest (most negative) mode
  int sign = 1;          ///< +1 or -1
  double energy = 0.0;   ///< at the displaced structure
};

/// A displaced structure minimised.
struct StepOffMinimum {
  StepOffStart start;
  std::vector<double> x;  ///< where the minimisation ended
  MinimizeResult result;
  std::size_t gradient_calls = 0;
};

/// A transition-state search from a displaced structure.
struct StepOffSearch {
  StepOffStart start;
  HefResult search;
  std::size_t gradient_calls = 0;
};

/// What stepping off a higher-index saddle found.
struct HigherIndexStepOff {
  std::vector<double> eigenvalues;         ///< the negative Hessian eigenvalues, ascending
  std::vector<std::vector<double>> modes;  ///< their unit eigenvectors, zero modes projected out
  /// Each negative mode's two displaced structures minimised (+ then -), in mode order.
  std::vector<StepOffMinimum> minima;
  /// Searches from the two displacements along each mode beyond the lowest, in mode order; each
  /// starts its eigenvector calculation from the lowest mode.
  std::vector<StepOffSearch> searches;
  std::size_t gradient_calls = 0;  ///< energy+gradient evaluations of the whole step-off
  std::size_t index() const { return eigenvalues.size(); }
};

/// Steps off the stationary point saddle (of index two or more: otherwise nothing is done and the
/// result has fewer than two eigenvalues) along each of its negative Hessian modes, both signs,
/// by options.displacement; minimises every displaced structure by L-BFGS and runs a hybrid
/// eigenvector-following search from each displacement along a mode beyond the lowest.
HigherIndexStepOff step_off_higher_index(const CountingPotential& potential,
                                         std::span<const double> saddle,
                                         const StepOffOptions& options);

}  // namespace landscape::optim

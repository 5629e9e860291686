#pragma once
// Transition states from the candidates of a doubly-nudged elastic band: every image higher than
// both its neighbours is refined by hybrid eigenvector-following from its geometry, starting from
// the band's tangent there; the searches that end at a transition state are kept unless it is one
// known already (an earlier band's, say) or one found from an earlier image of this band. A lone
// NEWNEB and every band of NEWCONNECT refine their candidates this way.

#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

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

}  // namespace landscape::optim

#include "optim/ts_refinement.hpp"

#include "common/landscape/structure_metric.hpp"
#include "optim/counting_potential.hpp"

namespace landscape::optim {
namespace {

/// The fate of a converged search: known (asked first), a repeat of a new one, or new.
void classify(const StructureMetric& metric, const TransitionStateLookup& known,
              const TsRefinement& refinement, RefinedCandidate& c) {
  if (known) {
    if (const std::optional<std::size_t> k = known(c.search)) {
      c.fate = CandidateFate::kKnown;
      c.same_as = *k;
      return;
    }
  }
  for (std::size_t k = 0; k < refinement.new_states.size(); ++k) {
    const HefResult& other = refinement.transition_state(k);
    if (metric.same(c.search.x, c.search.energy, other.x, other.energy)) {
      c.fate = CandidateFate::kRepeat;
      c.same_as = k;
      return;
    }
  }
  c.fate = CandidateFate::kNew;
}

}  // namespace

TsRefinement refine_candidates(const CountingPotential& potential, const HefOptions& options,
                               bool cluster, const StructureMetric& metric, const DnebResult& band,
                               const TransitionStateLookup& known,
                               const CandidateObserver& observe) {
  TsRefinement refinement;
  refinement.candidates.reserve(band.candidates.size());
  for (const std::size_t i : band.candidates) {
    RefinedCandidate c;
    c.image = i;
    const std::size_t before = potential.counts().gradient;
    HybridEigenvectorFollowing hef(potential, options, cluster);
    c.search = hef.run(band.images[i], band.tangents[i - 1]);
    c.gradient_calls = potential.counts().gradient - before;
    if (c.search.converged()) classify(metric, known, refinement, c);
    refinement.candidates.push_back(std::move(c));
    if (refinement.candidates.back().fate == CandidateFate::kNew)
      refinement.new_states.push_back(refinement.candidates.size() - 1);
    if (observe) observe(refinement.candidates.back());
  }
  return refinement;
}

}  // namespace landscape::optim

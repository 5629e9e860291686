#include "optim/ts_refinement.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "common/landscape/structure_metric.hpp"
#include "common/linalg/symmetric_eigen.hpp"
#include "common/linalg/vector_ops.hpp"
#include "optim/counting_potential.hpp"
#include "optim/rayleigh_ritz.hpp"
#include "optim/zero_modes.hpp"

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

/// The negative Hessian eigenpairs at x into out (ascending), counted as normal_modes() counts
/// them: the zero modes of a cluster are the eigenvalues of smallest magnitude, and a value is
/// negative below -1e-8 max(1, |largest eigenvalue|). The eigenvectors have their zero-mode
/// components removed and unit length.
void negative_modes(const Potential& potential, std::span<const double> x,
                    const StepOffOptions& options, HigherIndexStepOff& out) {
  const std::size_t n = potential.n_dof();
  const SymmetricEigen eigen =
      symmetric_eigen(hessian_at(potential, x, options.numerical_hessian), n, true);
  const std::vector<double>& ev = eigen.values;
  const ZeroModes zero = options.cluster ? ZeroModes(x) : ZeroModes();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return std::abs(ev[a]) < std::abs(ev[b]); });
  std::vector<bool> is_zero(n, false);
  for (std::size_t k = 0; k < std::min(zero.count(), n); ++k) is_zero[order[k]] = true;
  double largest = 0.0;
  for (const double v : ev) largest = std::max(largest, std::abs(v));
  const double tolerance = 1e-8 * std::max(1.0, largest);
  for (std::size_t i = 0; i < n; ++i) {
    if (is_zero[i] || !(ev[i] < -tolerance)) continue;
    std::vector<double> v(eigen.vectors.begin() + static_cast<std::ptrdiff_t>(i * n),
                          eigen.vectors.begin() + static_cast<std::ptrdiff_t>((i + 1) * n));
    zero.project(v);
    const double norm = std::sqrt(dot(v, v));
    if (norm == 0.0) continue;
    for (double& c : v) c /= norm;
    out.eigenvalues.push_back(ev[i]);
    out.modes.push_back(std::move(v));
  }
}

}  // namespace

bool converged_to_higher_index(const HefResult& search) {
  return search.status == HefStatus::kWrongIndex && search.modes.n_negative >= 2;
}

HigherIndexStepOff step_off_higher_index(const CountingPotential& potential,
                                         std::span<const double> saddle,
                                         const StepOffOptions& options) {
  const std::size_t before = potential.counts().gradient;
  HigherIndexStepOff out;
  negative_modes(potential, saddle, options, out);
  if (out.index() >= 2) {
    const std::size_t n = saddle.size();
    auto displaced = [&](std::size_t mode, int sign) {
      std::vector<double> x(saddle.begin(), saddle.end());
      for (std::size_t i = 0; i < n; ++i) x[i] += sign * options.displacement * out.modes[mode][i];
      return x;
    };
    // Phase: each displaced structure minimised
    Lbfgs lbfgs(options.minimisation);
    for (std::size_t k = 0; k < out.index(); ++k)
      for (const int sign : {1, -1}) {
        StepOffMinimum m;
        m.x = displaced(k, sign);
        m.start = {k, sign, potential.energy(m.x)};
        const std::size_t b = potential.counts().gradient;
        m.result = lbfgs.minimize(potential, m.x);
        m.gradient_calls = potential.counts().gradient - b;
        out.minima.push_back(std::move(m));
      }
    // Phase: transition-state searches from the displacements along the extra modes, where the
    // lowest mode is still the one to climb
    for (std::size_t k = 1; k < out.index(); ++k)
      for (const int sign : {1, -1}) {
        StepOffSearch s;
        const std::vector<double> x = displaced(k, sign);
        s.start = {k, sign, potential.energy(x)};
        const std::size_t b = potential.counts().gradient;
        HybridEigenvectorFollowing hef(potential, options.search, options.cluster);
        s.search = hef.run(x, out.modes[0]);
        s.gradient_calls = potential.counts().gradient - b;
        out.searches.push_back(std::move(s));
      }
  }
  out.gradient_calls = potential.counts().gradient - before;
  return out;
}

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

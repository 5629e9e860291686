#pragma once
// Network landscapes shared by the regression tests: MLPdata text, weight vectors one value a line
// (odata after VARIABLES, finish), and minima reached from random weights.

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "common/ml/labelled_data.hpp"
#include "common/optimize/lbfgs.hpp"
#include "common/potentials/mlp.hpp"
#include "common/random/rng.hpp"

namespace landscape::testing {

/// MLPdata in MLPVB3's layout: the class, then the two features.
inline std::string mlp_data_text(const LabelledData& data) {
  std::string s;
  for (std::size_t i = 0; i < data.size(); ++i)
    s += fmt::format("{} {:.17g} {:.17g}\n", data.labels[i], data.x[2 * i], data.x[2 * i + 1]);
  return s;
}

/// One value a line, as optim reads weights after VARIABLES and in finish.
inline std::string values(const std::vector<double>& w) {
  std::string s;
  for (double v : w) s += fmt::format("{:.17g}\n", v);
  return s;
}

/// The minimum reached by L-BFGS from weights U(-1, 1) drawn from Rng(seed); empty if the
/// minimisation does not converge.
inline std::vector<double> minimum_from(const MlpLoss& loss, std::uint64_t seed, double& energy) {
  LbfgsOptions lo;
  lo.rms_tolerance = 1e-8;
  lo.max_iterations = 20000;
  Rng rng(seed);
  std::vector<double> w(loss.n_dof());
  for (double& v : w) v = rng.symmetric();
  const MinimizeResult r = Lbfgs(lo).minimize(loss, w);
  energy = r.energy;
  return r.converged() ? w : std::vector<double>{};
}

/// A minimum from the first seed from first_seed to 40 whose loss differs from e_other by more than
/// 1e-4 (so it is another minimum); empty if none does.
inline std::vector<double> another_minimum(const MlpLoss& loss, double e_other, std::uint64_t first_seed,
                                           double& energy) {
  for (std::uint64_t seed = first_seed; seed <= 40; ++seed) {
    std::vector<double> w = minimum_from(loss, seed, energy);
    if (!w.empty() && std::abs(energy - e_other) > 1e-4) return w;
  }
  return {};
}

}  // namespace landscape::testing

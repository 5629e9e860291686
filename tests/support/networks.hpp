#pragma once
// Network landscapes shared by the regression tests: MLPdata text, the spiral loss, weight vectors
// one value a line (odata after VARIABLES, finish), optim run between two of them, and minima
// reached from random weights.

#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "common/ml/datasets.hpp"
#include "common/ml/labelled_data.hpp"
#include "common/ml/mlp_data.hpp"
#include "common/optimize/lbfgs.hpp"
#include "common/potentials/mlp.hpp"
#include "common/random/rng.hpp"
#include "tests/support/test_paths.hpp"

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

/// The loss of an MLPVB3 2 1 3 2 network (17 weights) with regularisation lambda on the spiral
/// data set of items items, written to dir/MLPdata and read back as the programs read it.
inline MlpLoss spiral_loss(const std::filesystem::path& dir, std::size_t items, double lambda) {
  write_file(dir / "MLPdata", mlp_data_text(spiral(items, 0, 1).train));
  return MlpLoss(mlpvb3_shape(2, 3, 2),
                 read_mlp_data(dir / "MLPdata", MlpLayout::kMlpVb3, 2, 1, 2, items), lambda);
}

/// Runs optim in dir with odata = keywords followed by start's weights (keywords end with
/// VARIABLES) and finish holding finish's weights.
inline RunResult run_optim_between(const std::filesystem::path& dir, const std::string& keywords,
                                   const std::vector<double>& start,
                                   const std::vector<double>& finish) {
  write_file(dir / "odata", keywords + values(start));
  write_file(dir / "finish", values(finish));
  return run_program("optim", "", dir);
}

/// How many of a stationary point's Hessian eigenvalues are below -tolerance: its index.
inline int negative_eigenvalues(const std::vector<double>& eigenvalues, double tolerance = 0.0) {
  int n = 0;
  for (double v : eigenvalues) n += v < -tolerance;
  return n;
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
inline std::vector<double> another_minimum(const MlpLoss& loss, double e_other,
                                           std::uint64_t first_seed, double& energy) {
  for (std::uint64_t seed = first_seed; seed <= 40; ++seed) {
    std::vector<double> w = minimum_from(loss, seed, energy);
    if (!w.empty() && std::abs(energy - e_other) > 1e-4) return w;
  }
  return {};
}

}  // namespace landscape::testing

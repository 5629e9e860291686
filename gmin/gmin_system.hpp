#pragma once
// What gmin explores, built from the keywords: a Lennard-Jones cluster (atoms from `coords`), a
// periodic binary Lennard-Jones system (BINARY, PERIODIC, SHIFTCUT; atoms from `coords`) or a
// network loss landscape (MLP3 / MLPVB3 over `MLPdata`, weights from `coords` or seeded at random).

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/keywords/program_start.hpp"
#include "common/landscape/system.hpp"
#include "common/ml/labelled_data.hpp"
#include "common/ml/mlp_shape.hpp"
#include "common/potentials/potential.hpp"
#include "gmin/gmin_keywords.hpp"

namespace landscape {
class LennardJones;
class MlpLoss;
}  // namespace landscape

namespace landscape::gmin {

struct MlsupInputs;

/// The system of a run (made by the shared factory, make_system) and what gmin adds to it.
struct GminSystem {
  System system;                          ///< the potential and all that follows from its kind
  const LennardJones* cluster = nullptr;  ///< set for a cluster (angular moves, SORT)
  const MlpLoss* network = nullptr;       ///< set for a network (AUC reports)
  std::optional<LabelledData> test_data;  ///< MLPTESTDATA
  std::vector<double> start;              ///< start coordinates or weights
  double radius = 0.0;      ///< container radius (clusters), 0 for none (networks, bulk systems)
  std::string description;  ///< one line for the log
  /// AVOID's aligned distance between two structures: permutational alignment of clusters
  /// (avoid_cluster_distance), the minimum-image distance over a translation and permutations
  /// within each species of a bulk system, or over hidden-node permutations and sign flips of
  /// networks.
  std::function<double(std::span<const double>, std::span<const double>)> distance;
  /// MLMIN + MLSUP: the minima the meta-network (the potential) combines, and their data.
  std::shared_ptr<const MlsupInputs> mlsup;
};

/// Start weights of a network without `coords`: n values U(-1, 1) from a stream of RANSEED that
/// the basin-hopping steps do not replay.
std::vector<double> random_start_weights(std::size_t n, std::uint64_t ranseed);

/// The isomer-aligned distance of a network's weight vectors (AVOID).
std::function<double(std::span<const double>, std::span<const double>)> network_distance(
    const MlpShape& shape);

/// Builds the system of a run in dir; every problem (missing or malformed coords or MLPdata, a
/// weight count that does not match the network) is added to problems, citing the keyword's line.
GminSystem make_gmin_system(const GminOptions& options,
                            const keywords::KeywordTable<GminOptions>::Result& parsed,
                            const std::filesystem::path& dir, keywords::DiagnosticSink& problems);

}  // namespace landscape::gmin

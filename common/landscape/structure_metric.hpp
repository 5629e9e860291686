#pragma once
// How optim compares two structures of its system: the identity of stationary points (EDIFFTOL and
// GEOMDIFFTOL), the edge weights of DIJKSTRA and the end points of a band.
//  - clusters: the distance after overall translation and rotation; with PERMDIST also after
//    inversion and permutations of the atoms (permutational alignment, RANROT extra orientations);
//  - networks (MLP3, MLPVB3) with PERMDIST: the distance to the closest permutational isomer
//    (hidden nodes permuted and sign-flipped), otherwise the Euclidean distance in weight space;
//  - other systems (Mueller-Brown): the Euclidean distance.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/ml/mlp_shape.hpp"

namespace landscape {

/// What a StructureMetric compares.
struct StructureMetricSettings {
  bool atoms = false;           ///< the coordinates are atoms (x y z each)
  bool permutations = false;    ///< PERMDIST
  int random_orientations = 0;  ///< RANROT (clusters with PERMDIST)
  /// Groups of permutable atoms (0-based) from perm.allow; absent: all atoms are permutable.
  std::optional<std::vector<std::vector<std::size_t>>> groups;
  std::uint64_t seed = 1;            ///< of the random orientations
  std::optional<MlpShape> network;   ///< the network of MLP3/MLPVB3 (isomers with PERMDIST)
  double energy_tolerance = 1e-9;    ///< EDIFFTOL
  double distance_tolerance = 1e-3;  ///< GEOMDIFFTOL
};

/// A structure brought into closest coincidence with a reference.
struct AlignedStructure {
  std::vector<double> coords;
  double distance = 0.0;
};

/// Distances and identity of structures of one system.
class StructureMetric {
 public:
  explicit StructureMetric(StructureMetricSettings settings);

  /// The smallest distance between a and b over the symmetries in force.
  double distance(std::span<const double> a, std::span<const double> b) const;
  /// The copy of moving (same structure, relabelled/rotated/translated as allowed) closest to
  /// reference, and its distance.
  AlignedStructure align(std::span<const double> reference, std::span<const double> moving) const;
  /// Same stationary point: energies within EDIFFTOL (strictly) and distance below GEOMDIFFTOL.
  bool same(std::span<const double> a, double energy_a, std::span<const double> b,
            double energy_b) const;
  /// Same structure under overall translation and rotation only (clusters) or identical
  /// coordinates within GEOMDIFFTOL (other systems), energies within EDIFFTOL: tells a
  /// degenerate rearrangement (two permutational isomers) from no rearrangement at all.
  bool same_without_permutations(std::span<const double> a, double energy_a,
                                 std::span<const double> b, double energy_b) const;

  const StructureMetricSettings& settings() const { return settings_; }
  /// One line for the log.
  std::string description() const;

 private:
  StructureMetricSettings settings_;
};

}  // namespace landscape

#pragma once
// How optim compares two structures of its system: the identity of stationary points (EDIFFTOL and
// GEOMDIFFTOL), the edge weights of DIJKSTRA and the end points of a band.
//  - clusters: the distance after overall translation and rotation; with PERMDIST also after
//    inversion and permutations of the atoms (permutational alignment, RANROT extra orientations);
//  - networks (MLP3, MLPVB3) with PERMDIST: the distance to the closest permutational isomer
//    (hidden nodes permuted and sign-flipped), otherwise the Euclidean distance in weight space;
//  - bulk systems (atoms in a periodic box): the minimum-image distance after an overall
//    translation; with PERMDIST also after permutations within each group of identical atoms (the
//    species of a binary system, or the groups of perm.allow); no rotation, no inversion;
//  - other systems (Mueller-Brown): the Euclidean distance.

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/geometry/permutational_alignment.hpp"
#include "common/ml/mlp_shape.hpp"

namespace landscape {

/// What a StructureMetric compares.
struct StructureMetricSettings {
  bool atoms = false;  ///< the coordinates are atoms (x y z each)
  /// The periodic box of a bulk system (atoms): minimum-image distances, no rotation.
  std::optional<std::array<double, 3>> box;
  bool permutations = false;    ///< PERMDIST
  int random_orientations = 0;  ///< RANROT (clusters with PERMDIST)
  /// Groups of permutable atoms (0-based) from perm.allow; absent: all atoms are permutable.
  std::optional<std::vector<std::vector<std::size_t>>> groups;
  std::uint64_t seed = 1;            ///< of the random orientations
  std::optional<MlpShape> network;   ///< the network of MLP3/MLPVB3 (isomers with PERMDIST)
  double energy_tolerance = 1e-9;    ///< EDIFFTOL
  double distance_tolerance = 1e-3;  ///< GEOMDIFFTOL
  /// ITOL: principal moments of inertia must agree within this (clusters; a cheap filter checked
  /// before the alignment; never for a bulk system). Absent: not checked.
  std::optional<double> inertia_tolerance;
};

/// A structure as identity compares it: coordinates, energy and, for clusters, principal moments.
struct StructureView {
  std::span<const double> coords;
  double energy = 0.0;
  std::optional<std::array<double, 3>> inertia;  ///< compared under ITOL when both have them
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
  /// The one identity of the suite (gmin's DATABASE, optim, pathsample): the same stationary
  /// point when the energies agree within EDIFFTOL (strictly), the principal moments within ITOL
  /// (clusters, when set and both are given) and the aligned distance is below GEOMDIFFTOL. For a
  /// network the distance is to the closest isomer, so two minima stored in canonical form are
  /// compared correctly even when their canonical forms are far apart.
  bool same(const StructureView& a, const StructureView& b) const;
  /// same() without moments of inertia.
  bool same(std::span<const double> a, double energy_a, std::span<const double> b,
            double energy_b) const {
    return same(StructureView{a, energy_a, std::nullopt}, StructureView{b, energy_b, std::nullopt});
  }
  /// Same structure under overall translation and rotation only (clusters; translation only in a
  /// periodic box) or identical
  /// coordinates within GEOMDIFFTOL (other systems), energies within EDIFFTOL: tells a
  /// degenerate rearrangement (two permutational isomers) from no rearrangement at all.
  bool same_without_permutations(std::span<const double> a, double energy_a,
                                 std::span<const double> b, double energy_b) const;

  const StructureMetricSettings& settings() const { return settings_; }
  /// One line for the log.
  std::string description() const;

 private:
  /// The cluster alignment settings of these identity settings.
  ClusterAlignmentOptions cluster_options() const;
  StructureMetricSettings settings_;
};

/// Stored structures ordered by energy, to find the one that is the same as a new structure
/// (StructureMetric::same) among those within EDIFFTOL of its energy only.
class StructureIndex {
 public:
  /// Records stored structure id at energy.
  void add(double energy, std::size_t id) { by_energy_.emplace(energy, id); }
  /// The first id, in energy order, whose structure (view(id)) is the same as x under metric.
  std::optional<std::size_t> find(const StructureMetric& metric, const StructureView& x,
                                  const std::function<StructureView(std::size_t)>& view) const;
  std::size_t size() const { return by_energy_.size(); }

 private:
  std::multimap<double, std::size_t> by_energy_;
};

}  // namespace landscape

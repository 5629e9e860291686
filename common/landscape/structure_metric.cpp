#include "common/landscape/structure_metric.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "common/geometry/cluster_geometry.hpp"
#include "common/geometry/periodic_alignment.hpp"
#include "common/geometry/permutational_alignment.hpp"
#include "common/ml/network_isomers.hpp"

namespace landscape {
namespace {

/// The periodic alignment of a bulk system's metric.
PeriodicAlignmentOptions periodic_options(const StructureMetricSettings& s, bool permutations) {
  PeriodicAlignmentOptions o;
  o.box = *s.box;
  o.permutations = permutations;
  if (permutations && s.groups) {
    o.groups = *s.groups;
    if (o.groups.empty()) o.permutations = false;  // perm.allow lists no group
  }
  return o;
}

}  // namespace

StructureMetric::StructureMetric(StructureMetricSettings settings)
    : settings_(std::move(settings)) {}

AlignedStructure StructureMetric::align(std::span<const double> reference,
                                        std::span<const double> moving) const {
  AlignedStructure out;
  if (settings_.atoms && settings_.box) {
    PeriodicAlignment al =
        align_periodic(reference, moving, periodic_options(settings_, settings_.permutations));
    out.coords = std::move(al.aligned);
    out.distance = al.distance;
  } else if (settings_.atoms) {
    ClusterAlignment al = align_cluster(reference, moving, cluster_options());
    out.coords = std::move(al.aligned);
    out.distance = al.distance;
  } else if (settings_.network && settings_.permutations) {
    out.distance = landscape::aligned_distance(reference, moving, *settings_.network, &out.coords);
  } else {
    out.coords.assign(moving.begin(), moving.end());
    out.distance = euclidean_distance(reference, moving);
  }
  return out;
}

double StructureMetric::distance(std::span<const double> a, std::span<const double> b) const {
  if (!settings_.atoms && !(settings_.network && settings_.permutations))
    return euclidean_distance(a, b);
  return align(a, b).distance;
}

bool StructureMetric::same(const StructureView& a, const StructureView& b) const {
  if (!(std::abs(a.energy - b.energy) < settings_.energy_tolerance)) return false;
  if (settings_.inertia_tolerance && settings_.atoms && !settings_.box && a.inertia && b.inertia) {
    for (int k = 0; k < 3; ++k)
      if (!(std::abs((*a.inertia)[k] - (*b.inertia)[k]) < *settings_.inertia_tolerance))
        return false;
  }
  if (settings_.atoms && !settings_.box) {
    // Only whether some alignment comes within the tolerance matters: the search stops at the
    // first that does (the answer is the full search's, found sooner for the same structure).
    ClusterAlignmentOptions o = cluster_options();
    o.exact_tolerance = std::max(o.exact_tolerance, settings_.distance_tolerance);
    return align_cluster(a.coords, b.coords, o).distance < settings_.distance_tolerance;
  }
  return distance(a.coords, b.coords) < settings_.distance_tolerance;
}

ClusterAlignmentOptions StructureMetric::cluster_options() const {
  ClusterAlignmentOptions o;
  o.permutations = settings_.permutations;
  o.inversion = settings_.permutations;
  o.random_orientations = settings_.permutations ? settings_.random_orientations : 0;
  if (settings_.permutations && settings_.groups) {
    o.groups = *settings_.groups;
    if (o.groups.empty()) o.permutations = false;  // perm.allow lists no group: inversion only
  }
  o.seed = settings_.seed;
  return o;
}

std::optional<std::size_t> StructureIndex::find(
    const StructureMetric& metric, const StructureView& x,
    const std::function<StructureView(std::size_t)>& view) const {
  const double tol = metric.settings().energy_tolerance;
  for (auto it = by_energy_.lower_bound(x.energy - tol);
       it != by_energy_.end() && it->first <= x.energy + tol; ++it) {
    if (metric.same(x, view(it->second))) return it->second;
  }
  return std::nullopt;
}

bool StructureMetric::same_without_permutations(std::span<const double> a, double energy_a,
                                                std::span<const double> b, double energy_b) const {
  if (!(std::abs(energy_a - energy_b) < settings_.energy_tolerance)) return false;
  if (!settings_.atoms) return euclidean_distance(a, b) < settings_.distance_tolerance;
  if (settings_.box)
    return periodic_distance(a, b, periodic_options(settings_, false)) <
           settings_.distance_tolerance;
  ClusterAlignmentOptions o;
  o.permutations = false;
  o.inversion = false;
  return align_cluster(a, b, o).distance < settings_.distance_tolerance;
}

std::string StructureMetric::description() const {
  std::string what;
  if (settings_.atoms && settings_.box)
    what = fmt::format(
        "minimum-image distance in the {:g} x {:g} x {:g} box after an overall translation{}",
        (*settings_.box)[0], (*settings_.box)[1], (*settings_.box)[2],
        settings_.permutations
            ? fmt::format(" and permutations within {} (PERMDIST); no rotation",
                          settings_.groups ? fmt::format("each of the {} groups of identical atoms",
                                                         settings_.groups->size())
                                           : std::string("all the atoms"))
            : std::string(" (no permutations: PERMDIST not given); no rotation"));
  else if (settings_.atoms && settings_.permutations)
    what = fmt::format(
        "cluster distance after translation, rotation, inversion and permutations of {} (PERMDIST; "
        "{} random orientations, RANROT)",
        settings_.groups
            ? fmt::format("the atoms of the {} groups of perm.allow", settings_.groups->size())
            : std::string("all the atoms"),
        settings_.random_orientations);
  else if (settings_.atoms)
    what =
        "cluster distance after overall translation and rotation (no permutations: PERMDIST not "
        "given)";
  else if (settings_.network && settings_.permutations)
    what = "distance to the closest permutational isomer of the network (PERMDIST)";
  else
    what = "Euclidean distance";
  return fmt::format(
      "{}; the same stationary point when the energies differ by less than EDIFFTOL {:g} and the "
      "distance is below GEOMDIFFTOL {:g}{}",
      what, settings_.energy_tolerance, settings_.distance_tolerance,
      settings_.inertia_tolerance && settings_.atoms && !settings_.box
          ? fmt::format("; moments of inertia within {:g} (ITOL)", *settings_.inertia_tolerance)
          : "");
}

}  // namespace landscape

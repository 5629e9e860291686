#include "common/geometry/rigid_alignment.hpp"

#include <algorithm>
#include <stdexcept>

#include "common/geometry/permutational_alignment.hpp"

namespace landscape {
namespace {

ClusterAlignmentOptions rigid() {
  ClusterAlignmentOptions o;
  o.permutations = false;
  o.inversion = false;
  return o;
}

}  // namespace

double align_rigidly(std::span<const double> reference, std::span<double> moving) {
  if (reference.size() != moving.size() || reference.size() % 3 != 0)
    throw std::invalid_argument("align_rigidly: structures of different sizes");
  const ClusterAlignment al = align_cluster(reference, moving, rigid());
  std::copy(al.aligned.begin(), al.aligned.end(), moving.begin());
  return al.distance;
}

double aligned_distance(std::span<const double> a, std::span<const double> b) {
  return align_cluster(a, b, rigid()).distance;
}

}  // namespace landscape

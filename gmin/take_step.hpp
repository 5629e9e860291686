#pragma once
// Basin-hopping's step: for atomic clusters GMIN's uniform random Cartesian displacement of every
// atom with angular moves for weakly bound atoms (STEP step astep); for other systems (network
// weights) a uniform random displacement of every coordinate.

#include <span>
#include <vector>

#include "common/landscape/system.hpp"
#include "common/random/rng.hpp"

namespace landscape {
class LennardJones;
}

namespace landscape::gmin {

/// The move that suits a system: its kind (System::step_kind) and, for a cluster, the potential
/// that gives the atom binding energies of the angular moves (null turns them off).
struct StepMove {
  StepKind kind = StepKind::kCluster;
  const LennardJones* lj = nullptr;
};

/// Perturbs a structure in place.
class TakeStep {
 public:
  explicit TakeStep(StepMove move) : move_(move) {}

  /// kUniform: every coordinate moves by U(-1,1)*step (astep and radius are not used).
  /// kCluster: every coordinate moves by U(-1,1)*step, except the most weakly bound atom when its
  /// binding energy is above astep * (the lowest binding energy): that atom jumps instead to a
  /// random direction (GMIN's theta = U*pi, phi = U*2pi) at one unit beyond the outermost atom from
  /// the centre of mass. Atoms pushed outside the container (radius about the centre of mass, if
  /// radius > 0) are pulled back just inside it. Returns the number of angular moves made (0 or 1).
  int perturb(std::span<double> x, double step, double astep, double radius, Rng& rng);

  /// Random atoms uniform in the cube of half-side radius/sqrt(3) (GMIN's reseeding).
  static void random_cluster(std::span<double> x, double radius, Rng& rng);

 private:
  StepMove move_;
  std::vector<double> atom_energy_;
};

}  // namespace landscape::gmin

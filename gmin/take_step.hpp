#pragma once
// GMIN's step-taking for atomic clusters: a uniform random Cartesian displacement of every
// coordinate, and angular moves for weakly bound atoms (STEP step astep).

#include <span>
#include <vector>

#include "common/random/rng.hpp"

namespace landscape {
class LennardJones;
}

namespace landscape::gmin {

/// Perturbs a cluster in place.
class TakeStep {
 public:
  /// lj gives the atom binding energies for the angular moves; null turns them off (networks).
  explicit TakeStep(const LennardJones* lj) : lj_(lj) {}

  /// Every coordinate moves by U(-1,1)*step, except the most weakly bound atom when its binding
  /// energy is above astep * (the lowest binding energy): that atom jumps instead to a random
  /// direction (GMIN's theta = U*pi, phi = U*2pi) at one unit beyond the outermost atom from the
  /// centre of mass. Atoms pushed outside the container (radius about the centre of mass, if
  /// radius > 0) are pulled back just inside it. Returns the number of angular moves made (0 or 1).
  int perturb(std::span<double> x, double step, double astep, double radius, Rng& rng);

  /// Random atoms uniform in the cube of half-side radius/sqrt(3) (GMIN's reseeding).
  static void random_cluster(std::span<double> x, double radius, Rng& rng);

 private:
  const LennardJones* lj_;
  std::vector<double> atom_energy_;
};

}  // namespace landscape::gmin
